/**
 * Changes on the AWS side the stack owns that the stack did not make: the component's policy attachments are not
 * exclusive, so a policy attached in the console stays; assignments created by hand or by elevation tools add access
 * no review saw.
 */
import { Finding } from "../findings";
import { AwsSnapshot, Declared } from "../snapshot";

export function checkDrift(declared: Declared, aws: AwsSnapshot): Finding[] {
    const findings: Finding[] = [];
    const groupName = new Map(aws.groups.map((g) => [g.groupId, g.displayName]));
    const userName = new Map(aws.users.map((u) => [u.userId, u.userName]));
    for (const ps of aws.permissionSets) {
        if (!Object.hasOwn(declared.permissionSets, ps.name)) continue;
        const want = declared.permissionSets[ps.name];
        const subject = `permission set ${ps.name}`;
        const managed = new Set(want.managedPolicies);
        for (const arn of ps.managedPolicies) {
            if (managed.has(arn)) continue;
            findings.push({
                check: "permission-set-drift",
                severity: "warning",
                subject,
                evidence: `managed policy ${arn} is attached in AWS but not declared`,
                fix:
                    `declare it in permissionSets.${ps.name}.managedPolicies, or detach it: ` +
                    "aws sso-admin detach-managed-policy-from-permission-set --instance-arn <arn> " +
                    `--permission-set-arn ${ps.arn} --managed-policy-arn ${arn}`,
            });
        }
        const customer = new Set(want.customerManagedPolicies.map((c) => `${c.path}${c.name}`));
        for (const c of ps.customerManagedPolicies) {
            if (customer.has(`${c.path}${c.name}`)) continue;
            findings.push({
                check: "permission-set-drift",
                severity: "warning",
                subject,
                evidence: `customer-managed policy ${c.path}${c.name} is attached in AWS but not declared`,
                fix:
                    `declare it in permissionSets.${ps.name}.customerManagedPolicies, ` +
                    `or detach it in IAM Identity Center → Permission sets → ${ps.name}`,
            });
        }
        if (declared.accessMatrixIncomplete) continue;
        const declaredRows = new Set(
            declared.accessMatrix
                .filter((r) => r.permissionSet === ps.name)
                .map((r) => `${r.principalType}\n${r.principal}\n${r.accountId}`),
        );
        for (const a of ps.assignments) {
            const name = (a.principalType === "GROUP" ? groupName : userName).get(a.principalId) ?? a.principalId;
            if (declaredRows.has(`${a.principalType}\n${name}\n${a.accountId}`)) continue;
            findings.push({
                check: "assignment-drift",
                severity: "warning",
                subject: `${a.principalType === "GROUP" ? "group" : "user"} ${name} → ${ps.name} in ${a.accountId}`,
                evidence:
                    `account assignment of permission set ${ps.name} in account ${a.accountId} ` +
                    `to ${a.principalType} ${a.principalId} is not in the stack's access matrix`,
                fix:
                    "add it to assignments if it is meant to stay, or delete it in " +
                    "IAM Identity Center → AWS accounts → the account → the assignment",
            });
        }
    }
    return findings;
}
