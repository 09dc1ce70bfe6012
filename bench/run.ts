/**
 * `npm run bench` (issue 6): minimality, synthesis cost against a hand-written baseline, change stability and
 * policy scaling, on generated organisations under mocks. Prints one JSON document on stdout and a short table on
 * stderr (so `npm run bench > bench.json` keeps the JSON clean).
 *
 * Issue 14 adds: the ratio at 30,000 assignments, ts-node against the compiled program, a 60,000-assignment
 * organisation as 12 shards of 5,000 run by the sharded Automation path (each shard its own process: peak RSS, total
 * wall time), and the access-matrix Markdown size at the sparse-user shape.
 *
 * Flags: --quick (fewer repetitions, for a smoke run), --no-large (skip the 6,000- and 30,000-assignment timings),
 *        --no-30k (skip only the 30,000 timing), --no-scale (skip issue 14's sections, bench/scale.ts),
 *        --small-scale (issue 14's sections at toy sizes, for development), --rounds N (interleaved rounds of the
 *        ts-node vs compiled runs, default 2), --out <file> (also write the JSON there).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import { AwsIdentityCenterFederation } from "../components";
import { AwsIdentityCenterFederationArgs } from "../components/args";
import { runPackOverResources } from "../policy/runner";
import { policies } from "../policy/policies";
import { mockPrincipalId, record, Recording } from "../tests/harness/mocks";
import { baselineLiterals, registerBaseline } from "./baseline";
import { withoutSourceMaps } from "./engine";
import {
    diffSnapshots,
    minimality,
    minimalityFromCounts,
    MinimalityReport,
    orgNeeds,
    OrgChange,
    snapshot,
    stability,
    StabilityReport,
} from "./measure";
import {
    accountId,
    generateOrg,
    OrgShape,
    permissionSetName,
    shuffledArgs,
    SIZES,
    withAccountAdded,
    withPermissionSetRemoved,
} from "./org";
import { runScript } from "./compiled";
import { formatTable, load, Load, loadText, ScaleReport, scaleRows, scaleSections } from "./scale";
import { PolicyTiming, syntheticStack, timePolicyPack } from "./policyScaling";
import { median, medianRatio, Run } from "./timing";
import { SIDE, WorkerJob, WorkerResult } from "./worker";

const TARGETS = { ratio: 1.1, linearity: 11, policyRatio: 12, policy10kMs: 1000 } as const;
const ids = { principalId: (type: "GROUP" | "USER", name: string) => mockPrincipalId(`${type === "GROUP" ? "group" : "user"}:${name}`) };

interface Options {
    quick: boolean;
    large: boolean;
    xlarge: boolean;
    smallScale: boolean;
    scale: boolean;
    rounds: number;
    out?: string;
}
function parseOptions(argv: string[]): Options {
    const outAt = argv.indexOf("--out");
    const large = !argv.includes("--no-large");
    return {
        quick: argv.includes("--quick"),
        large,
        xlarge: large && !argv.includes("--no-30k"),
        smallScale: argv.includes("--small-scale"),
        scale: !argv.includes("--no-scale"),
        rounds: argv.includes("--rounds") ? Number(argv[argv.indexOf("--rounds") + 1]) : 2,
        out: outAt >= 0 ? argv[outAt + 1] : undefined,
    };
}

function progress(message: string): void {
    process.stderr.write(`[bench] ${message}\n`);
}

function assignmentsOf(shape: OrgShape): number {
    return orgNeeds(generateOrg(shape)).triples.size;
}

// ------------------------------------------------------------------------------------------------------------
// 1 + 3: minimality and stability (recording mock engine, in this process)
// ------------------------------------------------------------------------------------------------------------

async function plan(args: AwsIdentityCenterFederationArgs): Promise<Recording> {
    const rec = await record(() => new AwsIdentityCenterFederation("org", args));
    if (rec.errors.length > 0) throw new Error(`the component failed under mocks: ${String(rec.errors[0])}`);
    return rec;
}

async function stabilityRuns(shape: OrgShape): Promise<{ base: Recording; reports: StabilityReport[] }> {
    const args = generateOrg(shape);
    const base = await plan(args);
    const changes: { change: OrgChange; args: AwsIdentityCenterFederationArgs }[] = [
        { change: { kind: "account-added", account: accountId(shape.accounts) }, args: withAccountAdded(args, accountId(shape.accounts)) },
        { change: { kind: "shuffled" }, args: shuffledArgs(args, 20260) },
        {
            change: { kind: "permission-set-removed", permissionSet: permissionSetName(1) },
            args: withPermissionSetRemoved(args, permissionSetName(1)),
        },
    ];
    const reports: StabilityReport[] = [];
    for (const c of changes) reports.push(stability(args, base, c.args, await plan(c.args), c.change));
    return { base, reports };
}

// ------------------------------------------------------------------------------------------------------------
// 2: synthesis cost (lean mock engine, one child process per size)
// ------------------------------------------------------------------------------------------------------------

function runWorker(job: WorkerJob, nodeArgs: string[] = []): Promise<WorkerResult> {
    return runScript<WorkerResult>({ kind: "ts-node" }, "worker", [JSON.stringify(job)], [...nodeArgs, "--expose-gc"]);
}

interface SideSummary {
    medianWallMs: number;
    medianCpuMs: number;
    wallMs: number[];
    peakHeapMB: number;
    registrations: number;
    invokes: number;
}
function summarise(runs: Run[]): SideSummary {
    return {
        medianWallMs: round(median(runs.map((r) => r.wallMs))),
        medianCpuMs: round(median(runs.map((r) => r.cpuMs))),
        wallMs: runs.map((r) => round(r.wallMs)),
        peakHeapMB: round(Math.max(...runs.map((r) => r.peakHeapBytes)) / 2 ** 20),
        registrations: runs[0]?.resources ?? 0,
        invokes: runs[0]?.invokes ?? 0,
    };
}
function round(x: number, digits = 1): number {
    const f = 10 ** digits;
    return Math.round(x * f) / f;
}

interface SynthesisResult {
    assignments: number;
    repetitions: number;
    sides: { [label: string]: SideSummary };
    /** Median of per-round component ÷ baseline wall-time ratios. */
    ratioToBaseline: number;
    ratioToBaselineCpu: number;
    /** Same against the baseline that registers the component's exact graph (so: the cost of the component's own code). */
    ratioToSameGraph?: number;
    withSourceMaps?: { component: SideSummary; baseline: SideSummary; ratioToBaseline: number };
    maxRssMB: number;
    rssAfterWarmupMB: number;
    minimality: MinimalityReport;
    /** `uptime` when this size started (2 cores shared with other jobs: absolute times follow it, paired ratios less). */
    load: Load;
}

