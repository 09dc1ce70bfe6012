/** What the doctor reports: findings, each with a severity, the person or object, the evidence and the fix. */

export type Severity = "error" | "warning" | "info";

/** The checks, one per kind of problem. */
export type CheckName =
    | "cannot-sign-in"
    | "stale-access"
    | "orphan-user"
    | "orphan-group"
    | "group-missing-in-aws"
    | "permission-set-drift"
    | "assignment-drift"
    | "certificate-expiry"
    | "scim-token-age"
    | "idp-metadata-stale"
    | "check-skipped";

export interface Finding {
    check: CheckName;
    severity: Severity;
    /** The person or object: `user alice@example.com`, `group aws-admins`, `permission set Administrator`. */
    subject: string;
    /** What was read that shows the problem. */
    evidence: string;
    /** What to do about it. */
    fix: string;
}

/** A group membership in Identity Center that authentik no longer has: what `--fix-stale-access` removes. */
export interface StaleMembership {
    membershipId: string;
    groupId: string;
    groupName: string;
    userId: string;
    userName: string;
    /** `PermissionSet in 111111111111` the membership still grants, from the access matrix. */
    access: string[];
}

/** Exit codes of `npm run doctor`. */
export const EXIT = { healthy: 0, errors: 1, cannotRun: 2 } as const;

/** Why the doctor cannot run at all: names what is missing (token, permission, endpoint). */
export class DoctorCannotRun extends Error {
    constructor(
        readonly missing: string,
        readonly fix: string,
    ) {
        super(`cannot run: ${missing}. Fix: ${fix}`);
        this.name = "DoctorCannotRun";
    }
}

const ORDER: { [S in Severity]: number } = { error: 0, warning: 1, info: 2 };

/** Errors first, then by check and subject: the same state always prints the same report. */
export function sortFindings(findings: Finding[]): Finding[] {
    return [...findings].sort(
        (a, b) =>
            ORDER[a.severity] - ORDER[b.severity] ||
            a.check.localeCompare(b.check) ||
            a.subject.localeCompare(b.subject) ||
            a.evidence.localeCompare(b.evidence),
    );
}

export function exitCodeOf(findings: readonly Finding[]): number {
    return findings.some((f) => f.severity === "error") ? EXIT.errors : EXIT.healthy;
}

export function formatFinding(f: Finding): string {
    return `${f.severity.toUpperCase().padEnd(7)} ${f.check}  ${f.subject}\n        evidence: ${f.evidence}\n        fix: ${f.fix}`;
}

export function formatReport(findings: readonly Finding[]): string {
    const count = (s: Severity) => findings.filter((f) => f.severity === s).length;
    const head = `doctor: ${count("error")} error(s), ${count("warning")} warning(s), ${count("info")} note(s)`;
    return [head, ...findings.map(formatFinding)].join("\n");
}
