// The shard program: one AwsIdentityCenterAssignments per stack, reading the instance, permission sets and pushed
// groups from the core stack (`aws-identity-center-assignments:shard`, see program/shard.ts and the README).
import { assertFreshBuild } from "../program/buildFreshness";
// First, before the component loads: a build older than the sources must not deploy (see buildFreshness.ts).
assertFreshBuild(__filename);
import { runShardFromStackConfig } from "../program/shard";

const outputs = runShardFromStackConfig();

export const assignmentCount = outputs.assignmentCount;
export const accessMatrix = outputs.accessMatrix;
export const accessMatrixMarkdown = outputs.accessMatrixMarkdown;
