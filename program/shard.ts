import * as pulumi from "@pulumi/pulumi";
import { AssignmentArgs, IdentityAttribute, PrincipalIdsArgs, PrincipalWaitArgs } from "../components/args";
import { AwsIdentityCenterAssignments } from "../components/assignments";
import { coreStackInputs } from "../components/coreStack";

/** The shard program's project (shard/Pulumi.yaml): its own project, so its stacks sit beside the core's. */
export const SHARD_PROJECT = "aws-identity-center-assignments";
/** Config key holding a shard's settings object (`aws-identity-center-assignments:shard`). */
export const SHARD_SETTINGS_KEY = "shard";
/** The component's logical name in every shard stack: keep it fixed, URNs derive from it. */
export const SHARD_NAME = "assignments";

/** One shard stack's settings: where its core stack is, and its slice of the assignments. */
export interface ShardSettings {
    /**
     * Fully qualified name of the core stack (`org/aws-identity-center-authentik/core`; a file backend:
     * `organization/aws-identity-center-authentik/core`).
     */
    coreStack: string;
    /** This shard's assignments (e.g. one OU's accounts). */
    assignments: AssignmentArgs[];
    principalIds?: PrincipalIdsArgs;
    principalWait?: PrincipalWaitArgs;
    /** The core stack's identity attribute, when it is `username`: assigned users are checked by its rules. Default `email`. */
    identityAttribute?: IdentityAttribute;
}

/** The shard's component, built from its settings, and the stack outputs a person needs. */
export function shardOutputs(settings: ShardSettings) {
    const core = new pulumi.StackReference(settings.coreStack);
    const shard = new AwsIdentityCenterAssignments(SHARD_NAME, {
        ...coreStackInputs(core, settings.assignments ?? []),
        assignments: settings.assignments,
        ...(settings.principalIds !== undefined ? { principalIds: settings.principalIds } : {}),
        ...(settings.principalWait !== undefined ? { principalWait: settings.principalWait } : {}),
        ...(settings.identityAttribute !== undefined ? { identityAttribute: settings.identityAttribute } : {}),
    });
    return { assignmentCount: shard.assignmentCount, accessMatrix: shard.accessMatrix, accessMatrixMarkdown: shard.accessMatrixMarkdown };
}

/** The program `pulumi up` runs in shard/: settings from the stack's config. */
export function runShardFromStackConfig() {
    return shardOutputs(new pulumi.Config(SHARD_PROJECT).requireObject<ShardSettings>(SHARD_SETTINGS_KEY));
}
