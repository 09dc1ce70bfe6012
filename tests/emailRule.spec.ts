import { strict as assert } from "node:assert";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { DJANGO_EMAIL_RULE, djangoAcceptsEmail } from "../components/authentik/mappings";
import { harnessPython } from "../scripts/pythonEnv";
import type { AuthentikUser } from "../scripts/mappingCheck";

const CORPUS: AuthentikUser[] = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "authentik-users.json"), "utf8"));

/** Deterministic addresses around every corner of Django's rule (≥ 200 of them). */
function generatedAddresses(): string[] {
    const locals = [
        "a",
        "first.last",
        "first..last",
        ".first",
        "last.",
        "o'brien",
        "plus+tag",
        "a,b",
        "a b",
        "jürgen",
        "zoë",
        "🚀rocket",
        "\u212Aelvin",
        "\u017Fam",
        "\u0131lker",
        "İlker",
        '"quoted"',
        '"quoted space"',
        '"a\\"b"',
        '"unterminated',
        '""',
        "x".repeat(63),
        "x".repeat(64),
        "x".repeat(65),
        "UPPER",
        "under_score",
        "hy-phen",
        "slash/ok",
        "{curly}",
        "eq=ual",
        "percent%",
        "semi;colon",
        "colon:",
        "<angle>",
        "back\\slash",
        "tab\there",
        "nul\u0000l",
    ];
    const domains = [
        "example.com",
        "EXAMPLE.COM",
        "example.c",
        "exa_mple.com",
        "exämple.com",
        "例え.jp",
        "xn--bcher-kva.example",
        "example.xn--p1ai",
        "localhost",
        "example",
        "-example.com",
        "example-.com",
        "ex--ample.com",
        "sub.sub.example.org",
        "example.com.",
        "[192.0.2.1]",
        "[IPv6:2001:db8::1]",
        "[2001:db8::1]",
        "[300.1.1.1]",
        `${"l".repeat(63)}.com`,
        `${"l".repeat(64)}.com`,
        "example.123",
        "e.x-y",
    ];
    const out = new Set<string>();
    for (const l of locals) for (const d of domains.slice(0, 6)) out.add(`${l}@${d}`);
    for (const d of domains) for (const l of locals.slice(0, 4)) out.add(`${l}@${d}`);
    // Total lengths at and around 254 and 320 (Django's limit).
    for (const total of [253, 254, 255, 319, 320, 321]) {
        const domain = `${"d".repeat(60)}.${"e".repeat(60)}.${"f".repeat(60)}.com`;
        const local = "l".repeat(Math.max(1, total - domain.length - 1));
        out.add(`${local}@${domain}`);
        out.add(`${"l".repeat(64)}@${"m".repeat(Math.max(1, total - 65 - 4))}.com`);
    }
    for (const odd of ["", "@", "a@", "@example.com", "a@@example.com", "a@b@example.com", "no-at-sign"]) out.add(odd);
    return [...out];
}

describe("the mappings' email rule is Django's validate_email (the real one, pinned in requirements-test.txt)", function () {
    this.timeout(60000);
    const addresses = [
        ...new Set([
            ...CORPUS.map((u) => (u.email ?? "").trim().toLowerCase()),
            ...CORPUS.map((u) => u.email ?? ""),
            ...generatedAddresses(),
        ]),
    ];
    let results: { address: string; rule: boolean; django: boolean }[] = [];
    let version = "";

    before(() => {
        const run = spawnSync(harnessPython(), [path.join(__dirname, "harness", "email_rule_check.py")], {
            input: JSON.stringify({ rule: DJANGO_EMAIL_RULE, addresses }),
            encoding: "utf8",
        });
        assert.equal(run.status, 0, run.stderr);
        ({ results, django: version } = JSON.parse(run.stdout));
    });

    it("runs Django 5.2.19 over the corpus and at least 200 generated addresses", () => {
        assert.equal(version, "5.2.19");
        assert.ok(generatedAddresses().length >= 200, `${generatedAddresses().length} generated`);
        assert.equal(results.length, addresses.length);
        assert.ok(
            results.filter((r) => r.django).length > 50 && results.filter((r) => !r.django).length > 50,
            "both verdicts are exercised",
        );
    });

    it("accepts exactly what Django accepts", () => {
        const differ = results
            .filter((r) => r.rule !== r.django)
            .map((r) => `${JSON.stringify(r.address)}: rule ${r.rule}, Django ${r.django}`);
        assert.deepEqual(differ, []);
    });

    it("rejects the addresses authentik's own notes name", () => {
        for (const a of ["jürgen@example.com", "first..last@example.com", "user@example.c", "user@exa_mple.com", "a,b@example.com"]) {
            assert.equal(results.find((r) => r.address === a)?.django, false, a);
            assert.equal(results.find((r) => r.address === a)?.rule, false, a);
        }
    });

    it("the TypeScript copy (for validating names given to the component) never accepts what Django rejects", () => {
        for (const r of results) if (djangoAcceptsEmail(r.address)) assert.equal(r.django, true, r.address);
        const missed = results.filter((r) => r.django && !djangoAcceptsEmail(r.address)).map((r) => r.address);
        // Stricter only for address literals and the Turkish ı / İ (JavaScript's case folding does not map them to i / I).
        for (const a of missed) assert.match(a, /@\[|[\u0130\u0131]/u, a);
    });
});
