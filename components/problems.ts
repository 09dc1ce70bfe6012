/**
 * A problem found in the component's arguments. Every problem names the field, the value it saw, the rule it
 * broke and how to fix it, so one error message is enough to correct the whole configuration.
 */
export interface Problem {
    /** Path of the argument, e.g. `permissionSets.Admin.sessionDuration` or `assignments[2].accounts[0]`. */
    field: string;
    /** The offending value (rendered with JSON.stringify in messages, cut to a readable length). */
    value: unknown;
    /** The value as the message shows it, when JSON would misrepresent it (`.inf`, a size, "(hidden)" for a secret). */
    shown?: string;
    /** The rule that was broken, with its source where it is an AWS or authentik rule. */
    rule: string;
    /** What to do about it. */
    fix: string;
    /** `error` blocks the deployment; `warning` is logged. Default `error`. */
    severity?: "error" | "warning";
}

/** Longest value, field or echoed name a message shows; longer ones are cut with their length given. */
export const MAX_SHOWN = 120;

/** `text` cut to {@link MAX_SHOWN} characters, saying how long it was. */
export function clip(text: string, max = MAX_SHOWN): string {
    return text.length > max ? `${text.slice(0, max - 30)}… (${text.length} characters)` : text;
}

function renderValue(p: Problem): string {
    if (p.shown !== undefined) return clip(p.shown);
    const value = p.value;
    if (value === undefined) return "(not set)";
    // JSON shows these as null, which is not what the user wrote.
    if (typeof value === "number" && !Number.isFinite(value)) return String(value);
    if (typeof value === "string" && value.length > MAX_SHOWN) return JSON.stringify(clip(value)).replace(/\\"/g, '"');
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return clip(text);
}

/** Cuts the echoed value and every long run without spaces (a pasted document) in a rule or fix. */
function clipEchoes(text: string, value: unknown): string {
    let out = text;
    if (typeof value === "string" && value.length > MAX_SHOWN) out = out.split(value).join(clip(value));
    return out.replace(/[^\s]{121,}/g, (run) => clip(run));
}

/** One problem as a single readable line. */
export function formatProblem(p: Problem): string {
    return `${clip(p.field)} = ${renderValue(p)}: ${clipEchoes(p.rule, p.value)}. Fix: ${clipEchoes(p.fix, p.value)}`;
}

export function errorsOf(problems: Problem[]): Problem[] {
    return problems.filter((p) => (p.severity ?? "error") === "error");
}

export function warningsOf(problems: Problem[]): Problem[] {
    return problems.filter((p) => p.severity === "warning");
}

/** Thrown before any resource is registered when the arguments have at least one error. Lists all of them. */
export class FederationValidationError extends Error {
    readonly problems: Problem[];
    constructor(componentName: string, problems: Problem[]) {
        const lines = problems.map((p, i) => `  ${i + 1}. ${formatProblem(p)}`);
        super(
            `AwsIdentityCenterFederation "${componentName}" has ${problems.length} invalid ` +
                `argument${problems.length === 1 ? "" : "s"}; nothing was created:\n${lines.join("\n")}`,
        );
        this.name = "FederationValidationError";
        this.problems = problems;
    }
}
