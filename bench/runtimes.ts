/**
 * ts-node against compiled JavaScript, measured the way a user gets it: each run is one program process started
 * with the language host's command line (bench/host.ts) against the fake engine (bench/fakeEngine.ts), timed from
 * spawn to exit. The variants differ only in what a user can set: Pulumi.yaml `runtime.options.typescript` and
 * `main` (TypeScript through ts-node, or tsc's output), `runtime.options.nodeargs`, and the environment variable
 * PULUMI_NODEJS_TRANSPILE_ONLY that @pulumi/pulumi's cmd/run reads. Rounds interleave the variants (order reversed
 * every round) so a load change on the shared machine hits all of them.
 *
 * Usage (development): ts-node --transpile-only bench/runtimes.ts [--small-scale] [--no-icteam] [--reps N]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { PROJECT, SCIM_TOKEN_KEY, SETTINGS_KEY } from "../program/settings";
import { compileToTemp, ROOT } from "./compiled";
import { startFakeEngine } from "./fakeEngine";
import { compiledProgram, HostResult, REPOSITORY_PROGRAM, runLikeLanguageHost } from "./host";
import { generateOrg, OrgShape, SIZES } from "./org";
import { settingsOf } from "./sharded";
import { median } from "./timing";

/** This helper's port range on the shared machine (the fake engine binds the first free one). */
export const BENCH_PORTS = Array.from({ length: 100 }, (_, i) => 41500 + i);

export interface Variant {
    label: string;
    compiled: boolean;
    nodeargs?: string;
    env?: { [k: string]: string };
}

export const VARIANTS: Variant[] = [
    { label: "ts-node (pulumi up today: type-checks)", compiled: false },
    { label: "ts-node, PULUMI_NODEJS_TRANSPILE_ONLY=true", compiled: false, env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } },
    { label: "compiled JavaScript", compiled: true },
    { label: "compiled, nodeargs --stack-trace-limit=0", compiled: true, nodeargs: "--stack-trace-limit=0" },
    { label: "ts-node, nodeargs --stack-trace-limit=0", compiled: false, nodeargs: "--stack-trace-limit=0" },
];

export interface StackUnderTest {
    name: string;
    config: { [key: string]: string };
    secretKeys: string[];
}

const SECRETS = { [`${PROJECT}:${SCIM_TOKEN_KEY}`]: "bench-scim-token", "authentik:token": "bench-authentik-token" };

