/**
 * Group memberships and principals in Identity Center that authentik no longer backs.
 *
 * In compatibility mode `aws` authentik never sends a membership removal to AWS (goauthentik/authentik#23005,
 * #25330): a person removed from an authentik group keeps the group's permission sets in every account until the
 * membership is removed by hand. Users leaving the application's scope are deprovisioned
 * (authentik/lib/sync/outgoing/tasks.py), so what stays behind is memberships, and users of deleted links.
 */
import { AccessMatrixRow } from "../../components/args";
import { Finding, StaleMembership } from "../findings";
import { AuthentikSnapshot, AwsSnapshot, Declared } from "../snapshot";

/** `PermissionSet in account` for every access-matrix row of a group. */
export function accessOfGroup(matrix: readonly AccessMatrixRow[], group: string): string[] {
    return matrix.filter((r) => r.principalType === "GROUP" && r.principal === group).map((r) => `${r.permissionSet} in ${r.accountId}`);
}

function listed(items: string[], max = 5): string {
    return items.length <= max ? items.join(", ") : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;
}

export interface AccessResult {
    findings: Finding[];
    stale: StaleMembership[];
}

export function checkAccess(declared: Declared, ak: AuthentikSnapshot, aws: AwsSnapshot): AccessResult {
    const findings: Finding[] = [];
    const stale: StaleMembership[] = [];
    const akGroups = new Map(ak.groups.map((g) => [g.name, g]));
    const akUsers = new Set(ak.users.map((u) => u.pk));
    // AWS user ID → authentik user pk, through authentik's SCIM links whose user still exists.
    const linkedPk = new Map(ak.scimLinks.filter((l) => akUsers.has(l.userPk)).map((l) => [l.scimId, l.userPk]));
    const awsUsers = new Map(aws.users.map((u) => [u.userId, u]));
    const external = new Set(declared.externalGroups);
    const pushed = new Set(declared.scimGroups);
    const assigned = new Set(declared.accessMatrix.filter((r) => r.principalType === "GROUP").map((r) => r.principal));
    const userName = (id: string) => awsUsers.get(id)?.userName ?? id;

    // Users: every AWS user not linked to an existing authentik user (SCIM creates users only for linked people).
    const groupsOf = new Map<string, string[]>();
    for (const g of aws.groups)
        for (const userId of g.members.values()) groupsOf.set(userId, [...(groupsOf.get(userId) ?? []), g.displayName]);
    for (const u of aws.users) {
        if (linkedPk.has(u.userId)) continue;
        const groups = groupsOf.get(u.userId) ?? [];
        findings.push({
            check: "orphan-user",
            severity: groups.some((g) => assigned.has(g)) ? "error" : "warning",
            subject: `AWS user ${u.userName}`,
            evidence:
                `AWS user ${u.userId} has no authentik counterpart (no SCIM link of ` +
                `this provider)${groups.length ? `; member of ${listed(groups)}` : ""}`,
            fix:
                "if nobody should sign in as it, delete it in IAM Identity Center → Users; if it is a " +
                "person's, run the SCIM sync so authentik links it (409 on create links the existing user)",
        });
    }

    for (const g of aws.groups) {
        if (external.has(g.displayName)) continue;
        const akGroup = akGroups.get(g.displayName);
        if (akGroup === undefined || !pushed.has(g.displayName)) {
            const access = accessOfGroup(declared.accessMatrix, g.displayName);
            findings.push({
                check: "orphan-group",
                severity: access.length > 0 ? "error" : "warning",
                subject: `AWS group ${g.displayName}`,
                evidence:
                    (akGroup === undefined ? "no authentik group of this name" : "the authentik group is not in the SCIM group filter") +
                    `; ${g.members.size} member(s)${access.length ? `; grants ${listed(access)}` : ""}`,
                fix:
                    `delete the group in IAM Identity Center → Groups if nothing needs it, or ` +
                    `declare it in principalIds.externalGroups if it is managed outside authentik`,
            });
            continue;
        }
        const access = accessOfGroup(declared.accessMatrix, g.displayName);
        for (const [membershipId, userId] of g.members) {
            const pk = linkedPk.get(userId);
            // An unlinked member is reported once, with its user (orphan-user), not per membership.
            if (pk === undefined || akGroup.members.has(pk)) continue;
            stale.push({ membershipId, groupId: g.groupId, groupName: g.displayName, userId, userName: userName(userId), access });
            findings.push({
                check: "stale-access",
                severity: "error",
                subject: `user ${userName(userId)} in group ${g.displayName}`,
                evidence:
                    `member of AWS group ${g.displayName} (membership ${membershipId}) but no longer of the authentik ` +
                    `group; still reaches ${access.length ? listed(access, 10) : "no access the stack assigns"}`,
                fix:
                    "npm run doctor -- --stack <stack> --fix-stale-access (authentik's " +
                    "aws compatibility mode never sends membership removals)",
            });
        }
    }

    const awsGroupNames = new Set(aws.groups.map((g) => g.displayName));
    for (const name of declared.scimGroups) {
        if (awsGroupNames.has(name)) continue;
        const inAuthentik = akGroups.has(name);
        const access = accessOfGroup(declared.accessMatrix, name);
        findings.push({
            check: "group-missing-in-aws",
            severity: access.length > 0 ? "error" : "warning",
            subject: `group ${name}`,
            evidence:
                `in the SCIM group filter but not in identity store ${aws.identityStoreId}` +
                (inAuthentik ? "" : "; there is no authentik group of this name either") +
                (access.length ? `; its assignments (${listed(access)}) cannot exist` : ""),
            fix: inAuthentik
                ? "run the SCIM sync in authentik and check its log for this group " +
                  "(groups over 100 members fail against AWS, goauthentik/authentik#20410)"
                : "create the group in authentik, or remove it from scimGroups/assignments",
        });
    }
    return { findings, stale };
}
