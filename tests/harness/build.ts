import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { staleSources } from "../../program/buildFreshness";

export const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Runs `npm run build` unless bin/ is already fresh (the freshness guard's own check), so tests that pack or run
 * the build output see the sources under test and a second test file pays nothing.
 */
export function ensureBuilt(): void {
    if (staleSources(ROOT).length === 0) return;
    execFileSync("npm", ["run", "build", "--silent"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
    const stale = staleSources(ROOT);
    if (stale.length > 0) throw new Error(`npm run build left stale sources: ${stale.join(", ")}`);
}

export interface PackedFile {
    path: string;
    size: number;
}

/** `npm pack` of the repository (after ensureBuilt): the tarball's file list, and the tarball when `destination` is given. */
export function npmPack(destination?: string): { filename: string; integrity: string; files: PackedFile[] } {
    ensureBuilt();
    // --ignore-scripts: `prepare` would rebuild; ensureBuilt already made bin/ match the sources.
    const args = ["pack", "--json", "--ignore-scripts", ...(destination ? ["--pack-destination", destination] : ["--dry-run"])];
    const out = execFileSync("npm", args, { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const [result] = JSON.parse(out) as { filename: string; integrity: string; files: PackedFile[] }[];
    return {
        filename: destination ? path.join(destination, result.filename) : result.filename,
        integrity: result.integrity,
        files: result.files,
    };
}