/** The icteam stack: Pulumi.prod.yaml's config as the engine passes it, plus the secrets a user sets. */
export function icteamStack(): StackUnderTest {
    const doc = yaml.load(fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8")) as { config: { [k: string]: unknown } };
    const config: { [k: string]: string } = {};
    for (const [k, v] of Object.entries(doc.config))
        config[k.includes(":") ? k : `${PROJECT}:${k}`] = typeof v === "string" ? v : JSON.stringify(v);
    return {
        name: "icteam",
        config: { ...config, "authentik:url": "https://authentik.example.com", ...SECRETS },
        secretKeys: Object.keys(SECRETS),
    };
}

/** A generated organisation (bench/org.ts) as a stack config. */
export function generatedStack(shape: OrgShape, name: string): StackUnderTest {
    const settings = settingsOf(generateOrg(shape));
    return {
        name,
        config: {
            "aws:region": "eu-central-1",
            [`${PROJECT}:${SETTINGS_KEY}`]: JSON.stringify(settings),
            "authentik:url": "https://authentik.example.com",
            ...SECRETS,
        },
        secretKeys: Object.keys(SECRETS),
    };
}

export interface VariantSummary {
    label: string;
    nodeargs?: string;
    env?: { [k: string]: string };
    medianWallMs: number;
    /** CPU time of the program process: what the load does not inflate. */
    medianCpuMs: number;
    medianUntilStackMs: number;
    medianProgramMs: number;
    wallMs: number[];
    peakRssMB: number;
    registrations: number;
    /** `uptime`'s 1-minute load average at the start of each of this variant's runs. */
    load1: number[];
}

export interface RuntimeComparison {
    stack: string;
    rounds: number;
    variants: VariantSummary[];
    /** ts-node (as pulumi up runs it) ÷ compiled, median of the per-round ratios of spawn-to-exit wall time. */
    tsNodeOverCompiled: number;
    /** The same ratio of CPU times. */
    tsNodeOverCompiledCpu: number;
    transpileOnlyOverCompiled: number;
    /** ts-node as pulumi up runs it ÷ compiled with --stack-trace-limit=0 (both knobs together), wall and CPU. */
    tsNodeOverCompiledNoStacks: number;
    tsNodeOverCompiledNoStacksCpu: number;
    /** compiled ÷ compiled with --stack-trace-limit=0, per round. */
    stackTraceLimitSpeedup: number;
    stackTraceLimitSpeedupCpu: number;
    stackTraceLimitRssRatio: number;
}

function load1(): number {
    return Math.round(os.loadavg()[0] * 100) / 100;
}

function pairedRatio(a: HostResult[], b: HostResult[], metric: (r: HostResult) => number = (r) => r.wallMs): number {
    return Math.round(median(a.map((x, i) => metric(x) / metric(b[i]))) * 1000) / 1000;
}

export async function compareRuntimes(
    stacks: StackUnderTest[],
    rounds: number,
    log: (m: string) => void,
    compiledDir?: string,
): Promise<RuntimeComparison[]> {
    const dir = compiledDir ?? compileToTemp();
    const engine = await startFakeEngine(BENCH_PORTS);
    try {
        const out: RuntimeComparison[] = [];
        for (const stack of stacks) {
            const runs: HostResult[][] = VARIANTS.map(() => []);
            const loads: number[][] = VARIANTS.map(() => []);
            for (let r = 0; r < rounds; r++) {
                const order = VARIANTS.map((_, i) => i);
                if (r % 2 === 1) order.reverse();
                for (const i of order) {
                    const v = VARIANTS[i];
                    loads[i].push(load1());
                    const program = v.compiled ? compiledProgram(dir) : REPOSITORY_PROGRAM;
                    const res = await runLikeLanguageHost(engine, {
                        ...program,
                        nodeargs: v.nodeargs,
                        env: v.env,
                        project: PROJECT,
                        stack: stack.name,
                        config: stack.config,
                        secretKeys: stack.secretKeys,
                    });
                    runs[i].push(res);
                    log(
                        `${stack.name} round ${r + 1}: ${v.label}: ${Math.round(res.wallMs)} ms, ` +
                            `CPU ${Math.round(res.cpuMs)} ms (until the root stack ${Math.round(res.untilStackMs)} ms, ` +
                            `program ${Math.round(res.programMs)} ms), peak RSS ${res.peakRssMB} MB, load ${loads[i][r]}`,
                    );
                }
            }
            const [tsNode, transpileOnly, compiled, noStacks] = runs;
            const cpu = (x: HostResult) => x.cpuMs;
            out.push({
                stack: stack.name,
                rounds,
                variants: VARIANTS.map((v, i) => ({
                    label: v.label,
                    ...(v.nodeargs ? { nodeargs: v.nodeargs } : {}),
                    ...(v.env ? { env: v.env } : {}),
                    medianWallMs: Math.round(median(runs[i].map((x) => x.wallMs))),
                    medianCpuMs: Math.round(median(runs[i].map((x) => x.cpuMs))),
                    medianUntilStackMs: Math.round(median(runs[i].map((x) => x.untilStackMs))),
                    medianProgramMs: Math.round(median(runs[i].map((x) => x.programMs))),
                    wallMs: runs[i].map((x) => Math.round(x.wallMs)),
                    peakRssMB: Math.max(...runs[i].map((x) => x.peakRssMB)),
                    registrations: runs[i][0].registrations,
                    load1: loads[i],
                })),
                tsNodeOverCompiled: pairedRatio(tsNode, compiled),
                tsNodeOverCompiledCpu: pairedRatio(tsNode, compiled, cpu),
                transpileOnlyOverCompiled: pairedRatio(transpileOnly, compiled),
                tsNodeOverCompiledNoStacks: pairedRatio(tsNode, noStacks),
                tsNodeOverCompiledNoStacksCpu: pairedRatio(tsNode, noStacks, cpu),
                stackTraceLimitSpeedup: pairedRatio(compiled, noStacks),
                stackTraceLimitSpeedupCpu: pairedRatio(compiled, noStacks, cpu),
                stackTraceLimitRssRatio: pairedRatio(compiled, noStacks, (x) => x.peakRssMB),
            });
        }
        return out;
    } finally {
        await engine.close();
        if (compiledDir === undefined) fs.rmSync(dir, { recursive: true, force: true });
    }
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    const repsAt = argv.indexOf("--reps");
    const small = argv.includes("--small-scale");
    const generated = generatedStack(small ? SIZES.small : SIZES.large, small ? "org-600" : "org-6000");
    const stacks = argv.includes("--no-icteam") ? [generated] : [icteamStack(), generated];
    compareRuntimes(stacks, repsAt >= 0 ? Number(argv[repsAt + 1]) : 2, (m) => process.stderr.write(`[runtimes] ${m}\n`)).then(
        (r) => process.stdout.write(`${JSON.stringify(r, null, 2)}\n`),
        (e) => {
            process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
            process.exit(1);
        },
    );
}
