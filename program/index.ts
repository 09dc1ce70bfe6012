// The Pulumi program: one AwsIdentityCenterFederation per stack, built from the stack's config
// (`aws-identity-center-authentik:federation` plus the secret `aws-identity-center-authentik:scimToken`).
import { assertFreshBuild } from "./buildFreshness";
// First, before the component loads: a build older than the sources must not deploy (see buildFreshness.ts).
assertFreshBuild(__filename);
import { runFromStackConfig } from "./program";

const outputs = runFromStackConfig();

export const identityAttribute = outputs.identityAttribute;
export const idpMetadataXml = outputs.idpMetadataXml;
export const idpSsoUrl = outputs.idpSsoUrl;
export const samlProviderId = outputs.samlProviderId;
export const scimProviderId = outputs.scimProviderId;
export const applicationSlug = outputs.applicationSlug;
export const instanceArn = outputs.instanceArn;
export const identityStoreId = outputs.identityStoreId;
export const permissionSetArns = outputs.permissionSetArns;
export const accessMatrix = outputs.accessMatrix;
export const accessMatrixMarkdown = outputs.accessMatrixMarkdown;
export const followUps = outputs.followUps;
export const scimGroups = outputs.scimGroups;
export const signingCertificateExpiry = outputs.signingCertificateExpiry;
export const scimTokenIssuedAt = outputs.scimTokenIssuedAt;
