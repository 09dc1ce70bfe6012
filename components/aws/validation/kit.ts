/**
 * What every AWS-side validator shares: the rule sources every message cites, the collector of problems, and small
 * helpers for paths and characters.
 */
import { Problem } from "../../problems";

// Rule sources, named once so every message cites them the same way.
export const CREATE_PERMISSION_SET = "AWS CreatePermissionSet";
export const ATTACH_MANAGED = "AWS AttachManagedPolicyToPermissionSet";
export const ATTACH_CUSTOMER_MANAGED = "AWS AttachCustomerManagedPolicyReferenceToPermissionSet";
export const PUT_INLINE = "AWS PutInlinePolicyToPermissionSet";
export const PUT_BOUNDARY = "AWS PutPermissionsBoundaryToPermissionSet";
export const QUOTAS = "IAM Identity Center quotas";
export const CREATE_ASSIGNMENT = "AWS CreateAccountAssignment";
export const IDENTITY_STORE = "AWS Identity Store API";

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

/** `base.key` when the key reads as an identifier, `base["key"]` otherwise (names may hold dots or spaces). */
export function fieldPath(base: string, key: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

export function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function hasOwn(obj: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The first character `allowed` rejects, described for a message: `"😀" (U+1F600) at position 4`. */
export function firstBadCharacter(text: string, allowed: RegExp): string | undefined {
    let position = 0;
    for (const ch of text) {
        if (!allowed.test(ch)) {
            const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
            return `${JSON.stringify(ch)} (U+${code}) at position ${position}`;
        }
        position += ch.length;
    }
    return undefined;
}

export function typeName(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

export class Problems {
    readonly list: Problem[] = [];
    error(field: string, value: unknown, rule: string, fix: string): void {
        this.list.push({ field, value, rule, fix, severity: "error" });
    }
    warning(field: string, value: unknown, rule: string, fix: string): void {
        this.list.push({ field, value, rule, fix, severity: "warning" });
    }
    /** Reports a wrong type and returns false, so callers can skip the checks that need the right type. */
    expectString(field: string, value: unknown, rule: string): value is string {
        if (typeof value === "string") return true;
        this.error(field, value, `${rule} (must be a string, got ${typeName(value)})`, "give the value as a string (quote it in YAML)");
        return false;
    }
}

/**
 * Names with leading or trailing whitespace: authentik keeps the name as typed and Identity Center matches it exactly,
 * so " aws-admins" and "aws-admins" are two groups, one of which nobody meant. Refused, with the trimmed name.
 */
export function untrimmedName(p: Problems, field: string, name: string, what: string): boolean {
    if (name.trim() === name || name.trim() === "") return false;
    p.error(
        field,
        name,
        `a ${what} name has no leading or trailing whitespace (Identity Center ` +
            `matches names exactly, so the spaces would make it a different ${what})`,
        `write it as ${JSON.stringify(name.trim())}`,
    );
    return true;
}
