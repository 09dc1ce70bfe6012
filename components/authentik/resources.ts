import { createHash } from "node:crypto";
import { certificateNotAfter } from "../expiry";
import * as pulumi from "@pulumi/pulumi";
import * as authentik from "../../vendor/authentik";
import { IdentityAttribute } from "../args";
import { childName } from "../naming";
import { generateMappings, NAMEID_FORMAT_EMAIL } from "./mappings";
import { SamlNameIdPolicy } from "./samlNameIdPolicy";
import { ScimSyncTrigger } from "./scimSyncTrigger";
import { SamlEndpoints } from "./validation";

/** authentik's own names and defaults that the component relies on. */
export const AUTHENTIK_DEFAULTS = {
    authorizationFlow: "default-provider-authorization-implicit-consent",
    invalidationFlow: "default-provider-invalidation-flow",
    signingCertificate: "authentik Self-signed Certificate",
    /** The managed SCIM group mapping (blueprint providers-scim.yaml): `{"displayName": group.name}`. */
    managedScimGroupMapping: "goauthentik.io/providers/scim/group",
} as const;

function scimProviderName(applicationName: string): string {
    return `${applicationName} (SCIM)`;
}

/** Everything the authentik side needs, already validated and with defaults applied. */
export interface AuthentikSideInputs {
    identityAttribute: IdentityAttribute;
    applicationName: string;
    applicationSlug: string;
    launchUrl?: string;
    iconUrl?: string;
    openInNewTab: boolean;
    usersGroup: string;
    /** The SCIM provider's group filter: authentik group names, sorted and distinct. */
    scimGroupFilters: string[];
    authorizationFlow: string;
    invalidationFlow: string;
    signingCertificate: string;
    issuer?: string;
    excludeServiceAccounts: boolean;
    scimDryRun: boolean;
    saml: SamlEndpoints;
    scimEndpoint: string;
    /** Already wrapped in `pulumi.secret`. */
    scimToken: pulumi.Output<string>;
    /** authentik API access for starting the SCIM sync after the binding exists; no trigger without it. */
    syncApi?: {
        url: pulumi.Input<string>;
        token: pulumi.Input<string>;
        insecure?: boolean;
        headers?: pulumi.Input<Record<string, string>>;
    };
}

/** The authentik resources, for outputs and for the AWS side to wait on. */
export interface AuthentikSide {
    nameIdMapping: authentik.PropertyMappingProviderSaml;
    scimUserMapping: authentik.PropertyMappingProviderScim;
    samlProvider: authentik.ProviderSaml;
    scimProvider: authentik.ProviderScim;
    application: authentik.Application;
    usersBinding: authentik.PolicyBinding;
    /** Starts the SCIM full sync once everything above exists (absent without API access). */
    syncTrigger?: ScimSyncTrigger;
    /** Sets the SAML provider's Default NameID Policy (absent without API access: then it is a follow-up). */
    nameIdPolicy?: SamlNameIdPolicy;
    idpMetadataXml: pulumi.Output<string>;
    /** The signing certificate's notAfter (ISO), undefined when it cannot be read. */
    signingCertificateExpiry: pulumi.Output<string | undefined>;
}

/** The logical names of the authentik side's resources (shared with the Terraform migration). */
export function authentikResourceNames(name: string) {
    return {
        nameIdMapping: childName(name, "nameid-mapping"),
        scimUserMapping: childName(name, "scim-user-mapping"),
        samlProvider: childName(name, "saml-provider"),
        scimProvider: childName(name, "scim-provider"),
        application: childName(name, "application"),
        usersBinding: childName(name, "users-binding"),
        scimSync: childName(name, "scim-sync"),
        nameIdPolicy: childName(name, "saml-nameid-policy"),
    };
}

/**
 * Registers the SAML provider, the SCIM provider, their mappings, the application and its users-group binding.
 * `name` is the component's name; `parent` the component.
 */
