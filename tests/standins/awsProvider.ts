/**
 * STAND-IN for `pulumi-resource-aws` (the Pulumi AWS provider 7.48.0, the version of `@pulumi/aws` in package.json),
 * for the few tokens the component uses, backed by moto through the AWS SDK v3.
 *
 * Why: the Pulumi AWS provider's Go module replaces the Terraform AWS provider with a patched local checkout, so it
 * cannot be built from the Go module proxy, and no registry ships the binary. The real engine attaches to this process
 * with `PULUMI_DEBUG_PROVIDERS=aws:<port>`; everything else in a deployment (CLI, engine, state, secrets, dynamic
 * providers, policy analyzer, Automation API) stays real.
 *
 * What it implements, with the real provider's IDs and output properties (checked at compile time against
 * @pulumi/aws 7.48.0's `…State` and `Get…Result` types: every output property the SDK declares is set):
 *   resources  aws:ssoadmin/permissionSet:PermissionSet                     id `<permissionSetArn>,<instanceArn>`
 *              aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment id `<policyArn>,<permissionSetArn>,<instanceArn>`
 *              aws:ssoadmin/customerManagedPolicyAttachment:…               id `<name>,<path>,<permissionSetArn>,<instanceArn>`
 *              aws:ssoadmin/permissionSetInlinePolicy:…                     id `<permissionSetArn>,<instanceArn>`
 *              aws:ssoadmin/permissionsBoundaryAttachment:…                 id `<permissionSetArn>,<instanceArn>`
 *              aws:ssoadmin/accountAssignment:AccountAssignment             id `<principalId>,<principalType>,<targetId>,
 *                                                                             <targetType>,<permissionSetArn>,<instanceArn>`
 *   invokes    aws:ssoadmin/getInstances:getInstances, aws:identitystore/getGroup:getGroup, aws:identitystore/getUser:getUser
 * Replacement semantics follow the Terraform AWS provider's schema (terraform-provider-aws
 * internal/service/ssoadmin/*.go): every argument of the attachments and of account assignments is ForceNew;
 * a permission set's `instanceArn` and `name` are ForceNew, its description, session duration, relay state and tags
 * update in place (then the set is re-provisioned, as the real provider does). Account assignment creation and
 * deletion are asynchronous in AWS; like the real provider this polls their request status until it leaves
 * IN_PROGRESS.
 *
 * moto quirk hidden here: moto 5.2.5 names permission sets `arn:aws:sso:::instance/ssoins-…/ps-…`, AWS (and so the
 * real provider) `arn:aws:sso:::permissionSet/ssoins-…/ps-…` (API_PermissionSet); the stand-in shows the engine the
 * AWS form and translates back when it calls moto, so the policy pack's ARN rules see what they would see on AWS.
 *
 * Second moto quirk: its Identity Center instance reports an identity store ID such as `d-ilucuxwmgu`, while AWS's
 * are `d-` and 10 hex digits (API_DescribeIdentityStore, IdentityStoreId pattern), which the component rightly
 * rejects. moto's Identity Store API accepts any ID, so this stand-in reports {@link identityStoreIdFor} of moto's
 * ID in `getInstances`, and everything that talks to the Identity Store (the SCIM sync, the principal wait, the
 * tests) uses that one.
 *
 * Not modelled: provider configuration (the region and endpoint come from AWS_REGION / AWS_ENDPOINT_URL of this
 * process, since the SDK's provider server does not hand `Configure` variables to the implementation), explicit
 * provider instances, import, the Organizations invokes (the e2e stacks target accounts by ID).
 *
 * Run: `node -r ts-node/register/transpile-only tests/standins/awsProvider.ts`; prints its port on stdout.
 */
import * as provider from "@pulumi/pulumi/provider";
import type * as aws from "@pulumi/aws";
import * as ssoadmin from "@aws-sdk/client-sso-admin";
import * as identitystore from "@aws-sdk/client-identitystore";
import { createHash } from "node:crypto";

/** A valid-form (`d-` + 10 hex digits) identity store ID standing for moto's instance's own. */
export function identityStoreIdFor(motoId: string): string {
    return /^d-[0-9a-f]{10}$/.test(motoId) ? motoId : `d-${createHash("sha256").update(motoId).digest("hex").slice(0, 10)}`;
}

/** Every property the SDK declares on T, each required (values are plain JSON here). */
type Outputs<T> = { [K in keyof T]-?: unknown };

