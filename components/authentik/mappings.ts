/**
 * The two authentik property-mapping expressions that carry a person's identity to AWS IAM Identity Center:
 * the SAML NameID mapping (who signs in) and the SCIM user mapping (who exists, with which `userName`).
 *
 * AWS matches the SAML NameID against the Identity Center `userName`, never against the email attribute
 * (IAM Identity Center troubleshooting guide: the NameID must equal the userName), and authentik's own defaults disagree (NameID "Email" vs SCIM
 * `userName = username`; authentik source: authentik/providers/scim/ default mappings). So both expressions are generated from one
 * `identityAttribute` and start with the SAME Python block ({@link identityBlock}): identical source text,
 * identical normalisation, identical decision about who cannot be represented. They differ only in their tail.
 *
 * The expressions are plain Python 3, run by authentik's evaluator (authentik source: authentik/core/expression/evaluator.py): wrapped in
 * `def handler(<context keys>)`, exec'd with full builtins. They read `request.user`, never bare `user`,
 * because the SCIM user handler has no `user` parameter (S1 table row b → NameError).
 *
 * Pure: no resources here. The Pulumi wiring lives next door; scripts/authentik_eval.py runs these strings
 * exactly as authentik does, and tests/mappings.spec.ts proves they agree for a corpus of hard cases.
 */
import type { IdentityAttribute } from "../args";

export interface MappingOptions {
    identityAttribute: IdentityAttribute;
    /** Skip `service_account` and `internal_service_account` users (defence in depth; the SCIM provider also excludes them). */
    excludeServiceAccounts: boolean;
}

export interface GeneratedMappings {
    /** SAML NameID property mapping (context: `user, http_request, request, provider`). */
    nameIdExpression: string;
    /** SCIM user property mapping (context: `request, provider, connection`). Must be the provider's ONLY user mapping. */
    scimUserExpression: string;
}

/** The NameID format AWS expects (IAM Identity Center SAML: urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress); also the SAML provider's default NameID policy. */
export const NAMEID_FORMAT_EMAIL = "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress";

/** Who wrote the expressions, as named in their first comment line (admins see it in the authentik UI). */
export const GENERATOR = "aws-identity-center-authentik (components/authentik/mappings.ts)";

/** The authentik user types that are service accounts (authentik source: authentik/core/models.py, UserTypes). */
export const SERVICE_ACCOUNT_TYPES = ["service_account", "internal_service_account"] as const;

/** AWS userName length limit (AWS SCIM developer guide, CreateUser: userName). */
export const MAX_USERNAME_LENGTH = 128;

/** An email address: one @, a non-empty local part, a dotted domain, no whitespace (Python `re` and JS syntax alike). */
export const EMAIL_SHAPE = "[^@\\s]+@(?:[^@\\s.]+\\.)+[^@\\s.]+";
/** Characters AWS excludes from a userName on top of its category rule (AWS SCIM developer guide, CreateUser: userName). */
export const USERNAME_EXCLUDED = "<>;:%";

/**
 * The identity block's decision in TypeScript, for validating names given to the component (e.g. an assignment's
 * `user`) by the same rules the mappings apply in authentik: why a normalised identity cannot be an AWS userName,
 * or undefined. tests/identityRules.spec.ts checks it against the Python over the whole corpus.
 */
export function identityProblem(identity: string): string | undefined {
    if (identity.length === 0) return "it is empty";
    if (identity.length > MAX_USERNAME_LENGTH) return `it is longer than ${MAX_USERNAME_LENGTH} characters, the AWS userName limit`;
    const bad = [...new Set([...identity].filter((c) => USERNAME_EXCLUDED.includes(c) || !/[\p{L}\p{M}\p{S}\p{N}\p{P}]/u.test(c)))];
    if (bad.length > 0) return `it has characters AWS does not allow in a userName: ${bad.map((c) => JSON.stringify(c)).join(" ")}`;
    if (!new RegExp(`^(?:${EMAIL_SHAPE})$`).test(identity)) return "it is not an email address; AWS expects an emailAddress NameID";
    return undefined;
}

/** The Python attribute each identity attribute reads. */
export function identitySource(attribute: IdentityAttribute): string {
    return attribute === "email" ? "request.user.email" : "request.user.username";
}

/**
 * The Python block both expressions start with. After it runs, `account` is the user, `identity` is the
 * normalised identity (strip + lower-case) and `reason` is `None` or why the user cannot be represented
 * in AWS. Exported so tests and the policy pack can check that both expressions really contain it verbatim.
 */
