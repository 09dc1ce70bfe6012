import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigMap, EngineEvent } from "@pulumi/pulumi/automation";
import { validateAssignmentsArgs } from "../components/aws/assignmentsValidation";
import { Problem } from "../components/problems";
import { SHARD_PROJECT, SHARD_SETTINGS_KEY, ShardSettings } from "../program/shard";
import { Operation } from "./changes";
import {
    EnvironmentSpec,
    EnvironmentValidationError,
    ExtraConfigValue,
    packageRoot,
    policyOptions,
    WorkspaceSettings,
} from "./environment";
import { DEFAULT_PARALLEL, OPERATIONS, OperationOptions, OperationResult, runOnStack, runOperation } from "./operations";
import { localWorkspaceLayer } from "./workspace";

/**
 * Default bound on concurrent assignment operations per IAM Identity Center instance, summed over the shard stacks
 * that run at once (their `--parallel` values). AWS allows at most 10 outstanding CreateAccountAssignment calls per
 * instance and about 20 TPS for its admin APIs (IAM Identity Center quotas, "Throttling limits"); each assignment
 * takes several calls through the provider (create, then polling its status), so beyond ~40-50 engine steps in flight
 * more parallelism only buys ThrottlingException retries.
 */
export const DEFAULT_ASSIGNMENT_BUDGET = 40;

/** One shard stack: a slice of the assignments, deployed by the shard program (shard/) beside the core stack. */
export interface ShardSpec {
    /** Stack name of the shard, e.g. `ou-workloads` (project `aws-identity-center-assignments`). */
    stack: string;
    /** The shard's settings without `coreStack` (the run sets it to the core stack). */
    settings: Omit<ShardSettings, "coreStack">;
    /** AWS region of the Identity Center instance (`aws:region`). */
    awsRegion: string;
    /** Engine parallelism of this shard; default the run's `parallel`. Counts against the budget while it runs. */
    parallel?: number;
    /** Attach this repository's CrossGuard pack to preview and up. Default true. */
    policyPack?: boolean;
    policyPackConfig?: string;
    /** More stack config, `namespace:key` → value (e.g. `aws:profile`). */
    extraConfig?: { [key: string]: ExtraConfigValue };
    /** Workspace settings; `workDir` is ignored (the shard program's directory is the workspace). */
    workspace?: WorkspaceSettings;
}

export type ShardOutcome =
    | { stack: string; ok: true; result: OperationResult }
    | { stack: string; ok: false; error: unknown }
    | { stack: string; ok: false; skipped: string };

export interface ShardedRunResult {
    /** The core stack's outcome (for destroy: after the shards, skipped if one of them failed). */
    core: ShardOutcome;
    /** One outcome per shard, in input order: a failure is reported for its shard and hides no other. */
    shards: ShardOutcome[];
    /** True when the core and every shard succeeded. */
    ok: boolean;
    /** Largest sum of `--parallel` values in flight at once (never above the budget). */
    peakParallel: number;
}

export interface ShardedRunOptions extends Omit<OperationOptions, "onOutput" | "onEvent"> {
    /**
     * Bound on the `--parallel` values of the stacks running at once, for the one Identity Center instance the core
     * stack manages. Default {@link DEFAULT_ASSIGNMENT_BUDGET}.
     */
    assignmentBudget?: number;
    /** Output of every stack, line by line, tagged with its stack. */
    onOutput?: (stack: string, line: string, stream: "stdout" | "stderr") => void;
    onEvent?: (stack: string, event: EngineEvent) => void;
    /** Fully qualified core stack name for the shards' StackReference; default `organization/<project>/<core stack>`. */
    coreStackReference?: string;
}

const FEDERATION_PROJECT = "aws-identity-center-authentik";

/** The shard program's directory (shard/, with its Pulumi.yaml). */
export function shardProgramDir(): string {
    return path.join(packageRoot(), "shard");
}