function synthesisResult(w: WorkerResult, started: Load): SynthesisResult {
    const comp = w.runs[SIDE.component];
    const base = w.runs[SIDE.baseline];
    const same = w.runs[SIDE.sameGraph];
    const args = generateOrg(w.shape);
    const last = comp[comp.length - 1];
    const counts = { resources: new Map(Object.entries(last.counts.resources)), invokes: new Map(Object.entries(last.counts.invokes)) };
    const sm = w.sourceMapRuns;
    return {
        assignments: orgNeeds(args).triples.size,
        repetitions: comp.length,
        sides: Object.fromEntries(Object.entries(w.runs).map(([k, v]) => [k, summarise(v)])),
        ratioToBaseline: round(medianRatio(comp, base), 3),
        ratioToBaselineCpu: round(
            medianRatio(comp, base, (r) => r.cpuMs),
            3,
        ),
        ...(same ? { ratioToSameGraph: round(medianRatio(comp, same), 3) } : {}),
        ...(sm[SIDE.component]?.length
            ? {
                  withSourceMaps: {
                      component: summarise(sm[SIDE.component]),
                      baseline: summarise(sm[SIDE.baseline]),
                      ratioToBaseline: round(medianRatio(sm[SIDE.component], sm[SIDE.baseline]), 3),
                  },
              }
            : {}),
        maxRssMB: round(w.maxRssBytes / 2 ** 20),
        rssAfterWarmupMB: round(w.rssBeforeBytes / 2 ** 20),
        minimality: minimalityFromCounts(args, counts),
        load: started,
    };
}

async function timedSize(job: WorkerJob, nodeArgs: string[] = []): Promise<SynthesisResult> {
    const started = load();
    progress(`synthesis cost: ${assignmentsOf(job.shape)} assignments, ${job.reps} round(s) (${loadText(started)})`);
    const r = synthesisResult(await runWorker(job, nodeArgs), started);
    progress(
        `  component ÷ same graph ${r.ratioToSameGraph ?? "n/a"}, ÷ Terraform-style ${r.ratioToBaseline}; ` +
            `component ${r.sides[SIDE.component].medianWallMs} ms, peak heap ${r.sides[SIDE.component].peakHeapMB} MB`,
    );
    return r;
}

