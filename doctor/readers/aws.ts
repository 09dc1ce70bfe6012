/**
 * Reads IAM Identity Center through the AWS SDK v3: the identity store's users, groups and group memberships
 * (paginators over `NextToken`, https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_ListGroupMemberships.html),
 * and the stack's own permission sets with their policies and assignments. Memberships are read per group with
 * bounded concurrency; throttling (ThrottlingException, HTTP 429) is retried by the SDK's retry strategy, so the
 * clients should be built with a generous `maxAttempts` (see {@link awsClients}).
 */
import { IdentitystoreClient, paginateListGroupMemberships, paginateListGroups, paginateListUsers } from "@aws-sdk/client-identitystore";
import {
    DescribePermissionSetCommand,
    ListInstancesCommand,
    paginateListAccountAssignments,
    paginateListAccountsForProvisionedPermissionSet,
    paginateListCustomerManagedPolicyReferencesInPermissionSet,
    paginateListManagedPoliciesInPermissionSet,
    paginateListPermissionSets,
    SSOAdminClient,
} from "@aws-sdk/client-sso-admin";
import { DoctorCannotRun } from "../findings";
import { AwsGroup, AwsPermissionSet, AwsSnapshot, AwsUser } from "../snapshot";
import { CallCounter, mapLimit, Progress } from "./pool";

export interface AwsClients {
    identityStore: IdentitystoreClient;
    ssoAdmin: SSOAdminClient;
}

/** Clients in `region` (default chain or `profile`), retrying throttling up to 10 attempts (the SDK's standard mode backs off). */
export function awsClients(opts: {
    region?: string;
    profile?: string;
    endpoint?: string;
    credentials?: { accessKeyId: string; secretAccessKey: string };
}): AwsClients {
    const common = {
        region: opts.region,
        maxAttempts: 10,
        ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
        ...(opts.credentials ? { credentials: opts.credentials } : {}),
        ...(opts.profile ? { profile: opts.profile } : {}),
    };
    return { identityStore: new IdentitystoreClient(common), ssoAdmin: new SSOAdminClient(common) };
}

export interface AwsReadOptions {
    identityStoreId?: string;
    instanceArn?: string;
    /** Permission set names the stack owns. */
    permissionSets: string[];
    /** Name → ARN (the `permissionSetArns` output), when read: saves listing and describing every permission set. */
    permissionSetArns?: { [name: string]: string };
    /** Accounts the stack assigns each permission set in: read besides the ones AWS lists as provisioned. */
    declaredAccounts?: { [name: string]: string[] };
    /** Page size of the Identity Store lists (default and AWS's maximum: 100). */
    pageSize?: number;
    concurrency?: number;
    counter?: CallCounter;
    progress?: Progress;
}

/** Counts every command sent (one per page), once per client. */
function countCalls(client: IdentitystoreClient | SSOAdminClient, counter: CallCounter | undefined, kind: string): void {
    if (!counter) return;
    const name = `doctor-count-${kind}`;
    // One stack type for both clients: the middleware only counts and passes the command on.
    const stack = client.middlewareStack as unknown as {
        remove(name: string): boolean;
        add(
            mw: (next: (args: unknown) => Promise<unknown>) => (args: unknown) => Promise<unknown>,
            opts: { step: "initialize"; name: string },
        ): void;
    };
    stack.remove(name);
    stack.add(
        (next) => async (args) => {
            counter.add(kind);
            return next(args);
        },
        { step: "initialize", name },
    );
}

/** AWS errors as "cannot run" naming the missing permission or endpoint. */
async function explain<T>(what: string, call: () => Promise<T>): Promise<T> {
    try {
        return await call();
    } catch (e) {
        const err = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
        if (err.name === "AccessDeniedException" || err.$metadata?.httpStatusCode === 403) {
            throw new DoctorCannotRun(
                `AWS denied ${what} (${err.message ?? err.name})`,
                `grant the doctor's credentials ${what} (read-only: identitystore:List*/Describe*, sso:List*/Describe*)`,
            );
        }
        if (err.name === "CredentialsProviderError" || /credential/i.test(err.message ?? "")) {
            throw new DoctorCannotRun(
                `no AWS credentials (${err.message})`,
                "set AWS_PROFILE or aws:profile, or run in an environment with credentials",
            );
        }
        if (err.name === "ResourceNotFoundException")
            throw new DoctorCannotRun(
                `AWS has no ${what} (${err.message})`,
                "check identityCenter.identityStoreId / instanceArn and the region",
            );
        if (err.name === "ThrottlingException")
            throw new DoctorCannotRun(
                `AWS kept throttling ${what} after the SDK's retries`,
                "run the doctor again later, or with a lower --concurrency",
            );
        throw new DoctorCannotRun(
            `cannot read ${what} from AWS (${err.name ?? "error"}: ${err.message})`,
            "check the region (identityCenter.region / aws:region) and the network",
        );
    }
}

async function collect<P, T>(pages: AsyncIterable<P>, items: (p: P) => T[] | undefined): Promise<T[]> {
    const out: T[] = [];
    for await (const page of pages) out.push(...(items(page) ?? []));
    return out;
}

