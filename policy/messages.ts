/**
 * Violation messages in the team's one shape (the same as components/problems.ts `formatProblem`, re-stated
 * here so the pack stays self-contained): which resource, which field, the value seen, the rule broken and the fix.
 */
import { isUnknown } from "./unknowns";
import { shortType } from "./resourceTypes";

export interface Subject {
    type: string;
    /** Pulumi logical name. */
    name: string;
    /** The resource's own `name` property (e.g. the authentik object name), if any. */
    displayName?: unknown;
}

export function renderValue(value: unknown): string {
    if (isUnknown(value)) return "(unknown during preview)";
    if (value === undefined) return "(not set)";
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** `ProviderScim "aws-scim"` or `ProviderScim "aws-scim" (authentik name "AWS (SCIM)")`. */
export function label(s: Subject): string {
    const base = `${shortType(s.type)} "${s.name}"`;
    return typeof s.displayName === "string" && s.displayName !== s.name ? `${base} (name "${s.displayName}")` : base;
}

export interface ViolationText {
    subject: Subject;
    field: string;
    value: unknown;
    rule: string;
    fix: string;
}

export function violation(v: ViolationText): string {
    return `${label(v.subject)}: ${v.field} = ${renderValue(v.value)}: ${v.rule}. Fix: ${v.fix}`;
}