/** Records the component and the same-graph baseline on a small organisation and compares URNs and inputs. */
async function sameGraphCheck(): Promise<{
    identical: boolean;
    onlyComponent: string[];
    onlyBaseline: string[];
    differentInputs: string[];
}> {
    const args = generateOrg({ ...SIZES.small, accounts: 3 });
    const lit = baselineLiterals(args);
    const comp = snapshot(await plan(args));
    const base = snapshot(await record(() => registerBaseline("org", args, lit, { sameGraph: true })));
    const d = diffSnapshots(base, comp);
    return {
        identical: d.added.length + d.removed.length + d.changed.length === 0,
        onlyComponent: d.added,
        onlyBaseline: d.removed,
        differentInputs: d.changed,
    };
}

// ------------------------------------------------------------------------------------------------------------
// 4: policy scaling
// ------------------------------------------------------------------------------------------------------------

async function policyScaling(
    template: Recording,
    quick: boolean,
): Promise<{ sizes: PolicyTiming[]; ratio: number; slowestAt10k: { policy: string; ms: number }[] }> {
    const run = (r: readonly Parameters<typeof runPackOverResources>[0][number][]) => runPackOverResources(r);
    const small = await timePolicyPack(syntheticStack(template.resources, 1000), quick ? 3 : 7, run);
    const largeStack = syntheticStack(template.resources, 10000);
    const large = await timePolicyPack(largeStack, quick ? 2 : 5, run);
    const perPolicy: { policy: string; ms: number }[] = [];
    for (const p of policies) {
        const t0 = performance.now();
        await runPackOverResources(largeStack, {}, { policies: [p] });
        perPolicy.push({ policy: p.name, ms: round(performance.now() - t0) });
    }
    perPolicy.sort((a, b) => b.ms - a.ms);
    return {
        sizes: [small, large].map((s) => ({ ...s, runsMs: s.runsMs.map((x) => round(x)), medianMs: round(s.medianMs) })),
        ratio: round(large.medianMs / small.medianMs, 2),
        slowestAt10k: perPolicy.slice(0, 3),
    };
}

// ------------------------------------------------------------------------------------------------------------

