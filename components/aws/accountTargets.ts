/**
 * Account targeting beyond account IDs: organizational units, account tags and account names, resolved against the
 * organization's data. Pure: the lookups that produce {@link OrganizationData} live in `organizationLookups.ts`.
 *
 * AWS Organizations facts used (Organizations API reference): OU IDs are `ou-<4–32 root chars>-<8–32 chars>`, root
 * IDs `r-<4–32 chars>` (ParentId pattern); an account's `State` is ACTIVE, SUSPENDED, PENDING_CLOSURE or CLOSED
 * (the older `Status` field has ACTIVE, SUSPENDED, PENDING_CLOSURE).
 */
import { AssignmentArgs } from "../args";
import { Problem } from "../problems";
import { ROOT_ID } from "../../policy/rules/awsLimits";
import { ACCOUNTS_RULE, AccountResolver, compareText, PlannedAssignment, planAssignments, targetsByOrganization } from "./assignmentPlan";

export interface OrgAccount {
    id: string;
    name: string;
    /** `state` of @pulumi/aws ≥ 7 (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED), else the deprecated `status`. */
    state: string;
}

/** One Organizations lookup of an OU's accounts: the descendant accounts (nested) or the child accounts only. */
export interface OuLookup {
    parentId: string;
    nested: boolean;
}

/** What has to be looked up for a set of assignments: each distinct thing once. */
export interface TargetLookups {
    /** `getOrganization`: needed for names, tags and root IDs. */
    organization: boolean;
    /** Distinct OU lookups, sorted. */
    ous: OuLookup[];
    /** Account tags of every active account (only when some assignment filters by tag). */
    tags: boolean;
}

export interface OrganizationData {
    /** All accounts of the organization (from getOrganization), when it was looked up. */
    accounts?: OrgAccount[];
    /** Root IDs (from getOrganization). */
    roots?: string[];
    /**
     * Accounts per OU lookup (key {@link ouLookupKey}); `{ error }` when the lookup failed (e.g. no such OU). Plain
     * objects, not Maps: the data travels through a Pulumi Output, which copies plain data only.
     */
    ous: { readonly [lookupKey: string]: OrgAccount[] | { error: string } };
    /** Account ID → tags, for the active accounts, when a tag filter is used. */
    tags?: { readonly [accountId: string]: { [key: string]: string } };
}

export function ouLookupKey(l: OuLookup): string {
    return `${l.parentId}${l.nested ? "" : " (direct)"}`;
}

function isActive(a: OrgAccount): boolean {
    return a.state === "ACTIVE";
}

/** The distinct lookups the assignments need. Expects validated assignments. */
export function targetLookups(assignments: readonly AssignmentArgs[] | undefined): TargetLookups {
    const ous = new Map<string, OuLookup>();
    let organization = false;
    let tags = false;
    for (const a of assignments ?? []) {
        for (const parentId of a.organizationalUnits ?? []) {
            const l = { parentId, nested: a.includeNestedOus ?? true };
            ous.set(ouLookupKey(l), l);
            if (ROOT_ID.test(parentId)) organization = true;
        }
        if (a.accountNames !== undefined) organization = true;
        if (a.accountTags !== undefined) organization = tags = true;
    }
    return { organization, ous: [...ous.keys()].sort(compareText).map((k) => ous.get(k)!), tags };
}

function tagRule(tags: { [key: string]: string }): string {
    return `accountTags: ${Object.keys(tags)
        .sort(compareText)
        .map((k) => `${k}=${tags[k]}`)
        .join(",")}`;
}

/**
 * The plan with organization targets resolved: every selected active account, keyed by account ID exactly like an
 * explicitly listed one, so moving an account into an OU adds only its assignments. Problems: an OU that could not
 * be looked up or a root that is not the organization's (errors naming it), an account name that names no account
 * or several (error), a name that names a suspended or closed account (warning), a tag filter that matches nothing
 * (warning). Expects validated assignments.
 */
