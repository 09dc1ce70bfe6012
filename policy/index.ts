/**
 * The CrossGuard policy pack. This file only assembles it: constructing a PolicyPack starts the analyzer, so the
 * policies live in ./policies, where tests and other packs can import them without side effects.
 *
 *   pulumi preview --policy-pack policy [--policy-pack-config policy-config.json]
 */
import { PolicyPack } from "@pulumi/policy";
import { policies } from "./policies";

new PolicyPack("aws-identity-center-authentik", {
    policies,
    enforcementLevel: "advisory",
    displayName: "AWS IAM Identity Center + authentik",
    description:
        "Checks a stack that federates AWS IAM Identity Center with authentik (SAML sign-in, SCIM provisioning): the SAML NameID " +
        "and the SCIM userName are derived identically, SCIM is scoped and AWS-compatible, assertions are signed, and permission " +
        "sets and account assignments fit the AWS API.",
    provider: "aws",
    tags: ["aws", "iam-identity-center", "authentik", "saml", "scim"],
});
