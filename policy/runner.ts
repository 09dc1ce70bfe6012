/**
 * Runs policies over a list of resources the way the Pulumi analyzer does, without a Pulumi CLI: the offline plan
 * (scripts/) and the tests use it on resources recorded under `pulumi.runtime.setMocks` or written by hand.
 *
 * Faithful to @pulumi/policy 1.21.0 `server.ts` where it matters: props are wrapped in `unknownCheckingProxy`
 * (so a policy that reads an unknown value throws exactly as in `pulumi preview`, and is reported the same way:
 * an advisory "can't run policy ... during preview"), enforcement levels come from the pack config, then the
 * policy, then the pack ("remediate" counts as "mandatory", "disabled" skips), the config is validated
 * first (policy/packConfig.ts), `getConfig()` returns the policy's config without `enforcementLevel`,
 * `notApplicable()` ends the policy silently, and stack policies get `PolicyResource`s linked by parent /
 * dependencies / propertyDependencies. Schema defaults are applied to the config (the CLI does this when it validates
 * the pack config).
 *
 * Pure: no mocha, no file system.
 */
import { specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import {
    EnforcementLevel,
    Policies,
    PolicyPackConfig,
    PolicyResource,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
    unknownCheckingProxy,
    UnknownValueError,
} from "@pulumi/policy";
import { assertValidPolicyPackConfig } from "./packConfig";
import { policies as packPolicies } from "./policies";
import { UNKNOWN, UNKNOWN_SENTINELS } from "./unknowns";

/**
 * A resource as a test, a mock recording or the offline plan knows it. `RecordedResource` from
 * tests/harness/mocks.ts fits as is.
 */
export interface PolicyResourceLike {
    type: string;
    /** Logical name. */
    name: string;
    /** Defaults to `urn:pulumi:<stack>::<project>::<type>::<name>`. */
    urn?: string;
    /**
     * Physical ID, if known. Never handed to policies (the analyzer does not pass it); a recording that wants stack
     * policies to match references by value must put the ID in `state`, as the provider does (`<res>Id`, `arn`, …).
     */
    id?: string;
    /** Used for both resource and stack policies when `inputs` / `state` are not given. */
    props?: Record<string, unknown>;
    /** What resource policies see (the engine passes checked inputs). */
    inputs?: Record<string, unknown>;
    /** What stack policies see (the engine passes outputs). */
    state?: Record<string, unknown>;
    /** URN of the parent. */
    parent?: string;
    /** URNs this resource depends on. */
    dependencies?: string[];
    /** Input name → URNs the value came from. */
    propertyDependencies?: Record<string, string[]>;
}

export interface PolicyViolationRecord {
    policy: string;
    message: string;
    urn?: string;
    enforcementLevel: EnforcementLevel;
    /** `preview-skip`: the policy read an unknown value and the analyzer would skip it with an advisory note. */
    kind: "violation" | "preview-skip";
}

export interface RunOptions {
    /** Policies to run; default: the whole pack. */
    policies?: Policies;
    /** The pack's default enforcement level (PolicyPackArgs.enforcementLevel); default "advisory". */
    packEnforcementLevel?: EnforcementLevel;
    stackTags?: Record<string, string>;
    project?: string;
    stack?: string;
}

class NotApplicable extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "not applicable");
    }
}

// The SDK's signature key of secret values on the wire.
const SECRET_SIG = specialSigKey;

/** Converts a recorded value to what the engine would hand a policy: unknowns as sentinels, secrets unwrapped. */
export function toEngineValue(v: unknown): unknown {
    if (v === UNKNOWN) return UNKNOWN_SENTINELS.string;
    if (v === null || typeof v !== "object") return v;
    const o = v as Record<string, unknown>;
    if (o.__pulumiUnknown === true) return UNKNOWN_SENTINELS.string;
    if (SECRET_SIG in o) return toEngineValue(o.value);
    if (Array.isArray(v)) return v.map(toEngineValue);
    // fromEntries defines own properties: a "__proto__" key stays a key, never the prototype.
    return Object.fromEntries(
        Object.entries(o)
            .filter(([, val]) => val !== undefined)
            .map(([k, val]) => [k, toEngineValue(val)]),
    );
}

