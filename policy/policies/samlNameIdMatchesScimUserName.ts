/**
 * `saml-nameid-matches-scim-userName` (mandatory): the pack's reason to exist. See identityPair.ts for the rule.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { IDENTITY_PAIR_CONFIG_SCHEMA, reportIdentityFindings } from "../identityPair";

// The config schema is shared with identity-mappings-verifiable; both live in identityPair.ts.
export { IDENTITY_PAIR_CONFIG_SCHEMA, IdentityPairConfig } from "../identityPair";

export const samlNameIdMatchesScimUserName: StackValidationPolicy = {
    name: "saml-nameid-matches-scim-userName",
    description:
        "For every application with a SAML protocol provider and a SCIM backchannel provider, the SAML NameID mapping and the SCIM " +
        "user mappings must derive the identity from the same user attribute with the same normalisation (e.g. both " +
        '`(request.user.email or "").strip().lower()`), and the SAML provider must have a NameID mapping. AWS IAM Identity Center ' +
        "signs a user in only when the NameID equals the SCIM-provisioned userName.",
    enforcementLevel: "mandatory",
    configSchema: IDENTITY_PAIR_CONFIG_SCHEMA,
    validateStack: (args, report) => reportIdentityFindings(args, report, "violation"),
};
