import type { ConfigMap, EngineEvent, OpMap, OutputMap, ProjectSettings } from "@pulumi/pulumi/automation";
import { federationProgram } from "../program/program";
import { PROJECT } from "../program/settings";
import { changeCounts, ChangeCounts, Operation, summaryText } from "./changes";
import {
    EnvironmentSpec,
    EnvironmentValidationError,
    packageRoot,
    policyOptions,
    secretValues,
    stackConfig,
    validateEnvironment,
} from "./environment";
import { LineSink, plainOutputs, redactError } from "./output";
import { localWorkspaceLayer, RunOptions, StackHandle, WorkspaceLayer, WorkspaceOptions } from "./workspace";

/**
 * Default engine parallelism. IAM Identity Center allows at most 10 outstanding CreateAccountAssignment calls
 * per instance and about 20 TPS for its admin APIs (IAM Identity Center quotas, throttling:
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html); the CLI's default (unbounded for inline
 * programs) would mostly buy ThrottlingExceptions and retries.
 */
export const DEFAULT_PARALLEL = 10;

export const OPERATIONS: readonly Operation[] = ["preview", "up", "refresh", "destroy"];

export interface OperationOptions {
    /** Receives the CLI's output line by line (secrets redacted); `stream` tells stdout from stderr. */
    onOutput?: (line: string, stream: "stdout" | "stderr") => void;
    /** Structured engine events (resource steps, diagnostics, policy violations). */
    onEvent?: (event: EngineEvent) => void;
    /** Engine parallelism; default 10 (see DEFAULT_PARALLEL). */
    parallel?: number;
    /** Update message recorded in the stack's history. */
    message?: string;
    /** Return secret outputs in clear instead of "[secret]". Never affects what is streamed. */
    revealSecrets?: boolean;
    /** Cancels the running operation (the CLI gets SIGINT). */
    signal?: AbortSignal;
    /** The workspace layer; default the real `LocalWorkspace` (needs the pulumi CLI). Tests inject a fake. */
    layer?: WorkspaceLayer;
}

export interface OperationResult {
    stack: string;
    operation: Operation;
    /**
     * Stack outputs as plain values (secret ones "[secret]" unless `revealSecrets`). After `up` the new outputs;
     * after preview and refresh the stack's current outputs (neither changes them); after destroy `{}`.
     */
    outputs: Record<string, unknown>;
    changes: ChangeCounts;
    /** Pulumi's raw per-step counts, for steps `changes` leaves out (read, import, ...). */
    resourceChanges: OpMap;
    /** One line, e.g. "prod up: 3 created, 12 unchanged". */
    summary: string;
}

/**
 * The project settings of every stack we create, always passed explicitly. Pulumi's `LocalWorkspace` sets
 * `main: process.cwd()` only in the default project it makes when given no settings
 * (node_modules/@pulumi/pulumi/automation/localWorkspace.js, `inlineSourceStackHelper` → `defaultProject`);
 * explicit settings without `main` leave the nodejs host in the temporary workspace directory, where the
 * dynamic-provider plugin (our SCIM principal wait is a dynamic resource) fails with "Cannot find module
 * '@pulumi/pulumi/cmd/dynamic-provider'" (pulumi/pulumi#5455, #5578; #6743 fixed the default project only).
 * Pointing `main` at the package root (not the cwd, which is the caller's) gives it this package's node_modules.
 * The runtime matches Pulumi.yaml.
 */
export function federationProjectSettings(backendUrl?: string): ProjectSettings {
    const settings: ProjectSettings = { name: PROJECT, runtime: { name: "nodejs", options: { typescript: true } }, main: packageRoot() };
    if (backendUrl !== undefined) settings.backend = { url: backendUrl };
    return settings;
}

function workspaceOptions(env: EnvironmentSpec): WorkspaceOptions {
    const ws = env.workspace ?? {};
    const opts: WorkspaceOptions = { projectSettings: federationProjectSettings(ws.backendUrl) };
    if (ws.workDir !== undefined) opts.workDir = ws.workDir;
    if (ws.envVars !== undefined) opts.envVars = ws.envVars;
    if (ws.secretsProvider !== undefined) opts.secretsProvider = ws.secretsProvider;
    return opts;
}

/**
 * Runs one operation on one environment: validates it (nothing is touched if it is invalid), creates or selects
 * the stack with the inline federation program, writes its config (credentials as secrets), runs the
 * operation with the policy pack attached, and summarises.
 */
