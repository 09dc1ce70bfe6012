/**
 * One size of the synthesis-cost benchmark, in a process of its own (bench/run.ts starts it with --expose-gc), so
 * its peak RSS is its own and a large heap from one size never slows the next. Prints one JSON line.
 *
 * Usage: node --expose-gc -r ts-node/register/transpile-only bench/worker.ts '<WorkerJob JSON>'
 */
import { AwsIdentityCenterFederation } from "../components";
import { baselineLiterals, registerBaseline } from "./baseline";
import { generateOrg, OrgShape } from "./org";
import { withoutSourceMaps } from "./engine";
import { alternate, Run, Side, timeOnce } from "./timing";

export interface WorkerJob {
    shape: OrgShape;
    reps: number;
    /** Also time the baseline that registers the component's graph resource for resource (see BaselineOptions.sameGraph). */
    sameGraphBaseline: boolean;
    /** Rounds (component + baseline) timed again with ts-node's source-map stack traces left on. 0: none. */
    sourceMapReps: number;
    /**
     * Leave the process's stack-trace formatting as it is (ts-node's source maps when started through ts-node) for the
     * main runs too, and time the component only: the ts-node vs compiled comparison. Default false.
     */
    asStarted?: boolean;
}

export interface WorkerResult {
    shape: OrgShape;
    runs: { [label: string]: Run[] };
    sourceMapRuns: { [label: string]: Run[] };
    /** Peak resident set of this process (all sides together), bytes. */
    maxRssBytes: number;
    /** Resident set after loading the SDKs and warming up, before the first timed run, bytes. */
    rssBeforeBytes: number;
}

export const SIDE = {
    component: "component",
    baseline: "baseline (Terraform-style)",
    sameGraph: "baseline, same graph (waits, sync trigger, component parent)",
} as const;

function sidesFor(shape: OrgShape, sameGraph: boolean): Side[] {
    const args = generateOrg(shape);
    const lit = baselineLiterals(args);
    const sides: Side[] = [
        { label: SIDE.component, program: () => new AwsIdentityCenterFederation("org", args) },
        { label: SIDE.baseline, program: () => registerBaseline("org", args, lit) },
    ];
    if (sameGraph) sides.push({ label: SIDE.sameGraph, program: () => registerBaseline("org", args, lit, { sameGraph: true }) });
    return sides;
}

async function main(): Promise<void> {
    const job: WorkerJob = JSON.parse(process.argv[2]);
    // Pulumi records a stack trace for every registration and every internal promise; under ts-node,
    // source-map-support rewrites each one. A compiled program (and `pulumi up` of a JavaScript project) does not,
    // so the main measurement runs with V8's own formatting; `sourceMapReps` measures the ts-node case too.
    const sourceMapsInstalled = typeof (Error as { prepareStackTrace?: unknown }).prepareStackTrace === "function";
    const restoreSourceMaps = job.asStarted ? () => undefined : withoutSourceMaps();

    // Warm up on a tiny organisation: module loading, JIT, and the one-time serialization of the dynamic provider.
    for (const s of sidesFor({ ...job.shape, accounts: 2 }, job.sameGraphBaseline).slice(0, job.asStarted ? 1 : undefined))
        await timeOnce(s.program);
    const rssBeforeBytes = process.memoryUsage().rss;

    const sides = sidesFor(job.shape, job.sameGraphBaseline).slice(0, job.asStarted ? 1 : undefined);
    const runs = await alternate(sides, job.reps);
    let sourceMapRuns: WorkerResult["sourceMapRuns"] = {};
    if (job.sourceMapReps > 0 && sourceMapsInstalled) {
        restoreSourceMaps();
        sourceMapRuns = await alternate(sides.slice(0, 2), job.sourceMapReps);
    }
    const result: WorkerResult = {
        shape: job.shape,
        runs,
        sourceMapRuns,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        rssBeforeBytes,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    });
}