/** Problems of one shard spec, before any stack is touched. */
export function validateShard(spec: ShardSpec, index: number): Problem[] {
    const base = `shards[${index}]`;
    const problems: Problem[] = [];
    const p = (field: string, value: unknown, rule: string, fix: string) =>
        problems.push({ field: `${base}.${field}`, value, rule, fix, severity: "error" });
    if (typeof spec.stack !== "string" || !/^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/.test(spec.stack)) {
        p("stack", spec.stack, "a Pulumi stack name uses letters, digits, '-', '_' and '.'", 'use e.g. "ou-workloads"');
    }
    if (typeof spec.awsRegion !== "string" || !/^[a-z]{2,5}(-[a-z]+)+-\d+$/.test(spec.awsRegion)) {
        p("awsRegion", spec.awsRegion, "must be the AWS region code of the IAM Identity Center instance", 'use e.g. "eu-central-1"');
    }
    const s = spec.settings as ShardSettings | undefined;
    if (s === null || typeof s !== "object") {
        p("settings", s, "a shard's settings are { assignments, principalIds?, principalWait?, identityAttribute? }", "pass an object");
        return problems;
    }
    for (const key of Object.keys(s)) {
        if (!["assignments", "principalIds", "principalWait", "identityAttribute", "coreStack"].includes(key))
            p(
                `settings.${key}`,
                "(unknown key)",
                "a shard's settings are { assignments, principalIds?, principalWait?, identityAttribute? }",
                "remove it, or fix its spelling",
            );
    }
    if ("coreStack" in s)
        p(
            "settings.coreStack",
            s.coreStack,
            "the sharded run points every shard at its core stack",
            "remove it (set coreStackReference on the run to override the name)",
        );
    // The shard's own rules with the core stack's values still unknown, as they are when the program starts.
    const names = Array.isArray(s.assignments)
        ? s.assignments.map((a) => a?.permissionSet).filter((n): n is string => typeof n === "string")
        : [];
    const unknown = pulumi.output("");
    const found = validateAssignmentsArgs({
        instanceArn: unknown,
        identityStoreId: unknown,
        permissionSetArns: Object.fromEntries(names.map((n) => [n, unknown])),
        pushedGroups: pulumi.output([] as string[]),
        assignments: s.assignments,
        ...(s.principalIds !== undefined ? { principalIds: s.principalIds } : {}),
        ...(s.principalWait !== undefined ? { principalWait: s.principalWait } : {}),
        ...(s.identityAttribute !== undefined ? { identityAttribute: s.identityAttribute } : {}),
    });
    problems.push(...found.filter((x) => x.severity !== "warning").map((x) => ({ ...x, field: `${base}.settings.${x.field}` })));
    return problems;
}

function shardConfig(spec: ShardSpec, coreStack: string): ConfigMap {
    const config: ConfigMap = {
        "aws:region": { value: spec.awsRegion, secret: false },
        [`${SHARD_PROJECT}:${SHARD_SETTINGS_KEY}`]: { value: JSON.stringify({ ...spec.settings, coreStack }), secret: false },
    };
    for (const [key, v] of Object.entries(spec.extraConfig ?? {})) {
        config[key] = typeof v === "object" ? { value: v.value, secret: v.secret === true } : { value: String(v), secret: false };
    }
    return config;
}

/** A counting semaphore over `--parallel` units, first come first served (a large shard is not starved). */
class Budget {
    private inUse = 0;
    peak = 0;
    private readonly queue: { units: number; go: () => void }[] = [];
    constructor(private readonly total: number) {}
    async acquire(units: number): Promise<void> {
        if (this.queue.length === 0 && this.inUse + units <= this.total) {
            this.take(units);
            return;
        }
        await new Promise<void>((go) => this.queue.push({ units, go }));
    }
    release(units: number): void {
        this.inUse -= units;
        while (this.queue.length > 0 && this.inUse + this.queue[0].units <= this.total) {
            const next = this.queue.shift()!;
            this.take(next.units);
            next.go();
        }
    }
    private take(units: number): void {
        this.inUse += units;
        this.peak = Math.max(this.peak, this.inUse);
    }
}

/**
 * A sharded run for an organisation too large for one stack (see README, "Large organisations"): the core stack (the
 * federation and the permission sets, an ordinary environment) first, then the shard stacks side by side, each a
 * stack of the shard program in its own process. The shards' `--parallel` values in flight never sum to more than
 * `assignmentBudget`. Every stack gets an outcome: a failed shard hides no other; when the core fails, the shards
 * are skipped (they would read stale or missing outputs). `destroy` runs the other way round: shards, then the core
 * only if every shard is gone.
 */
