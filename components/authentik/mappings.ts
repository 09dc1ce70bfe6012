/**
 * The two authentik property-mapping expressions that carry a person's identity to AWS IAM Identity Center:
 * the SAML NameID mapping (who signs in) and the SCIM user mapping (who exists, with which `userName`).
 *
 * AWS matches the SAML NameID against the Identity Center `userName`, never against the email attribute (the NameID
 * must equal the userName: https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html), and
 * authentik's own defaults disagree (NameID "Email" vs SCIM `userName = username`; authentik source:
 * blueprints/system/providers-saml.yaml, providers-scim.yaml). So both expressions are generated from one
 * `identityAttribute` and start with the SAME Python block ({@link identityBlock}): identical source text,
 * identical normalisation, identical decision about who cannot be represented. They differ only in their tail.
 *
 * The expressions are plain Python 3, run by authentik's evaluator (authentik source:
 * authentik/core/expression/evaluator.py): wrapped in `def handler(<context keys>)`, exec'd with full builtins. They
 * read `request.user`, never bare `user`, because the SCIM user handler has no `user` parameter
 * (authentik/providers/scim/clients/users.py compiles the mappings with the context keys `provider, connection` only,
 * so a bare `user` is a NameError).
 *
 * Pure: no resources here. The Pulumi wiring lives next door; scripts/authentik_eval.py runs these strings
 * exactly as authentik does, and tests/mappings.spec.ts proves they agree for a corpus of hard cases.
 */
import type { IdentityAttribute } from "../args";

export interface MappingOptions {
    identityAttribute: IdentityAttribute;
    /** Skip `service_account` and `internal_service_account` users (defence in depth; the SCIM provider also excludes them). */
    excludeServiceAccounts: boolean;
    /**
     * Primary key of the SCIM provider that provisions AWS. The NameID mapping runs in the SAML provider's context
     * and reads what that SCIM provider stored from AWS for the user (`SCIMProviderUser`): it needs the pk baked in.
     * Omitted: the NameID mapping refuses everybody (fail closed), e.g. for text shown before the provider exists.
     */
    scimProviderPk?: string;
    /**
     * Internal, for the test suite only: generate the mappings WITHOUT the duplicate-identity check, to prove that
     * the invariant checker catches two people sharing one AWS user. Never set in the component.
     */
    unsafeWithoutCollisionCheck?: boolean;
}

export interface GeneratedMappings {
    /** SAML NameID property mapping (context: `user, http_request, request, provider`). */
    nameIdExpression: string;
    /** SCIM user property mapping (context: `request, provider, connection`). Must be the provider's ONLY user mapping. */
    scimUserExpression: string;
}

/**
 * The NameID format AWS expects (IAM Identity Center SAML: urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress);
 * also the SAML provider's default NameID policy.
 */
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

