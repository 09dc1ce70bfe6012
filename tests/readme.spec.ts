import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { typeCheckAsConsumer } from "./harness/consumerTypeCheck";

const ROOT = path.join(__dirname, "..");

/** The README's ```ts blocks that import this package: the documented usage, written as a consumer's program. */
function readmeExamples(): string[] {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('"aws-identity-center-authentik'));
}

/** Type-checks snippets as files of a consumer's program (tests/__readme__/, virtual). */
function typeCheck(sources: string[]): string[][] {
    const files = sources.map((_, i) => path.join(ROOT, "tests", "__readme__", `example_${i}.ts`));
    return typeCheckAsConsumer(new Map(files.map((f, i) => [f, sources[i]])), files);
}

describe("README", () => {
    it("has usage examples that compile against the component's API (and a drifted copy would not)", function () {
        this.timeout(120000);
        const examples = readmeExamples();
        assert.ok(examples.length >= 4, "the README shows the component, the shards and the automation API in ```ts blocks");
        for (const e of examples)
            assert.doesNotMatch(e, /from "\.\.?\//, "README examples import the package by its public names, never by repository path");
        const broken = examples[0].replace("usersGroup:", "userGroup:");
        assert.notEqual(broken, examples[0]);
        const unexported =
            'import { accessMatrix } from "aws-identity-center-authentik/components/aws/accessMatrix";\nexport const f = accessMatrix;\n';
        const results = typeCheck([...examples, broken, unexported]);
        examples.forEach((_, i) => assert.deepEqual(results[i], [], `README example ${i + 1}`));
        assert.ok(results[examples.length].length > 0, "the checker really type-checks the examples");
        assert.match(
            results[examples.length + 1].join("\n"),
            /Cannot find module/,
            "a path the exports map does not name does not resolve",
        );
    });

    it("documents every argument of the component", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        const args = fs.readFileSync(path.join(ROOT, "components", "args.ts"), "utf8");
        const authentik = args.slice(args.indexOf("interface AuthentikArgs"), args.indexOf("interface IdentityCenterArgs"));
        const fields = [...authentik.matchAll(/^\s{4}(\w+)\??:/gm)].map((m) => m[1]);
        assert.ok(fields.length > 10);
        for (const f of fields) assert.ok(readme.includes(f), `README mentions authentik.${f}`);
        for (const f of ["permissionSets", "assignments", "principalIds", "principalWait", "identityAttribute"]) {
            assert.ok(readme.includes(f), f);
        }
    });
});