function urnOf(r: PolicyResourceLike, options: RunOptions): string {
    return r.urn || `urn:pulumi:${options.stack ?? "offline"}::${options.project ?? "aws-identity-center"}::${r.type}::${r.name}`;
}

function emptyOpts(parent?: string): ResourceValidationArgs["opts"] {
    return {
        protect: false,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(parent ? { parent } : {}),
    };
}

function isTypeOf(type: string, resourceClass: unknown): boolean {
    return (resourceClass as { __pulumiType?: string } | undefined)?.__pulumiType === type;
}

function notApplicable(reason?: string): never {
    throw new NotApplicable(reason);
}

/**
 * The enforcement level a policy runs at under `config`: the policy's own config entry, then the config's `all`
 * (which overrides every policy's default), then the policy's level, then the pack's (Pulumi "Configuring policy packs").
 */
export function enforcementLevelOf(
    policy: { name: string; enforcementLevel?: EnforcementLevel },
    config: PolicyPackConfig = {},
    packLevel: EnforcementLevel = "advisory",
): EnforcementLevel {
    const own = config[policy.name];
    const fromConfig = typeof own === "string" ? own : own?.enforcementLevel;
    const all = config.all;
    const fromAll = typeof all === "string" ? all : all?.enforcementLevel;
    return (fromConfig || fromAll || policy.enforcementLevel || packLevel) as EnforcementLevel;
}

/** `getConfig()` for one policy: its config without `enforcementLevel`, over the schema defaults. */
export function policyConfigOf(
    policy: { name: string; configSchema?: { properties: Record<string, { default?: unknown } | boolean> } },
    config: PolicyPackConfig = {},
): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, schema] of Object.entries(policy.configSchema?.properties ?? {})) {
        if (typeof schema === "object" && schema.default !== undefined) out[k] = schema.default;
    }
    const own = config[policy.name];
    if (own && typeof own === "object") {
        for (const [k, v] of Object.entries(own)) if (k !== "enforcementLevel") out[k] = v;
    }
    return out;
}

/** `ResourceValidationArgs` for one resource, with proxied props, as the analyzer builds them. */
export function makeResourceValidationArgs(
    r: PolicyResourceLike,
    getConfig: () => object,
    options: RunOptions = {},
    engineValue: ResourceValidationArgs["props"] = toEngineValue(r.inputs ?? r.props ?? r.state ?? {}) as ResourceValidationArgs["props"],
): ResourceValidationArgs {
    const props = unknownCheckingProxy(engineValue);
    return {
        type: r.type,
        props,
        urn: urnOf(r, options),
        name: r.name,
        opts: emptyOpts(r.parent),
        stackTags: new Map(Object.entries(options.stackTags ?? {})),
        isType: (cls) => isTypeOf(r.type, cls),
        asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: <T extends object>() => getConfig() as T,
        notApplicable,
    };
}

/** `PolicyResource`s linked by URN (parent, dependencies, propertyDependencies), as `analyzeStack` builds them. */
export function makePolicyResources(resources: readonly PolicyResourceLike[], options: RunOptions = {}): PolicyResource[] {
    const built = resources.map((r) => {
        const props = unknownCheckingProxy(toEngineValue(r.state ?? r.props ?? r.inputs ?? {}) as ResourceValidationArgs["props"]);
        // No `id`: @pulumi/policy's PolicyResource has none, and the analyzer passes none. References resolve from URNs,
        // propertyDependencies and the outputs (where bridged resources repeat their ID as `<res>Id`).
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: urnOf(r, options),
            name: r.name,
            opts: emptyOpts(r.parent),
            dependencies: [],
            propertyDependencies: {},
            isType: (cls) => isTypeOf(r.type, cls),
            asType: ((cls: unknown) => (isTypeOf(r.type, cls) ? props : undefined)) as PolicyResource["asType"],
        };
        return { like: r, resource };
    });
    const byUrn = new Map(built.map((b) => [b.resource.urn, b.resource]));
    const resolve = (urns: string[] | undefined) =>
        (urns ?? []).map((u) => byUrn.get(u)).filter((x): x is PolicyResource => x !== undefined);
    for (const { like, resource } of built) {
        if (like.parent && byUrn.has(like.parent)) resource.parent = byUrn.get(like.parent);
        resource.dependencies = resolve(like.dependencies);
        for (const [k, urns] of Object.entries(like.propertyDependencies ?? {})) resource.propertyDependencies[k] = resolve(urns);
    }
    return built.map((b) => b.resource);
}

