import * as pulumi from "@pulumi/pulumi";
import { AssignmentArgs, PrincipalIdsArgs, PrincipalWaitArgs } from "../args";
import { Problem } from "../problems";
import * as L from "../../policy/rules/awsLimits";
import { identityAttributeOf, identityAttributeProblem } from "../authentik/validation";
import { DEPRECATED_WIRING_ARGS } from "../deprecations";
import { fieldPath, validateAssignments, validateIdentityCenterIds, validatePrincipalWait } from "./validation";

/**
 * Validation of {@link AwsIdentityCenterAssignments}' arguments: the federation's own assignment, pinned-ID and wait
 * rules (one implementation, in ./validation), plus the shapes only a shard has (permission-set ARNs given from
 * outside, the core stack's pushed groups). Values that are still `Output`s (read from the core stack through a
 * StackReference) cannot be checked before the program registers anything; {@link deployTimeProblems} checks them
 * once known, and the component gates every child on that check.
 */

/** The arguments as validation sees them (what the component takes, minus resources and options). */
export interface AssignmentsValidationInput {
    instanceArn?: unknown;
    identityStoreId?: unknown;
    permissionSetArns?: unknown;
    assignments?: unknown;
    pushedGroups?: unknown;
    principalIds?: unknown;
    principalWait?: unknown;
    identityAttribute?: unknown;
    [key: string]: unknown;
}

const KNOWN_KEYS = [
    "instanceArn",
    "identityStoreId",
    "permissionSetArns",
    "assignments",
    "pushedGroups",
    "principalIds",
    "principalWait",
    "region",
    "identityAttribute",
    // Deprecated until 0.3.0 (now the constructor's fourth parameter); the component warns about them.
    ...DEPRECATED_WIRING_ARGS,
];

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return value !== null && typeof value === "object" && !Array.isArray(value) && !pulumi.Output.isInstance(value);
}

function error(field: string, value: unknown, rule: string, fix: string): Problem {
    return { field, value, rule, fix, severity: "error" };
}

function instanceArnProblem(value: unknown): Problem | undefined {
    return typeof value === "string" && L.INSTANCE_ARN.test(value)
        ? undefined
        : error(
              "instanceArn",
              value,
              "AWS CreateAccountAssignment: InstanceArn is arn:<partition>:sso:::instance/ssoins-<16 characters>",
              "pass the core stack's instanceArn output (or IAM Identity Center → Settings → Instance ARN)",
          );
}

function permissionSetArnProblem(name: string, value: unknown): Problem | undefined {
    return typeof value === "string" && L.PERMISSION_SET_ARN.test(value)
        ? undefined
        : error(
              fieldPath("permissionSetArns", name),
              value,
              "AWS CreateAccountAssignment: PermissionSetArn is arn:<partition>:sso:::permissionSet/ssoins-<16>/ps-<16>",
              "pass the core stack's permissionSetArns output, or copy the ARN from IAM Identity Center → Permission sets",
          );
}

function groupsOf(assignments: unknown): string[] {
    return Array.isArray(assignments) ? assignments.flatMap((a) => (typeof a?.group === "string" ? [a.group] : [])) : [];
}

/**
 * Every problem that can be found before anything is registered: unknown keys, the assignments (principals,
 * permission-set names against the keys of `permissionSetArns`, accounts), pinned IDs, the wait, and the IDs and ARNs
 * that are plain strings. The pushed-group rule runs here when `pushedGroups` is a plain list.
 */