// Django's user_regex is these two alternatives (its source comments them "dot-atom" and "quoted-string").
const DJANGO_DOT_ATOM = /[-!#$%&'*+/=?^_`{}|~0-9a-z]+(?:\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*/;
const DJANGO_QUOTED_STRING = /"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-[\]-\x7f]|\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"/;
const DJANGO_LOCAL = new RegExp(`^(?:${DJANGO_DOT_ATOM.source}|${DJANGO_QUOTED_STRING.source})$`, "iu");
const DJANGO_LETTER = "a-z\u00a1-\uffff0-9";
const DJANGO_DOMAIN = new RegExp(
    `^[${DJANGO_LETTER}](?:[${DJANGO_LETTER}-]{0,61}[${DJANGO_LETTER}])?` +
        `(?:\\.(?!-)[${DJANGO_LETTER}-]{1,63}(?<!-))*\\.(?!-)(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)$`,
    "iu",
);

/**
 * {@link DJANGO_EMAIL_RULE} in TypeScript, for validating names given to the component. Stricter in two corners
 * only: address literals (`user@[192.0.2.1]`) and the Turkish `ı` and `İ` in a local part are refused.
 */
export function djangoAcceptsEmail(address: string): boolean {
    if (!address.includes("@") || [...address].length > 320) return false;
    const at = address.lastIndexOf("@");
    const local = address.slice(0, at);
    const domain = address.slice(at + 1);
    return DJANGO_LOCAL.test(local) && (domain === "localhost" || DJANGO_DOMAIN.test(domain));
}

/**
 * The identity block's decision in TypeScript, for validating names given to the component (e.g. an assignment's
 * `user`) by the same rules the mappings apply in authentik: why a normalised identity cannot be an AWS userName,
 * or undefined. tests/identityRules.spec.ts checks it against the Python over the whole corpus. (Whether another
 * authentik user shares the identity only authentik can tell.)
 */
export function identityProblem(identity: string, attribute: IdentityAttribute = "username"): string | undefined {
    if (identity.length === 0) return "it is empty";
    if (identity.length > MAX_USERNAME_LENGTH) return `it is longer than ${MAX_USERNAME_LENGTH} characters, the AWS userName limit`;
    const bad = [...new Set([...identity].filter((c) => USERNAME_EXCLUDED.includes(c) || !/[\p{L}\p{M}\p{S}\p{N}\p{P}]/u.test(c)))];
    if (bad.length > 0) return `it has characters AWS does not allow in a userName: ${bad.map((c) => JSON.stringify(c)).join(" ")}`;
    if (!new RegExp(`^(?:${EMAIL_SHAPE})$`).test(identity)) return "it is not an email address; AWS expects an emailAddress NameID";
    if (attribute === "email" && !djangoAcceptsEmail(identity))
        return "Django's validate_email rejects it, so authentik's SCIM client would refuse the user";
    return undefined;
}

/** The Python attribute each identity attribute reads. */
export function identitySource(attribute: IdentityAttribute): string {
    return attribute === "email" ? "request.user.email" : "request.user.username";
}

/** The authentik Event action a skip records (authentik → Events → Logs, filter by action). */
export const SKIP_EVENT_ACTION = "aws_identity_center_user_skipped";

/**
 * The action the skip Event is stored and shown under: authentik prefixes every action a mapping passes to
 * `ak_create_event` with `custom_` (authentik/events/models.py, `Event.new`: `EventAction.CUSTOM_PREFIX + action`).
 */
export const SKIP_EVENT_LOGGED_ACTION = `custom_${SKIP_EVENT_ACTION}`;

/** Seconds a skip's reason is remembered per (SCIM provider, user): the same reason is recorded again after that. */
export const SKIP_EVENT_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Django's `validate_email` (django/core/validators.py, `EmailValidator`, Django 5.2) written out in Python:
 * authentik's SCIM client validates every email of a body with it before sending (authentik
 * providers/scim/clients/schema.py), and a rejected one stops the sync of the whole page (lib/sync/outgoing/tasks.py).
 * The rule is Django's, checked against the real validator by tests/emailRule.spec.ts; the Python text is ours.
 */
export const DJANGO_EMAIL_RULE =
    String.raw`def django_accepts(address):
    # Django's validate_email, written out: authentik validates every SCIM email with it, and one it
    # rejects stops the sync of that user and of the rest of its page.
    if not address or "@" not in address or len(address) > 320:
        return False
    local, domain = address.rsplit("@", 1)
    # Local part: dot-atom, or a quoted string (ASCII only, compared case-insensitively as Django does).
    atom = "[-!#$%&'*+/=?^_` +
    "`" +
    String.raw`{}|~0-9a-z]+"
    quoted = '"(?:[\x01-\x08\x0b\x0c\x0e-\x1f!#-\\[\\]-\x7f]|\\\\[\x01-\x09\x0b\x0c\x0e-\x7f])*"'
    if re.fullmatch(atom + "(?:\\." + atom + ")*|" + quoted, local, re.IGNORECASE) is None:
        return False
    if domain == "localhost":
        return True
    # Domain: labels of letters (any script), digits and inner hyphens; a TLD of 2+ letters or punycode.
    letter = "a-z\u00a1-\uffff0-9"
    host = "[" + letter + "](?:[" + letter + "-]{0,61}[" + letter + "])?"
    labels = "(?:\\.(?!-)[" + letter + "-]{1,63}(?<!-))*"
    tld = "\\.(?!-)(?:[a-z\u00a1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)"
    if re.fullmatch(host + labels + tld, domain, re.IGNORECASE):
        return True
    # Or an address literal: [IPv4] or [IPv6] (at most 39 characters).
    literal = re.fullmatch("\\[([a-f0-9:.]+)\\]", domain, re.IGNORECASE)
    if literal is None:
        return False
    try:
        ipaddress.IPv4Address(literal.group(1))
        return True
    except ValueError:
        pass
    if len(literal.group(1)) > 39:
        return False
    try:
        ipaddress.IPv6Address(literal.group(1))
        return True
    except ValueError:
        return False`;