function isResourcePolicy(p: ResourceValidationPolicy | StackValidationPolicy): p is ResourceValidationPolicy {
    return (p as ResourceValidationPolicy).validateResource !== undefined;
}

function isUnknownError(e: unknown): e is Error {
    return e instanceof UnknownValueError || (e instanceof Error && e.constructor?.name === "UnknownValueError");
}

/**
 * Runs every policy: resource policies once per resource, then stack policies once over all resources.
 * Returns all violations (and analyzer-style preview skips); throws if a policy crashes, as the analyzer would.
 */
export async function runPackOverResources(
    resources: readonly PolicyResourceLike[],
    config: PolicyPackConfig = {},
    options: RunOptions = {},
): Promise<PolicyViolationRecord[]> {
    const policies = options.policies ?? packPolicies;
    // The engine refuses a config that does not fit the pack before any policy runs; so does the runner.
    assertValidPolicyPackConfig(config, policies);
    const out: PolicyViolationRecord[] = [];
    // Converted once and shared: every resource policy sees the same engine values (each through its own proxy), and
    // every stack policy the same PolicyResources. Policies only read them. This keeps the pack linear and cheap on
    // stacks of tens of thousands of resources (bench/: policy scaling).
    const engineValues = new Map<PolicyResourceLike, ResourceValidationArgs["props"]>();
    const engineValueOf = (r: PolicyResourceLike) => {
        let v = engineValues.get(r);
        if (v === undefined) {
            v = toEngineValue(r.inputs ?? r.props ?? r.state ?? {}) as ResourceValidationArgs["props"];
            engineValues.set(r, v);
        }
        return v;
    };
    let stackResources: PolicyResource[] | undefined;

    for (const policy of policies) {
        let level = enforcementLevelOf(policy, config, options.packEnforcementLevel);
        if (level === "disabled") continue;
        if (level === "remediate") level = "mandatory";
        const getConfig = () => policyConfigOf(policy, config);
        const record = (kind: PolicyViolationRecord["kind"], lvl: EnforcementLevel) => (message: string, urn?: string) => {
            out.push({ policy: policy.name, message, ...(urn ? { urn } : {}), enforcementLevel: lvl, kind });
        };

        const guard = async (urn: string | undefined, run: (report: (m: string, u?: string) => void) => unknown) => {
            try {
                await Promise.resolve(run(record("violation", level)));
            } catch (e) {
                if (e instanceof NotApplicable) return;
                if (isUnknownError(e)) {
                    record("preview-skip", "advisory")(`can't run policy '${policy.name}' during preview: ${e.message}`, urn);
                    return;
                }
                const err = new Error(
                    `Error validating ${urn ?? "the stack"} with policy '${policy.name}': ${e instanceof Error ? e.message : String(e)}`,
                );
                (err as Error & { cause?: unknown }).cause = e;
                throw err;
            }
        };

        if (isResourcePolicy(policy)) {
            const validations = Array.isArray(policy.validateResource)
                ? policy.validateResource
                : policy.validateResource
                  ? [policy.validateResource]
                  : [];
            for (const r of resources) {
                for (const validate of validations) {
                    const args = makeResourceValidationArgs(r, getConfig, options, engineValueOf(r));
                    // The resource URN is always the one reported, whatever the policy passes (as in the analyzer).
                    await guard(args.urn, (report) => validate(args, (message) => report(message, args.urn)));
                }
            }
        } else {
            const args: StackValidationArgs = {
                resources: (stackResources ??= makePolicyResources(resources, options)),
                stackTags: new Map(Object.entries(options.stackTags ?? {})),
                getConfig: <T extends object>() => getConfig() as T,
                notApplicable,
            };
            await guard(undefined, (report) => policy.validateStack(args, report));
        }
    }
    return out;
}
