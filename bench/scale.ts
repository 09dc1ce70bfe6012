/**
 * Issue 14's sections of `npm run bench`: ts-node against compiled JavaScript (and `--stack-trace-limit=0`) the way
 * the language host runs the program (bench/runtimes.ts), a 60,000-assignment organisation as 12 shards of 5,000
 * run by the sharded Automation path (bench/sharded.ts), and the access-matrix Markdown at the sparse-user shape.
 * bench/run.ts runs them after its own sections; alone (JSON on stdout, progress on stderr):
 *
 *   ts-node --transpile-only bench/scale.ts [--small-scale] [--rounds N] [--sections runtimes,sharded,markdown] [--out file]
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { accessMatrix, renderAccessMatrixMarkdown } from "../components/aws/accessMatrix";
import { planAssignments } from "../components/aws/assignmentPlan";
import { compileToTemp } from "./compiled";
import { generateOrg, SIZES } from "./org";
import { compareRuntimes, generatedStack, icteamStack, RuntimeComparison } from "./runtimes";
import { runShardedBench, ShardedReport, SHARDED_60K } from "./sharded";

export const SCALE_TARGETS = { compiledSpeedup: 2, shardRssMB: 1500, markdownBytes: 512 * 1024 } as const;

/** `uptime`'s load averages (1, 5, 15 minutes) on a machine with `cpus` cores. */
export interface Load {
    load: [number, number, number];
    cpus: number;
}
export function load(): Load {
    const [a, b, c] = os.loadavg().map((x) => Math.round(x * 100) / 100);
    return { load: [a, b, c], cpus: os.cpus().length };
}
export function loadText(l: Load): string {
    return `load ${l.load.join(", ")} on ${l.cpus} cores`;
}

export interface ScaleReport {
    runtimes?: { method: string; stacks: RuntimeComparison[]; loadBefore: Load; loadAfter: Load };
    sharded?: ShardedReport & { loadBefore: Load; loadAfter: Load };
    markdown?: {
        users: number;
        accounts: number;
        assignments: number;
        bytes: number;
        uncappedBytes: number;
        ms: number;
        truncated: boolean;
        load: Load;
    };
    /** null: the section was not run. */
    targets: { compiledAtLeast2xFaster: boolean | null; shardsUnder1500MB: boolean | null; markdownUnder512KB: boolean | null };
}

export const SECTIONS = ["runtimes", "sharded", "markdown"] as const;
export type Section = (typeof SECTIONS)[number];

export interface ScaleOptions {
    smallScale: boolean;
    rounds: number;
    sections?: readonly Section[];
}

export async function scaleSections(opts: ScaleOptions, progress: (m: string) => void): Promise<ScaleReport> {
    const want = new Set<Section>(opts.sections ?? SECTIONS);
    const needsBuild = want.has("runtimes") || want.has("sharded");
    if (needsBuild) progress("compiling the repository with tsc into node_modules/.cache");
    const dir = needsBuild ? compileToTemp() : undefined;
    try {
        const report: ScaleReport = { targets: { compiledAtLeast2xFaster: null, shardsUnder1500MB: null, markdownUnder512KB: null } };
        if (want.has("runtimes") && dir) {
            const stacks = [
                icteamStack(),
                opts.smallScale ? generatedStack(SIZES.small, "org-600") : generatedStack(SIZES.large, "org-6000"),
            ];
            progress(
                `ts-node vs compiled: ${stacks.map((s) => s.name).join(", ")}, ${opts.rounds} ` +
                    `interleaved rounds, each run a program process started as the language host starts it`,
            );
            const loadBefore = load();
            const comparisons = await compareRuntimes(stacks, opts.rounds, progress, dir);
            report.runtimes = {
                method:
                    "Each run is one program process started with the Node.js language host's command line (node <nodeargs> " +
                    "@pulumi/pulumi/cmd/run --monitor … --pwd … --dry-run <entry point>, PULUMI_NODEJS_TYPESCRIPT=true for TypeScript), " +
                    "so @pulumi/pulumi's own cmd/run installs source-map-support and registers ts-node with its own options " +
                    "(type-checking unless PULUMI_NODEJS_TRANSPILE_ONLY=true); the engine is a gRPC stand-in (bench/fakeEngine.ts). " +
                    "Wall time from spawn to exit; variants interleaved, order " +
                    "reversed every round; ratios are medians of per-round ratios.",
                stacks: comparisons,
                loadBefore,
                loadAfter: load(),
            };
            report.targets.compiledAtLeast2xFaster = comparisons.every((c) => c.tsNodeOverCompiled >= SCALE_TARGETS.compiledSpeedup);
        }
        if (want.has("sharded") && dir) {
            const shardShape = opts.smallScale ? { ...SHARDED_60K, shards: 3, accountsPerShard: 10 } : SHARDED_60K;
            const perShard = shardShape.accountsPerShard * shardShape.permissionSets * shardShape.groupsPerPermissionSet;
            progress(`sharded: ${shardShape.shards} shards of ${perShard} assignments through runSharded (compiled shard processes)`);
            const loadBefore = load();
            report.sharded = { ...(await runShardedBench(shardShape, { kind: "compiled", dir }, progress)), loadBefore, loadAfter: load() };
            report.targets.shardsUnder1500MB = report.sharded.maxShardPeakRssMB < SCALE_TARGETS.shardRssMB;
            progress(
                `sharded total ${report.sharded.totalWallMs} ms, max shard peak RSS ${report.sharded.maxShardPeakRssMB} ` +
                    `MB (${loadText(loadBefore)} → ${report.sharded.loadAfter.load[0]})`,
            );
        }
        if (want.has("markdown")) {
            const users = opts.smallScale ? 2000 : 20000;
            const sparse = generateOrg({ accounts: 1000, permissionSets: 10, groupsPerPermissionSet: 0, users });
            const rows = accessMatrix(planAssignments(sparse.assignments));
            const mdLoad = load();
            const t0 = performance.now();
            const text = renderAccessMatrixMarkdown(rows);
            const ms = Math.round((performance.now() - t0) * 10) / 10;
            const uncapped = renderAccessMatrixMarkdown(rows, { maxBytes: 256 * 2 ** 20 });
            report.markdown = {
                users,
                accounts: 1000,
                assignments: rows.length,
                bytes: Buffer.byteLength(text),
                uncappedBytes: Buffer.byteLength(uncapped),
                ms,
                truncated: text.includes("_Showing"),
                load: mdLoad,
            };
            report.targets.markdownUnder512KB = report.markdown.bytes <= SCALE_TARGETS.markdownBytes;
            progress(`Markdown at ${users} users × 3 of 1,000 accounts: ${report.markdown.bytes} bytes in ${ms} ms (${loadText(mdLoad)})`);
        }
        return report;
    } finally {
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    }
}

