/**
 * `no-admin-to-individual-users` (advisory): AdministratorAccess granted to a single USER bypasses group-based
 * review (who is in the admin group is visible in authentik; a per-user grant is hidden in the AWS stack), and it
 * survives the person leaving the group. Break-glass users can be exempted by config.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { ADMINISTRATOR_ACCESS_ARN } from "../limits";
import { label } from "../messages";
import { AWS } from "../resourceTypes";
import { Node, StackGraph } from "../stackGraph";
import { isUnknown } from "../unknowns";
import { configOf } from "../kit";

export interface NoAdminToIndividualUsersConfig {
    /** Identity Center user IDs allowed to hold AdministratorAccess directly (break-glass). */
    exemptPrincipalIds: string[];
}

/** Permission sets (in the stack) that carry the AWS-managed AdministratorAccess policy. */
function adminPermissionSets(graph: StackGraph): Set<Node> {
    const admin = new Set<Node>();
    for (const a of graph.ofType(AWS.managedPolicyAttachment)) {
        const arn = a.props.managedPolicyArn;
        if (typeof arn === "string" && ADMINISTRATOR_ACCESS_ARN.test(arn)) {
            for (const ps of graph.refs(a, "permissionSetArn", [AWS.permissionSet]).nodes) admin.add(ps);
        }
    }
    for (const a of graph.ofType(AWS.managedPolicyAttachmentsExclusive)) {
        const arns = a.props.managedPolicyArns;
        if (Array.isArray(arns) && arns.some((arn) => typeof arn === "string" && ADMINISTRATOR_ACCESS_ARN.test(arn))) {
            for (const ps of graph.refs(a, "permissionSetArn", [AWS.permissionSet]).nodes) admin.add(ps);
        }
    }
    return admin;
}

export const noAdminToIndividualUsers: StackValidationPolicy = {
    name: "no-admin-to-individual-users",
    description:
        "A permission set with the AWS-managed AdministratorAccess policy should be assigned to groups, not to individual USER " +
        "principals; grant it through an authentik group so membership is reviewed in one place. Exempt break-glass users with " +
        "the exemptPrincipalIds config.",
    enforcementLevel: "advisory",
    configSchema: {
        properties: {
            exemptPrincipalIds: {
                type: "array",
                items: { type: "string" },
                default: [],
                description: "Identity Center user IDs that may hold AdministratorAccess directly (break-glass accounts).",
            },
        },
    },
    validateStack: (args, report) => {
        const config = configOf<NoAdminToIndividualUsersConfig>(args, { exemptPrincipalIds: [] });
        const graph = StackGraph.of(args.resources);
        const admin = adminPermissionSets(graph);
        if (admin.size === 0) return;
        for (const assignment of graph.ofType(AWS.accountAssignment)) {
            const p = assignment.props;
            if (p.principalType !== "USER") continue;
            if (isUnknown(p.principalId)) {
                // Unknown during preview: it may be an exempt break-glass user, and a preview value never produces a
                // false violation; `pulumi up` checks the real ID. Without exemptions every USER is a finding anyway.
                if (config.exemptPrincipalIds.length > 0) continue;
            } else if (config.exemptPrincipalIds.includes(p.principalId)) {
                continue;
            }
            for (const ps of graph.refs(assignment, "permissionSetArn", [AWS.permissionSet]).nodes) {
                if (!admin.has(ps)) continue;
                const who = isUnknown(p.principalId) ? "a user (ID unknown during preview)" : `user ${JSON.stringify(p.principalId)}`;
                const where = isUnknown(p.targetId) ? "an account" : `account ${JSON.stringify(p.targetId)}`;
                report(
                    `${label(assignment)}: principalType = "USER": grants ${label(ps)} (AdministratorAccess) to ${who} in ${where}: ` +
                        `administrator access given to one person bypasses group membership review and outlives their group membership. ` +
                        `Fix: assign the permission set to an authentik-provisioned GROUP instead, or list the user in this policy's ` +
                        `exemptPrincipalIds if it is a break-glass account`,
                    assignment.urn,
                );
            }
        }
    },
};
