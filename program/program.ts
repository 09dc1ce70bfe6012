import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederation } from "../components";
import { readStackConfig, ReadStackConfigOptions } from "./config";
import { argsFromSettings, FederationSettings, PROJECT, SCIM_TOKEN_KEY } from "./settings";

/** The component's logical name in every stack: keep it fixed, URNs derive from it. */
export const FEDERATION_NAME = "aws-identity-center";

/** The stack outputs a person needs. */
export function federationOutputs(fed: AwsIdentityCenterFederation) {
    return {
        identityAttribute: fed.identityAttribute,
        idpMetadataXml: fed.idpMetadataXml,
        idpSsoUrl: fed.idpSsoUrl,
        samlProviderId: fed.samlProviderId,
        scimProviderId: fed.scimProviderId,
        applicationSlug: fed.applicationSlug,
        instanceArn: fed.instanceArn,
        identityStoreId: fed.identityStoreId,
        permissionSetArns: fed.permissionSetArns,
        accessMatrix: fed.accessMatrix,
        accessMatrixMarkdown: fed.accessMatrixMarkdown,
        followUps: fed.followUps,
        scimGroups: fed.scimGroups,
        signingCertificateExpiry: fed.signingCertificateExpiry,
        scimTokenIssuedAt: fed.scimTokenIssuedAt,
    };
}

/** The program `pulumi up` runs (index.ts): settings and token from the stack's config. */
export function runFromStackConfig(opts: ReadStackConfigOptions = {}) {
    const { settings, scimToken } = readStackConfig(undefined, opts);
    return federationOutputs(new AwsIdentityCenterFederation(FEDERATION_NAME, argsFromSettings(settings, scimToken)));
}

/**
 * An inline program for the Automation API: the settings are a typed object, the SCIM token is read from the
 * stack's secret config (set by the caller as a secret), so it is never part of the program's closure.
 */
export function federationProgram(settings: FederationSettings): () => Promise<Record<string, unknown>> {
    return async () => {
        const scimToken = new pulumi.Config(PROJECT).requireSecret(SCIM_TOKEN_KEY);
        return federationOutputs(new AwsIdentityCenterFederation(FEDERATION_NAME, argsFromSettings(settings, scimToken)));
    };
}
