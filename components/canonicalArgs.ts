import { AssignmentArgs, AwsIdentityCenterFederationArgs, PermissionSetArgs } from "./args";
import { inlinePolicyText } from "./deprecations";
import { compareText, PlannedAssignment, planAssignments, targetsByOrganization } from "./aws/assignmentPlan";

function sortedUnique(xs: readonly string[] | undefined): string[] | undefined {
    return xs === undefined ? undefined : [...new Set(xs)].sort(compareText);
}

/**
 * The component's arguments in one canonical form: lists whose order carries no meaning are sorted and de-duplicated,
 * and assignments are regrouped per (principal, permission set) with sorted accounts.
 *
 * Why: since @pulumi/pulumi 3.202 a component's inputs are saved in state and diffed, so registering the arguments
 * as written would make `pulumi preview` show `~ update` on the component after a mere reordering of the stack file.
 * Objects need no care (the engine compares property maps, not key order). Expects validated arguments.
 */
export function canonicalArgs(args: AwsIdentityCenterFederationArgs): AwsIdentityCenterFederationArgs {
    const out: AwsIdentityCenterFederationArgs = { ...args };
    if (args.authentik?.scimGroups !== undefined) {
        out.authentik = { ...args.authentik, scimGroups: sortedUnique(args.authentik.scimGroups) };
    }
    if (args.permissionSets !== undefined) {
        out.permissionSets = Object.fromEntries(
            Object.entries(args.permissionSets).map(([name, ps]): [string, PermissionSetArgs] => {
                const canonical: PermissionSetArgs = { ...ps };
                if (ps.managedPolicies !== undefined) canonical.managedPolicies = sortedUnique(ps.managedPolicies);
                if (ps.inlinePolicy !== undefined) canonical.inlinePolicy = inlinePolicyText(ps.inlinePolicy);
                if (ps.customerManagedPolicies !== undefined) {
                    const byKey = new Map(
                        ps.customerManagedPolicies.map((r) => [`${r.path ?? "/"}${r.name}`, { name: r.name, path: r.path ?? "/" }]),
                    );
                    canonical.customerManagedPolicies = [...byKey.keys()].sort(compareText).map((k) => byKey.get(k)!);
                }
                return [name, canonical];
            }),
        );
    }
    if (args.assignments !== undefined) out.assignments = canonicalAssignmentArgs(args.assignments);
    return out;
}

/** A plan regrouped into assignments per (principal, permission set), sorted, with sorted distinct accounts. */
export function canonicalAssignments(plan: readonly PlannedAssignment[]): AssignmentArgs[] {
    const grouped = new Map<string, AssignmentArgs>();
    for (const a of plan) {
        const key = JSON.stringify([a.principalType, a.principal, a.permissionSet]);
        let entry = grouped.get(key);
        if (entry === undefined) {
            entry = {
                ...(a.principalType === "GROUP" ? { group: a.principal } : { user: a.principal }),
                permissionSet: a.permissionSet,
                accounts: [],
            };
            grouped.set(key, entry);
        }
        entry.accounts!.push(a.accountId); // planAssignments is sorted and distinct: accounts come sorted
    }
    return [...grouped.values()];
}

/**
 * Assignments in an order-free form: those by account ID regrouped per (principal, permission set) with sorted
 * distinct accounts; those by OU, tag or name kept as rules (they are resolved at every run), lists sorted.
 */
export function canonicalAssignmentArgs(assignments: readonly AssignmentArgs[]): AssignmentArgs[] {
    const direct = canonicalAssignments(planAssignments(assignments.filter((x) => !targetsByOrganization(x))));
    const targeted = assignments.filter(targetsByOrganization).map((a) => {
        const c: AssignmentArgs = { ...a };
        for (const k of ["accounts", "organizationalUnits", "accountNames"] as const) if (a[k] !== undefined) c[k] = sortedUnique(a[k]);
        return c;
    });
    const sortKey = (a: AssignmentArgs) =>
        JSON.stringify(
            Object.keys(a)
                .sort(compareText)
                .map((k) => [k, k === "accountTags" ? Object.entries(a.accountTags ?? {}).sort() : a[k as keyof AssignmentArgs]]),
        );
    const byJson = new Map(targeted.map((a) => [sortKey(a), a]));
    return [...direct, ...[...byJson.keys()].sort(compareText).map((k) => byJson.get(k)!)];
}
