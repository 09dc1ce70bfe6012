import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as authentik from "../vendor/authentik";
import { AwsIdentityCenterFederationArgs } from "../components/args";
import { canonicalArgs } from "../components/canonicalArgs";
import { generateMappings, NAMEID_FORMAT_EMAIL } from "../components/authentik/mappings";
import { resolveSamlEndpoints } from "../components/authentik/validation";
import { SamlNameIdPolicy } from "../components/authentik/samlNameIdPolicy";
import { ScimSyncTrigger } from "../components/authentik/scimSyncTrigger";
import { ScimPrincipalWait } from "../components/aws/scimPrincipalWait";
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

/** A component resource of the component's type with nothing of its code: only a parent for the same-graph baseline. */
class BareComponent extends pulumi.ComponentResource {
    constructor(
        name: string,
        inputs: pulumi.Inputs,
        type = "aws-identity-center:index:AwsIdentityCenterFederation",
        opts?: pulumi.ComponentResourceOptions,
    ) {
        super(type, name, inputs, opts);
    }
    done(): void {
        this.registerOutputs({});
    }
}

export interface BaselineOptions {
    /**
     * Register what the component registers beyond the Terraform-style graph, with the component's own classes:
     * a bare component resource of its type (with the same inputs) as everyone's parent, the first-deploy SCIM
     * wait per principal and, when the authentik API is given, the SCIM sync trigger. The graph is then the
     * component's, resource for resource, so what remains of the time difference is the component's own code
     * (validation, planning, outputs). Off: the Terraform-style graph.
     */
    sameGraph?: boolean;
}

