import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.join(__dirname, "..");

/** The README's ```ts blocks that import the component: the documented usage. */
function readmeExamples(): string[] {
    const text = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    return [...text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]).filter((b) => b.includes("./components"));
}

/** Type-checks a snippet as if it were a file at the project root, with the project's compiler options. */
function typeCheck(source: string): string[] {
    const configPath = path.join(ROOT, "tsconfig.json");
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
    const file = path.join(ROOT, "__readme_example__.ts");
    const host = ts.createCompilerHost(parsed.options);
    const readFile = host.readFile;
    host.readFile = (f) => (path.resolve(f) === file ? source : readFile(f));
    const fileExists = host.fileExists;
    host.fileExists = (f) => path.resolve(f) === file || fileExists(f);
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (f, lang, onError, create) =>
        path.resolve(f) === file ? ts.createSourceFile(f, source, lang) : getSourceFile(f, lang, onError, create);
    const program = ts.createProgram([file], { ...parsed.options, noEmit: true, noUnusedLocals: false }, host);
    return ts
        .getPreEmitDiagnostics(program)
        .filter((d) => d.file && path.resolve(d.file.fileName) === file)
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
}

describe("README", () => {
    it("has a usage example that compiles against the component's API", function () {
        this.timeout(120000);
        const examples = readmeExamples();
        assert.ok(examples.length >= 1, "the README shows the component in a ```ts block");
        for (const ex of examples) assert.deepEqual(typeCheck(ex), []);
    });

    it("would catch an example that no longer matches the API", function () {
        this.timeout(120000);
        const broken = readmeExamples()[0].replace("usersGroup:", "userGroup:");
        assert.ok(typeCheck(broken).length > 0);
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