const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9"; // the engine's unknown-value sentinel in provider structs

const region = () => process.env.AWS_REGION ?? "us-east-1";
let clients: { sso: ssoadmin.SSOAdminClient; ids: identitystore.IdentitystoreClient } | undefined;
function aws_() {
    clients ??= {
        sso: new ssoadmin.SSOAdminClient({ region: region(), maxAttempts: 3 }),
        ids: new identitystore.IdentitystoreClient({ region: region(), maxAttempts: 3 }),
    };
    return clients;
}

interface ResourceImpl {
    /** Inputs whose change replaces the resource (Terraform ForceNew). */
    forceNew: string[] | "all";
    create(inputs: any): Promise<{ id: string; outs: any }>;
    update?(id: string, olds: any, news: any): Promise<any>;
    read(id: string, props: any): Promise<any | undefined>;
    delete(id: string, props: any): Promise<void>;
}

async function provision(instanceArn: string, permissionSetArn: string): Promise<void> {
    // The real provider provisions the set to every account it is assigned to after a policy change.
    const { sso } = aws_();
    const accounts = await sso.send(
        new ssoadmin.ListAccountsForProvisionedPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }),
    );
    if ((accounts.AccountIds ?? []).length === 0) return;
    await sso.send(
        new ssoadmin.ProvisionPermissionSetCommand({
            InstanceArn: instanceArn,
            PermissionSetArn: permissionSetArn,
            TargetType: "ALL_PROVISIONED_ACCOUNTS",
        }),
    );
}

function isNotFound(e: unknown): boolean {
    return (e as { name?: string })?.name === "ResourceNotFoundException";
}

const permissionSet: ResourceImpl = {
    forceNew: ["instanceArn", "name"],
    async create(i) {
        const { sso } = aws_();
        const out = await sso.send(
            new ssoadmin.CreatePermissionSetCommand({
                InstanceArn: i.instanceArn,
                Name: i.name,
                Description: i.description,
                SessionDuration: i.sessionDuration,
                RelayState: i.relayState,
                Tags: Object.entries(i.tags ?? {}).map(([Key, Value]) => ({ Key, Value: String(Value) })),
            }),
        );
        const arn = out.PermissionSet!.PermissionSetArn!;
        return { id: `${arn},${i.instanceArn}`, outs: await permissionSet.read(`${arn},${i.instanceArn}`, i) };
    },
    async update(id, _olds, news) {
        const [arn, instanceArn] = id.split(",");
        const { sso } = aws_();
        await sso.send(
            new ssoadmin.UpdatePermissionSetCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: arn,
                Description: news.description,
                SessionDuration: news.sessionDuration,
                RelayState: news.relayState,
            }),
        );
        await provision(instanceArn, arn);
        return permissionSet.read(id, news);
    },
    async read(id, props) {
        const [arn, instanceArn] = id.split(",");
        const { sso } = aws_();
        let ps;
        try {
            ps = (await sso.send(new ssoadmin.DescribePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn })))
                .PermissionSet!;
        } catch (e) {
            if (isNotFound(e)) return undefined;
            throw e;
        }
        const tags = props.tags ?? {};
        const outs: Outputs<aws.ssoadmin.PermissionSetState> = {
            arn,
            createdDate: ps.CreatedDate?.toISOString() ?? "",
            description: ps.Description ?? props.description,
            instanceArn,
            name: ps.Name,
            region: region(),
            relayState: ps.RelayState ?? props.relayState,
            sessionDuration: ps.SessionDuration ?? props.sessionDuration,
            tags: props.tags,
            tagsAll: tags,
        };
        return outs;
    },
    async delete(id) {
        const [arn, instanceArn] = id.split(",");
        await aws_().sso.send(new ssoadmin.DeletePermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: arn }));
    },
};