export function identityBlock(opts: MappingOptions): string {
    const attr = opts.identityAttribute;
    const label = attr === "email" ? "email" : "username";
    const lines: string[] = [
        "# --- identity: this block is identical in the SAML NameID and the SCIM user mapping ---",
        "# AWS signs a person in only if the SAML NameID equals the userName SCIM provisioned, so both",
        "# mappings compute the identity here, the same way: stripped and lower-cased.",
        "import re",
        "import unicodedata",
        "",
        "# request.user, not bare `user`: the SCIM handler has no `user` parameter (NameError).",
        "account = request.user",
        `identity = (${identitySource(attr)} or "").strip().lower()`,
        "# An email address: one @, a non-empty local part, a dotted domain, no whitespace.",
        `email_shape = r"${EMAIL_SHAPE}"`,
        "# AWS userName charset: letters, marks, symbols, numbers, punctuation, except < > ; : %",
        `bad_chars = sorted({c for c in identity if c in "${USERNAME_EXCLUDED}" or unicodedata.category(c)[0] not in "LMSNP"})`,
        "",
        "reason = None  # why this user cannot be represented in AWS",
    ];
    if (opts.excludeServiceAccounts) {
        lines.push(
            `if account.type in (${SERVICE_ACCOUNT_TYPES.map((t) => `"${t}"`).join(", ")}):`,
            '    reason = "service account (type %s): service accounts are not provisioned to AWS" % account.type',
            "elif not identity:",
        );
    } else {
        lines.push("# Service accounts are treated like everybody else (excludeServiceAccounts is off).", "if not identity:");
    }
    lines.push(
        `    reason = "no ${label}: the AWS identity is the authentik ${label}"`,
        "# Measured in UTF-16 units, the stricter reading of AWS's 128-character limit.",
        `elif len(identity.encode("utf-16-le")) // 2 > ${MAX_USERNAME_LENGTH}:`,
        `    reason = "${label} %r is longer than ${MAX_USERNAME_LENGTH} characters, the AWS userName limit" % identity`,
        "elif bad_chars:",
        `    reason = "${label} %r has characters AWS does not allow in a userName: %s" % (identity, " ".join(repr(c) for c in bad_chars))`,
        "elif re.fullmatch(email_shape, identity) is None:",
        `    reason = "${label} %r is not an email address; AWS expects an emailAddress NameID" % identity`,
    );
    return lines.join("\n");
}

function header(opts: MappingOptions, purpose: string): string {
    return [
        `# Generated by ${GENERATOR}: identityAttribute = "${opts.identityAttribute}". Do not edit here; change the stack.`,
        `# ${purpose}`,
    ].join("\n");
}

const NAMEID_TAIL = [
    "",
    "# --- SAML NameID ---",
    "if reason is not None:",
    "    # None makes authentik fall back to the user's hashed uid, which matches no AWS userName:",
    "    # the sign-in fails closed. The SCIM mapping skips this user for the same reason.",
    '    ak_logger.warning("aws-identity-center: no SAML NameID for this user", username=account.username, reason=reason)',
    "    return None",
    "return identity",
].join("\n");

const SCIM_TAIL = [
    "",
    "# --- SCIM user ---",
    "if reason is not None:",
    '    ak_logger.warning("aws-identity-center: user not provisioned to AWS", username=account.username, reason=reason)',
    "    raise SkipObject(reason)",
    "",
    "# AWS rejects a user whose displayName, givenName or familyName is empty or blank. Characters AWS does",
    "# not accept in names (controls, zero-width marks, unusual spaces) become spaces; runs of spaces collapse.",
    'clean_name = "".join(c if unicodedata.category(c)[0] in "LMSNP" else " " for c in (account.name or ""))',
    'local_part = identity.rsplit("@", 1)[0]',
    'display_name = " ".join(clean_name.split())[:1024].strip() or local_part  # no usable name: the local part',
    'given_name, _, family_name = display_name.partition(" ")  # first word / the rest, like authentik\'s default',
    "if not family_name:",
    "    family_name = local_part  # one-word name: AWS needs a family name too",
    "",
    "# AWS takes at most one email and it must be primary; a value that is not an email is left out.",
    'email = (account.email or "").strip().lower()',
    "emails = []",
    "if re.fullmatch(email_shape, email):",
    '    emails = [{"value": email, "type": "work", "primary": True}]',
    "",
    "# No photos (AWS rejects them). externalId is left to authentik: the user's stable uid.",
    "return {",
    '    "userName": identity,',
    '    "name": {"formatted": display_name, "givenName": given_name, "familyName": family_name},',
    '    "displayName": display_name,',
    '    "emails": emails,',
    '    "active": bool(account.is_active),  # inactive users are provisioned as inactive, not skipped',
    "}",
].join("\n");

/** Both expressions for one identity attribute. Deterministic: the same options give byte-identical text. */
export function generateMappings(opts: MappingOptions): GeneratedMappings {
    const block = identityBlock(opts);
    return {
        nameIdExpression: [
            header(opts, "SAML NameID for AWS IAM Identity Center: must equal the SCIM userName of the same user."),
            block,
            NAMEID_TAIL,
        ].join("\n"),
        scimUserExpression: [
            header(opts, "SCIM user for AWS IAM Identity Center: the provider's only user mapping; userName equals the SAML NameID."),
            block,
            SCIM_TAIL,
        ].join("\n"),
    };
}
