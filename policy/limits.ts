/**
 * The AWS and authentik facts the policies check, in one place.
 *
 * The AWS numbers and patterns are the same as the component's (components/aws/limits.ts), copied rather than
 * imported so that this directory is a self-contained policy pack: `pulumi policy publish` packs only `policy/`,
 * and an import from `../components` would be missing there. tests/policy-limits.spec.ts fails if the two copies
 * ever disagree. Rows refer to the "Summary A" table in aws-identity-center.md.
 */

// ---- Permission sets (AWS CreatePermissionSet / PermissionSet; rows 1, 5, 6, 7) -------------------------------

/** Row 1: 1–32 ASCII word characters and `+=,.@-` (no `u` flag: `\w` stays ASCII). */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
export const MAX_PERMISSION_SET_NAME_LENGTH = 32;

/** Row 5: 1–700 characters of tab, LF, CR, printable ASCII and Latin-1 (the current, stricter API pattern). */
export const PERMISSION_SET_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
export const MAX_DESCRIPTION_LENGTH = 700;

/**
 * Row 6: the API's ISO-8601 duration pattern. Written without the API's lookahead `(?=\d|T\d)` (at least one component, and `T` only before one): the Pulumi
 * engine checks policy config schemas with Go's RE2, which has no lookaround, and the pattern is used in one.
 * Equivalent to AWS's (tests/policy-config.spec.ts compares them on a table and on generated strings).
 */
export const ISO_8601_DURATION =
    /^-?P(?:(?:\d+Y(?:\d+M)?(?:\d+[DW])?|\d+M(?:\d+[DW])?|\d+[DW])(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?|T(?:\d+H(?:\d+M)?(?:\d+(?:\.\d+)?S)?|\d+M(?:\d+(?:\.\d+)?S)?|\d+(?:\.\d+)?S))$/;
/** Reads the components of a duration that matches {@link ISO_8601_DURATION} (it does not validate on its own). */
const DURATION_PARTS = /^(-?)P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** Row 6: a session lasts PT1H … PT12H (IAM Identity Center user guide, howtosessionduration). */
export const MIN_SESSION_SECONDS = 3600;
export const MAX_SESSION_SECONDS = 43200;

/** Row 7: 1–240 characters of URL-path characters. */
export const RELAY_STATE = /^[a-zA-Z0-9&$@#\\\/%?=~\-_'"|!:,.;*+\[\] (){}]+$/;
export const MAX_RELAY_STATE_LENGTH = 240;

// ---- Inline policy (AWS PutInlinePolicyToPermissionSet + quotas; row 10) ----------------------------------------

export const INLINE_POLICY_CHARSET = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;
export const MAX_INLINE_POLICY_LENGTH = 32768;
export const MAX_INLINE_POLICY_NON_WHITESPACE = 10240;

// ---- Account assignments (AWS CreateAccountAssignment; rows 17–20) ----------------------------------------------

export const ACCOUNT_ID = /^\d{12}$/;
export const TARGET_TYPES: readonly string[] = ["AWS_ACCOUNT"];
export const PRINCIPAL_TYPES: readonly string[] = ["USER", "GROUP"];
export const PRINCIPAL_ID =
    /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/** The AWS-managed policy that grants everything, in every partition. */
export const ADMINISTRATOR_ACCESS_ARN = /^arn:(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b):iam::aws:policy\/AdministratorAccess$/;

// ---- Endpoints (rows 40, 42) -------------------------------------------------------------------------------------

/**
 * Row 42: the IAM Identity Center SCIM endpoint, `https://scim.<region>.amazonaws.com/<tenant>/scim/v2/`.
 * Matched on the host (with the China partition's `.amazonaws.com.cn`) so a missing trailing slash or `/v2` still
 * counts as AWS: the policies about AWS SCIM must not be dodged by a typo in the path.
 */
export const AWS_SCIM_HOST = /^scim\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/**
 * Row 40: the ACS URL AWS publishes, on the classic or the dual-stack sign-in host; the ID is opaque (not always
 * an RFC 4122 UUID).
 */
export const AWS_ACS_URL = /^https:\/\/[a-z0-9-]+\.(signin\.aws\.amazon\.com|sso\.signin\.aws)\/platform\/saml\/acs\/[A-Za-z0-9-]+$/;

/** Hosts that mean "this SAML provider talks to AWS" (a looser test than {@link AWS_ACS_URL}). */
export const AWS_SIGNIN_HOST = /(^|\.)(signin\.aws\.amazon\.com|sso\.signin\.aws|amazonaws\.com(\.cn)?|awsapps\.com)$/;

/** Seconds in an ISO-8601 duration that matches {@link ISO_8601_DURATION}, else `undefined` (Y = 365 d, M = 30 d). */
export function parseIsoDurationSeconds(text: string): number | undefined {
    const m = ISO_8601_DURATION.test(text) ? DURATION_PARTS.exec(text) : null;
    if (m === null) return undefined;
    const [, sign, years, months, dayOrWeek, dayUnit, hours, minutes, seconds] = m;
    const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
    const total = n(years) * 365 * 86400 + n(months) * 30 * 86400 + n(dayOrWeek) * (dayUnit === "W" ? 7 : 1) * 86400 +
        n(hours) * 3600 + n(minutes) * 60 + n(seconds);
    return sign === "-" ? -total : total;
}