const managedPolicyAttachment: ResourceImpl = {
    forceNew: "all",
    async create(i) {
        await aws_().sso.send(
            new ssoadmin.AttachManagedPolicyToPermissionSetCommand({
                InstanceArn: i.instanceArn,
                PermissionSetArn: i.permissionSetArn,
                ManagedPolicyArn: i.managedPolicyArn,
            }),
        );
        await provision(i.instanceArn, i.permissionSetArn);
        const id = `${i.managedPolicyArn},${i.permissionSetArn},${i.instanceArn}`;
        return { id, outs: await managedPolicyAttachment.read(id, i) };
    },
    async read(id) {
        const [policyArn, permissionSetArn, instanceArn] = id.split(",");
        const list = await aws_().sso.send(
            new ssoadmin.ListManagedPoliciesInPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }),
        );
        const found = (list.AttachedManagedPolicies ?? []).find((p) => p.Arn === policyArn);
        if (!found) return undefined;
        const outs: Outputs<aws.ssoadmin.ManagedPolicyAttachmentState> = {
            instanceArn,
            managedPolicyArn: policyArn,
            managedPolicyName: found.Name ?? policyArn.split("/").pop(),
            permissionSetArn,
            region: region(),
        };
        return outs;
    },
    async delete(id) {
        const [policyArn, permissionSetArn, instanceArn] = id.split(",");
        await aws_().sso.send(
            new ssoadmin.DetachManagedPolicyFromPermissionSetCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: permissionSetArn,
                ManagedPolicyArn: policyArn,
            }),
        );
    },
};

const customerManagedPolicyAttachment: ResourceImpl = {
    forceNew: "all",
    async create(i) {
        const ref = { Name: i.customerManagedPolicyReference.name, Path: i.customerManagedPolicyReference.path ?? "/" };
        await aws_().sso.send(
            new ssoadmin.AttachCustomerManagedPolicyReferenceToPermissionSetCommand({
                InstanceArn: i.instanceArn,
                PermissionSetArn: i.permissionSetArn,
                CustomerManagedPolicyReference: ref,
            }),
        );
        await provision(i.instanceArn, i.permissionSetArn);
        const id = `${ref.Name},${ref.Path},${i.permissionSetArn},${i.instanceArn}`;
        return { id, outs: await customerManagedPolicyAttachment.read(id, i) };
    },
    async read(id) {
        const [name, path, permissionSetArn, instanceArn] = id.split(",");
        const list = await aws_().sso.send(
            new ssoadmin.ListCustomerManagedPolicyReferencesInPermissionSetCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: permissionSetArn,
            }),
        );
        if (!(list.CustomerManagedPolicyReferences ?? []).some((r) => r.Name === name && (r.Path ?? "/") === path)) return undefined;
        const outs: Outputs<aws.ssoadmin.CustomerManagedPolicyAttachmentState> = {
            customerManagedPolicyReference: { name, path },
            instanceArn,
            permissionSetArn,
            region: region(),
        };
        return outs;
    },
    async delete(id) {
        const [name, path, permissionSetArn, instanceArn] = id.split(",");
        await aws_().sso.send(
            new ssoadmin.DetachCustomerManagedPolicyReferenceFromPermissionSetCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: permissionSetArn,
                CustomerManagedPolicyReference: { Name: name, Path: path },
            }),
        );
    },
};

const inlinePolicy: ResourceImpl = {
    forceNew: ["instanceArn", "permissionSetArn"],
    async create(i) {
        await aws_().sso.send(
            new ssoadmin.PutInlinePolicyToPermissionSetCommand({
                InstanceArn: i.instanceArn,
                PermissionSetArn: i.permissionSetArn,
                InlinePolicy: i.inlinePolicy,
            }),
        );
        await provision(i.instanceArn, i.permissionSetArn);
        const id = `${i.permissionSetArn},${i.instanceArn}`;
        return { id, outs: await inlinePolicy.read(id, i) };
    },
    async update(id, _olds, news) {
        return (await inlinePolicy.create(news)).outs ?? inlinePolicy.read(id, news);
    },
    async read(id) {
        const [permissionSetArn, instanceArn] = id.split(",");
        const out = await aws_().sso.send(
            new ssoadmin.GetInlinePolicyForPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }),
        );
        if (!out.InlinePolicy) return undefined;
        const outs: Outputs<aws.ssoadmin.PermissionSetInlinePolicyState> = {
            inlinePolicy: out.InlinePolicy,
            instanceArn,
            permissionSetArn,
            region: region(),
        };
        return outs;
    },
    async delete(id) {
        const [permissionSetArn, instanceArn] = id.split(",");
        await aws_().sso.send(
            new ssoadmin.DeleteInlinePolicyFromPermissionSetCommand({ InstanceArn: instanceArn, PermissionSetArn: permissionSetArn }),
        );
    },
};

