/**
 * What expires: the SAML signing certificate, the AWS SCIM token (by its recorded issue date), and the IdP metadata
 * AWS was given (the stack's `idpMetadataXml`) against the issuer and certificate authentik signs with now: authentik
 * 2026.5 changed the default issuer (goauthentik/authentik PR #22178) and users had to re-upload the metadata (#22593).
 */
import { X509Certificate } from "node:crypto";
import { certificateExpiry, parseIsoDate, ROTATE_CERTIFICATE, ROTATE_SCIM_TOKEN, scimTokenAge } from "../../policy/rules/credentialExpiry";
import { Finding } from "../findings";
import { AuthentikSnapshot, Declared } from "../snapshot";

/** The EntityID and the signing certificates' SHA-256 fingerprints of SAML IdP metadata. */
export function metadataIdentity(xml: string): { entityId?: string; fingerprints: string[] } {
    const entityId = /<(?:\w+:)?EntityDescriptor\b[^>]*\bentityID="([^"]*)"/.exec(xml)?.[1];
    const fingerprints: string[] = [];
    for (const m of xml.matchAll(/<(?:\w+:)?X509Certificate>([^<]+)<\/(?:\w+:)?X509Certificate>/g)) {
        try {
            fingerprints.push(new X509Certificate(Buffer.from(m[1].replace(/\s+/g, ""), "base64")).fingerprint256);
        } catch {
            fingerprints.push(`unreadable certificate ${m[1].slice(0, 12)}…`);
        }
    }
    return { entityId, fingerprints };
}

function sameFingerprint(a: string, b: string): boolean {
    return a.replace(/:/g, "").toLowerCase() === b.replace(/:/g, "").toLowerCase();
}

export function checkExpiry(declared: Declared, ak: AuthentikSnapshot, now: Date): Finding[] {
    const findings: Finding[] = [];
    const cert = ak.certificate;
    if (cert?.notAfter !== undefined) {
        const v = certificateExpiry(cert.notAfter, now, `signing certificate "${cert.name}"`);
        if (v.severity !== "ok")
            findings.push({
                check: "certificate-expiry",
                severity: v.severity,
                subject: `certificate ${cert.name}`,
                evidence: v.message,
                fix: ROTATE_CERTIFICATE,
            });
    }
    const issued = parseIsoDate(declared.scimTokenIssuedAt);
    if (issued !== undefined) {
        const v = scimTokenAge(issued, now);
        if (v.severity !== "ok")
            findings.push({
                check: "scim-token-age",
                severity: v.severity,
                subject: "AWS SCIM token",
                evidence: v.message,
                fix: ROTATE_SCIM_TOKEN,
            });
    }
    if (declared.idpMetadataXml !== undefined && ak.saml !== undefined) {
        const uploaded = metadataIdentity(declared.idpMetadataXml);
        const problems: string[] = [];
        if (uploaded.entityId !== undefined && uploaded.entityId !== ak.saml.issuer)
            problems.push(`its issuer is ${JSON.stringify(uploaded.entityId)}, authentik's is now ${JSON.stringify(ak.saml.issuer)}`);
        const current =
            cert?.fingerprintSha256 ?? (ak.saml.metadataXml ? metadataIdentity(ak.saml.metadataXml).fingerprints[0] : undefined);
        if (current !== undefined && uploaded.fingerprints.length > 0 && !uploaded.fingerprints.some((f) => sameFingerprint(f, current))) {
            problems.push(`it names signing certificate ${uploaded.fingerprints[0]}, authentik now signs with ${current}`);
        }
        if (problems.length > 0) {
            findings.push({
                check: "idp-metadata-stale",
                severity: "error",
                subject: "IdP metadata in IAM Identity Center",
                evidence: `the IdP metadata the stack recorded for AWS (idpMetadataXml) is stale: ${problems.join("; ")}`,
                fix:
                    "set authentik.issuer explicitly, pulumi up, and upload the new idpMetadataXml " +
                    "output in IAM Identity Center → Settings → Identity source → Manage authentication",
            });
        }
    }
    return findings;
}
