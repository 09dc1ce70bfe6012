import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { assertFreshBuild, BUILD_CONFIG, buildDirs, checkoutRoot, staleSources, writeBuildStamp } from "../program/buildFreshness";

const ROOT = path.join(__dirname, "..");

const made: string[] = [];

/** A throwaway checkout: a build config with two source dirs, one source each, and an empty build output. */
function checkout(): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), "aws-ic-freshness-"));
    made.push(root);
    fs.writeFileSync(
        path.join(root, BUILD_CONFIG),
        JSON.stringify({ compilerOptions: { outDir: "bin" }, include: ["lib/**/*.ts", "app/**/*.ts"] }),
    );
    for (const [f, text] of [
        ["lib/a.ts", "export const a = 1;\n"],
        ["app/nested/main.ts", "export {};\n"],
        ["lib/types.d.ts", "declare const x: 1;\n"],
    ]) {
        fs.mkdirSync(path.dirname(path.join(root, f)), { recursive: true });
        fs.writeFileSync(path.join(root, f), text);
    }
    fs.mkdirSync(path.join(root, "bin", "app", "nested"), { recursive: true });
    return root;
}

describe("build freshness guard (the compiled program never runs stale)", () => {
    after(() => made.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

    it("is fresh right after the build stamp, and names each changed, new or removed source", () => {
        const root = checkout();
        assert.deepEqual(staleSources(root), ["no .build-stamp.json (never built, or built without npm run build)"]);
        writeBuildStamp(root);
        assert.deepEqual(staleSources(root), []);
        fs.appendFileSync(path.join(root, "lib", "a.ts"), "// edited\n");
        fs.writeFileSync(path.join(root, "app", "new.ts"), "export {};\n");
        fs.rmSync(path.join(root, "app", "nested", "main.ts"));
        fs.writeFileSync(path.join(root, "lib", "more.d.ts"), "declare const y: 1;\n"); // declarations are not compiled sources
        assert.deepEqual(staleSources(root).sort(), ["app/nested/main.ts (removed)", "app/new.ts (new)", "lib/a.ts (changed)"]);
        writeBuildStamp(root);
        assert.deepEqual(staleSources(root), []);
        // A new build directory is a change of the build config itself.
        const config = JSON.parse(fs.readFileSync(path.join(root, BUILD_CONFIG), "utf8"));
        fs.writeFileSync(path.join(root, BUILD_CONFIG), JSON.stringify({ ...config, include: [...config.include, "doctor/**/*.ts"] }));
        assert.deepEqual(staleSources(root), [`${BUILD_CONFIG} (changed)`]);
    });

    it("the compiled program refuses to run when stale, as a Pulumi RunError (no stack trace) with the fix", () => {
        const root = checkout();
        writeBuildStamp(root);
        const main = path.join(root, "bin", "app", "nested", "main.js");
        assert.doesNotThrow(() => assertFreshBuild(main));
        fs.appendFileSync(path.join(root, "lib", "a.ts"), "export const b = 2;\n");
        assert.throws(
            () => assertFreshBuild(main),
            (e: Error) =>
                e.constructor.name === "RunError" && /lib\/a\.ts \(changed\)/.test(e.message) && /Fix: run `npm run build`/.test(e.message),
        );
        assert.doesNotThrow(() => assertFreshBuild(path.join(root, "app", "nested", "main.ts")), "under ts-node the sources are what runs");
    });

    it("does nothing in an installed package (node_modules: no sources, no build config)", () => {
        const root = checkout();
        const installed = path.join(root, "node_modules", "aws-identity-center-authentik", "bin", "program");
        fs.mkdirSync(installed, { recursive: true });
        assert.equal(checkoutRoot(installed), undefined);
        assert.doesNotThrow(() => assertFreshBuild(path.join(installed, "index.js")));
    });

    it("rejects an include entry it could not walk, so the build and the guard never disagree", () => {
        const root = checkout();
        fs.writeFileSync(path.join(root, BUILD_CONFIG), JSON.stringify({ compilerOptions: { outDir: "bin" }, include: ["lib/*.ts"] }));
        assert.throws(() => buildDirs(root), /must be "<dir>\/\*\*\/\*\.ts"/);
    });

    it("this repository: Pulumi.yaml and shard/Pulumi.yaml run compiled output of directories the build compiles", () => {
        const dirs = buildDirs(ROOT);
        for (const [project, tsMain] of [
            ["Pulumi.yaml", "program/index.ts"],
            [path.join("shard", "Pulumi.yaml"), "shard/index.ts"],
        ]) {
            const p = yaml.load(fs.readFileSync(path.join(ROOT, project), "utf8")) as {
                main: string;
                runtime: { options: { typescript: boolean } };
            };
            assert.equal(p.runtime.options.typescript, false, project);
            const main = path
                .relative(ROOT, path.resolve(ROOT, path.dirname(project), p.main))
                .split(path.sep)
                .join("/");
            assert.equal(main, `bin/${tsMain.replace(/\.ts$/, ".js")}`, project);
            assert.ok(
                dirs.some((d) => tsMain.startsWith(`${d}/`)),
                `${tsMain} is in a build directory`,
            );
            assert.match(
                fs.readFileSync(path.join(ROOT, tsMain), "utf8"),
                /assertFreshBuild\(__filename\)/,
                `${tsMain} checks its build first`,
            );
        }
    });
});
