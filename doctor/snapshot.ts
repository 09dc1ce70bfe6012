/**
 * The state the doctor judges, as the readers normalise it: what the stack declares, what authentik holds and what
 * Identity Center holds. The checks are pure functions of these, so they are tested with in-memory inputs.
 */
import { AccessMatrixRow, IdentityAttribute } from "../components/args";
import { AuthentikUser } from "../scripts/mappingCheck";

/** What the stack declares (its settings, and its outputs when they can be read). */
export interface Declared {
    identityAttribute: IdentityAttribute;
    excludeServiceAccounts: boolean;
    usersGroup: string;
    /** The SCIM provider's group filter: the groups authentik pushes. */
    scimGroups: string[];
    /** Groups in Identity Center that are not authentik's (principalIds.externalGroups). */
    externalGroups: string[];
    /** Permission sets the stack owns, with the policies it attaches. */
    permissionSets: { [name: string]: { managedPolicies: string[]; customerManagedPolicies: { name: string; path: string }[] } };
    /** The access matrix: the `accessMatrix` output, else planned from the assignments' listed accounts. */
    accessMatrix: AccessMatrixRow[];
    /** Assignments select accounts by OU/tag/name and no `accessMatrix` output was read: assignment drift is not judged. */
    accessMatrixIncomplete: boolean;
    /** `identityCenter.scimTokenIssuedAt`. */
    scimTokenIssuedAt?: string;
    /** authentik.signingCertificate (name of the key pair). */
    signingCertificate: string;
    /** The IdP metadata the stack produced for upload to AWS (`idpMetadataXml` output), when read. */
    idpMetadataXml?: string;
}

export interface AuthentikGroup {
    pk: string;
    name: string;
    /** Member user pks. */
    members: Set<number>;
}

/** A `SCIMProviderUser`: authentik's link from one of its users to an AWS user, with what AWS answered last. */
export interface ScimLink {
    userPk: number;
    /** The AWS (Identity Store) user ID. */
    scimId: string;
    /** The `userName` in AWS's last answer, as authentik stored it. */
    userName?: string;
}

export interface AuthentikSnapshot {
    users: AuthentikUser[];
    groups: AuthentikGroup[];
    scimLinks: ScimLink[];
    scimProviderPk: string;
    /** The SAML provider's current issuer and signing certificate, and its metadata. */
    saml?: { issuer: string; metadataXml?: string };
    /** The signing key pair: its name, expiry and SHA-256 fingerprint. */
    certificate?: { name: string; notAfter?: Date; fingerprintSha256?: string };
}

export interface AwsUser {
    userId: string;
    userName: string;
    disabled: boolean;
}

export interface AwsGroup {
    groupId: string;
    displayName: string;
    /** membershipId → userId. */
    members: Map<string, string>;
}

export interface AwsPermissionSet {
    name: string;
    arn: string;
    managedPolicies: string[];
    customerManagedPolicies: { name: string; path: string }[];
    /** The assignments of this permission set, in the accounts it is provisioned to. */
    assignments: { accountId: string; principalType: "GROUP" | "USER"; principalId: string }[];
}

export interface AwsSnapshot {
    identityStoreId: string;
    instanceArn?: string;
    users: AwsUser[];
    groups: AwsGroup[];
    /** The owned permission sets found in the instance (absent ones are not listed). */
    permissionSets: AwsPermissionSet[];
}