export async function runSharded(
    core: EnvironmentSpec,
    shards: readonly ShardSpec[],
    operation: Operation,
    opts: ShardedRunOptions = {},
): Promise<ShardedRunResult> {
    if (!OPERATIONS.includes(operation))
        throw new RangeError(`unknown operation ${JSON.stringify(operation)}; use one of ${OPERATIONS.join(", ")}`);
    const { assignmentBudget = DEFAULT_ASSIGNMENT_BUDGET, onOutput, onEvent, coreStackReference, ...common } = opts;
    const defaultParallel = common.parallel ?? DEFAULT_PARALLEL;
    const problems: Problem[] = [];
    if (!Number.isInteger(assignmentBudget) || assignmentBudget < 1) {
        problems.push({
            field: "assignmentBudget",
            value: assignmentBudget,
            rule: "the budget is a positive whole number of concurrent operations",
            fix: `use e.g. ${DEFAULT_ASSIGNMENT_BUDGET} (the default)`,
            severity: "error",
        });
    }
    const seen = new Map<string, number>([[core.stack, -1]]);
    shards.forEach((s, i) => {
        problems.push(...validateShard(s, i));
        const parallel = s.parallel ?? defaultParallel;
        if (!Number.isInteger(parallel) || parallel < 1 || parallel > assignmentBudget) {
            problems.push({
                field: `shards[${i}].parallel`,
                value: parallel,
                rule: `a shard's --parallel is a positive whole number within the budget (${assignmentBudget})`,
                fix: `use at most ${assignmentBudget}, or raise assignmentBudget`,
                severity: "error",
            });
        }
        if (seen.has(s.stack))
            problems.push({
                field: `shards[${i}].stack`,
                value: s.stack,
                rule:
                    "the stack is listed twice (also " +
                    (seen.get(s.stack) === -1 ? "as the core stack" : `at shards[${seen.get(s.stack)}]`) +
                    "); two operations on one stack fail with ConcurrentUpdateError",
                fix: "give every shard its own stack name",
                severity: "error",
            });
        seen.set(s.stack, i);
    });
    if (defaultParallel > assignmentBudget) {
        problems.push({
            field: "parallel",
            value: defaultParallel,
            rule: `the core stack's --parallel is within the budget (${assignmentBudget})`,
            fix: `use at most ${assignmentBudget}`,
            severity: "error",
        });
    }
    if (problems.length > 0) throw new EnvironmentValidationError("sharded run", problems);

    const layer = common.layer ?? localWorkspaceLayer;
    const openShard = layer.createOrSelectLocalStack;
    if (openShard === undefined)
        throw new TypeError("the workspace layer cannot open local programs (createOrSelectLocalStack), which the shard stacks need");
    const coreRef = coreStackReference ?? `organization/${FEDERATION_PROJECT}/${core.stack}`;
    const budget = new Budget(assignmentBudget);
    const tagged = (stack: string) => ({
        onOutput: onOutput && ((line: string, stream: "stdout" | "stderr") => onOutput(stack, line, stream)),
        onEvent: onEvent && ((event: EngineEvent) => onEvent(stack, event)),
    });

    const runCore = async (): Promise<ShardOutcome> => {
        await budget.acquire(defaultParallel);
        try {
            return {
                stack: core.stack,
                ok: true,
                result: await runOperation(operation, core, { ...common, parallel: defaultParallel, ...tagged(core.stack) }),
            };
        } catch (error) {
            return { stack: core.stack, ok: false, error };
        } finally {
            budget.release(defaultParallel);
        }
    };
    const runShard = async (spec: ShardSpec): Promise<ShardOutcome> => {
        const parallel = spec.parallel ?? defaultParallel;
        await budget.acquire(parallel);
        try {
            const policy = operation === "preview" || operation === "up" ? policyOptions(spec) : {};
            const ws = spec.workspace ?? {};
            const wsOpts = {
                ...(ws.envVars !== undefined ? { envVars: ws.envVars } : {}),
                ...(ws.secretsProvider !== undefined ? { secretsProvider: ws.secretsProvider } : {}),
                ...(ws.backendUrl !== undefined ? { envVars: { ...ws.envVars, PULUMI_BACKEND_URL: ws.backendUrl } } : {}),
            };
            const secrets = Object.values(spec.extraConfig ?? {}).flatMap((v) =>
                typeof v === "object" && v.secret && v.value !== "" ? [v.value] : [],
            );
            const result = await runOnStack(
                operation,
                spec.stack,
                () => openShard({ stackName: spec.stack, workDir: shardProgramDir() }, wsOpts),
                shardConfig(spec, coreRef),
                secrets,
                policy,
                { ...common, parallel, ...tagged(spec.stack) },
            );
            return { stack: spec.stack, ok: true, result };
        } catch (error) {
            return { stack: spec.stack, ok: false, error };
        } finally {
            budget.release(parallel);
        }
    };
    const skip =
        (reason: string) =>
        (s: { stack: string }): ShardOutcome => ({ stack: s.stack, ok: false, skipped: reason });

    let coreOutcome: ShardOutcome;
    let shardOutcomes: ShardOutcome[];
    if (operation === "destroy") {
        shardOutcomes = await Promise.all(shards.map(runShard));
        coreOutcome = shardOutcomes.every((s) => s.ok)
            ? await runCore()
            : skip("not destroyed: a shard stack failed and still reads the core stack's outputs")(core);
    } else {
        coreOutcome = await runCore();
        shardOutcomes = coreOutcome.ok
            ? await Promise.all(shards.map(runShard))
            : shards.map(skip(`not run: the core stack ${core.stack} failed`));
    }
    return { core: coreOutcome, shards: shardOutcomes, ok: coreOutcome.ok && shardOutcomes.every((s) => s.ok), peakParallel: budget.peak };
}
