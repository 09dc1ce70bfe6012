/** What moto holds, read through the AWS SDK the way an admin would check the real account. */
import { DescribeGroupCommand, ListGroupsCommand } from "@aws-sdk/client-identitystore";
import { DescribePermissionSetCommand, ListAccountAssignmentsCommand, ListPermissionSetsCommand } from "@aws-sdk/client-sso-admin";
import type { MotoClients } from "../standins/moto";

export interface AssignmentRow {
    principalType: string;
    principal: string;
    permissionSet: string;
    accountId: string;
}

export async function permissionSets(aws: MotoClients, instanceArn: string): Promise<Map<string, string>> {
    const byArn = new Map<string, string>();
    let NextToken: string | undefined;
    do {
        const page = await aws.ssoAdmin.send(new ListPermissionSetsCommand({ InstanceArn: instanceArn, NextToken }));
        for (const arn of page.PermissionSets ?? []) {
            const ps = await aws.ssoAdmin.send(new DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }));
            byArn.set(arn, ps.PermissionSet!.Name!);
        }
        NextToken = page.NextToken;
    } while (NextToken);
    return byArn;
}

export async function groups(aws: MotoClients, identityStoreId: string): Promise<Map<string, string>> {
    const byId = new Map<string, string>();
    let NextToken: string | undefined;
    do {
        const page = await aws.identityStore.send(new ListGroupsCommand({ IdentityStoreId: identityStoreId, NextToken }));
        for (const g of page.Groups ?? []) byId.set(g.GroupId!, g.DisplayName!);
        NextToken = page.NextToken;
    } while (NextToken);
    return byId;
}

/** Every account assignment moto holds for these accounts, as access-matrix rows (sorted). */
export async function assignments(
    aws: MotoClients,
    ids: { instanceArn: string; identityStoreId: string },
    accounts: string[],
): Promise<AssignmentRow[]> {
    const sets = await permissionSets(aws, ids.instanceArn);
    const rows: AssignmentRow[] = [];
    for (const [arn, name] of sets) {
        for (const accountId of accounts) {
            let NextToken: string | undefined;
            do {
                const page = await aws.ssoAdmin.send(
                    new ListAccountAssignmentsCommand({
                        InstanceArn: ids.instanceArn,
                        AccountId: accountId,
                        PermissionSetArn: arn,
                        NextToken,
                    }),
                );
                for (const a of page.AccountAssignments ?? []) {
                    let principal = a.PrincipalId!;
                    if (a.PrincipalType === "GROUP") {
                        const g = await aws.identityStore.send(
                            new DescribeGroupCommand({ IdentityStoreId: ids.identityStoreId, GroupId: a.PrincipalId }),
                        );
                        principal = g.DisplayName!;
                    }
                    rows.push({ principalType: a.PrincipalType!, principal, permissionSet: name, accountId });
                }
                NextToken = page.NextToken;
            } while (NextToken);
        }
    }
    return sortRows(rows);
}

export function sortRows<T extends AssignmentRow>(rows: T[]): AssignmentRow[] {
    const key = (r: AssignmentRow) => [r.principalType, r.principal, r.permissionSet, r.accountId].join("\u0000");
    return rows
        .map(({ principalType, principal, permissionSet, accountId }) => ({ principalType, principal, permissionSet, accountId }))
        .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
