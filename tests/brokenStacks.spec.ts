import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadUsers, plan, PlanResult, UsageError } from "../scripts/plan";

/**
 * Replays a corpus of broken stack files (tests/fixtures/broken-stacks, one per bad-input case, made by its
 * generate.py) through the real `npm run plan` code path, in process: no case may crash, none may be accepted, and
 * every problem line names the field, the value, the rule and the fix.
 */
const DIR = path.join(__dirname, "fixtures", "broken-stacks");
const CASES = fs
    .readdirSync(DIR)
    .filter((f) => /^Pulumi\..+\.yaml$/.test(f))
    .map((f) => f.slice("Pulumi.".length, -".yaml".length))
    .sort();
// `  3. <field> = <value>: <rule>. Fix: <fix>`
const PROBLEM_LINE = /^ {2}\d+\. (\S.*?) = (.+?): (.+)\. Fix: (.+)$/;
const SECRETS = ["plain-scim-token-value", "plain-authentik-token-value", "plain-api-token-value"];

function expectations(stack: string): RegExp[] {
    return fs
        .readFileSync(path.join(DIR, `Pulumi.${stack}.yaml`), "utf8")
        .split("\n")
        .filter((l) => l.startsWith("# expect: "))
        .map((l) => new RegExp(l.slice("# expect: ".length)));
}

/** The assertions every broken stack file must pass. */
function assertRejectedClearly(stack: string, r: PlanResult, expected: RegExp[]): void {
    assert.equal(r.exitCode, 2, `${stack}: exit code 2, got ${r.exitCode}:\n${r.text}`);
    assert.deepEqual(r.resources, [], `${stack}: nothing registered`);
    assert.match(r.text, /Invalid configuration, nothing would be created/, stack);
    assert.doesNotMatch(r.text, /\n\s+at .+:\d+:\d+\)?/, `${stack}: no stack trace`);
    assert.doesNotMatch(
        r.text,
        /js-yaml|YAMLException|TypeError|RangeError|Maximum call stack|undefined \(reading/,
        `${stack}: no internal error`,
    );
    assert.doesNotMatch(r.text, /Pulumi\.test\.yaml/, `${stack}: names the user's stack file, not the mock's`);
    for (const s of SECRETS) assert.ok(!r.text.includes(s), `${stack}: a secret is never echoed`);
    const lines = r.text.split("\n").filter((l) => /^ {2}\d+\. /.test(l));
    assert.ok(lines.length > 0, `${stack}: at least one problem`);
    for (const line of lines) {
        const m = PROBLEM_LINE.exec(line);
        assert.ok(m, `${stack}: "${line}" names field, value, rule and fix`);
        const [, field, value, rule, fix] = m;
        for (const part of [field, value, rule, fix]) assert.ok(part.trim().length > 0, `${stack}: empty part in ${line}`);
        assert.ok(line.length < 1200, `${stack}: a readable line (${line.length} characters)`);
    }
    for (const e of expected) assert.match(r.text, e, `${stack}: says ${e}`);
}

describe("broken stack files through `npm run plan`", function () {
    this.timeout(60_000);

    it(`the corpus has at least 60 cases (${CASES.length})`, () => {
        assert.ok(CASES.length >= 60);
        for (const c of CASES) assert.ok(expectations(c).length > 0, `${c} says what it expects`);
    });

    const tally = { crashed: 0, accepted: 0 };
    for (const stack of CASES) {
        it(`rejects ${stack} clearly`, async () => {
            let r: PlanResult;
            try {
                r = await plan({ stack, dir: DIR });
            } catch (e) {
                tally.crashed++;
                throw e;
            }
            if (r.exitCode === 0) tally.accepted++;
            assertRejectedClearly(stack, r, expectations(stack));
        });
    }
    after(() => {
        assert.deepEqual(tally, { crashed: 0, accepted: 0 });
    });

    it("rejects a 20 MB stack file (a pasted metadata file) by its size, before parsing", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-stack-"));
        try {
            const prod = fs.readFileSync(path.join(__dirname, "..", "Pulumi.prod.yaml"), "utf8");
            const xml = `<md:EntityDescriptor>${"<a>".repeat(7 * 1024 * 1024)}`;
            fs.writeFileSync(
                path.join(dir, "Pulumi.huge.yaml"),
                prod.replace("      samlAcsUrl:", `      samlMetadataXml: "${xml}"\n      samlAcsUrl:`),
            );
            const started = Date.now();
            const r = await plan({ stack: "huge", dir });
            assertRejectedClearly("huge", r, [/Pulumi\.huge\.yaml = 2\d\.\d MB/, /refused before parsing/]);
            assert.ok(Date.now() - started < 2000, "refused without reading it as YAML");
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("reports every problem of a stack file at once", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-stack-"));
        try {
            const prod = fs.readFileSync(path.join(__dirname, "..", "Pulumi.prod.yaml"), "utf8");
            fs.writeFileSync(
                path.join(dir, "Pulumi.many.yaml"),
                prod
                    .replace("      usersGroup: aws-users", '      usersGroup: " aws-users"\n      apiUrl: http://authentik.example.com')
                    .replace("        managedPolicies:", "        managedPolicy:")
                    .replace('          - "111111111111"', "          - 111111111111") + "    principalWait:\n      timeoutSeconds: .inf\n",
            );
            const r = await plan({ stack: "many", dir });
            assertRejectedClearly("many", r, [
                /federation\.authentik\.usersGroup/,
                /federation\.authentik\.apiUrl/,
                /managedPolicy\b.*did you mean "managedPolicies"/,
                /accounts\[0\].*--type string/,
                /timeoutSeconds = \.inf/,
            ]);
            assert.match(r.text, /\(Pulumi\.many\.yaml, 5 problems\)/);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });

    it("a users file that is not JSON is a usage error naming the file, not a stack trace", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "broken-users-"));
        try {
            const file = path.join(dir, "users.json");
            fs.writeFileSync(file, '[{"username": ');
            assert.throws(
                () => loadUsers(file),
                (e: unknown) => e instanceof UsageError && e.message.startsWith(`${file}: not valid JSON`) && /Fix: /.test(e.message),
            );
            assert.throws(
                () => loadUsers(path.join(dir, "missing.json")),
                (e: unknown) => e instanceof UsageError && /no such file/.test(e.message),
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
