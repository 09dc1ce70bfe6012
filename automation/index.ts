// Automation API entry point for platform tooling: deploy the federation to one or many environments from code.
export { changeCounts, summaryText } from "./changes";
export type { ChangeCounts, Operation } from "./changes";
export { EnvironmentValidationError, MANAGED_CONFIG_KEYS, policyPackDir, stackConfig, validateEnvironment } from "./environment";
export type { EnvironmentSpec, ExtraConfigValue, WorkspaceSettings } from "./environment";
export { DEFAULT_PARALLEL, destroy, preview, refresh, runOperation, up } from "./operations";
export type { OperationOptions, OperationResult } from "./operations";
export { SECRET_MASK } from "./output";
export { DEFAULT_CONCURRENCY, DuplicateStackError, runEnvironments } from "./runEnvironments";
export type { EnvironmentResult, RunEnvironmentsOptions } from "./runEnvironments";
export { localWorkspaceLayer } from "./workspace";
export type { InlineStackArgs, PolicyRunOptions, RunOptions, StackHandle, WorkspaceLayer, WorkspaceOptions } from "./workspace";
export { DEFAULT_ASSIGNMENT_BUDGET, runSharded, shardProgramDir, validateShard } from "./shards";
export type { ShardedRunOptions, ShardedRunResult, ShardOutcome, ShardSpec } from "./shards";
export type { LocalStackArgs } from "./workspace";
