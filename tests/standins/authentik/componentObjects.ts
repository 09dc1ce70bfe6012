/**
 * The authentik objects AwsIdentityCenterFederation creates (SCIM provider in a compatibility mode with the
 * generated user mapping, SAML provider with its NameID mapping, the application, its binding, then the save that
 * the component's ScimSyncTrigger makes), made through @goauthentik/api's generated client as
 * terraform-provider-authentik would. Shared by the stand-in's own spec and the doctor's seeded world.
 */
import * as crypto from "node:crypto";
import { CoreApi, CryptoApi, FlowsApi, PoliciesApi, PropertymappingsApi, ProvidersApi } from "@goauthentik/api";
import { generateMappings, NAMEID_FORMAT_EMAIL } from "../../../components/authentik/mappings";

/** The generated API classes the objects are made with. */
export interface ComponentObjectsApi {
    core: CoreApi;
    crypto: CryptoApi;
    flows: FlowsApi;
    policies: PoliciesApi;
    mappings: PropertymappingsApi;
    providers: ProvidersApi;
}

export interface ComponentObjectsOptions {
    /** Names of the groups in the SCIM provider's group filter. */
    groupFilters: string[];
    /** Name of the group bound to the application (who is in scope). */
    usersGroup: string;
    /** Default `aws`, as the component sets it. */
    compatibilityMode?: "aws" | "default";
    /** The SCIM user mapping's expression; default the component's generated email mapping. */
    userMapping?: string;
    /** Name of the signing key pair; default authentik's "authentik Self-signed Certificate". */
    signingCertificate?: string;
    /** Application slug; default a fresh `aws-<id>` when `unique`, else `aws-console`. */
    slug?: string;
    /** Suffix every name with a random id, so several federations can live in one stand-in. */
    unique?: boolean;
}

export async function createComponentObjects(api: ComponentObjectsApi, opts: ComponentObjectsOptions) {
    const suffix = opts.unique ? ` ${crypto.randomUUID()}` : "";
    const flowAuthz = (await api.flows.flowsInstancesList({ slug: "default-provider-authorization-implicit-consent" })).results[0];
    const flowInval = (await api.flows.flowsInstancesList({ slug: "default-provider-invalidation-flow", designation: "invalidation" }))
        .results[0];
    const kp = (await api.crypto.cryptoCertificatekeypairsList({ name: opts.signingCertificate ?? "authentik Self-signed Certificate" }))
        .results[0];
    const groupMapping = (await api.mappings.propertymappingsProviderScimList({ managed: ["goauthentik.io/providers/scim/group"] }))
        .results[0];
    const groupIds: string[] = [];
    for (const g of opts.groupFilters) groupIds.push((await api.core.coreGroupsList({ name: g, includeUsers: false })).results[0].pk);
    const usersGroupId = (await api.core.coreGroupsList({ name: opts.usersGroup, includeUsers: false })).results[0].pk;
    const userMapping = await api.mappings.propertymappingsProviderScimCreate({
        sCIMMappingRequest: {
            name: `AWS Identity Center SCIM user: email${suffix}`,
            expression:
                opts.userMapping ?? generateMappings({ identityAttribute: "email", excludeServiceAccounts: true }).scimUserExpression,
        },
    });
    const scim = await api.providers.providersScimCreate({
        sCIMProviderRequest: {
            name: `AWS (SCIM)${suffix}`,
            url: "https://scim.us-east-1.amazonaws.com/abc/scim/v2",
            token: "scim-token-secret",
            compatibilityMode: opts.compatibilityMode ?? "aws",
            excludeUsersServiceAccount: true,
            propertyMappings: [userMapping.pk],
            propertyMappingsGroup: [groupMapping.pk],
            groupFilters: groupIds,
        },
    });
    const nameId = await api.mappings.propertymappingsProviderSamlCreate({
        sAMLPropertyMappingRequest: {
            name: `AWS Identity Center NameID${suffix}`,
            samlName: NAMEID_FORMAT_EMAIL,
            expression: "return request.user.email",
        },
    });
    const saml = await api.providers.providersSamlCreate({
        sAMLProviderRequest: {
            name: `AWS (SAML)${suffix}`,
            acsUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/abc",
            audience: "https://us-east-1.signin.aws.amazon.com/platform/saml/d-1234567890",
            spBinding: "post",
            signAssertion: true,
            signingKp: kp.pk,
            nameIdMapping: nameId.pk,
            authorizationFlow: flowAuthz.pk,
            invalidationFlow: flowInval.pk,
        },
    });
    const slug = opts.slug ?? (opts.unique ? `aws-${crypto.randomUUID().slice(0, 8)}` : "aws-console");
    const app = await api.core.coreApplicationsCreate({
        applicationRequest: { name: "AWS", slug, provider: saml.pk, backchannelProviders: [scim.pk], policyEngineMode: "any" },
    });
    const binding = await api.policies.policiesBindingsCreate({ policyBindingRequest: { target: app.pk, group: usersGroupId, order: 0 } });
    // The component's ScimSyncTrigger: the provider's own sync ran before the application existed and did nothing.
    await api.providers.providersScimPartialUpdate({ id: scim.pk, patchedSCIMProviderRequest: { name: scim.name } });
    return { flowAuthz, flowInval, kp, groupMapping, userMapping, scim, nameId, saml, app, binding, slug, groupIds, usersGroupId };
}