export function validateAssignmentsArgs(args: AssignmentsValidationInput): Problem[] {
    const problems: Problem[] = [];
    if (!isPlainObject(args))
        return [
            error(
                "(arguments)",
                args,
                "the arguments are { instanceArn, identityStoreId, permissionSetArns, assignments, pushedGroups, ... }",
                "pass an object",
            ),
        ];
    for (const key of Object.keys(args)) {
        if (!KNOWN_KEYS.includes(key))
            problems.push(
                error(
                    key,
                    "(unknown key)",
                    "AwsIdentityCenterAssignments has no such argument",
                    `remove it; known arguments: ${KNOWN_KEYS.join(", ")}`,
                ),
            );
    }
    const attrProblem = identityAttributeProblem(args.identityAttribute);
    if (attrProblem !== undefined) problems.push(attrProblem);
    for (const key of ["instanceArn", "identityStoreId", "permissionSetArns", "assignments", "pushedGroups"] as const) {
        if (args[key] === undefined)
            problems.push(
                error(
                    key,
                    undefined,
                    "a required argument of AwsIdentityCenterAssignments",
                    "pass it (coreStackInputs() reads instanceArn, identityStoreId, " +
                        "permissionSetArns and pushedGroups from the core stack)",
                ),
            );
    }
    const arns = args.permissionSetArns;
    if (arns !== undefined && !isPlainObject(arns)) {
        problems.push(
            error(
                "permissionSetArns",
                pulumi.Output.isInstance(arns) ? "(an Output)" : arns,
                "permissionSetArns maps each permission set name to its ARN, and the names must be known when the program runs",
                "pass an object { <name>: <arn or Output> }, e.g. coreStackInputs(core, assignments).permissionSetArns",
            ),
        );
    }
    const names = isPlainObject(arns) ? Object.keys(arns) : [];
    if (isPlainObject(arns)) {
        for (const name of names) {
            if (typeof arns[name] === "string") {
                const p = permissionSetArnProblem(name, arns[name]);
                if (p) problems.push(p);
            }
        }
    }
    const pushed = args.pushedGroups;
    const pushedKnown = Array.isArray(pushed) && pushed.every((g) => typeof g === "string");
    if (pushed !== undefined && !pushedKnown && !pulumi.Output.isInstance(pushed)) {
        problems.push(
            error(
                "pushedGroups",
                pushed,
                "pushedGroups is the list of group display names the core stack's SCIM provider pushes (its scimGroups output)",
                "pass coreStackInputs(core, assignments).pushedGroups or a list of names",
            ),
        );
    }
    const principalIds = (isPlainObject(args.principalIds) ? args.principalIds : {}) as PrincipalIdsArgs;
    const externalGroups = new Set(
        Array.isArray(principalIds.externalGroups) ? principalIds.externalGroups.filter((g) => typeof g === "string") : [],
    );
    problems.push(
        ...validateAssignments(args.assignments as AssignmentArgs[] | undefined, names, {
            // Not known yet (an Output from the core stack): every group counts as pushed now, deployTimeProblems checks it.
            pushedGroups: new Set(pushedKnown ? (pushed as string[]) : groupsOf(args.assignments)),
            externalGroups,
            pinnedUsers: new Set(isPlainObject(principalIds.users) ? Object.keys(principalIds.users) : []),
            identityAttribute: identityAttributeOf(args.identityAttribute),
        }),
        ...validateIdentityCenterIds(
            {
                instanceArn: typeof args.instanceArn === "string" ? args.instanceArn : undefined,
                identityStoreId: typeof args.identityStoreId === "string" ? args.identityStoreId : undefined,
            },
            args.principalIds as PrincipalIdsArgs | undefined,
        ).map((p) => ({ ...p, field: p.field.replace(/^identityCenter\./, "") })),
        ...validatePrincipalWait(args.principalWait as PrincipalWaitArgs | undefined),
    );
    return problems;
}

/** The values a shard reads from the core stack, once the engine knows them. */
export interface DeployTimeValues {
    instanceArn: unknown;
    identityStoreId: unknown;
    permissionSetArns: { [name: string]: unknown };
    pushedGroups: unknown;
    assignedGroups: readonly string[];
    externalGroups: ReadonlySet<string>;
}

/**
 * What could only be checked once the core stack's outputs are known: the instance ARN, the identity store ID, every
 * permission set the assignments name has an ARN there, and every assigned group is one the core stack's SCIM
 * provider pushes (or is declared external).
 */
export function deployTimeProblems(v: DeployTimeValues): Problem[] {
    const problems: Problem[] = [];
    const arnProblem = instanceArnProblem(v.instanceArn);
    if (arnProblem) problems.push(arnProblem);
    if (typeof v.identityStoreId !== "string" || !L.IDENTITY_STORE_ID.test(v.identityStoreId)) {
        problems.push(
            error(
                "identityStoreId",
                v.identityStoreId,
                "AWS Identity Store API: IdentityStoreId is d- and 10 hex digits (or a UUID)",
                "pass the core stack's identityStoreId output",
            ),
        );
    }
    for (const [name, arn] of Object.entries(v.permissionSetArns)) {
        if (arn === undefined) {
            problems.push(
                error(
                    fieldPath("permissionSetArns", name),
                    undefined,
                    "the core stack has no permission set with this name (its permissionSetArns output lacks it)",
                    `define permissionSets.${name} in the core stack and deploy it first, or fix the assignment's permissionSet`,
                ),
            );
        } else {
            const p = permissionSetArnProblem(name, arn);
            if (p) problems.push(p);
        }
    }
    if (!Array.isArray(v.pushedGroups)) {
        problems.push(
            error(
                "pushedGroups",
                v.pushedGroups,
                "the core stack's scimGroups output is a list of group names",
                "deploy the core stack with this package's version first (it exports scimGroups)",
            ),
        );
    } else {
        const pushed = new Set(v.pushedGroups);
        for (const g of [...new Set(v.assignedGroups)].sort()) {
            if (!pushed.has(g) && !v.externalGroups.has(g)) {
                problems.push(
                    error(
                        "assignments[].group",
                        g,
                        "authentik SCIM provider (2026.2+): only groups in the core stack's groupFilters reach Identity " +
                            "Center, and this group is neither pushed nor declared external, so it would never be found",
                        `add "${g}" to the core stack's authentik.scimGroups and deploy it first, or ` +
                            `list it in principalIds.externalGroups if it is managed outside authentik`,
                    ),
                );
            }
        }
    }
    return problems;
}
