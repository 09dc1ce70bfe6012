/**
 * The credentials' expiry as the component sees it: the signing certificate's notAfter, read from its public PEM
 * with node:crypto's X509Certificate (the private key is never fetched), and the SCIM token's recorded issue date.
 * The thresholds and wording are policy/rules/credentialExpiry.ts, shared with the policy pack and the doctor.
 */
import { X509Certificate } from "node:crypto";
import { certificateExpiry, parseIsoDate, ROTATE_CERTIFICATE, ROTATE_SCIM_TOKEN, scimTokenAge } from "../policy/rules/credentialExpiry";

/** The certificate's notAfter as an ISO timestamp, or undefined when there is no readable PEM (e.g. a mocked lookup). */
export function certificateNotAfter(pem: string | undefined, fallback?: string): string | undefined {
    if (pem) {
        try {
            return new Date(new X509Certificate(pem).validTo).toISOString();
        } catch {
            /* not a PEM certificate: try the provider's own expiry field */
        }
    }
    const date = fallback ? new Date(fallback) : undefined;
    return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/** The warning for the signing certificate, or undefined when it is not close to expiry. */
export function certificateWarning(name: string, notAfterIso: string | undefined, now: Date = new Date()): string | undefined {
    if (notAfterIso === undefined) return undefined;
    const v = certificateExpiry(new Date(notAfterIso), now, `the SAML signing certificate "${name}"`);
    return v.severity === "ok" ? undefined : `${v.message}. Rotate it: ${ROTATE_CERTIFICATE}`;
}

/** The warning for the SCIM token, or undefined when its issue date is unknown or recent. */
export function scimTokenWarning(issuedAt: string | undefined, now: Date = new Date()): string | undefined {
    const date = parseIsoDate(issuedAt);
    if (date === undefined) return undefined;
    const v = scimTokenAge(date, now);
    return v.severity === "ok" ? undefined : `${v.message}. Rotate it: ${ROTATE_SCIM_TOKEN}`;
}
