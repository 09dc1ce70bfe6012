import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { childName } from "../naming";
import { PlannedAssignment } from "./assignmentPlan";
import { PermissionSetResources } from "./permissionSets";
import { principalKey } from "./principals";

/** An assignment's logical name: from the plan's stable key only (shared with the Terraform migration). */
export function assignmentName(name: string, a: Pick<PlannedAssignment, "key">): string {
    return childName(name, "assignment", ...a.key);
}

/**
 * One `aws.ssoadmin.AccountAssignment` per planned (principal, permission set, account).
 *
 * Every input of an account assignment forces replacement (AWS has no update API; replacement means minutes
 * without access), so the logical name comes only from the plan's stable key, and no input is derived from a
 * list position. Each assignment depends on its permission set's attachments: AWS provisions the role once
 * with all policies, and on destroy the assignment goes before the policies (avoids the
 * "ConflictException: Could not delete" races reported against the Terraform modules).
 */
export function createAccountAssignments(
    name: string,
    parent: pulumi.Resource,
    instanceArn: pulumi.Input<string>,
    plan: PlannedAssignment[],
    permissionSets: Map<string, PermissionSetResources>,
    principalIds: Map<string, pulumi.Output<string>>,
): aws.ssoadmin.AccountAssignment[] {
    return plan.map((a) => {
        const ps = permissionSets.get(a.permissionSet)!;
        return new aws.ssoadmin.AccountAssignment(
            assignmentName(name, a),
            {
                instanceArn,
                permissionSetArn: ps.permissionSet.arn,
                principalType: a.principalType,
                principalId: principalIds.get(principalKey(a))!,
                targetType: "AWS_ACCOUNT",
                targetId: a.accountId,
            },
            { parent, dependsOn: ps.attachments },
        );
    });
}
