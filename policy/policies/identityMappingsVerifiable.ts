/**
 * `identity-mappings-verifiable` (advisory): the companion of `saml-nameid-matches-scim-userName`. It names what that
 * policy could not check statically: a NameID mapping that is not in the stack (e.g. a managed mapping looked up by
 * ID, as Terraform set-ups usually do), SCIM user mappings outside the stack (which may set the userName last, alone
 * or next to in-stack ones), or an expression the analysis cannot follow. Advisory by default; make it mandatory in
 * the pack config to require verifiable mappings.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { IDENTITY_PAIR_CONFIG_SCHEMA, reportIdentityFindings } from "../identityPair";

export const identityMappingsVerifiable: StackValidationPolicy = {
    name: "identity-mappings-verifiable",
    description:
        "Reports SAML NameID / SCIM userName pairs that saml-nameid-matches-scim-userName cannot verify statically, naming the " +
        "mapping ID or the expression it could not follow. Define the mappings in the stack (or check them by hand in " +
        "authentik); set this policy to mandatory in --policy-pack-config to require verifiable mappings.",
    enforcementLevel: "advisory",
    configSchema: IDENTITY_PAIR_CONFIG_SCHEMA,
    validateStack: (args, report) => reportIdentityFindings(args, report, "unverifiable"),
};
