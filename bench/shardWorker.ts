/**
 * One shard stack's program under the lean mock engine, in a process of its own (as the Pulumi CLI runs each shard
 * stack's program in its own language host): reads the shard's settings from a JSON file, runs the shard program
 * (program/shard.ts) with the core stack's outputs answered by the StackReference mock, prints one JSON line with
 * the wall time and this process's peak RSS.
 *
 * Usage: node bench/shardWorker.js <job.json>   (or through ts-node)
 */
import * as fs from "node:fs";
import { shardOutputs, ShardSettings } from "../program/shard";
import { runUnderMocks, setStackReferenceOutputs, total, withoutSourceMaps } from "./engine";

export interface ShardWorkerJob {
    settings: ShardSettings;
    coreOutputs: { [name: string]: unknown };
}
export interface ShardWorkerResult {
    wallMs: number;
    maxRssBytes: number;
    registrations: number;
    assignments: number;
}

async function main(): Promise<void> {
    const job: ShardWorkerJob = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
    withoutSourceMaps();
    setStackReferenceOutputs(job.coreOutputs);
    const t0 = performance.now();
    const counts = await runUnderMocks(() => shardOutputs(job.settings));
    const result: ShardWorkerResult = {
        wallMs: performance.now() - t0,
        maxRssBytes: process.resourceUsage().maxRSS * 1024,
        registrations: total(counts.resources),
        assignments: counts.resources.get("aws:ssoadmin/accountAssignment:AccountAssignment") ?? 0,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

if (require.main === module) {
    main().catch((e) => {
        process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
        process.exit(1);
    });
}
