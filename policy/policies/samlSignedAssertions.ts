/**
 * `saml-signed-assertions` (mandatory): what the SP metadata IAM Identity Center offers for download asks of the IdP
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-idp.html; a real download is
 * tests/fixtures/aws-sp-metadata.xml): signed assertions (WantAssertionsSigned="true"), delivered by HTTP-POST to the
 * ACS URL AWS published.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { isAwsAcsUrl, samlProviderTargetsAws, samlScimPairs } from "../federation";
import { violation } from "../messages";
import { AUTHENTIK } from "../resourceTypes";
import { Node, StackGraph } from "../stackGraph";
import { isUnknown } from "../unknowns";

export const samlSignedAssertions: StackValidationPolicy = {
    name: "saml-signed-assertions",
    description:
        "A SAML provider for AWS IAM Identity Center (ACS URL/audience on an AWS host, or paired with an AWS SCIM provider) must sign " +
        'assertions with a certificate-key pair (signingKp set, signAssertion not false), use spBinding: "post", and send to the ' +
        "ACS URL AWS shows (https://<region>.signin.aws.amazon.com/platform/saml/acs/<id>).",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const graph = StackGraph.of(args.resources);
        const viaScim = new Set(
            samlScimPairs(graph)
                .filter((p) => p.aws === true)
                .map((p) => p.saml),
        );
        const targets = graph.ofType(AUTHENTIK.samlProvider).filter((n) => viaScim.has(n) || samlProviderTargetsAws(n) === true);
        for (const saml of targets) checkProvider(graph, saml, report);
    },
};

function checkProvider(graph: StackGraph, saml: Node, report: (message: string, urn?: string) => void): void {
    const p = saml.props;
    const say = (field: string, value: unknown, rule: string, fix: string) =>
        report(violation({ subject: saml, field, value, rule, fix }), saml.urn);

    const kp = graph.refs(saml, "signingKp", []);
    if (kp.unset) {
        say(
            "signingKp",
            p.signingKp,
            "AWS requires signed SAML assertions (its SP metadata says " +
                'WantAssertionsSigned="true"); without a signing key pair authentik signs nothing',
            "set signingKp to the ID of an authentik certificate-key pair (e.g. " +
                'getCertificateKeyPair({ name: "authentik Self-signed Certificate", fetchKey: false }).id)',
        );
    }
    if (p.signAssertion === false) {
        say(
            "signAssertion",
            false,
            'AWS requires signed SAML assertions (WantAssertionsSigned="true")',
            "remove signAssertion: false (the default is true)",
        );
    }
    if (!isUnknown(p.spBinding) && p.spBinding !== "post") {
        say(
            "spBinding",
            p.spBinding ?? '(not set: authentik uses "redirect")',
            "AWS's SP metadata offers a single AssertionConsumerService with the HTTP-POST binding",
            'set spBinding: "post"',
        );
    }
    if (!isUnknown(p.acsUrl) && !isAwsAcsUrl(p.acsUrl)) {
        say(
            "acsUrl",
            p.acsUrl,
            "the ACS URL must be the one IAM Identity Center shows: https://<region>.signin.aws.amazon.com/platform/saml/acs/<id> " +
                "(or the dual-stack https://<region>.sso.signin.aws/...) (IAM Identity Center service provider metadata)",
            "copy the ACS URL from IAM Identity Center → Settings → Identity source → Service " +
                "provider metadata (or pass the SP metadata XML to AwsIdentityCenterFederation)",
        );
    }
}
