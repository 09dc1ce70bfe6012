/**
 * The deterministic authentik user corpus behind tests/fixtures/authentik-users.json: named hard cases
 * (the ways a real directory breaks an AWS identity) plus 200 ordinary users from a seeded generator.
 *
 * Regenerate the fixture with:  npx ts-node tests/harness/userCorpus.ts
 * (tests/mappings.spec.ts fails if the committed JSON and this generator drift apart).
 */
import { createHash } from "node:crypto";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import type { AuthentikUser } from "../../scripts/mappingCheck";

export const CORPUS_PATH = path.join(__dirname, "..", "fixtures", "authentik-users.json");

type Seed = Omit<AuthentikUser, "pk" | "uid" | "uuid">;

/** authentik's uid is sha256("<id>-<install id>"); any fixed install id gives realistic values. */
function uidOf(pk: number): string {
    return createHash("sha256").update(`${pk}-corpus-install-0001`).digest("hex");
}

function uuidOf(pk: number): string {
    const h = createHash("sha256").update(`uuid-${pk}`).digest("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

const LONG_LOCAL_128 = "a".repeat(128 - "@example.com".length); // email of exactly 128 characters

/** Hard cases, keyed by their (unique) username. Comments say what each one probes. */
export const HARD_CASES: Seed[] = [
    { username: "cher", email: "cher@example.com", name: "Cher" }, // one-word name
    { username: "empty.name@example.com", email: "empty.name@example.com", name: "" }, // empty name
    { username: "blank.name@example.com", email: "blank.name@example.com", name: "  \t  " }, // whitespace-only name
    { username: "null.name@example.com", email: "null.name@example.com", name: null }, // null name
    { username: "no-email", email: "", name: "No Email" }, // no email, username not an email
    { username: "noemail.username@example.com", email: "", name: "Username Only" }, // no email, email-shaped username
    { username: "null.email@example.com", email: null, name: "Null Email" }, // null email
    { username: "upper.case", email: "John.UPPER@Example.COM", name: "John Upper" }, // upper-case email
    { username: "padded.email", email: "  padded@example.com \t", name: "Padded Email" }, // padded email
    { username: "  Mixed.Case@Example.ORG ", email: "mixed@example.org", name: "Mixed Case" }, // padded, upper-case username
    { username: "Same.Person@Example.com", email: "same.person@example.com", name: "Same Person" }, // username = email up to case
    { username: "zoe", email: "zoe.angstrom@example.com", name: "Zoë Ångström" }, // accented name
    { username: "李小龙", email: "xiaolong.li@example.cn", name: "李小龙" }, // CJK username and one-word name
    { username: "zoë@exämple.com", email: "ZOË@EXÄMPLE.COM", name: "Zoë Unicode" }, // unicode email and username
    { username: "José.Núñez@Example.com", email: "jose.nunez@example.com", name: "José Núñez" }, // unicode username
    { username: "İlker", email: "İlker.Öz@example.com.tr", name: "İlker Öz" }, // dotted capital I lower-cases to i + U+0307
    { username: "rocket", email: "🚀rocket@example.com", name: "Rocket 🚀 Person" }, // emoji in email and name
    { username: "emoji.only", email: "emoji.only@example.com", name: "🚀" }, // emoji-only name
    { username: "family.emoji", email: "family.emoji@example.com", name: "Family 👨‍👩‍👧 Emoji" }, // ZWJ sequence in name
    // 129-char username
    { username: `${"u".repeat(129 - "@example.com".length)}@example.com`, email: "long.username@example.com", name: "Long Username" },
    { username: "long.email", email: `${"e".repeat(129 - "@example.com".length)}@example.com`, name: "Long Email" }, // 129-char email
    { username: "max.email", email: `${LONG_LOCAL_128}@example.com`, name: "Max Email" }, // exactly 128 characters
    { username: "emoji.long", email: `${"🚀".repeat(60)}@example.com`, name: "Emoji Long" }, // 72 code points, 132 UTF-16 units
    { username: "inactive.user@example.com", email: "inactive.user@example.com", name: "Inactive User", is_active: false }, // inactive
    { username: "svc-backup", email: "svc-backup@example.com", name: "Backup Service", type: "service_account" }, // service account
    // email-shaped service account
    { username: "svc.mailer@example.com", email: "svc.mailer@example.com", name: "Mailer", type: "service_account" },
    {
        username: "ak-outpost-3f2a",
        email: "",
        name: "Outpost ak-outpost-3f2a",
        type: "internal_service_account",
        path: "goauthentik.io/outposts",
    }, // internal service account
    { username: "external.partner", email: "partner@partner.example", name: "External Partner", type: "external" }, // external user
    { username: "mary.jane", email: "mary.jane@example.com", name: "Mary   Jane    Watson" }, // duplicated spaces
    { username: "anna.cruz", email: "anna.cruz@example.com", name: "Anna Maria de la Cruz" }, // 5 words
    { username: "leading.trailing", email: "leading.trailing@example.com", name: "  Padded Name  " }, // padded name
    { username: "tab.in.name", email: "tab.in.name@example.com", name: "Tab\tSeparated\nName" }, // tab/newline in name
    { username: "zero.width", email: "zero.width@example.com", name: "Zero\u200bWidth Person" }, // zero-width space
    { username: "nbsp", email: "nbsp@example.com", name: "Non\u00a0Breaking" }, // non-breaking space
    { username: "control.chars", email: "control.chars@example.com", name: "\u0000\u0007\u001b" }, // control characters only
    { username: "long.name", email: "long.name@example.com", name: `Long ${"x".repeat(1100)}` }, // name over 1024
    { username: "percent", email: "percent%sign@example.com", name: "Percent Sign" }, // % not allowed in userName
    { username: "colon", email: "colon:user@example.com", name: "Colon User" }, // : not allowed in userName
    { username: "semicolon", email: "semi;colon@example.com", name: "Semi Colon" }, // ; not allowed in userName
    { username: "angle", email: "<angle>@example.com", name: "Angle Brackets" }, // < > not allowed
    { username: "<script>@example.com", email: "script@example.com", name: "Script Tag" }, // < > in username
    { username: "space.inside", email: "john doe@example.com", name: "Space Inside" }, // space inside email
    { username: "not.an.email", email: "not-an-email", name: "Not An Email" }, // email not email-shaped
    { username: "no.dot.domain", email: "user@localhost", name: "Localhost" }, // domain without dot
    { username: "two.ats", email: "two@ats@example.com", name: "Two Ats" }, // two @
    { username: "plus.tag", email: "plus+tag@example.com", name: "Plus Tag" }, // + is fine
    { username: "Administrator", email: "administrator@example.com", name: "Administrator" }, // AWS-reserved name as username
    { username: "dup.lower", email: "dup@example.com", name: "Dup Lower" }, // same email as dup.upper up to case
    { username: "dup.upper", email: "DUP@Example.com", name: "Dup Upper" },
    // avatar URL → no photos
    { username: "avatar.url", email: "avatar.url@example.com", name: "Avatar Url", avatar: "https://example.com/avatar.png" },
    {
        username: "groups.member",
        email: "groups.member@example.com",
        name: "Groups Member",
        groups_obj: [{ name: "aws-users" }],
        attributes: { settings: { locale: "de" } },
    },
    // Username mode: distinct email-shaped usernames, one mailbox (emails equal up to case): AWS's primary email
    // must be unique, so the second SCIM create fails. In email mode they are a userName collision instead.
    { username: "shared.inbox.anna@example.com", email: "Shared.Inbox@example.com", name: "Shared Inbox Anna" },
    { username: "shared.inbox.ben@example.com", email: "shared.inbox@EXAMPLE.COM", name: "Shared Inbox Ben" },
    // Same mailbox up to case and padding: one AWS user if provisioned (409 → link), so both are skipped.
    { username: "alice.first", email: "Alice@x.io", name: "Alice First" },
    { username: "alice.second", email: " alice@X.IO ", name: "Alice Second" },
    // The Kelvin sign K lower-cases to "k" in Python but PostgreSQL's UPPER keeps it: the duplicate query misses it,
    // AWS answers 409, authentik links both to one AWS user, and the NameID guard (one link per AWS user) refuses both.
    { username: "kelvin.ascii", email: "kelvin@example.com", name: "Kelvin Ascii" },
    { username: "kelvin.sign", email: "\u212Aelvin@example.com", name: "Kelvin Sign" },
    // Addresses Django's validate_email rejects (authentik's SCIM schema would stop the page): skipped in email mode.
    { username: "jurgen.umlaut", email: "jürgen@example.com", name: "Jürgen Umlaut" },
    { username: "double.dot", email: "first..last@example.com", name: "Double Dot" },
    { username: "short.tld", email: "user@example.c", name: "Short Tld" },
    { username: "underscore.domain", email: "user@exa_mple.com", name: "Underscore Domain" },
    { username: "comma.local", email: "a,b@example.com", name: "Comma Local" },
    // Username mode: usernames equal up to case (authentik's are unique only as typed): one AWS userName.
    { username: "Bob.Case@example.com", email: "bob.one@example.com", name: "Bob Upper" },
    { username: "bob.case@example.com", email: "bob.two@example.com", name: "Bob Lower" },
    // Username mode: an email-shaped username whose email Django rejects: provisioned without the email.
    { username: "django.rejects@example.com", email: "first..last@example.org", name: "Django Rejects" },
];

const FIRST = [
    "Alice",
    "Bob",
    "Carla",
    "David",
    "Émilie",
    "François",
    "Günther",
    "Hana",
    "Ingrid",
    "Jürgen",
    "Kateřina",
    "Łukasz",
    "Marta",
    "Nguyễn",
    "Olaf",
    "Priya",
    "Quentin",
    "Rosa",
    "Søren",
    "Tomás",
    "Ulla",
    "Vikram",
    "Wen",
    "Xavier",
    "Yuki",
    "Zainab",
];
const LAST = [
    "Smith",
    "Müller",
    "O'Brien",
    "García",
    "van der Berg",
    "Nowak",
    "Dubois",
    "Kowalski",
    "Øster",
    "Tanaka",
    "Ivanova",
    "Papadopoulos",
    "De Luca",
    "Hernández",
    "Ng",
    "Sánchez-Vidal",
];
const MIDDLE = ["Marie", "José", "Ann", "Lee"];
const DOMAINS = ["example.com", "corp.example.org", "eu.example.net"];

/** mulberry32: small seeded PRNG, so the corpus is the same on every machine. */
export function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** Letters NFD does not decompose. */
const STROKED: { [c: string]: string } = { Ø: "O", ø: "o", Ł: "L", ł: "l" };

/** ASCII local-part token of a name: "Sánchez-Vidal" → "sanchez-vidal", "O'Brien" → "obrien". */
function token(s: string): string {
    return s
        .normalize("NFD")
        .replace(/\p{M}/gu, "")
        .replace(/[ØøŁł]/g, (c) => STROKED[c] ?? c)
        .replace(/[^A-Za-z-]/g, "")
        .toLowerCase();
}

function ordinaryUsers(count: number): Seed[] {
    const rand = prng(20260705);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
    const users: Seed[] = [];
    for (let i = 0; i < count; i++) {
        const first = pick(FIRST);
        const last = pick(LAST);
        const middle = i % 11 === 0 ? pick(MIDDLE) : undefined;
        const name = i % 29 === 0 ? first : [first, middle, last].filter(Boolean).join(" ");
        const local = `${token(first)}.${token(last)}${i}`;
        let email = `${local}@${pick(DOMAINS)}`;
        if (i % 7 === 0) email = email.replace(/^./, (c) => c.toUpperCase()).replace(/@.*/, (d) => d.toUpperCase());
        if (i % 23 === 0) email = `  ${email} `;
        const style = i % 3;
        const username = style === 0 ? email.trim() : style === 1 ? local : `${token(first)[0]}${token(last)}${i}`;
        const seed: Seed = { username, email, name };
        if (i % 13 === 0) seed.is_active = false;
        if (i % 19 === 0) seed.type = "external";
        if (i % 5 === 0) seed.groups_obj = [{ name: "aws-users" }];
        users.push(seed);
    }
    return users;
}

/**
 * Histories the harness plays against the corpus (steps of scripts/authentik_eval.py), keyed by what they probe.
 * pks refer to {@link buildUserCorpus}; `byUsername` finds them.
 */
export function corpusPk(username: string): number {
    const i = HARD_CASES.findIndex((u) => u.username === username);
    if (i < 0) throw new Error(`no hard case ${username}`);
    return 1001 + i;
}

/** The whole corpus: hard cases first, then 200 ordinary users; pks from 1001. */
export function buildUserCorpus(): AuthentikUser[] {
    return [...HARD_CASES, ...ordinaryUsers(200)].map((seed, i) => {
        const pk = 1001 + i;
        return {
            pk,
            username: seed.username,
            email: seed.email,
            name: seed.name,
            is_active: seed.is_active ?? true,
            type: seed.type ?? "internal",
            uid: uidOf(pk),
            uuid: uuidOf(pk),
            path: seed.path ?? "users",
            attributes: seed.attributes ?? {},
            avatar: seed.avatar ?? "data:image/svg+xml;base64,PHN2Zy8+",
            groups_obj: seed.groups_obj ?? [],
        };
    });
}

if (require.main === module) {
    writeFileSync(CORPUS_PATH, `${JSON.stringify(buildUserCorpus(), null, 2)}\n`);
    console.log(`wrote ${CORPUS_PATH}`);
}
