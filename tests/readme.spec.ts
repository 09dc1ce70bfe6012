import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { publicPaths } from "./harness/publicPaths";

const ROOT = path.join(__dirname, "..");

/** The README's ```ts blocks that import this package: the documented usage, written as a consumer's program. */
function readmeExamples(): string[] {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes('"aws-identity-center-authentik'));
}

/**
 * Type-checks snippets as a consumer's files (outside the package's directories), with the project's compiler
 * options and the package's public names resolved through its exports map (publicPaths), in ONE program (loading
 * @pulumi/aws's declarations dominates the cost). Returns the diagnostics of each snippet.
 */
function typeCheck(sources: string[]): string[][] {
    const configPath = path.join(ROOT, "tsconfig.json");
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
    const files = sources.map((_, i) => path.join(ROOT, "tests", "__readme__", `example_${i}.ts`));
    const virtual = new Map(files.map((f, i) => [f, sources[i]]));
    const host = ts.createCompilerHost(parsed.options);
    const readFile = host.readFile;
    host.readFile = (f) => virtual.get(path.resolve(f)) ?? readFile(f);
    const fileExists = host.fileExists;
    host.fileExists = (f) => virtual.has(path.resolve(f)) || fileExists(f);
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (f, lang, onError, create) => {
        const text = virtual.get(path.resolve(f));
        return text !== undefined ? ts.createSourceFile(f, text, lang) : getSourceFile(f, lang, onError, create);
    };
    const program = ts.createProgram(files, { ...parsed.options, noEmit: true, noUnusedLocals: false, baseUrl: ROOT, paths: publicPaths() }, host);
    const all = ts.getPreEmitDiagnostics(program);
    return files.map((file) =>
        all.filter((d) => d.file && path.resolve(d.file.fileName) === file).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    );
}

describe("README", () => {
    it("has usage examples that compile against the component's API (and a drifted copy would not)", function () {
        this.timeout(120000);
        const examples = readmeExamples();
        assert.ok(examples.length >= 4, "the README shows the component, the shards and the automation API in ```ts blocks");
        for (const e of examples) assert.doesNotMatch(e, /from "\.\.?\//, "README examples import the package by its public names, never by repository path");
        const broken = examples[0].replace("usersGroup:", "userGroup:");
        assert.notEqual(broken, examples[0]);
        const unexported = 'import { accessMatrix } from "aws-identity-center-authentik/components/aws/accessMatrix";\nexport const f = accessMatrix;\n';
        const results = typeCheck([...examples, broken, unexported]);
        examples.forEach((_, i) => assert.deepEqual(results[i], [], `README example ${i + 1}`));
        assert.ok(results[examples.length].length > 0, "the checker really type-checks the examples");
        assert.match(results[examples.length + 1].join("\n"), /Cannot find module/, "a path the exports map does not name does not resolve");
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
