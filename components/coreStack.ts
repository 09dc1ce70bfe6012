import * as pulumi from "@pulumi/pulumi";
import { AssignmentArgs } from "./args";
import { compareText } from "./aws/assignmentPlan";

/** What a shard stack reads from the core stack: the inputs of {@link AwsIdentityCenterAssignments} that live there. */
export interface CoreStackInputs {
    instanceArn: pulumi.Output<string>;
    identityStoreId: pulumi.Output<string>;
    /** One entry per permission set the given assignments name (the names must be known when the program runs). */
    permissionSetArns: { [name: string]: pulumi.Output<string> };
    pushedGroups: pulumi.Output<string[]>;
}

/**
 * Reads a core stack's outputs for a shard: `instanceArn`, `identityStoreId`, `permissionSetArns` and `scimGroups`,
 * the outputs this package's program (and {@link AwsIdentityCenterFederation}) exports. `core` is a StackReference or
 * a fully qualified stack name (`org/aws-identity-center-authentik/core`); `assignments` are the shard's, and give
 * the permission set names to read.
 *
 * A missing output or permission set is not an error here: the shard component checks every value once known and
 * fails, naming each missing one, before it creates anything.
 *
 * ```ts
 * const core = new pulumi.StackReference("acme/aws-identity-center-authentik/core");
 * new AwsIdentityCenterAssignments("ou-workloads", { ...coreStackInputs(core, assignments), assignments });
 * ```
 */
export function coreStackInputs(core: pulumi.StackReference | string, assignments: readonly AssignmentArgs[]): CoreStackInputs {
    const ref = typeof core === "string" ? new pulumi.StackReference(core) : core;
    const all = ref.getOutput("permissionSetArns");
    const names = [...new Set(assignments.map((a) => a.permissionSet).filter((n): n is string => typeof n === "string"))].sort(compareText);
    return {
        instanceArn: ref.getOutput("instanceArn") as pulumi.Output<string>,
        identityStoreId: ref.getOutput("identityStoreId") as pulumi.Output<string>,
        permissionSetArns: Object.fromEntries(
            names.map((n) => [
                n,
                all.apply((m: unknown) =>
                    m !== null && typeof m === "object" && Object.hasOwn(m, n)
                        ? (m as { [k: string]: string })[n]
                        : (undefined as unknown as string),
                ),
            ]),
        ),
        pushedGroups: ref.getOutput("scimGroups") as pulumi.Output<string[]>,
    };
}