async function main(): Promise<void> {
    const opts = parseOptions(process.argv.slice(2));
    const started = performance.now();
    const loadAtStart = load();
    // Not timed here: V8's own stack formatting just makes the recordings faster (see bench/worker.ts).
    withoutSourceMaps();

    progress(`minimality and stability: ${assignmentsOf(SIZES.small)} assignments, 4 plans`);
    const { base, reports } = await stabilityRuns(SIZES.small);
    const minimalSmall = minimality(generateOrg(SIZES.small), base, ids);

    // The same-graph baseline must really register the component's graph, or its ratio means nothing.
    const equivalence = await sameGraphCheck();

    // Every size is also timed against the hand-registered graph of the same resources (the issue's yardstick).
    const small = await timedSize({
        shape: SIZES.small,
        reps: opts.quick ? 2 : 5,
        sameGraphBaseline: true,
        sourceMapReps: opts.quick ? 0 : 1,
    });
    const large = opts.large
        ? await timedSize({ shape: SIZES.large, reps: opts.quick ? 1 : 2, sameGraphBaseline: true, sourceMapReps: 0 })
        : undefined;
    // 30,000 assignments need about 7 GB of heap per side: the limit is raised to 16 GB for this one process.
    const xlarge = opts.xlarge
        ? await timedSize({ shape: SIZES.xlarge, reps: 1, sameGraphBaseline: true, sourceMapReps: 0 }, ["--max-old-space-size=16384"])
        : undefined;
    const scale = opts.scale ? await scaleSections({ smallScale: opts.smallScale, rounds: opts.rounds }, progress) : undefined;

    progress("policy scaling: 1,000 and 10,000 resources");
    const template = await plan(generateOrg({ accounts: 2, permissionSets: 10, groupsPerPermissionSet: 2 }));
    const policy = await policyScaling(template, opts.quick);

    const linearity = large ? round(large.sides[SIDE.component].medianWallMs / small.sides[SIDE.component].medianWallMs, 2) : undefined;
    const baselineLinearity = large
        ? round(large.sides[SIDE.baseline].medianWallMs / small.sides[SIDE.baseline].medianWallMs, 2)
        : undefined;
    const extra = small.sides[SIDE.component].registrations - small.sides[SIDE.baseline].registrations;
    const policy10k = policy.sizes[1].medianMs;
    const targets = {
        minimality: minimalSmall.ok && small.minimality.ok && (large?.minimality.ok ?? true),
        synthesisRatio600: small.ratioToBaseline <= TARGETS.ratio,
        synthesisRatio6000: large ? large.ratioToBaseline <= TARGETS.ratio : null,
        synthesisRatio30000: xlarge ? xlarge.ratioToBaseline <= TARGETS.ratio : null,
        sameGraphRatio600: sameGraphOk(small),
        sameGraphRatio6000: large ? sameGraphOk(large) : null,
        sameGraphRatio30000: xlarge ? sameGraphOk(xlarge) : null,
        compiledAtLeast2xFaster: scale ? scale.targets.compiledAtLeast2xFaster : null,
        shardsUnder1500MB: scale ? scale.targets.shardsUnder1500MB : null,
        markdownUnder512KB: scale ? scale.targets.markdownUnder512KB : null,
        synthesisLinear: linearity !== undefined ? linearity <= TARGETS.linearity : null,
        sameGraphBaselineValid: equivalence.identical,
        stability: reports.every((r) => r.ok),
        policyLinear: policy.ratio <= TARGETS.policyRatio,
        policy10kUnderOneSecond: policy10k < TARGETS.policy10kMs,
    };
    const doc = {
        benchmark: "aws-identity-center-authentik issues 6 and 14",
        command: "npm run bench",
        node: process.version,
        machine: { cpus: os.cpus().length, platform: process.platform, loadAtStart, loadAtEnd: load() },
        quick: opts.quick,
        targets,
        minimality: {
            [String(minimalSmall.assignments.needed)]: minimalSmall,
            ...(large ? { [String(large.assignments)]: large.minimality } : {}),
        },
        synthesis: {
            method:
                "Wall time from the program's first line until every registration, invoke and output has settled, under one lean " +
                "mock engine (bench/engine.ts) for both sides; sides alternate within one process per size, full GC before each " +
                "run; ratio = median of per-round ratios. Stack traces use V8's own formatting (as a compiled program); " +
                "`withSourceMaps` repeats the 600 case with ts-node's source-map-support on.",
            baselineNote:
                "The Terraform-style baseline resolves each group with one identitystore getGroup lookup and nothing else. The " +
                "component also registers, before the same lookup, one SCIM wait per principal (a dynamic resource that polls " +
                "only on the first deploy), one SCIM sync trigger (when the authentik API is given) and itself as the parent: " +
                `${extra} more registrations here. \`ratioToSameGraph\` compares with a baseline that registers exactly the ` +
                "component's graph with plain code (checked: `sameGraphIdentical`), i.e. the cost of the component's own code.",
            sameGraphIdentical: equivalence,
            [String(small.assignments)]: small,
            ...(large ? { [String(large.assignments)]: large } : {}),
            ...(xlarge ? { [String(xlarge.assignments)]: xlarge } : {}),
            cost6000over600: linearity ?? null,
            baselineCost6000over600: baselineLinearity ?? null,
        },
        tsNodeVsCompiled: scale?.runtimes ?? null,
        sharded: scale?.sharded ?? null,
        accessMatrixMarkdown: scale?.markdown ?? null,
        stability: reports,
        policy: { ...policy, targetRatio: TARGETS.policyRatio, targetMsAt10k: TARGETS.policy10kMs },
        totalSeconds: 0,
    };
    doc.totalSeconds = round((performance.now() - started) / 1000);

    const json = JSON.stringify(doc, null, 2);
    process.stdout.write(`${json}\n`);
    if (opts.out) fs.writeFileSync(opts.out, `${json}\n`);
    process.stderr.write(
        `\n${table(doc.targets, minimalSmall, small, large, linearity, baselineLinearity, reports, policy, xlarge, scale)}\n` +
            `Total: ${doc.totalSeconds} s\n`,
    );
}

