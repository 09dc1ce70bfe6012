/**
 * Small helpers every policy module uses: resource validation by type token on a snapshot of the props (so an
 * unknown value is a value to decide about, not an exception that skips the policy), and config with defaults.
 */
import type { ReportViolation, ResourceValidation, ResourceValidationArgs } from "@pulumi/policy";
import { snapshot } from "./unknowns";

/** Runs `validate` only for resources of `types`, with plain props (unknowns are the UNKNOWN marker). */
export function forTypes(
    types: readonly string[],
    validate: (props: ResourceValidationArgs["props"], args: ResourceValidationArgs, report: ReportViolation) => void,
): ResourceValidation {
    return (args, report) => {
        if (!types.includes(args.type)) return;
        validate((snapshot(args.props) ?? {}) as ResourceValidationArgs["props"], args, report);
    };
}

/**
 * The policy's config with defaults filled in. The engine is given the same defaults through `configSchema`, but a
 * policy must not depend on that (older CLIs, tests, the offline runner).
 */
export function configOf<T extends object>(args: { getConfig<U extends object>(): U }, defaults: T): T {
    let given: Partial<T>;
    try {
        given = (args.getConfig<Partial<T>>() ?? {}) as Partial<T>;
    } catch {
        given = {};
    }
    const out = { ...defaults };
    for (const k of Object.keys(defaults) as (keyof T)[]) {
        if (Object.hasOwn(given, k) && given[k] !== undefined && given[k] !== null) out[k] = given[k] as T[keyof T];
    }
    return out;
}
