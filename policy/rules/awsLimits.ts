/**
 * AWS IAM Identity Center limits and formats, written once for the component's validation (components/aws/validation)
 * and the policy pack. This module lives in the pack (policy/rules/) so that `pulumi policy publish`, which packs
 * `policy/` only, ships it; components/ imports it from here. Each constant names the AWS API reference page
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/) or quota page
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html) it encodes.
 */

// ---------------------------------------------------------------------------------------------------------
// Permission sets (AWS CreatePermissionSet / PermissionSet data type)
// ---------------------------------------------------------------------------------------------------------

/** AWS CreatePermissionSet `Name`: 1–32 characters of ASCII letters, digits and `_+=,.@-` (no `u` flag: `\w` stays ASCII). */
export const PERMISSION_SET_NAME = /^[\w+=,.@-]{1,32}$/;
export const MAX_PERMISSION_SET_NAME_LENGTH = 32;

/**
 * AWS CreatePermissionSet `Description`: 1–700 characters of tab, LF, CR, printable ASCII and Latin-1. The current
 * API pattern is stricter than the older `\p{L}…` one (and the Terraform validator), so emoji or CJK are rejected.
 */
export const PERMISSION_SET_DESCRIPTION = /^[\u0009\u000A\u000D\u0020-\u007E\u00A1-\u00FF]*$/;
export const MAX_DESCRIPTION_LENGTH = 700;

