import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { FakeEngine } from "./fakeEngine";
import { ROOT } from "./compiled";

/**
 * Starts a Pulumi program the way Pulumi's Node.js language host does for `pulumi preview` / `pulumi up`
 * (pulumi/pulumi `sdk/nodejs/cmd/pulumi-language-nodejs/main.go`, `execRuntime` and `constructArguments`):
 *
 *   node <runtime.options.nodeargs, shell-split> <require.resolve("@pulumi/pulumi/cmd/run")>
 *        --monitor <addr> --engine <addr> --project <p> --stack <s> --pwd <program dir> [--dry-run]
 *        --parallel <n> <entry point>
 *
 * with PULUMI_CONFIG / PULUMI_CONFIG_SECRET_KEYS in the environment, and PULUMI_NODEJS_TYPESCRIPT=true when
 * `runtime.options.typescript` is true (its default). From there on everything is the SDK's own code: cmd/run
 * installs source-map-support for every program, and for TypeScript registers ts-node with the options of
 * `@pulumi/pulumi/cmd/run/run.js` (type-checking unless PULUMI_NODEJS_TRANSPILE_ONLY=true or tsconfig's `noCheck`,
 * `sourceMap: true`, the project's tsconfig.json). Nothing of ts-node is configured here: that is the point.
 * The engine on the other side is bench/fakeEngine.ts.
 */
export interface HostRun {
    /** The directory Pulumi.yaml is in (`--pwd`). */
    programDir: string;
    /** Pulumi.yaml `main`, or "." (the language host passes "." when `main` is unset). */
    entryPoint: string;
    typescript: boolean;
    /** Pulumi.yaml `runtime.options.nodeargs`, as written there. */
    nodeargs?: string;
    project: string;
    stack: string;
    /** Config as the engine passes it: `<namespace>:<key>` → string (objects as JSON). */
    config: { [key: string]: string };
    secretKeys?: string[];
    /** Extra environment (e.g. PULUMI_NODEJS_TRANSPILE_ONLY, which a user can set too). */
    env?: { [key: string]: string };
    dryRun?: boolean;
    parallel?: number;
}

export interface HostResult {
    /** Spawn to exit. */
    wallMs: number;
    /**
     * Spawn to the root stack's registration: Node, the SDK and (for TypeScript) ts-node's registration, before the
     * program's first module is loaded. Loading (and compiling) the program and synthesis follow, interleaved (the
     * SDK sends a resource's registration only after the program's synchronous code has run), so they are not split.
     */
    untilStackMs: number;
    /** From the root stack's registration to the last engine call: the program's modules, compilation, synthesis. */
    programMs: number;
    /** VmHWM of the node process, sampled every 100 ms until it exits. */
    peakRssMB: number;
    /**
     * User + system CPU time of the node process (from /proc, last sample before it exits, so up to 100 ms short).
     * On a machine shared with other jobs the wall time mostly measures the wait for a core; this does not.
     */
    cpuMs: number;
    registrations: number;
    urns: string[];
    invokes: number;
    exitCode: number | null;
}

/** How long a program that logged an error may take to exit before it is ended. */
const FAILED_GRACE_MS = 5000;

const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process in ms (fields 14 and 15 of /proc/<pid>/stat, after the parenthesised name). */
function cpuTimeMs(pid: number): number | undefined {
    try {
        const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
    } catch {
        return undefined;
    }
}

function vmHwmKB(pid: number): number | undefined {
    try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
        return m ? Number(m[1]) : undefined;
    } catch {
        return undefined;
    }
}

/** Shell-style splitting of `nodeargs` (the language host uses github.com/google/shlex; no quotes needed here). */
function splitArgs(s: string | undefined): string[] {
    return (s ?? "").split(/\s+/).filter((a) => a.length > 0);
}

export async function runLikeLanguageHost(engine: FakeEngine, run: HostRun): Promise<HostResult> {
    const record = engine.reset(run.project, run.stack);
    const runPath = require.resolve("@pulumi/pulumi/cmd/run", { paths: [run.programDir] });
    const args = [
        ...splitArgs(run.nodeargs),
        runPath,
        "--monitor",
        engine.address,
        "--engine",
        engine.address,
        "--project",
        run.project,
        "--stack",
        run.stack,
        "--pwd",
        run.programDir,
        ...(run.dryRun === false ? [] : ["--dry-run"]),
        "--parallel",
        String(run.parallel ?? 10),
        run.entryPoint,
    ];
    // The user's environment minus what this benchmark's own ts-node or npm might have put there.
    const base = Object.fromEntries(
        Object.entries(process.env).filter(([k]) => !k.startsWith("TS_NODE_") && !k.startsWith("PULUMI_NODEJS_")),
    );
    const env = {
        ...base,
        ...run.env,
        PULUMI_CONFIG: JSON.stringify(run.config),
        PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(run.secretKeys ?? []),
        ...(run.typescript ? { PULUMI_NODEJS_TYPESCRIPT: "true" } : {}),
    };
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: run.programDir, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    let hwm = 0;
    let cpu = 0;
    let killed = false;
    const sampler = setInterval(() => {
        hwm = Math.max(hwm, vmHwmKB(child.pid!) ?? 0);
        cpu = Math.max(cpu, cpuTimeMs(child.pid!) ?? 0);
        // A program that failed has said so through the engine's Log; against this stand-in its process does not
        // always exit by itself afterwards, so it is ended (it is this function's own child) rather than waited for.
        if (!killed && record.lastErrorAt !== undefined && performance.now() - record.lastErrorAt > FAILED_GRACE_MS) {
            killed = true;
            child.kill("SIGKILL");
        }
    }, 100);
    const exitCode = await new Promise<number | null>((resolve, reject) => {
        child.on("error", reject);
        child.on("exit", (code) => {
            clearInterval(sampler);
            resolve(code);
        });
    });
    const t1 = performance.now();
    if (exitCode !== 0 || record.errors.length > 0) {
        throw new Error(
            `the program in ${run.programDir} failed under the language host's command ` +
                `line (exit ${exitCode}):\n${record.errors.join("\n")}\n${output.slice(-4000)}`,
        );
    }
    const stackAt = record.firstRegistrationAt ?? t1;
    return {
        wallMs: t1 - t0,
        untilStackMs: stackAt - t0,
        programMs: (record.lastRpcAt ?? t1) - stackAt,
        peakRssMB: Math.round(hwm / 1024),
        cpuMs: cpu,
        registrations: record.registrations,
        urns: record.urns,
        invokes: record.invokes,
        exitCode,
    };
}

/** The repository's program as `pulumi up` runs it today: TypeScript from the repository root (Pulumi.yaml's directory). */
export const REPOSITORY_PROGRAM = { programDir: ROOT, entryPoint: ".", typescript: true } as const;

/** The same program compiled (bench/compiled.ts `compileToTemp`), run as JavaScript. */
export function compiledProgram(dir: string): { programDir: string; entryPoint: string; typescript: false } {
    if (!fs.existsSync(path.join(dir, "index.js"))) throw new Error(`no compiled program in ${dir}`);
    return { programDir: dir, entryPoint: "index.js", typescript: false };
}