export async function readAws(clients: AwsClients, opts: AwsReadOptions): Promise<AwsSnapshot> {
    const { identityStore: ids, ssoAdmin: sso } = clients;
    countCalls(ids, opts.counter, "identitystore");
    countCalls(sso, opts.counter, "sso-admin");
    const concurrency = opts.concurrency ?? 8;
    const pageSize = opts.pageSize ?? 100;
    let { identityStoreId, instanceArn } = opts;
    if (identityStoreId === undefined || (instanceArn === undefined && opts.permissionSets.length > 0)) {
        const out = await explain("sso:ListInstances", () => sso.send(new ListInstancesCommand({})));
        const instances = out.Instances ?? [];
        if (instances.length !== 1) {
            throw new DoctorCannotRun(
                `${instances.length} IAM Identity Center instances in this region`,
                "set identityCenter.instanceArn and identityStoreId in the stack, or point aws:region at the instance's region",
            );
        }
        identityStoreId ??= instances[0].IdentityStoreId!;
        instanceArn ??= instances[0].InstanceArn!;
    }
    const storeId = identityStoreId!;

    const [users, groupRecords] = await Promise.all([
        explain("identitystore:ListUsers", () =>
            collect(paginateListUsers({ client: ids, pageSize }, { IdentityStoreId: storeId }), (p) => p.Users),
        ),
        explain("identitystore:ListGroups", () =>
            collect(paginateListGroups({ client: ids, pageSize }, { IdentityStoreId: storeId }), (p) => p.Groups),
        ),
    ]);
    opts.progress?.(`AWS: ${users.length} users, ${groupRecords.length} groups; reading memberships`);
    let done = 0;
    const groups: AwsGroup[] = await mapLimit(groupRecords, concurrency, async (g) => {
        const memberships = await explain("identitystore:ListGroupMemberships", () =>
            collect(
                paginateListGroupMemberships({ client: ids, pageSize }, { IdentityStoreId: storeId, GroupId: g.GroupId! }),
                (p) => p.GroupMemberships,
            ),
        );
        done++;
        if (done % 25 === 0 || done === groupRecords.length) opts.progress?.(`AWS: memberships of ${done}/${groupRecords.length} groups`);
        const members = new Map<string, string>();
        for (const m of memberships) if (m.MemberId?.UserId && m.MembershipId) members.set(m.MembershipId, m.MemberId.UserId);
        return { groupId: g.GroupId!, displayName: g.DisplayName ?? g.GroupId!, members };
    });
    const awsUsers: AwsUser[] = users.map((u) => ({
        userId: u.UserId!,
        userName: u.UserName ?? "",
        disabled: u.UserStatus === "DISABLED",
    }));

    const permissionSets: AwsPermissionSet[] = [];
    if (instanceArn !== undefined && opts.permissionSets.length > 0) {
        const arn = instanceArn;
        const owned = new Map<string, string>();
        if (opts.permissionSetArns) {
            for (const name of opts.permissionSets)
                if (Object.hasOwn(opts.permissionSetArns, name)) owned.set(name, opts.permissionSetArns[name]);
        } else {
            const wanted = new Set(opts.permissionSets);
            const arns = await explain("sso:ListPermissionSets", () =>
                collect(paginateListPermissionSets({ client: sso }, { InstanceArn: arn }), (p) => p.PermissionSets),
            );
            const described = await mapLimit(arns, concurrency, (psArn) =>
                explain("sso:DescribePermissionSet", () =>
                    sso.send(new DescribePermissionSetCommand({ InstanceArn: arn, PermissionSetArn: psArn })),
                ),
            );
            for (const d of described)
                if (d.PermissionSet?.Name && wanted.has(d.PermissionSet.Name))
                    owned.set(d.PermissionSet.Name, d.PermissionSet.PermissionSetArn!);
        }
        const read = await mapLimit([...owned], concurrency, async ([name, psArn]) => {
            const input = { InstanceArn: arn, PermissionSetArn: psArn };
            const [managed, customer, accounts] = await Promise.all([
                explain("sso:ListManagedPoliciesInPermissionSet", () =>
                    collect(paginateListManagedPoliciesInPermissionSet({ client: sso }, input), (p) => p.AttachedManagedPolicies),
                ),
                explain("sso:ListCustomerManagedPolicyReferencesInPermissionSet", () =>
                    collect(
                        paginateListCustomerManagedPolicyReferencesInPermissionSet({ client: sso }, input),
                        (p) => p.CustomerManagedPolicyReferences,
                    ),
                ),
                explain("sso:ListAccountsForProvisionedPermissionSet", () =>
                    collect(paginateListAccountsForProvisionedPermissionSet({ client: sso }, input), (p) => p.AccountIds),
                ),
            ]);
            const declared =
                opts.declaredAccounts !== undefined && Object.hasOwn(opts.declaredAccounts, name) ? opts.declaredAccounts[name] : [];
            const perAccount = await mapLimit([...new Set([...accounts, ...declared])].sort(), concurrency, (accountId) =>
                explain("sso:ListAccountAssignments", () =>
                    collect(
                        paginateListAccountAssignments({ client: sso }, { ...input, AccountId: accountId }),
                        (p) => p.AccountAssignments,
                    ),
                ),
            );
            return {
                name,
                arn: psArn,
                managedPolicies: managed.map((m) => m.Arn!),
                customerManagedPolicies: customer.map((c) => ({ name: c.Name!, path: c.Path ?? "/" })),
                assignments: perAccount.flat().map((a) => ({
                    accountId: a.AccountId!,
                    principalType: a.PrincipalType as "GROUP" | "USER",
                    principalId: a.PrincipalId!,
                })),
            };
        });
        permissionSets.push(...read);
    }
    return { identityStoreId: storeId, instanceArn, users: awsUsers, groups, permissionSets };
}