const permissionsBoundary: ResourceImpl = {
    forceNew: "all",
    async create(i) {
        const b = i.permissionsBoundary;
        const boundary = b.managedPolicyArn
            ? { ManagedPolicyArn: b.managedPolicyArn }
            : {
                  CustomerManagedPolicyReference: {
                      Name: b.customerManagedPolicyReference.name,
                      Path: b.customerManagedPolicyReference.path ?? "/",
                  },
              };
        await aws_().sso.send(
            new ssoadmin.PutPermissionsBoundaryToPermissionSetCommand({
                InstanceArn: i.instanceArn,
                PermissionSetArn: i.permissionSetArn,
                PermissionsBoundary: boundary,
            }),
        );
        await provision(i.instanceArn, i.permissionSetArn);
        const id = `${i.permissionSetArn},${i.instanceArn}`;
        return { id, outs: await permissionsBoundary.read(id, i) };
    },
    async read(id) {
        const [permissionSetArn, instanceArn] = id.split(",");
        let b;
        try {
            b = (
                await aws_().sso.send(
                    new ssoadmin.GetPermissionsBoundaryForPermissionSetCommand({
                        InstanceArn: instanceArn,
                        PermissionSetArn: permissionSetArn,
                    }),
                )
            ).PermissionsBoundary;
        } catch (e) {
            if (isNotFound(e)) return undefined;
            throw e;
        }
        if (!b) return undefined;
        const outs: Outputs<aws.ssoadmin.PermissionsBoundaryAttachmentState> = {
            instanceArn,
            permissionSetArn,
            permissionsBoundary: b.ManagedPolicyArn
                ? { managedPolicyArn: b.ManagedPolicyArn }
                : {
                      customerManagedPolicyReference: {
                          name: b.CustomerManagedPolicyReference?.Name,
                          path: b.CustomerManagedPolicyReference?.Path ?? "/",
                      },
                  },
            region: region(),
        };
        return outs;
    },
    async delete(id) {
        const [permissionSetArn, instanceArn] = id.split(",");
        await aws_().sso.send(
            new ssoadmin.DeletePermissionsBoundaryFromPermissionSetCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: permissionSetArn,
            }),
        );
    },
};

async function awaitAssignment(instanceArn: string, requestId: string, kind: "creation" | "deletion"): Promise<void> {
    const { sso } = aws_();
    for (let attempt = 0; attempt < 100; attempt++) {
        const status =
            kind === "creation"
                ? (
                      await sso.send(
                          new ssoadmin.DescribeAccountAssignmentCreationStatusCommand({
                              InstanceArn: instanceArn,
                              AccountAssignmentCreationRequestId: requestId,
                          }),
                      )
                  ).AccountAssignmentCreationStatus
                : (
                      await sso.send(
                          new ssoadmin.DescribeAccountAssignmentDeletionStatusCommand({
                              InstanceArn: instanceArn,
                              AccountAssignmentDeletionRequestId: requestId,
                          }),
                      )
                  ).AccountAssignmentDeletionStatus;
        if (status?.Status === "SUCCEEDED") return;
        if (status?.Status === "FAILED") throw new Error(`account assignment ${kind} failed: ${status.FailureReason}`);
        await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`account assignment ${kind} ${requestId} still IN_PROGRESS`);
}

const accountAssignment: ResourceImpl = {
    forceNew: "all",
    async create(i) {
        const req = {
            InstanceArn: i.instanceArn,
            PermissionSetArn: i.permissionSetArn,
            PrincipalId: i.principalId,
            PrincipalType: i.principalType,
            TargetId: i.targetId,
            TargetType: i.targetType ?? "AWS_ACCOUNT",
        };
        const out = await aws_().sso.send(new ssoadmin.CreateAccountAssignmentCommand(req));
        await awaitAssignment(i.instanceArn, out.AccountAssignmentCreationStatus!.RequestId!, "creation");
        const id = [req.PrincipalId, req.PrincipalType, req.TargetId, req.TargetType, req.PermissionSetArn, req.InstanceArn].join(",");
        return { id, outs: await accountAssignment.read(id, i) };
    },
    async read(id) {
        const [principalId, principalType, targetId, targetType, permissionSetArn, instanceArn] = id.split(",");
        const list = await aws_().sso.send(
            new ssoadmin.ListAccountAssignmentsCommand({
                InstanceArn: instanceArn,
                AccountId: targetId,
                PermissionSetArn: permissionSetArn,
            }),
        );
        if (!(list.AccountAssignments ?? []).some((a) => a.PrincipalId === principalId && a.PrincipalType === principalType))
            return undefined;
        const outs: Outputs<aws.ssoadmin.AccountAssignmentState> = {
            instanceArn,
            permissionSetArn,
            principalId,
            principalType,
            region: region(),
            targetId,
            targetType,
        };
        return outs;
    },
    async delete(id) {
        const [principalId, principalType, targetId, targetType, permissionSetArn, instanceArn] = id.split(",");
        const out = await aws_().sso.send(
            new ssoadmin.DeleteAccountAssignmentCommand({
                InstanceArn: instanceArn,
                PermissionSetArn: permissionSetArn,
                PrincipalId: principalId,
                PrincipalType: principalType as ssoadmin.PrincipalType,
                TargetId: targetId,
                TargetType: targetType as ssoadmin.TargetType,
            }),
        );
        await awaitAssignment(instanceArn, out.AccountAssignmentDeletionStatus!.RequestId!, "deletion");
    },
};