export function createAuthentikSide(name: string, parent: pulumi.Resource, inp: AuthentikSideInputs): AuthentikSide {
    const opts = { parent };
    const invokeOpts = { parent };
    const names = authentikResourceNames(name);

    // One lookup per distinct flow slug and per distinct group name (the minimal graph).
    const flows = new Map<string, pulumi.Output<string>>();
    const flowId = (slug: string) => {
        if (!flows.has(slug)) flows.set(slug, authentik.getFlowOutput({ slug }, invokeOpts).id);
        return flows.get(slug)!;
    };
    const groups = new Map<string, pulumi.Output<string>>();
    const groupId = (groupName: string) => {
        if (!groups.has(groupName)) {
            // includeUsers: false keeps member lists (personal data, possibly large) out of state.
            groups.set(groupName, authentik.getGroupOutput({ name: groupName, includeUsers: false }, invokeOpts).id);
        }
        return groups.get(groupName)!;
    };

    // fetchKey: false — the data source otherwise copies the private key into Pulumi state. The public certificate is
    // fetched: its notAfter is what warns before authentik's never-renewed self-signed certificate expires.
    const signingKeyPair = authentik.getCertificateKeyPairOutput(
        { name: inp.signingCertificate, fetchKey: false, fetchCertificate: true },
        invokeOpts,
    );
    const managedGroupMapping = authentik.getPropertyMappingProviderScimOutput(
        { managed: AUTHENTIK_DEFAULTS.managedScimGroupMapping },
        invokeOpts,
    );

    const mappingOptions = { identityAttribute: inp.identityAttribute, excludeServiceAccounts: inp.excludeServiceAccounts };
    // The SCIM user mapping does not depend on the provider; the NameID mapping reads what THIS SCIM provider
    // stored from AWS, so it is generated once the provider's pk is known.
    const mappings = generateMappings(mappingOptions);
    const scimUserMapping = new authentik.PropertyMappingProviderScim(
        names.scimUserMapping,
        {
            name: `AWS Identity Center SCIM user: ${inp.identityAttribute} (${inp.applicationSlug})`,
            expression: mappings.scimUserExpression,
        },
        opts,
    );

    const scimProvider = new authentik.ProviderScim(
        names.scimProvider,
        {
            name: scimProviderName(inp.applicationName),
            url: inp.scimEndpoint,
            token: inp.scimToken,
            // PUT instead of PATCH, as IAM Identity Center needs (authentik compatibility mode "aws").
            compatibilityMode: "aws",
            excludeUsersServiceAccount: inp.excludeServiceAccounts,
            // Our mapping must be the only user mapping: authentik merges all user mappings and appends lists,
            // so a second mapping could add a second email or reintroduce photos, both rejected by AWS.
            propertyMappings: [scimUserMapping.id],
            propertyMappingsGroups: [managedGroupMapping.id],
            // Only these groups reach AWS (authentik ≥ 2026.2: empty filters would push every group).
            groupFilters: inp.scimGroupFilters.map((g) => groupId(g)),
            dryRun: inp.scimDryRun,
        },
        opts,
    );

    // Mapping names are unique in authentik; the slug keeps two federations in one authentik apart.
    const nameIdExpression = scimProvider.id.apply((pk) => generateMappings({ ...mappingOptions, scimProviderPk: pk }).nameIdExpression);
    const nameIdMapping = new authentik.PropertyMappingProviderSaml(
        names.nameIdMapping,
        {
            name: `AWS Identity Center NameID: ${inp.identityAttribute} (${inp.applicationSlug})`,
            samlName: NAMEID_FORMAT_EMAIL,
            expression: nameIdExpression,
        },
        opts,
    );

    const samlProvider = new authentik.ProviderSaml(
        names.samlProvider,
        {
            name: `${inp.applicationName} (SAML)`,
            acsUrl: inp.saml.acsUrl,
            audience: inp.saml.audience,
            // AWS posts nothing back; it expects the assertion by HTTP-POST to its ACS (the SP metadata's only binding).
            spBinding: "post",
            // AWS's SP metadata says WantAssertionsSigned="true".
            signAssertion: true,
            signingKp: signingKeyPair.id,
            nameIdMapping: nameIdMapping.id,
            authorizationFlow: flowId(inp.authorizationFlow),
            invalidationFlow: flowId(inp.invalidationFlow),
            ...(inp.issuer !== undefined ? { issuerOverride: inp.issuer } : {}),
        },
        opts,
    );

    const application = new authentik.Application(
        names.application,
        {
            name: inp.applicationName,
            slug: inp.applicationSlug,
            // Provider IDs are integer strings in authentik; the application takes numbers.
            protocolProvider: samlProvider.id.apply(Number),
            backchannelProviders: [scimProvider.id.apply(Number)],
            openInNewTab: inp.openInNewTab,
            policyEngineMode: "any",
            ...(inp.launchUrl !== undefined ? { metaLaunchUrl: inp.launchUrl } : {}),
            ...(inp.iconUrl !== undefined ? { metaIcon: inp.iconUrl } : {}),
        },
        opts,
    );

    // Since authentik 2026.2 this binding scopes both sign-in and SCIM provisioning (it replaced filter_group).
    const usersBinding = new authentik.PolicyBinding(
        names.usersBinding,
        { target: application.uuid, group: groupId(inp.usersGroup), order: 0 },
        opts,
    );

    const syncTrigger = inp.syncApi
        ? new ScimSyncTrigger(
              names.scimSync,
              {
                  apiUrl: inp.syncApi.url,
                  apiToken: inp.syncApi.token,
                  providerId: scimProvider.id,
                  providerName: scimProviderName(inp.applicationName),
                  // Changing the identity attribute rewrites both mappings in place: re-sync, or AWS keeps the old
                  // userNames for up to 4 hours (authentik's schedule), and nobody can sign in meanwhile.
                  scope: [
                      application.uuid,
                      groupId(inp.usersGroup),
                      ...inp.scimGroupFilters.map((g) => groupId(g)),
                      nameIdMapping.id,
                      scimUserMapping.id,
                      "mappings:" +
                          createHash("sha256")
                              .update(mappings.nameIdExpression)
                              .update("\0")
                              .update(mappings.scimUserExpression)
                              .digest("hex")
                              .slice(0, 16),
                  ],
                  insecure: inp.syncApi.insecure,
                  headers: inp.syncApi.headers,
              },
              { parent, dependsOn: [scimProvider, application, usersBinding] },
          )
        : undefined;

    // authentik serves a SAML provider's metadata only once an application links it (before that its metadata
    // endpoint answers "" and the SSO URLs say "-": authentik/providers/saml/api/providers.py), so the lookup waits
    // for the application. The real engine showed it: the invoke otherwise runs as soon as the provider exists.
    const idpMetadataXml = authentik.getProviderSamlMetadataOutput(
        { providerId: pulumi.all([samlProvider.id, application.id]).apply(([pk]) => Number(pk)) },
        invokeOpts,
    ).metadata;

    // authentik ≥ 2025.8 has default_name_id_policy; the Terraform provider does not expose it. AWS requests the
    // emailAddress format, and IdP-initiated sign-ins (the dashboard tile) use the provider's default.
    const nameIdPolicy = inp.syncApi
        ? new SamlNameIdPolicy(
              names.nameIdPolicy,
              {
                  apiUrl: inp.syncApi.url,
                  apiToken: inp.syncApi.token,
                  providerId: samlProvider.id,
                  policy: NAMEID_FORMAT_EMAIL,
                  insecure: inp.syncApi.insecure,
                  headers: inp.syncApi.headers,
              },
              { parent, dependsOn: [samlProvider] },
          )
        : undefined;

    const signingCertificateExpiry = signingKeyPair.apply((kp) => certificateNotAfter(kp.certificateData, kp.expiry));
    return {
        nameIdMapping,
        scimUserMapping,
        samlProvider,
        scimProvider,
        application,
        usersBinding,
        syncTrigger,
        nameIdPolicy,
        idpMetadataXml,
        signingCertificateExpiry,
    };
}
