import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as authentik from "@pulumi/authentik";
import { AwsIdentityCenterFederationArgs } from "../components/args";
import { generateMappings, NAMEID_FORMAT_EMAIL } from "../components/authentik/mappings";
import { resolveSamlEndpoints } from "../components/authentik/validation";
import { ScimPrincipalWait } from "../components/aws/principalWaiter";
import { childName } from "../components/naming";

/**
 * The yardstick for synthesis cost: the same resource graph registered by hand, the way the Terraform setup this
 * package replaces does it (flat resources, `for_each` over the assignments, one `identitystore` data source per
 * group, no validation, no de-duplication, no component). Values a Terraform user writes as literals (the SAML
 * ACS URL and audience, the two mapping expressions) are computed once by {@link baselineLiterals}, outside the
 * timed region; the component derives them on every run, and that work is part of what the comparison charges it.
 */
export interface BaselineLiterals {
    acsUrl: string;
    audience: string;
    nameIdExpression: string;
    scimUserExpression: string;
}

export function baselineLiterals(args: AwsIdentityCenterFederationArgs): BaselineLiterals {
    const saml = resolveSamlEndpoints(args).endpoints;
    if (saml === undefined) throw new Error("baseline: the arguments have no SAML endpoints");
    const m = generateMappings({ identityAttribute: args.identityAttribute ?? "email", excludeServiceAccounts: true });
    return { acsUrl: saml.acsUrl, audience: saml.audience, nameIdExpression: m.nameIdExpression, scimUserExpression: m.scimUserExpression };
}

export interface BaselineOptions {
    /**
     * Also register the component's first-deploy SCIM wait per principal (the same dynamic resource class), so the
     * graph matches the component's resource for resource. Off: the Terraform-style graph, which has no wait.
     */
    waits?: boolean;
}

