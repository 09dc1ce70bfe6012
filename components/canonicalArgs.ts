import { AssignmentArgs, AwsIdentityCenterFederationArgs, PermissionSetArgs } from "./args";
import { compareText, planAssignments, targetsByOrganization } from "./aws/assignmentPlan";

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
                if (ps.customerManagedPolicies !== undefined) {
                    const byKey = new Map(ps.customerManagedPolicies.map((r) => [`${r.path ?? "/"}${r.name}`, { name: r.name, path: r.path ?? "/" }]));
                    canonical.customerManagedPolicies = [...byKey.keys()].sort(compareText).map((k) => byKey.get(k)!);
                }
                return [name, canonical];
            }),
        );
    }
    if (args.assignments !== undefined) {
        const grouped = new Map<string, AssignmentArgs>();
        for (const a of planAssignments(args.assignments.filter((x) => !targetsByOrganization(x)))) {
            const key = JSON.stringify([a.principalType, a.principal, a.permissionSet]);
            const entry = grouped.get(key) ?? {
                ...(a.principalType === "GROUP" ? { group: a.principal } : { user: a.principal }),
                permissionSet: a.permissionSet,
                accounts: [],
            };
            entry.accounts!.push(a.accountId); // planAssignments is sorted and distinct: accounts come sorted
            grouped.set(key, entry);
        }
        // Assignments by OU, tag or name stay rules (they are resolved at every run), with their lists sorted.
        const targeted = args.assignments.filter(targetsByOrganization).map((a) => {
            const c: AssignmentArgs = { ...a };
            for (const k of ["accounts", "organizationalUnits", "accountNames"] as const) if (a[k] !== undefined) c[k] = sortedUnique(a[k]);
            return c;
        });
        const sortKey = (a: AssignmentArgs) =>
            JSON.stringify(Object.keys(a).sort(compareText).map((k) => [k, k === "accountTags" ? Object.entries(a.accountTags ?? {}).sort() : a[k as keyof AssignmentArgs]]));
        const byJson = new Map(targeted.map((a) => [sortKey(a), a]));
        out.assignments = [...grouped.values(), ...[...byJson.keys()].sort(compareText).map((k) => byJson.get(k)!)];
    }
    return out;
}