/** The table rows of these sections: [measure, result, target, verdict]. */
export function scaleRows(s: ScaleReport): [string, string, string, string][] {
    const ok = (b: boolean | null) => (b === null ? "n/a" : b ? "OK" : "MISSED");
    const rows: [string, string, string, string][] = [];
    for (const c of s.runtimes?.stacks ?? []) {
        for (const v of c.variants)
            rows.push([
                `${c.stack}: ${v.label}`,
                `${v.medianWallMs} ms spawn→exit, CPU ${v.medianCpuMs} ms, peak RSS ${v.peakRssMB} MB (load ${v.load1.join("/")})`,
                "",
                "",
            ]);
        rows.push([
            `${c.stack}: ts-node ÷ compiled`,
            `${c.tsNodeOverCompiled} wall, ${c.tsNodeOverCompiledCpu} CPU (transpile-only ÷ ` +
                `compiled ${c.transpileOnlyOverCompiled}; ÷ compiled without stack traces ${c.tsNodeOverCompiledNoStacks})`,
            `≥ ${SCALE_TARGETS.compiledSpeedup}`,
            ok(c.tsNodeOverCompiled >= SCALE_TARGETS.compiledSpeedup),
        ]);
        rows.push([
            `${c.stack}: --stack-trace-limit=0 speed-up`,
            `${c.stackTraceLimitSpeedup}× faster, peak RSS ÷ ${c.stackTraceLimitRssRatio}`,
            "",
            "",
        ]);
    }
    const sh = s.sharded;
    if (sh)
        rows.push([
            `sharded ${sh.assignments} (${sh.shape.shards} shards, ${sh.runtime})`,
            `total ${Math.round(sh.totalWallMs / 100) / 10} s; peak ` +
                `--parallel ${sh.peakParallel}/${sh.budget} (${loadText(sh.loadBefore)} → ${sh.loadAfter.load[0]})`,
            "",
            "",
        ]);
    if (sh)
        rows.push([
            "  max shard peak RSS",
            `${sh.maxShardPeakRssMB} MB (${sh.shards.map((x) => x.peakRssMB).join(", ")})`,
            `< ${SCALE_TARGETS.shardRssMB} MB`,
            ok(s.targets.shardsUnder1500MB),
        ]);
    const md = s.markdown;
    if (md)
        rows.push([
            `Markdown, ${md.users} users × 3 of ${md.accounts} accounts`,
            `${Math.round(md.bytes / 1024)} KiB in ${md.ms} ms (uncapped ${Math.round(md.uncappedBytes / 1024)} KiB)`,
            "≤ 512 KiB",
            ok(s.targets.markdownUnder512KB),
        ]);
    return rows;
}

export function formatTable(rows: [string, string, string, string][]): string {
    const widths = [0, 1, 2, 3].map((i) => Math.max(...rows.map((r) => r[i].length)));
    return rows
        .map((r) =>
            r
                .map((c, i) => c.padEnd(widths[i]))
                .join("  ")
                .trimEnd(),
        )
        .join("\n");
}

if (require.main === module) {
    const argv = process.argv.slice(2);
    const at = (flag: string) => (argv.indexOf(flag) >= 0 ? argv[argv.indexOf(flag) + 1] : undefined);
    const progress = (m: string) => process.stderr.write(`[bench] ${m}\n`);
    const sections = at("--sections")?.split(",") as Section[] | undefined;
    scaleSections({ smallScale: argv.includes("--small-scale"), rounds: Number(at("--rounds") ?? 2), sections }, progress).then(
        (r) => {
            const json = JSON.stringify(r, null, 2);
            process.stdout.write(`${json}\n`);
            const out = at("--out");
            if (out) fs.writeFileSync(out, `${json}\n`);
            process.stderr.write(`\n${formatTable([["measure", "result", "target", ""], ...scaleRows(r)])}\n`);
        },
        (e) => {
            process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
            process.exit(1);
        },
    );
}
