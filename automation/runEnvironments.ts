import type { EngineEvent } from "@pulumi/pulumi/automation";
import { Operation } from "./changes";
import { EnvironmentSpec } from "./environment";
import { OperationOptions, OperationResult, runOperation } from "./operations";
import { settleWithConcurrency } from "./pool";

/** Default number of environments run at once. Stacks on one Identity Center instance share its throttle. */
export const DEFAULT_CONCURRENCY = 2;

export type EnvironmentResult = { stack: string; ok: true; result: OperationResult } | { stack: string; ok: false; error: unknown };

export interface RunEnvironmentsOptions extends Omit<OperationOptions, "onOutput" | "onEvent"> {
    /** Environments in flight at once; default 2. */
    concurrency?: number;
    /** Output of every environment, line by line, tagged with its stack. */
    onOutput?: (stack: string, line: string, stream: "stdout" | "stderr") => void;
    onEvent?: (stack: string, event: EngineEvent) => void;
}

/** Two entries that would run against the same stack (or share a workspace directory). Nothing was run. */
export class DuplicateStackError extends Error {
    constructor(readonly duplicates: { key: string; indices: number[] }[]) {
        super(
            `Refusing to run: ${duplicates.map((d) => `${d.key} appears at positions ${d.indices.join(", ")}`).join("; ")}. ` +
                "Two concurrent operations on one stack fail with ConcurrentUpdateError (and share a workspace). " +
                "Fix: list each stack once, each with its own workspace.workDir.",
        );
        this.name = "DuplicateStackError";
    }
}

function duplicatesBy(
    envs: readonly EnvironmentSpec[],
    key: (e: EnvironmentSpec) => string | undefined,
): { key: string; indices: number[] }[] {
    const seen = new Map<string, number[]>();
    envs.forEach((e, i) => {
        const k = key(e);
        if (k !== undefined) seen.set(k, [...(seen.get(k) ?? []), i]);
    });
    return [...seen].filter(([, idx]) => idx.length > 1).map(([k, indices]) => ({ key: k, indices }));
}

/**
 * Runs one operation on several environments, at most `concurrency` at a time. Every environment runs and gets
 * a result, in input order: a failure is reported for its environment and does not stop or hide the others.
 */
export async function runEnvironments(
    envs: readonly EnvironmentSpec[],
    operation: Operation,
    opts: RunEnvironmentsOptions = {},
): Promise<EnvironmentResult[]> {
    const { concurrency = DEFAULT_CONCURRENCY, onOutput, onEvent, ...common } = opts;
    // The same stack name in different backends is a different stack (e.g. two AWS organisations' "prod").
    const duplicates = [
        ...duplicatesBy(envs, (e) => `stack "${e.stack}"${e.workspace?.backendUrl ? ` in ${e.workspace.backendUrl}` : ""}`),
        ...duplicatesBy(envs, (e) => (e.workspace?.workDir ? `workspace.workDir "${e.workspace.workDir}"` : undefined)),
    ];
    if (duplicates.length > 0) throw new DuplicateStackError(duplicates);

    const settled = await settleWithConcurrency(envs, concurrency, (env) =>
        runOperation(operation, env, {
            ...common,
            onOutput: onOutput && ((line, stream) => onOutput(env.stack, line, stream)),
            onEvent: onEvent && ((event) => onEvent(env.stack, event)),
        }),
    );
    return settled.map((s, i) =>
        s.status === "fulfilled"
            ? { stack: envs[i].stack, ok: true, result: s.value }
            : { stack: envs[i].stack, ok: false, error: s.reason },
    );
}
