/**
 * Test helpers for the CrossGuard pack, in the style of pulumi-awsguard's `src/tests/util.ts` and pulumi-policy's
 * `tests/util.ts`: build the args the analyzer would pass (with `stackTags`, `notApplicable`, `getConfig`, `opts`,
 * and props wrapped in the SDK's `unknownCheckingProxy`), run one policy, collect what it reports.
 *
 * The non-test part (building args, running a whole pack) lives in policy/runner.ts so the offline plan uses the
 * very same code; this file re-exports it.
 */
import type {
    PolicyPackConfig,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import {
    makePolicyResources,
    makeResourceValidationArgs,
    PolicyResourceLike,
    PolicyViolationRecord,
    policyConfigOf,
    RunOptions,
    runPackOverResources,
} from "../../policy/runner";
import { UNKNOWN } from "../../policy/unknowns";

export { runPackOverResources, UNKNOWN };
export type { PolicyResourceLike, PolicyViolationRecord };

export interface Reported {
    message: string;
    urn?: string;
}

/** Args for one resource policy call. `props` may contain {@link UNKNOWN} (becomes an engine unknown sentinel). */
export function createResourceValidationArgs(
    type: string,
    props: Record<string, unknown>,
    options: { name?: string; config?: Record<string, unknown>; policy?: { name: string; configSchema?: any }; urn?: string } = {},
): ResourceValidationArgs {
    const policy = options.policy ?? { name: "policy-under-test" };
    const packConfig: PolicyPackConfig = options.config ? { [policy.name]: options.config } : {};
    return makeResourceValidationArgs({ type, name: options.name ?? "res", props, ...(options.urn ? { urn: options.urn } : {}) }, () =>
        policyConfigOf(policy, packConfig),
    );
}

/** Args for one stack policy call over `resources`. */
export function createStackValidationArgs(
    resources: readonly PolicyResourceLike[],
    options: { config?: Record<string, unknown>; policy?: { name: string; configSchema?: any } } & RunOptions = {},
): StackValidationArgs {
    const policy = options.policy ?? { name: "policy-under-test" };
    const packConfig: PolicyPackConfig = options.config ? { [policy.name]: options.config } : {};
    return {
        resources: makePolicyResources(resources, options),
        stackTags: new Map(Object.entries(options.stackTags ?? {})),
        getConfig: <T extends object>() => policyConfigOf(policy, packConfig) as T,
        notApplicable: (reason?: string): never => {
            throw new Error(`notApplicable: ${reason ?? ""}`);
        },
    };
}

/** Runs every validation of a resource policy; exceptions (including UnknownValueError) propagate. */
export async function runResourcePolicy(policy: ResourceValidationPolicy, args: ResourceValidationArgs): Promise<Reported[]> {
    const out: Reported[] = [];
    const report = (message: string, urn?: string) => out.push({ message, ...(urn ? { urn } : {}) });
    const validations = Array.isArray(policy.validateResource)
        ? policy.validateResource
        : policy.validateResource
          ? [policy.validateResource]
          : [];
    for (const v of validations) await Promise.resolve(v(args, report));
    return out;
}

/** Runs a stack policy; exceptions propagate. */
export async function runStackPolicy(policy: StackValidationPolicy, args: StackValidationArgs): Promise<Reported[]> {
    const out: Reported[] = [];
    await Promise.resolve(policy.validateStack(args, (message, urn) => out.push({ message, ...(urn ? { urn } : {}) })));
    return out;
}

/** One policy (resource or stack) over a stack, with its config, through the same runner as the whole pack. */
export async function runPolicyOver(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    resources: readonly PolicyResourceLike[],
    config?: Record<string, unknown>,
): Promise<PolicyViolationRecord[]> {
    return runPackOverResources(resources, config ? { [policy.name]: config as never } : {}, { policies: [policy] });
}

/** Violations of `policy` only (drops other policies and analyzer preview skips). */
export function violationsOf(records: PolicyViolationRecord[], policy: string): PolicyViolationRecord[] {
    return records.filter((r) => r.policy === policy && r.kind === "violation");
}
