import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigMap, OutputMap } from "@pulumi/pulumi/automation";
import { DEFAULT_ASSIGNMENT_BUDGET, EnvironmentSpec, runSharded, ShardSpec, StackHandle, WorkspaceLayer } from "../automation";
import { AssignmentArgs, AwsIdentityCenterFederationArgs } from "../components/args";
import { FederationSettings } from "../program/settings";
import { SHARD_PROJECT, SHARD_SETTINGS_KEY, ShardSettings } from "../program/shard";
import { runScript, Runtime } from "./compiled";
import { runUnderMocks } from "./engine";
import { accountId, generateOrg, groupName, permissionSetName } from "./org";
import { ShardWorkerJob, ShardWorkerResult } from "./shardWorker";

/**
 * A large organisation as shards, run by the sharded Automation path (automation/shards.ts: validation, the
 * --parallel budget, per-shard outcomes) under mocks. The workspace layer is the only stand-in: its core stack runs
 * the federation's inline program in this process, and each shard stack's `up` starts the shard program in a process
 * of its own (bench/shardWorker.ts), as the CLI's language host would, and reports that process's peak RSS.
 */
export interface ShardedShape {
    shards: number;
    /** Accounts per shard (one OU's accounts); each gets every permission set for every group. */
    accountsPerShard: number;
    permissionSets: number;
    groupsPerPermissionSet: number;
}

export const SHARDED_60K: ShardedShape = { shards: 12, accountsPerShard: 250, permissionSets: 10, groupsPerPermissionSet: 2 };

export interface ShardMeasure {
    stack: string;
    assignments: number;
    wallMs: number;
    peakRssMB: number;
}
export interface ShardedReport {
    shape: ShardedShape;
    assignments: number;
    runtime: Runtime["kind"];
    budget: number;
    parallelPerShard: number;
    peakParallel: number;
    ok: boolean;
    totalWallMs: number;
    shards: ShardMeasure[];
    maxShardPeakRssMB: number;
}

function hex(text: string, n: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, n);
}

export function shardAssignments(shape: ShardedShape, k: number): AssignmentArgs[] {
    const accounts = Array.from({ length: shape.accountsPerShard }, (_, i) => accountId(k * shape.accountsPerShard + i));
    const out: AssignmentArgs[] = [];
    for (let i = 0; i < shape.permissionSets; i++) {
        for (let g = 0; g < shape.groupsPerPermissionSet; g++)
            out.push({ group: groupName(i, g), permissionSet: permissionSetName(i), accounts });
    }
    return out;
}

/** A generated organisation's arguments as stack settings: the SCIM and authentik tokens are secret config, never settings. */
export function settingsOf(org: AwsIdentityCenterFederationArgs): FederationSettings {
    const { identityCenter, ...rest } = org;
    const { scimToken, ...ic } = identityCenter;
    void scimToken;
    const { apiToken, ...authentik } = rest.authentik;
    void apiToken;
    return { ...rest, identityCenter: ic, authentik };
}

export function coreEnv(shape: ShardedShape): { env: EnvironmentSpec; outputs: { [k: string]: unknown } } {
    const org = generateOrg({ accounts: 1, permissionSets: shape.permissionSets, groupsPerPermissionSet: shape.groupsPerPermissionSet });
    const groups = [...new Set((org.assignments ?? []).map((a) => a.group!))].sort();
    // The core stack: the federation and every permission set, no assignments; it pushes every shard's groups.
    const all = settingsOf(org);
    const settings: FederationSettings = { ...all, assignments: [], authentik: { ...all.authentik, scimGroups: groups } };
    const names = Object.keys(org.permissionSets ?? {});
    const outputs = {
        instanceArn: "arn:aws:sso:::instance/ssoins-72236e90633f0325",
        identityStoreId: "d-906752b26f",
        // The ARNs the bench engine gives these permission sets.
        permissionSetArns: Object.fromEntries(
            names.map((n) => [n, `arn:aws:sso:::permissionSet/ssoins-72236e90633f0325/ps-${hex(n, 16)}`]),
        ),
        scimGroups: groups,
    };
    return {
        env: {
            stack: "core",
            settings,
            scimToken: "bench-scim-token",
            awsRegion: "ap-northeast-1",
            authentik: { url: "https://authentik.example.com", token: "bench-token" },
            policyPack: false,
        },
        outputs,
    };
}

