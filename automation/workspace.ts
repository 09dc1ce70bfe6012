import { LocalWorkspace } from "@pulumi/pulumi/automation";
import type { ConfigMap, EngineEvent, OpMap, OutputMap, ProjectSettings, PulumiFn } from "@pulumi/pulumi/automation";

/**
 * The slice of the Automation API this package uses, behind an interface so that tests (and tooling that wants
 * to run somewhere else) can inject a fake: the real layer shells out to the `pulumi` CLI.
 *
 * Members are function-typed *properties*, not methods, on purpose: TypeScript then checks parameters
 * contravariantly (strictFunctionTypes), so `localWorkspaceLayer` below only compiles if Pulumi's real `Stack`
 * accepts every option we pass and returns at least the fields we read.
 */

/** Options common to every operation we run. */
export interface RunOptions {
    /** Engine parallelism (`--parallel`). */
    parallel?: number;
    message?: string;
    onOutput?: (out: string) => void;
    onError?: (err: string) => void;
    onEvent?: (event: EngineEvent) => void;
    signal?: AbortSignal;
}

/** Policy packs can only be attached to operations that run the program (preview and up). */
export interface PolicyRunOptions extends RunOptions {
    policyPacks?: string[];
    policyPackConfigs?: string[];
}

/** What we read from an update's summary. */
export interface SummaryLike {
    resourceChanges?: OpMap;
}

/** A selected stack: the subset of `@pulumi/pulumi/automation`'s `Stack` we use. */
export interface StackHandle {
    readonly name: string;
    setAllConfig: (config: ConfigMap) => Promise<void>;
    preview: (opts: PolicyRunOptions) => Promise<{ changeSummary: OpMap }>;
    up: (opts: PolicyRunOptions) => Promise<{ outputs: OutputMap; summary: SummaryLike }>;
    refresh: (opts: RunOptions) => Promise<{ summary: SummaryLike }>;
    destroy: (opts: RunOptions) => Promise<{ summary: SummaryLike }>;
    outputs: () => Promise<OutputMap>;
}

export interface InlineStackArgs {
    stackName: string;
    projectName: string;
    program: PulumiFn;
}

export interface WorkspaceOptions {
    workDir?: string;
    envVars?: { [key: string]: string };
    projectSettings?: ProjectSettings;
    secretsProvider?: string;
}

/** A stack of a program in a directory (its Pulumi.yaml): the CLI runs it in a language host process of its own. */
export interface LocalStackArgs {
    stackName: string;
    workDir: string;
}

/** Creates or selects a stack running an inline program: the subset of `LocalWorkspace` we use. */
export interface WorkspaceLayer {
    createOrSelectStack: (args: InlineStackArgs, opts: WorkspaceOptions) => Promise<StackHandle>;
    /**
     * Creates or selects a stack of a local program (the shard stacks: each runs in its own process, so shards run
     * side by side do not share one heap, as inline programs in the caller's process would).
     */
    createOrSelectLocalStack?: (args: LocalStackArgs, opts: Omit<WorkspaceOptions, "projectSettings">) => Promise<StackHandle>;
}

/**
 * The real layer: `LocalWorkspace.createOrSelectStack` returns Pulumi's `Stack`, and this assignment is the
 * compiler's proof that `Stack` satisfies `StackHandle`. Needs the `pulumi` CLI on PATH when called.
 */
export const localWorkspaceLayer: WorkspaceLayer = {
    createOrSelectStack: (args, opts) => LocalWorkspace.createOrSelectStack(args, opts),
    createOrSelectLocalStack: (args, opts) => LocalWorkspace.createOrSelectStack(args, opts),
};
