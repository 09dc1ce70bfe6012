/**
 * The known keys of {@link AwsIdentityCenterFederationArgs}, nested: the one table the unknown-key check reads.
 *
 * Each object's table is typed `{ [K in keyof Required<T>]: Shape }`, so adding a field to `args.ts` without adding
 * it here (or keeping a key here that `args.ts` dropped) fails `tsc`: the table cannot drift from the interfaces.
 * A new argument is one line here, next to its interface.
 */
import {
    AssignmentArgs,
    AuthentikArgs,
    AwsIdentityCenterFederationArgs,
    CustomerManagedPolicyReference,
    IdentityCenterArgs,
    PermissionsBoundary,
    PermissionSetArgs,
    PrincipalIdsArgs,
    PrincipalWaitArgs,
} from "./args";

/** What a field holds, as far as key checking goes. */
export type Shape =
    /** A scalar, or a value whose inside is not ours to check (an inline policy document, a secret Output). */
    | { readonly kind: "value" }
    /** An object with a fixed set of keys. */
    | { readonly kind: "object"; readonly fields: { readonly [key: string]: Shape } }
    /** An object whose keys are names the user chooses (permission sets, tags, pinned IDs). */
    | { readonly kind: "map"; readonly of: Shape }
    /** A list. */
    | { readonly kind: "list"; readonly of: Shape };

type Fields<T> = { readonly [K in keyof Required<T>]-?: Shape };

export const VALUE: Shape = { kind: "value" };

/** An object of fixed keys; the type parameter makes the key list exactly the interface's. */
export function object<T>(fields: Fields<T>): Shape {
    return { kind: "object", fields };
}
export function mapOf(of: Shape): Shape {
    return { kind: "map", of };
}
export function listOf(of: Shape): Shape {
    return { kind: "list", of };
}

export const CUSTOMER_MANAGED_POLICY_REFERENCE = object<CustomerManagedPolicyReference>({ name: VALUE, path: VALUE });

export const PERMISSIONS_BOUNDARY = object<PermissionsBoundary>({
    managedPolicyArn: VALUE,
    customerManagedPolicy: CUSTOMER_MANAGED_POLICY_REFERENCE,
});

export const PERMISSION_SET = object<PermissionSetArgs>({
    description: VALUE,
    sessionDuration: VALUE,
    relayState: VALUE,
    managedPolicies: listOf(VALUE),
    customerManagedPolicies: listOf(CUSTOMER_MANAGED_POLICY_REFERENCE),
    // JSON text (deprecated until 0.3.0: an object); its IAM policy grammar is the inline-policy rule's, not this table's.
    inlinePolicy: VALUE,
    permissionsBoundary: PERMISSIONS_BOUNDARY,
    tags: mapOf(VALUE),
});

export const ASSIGNMENT = object<AssignmentArgs>({
    group: VALUE,
    user: VALUE,
    permissionSet: VALUE,
    accounts: listOf(VALUE),
    organizationalUnits: listOf(VALUE),
    includeNestedOus: VALUE,
    accountTags: mapOf(VALUE),
    accountNames: listOf(VALUE),
});

export const AUTHENTIK = object<AuthentikArgs>({
    applicationName: VALUE,
    applicationSlug: VALUE,
    launchUrl: VALUE,
    iconUrl: VALUE,
    openInNewTab: VALUE,
    usersGroup: VALUE,
    scimGroups: listOf(VALUE),
    authorizationFlow: VALUE,
    invalidationFlow: VALUE,
    signingCertificate: VALUE,
    issuer: VALUE,
    excludeServiceAccounts: VALUE,
    scimDryRun: VALUE,
    apiUrl: VALUE,
    apiToken: VALUE,
});

export const IDENTITY_CENTER = object<IdentityCenterArgs>({
    samlMetadataXml: VALUE,
    samlAcsUrl: VALUE,
    samlAudience: VALUE,
    scimEndpoint: VALUE,
    scimToken: VALUE,
    instanceArn: VALUE,
    identityStoreId: VALUE,
    region: VALUE,
    scimTokenIssuedAt: VALUE,
});

export const PRINCIPAL_IDS = object<PrincipalIdsArgs>({
    groups: mapOf(VALUE),
    users: mapOf(VALUE),
    externalGroups: listOf(VALUE),
});

export const PRINCIPAL_WAIT = object<PrincipalWaitArgs>({
    timeoutSeconds: VALUE,
    initialDelaySeconds: VALUE,
    maxDelaySeconds: VALUE,
});

/** The whole federation object. */
export const FEDERATION_ARGS = object<AwsIdentityCenterFederationArgs>({
    identityAttribute: VALUE,
    authentik: AUTHENTIK,
    identityCenter: IDENTITY_CENTER,
    permissionSets: mapOf(PERMISSION_SET),
    assignments: listOf(ASSIGNMENT),
    principalIds: PRINCIPAL_IDS,
    principalWait: PRINCIPAL_WAIT,
});