export async function runOperation(operation: Operation, env: EnvironmentSpec, opts: OperationOptions = {}): Promise<OperationResult> {
    if (!OPERATIONS.includes(operation))
        throw new RangeError(`unknown operation ${JSON.stringify(operation)}; use one of ${OPERATIONS.join(", ")}`);
    const parallel = opts.parallel ?? DEFAULT_PARALLEL;
    if (!Number.isInteger(parallel) || parallel < 1)
        throw new RangeError(`parallel must be a positive integer, got ${parallel}; the default is ${DEFAULT_PARALLEL}`);
    const problems = validateEnvironment(env);
    if (problems.length > 0) throw new EnvironmentValidationError(env.stack, problems);
    // Refresh and destroy do not run the program, so Pulumi takes no policy packs for them.
    const policy = operation === "preview" || operation === "up" ? policyOptions(env) : {};

    const layer = opts.layer ?? localWorkspaceLayer;
    return runOnStack(
        operation,
        env.stack,
        () =>
            layer.createOrSelectStack(
                { stackName: env.stack, projectName: PROJECT, program: federationProgram(env.settings) },
                workspaceOptions(env),
            ),
        stackConfig(env),
        secretValues(env),
        policy,
        { ...opts, parallel },
    );
}

/**
 * The part of an operation every kind of stack shares (federation environments and shard stacks): open the stack,
 * write its config, run the operation with the CLI's output redacted line by line, and summarise. `policy` is only
 * passed to preview and up.
 */
export async function runOnStack(
    operation: Operation,
    stackName: string,
    open: () => Promise<StackHandle>,
    config: ConfigMap,
    secrets: string[],
    policy: { policyPacks?: string[]; policyPackConfigs?: string[] },
    opts: OperationOptions & { parallel: number },
): Promise<OperationResult> {
    const stdout = new LineSink((line) => opts.onOutput?.(line, "stdout"), secrets);
    const stderr = new LineSink((line) => opts.onOutput?.(line, "stderr"), secrets);
    const run: RunOptions = { parallel: opts.parallel, onOutput: stdout.write, onError: stderr.write };
    if (opts.message !== undefined) run.message = opts.message;
    if (opts.onEvent !== undefined) run.onEvent = opts.onEvent;
    if (opts.signal !== undefined) run.signal = opts.signal;

    try {
        const stack = await open();
        await stack.setAllConfig(config);
        let ops: OpMap | undefined;
        let outputs: OutputMap = {};
        switch (operation) {
            case "preview":
                ops = (await stack.preview({ ...run, ...policy })).changeSummary;
                outputs = await stack.outputs();
                break;
            case "up": {
                const r = await stack.up({ ...run, ...policy });
                ops = r.summary.resourceChanges;
                outputs = r.outputs;
                break;
            }
            case "refresh":
                ops = (await stack.refresh(run)).summary.resourceChanges;
                outputs = await stack.outputs();
                break;
            case "destroy":
                ops = (await stack.destroy(run)).summary.resourceChanges;
                break;
        }
        const changes = changeCounts(ops);
        return {
            stack: stackName,
            operation,
            outputs: plainOutputs(outputs, opts.revealSecrets),
            changes,
            resourceChanges: { ...ops },
            summary: summaryText(stackName, operation, changes),
        };
    } catch (e) {
        throw redactError(e, secrets);
    } finally {
        stdout.flush();
        stderr.flush();
    }
}

/** Shows what `up` would change, with the policy pack evaluating the planned resources. */
export function preview(env: EnvironmentSpec, opts?: OperationOptions): Promise<OperationResult> {
    return runOperation("preview", env, opts);
}
/** Deploys the environment, with the policy pack enforced. */
export function up(env: EnvironmentSpec, opts?: OperationOptions): Promise<OperationResult> {
    return runOperation("up", env, opts);
}
/** Reconciles the stack's state with what exists in AWS and authentik (drift). */
export function refresh(env: EnvironmentSpec, opts?: OperationOptions): Promise<OperationResult> {
    return runOperation("refresh", env, opts);
}
/** Deletes everything the environment's stack manages. */
export function destroy(env: EnvironmentSpec, opts?: OperationOptions): Promise<OperationResult> {
    return runOperation("destroy", env, opts);
}