/** The comparison behind the duplicate check: one query, then the mapping's own normalisation in Python. */
function collisionCheck(opts: MappingOptions): string[] {
    if (opts.unsafeWithoutCollisionCheck) return ["# (duplicate-identity check disabled: test-only variant)"];
    const attr = opts.identityAttribute;
    const label = attr === "email" ? "email" : "username";
    const services = opts.excludeServiceAccounts ? `.exclude(type__in=(${SERVICE_ACCOUNT_TYPES.map((t) => `"${t}"`).join(", ")}))` : "";
    return [
        "# Nobody may share an AWS identity: AWS answers 409 to the second create and authentik then LINKS the second",
        "# person to the first one's AWS user (authentik providers/scim/clients/users.py). So everyone whose identity",
        "# is also another authentik user's is refused, whoever came first. One query: a case-insensitive",
        "# containment match (it also finds padded values), then the exact normalisation above, in Python.",
        "if reason is None:",
        "    from authentik.core.models import User",
        `    others = ` +
            `User.objects.filter(${attr}__icontains=identity).exclude(pk=account.pk)${services}.values_list("username", "${attr}")`,
        '    same = sorted({name for name, value in others if (value or "").strip().lower() == identity})',
        "    if same:",
        `        reason = "${label} %r is also the ${label} of %s: two people cannot share one ` +
            `AWS user; make it unique in authentik" % (identity, ", ".join(repr(n) for n in same))`,
    ];
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
        "import ipaddress",
        "import re",
        "import unicodedata",
        "",
        DJANGO_EMAIL_RULE,
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
    if (attr === "email") {
        lines.push(
            "elif not django_accepts(identity):",
            "    reason = \"email %r is not an address Django's validate_email accepts: " +
                "authentik's SCIM client would refuse it and stop its sync page\" % identity",
        );
    }
    lines.push("", ...collisionCheck(opts));
    return lines.join("\n");
}

function header(opts: MappingOptions, purpose: string): string {
    return [
        `# Generated by ${GENERATOR}: identityAttribute = "${opts.identityAttribute}". Do not edit here; change the stack.`,
        `# ${purpose}`,
    ].join("\n");
}

/** SCIM provider pks are integers; anything else is refused (it would be pasted into Python source). */
function providerPkLiteral(pk: string | undefined): string {
    if (pk === undefined) return "None";
    if (!/^[0-9]{1,18}$/.test(pk)) throw new Error(`SCIM provider pk ${JSON.stringify(pk)} is not an integer`);
    return pk;
}

