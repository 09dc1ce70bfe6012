/**
 * When the federation's two credentials need attention: authentik's SAML signing certificate and the AWS SCIM
 * token. One rule, shared by the component (warnings at `pulumi up`), the offline plan, the policy pack's advisory
 * `credential-expiry` and the doctor.
 *
 * - authentik creates "authentik Self-signed Certificate" once, valid 365 days, and never renews it; it keeps signing
 *   with it after expiry and AWS then refuses every sign-in (authentik source: authentik/crypto/apps.py and
 *   authentik/crypto/builder.py; goauthentik/authentik#7391).
 * - The AWS SCIM access token is valid for one year and two can be active at once, so it can be rotated without a
 *   gap (https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html). No AWS API reads
 *   its age: the stack records when it was issued (`identityCenter.scimTokenIssuedAt`).
 */

/** A certificate expiring within this many days is a warning. */
export const CERT_WARNING_DAYS = 30;
/** A certificate expiring within this many days (or already expired) is an error. */
export const CERT_ERROR_DAYS = 7;
/** The AWS SCIM token's lifetime. */
export const SCIM_TOKEN_LIFETIME_DAYS = 365;
/** A SCIM token this many days old (30 days before its year is up) or older is a warning. */
export const SCIM_TOKEN_WARNING_AGE_DAYS = SCIM_TOKEN_LIFETIME_DAYS - 30;

const DAY_MS = 24 * 60 * 60 * 1000;

export type ExpirySeverity = "ok" | "warning" | "error";

export interface ExpiryVerdict {
    severity: ExpirySeverity;
    /** Whole days until the credential expires (negative: expired that many days ago). */
    daysLeft: number;
    /** One sentence for a person, empty when `ok`. */
    message: string;
}

/** `YYYY-MM-DD` or a full ISO-8601 timestamp with a zone (`2026-01-31T12:00:00Z`); anything else is undefined. */
export function parseIsoDate(text: unknown): Date | undefined {
    if (typeof text !== "string") return undefined;
    const m = /^(\d{4})-(\d{2})-(\d{2})(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(text);
    if (!m) return undefined;
    const date = new Date(m[4] === undefined ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(date.getTime())) return undefined;
    // Date rolls 2026-02-30 over to March: refuse a day the calendar does not have.
    if (
        date.getUTCFullYear() !== Number(m[1]) ||
        date.getUTCMonth() + 1 !== Number(m[2]) ||
        (m[4] === undefined && date.getUTCDate() !== Number(m[3]))
    )
        return undefined;
    return date;
}

function daysBetween(from: Date, to: Date): number {
    return Math.floor((to.getTime() - from.getTime()) / DAY_MS);
}

/** The signing certificate: warning within {@link CERT_WARNING_DAYS}, error within {@link CERT_ERROR_DAYS} and after. */
export function certificateExpiry(notAfter: Date, now: Date, name = "the SAML signing certificate"): ExpiryVerdict {
    const daysLeft = daysBetween(now, notAfter);
    const when = notAfter.toISOString().slice(0, 10);
    if (notAfter.getTime() <= now.getTime()) {
        return {
            severity: "error",
            daysLeft,
            message: `${name} expired on ${when}: authentik still signs with it and AWS refuses every sign-in`,
        };
    }
    if (daysLeft <= CERT_ERROR_DAYS)
        return {
            severity: "error",
            daysLeft,
            message: `${name} expires on ${when}, in ${daysLeft} day(s): after that AWS refuses every sign-in`,
        };
    if (daysLeft <= CERT_WARNING_DAYS) return { severity: "warning", daysLeft, message: `${name} expires on ${when}, in ${daysLeft} days` };
    return { severity: "ok", daysLeft, message: "" };
}

/** The SCIM token by its issue date: warning from {@link SCIM_TOKEN_WARNING_AGE_DAYS} days of age, error once its year is up. */
export function scimTokenAge(issuedAt: Date, now: Date): ExpiryVerdict {
    const age = daysBetween(issuedAt, now);
    const daysLeft = SCIM_TOKEN_LIFETIME_DAYS - age;
    const expires = new Date(issuedAt.getTime() + SCIM_TOKEN_LIFETIME_DAYS * DAY_MS).toISOString().slice(0, 10);
    if (daysLeft <= 0)
        return {
            severity: "error",
            daysLeft,
            message:
                `the AWS SCIM token issued ${issuedAt.toISOString().slice(0, 10)} ` +
                `is ${age} days old and expired on ${expires}: provisioning has stopped`,
        };
    if (age >= SCIM_TOKEN_WARNING_AGE_DAYS)
        return {
            severity: "warning",
            daysLeft,
            message: `the AWS SCIM token issued ${issuedAt.toISOString().slice(0, 10)} is ${age} days old and expires on ${expires}`,
        };
    return { severity: "ok", daysLeft, message: "" };
}

/** How to renew each credential, for messages. */
export const ROTATE_CERTIFICATE =
    "create a new certificate-key pair in authentik (System → Certificates → Generate), set authentik.signingCertificate to it, " +
    "pulumi up, then upload the new IdP metadata (the idpMetadataXml output) in IAM Identity Center → Settings → Identity source";
export const ROTATE_SCIM_TOKEN =
    "generate a second token in IAM Identity Center → Settings → Automatic provisioning (two can be active), pulumi config " +
    "set --secret scimToken <new>, set identityCenter.scimTokenIssuedAt to today, pulumi up, then delete the old token in AWS";
