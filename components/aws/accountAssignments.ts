import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { childName } from "../naming";
import { PlannedAssignment } from "./assignmentPlan";
import { principalKey } from "./principals";

/** An assignment's logical name: from the plan's stable key only (shared with the Terraform migration). */
export function assignmentName(name: string, a: Pick<PlannedAssignment, "key">): string {
    return childName(name, "assignment", ...a.key);
}

/** A permission set as assignments need it: its ARN, and what must exist before it is assigned (in this stack). */
export interface AssignablePermissionSet {
    arn: pulumi.Input<string>;
    /** Its policy attachments when they are in this stack; none in a shard stack (the core stack made them). */
    attachments: pulumi.Input<pulumi.Resource>[];
}

/**
 * One `aws.ssoadmin.AccountAssignment` per planned (principal, permission set, account).
 *
 * Every input of an account assignment forces replacement (AWS has no update API; replacement means minutes
 * without access), so the logical name comes only from the plan's stable key, and no input is derived from a
 * list position. Each assignment depends on its permission set's attachments: AWS provisions the role once
 * with all policies, and on destroy the assignment goes before the policies (avoids the
 * "ConflictException: Could not delete" races reported against the Terraform modules). `aliases` carries the
 * assignments' URNs from before they moved under another parent, so that move replaces nothing.
 */
export function createAccountAssignments(
    name: string,
    parent: pulumi.Resource,
    instanceArn: pulumi.Input<string>,
    plan: PlannedAssignment[],
    permissionSets: Map<string, AssignablePermissionSet>,
    principalIds: Map<string, pulumi.Output<string>>,
    aliases?: pulumi.Input<pulumi.Alias>[],
): aws.ssoadmin.AccountAssignment[] {
    return plan.map((a) => {
        const ps = permissionSets.get(a.permissionSet)!;
        return new aws.ssoadmin.AccountAssignment(
            assignmentName(name, a),
            {
                instanceArn,
                permissionSetArn: ps.arn,
                principalType: a.principalType,
                principalId: principalIds.get(principalKey(a))!,
                targetType: "AWS_ACCOUNT",
                targetId: a.accountId,
            },
            { parent, dependsOn: ps.attachments, ...(aliases ? { aliases } : {}) },
        );
    });
}