function nameIdTail(opts: MappingOptions): string {
    return [
        "",
        "# --- SAML NameID ---",
        "# The NameID is only ever the userName AWS holds for THIS person: authentik keeps AWS's answer per user and",
        "# SCIM provider (SCIMProviderUser.attributes). Never provisioned, linked to an AWS user another authentik user",
        "# is linked to too, or AWS still holding an older userName (the change has not been synced): no NameID.",
        `scim_provider_pk = ${providerPkLiteral(opts.scimProviderPk)}  # the SCIM provider that provisions AWS`,
        "if reason is None and scim_provider_pk is None:",
        '    reason = "the NameID mapping was generated without the SCIM provider\'s id"',
        "if reason is None:",
        "    from authentik.providers.scim.models import SCIMProviderUser",
        "    # One query: every link to the AWS user(s) this person is linked to (the inner queryset is a subquery).",
        '    mine = SCIMProviderUser.objects.filter(provider__pk=scim_provider_pk, user__pk=account.pk).values_list("scim_id", flat=True)',
        "    links = list(SCIMProviderUser.objects.filter(provider__pk=scim_provider_pk, " +
            'scim_id__in=mine).values_list("user__pk", "attributes"))',
        "    held = [attributes for pk, attributes in links if pk == account.pk]",
        "    sharing = [pk for pk, attributes in links if pk != account.pk]",
        "    if not held:",
        '        reason = "not provisioned to AWS yet by SCIM provider %s: no NameID until AWS holds the user" % scim_provider_pk',
        "    elif sharing:",
        '        reason = "linked to the same AWS user as %d other authentik user(s): nobody signs in as it" % len(sharing)',
        '    elif (held[0] or {}).get("userName") != identity:',
        '        reason = "AWS holds userName %r for this user, not %r: the change ' +
            'reaches AWS with the next SCIM sync" % ((held[0] or {}).get("userName"), identity)',
        "if reason is not None:",
        "    # None makes authentik fall back to the user's hashed uid, which matches no AWS userName:",
        "    # the sign-in fails closed.",
        '    ak_logger.warning("aws-identity-center: no SAML NameID for this user", username=account.username, reason=reason)',
        "    return None",
        "return identity",
    ].join("\n");
}

function scimTail(opts: MappingOptions): string {
    const emailLines =
        opts.identityAttribute === "email"
            ? [
                  "# AWS takes at most one email and it must be primary: the identity itself, already checked above.",
                  'emails = [{"value": identity, "type": "work", "primary": True}]',
              ]
            : [
                  "# AWS takes at most one email and it must be primary. One Django's validate_email rejects would make",
                  "# authentik refuse the whole user (and stop its sync page): it is left out, the user is still provisioned.",
                  'email = (account.email or "").strip().lower()',
                  "emails = []",
                  "if re.fullmatch(email_shape, email) and django_accepts(email):",
                  '    emails = [{"value": email, "type": "work", "primary": True}]',
              ];
    return [
        "",
        "# --- SCIM user ---",
        "if reason is not None:",
        '    ak_logger.warning("aws-identity-center: user not provisioned to AWS", username=account.username, reason=reason)',
        "    # An authentik Event makes the skip visible (Events → Logs); a full sync evaluates everyone every 4 hours,",
        "    # so the reason is remembered per provider and user in authentik's cache and recorded again only when it",
        `    # changes (or after ${SKIP_EVENT_TTL_SECONDS / 86400} days).`,
        "    from django.core.cache import cache",
        '    seen_key = "goauthentik.io/aws-identity-center/skip/%s/%s" % (provider.pk, account.pk)',
        "    if cache.get(seen_key) != reason:",
        `        ak_create_event("${SKIP_EVENT_ACTION}", message="not provisioned to AWS: %s" % reason, ` +
            `username=account.username, user_pk=account.pk, reason=reason, scim_provider=provider.name)`,
        `        cache.set(seen_key, reason, ${SKIP_EVENT_TTL_SECONDS})`,
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
        ...emailLines,
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
}

/** Both expressions for one identity attribute. Deterministic: the same options give byte-identical text. */
export function generateMappings(opts: MappingOptions): GeneratedMappings {
    const block = identityBlock(opts);
    return {
        nameIdExpression: [
            header(opts, "SAML NameID for AWS IAM Identity Center: the userName AWS holds for this user, nothing otherwise."),
            block,
            nameIdTail(opts),
        ].join("\n"),
        scimUserExpression: [
            header(opts, "SCIM user for AWS IAM Identity Center: the provider's only user mapping; userName equals the SAML NameID."),
            block,
            scimTail(opts),
        ].join("\n"),
    };
}
