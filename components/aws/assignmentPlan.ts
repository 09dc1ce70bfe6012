import { AssignmentArgs, PrincipalType } from "../args";

export type { PrincipalType };

/** One account assignment the component creates: a principal gets a permission set in one account. */
export interface PlannedAssignment {
    principalType: PrincipalType;
    /** Group display name or user userName. */
    principal: string;
    permissionSet: string;
    accountId: string;
    /**
     * `[principalType, principal, permissionSet, accountId]`: the assignment's identity, for its logical name.
     * Every AccountAssignment input forces replacement (AWS CreateAccountAssignment has no update; the
     * Terraform/Pulumi AccountAssignment marks every input ForceNew), so the name must come from these keys only,
     * never from list positions or computed IDs.
     */
    key: string[];
    /**
     * The rules of the assignments that selected this account, sorted: `accounts`, `organizationalUnits: ou-…`,
     * `accountTags: key=value,…`, `accountNames: Name`. Not part of the key: an account selected by another rule is
     * the same assignment.
     */
    selectedBy: string[];
}

/** The rule name of an explicitly listed account. */
export const ACCOUNTS_RULE = "accounts";

/**
 * The accounts one assignment selects, each with the rules that selected it. The default reads `accounts` only;
 * `accountTargets.ts` resolves organizational units, tags and names from the organization's data.
 */
export type AccountResolver = (assignment: AssignmentArgs, index: number) => ReadonlyMap<string, readonly string[]>;

/** Whether an assignment selects accounts by organization data (OU, tag or name), which needs lookups to resolve. */
export function targetsByOrganization(a: AssignmentArgs): boolean {
    return a.organizationalUnits !== undefined || a.accountTags !== undefined || a.accountNames !== undefined;
}

function listedAccounts(a: AssignmentArgs, i: number): Map<string, string[]> {
    if (targetsByOrganization(a)) {
        throw new Error(
            `assignments[${i}] selects accounts by organizational unit, tag or name: ` +
                `resolve them with the organization's data first (accountTargets.ts)`,
        );
    }
    return new Map((a.accounts ?? []).map((id) => [id, [ACCOUNTS_RULE]]));
}

/** A principal named by at least one assignment. */
export interface PlannedPrincipal {
    principalType: PrincipalType;
    principal: string;
}

/**
 * Plain code-unit comparison: the order must not depend on the machine's locale (unlike `localeCompare`),
 * otherwise two machines could plan the same input differently.
 */
export function compareText(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

function compareKeys(a: readonly string[], b: readonly string[]): number {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
        const c = compareText(a[i], b[i]);
        if (c !== 0) return c;
    }
    return a.length - b.length;
}

/**
 * One entry per distinct (principalType, principal, permissionSet, accountId), sorted by those keys. Input order
 * and repetitions do not matter, so reordering `assignments` changes nothing and adding an account only adds
 * entries. AWS does not reject duplicate assignments and the provider fails on them with "already exists"
 * (the AWS provider pre-checks and fails a duplicate with "already exists"), hence the de-duplication.
 *
 * Expects validated input: an entry with both or neither of `group`/`user` throws.
 */
export function planAssignments(
    assignments: readonly AssignmentArgs[] | undefined,
    resolve: AccountResolver = listedAccounts,
): PlannedAssignment[] {
    const byKey = new Map<string, PlannedAssignment>();
    (assignments ?? []).forEach((a, i) => {
        const hasGroup = a.group !== undefined;
        const hasUser = a.user !== undefined;
        if (hasGroup === hasUser) {
            throw new Error(`assignments[${i}] must name exactly one of "group" or "user" (validate the arguments first)`);
        }
        const principalType: PrincipalType = hasGroup ? "GROUP" : "USER";
        const principal = (hasGroup ? a.group : a.user) as string;
        for (const [accountId, rules] of resolve(a, i)) {
            const key = [principalType, principal, a.permissionSet, accountId];
            // JSON of the tuple is an unambiguous map key whatever characters the names contain.
            const id = JSON.stringify(key);
            const selectedBy = [...new Set([...(byKey.get(id)?.selectedBy ?? []), ...rules])].sort(compareText);
            byKey.set(id, { principalType, principal, permissionSet: a.permissionSet, accountId, key, selectedBy });
        }
    });
    return [...byKey.values()].sort((x, y) => compareKeys(x.key, y.key));
}

/**
 * The distinct principals the assignments name, whatever accounts they resolve to (an OU that is empty today
 * still needs its principal tomorrow). Sorted like {@link distinctPrincipals}. Expects validated input.
 */
export function assignmentPrincipals(assignments: readonly AssignmentArgs[] | undefined): PlannedPrincipal[] {
    return distinctPrincipals(
        (assignments ?? []).map((a) => ({
            principalType: a.group !== undefined ? "GROUP" : "USER",
            principal: (a.group ?? a.user) as string,
        })),
    );
}

/** The distinct principals of a plan, sorted by type then name (groups before users). */
export function distinctPrincipals(plan: readonly PlannedPrincipal[]): PlannedPrincipal[] {
    const seen = new Map<string, PlannedPrincipal>();
    for (const p of plan) {
        seen.set(JSON.stringify([p.principalType, p.principal]), { principalType: p.principalType, principal: p.principal });
    }
    return [...seen.values()].sort((a, b) => compareKeys([a.principalType, a.principal], [b.principalType, b.principal]));
}

/**
 * The inline policy as the compact JSON text sent to AWS. Whitespace and formatting of a JSON string do not matter
 * (re-indenting a stack file changes nothing); key order is the user's, as `JSON.parse`/`JSON.stringify` keep it.
 * Throws when the text is not JSON or the object cannot be serialised (validation reports that first).
 */
export function normaliseInlinePolicy(policy: string | object): string {
    const value: unknown = typeof policy === "string" ? JSON.parse(policy) : policy;
    const text = JSON.stringify(value);
    if (text === undefined) throw new Error("the inline policy cannot be serialised to JSON");
    return text;
}

/**
 * The authentik groups the SCIM provider pushes to Identity Center (its `groupFilters`), sorted and distinct: every
 * group an assignment names, except the groups declared in `principalIds.externalGroups` (managed outside
 * authentik, e.g. by Control Tower: pushing a same-named group would collide), plus `authentik.scimGroups`.
 * Pinning a group's ID does not change this. The wiring and the "assigned group is never pushed" rule both use this
 * one definition.
 */
export function scimGroupFilters(args: {
    assignments?: readonly AssignmentArgs[];
    authentik?: { scimGroups?: readonly string[] };
    principalIds?: { externalGroups?: readonly string[] };
}): string[] {
    const external = new Set(Array.isArray(args.principalIds?.externalGroups) ? args.principalIds!.externalGroups! : []);
    const groups = new Set<string>();
    for (const a of Array.isArray(args.assignments) ? args.assignments : []) {
        if (typeof a?.group === "string" && !external.has(a.group)) groups.add(a.group);
    }
    for (const g of Array.isArray(args.authentik?.scimGroups) ? args.authentik!.scimGroups! : []) {
        if (typeof g === "string") groups.add(g);
    }
    return [...groups].sort(compareText);
}
