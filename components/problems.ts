/**
 * A problem found in the component's arguments. Every problem names the field, the value it saw, the rule it
 * broke and how to fix it, so one error message is enough to correct the whole configuration.
 */
export interface Problem {
    /** Path of the argument, e.g. `permissionSets.Admin.sessionDuration` or `assignments[2].accounts[0]`. */
    field: string;
    /** The offending value (rendered with JSON.stringify in messages). */
    value: unknown;
    /** The rule that was broken, with its source where it is an AWS or authentik rule. */
    rule: string;
    /** What to do about it. */
    fix: string;
    /** `error` blocks the deployment; `warning` is logged. Default `error`. */
    severity?: "error" | "warning";
}

function renderValue(value: unknown): string {
    if (value === undefined) return "(not set)";
    const text = JSON.stringify(value);
    if (text === undefined) return String(value);
    return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** One problem as a single readable line. */
export function formatProblem(p: Problem): string {
    return `${p.field} = ${renderValue(p.value)}: ${p.rule}. Fix: ${p.fix}`;
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
            `AwsIdentityCenterFederation "${componentName}" has ${problems.length} invalid argument${problems.length === 1 ? "" : "s"}; nothing was created:\n${lines.join("\n")}`,
        );
        this.name = "FederationValidationError";
        this.problems = problems;
    }
}
