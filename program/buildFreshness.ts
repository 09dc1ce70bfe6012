/**
 * The build freshness guard. `pulumi up` runs the compiled program (Pulumi.yaml `main: bin/program/index.js`,
 * `typescript: false`), so an edited `.ts` file would silently not be deployed until someone rebuilds. The build
 * (`npm run build`) records a content hash of every source file it compiled in `bin/.build-stamp.json`; the compiled
 * programs (program/index.ts, shard/index.ts) compare the sources with it first and refuse to run, naming the
 * changed files and the fix, when any differs, is new or is gone.
 *
 * The directories compiled are ONE list: the `include` of tsconfig.build.json (each entry `<dir>/**\/*.ts`). This
 * module reads that list, so adding a source directory is one line there.
 *
 * Outside a repository checkout (the package installed in a consumer's node_modules ships no sources and no
 * tsconfig.build.json) there is nothing to compare and the guard does nothing.
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";

export const BUILD_CONFIG = "tsconfig.build.json";
export const STAMP_FILE = ".build-stamp.json";

interface BuildConfig {
    include: string[];
    compilerOptions: { outDir: string };
}

interface Stamp {
    /** Source path relative to the repository root (with `/`) → sha256 of its content. */
    files: Record<string, string>;
}

const INCLUDE_PATTERN = /^([A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*)\/\*\*\/\*\.ts$/;

function readBuildConfig(root: string): BuildConfig {
    return JSON.parse(fs.readFileSync(path.join(root, BUILD_CONFIG), "utf8")) as BuildConfig;
}

/** The source directories the build compiles, from tsconfig.build.json's `include`. */
export function buildDirs(root: string): string[] {
    return readBuildConfig(root).include.map((entry) => {
        const m = INCLUDE_PATTERN.exec(entry);
        if (!m)
            throw new Error(
                `${BUILD_CONFIG}: include entry ${JSON.stringify(entry)} must be "<dir>/**/*.ts" (the freshness guard walks <dir>)`,
            );
        return m[1];
    });
}

function walk(dir: string, out: string[]): void {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        if (entry.name === "node_modules") continue;
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full, out);
        else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(full);
    }
}

/** Content hashes of every source the build compiles, plus the build config itself (a new dir means a rebuild). */
export function sourceHashes(root: string): Record<string, string> {
    const files: string[] = [path.join(root, BUILD_CONFIG)];
    for (const dir of buildDirs(root)) walk(path.join(root, dir), files);
    const hashes: Record<string, string> = {};
    for (const file of files.sort()) {
        hashes[path.relative(root, file).split(path.sep).join("/")] = createHash("sha256").update(fs.readFileSync(file)).digest("hex");
    }
    return hashes;
}

function stampPath(root: string): string {
    return path.join(root, readBuildConfig(root).compilerOptions.outDir, STAMP_FILE);
}

/** Written by `npm run build` after tsc succeeded. */
export function writeBuildStamp(root: string): void {
    const stamp: Stamp = { files: sourceHashes(root) };
    fs.writeFileSync(stampPath(root), JSON.stringify(stamp, null, 1) + "\n");
}

/**
 * What differs between the sources and the last build: `[]` when the build is fresh. Each entry is a path with
 * what happened to it since the build (changed, new, removed), or a note that there is no build stamp at all.
 */
export function staleSources(root: string): string[] {
    let stamp: Stamp;
    try {
        stamp = JSON.parse(fs.readFileSync(stampPath(root), "utf8")) as Stamp;
    } catch {
        return [`no ${STAMP_FILE} (never built, or built without npm run build)`];
    }
    const now = sourceHashes(root);
    const stale: string[] = [];
    for (const [file, hash] of Object.entries(now)) {
        if (!Object.hasOwn(stamp.files, file)) stale.push(`${file} (new)`);
        else if (stamp.files[file] !== hash) stale.push(`${file} (changed)`);
    }
    for (const file of Object.keys(stamp.files)) if (!Object.hasOwn(now, file)) stale.push(`${file} (removed)`);
    return stale;
}

/** The repository root when `compiledDir` (a directory of the build output) belongs to a checkout with sources. */
export function checkoutRoot(compiledDir: string): string | undefined {
    for (let dir = compiledDir; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        if (fs.existsSync(path.join(dir, BUILD_CONFIG))) return dir;
        if (path.basename(dir) === "node_modules") return undefined;
    }
    return undefined;
}

/**
 * Throws (as a Pulumi RunError: message only, no stack trace) when the compiled program is older than its sources.
 * A no-op under ts-node (the sources are what runs) and in an installed package (no sources to compare).
 */
export function assertFreshBuild(compiledFile: string): void {
    if (!compiledFile.endsWith(".js")) return;
    const root = checkoutRoot(path.dirname(compiledFile));
    if (root === undefined) return;
    const stale = staleSources(root);
    if (stale.length === 0) return;
    const shown = stale.slice(0, 10).map((s) => `  - ${s}`);
    if (stale.length > shown.length) shown.push(`  - … and ${stale.length - shown.length} more`);
    const message =
        `The compiled program in ${path.relative(root, path.dirname(compiledFile)) || "."} is out of date with its TypeScript sources, ` +
        `so it refuses to run (Pulumi.yaml runs the build output, not the .ts files):\n${shown.join("\n")}\n` +
        `Fix: run \`npm run build\` in ${root}, then run the command again.`;
    throw new pulumi.RunError(message);
}

if (require.main === module) {
    const root = checkoutRoot(__dirname);
    if (root === undefined) throw new Error(`${BUILD_CONFIG} not found above ${__dirname}`);
    writeBuildStamp(root);
}
