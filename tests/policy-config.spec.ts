/**
 * Policy pack config as the engine checks it (policy/packConfig.ts), and config schemas the engine accepts: every
 * `pattern` compiles under RE2 (re2js, a port of RE2: no lookaround, no backreferences), which is what the engine's
 * Go JSON-schema validator uses.
 */
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { RE2JS } from "re2js";
import * as packLimits from "../policy/limits";
import { jsonErrorOffset, parsePolicyPackConfig, PolicyPackConfigError, policyPackConfigProblems } from "../policy/packConfig";
import { policies } from "../policy/policies";
import { runPackOverResources } from "../policy/runner";
import { plan } from "../scripts/plan";

function patternsOf(schema: unknown, at: string, out: { at: string; pattern: string }[] = []): { at: string; pattern: string }[] {
    if (schema === null || typeof schema !== "object") return out;
    for (const [k, v] of Object.entries(schema)) {
        if (k === "pattern" && typeof v === "string") out.push({ at, pattern: v });
        else if (k === "patternProperties" && v && typeof v === "object") {
            for (const [p, sub] of Object.entries(v)) {
                out.push({ at: `${at}.patternProperties`, pattern: p });
                patternsOf(sub, `${at}.patternProperties[${p}]`, out);
            }
        } else patternsOf(v, `${at}.${k}`, out);
    }
    return out;
}

describe("policy config schemas: valid under RE2, as the engine compiles them", () => {
    const all = policies.flatMap((p) => patternsOf(p.configSchema, p.name));

    it("the pack's schemas have patterns to check (the duration of permission-set-limits)", () => {
        assert.ok(all.some((p) => p.at.startsWith("permission-set-limits")));
    });

    for (const { at, pattern } of all) {
        it(`${at}: compiles under RE2`, () => {
            assert.doesNotThrow(() => RE2JS.compile(pattern), `${at}: ${pattern}`);
        });
    }

    it("the check itself refuses lookaround and backreferences (it can fail)", () => {
        for (const bad of ["^(?=\\d)\\d$", "(?!x)y", "(?<=a)b", "(a)\\1"]) assert.throws(() => RE2JS.compile(bad), bad);
    });
});

describe("the ISO-8601 duration pattern without lookahead", () => {
    /** The pattern AWS publishes for CreatePermissionSet SessionDuration (with the lookahead RE2 refuses). */
    const AWS_PATTERN = /^(-?)P(?=\d|T\d)(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)([DW]))?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;
    const table = [
        "PT1H",
        "PT12H",
        "PT8H30M",
        "PT90M",
        "PT1.5S",
        "PT0.5S",
        "P1D",
        "P1W",
        "P1Y2M3D",
        "P1DT2H",
        "P1DT",
        "-PT1H",
        "P1M",
        "PT1M",
        "P",
        "PT",
        "-P",
        "-PT",
        "PTH",
        "P1",
        "PT1",
        "1H",
        "pt1h",
        "PT1H ",
        "P1D1W",
        "PT1.5H",
        "",
        "P1YT",
        "PT1H1M1S",
        "P1Y1M1W",
        "PT1S1M",
        "P1MT1M",
        "P-1D",
        "PT.5S",
        "PT1.S",
        "P1YT1.25S",
        "--PT1H",
        "PT4h",
        "4h",
    ];

    it("accepts and refuses exactly what AWS's pattern does, on a table", () => {
        for (const d of table) assert.equal(packLimits.ISO_8601_DURATION.test(d), AWS_PATTERN.test(d), d);
    });

    it("agrees with AWS's pattern on 20,000 generated strings", () => {
        let seed = 42;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        const alphabet = ["P", "T", "Y", "M", "W", "D", "H", "S", "1", "12", "0", ".", "5", "-"];
        let accepted = 0;
        for (let i = 0; i < 20_000; i++) {
            let d = next() < 0.8 ? "P" : "";
            if (next() < 0.1) d = `-${d}`;
            const n = Math.floor(next() * 7);
            for (let k = 0; k < n; k++) d += alphabet[Math.floor(next() * alphabet.length)];
            const expected = AWS_PATTERN.test(d);
            if (expected) accepted++;
            assert.equal(packLimits.ISO_8601_DURATION.test(d), expected, d);
            assert.equal(RE2JS.compile(packLimits.ISO_8601_DURATION.source).matches(d), expected, `RE2: ${d}`);
        }
        assert.ok(accepted > 200, `only ${accepted} valid durations generated`);
    });

    it("reads the same number of seconds as before (one rule, shared by the pack and the component)", () => {
        const seconds: Record<string, number | undefined> = {
            PT1H: 3600,
            PT8H30M: 30600,
            P1DT: 86400,
            "-PT1H": -3600,
            PT1_5S: undefined,
            PT: undefined,
            P: undefined,
            "PT1.5S": 1.5,
        };
        for (const [d, s] of Object.entries(seconds)) {
            assert.equal(packLimits.parseIsoDurationSeconds(d), s, d);
        }
    });
});

