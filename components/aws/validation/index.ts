/**
 * AWS-side validation, one file per concept: permission sets (and their policies), assignments, Identity Center
 * IDs and pinned principals, the principal wait. This entry point joins them and adds the cross-field rules.
 */
import { AwsIdentityCenterFederationArgs } from "../../args";
import { Problem } from "../../problems";
import { waitsForScim } from "../../../policy/rules/principalWait";
import { identityAttributeOf } from "../../authentik/validation";
import { scimGroupFilters } from "../assignmentPlan";
import { validateAssignments } from "./assignments";
import { IDENTITY_STORE, isPlainObject } from "./kit";
import { validateIdentityCenterIds } from "./principalIds";
import { validatePrincipalWait } from "./principalWait";
import { validateScimTokenIssuedAt } from "./scimTokenIssuedAt";
import { validatePermissionSets } from "./permissionSets";

// The rule "an assigned group is pushed or pinned" and the SCIM provider's groupFilters share this definition.
export { scimGroupFilters } from "../assignmentPlan";
export { AssignmentValidationOptions, validateAssignments } from "./assignments";
export { fieldPath } from "./kit";
export { validateIdentityCenterIds } from "./principalIds";
export { validatePrincipalWait } from "./principalWait";
export { validateScimTokenIssuedAt } from "./scimTokenIssuedAt";
export { validatePermissionSets } from "./permissionSets";

/**
 * All AWS-side problems at once: permission sets, assignments (against the groups the SCIM provider pushes),
 * Identity Center IDs, pinned principals and the wait. The authentik arguments and the SAML/SCIM URLs are
 * validated elsewhere. `opts.pushedGroups` overrides the groups taken as pushed (default `scimGroupFilters(args)`),
 * e.g. for a policy that reads the real SCIM provider's filter.
 */
export function validateAwsSide(args: AwsIdentityCenterFederationArgs, opts: { pushedGroups?: ReadonlySet<string> } = {}): Problem[] {
    const pinnedUserMap = isPlainObject(args.principalIds?.users) ? args.principalIds!.users! : {};
    const externalGroups = new Set(
        Array.isArray(args.principalIds?.externalGroups) ? args.principalIds!.externalGroups!.filter((g) => typeof g === "string") : [],
    );
    const permissionSetNames = isPlainObject(args.permissionSets) ? Object.keys(args.permissionSets) : [];
    const problems = [
        ...validatePermissionSets(args.permissionSets),
        ...validateAssignments(args.assignments, permissionSetNames, {
            pushedGroups: opts.pushedGroups ?? new Set(scimGroupFilters(args)),
            externalGroups,
            pinnedUsers: new Set(Object.keys(pinnedUserMap)),
            identityAttribute: identityAttributeOf(args.identityAttribute),
        }),
        ...validateIdentityCenterIds(args.identityCenter, args.principalIds),
        ...validatePrincipalWait(args.principalWait),
        ...validateScimTokenIssuedAt(args.identityCenter),
    ];
    // An external group already exists in Identity Center; authentik pushing a group of the same name makes SCIM
    // create a second group with that display name, which the identity store rejects (display names are unique, 409).
    const scimGroups = Array.isArray(args.authentik?.scimGroups) ? args.authentik.scimGroups : [];
    scimGroups.forEach((g, i) => {
        if (typeof g === "string" && externalGroups.has(g)) {
            problems.push({
                field: `authentik.scimGroups[${i}]`,
                value: g,
                rule:
                    `${IDENTITY_STORE} CreateGroup: display names are unique; this group is declared ` +
                    `external (principalIds.externalGroups) and authentik would push a group of the same name`,
                fix: `remove "${g}" from authentik.scimGroups, or from principalIds.externalGroups if authentik owns the group`,
                severity: "error",
            });
        }
    });
    // In dry-run authentik sends nothing, so a first deploy would wait for groups and users that never arrive.
    if (args.authentik?.scimDryRun === true) {
        const waited = (Array.isArray(args.assignments) ? args.assignments : []).flatMap((a) =>
            typeof a?.group === "string" && waitsForScim(args.principalIds, "GROUP", a.group)
                ? [a.group]
                : typeof a?.user === "string" && waitsForScim(args.principalIds, "USER", a.user)
                  ? [a.user]
                  : [],
        );
        if (waited.length > 0) {
            problems.push({
                field: "authentik.scimDryRun",
                value: true,
                rule: `authentik SCIM dry-run sends nothing to AWS, so the assignments' principals (${[...new Set(waited)]
                    .slice(0, 5)
                    .map((n) => JSON.stringify(n))
                    .join(", ")}) would never appear and the first-deploy wait would time out`,
                fix:
                    "deploy with scimDryRun off, or pin the principals' IDs in " +
                    "principalIds, or leave assignments out until the dry run looks right",
                severity: "error",
            });
        }
    }
    return problems;
}
