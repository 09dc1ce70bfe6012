import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { npmPack, ROOT } from "./harness/build";

/** The source directories whose compiled output a consumer gets (the library, and what automation runs). */
const SHIPPED_DIRS = ["components", "policy", "automation", "program", "shard", "vendor"];
/** Compiled, but only the repository's own program entry: never shipped. */
const NOT_SHIPPED = new Set(["program/index.ts"]);
/** Everything else a consumer needs: the docs, the licence, the shard program's project file, the SDK subset's parameterization. */
const OTHER_FILES = [
    "package.json",
    "README.md",
    "CHANGELOG.md",
    "LICENSE",
    "shard/Pulumi.yaml",
    "vendor/authentik/README.md",
    "bin/vendor/authentik/package.json",
];

function sources(dir: string): string[] {
    return fs
        .readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
        .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".d.ts"))
        .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join("/"))
        .filter((f) => !f.includes("/node_modules/"));
}

function expectedFiles(): string[] {
    const compiled = SHIPPED_DIRS.flatMap(sources)
        .filter((f) => !NOT_SHIPPED.has(f))
        .flatMap((f) => {
            const base = `bin/${f.slice(0, -".ts".length)}`;
            return [`${base}.js`, `${base}.js.map`, `${base}.d.ts`, `${base}.d.ts.map`];
        });
    return [...compiled, ...OTHER_FILES].sort();
}

describe("npm pack: what a consumer installs", function () {
    this.timeout(180000);
    let packed: string[];
    before(() => {
        packed = npmPack()
            .files.map((f) => f.path)
            .sort();
    });

    it("ships exactly the compiled library (JS, declarations, source maps) and the files a consumer needs", () => {
        const expected = expectedFiles();
        assert.deepEqual(
            packed.filter((f) => !expected.includes(f)),
            [],
            "shipped but not expected",
        );
        assert.deepEqual(
            expected.filter((f) => !packed.includes(f)),
            [],
            "expected but not shipped",
        );
    });

    it("ships no tests, benchmarks, CI, fixtures, scripts, stack files, TypeScript sources or build stamp", () => {
        const forbidden = new RegExp(
            /(^|\/)(tests|bench|scripts|\.ci|\.github|fixtures)\/|(^|\/)Pulumi\.[^/]+\.yaml$|^Pulumi\.yaml$|/.source +
                /\.spec\.|(?<!\.d)\.ts$|\.build-stamp|^tsconfig|^policy-config|^requirements/.source,
        );
        assert.deepEqual(
            packed.filter((f) => forbidden.test(f)),
            [],
        );
    });

    it("every public entry point of the exports map is in the tarball, with its declarations", () => {
        const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        for (const [subpath, target] of Object.entries(pkg.exports as Record<string, string | Record<string, string>>)) {
            if (subpath.includes("*")) continue;
            for (const file of typeof target === "string" ? [target] : Object.values(target)) {
                assert.ok(packed.includes(file.replace(/^\.\//, "")), `exports["${subpath}"] → ${file} is packed`);
            }
        }
        assert.ok(packed.includes(pkg.main) && packed.includes(pkg.types), "main and types are packed");
    });
});