describe("policy pack config: validated like the engine does, every problem at once", () => {
    it("accepts the pack's own shapes", () => {
        assert.deepEqual(policyPackConfigProblems({}, policies), []);
        assert.deepEqual(
            policyPackConfigProblems(
                {
                    all: "mandatory",
                    "permission-set-limits": { enforcementLevel: "advisory", maxSessionDuration: "PT8H" },
                    "identity-mappings-verifiable": "mandatory",
                    "no-admin-to-individual-users": { exemptPrincipalIds: ["906700b2bc-1111aaaa-2222-3333-4444-555566667777"] },
                },
                policies,
            ),
            [],
        );
    });

    it("refuses a wrong type, a value off the pattern, an unknown level, an unknown policy and an unknown setting", () => {
        const problems = policyPackConfigProblems(
            {
                "permission-set-limits": { maxSessionDuration: "4h" },
                "saml-signed-assertions": "strict",
                "identity-mapings-verifiable": "mandatory",
                "no-admin-to-individual-users": { exemptPrincipalIds: "break-glass", enforcementLevel: "warn" },
                "scim-provisioning-scoped": { awsonly: false },
                "saml-nameid-matches-scim-userName": { awsOnly: "no" },
            },
            policies,
        );
        const text = problems.join("\n");
        assert.match(text, /permission-set-limits\.maxSessionDuration = "4h": must match pattern/);
        assert.match(text, /saml-signed-assertions = "strict": not an enforcement level.*"advisory", "mandatory", "remediate", "disabled"/);
        assert.match(text, /"identity-mapings-verifiable" is not a policy of this pack.*did you mean "identity-mappings-verifiable"/);
        assert.match(text, /no-admin-to-individual-users\.exemptPrincipalIds = "break-glass": must be array/);
        assert.match(text, /no-admin-to-individual-users\.enforcementLevel = "warn": must be equal to one of the allowed values/);
        assert.match(text, /scim-provisioning-scoped\.awsonly = false: not a setting/);
        assert.match(text, /saml-nameid-matches-scim-userName\.awsOnly = "no": must be boolean/);
        assert.equal(problems.length, 7, text);
    });

    it("the runner refuses such a config before running any policy, like the engine", async () => {
        await assert.rejects(
            runPackOverResources([], { "permission-set-limits": { maxSessionDuration: "4h" } }),
            (e: unknown) => e instanceof PolicyPackConfigError && /maxSessionDuration/.test((e as Error).message),
        );
    });

    it("names the file, line and column of malformed JSON", () => {
        const text = '{\n  "all": "mandatory",\n  "permission-set-limits": { "maxSessionDuration": "PT8H" \n}';
        assert.throws(
            () => parsePolicyPackConfig(text, "policy-config.json", policies),
            (e: unknown) => {
                assert.ok(e instanceof PolicyPackConfigError);
                assert.match(e.message, /policy-config\.json: not valid JSON at line 4, column 2/);
                return true;
            },
        );
        assert.throws(() => parsePolicyPackConfig("[1]", "c.json", policies), /c\.json.*must be a JSON object/s);
        for (const [bad, offset] of [
            ['{"a": }', 6],
            ["{'a': 1}", 1],
            ['{"a": 1,}', 8],
            ['{"a": tru}', 6],
            ["[1 2]", 3],
            ['{"a": "x\n"}', 8],
        ] as const) {
            assert.throws(() => JSON.parse(bad));
            assert.equal(jsonErrorOffset(bad), offset, bad);
        }
    });

    it("the offline plan exits 2 on a bad --policy-config, with the file named", async function () {
        this.timeout(120_000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "policy-config-"));
        const bad = path.join(dir, "bad.json");
        fs.writeFileSync(bad, '{"permission-set-limits": {"maxSessionDuration": "4h"}, "all": "loud"}');
        const result = await plan({ stack: "prod", policyConfigFile: bad });
        assert.equal(result.exitCode, 2);
        assert.match(result.text, /bad\.json/);
        assert.match(result.text, /maxSessionDuration = "4h"/);
        assert.match(result.text, /all = "loud": not an enforcement level/);
        const malformed = path.join(dir, "malformed.json");
        fs.writeFileSync(malformed, '{"all": }');
        const second = await plan({ stack: "prod", policyConfigFile: malformed });
        assert.equal(second.exitCode, 2);
        assert.match(second.text, /malformed\.json: not valid JSON at line 1, column 9/);
    });
});
