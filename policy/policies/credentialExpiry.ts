/**
 * `credential-expiry` (advisory): the SAML signing certificate expiring within 30 days (authentik never renews its
 * self-signed one and keeps signing with it; AWS then refuses every sign-in) and an AWS SCIM token 335 days old or
 * more (valid one year). Reads the federation component's `signingCertificateExpiry` output and its
 * `identityCenter.scimTokenIssuedAt` input (or `scimTokenIssuedAt` output). The thresholds are the component's own
 * (policy/rules/credentialExpiry.ts).
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { certificateExpiry, parseIsoDate, ROTATE_CERTIFICATE, ROTATE_SCIM_TOKEN, scimTokenAge } from "../rules/credentialExpiry";
import { isUnknown } from "../unknowns";

/** The component's type token (components/federation.ts `__pulumiType`). */
export const FEDERATION_TYPE = "aws-identity-center:index:AwsIdentityCenterFederation";

function text(v: unknown): string | undefined {
    return typeof v === "string" && !isUnknown(v) ? v : undefined;
}

export const credentialExpiry: StackValidationPolicy = {
    name: "credential-expiry",
    description:
        "Warns when the federation's SAML signing certificate expires within 30 days (error-level wording within 7) or its AWS SCIM " +
        "token (identityCenter.scimTokenIssuedAt) is 335 days old or more, naming how to rotate each without downtime.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        const now = new Date();
        for (const r of args.resources) {
            if (r.type !== FEDERATION_TYPE) continue;
            const props = r.props as Record<string, unknown>;
            const notAfter = text(props.signingCertificateExpiry);
            if (notAfter !== undefined && !Number.isNaN(new Date(notAfter).getTime())) {
                const v = certificateExpiry(new Date(notAfter), now);
                if (v.severity !== "ok")
                    report(
                        `AwsIdentityCenterFederation "${r.name}": signingCertificateExpiry ` +
                            `= ${notAfter}: ${v.message}. Fix: ${ROTATE_CERTIFICATE}`,
                        r.urn,
                    );
            }
            const ic = props.identityCenter as Record<string, unknown> | undefined;
            const issuedText = text(ic?.scimTokenIssuedAt) ?? text(props.scimTokenIssuedAt);
            const issued = parseIsoDate(issuedText);
            if (issued !== undefined) {
                const v = scimTokenAge(issued, now);
                if (v.severity !== "ok")
                    report(
                        `AwsIdentityCenterFederation "${r.name}": identityCenter.scimTokenIssuedAt ` +
                            `= ${issuedText}: ${v.message}. Fix: ${ROTATE_SCIM_TOKEN}`,
                        r.urn,
                    );
            }
        }
    },
};