function handle(name: string, up: (config: ConfigMap) => Promise<{ outputs: OutputMap; created: number }>): StackHandle {
    let config: ConfigMap = {};
    const unsupported = async (): Promise<never> => {
        throw new Error("the sharded benchmark runs up only");
    };
    return {
        name,
        setAllConfig: async (c) => void (config = c),
        up: async () => {
            const r = await up(config);
            return { outputs: r.outputs, summary: { resourceChanges: { create: r.created } } };
        },
        preview: unsupported,
        refresh: unsupported,
        destroy: unsupported,
        outputs: async () => ({}),
    };
}

export async function runShardedBench(shape: ShardedShape, runtime: Runtime, log: (m: string) => void): Promise<ShardedReport> {
    const { env, outputs } = coreEnv(shape);
    const measures = new Map<string, ShardMeasure>();
    const jobDir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-ic-shards-"));
    const layer: WorkspaceLayer = {
        createOrSelectStack: async (args) =>
            handle(args.stackName, async (config) => {
                const plain = Object.fromEntries(Object.entries(config).map(([k, v]) => [k, v.value]));
                pulumi.runtime.setAllConfig(
                    plain,
                    Object.keys(config).filter((k) => config[k].secret),
                );
                const counts = await runUnderMocks(args.program);
                return { outputs: {}, created: [...counts.resources.values()].reduce((a, b) => a + b, 0) };
            }),
        createOrSelectLocalStack: async (args) =>
            handle(args.stackName, async (config) => {
                const settings: ShardSettings = JSON.parse(config[`${SHARD_PROJECT}:${SHARD_SETTINGS_KEY}`].value);
                const file = path.join(jobDir, `${args.stackName}.json`);
                fs.writeFileSync(file, JSON.stringify({ settings, coreOutputs: outputs } satisfies ShardWorkerJob));
                const r = await runScript<ShardWorkerResult>(runtime, "shardWorker", [file]);
                measures.set(args.stackName, {
                    stack: args.stackName,
                    assignments: r.assignments,
                    wallMs: Math.round(r.wallMs),
                    peakRssMB: Math.round(r.maxRssBytes / 2 ** 20),
                });
                log(
                    `shard ${args.stackName}: ${r.assignments} assignments, ${Math.round(r.wallMs / 100) / 10} ` +
                        `s, peak RSS ${Math.round(r.maxRssBytes / 2 ** 20)} MB`,
                );
                return { outputs: { assignmentCount: { value: r.assignments, secret: false } }, created: r.registrations };
            }),
    };
    const shards: ShardSpec[] = Array.from({ length: shape.shards }, (_, k) => ({
        stack: `ou-${k}`,
        settings: { assignments: shardAssignments(shape, k) },
        awsRegion: "ap-northeast-1",
        policyPack: false,
    }));
    const t0 = performance.now();
    const result = await runSharded(env, shards, "up", { layer });
    const totalWallMs = performance.now() - t0;
    fs.rmSync(jobDir, { recursive: true, force: true });
    const failures = [result.core, ...result.shards].filter((s) => !s.ok);
    if (failures.length > 0) {
        const reasons = failures.map((f) => `${f.stack}: ${"error" in f ? String(f.error) : "skipped" in f ? f.skipped : ""}`);
        throw new Error(`sharded run failed: ${reasons.join("; ")}`);
    }
    const list = shards.map((s) => measures.get(s.stack)!);
    return {
        shape,
        assignments: list.reduce((n, s) => n + s.assignments, 0),
        runtime: runtime.kind,
        budget: DEFAULT_ASSIGNMENT_BUDGET,
        parallelPerShard: 10,
        peakParallel: result.peakParallel,
        ok: result.ok,
        totalWallMs: Math.round(totalWallMs),
        shards: list,
        maxShardPeakRssMB: Math.max(...list.map((s) => s.peakRssMB)),
    };
}
