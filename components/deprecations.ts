/**
 * Argument shapes of 0.1.x that 0.2.0 replaced so that Pulumi's schema inference can describe the arguments for
 * every language (no union types). An old shape still works until 0.3.0, with a warning naming the field, the old
 * shape and the new one; the component treats both alike (the resources are the same).
 */
import { AwsIdentityCenterFederationArgs, inlinePolicyJson } from "./args";
import type { AssignmentsWiring } from "./assignments";
import { Problem } from "./problems";
import { fieldPath } from "./aws/validation/kit";

/** The release that stops accepting the shapes below. */
export const DEPRECATED_SHAPES_REMOVED_IN = "0.3.0";

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** One warning per argument given in a deprecated shape. */
export function deprecatedShapeProblems(args: AwsIdentityCenterFederationArgs): Problem[] {
    const out: Problem[] = [];
    const sets: unknown = args?.permissionSets;
    if (!isPlainObject(sets)) return out;
    for (const [name, ps] of Object.entries(sets)) {
        const policy: unknown = isPlainObject(ps) ? ps.inlinePolicy : undefined;
        if (!isPlainObject(policy)) continue;
        const field = `${fieldPath("permissionSets", name)}.inlinePolicy`;
        out.push({
            field,
            value: policy,
            rule:
                `deprecated shape: inlinePolicy as an object (0.1.x) is accepted ` +
                `until ${DEPRECATED_SHAPES_REMOVED_IN}; since 0.2.0 inlinePolicy is the policy's JSON text`,
            fix:
                `give JSON text: inlinePolicyJson({...}) (exported by the package) or JSON.stringify({...}) in ` +
                `code; in the stack file a block scalar, "inlinePolicy: |" followed by the JSON indented below it`,
            severity: "warning",
        });
    }
    return out;
}

/**
 * An inline policy in the current shape: JSON text as given; a deprecated object as {@link inlinePolicyJson} writes it,
 * so both shapes register the same component inputs (and the same children). Expects a validated value.
 */
export function inlinePolicyText(policy: string | object): string {
    return typeof policy === "string" ? policy : inlinePolicyJson(policy);
}

/** The fields of `AssignmentsWiring` that 0.1.x took in `AwsIdentityCenterAssignmentsArgs`. */
export const DEPRECATED_WIRING_ARGS = ["provisionedBy", "permissionSetDependencies", "previousParent"] as const;

/**
 * The wiring an `AwsIdentityCenterAssignments` caller of 0.1.x passed in its arguments (resources are not schema types,
 * so 0.2.0 takes them as the fourth constructor parameter), with one warning per field given.
 */
export function deprecatedWiring(args: { [key: string]: unknown }): { wiring: AssignmentsWiring; problems: Problem[] } {
    const wiring: { [key: string]: unknown } = {};
    const problems: Problem[] = [];
    for (const key of DEPRECATED_WIRING_ARGS) {
        if (args?.[key] === undefined) continue;
        wiring[key] = args[key];
        problems.push({
            field: key,
            value: undefined,
            shown: "(resources)",
            rule:
                `deprecated shape: ${key} in AwsIdentityCenterAssignmentsArgs (0.1.x) is accepted ` +
                `until ${DEPRECATED_SHAPES_REMOVED_IN}; since 0.2.0 it is a field of the fourth ` +
                `constructor parameter (AssignmentsWiring), as resources are no schema type`,
            fix: `pass it as new AwsIdentityCenterAssignments(name, args, opts, { ${key} })`,
            severity: "warning",
        });
    }
    return { wiring: wiring as AssignmentsWiring, problems };
}
