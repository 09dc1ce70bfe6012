// The shape of the seed's Terraform setup (tests/fixtures/terraform/seed.tfstate.json), written by hand against
// @pulumi/authentik without the component: the SAML NameID is the user's EMAIL, the SCIM userName the USERNAME.
// AWS matches the NameID against the SCIM userName, so nobody whose email differs from their username can sign in:
// the policy pack's `saml-nameid-matches-scim-userName` must stop this at preview. Only ever previewed.

import * as authentik from "@pulumi/authentik";

const nameId = new authentik.PropertyMappingProviderSaml("email-nameid", {
    name: "AWS NameID: email",
    samlName: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    expression: "return request.user.email",
});
const scimUser = new authentik.PropertyMappingProviderScim("aws-scim-user", {
    name: "AWS SCIM user",
    expression: [
        "return {",
        '    "userName": request.user.username,',
        '    "name": {"givenName": request.user.name.split(" ")[0], "familyName": request.user.name.split(" ")[-1]},',
        '    "displayName": request.user.name,',
        '    "emails": [{"value": request.user.email, "type": "work", "primary": True}],',
        "}",
    ].join("\n"),
});
const scim = new authentik.ProviderScim("aws", {
    name: "AWS SCIM (icteam)",
    url: "https://scim.eu-central-1.amazonaws.com/icteam-tenant-id/scim/v2/",
    token: "tf-state-scim-token-placeholder",
    compatibilityMode: "aws",
    excludeUsersServiceAccount: true,
    propertyMappings: [scimUser.id],
    propertyMappingsGroups: ["7a8b9c0d-6666-4e6f-a1b2-c3d4e5f6a7b8"],
    groupFilters: ["0b1c2d3e-4444-4f5a-8b9c-0d1e2f3a4b5c"],
});
const saml = new authentik.ProviderSaml("aws", {
    name: "AWS (icteam)",
    acsUrl: "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/e4f71ab4-31d3-46cd-a105-2c2c38ec0032",
    audience: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99677451d0",
    issuerOverride: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99677451d0",
    authorizationFlow: "9f1c2b3a-1111-4a5b-8c7d-0e1f2a3b4c5d",
    invalidationFlow: "9f1c2b3a-2222-4a5b-8c7d-0e1f2a3b4c5d",
    signingKp: "5e6f7a8b-3333-4c5d-9e0f-1a2b3c4d5e6f",
    nameIdMapping: nameId.id,
    spBinding: "post",
    signAssertion: true,
});
const app = new authentik.Application("aws", {
    name: "AWS Console (icteam)",
    slug: "aws-console-icteam",
    protocolProvider: saml.id.apply(Number),
    backchannelProviders: [scim.id.apply(Number)],
    policyEngineMode: "any",
});
new authentik.PolicyBinding("aws-users", { target: app.uuid, group: "0b1c2d3e-4444-4f5a-8b9c-0d1e2f3a4b5c", order: 0 });
