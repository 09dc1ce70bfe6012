import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as awsLimits from "../policy/rules/awsLimits";
import * as endpoints from "../policy/rules/endpoints";
import { nonWhitespaceLength } from "../policy/rules/inlinePolicy";
import * as principalWait from "../policy/rules/principalWait";
import { PRINCIPAL_WAIT_DEFAULTS } from "../components";
import { validatePermissionSets } from "../components/aws/validation";

const ROOT = path.join(__dirname, "..");

function tsFiles(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        const p = path.join(dir, e.name);
        return e.isDirectory() ? (e.name === "node_modules" ? [] : tsFiles(p)) : e.name.endsWith(".ts") ? [p] : [];
    });
}

describe("one source for each rule (policy/rules, shared by components/ and the pack)", () => {
    const rules = { ...awsLimits, ...endpoints };
    const patterns = Object.entries(rules).filter((e): e is [string, RegExp] => e[1] instanceof RegExp);
    // Everything outside policy/rules that could hold a second copy of a rule.
    const others = [
        ...tsFiles(path.join(ROOT, "components")),
        ...tsFiles(path.join(ROOT, "policy")).filter((f) => !f.includes(`${path.sep}rules${path.sep}`)),
    ].map((f) => ({ f: path.relative(ROOT, f), text: fs.readFileSync(f, "utf8") }));

    it("no regular expression of the rules is written again in components/ or elsewhere in policy/", () => {
        assert.ok(patterns.length >= 15, `${patterns.length} patterns`);
        for (const [name, re] of patterns) {
            // A distinctive slice of the pattern's source, long enough not to match by accident.
            const slice = re.source.length > 24 ? re.source.slice(0, 24) : re.source;
            for (const { f, text } of others) assert.ok(!text.includes(slice), `${name} is copied in ${f}`);
        }
    });

    it("components/ has no limits module of its own; policy/limits.ts only re-exports the rules", () => {
        assert.ok(!fs.existsSync(path.join(ROOT, "components", "aws", "limits.ts")));
        const limits = fs.readFileSync(path.join(ROOT, "policy", "limits.ts"), "utf8");
        assert.deepEqual(
            limits.split("\n").filter((l) => /^\s*(export )?(const|function|let) /.test(l)),
            [],
        );
    });

    it("the rules import nothing outside policy/ (the pack is published on its own)", () => {
        for (const f of tsFiles(path.join(ROOT, "policy", "rules"))) {
            for (const m of fs.readFileSync(f, "utf8").matchAll(/from "([^"]+)"/g))
                assert.ok(m[1].startsWith("./"), `${f} imports ${m[1]}`);
        }
    });

    it("the wait defaults are the rules' own object", () => {
        assert.equal(PRINCIPAL_WAIT_DEFAULTS, principalWait.DEFAULT_PRINCIPAL_WAIT);
    });

    it("the inline-policy quota counts JSON whitespace only, the same in the component and the pack", () => {
        assert.equal(nonWhitespaceLength(' { "a" :\t"b c"\r\n}'), 10);
        // A no-break space is not JSON whitespace: it counts (the pack used to drop it with \s).
        assert.equal(nonWhitespaceLength("a\u00a0b"), 3);
        const statement = (sid: string) => ({ Sid: sid, Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
        const doc = { Version: "2012-10-17", Statement: Array.from({ length: 400 }, (_, i) => statement(`S${i}`)) };
        const text = JSON.stringify(doc);
        const over = nonWhitespaceLength(text) > awsLimits.MAX_INLINE_POLICY_NON_WHITESPACE;
        const problems = validatePermissionSets({ P: { inlinePolicy: text } }).filter((p) => /non-whitespace/.test(p.rule));
        assert.equal(problems.length > 0, over);
    });
});
