// Public surface of the package. Everything else under components/ is an implementation detail.
export * from "./args";
export { AwsIdentityCenterFederation, validateFederationArgs, PRINCIPAL_WAIT_DEFAULTS } from "./federation";
export { AssignmentsValidationError, AwsIdentityCenterAssignments, AwsIdentityCenterAssignmentsArgs } from "./assignments";
export { coreStackInputs, CoreStackInputs } from "./coreStack";
export { FederationValidationError, Problem, formatProblem } from "./problems";
export { generateMappings, GeneratedMappings, NAMEID_FORMAT_EMAIL } from "./authentik/mappings";
export { parseSpMetadata, SpMetadata } from "./authentik/spMetadata";
export { accessMatrix, renderAccessMatrixMarkdown } from "./aws/accessMatrix";
export { planWithTargets, targetLookups, OrganizationData, OrgAccount, TargetLookups } from "./aws/accountTargets";
export { migrateTfState, Migration, MigrationOptions } from "./migration";