const resources: Record<string, ResourceImpl> = {
    "aws:ssoadmin/permissionSet:PermissionSet": permissionSet,
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment": managedPolicyAttachment,
    "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment": customerManagedPolicyAttachment,
    "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy": inlinePolicy,
    "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment": permissionsBoundary,
    "aws:ssoadmin/accountAssignment:AccountAssignment": accountAssignment,
};

function typeOf(urn: string): string {
    // urn:pulumi:<stack>::<project>::<parent types$>...<type>::<name>
    return urn.split("::")[2].split("$").pop()!;
}

function impl(urn: string): ResourceImpl {
    const t = typeOf(urn);
    if (!Object.hasOwn(resources, t)) throw new Error(`the aws stand-in does not implement ${t}`);
    return resources[t];
}

/** Plain JSON (protobuf Structs take no `undefined` and no Dates), permission-set ARNs in AWS's form. */
function json<T>(v: T): T {
    return JSON.parse(
        JSON.stringify(v ?? {}).replace(/arn:(aws[a-z-]*):sso:::instance\/(ssoins-[^/",]+)\/ps-/g, "arn:$1:sso:::permissionSet/$2/ps-"),
    );
}

/** The engine's values with permission-set ARNs (and IDs holding them) in moto's form. */
function toMoto<T>(v: T): T {
    if (v === undefined) return v;
    return JSON.parse(
        JSON.stringify(v).replace(/arn:(aws[a-z-]*):sso:::permissionSet\/(ssoins-[^/",]+)\/ps-/g, "arn:$1:sso:::instance/$2/ps-"),
    );
}

function stripRegion(o: any): any {
    const { region: _region, ...rest } = o ?? {};
    return rest;
}

async function findPrincipal(kind: "group" | "user", args: any): Promise<string> {
    const { ids } = aws_();
    const alternate = args.alternateIdentifier?.uniqueAttribute;
    if (!alternate) throw new Error(`the aws stand-in only looks ${kind}s up by alternateIdentifier.uniqueAttribute`);
    const AlternateIdentifier = { UniqueAttribute: { AttributePath: alternate.attributePath, AttributeValue: alternate.attributeValue } };
    try {
        return kind === "group"
            ? (await ids.send(new identitystore.GetGroupIdCommand({ IdentityStoreId: args.identityStoreId, AlternateIdentifier }))).GroupId!
            : (await ids.send(new identitystore.GetUserIdCommand({ IdentityStoreId: args.identityStoreId, AlternateIdentifier }))).UserId!;
    } catch (e) {
        // The real provider's message (terraform-provider-aws internal/service/identitystore/group_data_source.go).
        if (isNotFound(e)) throw new Error(`reading IdentityStore ${kind === "group" ? "Group" : "User"}: empty result`);
        throw e;
    }
}

const invokes: Record<string, (args: any) => Promise<any>> = {
    async "aws:ssoadmin/getInstances:getInstances"() {
        const list = await aws_().sso.send(new ssoadmin.ListInstancesCommand({}));
        const out: Outputs<aws.ssoadmin.GetInstancesResult> = {
            arns: (list.Instances ?? []).map((i) => i.InstanceArn),
            id: region(),
            identityStoreIds: (list.Instances ?? []).map((i) => identityStoreIdFor(i.IdentityStoreId!)),
            region: region(),
        };
        return out;
    },
    async "aws:identitystore/getGroup:getGroup"(args) {
        const groupId = await findPrincipal("group", args);
        const g = await aws_().ids.send(
            new identitystore.DescribeGroupCommand({ IdentityStoreId: args.identityStoreId, GroupId: groupId }),
        );
        const out: Outputs<aws.identitystore.GetGroupResult> = {
            alternateIdentifier: args.alternateIdentifier,
            description: g.Description ?? "",
            displayName: g.DisplayName ?? "",
            externalIds: (g.ExternalIds ?? []).map((x) => ({ id: x.Id, issuer: x.Issuer })),
            groupId,
            id: groupId,
            identityStoreId: args.identityStoreId,
            region: region(),
        };
        return out;
    },
    async "aws:identitystore/getUser:getUser"(args) {
        const userId = await findPrincipal("user", args);
        const u = await aws_().ids.send(new identitystore.DescribeUserCommand({ IdentityStoreId: args.identityStoreId, UserId: userId }));
        const out: Outputs<aws.identitystore.GetUserResult> = {
            addresses: [],
            alternateIdentifier: args.alternateIdentifier,
            displayName: u.DisplayName ?? "",
            emails: (u.Emails ?? []).map((e) => ({ primary: e.Primary ?? false, type: e.Type ?? "", value: e.Value ?? "" })),
            externalIds: (u.ExternalIds ?? []).map((x) => ({ id: x.Id, issuer: x.Issuer })),
            id: userId,
            identityStoreId: args.identityStoreId,
            locale: u.Locale ?? "",
            names: u.Name
                ? [
                      {
                          familyName: u.Name.FamilyName ?? "",
                          formatted: u.Name.Formatted ?? "",
                          givenName: u.Name.GivenName ?? "",
                          honorificPrefix: "",
                          honorificSuffix: "",
                          middleName: "",
                      },
                  ]
                : [],
            nickname: u.NickName ?? "",
            phoneNumbers: [],
            preferredLanguage: u.PreferredLanguage ?? "",
            profileUrl: u.ProfileUrl ?? "",
            region: region(),
            timezone: u.Timezone ?? "",
            title: u.Title ?? "",
            userId,
            userName: u.UserName ?? "",
            userStatus: (u as { UserStatus?: string }).UserStatus ?? "ENABLED",
            userType: u.UserType ?? "",
        };
        return out;
    },
};

const standIn: provider.Provider = {
    version: "7.48.0",
    async check(_urn, _olds, news) {
        return { inputs: news };
    },
    async diff(_id, urn, olds, news) {
        const r = impl(urn);
        const keys = new Set([...Object.keys(stripRegion(news)), ...Object.keys(stripRegion(olds)).filter((k) => Object.hasOwn(news, k))]);
        const changed = [...keys].filter((k) => news[k] === UNKNOWN || JSON.stringify(olds[k] ?? null) !== JSON.stringify(news[k] ?? null));
        // Outputs the engine fills (tagsAll, managedPolicyName, …) are not inputs: only keys the program sets count.
        const inputChanged = changed.filter((k) => Object.hasOwn(news, k));
        const replaces = inputChanged.filter((k) => r.forceNew === "all" || r.forceNew.includes(k) || !r.update);
        return { changes: inputChanged.length > 0, replaces };
    },
    async create(urn, inputs) {
        const { id, outs } = await impl(urn).create(toMoto(inputs));
        return { id: json(id), outs: json(outs) };
    },
    async read(id, urn, props) {
        const outs = await impl(urn).read(toMoto(id), toMoto(props ?? {}));
        return outs === undefined ? { id: "", props: {} } : { id, props: json(outs) };
    },
    async update(id, urn, olds, news) {
        return { outs: json(await impl(urn).update!(toMoto(id), toMoto(olds), toMoto(news))) };
    },
    async delete(id, urn, props) {
        try {
            await impl(urn).delete(toMoto(id), toMoto(props));
        } catch (e) {
            if (!isNotFound(e)) throw e; // already gone: what the real provider treats as deleted
        }
    },
    async invoke(token, args) {
        if (!Object.hasOwn(invokes, token)) throw new Error(`the aws stand-in does not implement the invoke ${token}`);
        return { outputs: json(await invokes[token](toMoto(args))) };
    },
};

if (require.main === module) void provider.main(standIn, process.argv.slice(2));