/** A date part (at least one of years, months, days/weeks), then an optional time part. */
const DURATION_FROM_DATE = /(?:\d+Y(?:\d+M)?(?:\d+[DW])?|\d+M(?:\d+[DW])?|\d+[DW])(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?/;
/** A time part alone: `T` and at least one of hours, minutes, seconds. */
const DURATION_TIME_ONLY = /T(?:\d+H(?:\d+M)?(?:\d+(?:\.\d+)?S)?|\d+M(?:\d+(?:\.\d+)?S)?|\d+(?:\.\d+)?S)/;

/**
 * AWS CreatePermissionSet `SessionDuration`: the API's ISO-8601 duration pattern (length 1–100). Written without the
 * API's lookahead `(?=\d|T\d)` (at least one component, and `T` only before one): the Pulumi engine checks policy
 * config schemas with Go's RE2, which has no lookaround, and the pattern is used in one.
 * Equivalent to AWS's (tests/policy-config.spec.ts compares them on a table and on generated strings).
 */
export const ISO_8601_DURATION = new RegExp(`^-?P(?:${DURATION_FROM_DATE.source}|${DURATION_TIME_ONLY.source})$`);
/** Reads the components of a duration that matches {@link ISO_8601_DURATION} (it does not validate on its own). */
const DURATION_PARTS = /^(-?)P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
/** IAM Identity Center user guide (howtosessionduration): a permission set's session lasts 1 to 12 hours. */
export const MIN_SESSION_HOURS = 1;
export const MAX_SESSION_HOURS = 12;
export const MIN_SESSION_SECONDS = MIN_SESSION_HOURS * 3600;
export const MAX_SESSION_SECONDS = MAX_SESSION_HOURS * 3600;

/** AWS CreatePermissionSet `RelayState`: 1–240 characters of this set (URL path characters). */
export const RELAY_STATE = /^[a-zA-Z0-9&$@#\\/%?=~\-_'"|!:,.;*+[\] (){}]+$/;
export const MAX_RELAY_STATE_LENGTH = 240;

// ---------------------------------------------------------------------------------------------------------
// Policies attached to a permission set
// ---------------------------------------------------------------------------------------------------------

/** AWS partitions the Identity Center ARN patterns accept. */
const PARTITION = "(aws|aws-us-gov|aws-cn|aws-iso|aws-iso-b)";

/** AWS AttachManagedPolicyToPermissionSet `ManagedPolicyArn` (botocore `ManagedPolicyArn`): AWS-managed only, 20–2048 characters. */
export const AWS_MANAGED_POLICY_ARN = new RegExp(`^arn:${PARTITION}:iam::aws:policy/.+$`);
export const MIN_MANAGED_POLICY_ARN_LENGTH = 20;

/** AWS CreateAccountAssignment `PermissionSetArn` (API_PermissionSet): `arn:<partition>:sso:::permissionSet/(sso)ins-<16>/ps-<16>`. */
export const PERMISSION_SET_ARN = new RegExp(`^arn:${PARTITION}:sso:::permissionSet/(sso)?ins-[a-zA-Z0-9-.]{16}/ps-[a-zA-Z0-9-./]{16}$`);
export const MAX_MANAGED_POLICY_ARN_LENGTH = 2048;

/**
 * A customer-managed policy ARN (it carries an account ID). Identity Center rejects these as managed policies;
 * they are attached by name and path instead (aws-samples/aws-iam-identity-center-automation#4). Capture groups: 2 = path, 3 = name.
 */
export const CUSTOMER_MANAGED_POLICY_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:policy(/(?:.*/)?)([^/]+)$`);

/** AWS CustomerManagedPolicyReference `Name` (botocore `ManagedPolicyName`): 1–128 characters. */
export const CUSTOMER_MANAGED_POLICY_NAME = /^[\w+=,.@-]{1,128}$/;
/** AWS CustomerManagedPolicyReference `Path` (botocore `ManagedPolicyPath`): 1–512 characters, starts and ends with `/`. */
export const CUSTOMER_MANAGED_POLICY_PATH = /^((\/[A-Za-z0-9.,+@=_-]+)*)\/$/;
export const MAX_CUSTOMER_MANAGED_POLICY_PATH_LENGTH = 512;

/** IAM Identity Center quotas (limits.html): AWS-managed plus customer-managed policies per permission set, not increasable. */
export const MAX_POLICIES_PER_PERMISSION_SET = 20;
/**
 * IAM's default quota of managed policies per role (limits.html footnote 1). The role Identity Center creates in
 * each account is bound by it unless the account raised it, so more than this is only a warning.
 */
export const IAM_DEFAULT_MANAGED_POLICIES_PER_ROLE = 10;

/**
 * AWS PutInlinePolicyToPermissionSet `InlinePolicy`: 1–32,768 characters of tab, LF, CR and Latin-1; the quota
 * (limits.html) allows at most 10,240 characters that are not whitespace.
 */
export const INLINE_POLICY_CHARSET = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;
export const MAX_INLINE_POLICY_LENGTH = 32768;
export const MAX_INLINE_POLICY_NON_WHITESPACE = 10240;
/** IAM policy grammar: the policy language versions IAM accepts. */
export const IAM_POLICY_VERSIONS: readonly string[] = ["2012-10-17", "2008-10-17"];

// ---------------------------------------------------------------------------------------------------------
// Tags (botocore sso-admin TagList / TagKey / TagValue)
// ---------------------------------------------------------------------------------------------------------

export const MAX_TAGS = 75;
export const MAX_TAG_KEY_LENGTH = 128;
export const MAX_TAG_VALUE_LENGTH = 256;
/** Characters allowed in tag keys and values; needs the `u` flag for the Unicode classes. */
export const TAG_CHARSET = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;

// ---------------------------------------------------------------------------------------------------------
// Accounts, instance, identity store, principals
// ---------------------------------------------------------------------------------------------------------

/** AWS CreateAccountAssignment `TargetId` (botocore `TargetId`): exactly 12 digits. */
export const ACCOUNT_ID = /^\d{12}$/;
/** AWS CreateAccountAssignment `TargetType` and `PrincipalType`. */
export const TARGET_TYPES: readonly string[] = ["AWS_ACCOUNT"];
export const PRINCIPAL_TYPES: readonly string[] = ["USER", "GROUP"];

/** The AWS-managed policy that grants everything, in every partition. */
export const ADMINISTRATOR_ACCESS_ARN = new RegExp(`^arn:${PARTITION}:iam::aws:policy/AdministratorAccess$`);

/** AWS CreatePermissionSet `InstanceArn`. */
export const INSTANCE_ARN = new RegExp(`^arn:${PARTITION}:sso:::instance/(sso)?ins-[a-zA-Z0-9-.]{16}$`);

/** Identity Store API CreateGroup `IdentityStoreId`: `d-` and 10 hex digits, or a UUID (1–36 characters). */
export const IDENTITY_STORE_ID = /^(d-[0-9a-f]{10}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** AWS AccountAssignment `PrincipalId`: a UUID, or the legacy `<10 hex>-<UUID>` form (1–47 characters). */
export const PRINCIPAL_ID = /^([0-9a-f]{10}-|)[A-Fa-f0-9]{8}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{4}-[A-Fa-f0-9]{12}$/;

/** Identity Store API CreateGroup / CreateUser: names reserved for users and groups. */
export const RESERVED_PRINCIPAL_NAMES: readonly string[] = ["Administrator", "AWSAdministrators"];

/**
 * Identity Store API CreateGroup `DisplayName`: 1–1024 characters of letters, marks, symbols, numbers, punctuation,
 * tab/newline/space.
 */
export const GROUP_DISPLAY_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+$/u;
export const MAX_GROUP_DISPLAY_NAME_LENGTH = 1024;

/** Identity Store API User `UserName`: 1–128 characters of letters, marks, symbols, numbers, punctuation (no spaces). */
export const USER_NAME = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
export const MAX_USER_NAME_LENGTH = 128;

// ---------------------------------------------------------------------------------------------------------

const DURATION_SECONDS = { Y: 365 * 86400, M: 30 * 86400, W: 7 * 86400, D: 86400 } as const;

/**
 * Seconds in an ISO-8601 duration that matches the Identity Center pattern, or `undefined` when the text does not
 * match it. Years and months have no fixed length; they count as 365 and 30 days, which is enough for the only
 * use here (a range check against 1–12 hours, where any year, month, week or day is already too long).
 */
export function parseIsoDurationSeconds(text: string): number | undefined {
    if (typeof text !== "string") return undefined;
    const m = ISO_8601_DURATION.test(text) ? DURATION_PARTS.exec(text) : null;
    if (m === null) return undefined;
    const [, sign, years, months, dayOrWeek, dayUnit, hours, minutes, seconds] = m;
    const n = (s: string | undefined) => (s === undefined ? 0 : Number(s));
    const total =
        n(years) * DURATION_SECONDS.Y +
        n(months) * DURATION_SECONDS.M +
        n(dayOrWeek) * (dayUnit === "W" ? DURATION_SECONDS.W : DURATION_SECONDS.D) +
        n(hours) * 3600 +
        n(minutes) * 60 +
        n(seconds);
    return sign === "-" ? -total : total;
}

// AWS Organizations ParentId pattern (Organizations API reference, ListChildren/ListAccountsForParent).
export const OU_ID = /^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$/;
export const ROOT_ID = /^r-[0-9a-z]{4,32}$/;
