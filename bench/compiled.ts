import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";

/**
 * The benchmark's compiled build: the repository compiled with tsc into a temporary directory (the fixtures the
 * generated organisations read copied beside it), so a worker can run as plain JavaScript, the way a compiled
 * deploy runs, and be compared with the same worker under ts-node. The directory is inside the repository's
 * node_modules/.cache, so the compiled program finds the repository's packages by Node's ordinary walk up (as a
 * compiled program in the project directory does) and the language host's `@pulumi/pulumi/cmd/run` is the same file.
 */
export const ROOT = path.resolve(__dirname, "..");

export function compileToTemp(): string {
    const cache = path.join(ROOT, "node_modules", ".cache");
    fs.mkdirSync(cache, { recursive: true });
    const out = fs.mkdtempSync(path.join(cache, "aws-ic-bench-"));
    execFileSync(
        process.execPath,
        [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.json"), "--outDir", out, "--noEmit", "false"],
        { cwd: ROOT, stdio: "inherit" },
    );
    fs.cpSync(path.join(ROOT, "tests", "fixtures"), path.join(out, "tests", "fixtures"), { recursive: true });
    return out;
}

export type Runtime = { kind: "ts-node" } | { kind: "compiled"; dir: string };

/** Runs `bench/<script>` with `args` under the given runtime; resolves the last JSON line it printed. */
export function runScript<T>(runtime: Runtime, script: string, args: string[], nodeArgs: string[] = []): Promise<T> {
    const argv =
        runtime.kind === "compiled"
            ? [...nodeArgs, path.join(runtime.dir, "bench", `${script}.js`), ...args]
            : [...nodeArgs, "-r", require.resolve("ts-node/register/transpile-only"), path.join(ROOT, "bench", `${script}.ts`), ...args];
    // Compiled code outside the repository finds the repository's node_modules through NODE_PATH.
    const env = runtime.kind === "compiled" ? { ...process.env, NODE_PATH: path.join(ROOT, "node_modules") } : process.env;
    const child = spawn(process.execPath, argv, { cwd: ROOT, env, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    return new Promise((resolve, reject) => {
        child.on("error", reject);
        child.on("close", (code) => {
            const line = out
                .trim()
                .split("\n")
                .reverse()
                .find((l) => l.startsWith("{"));
            if (code !== 0 || line === undefined) reject(new Error(`bench ${script} (${runtime.kind}) failed (exit ${code})`));
            else resolve(JSON.parse(line));
        });
    });
}