function table(
    targets: { [k: string]: boolean | null },
    m: MinimalityReport,
    small: SynthesisResult,
    large: SynthesisResult | undefined,
    linearity: number | undefined,
    baselineLinearity: number | undefined,
    reports: StabilityReport[],
    policy: Awaited<ReturnType<typeof policyScaling>>,
    xlarge: SynthesisResult | undefined,
    scale: ScaleReport | undefined,
): string {
    const ok = (b: boolean | null | undefined) => (b === null || b === undefined ? "n/a" : b ? "OK" : "MISSED");
    const rows: [string, string, string, string][] = [["measure", "result", "target", ""]];
    rows.push([
        "AccountAssignments ÷ triples",
        `${m.assignments.registered} ÷ ${m.assignments.needed} = ${m.assignments.ratio}`,
        "1",
        ok(m.assignments.ratio === 1),
    ]);
    rows.push([
        "permission-set resources ÷ needed",
        `${m.permissionSetResources.registered} ÷ ${m.permissionSetResources.needed} = ${m.permissionSetResources.ratio}`,
        "1",
        ok(m.permissionSetResources.ratio === 1),
    ]);
    rows.push([
        "principal lookups ÷ principals",
        `${m.principalLookups.registered} ÷ ${m.principalLookups.needed} = ${m.principalLookups.ratio}`,
        "1",
        ok(m.principalLookups.ratio === 1),
    ]);
    rows.push(["getInstances calls", String(m.getInstances), "≤ 1", ok(m.getInstances <= 1)]);
    const synth = (s: SynthesisResult) =>
        [
            `synthesis ${s.assignments}: component ÷ baseline`,
            `${s.sides[SIDE.component].medianWallMs} ms ÷ ${s.sides[SIDE.baseline].medianWallMs} ms = ${s.ratioToBaseline}`,
            `≤ ${TARGETS.ratio}`,
            ok(s.ratioToBaseline <= TARGETS.ratio),
        ] as [string, string, string, string];
    const sameGraph = (s: SynthesisResult) =>
        [
            `  ${s.assignments}: component ÷ hand-registered same graph`,
            `${s.ratioToSameGraph ?? "n/a"} (${loadText(s.load)})`,
            `≤ ${TARGETS.ratio}`,
            ok(sameGraphOk(s)),
        ] as [string, string, string, string];
    for (const s of [small, large, xlarge]) {
        if (!s) continue;
        rows.push(synth(s));
        rows.push(sameGraph(s));
    }
    rows.push([
        "cost(6000) ÷ cost(600)",
        linearity === undefined ? "skipped" : `${linearity} (baseline ${baselineLinearity})`,
        `≤ ${TARGETS.linearity}`,
        ok(targets.synthesisLinear),
    ]);
    rows.push([
        "peak heap (component)",
        `${small.sides[SIDE.component].peakHeapMB} MB${large ? ` / ${large.sides[SIDE.component].peakHeapMB} MB` : ""}`,
        "",
        "",
    ]);
    for (const r of reports) {
        const u = r.unexplained;
        rows.push([
            `stability: ${r.change.kind}`,
            `+${r.diff.added} -${r.diff.removed} ~${r.diff.changed}; unexplained ${u.added.length + u.removed.length + u.changed.length}` +
                (r.componentInputsChanged ? "; component inputs changed" : ""),
            "0 unexplained",
            ok(r.ok),
        ]);
    }
    if (xlarge) rows.push([`peak RSS at ${xlarge.assignments} (one process, all sides)`, `${xlarge.maxRssMB} MB`, "", ""]);
    if (scale) rows.push(...scaleRows(scale));
    rows.push([
        "policy pack 10k ÷ 1k",
        `${policy.sizes[1].medianMs} ms ÷ ${policy.sizes[0].medianMs} ms = ${policy.ratio}`,
        `≤ ${TARGETS.policyRatio}`,
        ok(targets.policyLinear),
    ]);
    rows.push(["policy pack at 10k", `${policy.sizes[1].medianMs} ms`, `< ${TARGETS.policy10kMs} ms`, ok(targets.policy10kUnderOneSecond)]);
    return formatTable(rows);
}

function sameGraphOk(s: SynthesisResult): boolean | null {
    return s.ratioToSameGraph === undefined ? null : s.ratioToSameGraph <= TARGETS.ratio;
}

main().catch((e) => {
    process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
    process.exit(1);
});
