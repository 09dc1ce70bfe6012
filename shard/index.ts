// The shard program: one AwsIdentityCenterAssignments per stack, reading the instance, permission sets and pushed
// groups from the core stack (`aws-identity-center-assignments:shard`, see program/shard.ts and the README).
import { runShardFromStackConfig } from "../program/shard";

const outputs = runShardFromStackConfig();

export const assignmentCount = outputs.assignmentCount;
export const accessMatrix = outputs.accessMatrix;
export const accessMatrixMarkdown = outputs.accessMatrixMarkdown;
