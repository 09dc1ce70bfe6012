/**
 * Every policy of the pack, as an array for `new PolicyPack(...)` and one by one for tests and other packs.
 * Importing this module does not start the analyzer (policy/index.ts does).
 */
import type { Policies } from "@pulumi/policy";
import { accountAssignmentValid } from "./accountAssignmentValid";
import { credentialExpiry } from "./credentialExpiry";
import { identityMappingsVerifiable } from "./identityMappingsVerifiable";
import { noAdminToIndividualUsers } from "./noAdminToIndividualUsers";
import { permissionSetLimits } from "./permissionSetLimits";
import { samlNameIdMatchesScimUserName } from "./samlNameIdMatchesScimUserName";
import { samlSignedAssertions } from "./samlSignedAssertions";
import { scimAwsCompatibilityMode } from "./scimAwsCompatibilityMode";
import { scimExcludesServiceAccounts } from "./scimExcludesServiceAccounts";
import { scimProvisioningScoped } from "./scimProvisioningScoped";
import { scimUserMappingAwsSafe } from "./scimUserMappingAwsSafe";

export {
    accountAssignmentValid,
    credentialExpiry,
    identityMappingsVerifiable,
    noAdminToIndividualUsers,
    permissionSetLimits,
    samlNameIdMatchesScimUserName,
    samlSignedAssertions,
    scimAwsCompatibilityMode,
    scimExcludesServiceAccounts,
    scimProvisioningScoped,
    scimUserMappingAwsSafe,
};

export const policies: Policies = [
    samlNameIdMatchesScimUserName,
    identityMappingsVerifiable,
    scimAwsCompatibilityMode,
    scimProvisioningScoped,
    scimExcludesServiceAccounts,
    scimUserMappingAwsSafe,
    samlSignedAssertions,
    permissionSetLimits,
    accountAssignmentValid,
    noAdminToIndividualUsers,
    credentialExpiry,
];