/** Registers the hand-written graph for `args` (which must be free of duplicates, like a Terraform `for_each` map). */
export function registerBaseline(name: string, args: AwsIdentityCenterFederationArgs, lit: BaselineLiterals, opts: BaselineOptions = {}): void {
    const ak = args.authentik;
    const ic = args.identityCenter;
    const attr = args.identityAttribute ?? "email";

    // authentik side: data sources and the six resources.
    const authorizationFlow = authentik.getFlowOutput({ slug: "default-provider-authorization-implicit-consent" });
    const invalidationFlow = authentik.getFlowOutput({ slug: "default-provider-invalidation-flow" });
    const kp = authentik.getCertificateKeyPairOutput({ name: "authentik Self-signed Certificate", fetchKey: false, fetchCertificate: false });
    const groupMapping = authentik.getPropertyMappingProviderScimOutput({ managed: "goauthentik.io/providers/scim/group" });
    const pushed = new Set<string>(ak.scimGroups ?? []);
    for (const a of args.assignments ?? []) if (a.group !== undefined && !(a.group in (args.principalIds?.groups ?? {}))) pushed.add(a.group);
    const akGroups = new Map<string, pulumi.Output<string>>();
    for (const g of [...pushed, ak.usersGroup]) if (!akGroups.has(g)) akGroups.set(g, authentik.getGroupOutput({ name: g, includeUsers: false }).id);

    const nameId = new authentik.PropertyMappingProviderSaml(childName(name, "nameid-mapping"), {
        name: `AWS Identity Center NameID: ${attr} (${ak.applicationSlug})`,
        samlName: NAMEID_FORMAT_EMAIL,
        expression: lit.nameIdExpression,
    });
    const scimUser = new authentik.PropertyMappingProviderScim(childName(name, "scim-user-mapping"), {
        name: `AWS Identity Center SCIM user: ${attr} (${ak.applicationSlug})`,
        expression: lit.scimUserExpression,
    });
    const saml = new authentik.ProviderSaml(childName(name, "saml-provider"), {
        name: `${ak.applicationName} (SAML)`,
        acsUrl: lit.acsUrl,
        audience: lit.audience,
        spBinding: "post",
        signAssertion: true,
        signingKp: kp.id,
        nameIdMapping: nameId.id,
        authorizationFlow: authorizationFlow.id,
        invalidationFlow: invalidationFlow.id,
    });
    const scim = new authentik.ProviderScim(childName(name, "scim-provider"), {
        name: `${ak.applicationName} (SCIM)`,
        url: ic.scimEndpoint,
        token: pulumi.secret(ic.scimToken),
        compatibilityMode: "aws",
        excludeUsersServiceAccount: true,
        propertyMappings: [scimUser.id],
        propertyMappingsGroups: [groupMapping.id],
        groupFilters: [...pushed].sort().map((g) => akGroups.get(g)!),
        dryRun: false,
    });
    const app = new authentik.Application(childName(name, "application"), {
        name: ak.applicationName,
        slug: ak.applicationSlug,
        protocolProvider: saml.id.apply(Number),
        backchannelProviders: [scim.id.apply(Number)],
        openInNewTab: false,
        policyEngineMode: "any",
        ...(ak.launchUrl !== undefined ? { metaLaunchUrl: ak.launchUrl } : {}),
    });
    const binding = new authentik.PolicyBinding(childName(name, "users-binding"), { target: app.uuid, group: akGroups.get(ak.usersGroup)!, order: 0 });
    authentik.getProviderSamlMetadataOutput({ providerId: saml.id.apply(Number) });

    // AWS side.
    const instances = aws.ssoadmin.getInstancesOutput({});
    const instanceArn = instances.arns[0];
    const identityStoreId = instances.identityStoreIds[0];
    const psArn = new Map<string, pulumi.Output<string>>();
    const psDeps = new Map<string, pulumi.Resource[]>();
    for (const [psName, ps] of Object.entries(args.permissionSets ?? {})) {
        const set = new aws.ssoadmin.PermissionSet(childName(name, "permission-set", psName), {
            instanceArn,
            name: psName,
            description: ps.description,
            sessionDuration: ps.sessionDuration,
            relayState: ps.relayState,
            tags: ps.tags,
        });
        const arn = set.arn;
        const deps: pulumi.Resource[] = [];
        for (const policy of ps.managedPolicies ?? []) {
            deps.push(new aws.ssoadmin.ManagedPolicyAttachment(childName(name, "managed-policy", psName, policy.replace(/^arn:aws:iam::aws:policy\//, "")), {
                instanceArn, permissionSetArn: arn, managedPolicyArn: policy,
            }));
        }
        for (const ref of ps.customerManagedPolicies ?? []) {
            const path = ref.path ?? "/";
            deps.push(new aws.ssoadmin.CustomerManagedPolicyAttachment(childName(name, "customer-policy", psName, `${path}${ref.name}`), {
                instanceArn, permissionSetArn: arn, customerManagedPolicyReference: { name: ref.name, path },
            }));
        }
        if (ps.inlinePolicy !== undefined) {
            const text = typeof ps.inlinePolicy === "string" ? JSON.stringify(JSON.parse(ps.inlinePolicy)) : JSON.stringify(ps.inlinePolicy);
            deps.push(new aws.ssoadmin.PermissionSetInlinePolicy(childName(name, "inline-policy", psName), { instanceArn, permissionSetArn: arn, inlinePolicy: text }));
        }
        const b = ps.permissionsBoundary;
        if (b !== undefined) {
            deps.push(new aws.ssoadmin.PermissionsBoundaryAttachment(childName(name, "permissions-boundary", psName), {
                instanceArn,
                permissionSetArn: arn,
                permissionsBoundary: b.managedPolicyArn !== undefined
                    ? { managedPolicyArn: b.managedPolicyArn }
                    : { customerManagedPolicyReference: { name: b.customerManagedPolicy!.name, path: b.customerManagedPolicy!.path ?? "/" } },
            }));
        }
        psArn.set(psName, arn);
        psDeps.set(psName, deps);
    }

    // One data source per principal (Terraform: data "aws_identitystore_group" with for_each over the groups).
    const principalIds = new Map<string, pulumi.Output<string>>();
    const provisionedBy = [scim, app, binding];
    for (const a of args.assignments ?? []) {
        const isGroup = a.group !== undefined;
        const principal = (a.group ?? a.user)!;
        const key = `${isGroup ? "GROUP" : "USER"}:${principal}`;
        if (principalIds.has(key)) continue;
        const pinned = isGroup ? args.principalIds?.groups?.[principal] : args.principalIds?.users?.[principal];
        if (pinned !== undefined) {
            principalIds.set(key, pulumi.output(pinned));
            continue;
        }
        const kind = isGroup ? "group" : "user";
        const invokeOpts: pulumi.InvokeOutputOptions = {};
        if (opts.waits) {
            const wait = new ScimPrincipalWait(
                childName(name, `wait-${kind}`, principal),
                { kind, name: principal, identityStoreId, timeoutSeconds: 300, initialDelaySeconds: 2, maxDelaySeconds: 30 },
                { dependsOn: provisionedBy },
            );
            invokeOpts.dependsOn = [wait];
        }
        const alternateIdentifier = { uniqueAttribute: { attributePath: isGroup ? "DisplayName" : "UserName", attributeValue: principal } };
        principalIds.set(
            key,
            isGroup
                ? aws.identitystore.getGroupOutput({ identityStoreId, alternateIdentifier }, invokeOpts).groupId
                : aws.identitystore.getUserOutput({ identityStoreId, alternateIdentifier }, invokeOpts).userId,
        );
    }

    for (const a of args.assignments ?? []) {
        const isGroup = a.group !== undefined;
        const principal = (a.group ?? a.user)!;
        const principalType = isGroup ? "GROUP" : "USER";
        for (const account of a.accounts) {
            new aws.ssoadmin.AccountAssignment(
                childName(name, "assignment", principalType, principal, a.permissionSet, account),
                {
                    instanceArn,
                    permissionSetArn: psArn.get(a.permissionSet)!,
                    principalType,
                    principalId: principalIds.get(`${principalType}:${principal}`)!,
                    targetType: "AWS_ACCOUNT",
                    targetId: account,
                },
                { dependsOn: psDeps.get(a.permissionSet) },
            );
        }
    }
}