export function planWithTargets(
    assignments: readonly AssignmentArgs[] | undefined,
    org: OrganizationData,
): { plan: PlannedAssignment[]; problems: Problem[] } {
    const problems: Problem[] = [];
    const byName = new Map<string, OrgAccount[]>();
    for (const acc of org.accounts ?? []) byName.set(acc.name, [...(byName.get(acc.name) ?? []), acc]);
    const resolve: AccountResolver = (a, i) => {
        const base = `assignments[${i}]`;
        const selected = new Map<string, string[]>();
        const add = (id: string, rule: string) => selected.set(id, [...(selected.get(id) ?? []), rule]);
        for (const id of a.accounts ?? []) add(id, ACCOUNTS_RULE);
        if (!targetsByOrganization(a)) return selected;
        const nested = a.includeNestedOus ?? true;
        (a.organizationalUnits ?? []).forEach((parentId, j) => {
            const field = `${base}.organizationalUnits[${j}]`;
            if (ROOT_ID.test(parentId) && org.roots !== undefined && !org.roots.includes(parentId)) {
                problems.push({
                    field,
                    value: parentId,
                    severity: "error",
                    rule:
                        `AWS Organizations: ${parentId} is not this organization's ` +
                        `root (its root is ${org.roots.join(", ") || "unknown"})`,
                    fix: `use ${org.roots[0] ?? "the root ID from the AWS Organizations console"}`,
                });
                return;
            }
            const lookupKey = ouLookupKey({ parentId, nested });
            const found = Object.hasOwn(org.ous, lookupKey) ? org.ous[lookupKey] : undefined;
            if (found === undefined || !Array.isArray(found)) {
                const why = found === undefined ? "was not looked up" : found.error;
                problems.push({
                    field,
                    value: parentId,
                    severity: "error",
                    rule: `AWS Organizations: the organizational unit ${parentId} does not exist or cannot be read (${why})`,
                    fix:
                        "copy the OU ID from AWS Organizations → AWS accounts, and run the stack " +
                        "with credentials of the management account or a delegated administrator",
                });
                return;
            }
            const rule = `organizationalUnits: ${parentId}${nested ? "" : " (direct)"}`;
            for (const acc of found) if (isActive(acc)) add(acc.id, rule);
        });
        if (a.accountTags !== undefined) {
            const want = Object.entries(a.accountTags);
            const rule = tagRule(a.accountTags);
            let matched = 0;
            for (const acc of (org.accounts ?? []).filter(isActive)) {
                const tags = org.tags !== undefined && Object.hasOwn(org.tags, acc.id) ? org.tags[acc.id] : {};
                if (want.every(([k, v]) => Object.hasOwn(tags, k) && tags[k] === v)) {
                    add(acc.id, rule);
                    matched++;
                }
            }
            if (matched === 0) {
                problems.push({
                    field: `${base}.accountTags`,
                    value: a.accountTags,
                    severity: "warning",
                    rule: "AWS Organizations: no active account carries all of these tags, so this filter selects nothing",
                    fix: "check the tag keys and values (they are case-sensitive) in AWS Organizations → the account → Tags",
                });
            }
        }
        (a.accountNames ?? []).forEach((accountName, j) => {
            const field = `${base}.accountNames[${j}]`;
            const matches = byName.get(accountName) ?? [];
            if (matches.length !== 1) {
                const close = [...byName.keys()].filter((n) => n.toLowerCase() === accountName.toLowerCase());
                problems.push({
                    field,
                    value: accountName,
                    severity: "error",
                    rule:
                        matches.length === 0
                            ? "AWS Organizations: no account has this name"
                            : `AWS Organizations: ${matches.length} accounts have this name (${matches.map((m) => m.id).join(", ")})`,
                    fix:
                        matches.length > 0
                            ? "list the account ID in accounts instead"
                            : close.length > 0
                              ? `did you mean "${close[0]}"? Names are case-sensitive`
                              : "use the name AWS Organizations shows, or the account ID in accounts",
                });
            } else if (!isActive(matches[0])) {
                problems.push({
                    field,
                    value: accountName,
                    severity: "warning",
                    rule: `AWS Organizations: account ${matches[0].id} is ${matches[0].state}, so it is not selected`,
                    fix: "remove the name once the account is closed for good",
                });
            } else {
                add(matches[0].id, `accountNames: ${accountName}`);
            }
        });
        return selected;
    };
    const plan = planAssignments(assignments, resolve);
    return { plan, problems };
}