/** Registers the hand-written graph for `args` (which must be free of duplicates, like a Terraform `for_each` map). */
export function registerBaseline(
    name: string,
    args: AwsIdentityCenterFederationArgs,
    lit: BaselineLiterals,
    opts: BaselineOptions = {},
): void {
    const ak = args.authentik;
    const ic = args.identityCenter;
    const attr = args.identityAttribute ?? "email";
    // The same inputs the component registers for itself: its canonical arguments with the secrets wrapped.
    const canonical = canonicalArgs(args);
    const component = opts.sameGraph
        ? new BareComponent(name, {
              ...canonical,
              authentik: { ...canonical.authentik, ...(ak.apiToken !== undefined ? { apiToken: pulumi.secret(ak.apiToken) } : {}) },
              identityCenter: { ...canonical.identityCenter, scimToken: pulumi.secret(ic.scimToken) },
          })
        : undefined;
    // Terraform-style: no parent. Under a component: the component, for resources and lookups alike.
    const o = component ? { parent: component } : {};

    // authentik side: data sources and the six resources.
    const authorizationFlow = authentik.getFlowOutput({ slug: "default-provider-authorization-implicit-consent" }, o);
    const invalidationFlow = authentik.getFlowOutput({ slug: "default-provider-invalidation-flow" }, o);
    const kp = authentik.getCertificateKeyPairOutput(
        { name: "authentik Self-signed Certificate", fetchKey: false, fetchCertificate: false },
        o,
    );
    const groupMapping = authentik.getPropertyMappingProviderScimOutput({ managed: "goauthentik.io/providers/scim/group" }, o);
    const pushed = new Set<string>(ak.scimGroups ?? []);
    for (const a of args.assignments ?? [])
        if (a.group !== undefined && !(a.group in (args.principalIds?.groups ?? {}))) pushed.add(a.group);
    const akGroups = new Map<string, pulumi.Output<string>>();
    for (const g of [...pushed, ak.usersGroup])
        if (!akGroups.has(g)) akGroups.set(g, authentik.getGroupOutput({ name: g, includeUsers: false }, o).id);

    const nameId = new authentik.PropertyMappingProviderSaml(
        childName(name, "nameid-mapping"),
        {
            name: `AWS Identity Center NameID: ${attr} (${ak.applicationSlug})`,
            samlName: NAMEID_FORMAT_EMAIL,
            expression: lit.nameIdExpression,
        },
        o,
    );
    const scimUser = new authentik.PropertyMappingProviderScim(
        childName(name, "scim-user-mapping"),
        {
            name: `AWS Identity Center SCIM user: ${attr} (${ak.applicationSlug})`,
            expression: lit.scimUserExpression,
        },
        o,
    );
    const saml = new authentik.ProviderSaml(
        childName(name, "saml-provider"),
        {
            name: `${ak.applicationName} (SAML)`,
            acsUrl: lit.acsUrl,
            audience: lit.audience,
            spBinding: "post",
            signAssertion: true,
            signingKp: kp.id,
            nameIdMapping: nameId.id,
            authorizationFlow: authorizationFlow.id,
            invalidationFlow: invalidationFlow.id,
        },
        o,
    );
    const scim = new authentik.ProviderScim(
        childName(name, "scim-provider"),
        {
            name: `${ak.applicationName} (SCIM)`,
            url: ic.scimEndpoint,
            token: pulumi.secret(ic.scimToken),
            compatibilityMode: "aws",
            excludeUsersServiceAccount: true,
            propertyMappings: [scimUser.id],
            propertyMappingsGroups: [groupMapping.id],
            groupFilters: [...pushed].sort().map((g) => akGroups.get(g)!),
            dryRun: false,
        },
        o,
    );
    const app = new authentik.Application(
        childName(name, "application"),
        {
            name: ak.applicationName,
            slug: ak.applicationSlug,
            protocolProvider: saml.id.apply(Number),
            backchannelProviders: [scim.id.apply(Number)],
            openInNewTab: false,
            policyEngineMode: "any",
            ...(ak.launchUrl !== undefined ? { metaLaunchUrl: ak.launchUrl } : {}),
        },
        o,
    );
    const binding = new authentik.PolicyBinding(
        childName(name, "users-binding"),
        { target: app.uuid, group: akGroups.get(ak.usersGroup)!, order: 0 },
        o,
    );
    authentik.getProviderSamlMetadataOutput({ providerId: saml.id.apply(Number) }, o);
    const provisionedBy: pulumi.Resource[] = [scim, app, binding];
    if (opts.sameGraph && ak.apiUrl !== undefined && ak.apiToken !== undefined) {
        new SamlNameIdPolicy(
            childName(name, "saml-nameid-policy"),
            { apiUrl: ak.apiUrl, apiToken: ak.apiToken, providerId: saml.id, policy: NAMEID_FORMAT_EMAIL },
            { ...o, dependsOn: [saml] },
        );
        provisionedBy.push(
            new ScimSyncTrigger(
                childName(name, "scim-sync"),
                {
                    apiUrl: ak.apiUrl,
                    apiToken: ak.apiToken,
                    providerId: scim.id,
                    providerName: `${ak.applicationName} (SCIM)`,
                    scope: [app.uuid, akGroups.get(ak.usersGroup)!, ...[...pushed].sort().map((g) => akGroups.get(g)!)],
                },
                { ...o, dependsOn: [scim, app, binding] },
            ),
        );
    }

    // AWS side.
    const instances = aws.ssoadmin.getInstancesOutput({}, o);
    const instanceArn = instances.arns[0];
    const identityStoreId = instances.identityStoreIds[0];
    const psArn = new Map<string, pulumi.Output<string>>();
    const psDeps = new Map<string, pulumi.Resource[]>();
    for (const [psName, ps] of Object.entries(args.permissionSets ?? {})) {
        const set = new aws.ssoadmin.PermissionSet(
            childName(name, "permission-set", psName),
            {
                instanceArn,
                name: psName,
                description: ps.description,
                sessionDuration: ps.sessionDuration,
                relayState: ps.relayState,
                tags: ps.tags,
            },
            o,
        );
        const arn = set.arn;
        const deps: pulumi.Resource[] = [];
        for (const policy of ps.managedPolicies ?? []) {
            deps.push(
                new aws.ssoadmin.ManagedPolicyAttachment(
                    childName(name, "managed-policy", psName, policy.replace(/^arn:aws:iam::aws:policy\//, "")),
                    {
                        instanceArn,
                        permissionSetArn: arn,
                        managedPolicyArn: policy,
                    },
                    o,
                ),
            );
        }
        for (const ref of ps.customerManagedPolicies ?? []) {
            const path = ref.path ?? "/";
            deps.push(
                new aws.ssoadmin.CustomerManagedPolicyAttachment(
                    childName(name, "customer-policy", psName, `${path}${ref.name}`),
                    {
                        instanceArn,
                        permissionSetArn: arn,
                        customerManagedPolicyReference: { name: ref.name, path },
                    },
                    o,
                ),
            );
        }
        if (ps.inlinePolicy !== undefined) {
            const text =
                typeof ps.inlinePolicy === "string" ? JSON.stringify(JSON.parse(ps.inlinePolicy)) : JSON.stringify(ps.inlinePolicy);
            deps.push(
                new aws.ssoadmin.PermissionSetInlinePolicy(
                    childName(name, "inline-policy", psName),
                    { instanceArn, permissionSetArn: arn, inlinePolicy: text },
                    o,
                ),
            );
        }
        const b = ps.permissionsBoundary;
        if (b !== undefined) {
            deps.push(
                new aws.ssoadmin.PermissionsBoundaryAttachment(
                    childName(name, "permissions-boundary", psName),
                    {
                        instanceArn,
                        permissionSetArn: arn,
                        permissionsBoundary:
                            b.managedPolicyArn !== undefined
                                ? { managedPolicyArn: b.managedPolicyArn }
                                : {
                                      customerManagedPolicyReference: {
                                          name: b.customerManagedPolicy!.name,
                                          path: b.customerManagedPolicy!.path ?? "/",
                                      },
                                  },
                    },
                    o,
                ),
            );
        }
        psArn.set(psName, arn);
        psDeps.set(psName, deps);
    }

    // The component registers its assignments, waits and lookups under its AwsIdentityCenterAssignments child
    // (same name, aliased to the federation): the same-graph side does too, with the same inputs.
    const nested = component
        ? new BareComponent(
              name,
              {
                  permissionSets: [...new Set(canonical.assignments?.map((a) => a.permissionSet) ?? [])].sort(),
                  assignments: canonical.assignments,
                  principalIds: args.principalIds,
                  principalWait: args.principalWait,
              },
              "aws-identity-center:index:AwsIdentityCenterAssignments",
              { parent: component },
          )
        : undefined;
    const n = nested ? { parent: nested, aliases: [{ parent: component }] } : o;

    // One data source per principal (Terraform: data "aws_identitystore_group" with for_each over the groups).
    const principalIds = new Map<string, pulumi.Output<string>>();
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
        const invokeOpts: pulumi.InvokeOutputOptions = nested ? { parent: nested } : { ...o };
        if (opts.sameGraph) {
            const wait = new ScimPrincipalWait(
                childName(name, `wait-${kind}`, principal),
                { kind, name: principal, identityStoreId, timeoutSeconds: 300, initialDelaySeconds: 2, maxDelaySeconds: 30 },
                { ...n, dependsOn: provisionedBy },
            );
            invokeOpts.dependsOn = [wait];
        }
        const alternateIdentifier = { uniqueAttribute: { attributePath: isGroup ? "displayName" : "userName", attributeValue: principal } };
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
        for (const account of a.accounts ?? []) {
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
                { ...n, dependsOn: psDeps.get(a.permissionSet) },
            );
        }
    }
    nested?.done();
    component?.done();
}
