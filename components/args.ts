import * as pulumi from "@pulumi/pulumi";

/**
 * The one authentik attribute that identifies a person in AWS IAM Identity Center.
 *
 * AWS matches the SAML NameID against the Identity Center `userName` (not the email attribute), and
 * SCIM is what sets `userName`. The component derives *both* the SAML NameID mapping and the SCIM user
 * mapping from this single choice, with the same normalisation (trimmed, lower-cased), so the two can
 * never disagree.
 *
 * A string enum written as a `const` object (the form Pulumi's schema inference reads as an enum, and which still
 * accepts the plain strings `"email"` and `"username"`).
 */
export const IdentityAttribute = {
    /**
     * `request.user.email`. Follows authentik's official AWS guide. Users without an email are not provisioned
     * (skipped with a logged reason).
     */
    Email: "email",
    /**
     * `request.user.username`. Only usernames that are email-shaped are provisioned, because Identity Center expects
     * an emailAddress-format NameID.
     */
    Username: "username",
} as const;
/** The values of the `IdentityAttribute` constant: `"email"` or `"username"`. */
export type IdentityAttribute = (typeof IdentityAttribute)[keyof typeof IdentityAttribute];

/** The authentik side: the SAML application that signs people in and the SCIM provider that provisions them. */
export interface AuthentikArgs {
    /** Display name of the authentik application, e.g. `"AWS Console (icteam)"`. */
    applicationName: string;
    /** Slug of the authentik application (`^[-a-z0-9_]+$`, like authentik's own validation). */
    applicationSlug: string;
    /** Launch URL shown on the authentik dashboard: usually the AWS access portal, `https://<name>.awsapps.com/start`. */
    launchUrl?: string;
    /** Icon URL for the authentik dashboard. */
    iconUrl?: string;
    /** Open the launch URL in a new browser tab. Default `false`. */
    openInNewTab?: boolean;
    /**
     * Name of the authentik group whose members may sign in to AWS *and* are provisioned to AWS over SCIM.
     * Since authentik 2026.2 both are scoped by the application's policy bindings; the component binds this group.
     */
    usersGroup: string;
    /**
     * Extra authentik groups to push to AWS over SCIM, besides the groups that `assignments` name.
     * The SCIM provider's `groupFilters` is exactly the union of the two, so no unrelated group reaches AWS.
     */
    scimGroups?: string[];
    /** Slug of the authorization flow. Default `default-provider-authorization-implicit-consent`. */
    authorizationFlow?: string;
    /** Slug of the invalidation (logout) flow. Default `default-provider-invalidation-flow`. */
    invalidationFlow?: string;
    /**
     * Name of the authentik certificate-key pair that signs SAML assertions. Default
     * `authentik Self-signed Certificate`. Only its ID is looked up: the private key never enters Pulumi state.
     */
    signingCertificate?: string;
    /** Issuer (EntityID) override for the SAML provider. Unset: authentik generates it. */
    issuer?: string;
    /** Do not provision service accounts to AWS. Default `true`. */
    excludeServiceAccounts?: boolean;
    /** Run the SCIM provider in dry-run mode: authentik logs the requests it would send instead of sending them. Default `false`. */
    scimDryRun?: boolean;
    /**
     * authentik base URL for the API calls the component makes itself: starting the SCIM full sync once the
     * application and its binding exist, so a first deploy does not wait for authentik's 4-hourly scheduled sync, and
     * setting the SAML provider's Default NameID Policy (read back to verify). Default: the
     * `authentik:url` config of the authentik provider, then `AUTHENTIK_URL`.
     */
    apiUrl?: string;
    /**
     * authentik API token for those calls (stored as a secret), allowed to change SCIM and SAML providers. Default:
     * `authentik:token` config, then `AUTHENTIK_TOKEN`.
     */
    apiToken?: pulumi.Input<string>;
}

/** The AWS side of the federation as the IAM Identity Center console shows it. */
export interface IdentityCenterArgs {
    /**
     * The service-provider metadata XML downloaded from IAM Identity Center (Settings → Identity source →
     * Change identity source → External identity provider → Download metadata file). The component reads the
     * SP entityID (SAML audience) and the HTTP-POST AssertionConsumerService location from it.
     * Give either this or `samlAcsUrl` + `samlAudience`.
     */
    samlMetadataXml?: string;
    /** The "IAM Identity Center Assertion Consumer Service (ACS) URL", if `samlMetadataXml` is not given. */
    samlAcsUrl?: string;
    /** The "IAM Identity Center issuer URL" (SP entityID, used as SAML audience), if `samlMetadataXml` is not given. */
    samlAudience?: string;
    /** The SCIM endpoint shown when automatic provisioning is enabled: `https://scim.<region>.amazonaws.com/<tenant>/scim/v2/`. */
    scimEndpoint: string;
    /** The SCIM access token (valid one year). Always stored as a secret, even when passed as a plain string. */
    scimToken: pulumi.Input<string>;
    /** ARN of the Identity Center instance. Looked up once with `aws.ssoadmin.getInstances` when not given. */
    instanceArn?: string;
    /** ID of the Identity Center identity store (`d-xxxxxxxxxx`). Looked up once with `aws.ssoadmin.getInstances` when not given. */
    identityStoreId?: string;
    /**
     * Region of the Identity Center instance, used by the SCIM-group wait (an AWS SDK call made outside the
     * Pulumi AWS provider). Default: the `aws:region` config, then `AWS_REGION`.
     */
    region?: string;
    /**
     * When the SCIM token was issued (ISO date, `2026-01-31`). AWS SCIM tokens are valid one year and no API reads
     * their age: with this, `pulumi up`, the plan, the policy pack and the doctor warn 30 days before it expires.
     */
    scimTokenIssuedAt?: string;
}

/** A customer-managed IAM policy that must exist, with this name and path, in every account the permission set is assigned to. */
export interface CustomerManagedPolicyReference {
    /** Policy name: 1–128 letters, digits and `_+=,.@-` (AWS CustomerManagedPolicyReference). */
    name: string;
    /** Policy path, default `/`; must start and end with `/`. */
    path?: string;
}

/**
 * A permissions boundary for the roles a permission set creates: give exactly one of the two fields (checked before
 * anything is created). One object with two optional fields rather than a union of two shapes, so that Pulumi's
 * schema inference can describe it for every language.
 */
export interface PermissionsBoundary {
    /** An AWS-managed policy ARN (`arn:aws:iam::aws:policy/...`) as the boundary. Not with `customerManagedPolicy`. */
    managedPolicyArn?: string;
    /**
     * A customer-managed policy, by name and path, as the boundary; it must exist in every account the permission set
     * is assigned to. Not with `managedPolicyArn`.
     */
    customerManagedPolicy?: CustomerManagedPolicyReference;
}

/** One permission set. Its key in `permissionSets` is its name. */
export interface PermissionSetArgs {
    /** Up to 700 characters (tab, newline, printable ASCII and Latin-1 only). */
    description?: string;
    /** ISO-8601 duration between `PT1H` and `PT12H`. AWS default `PT1H`. */
    sessionDuration?: string;
    /** URL path users land on in the AWS console, up to 240 characters. */
    relayState?: string;
    /** AWS-managed policy ARNs (`arn:aws:iam::aws:policy/...`). */
    managedPolicies?: string[];
    /** Customer-managed policies by name and path. */
    customerManagedPolicies?: CustomerManagedPolicyReference[];
    /**
     * Inline IAM policy document as JSON text, at most 10,240 non-whitespace characters. From an object in TypeScript:
     * `inlinePolicyJson({ Version: "2012-10-17", Statement: [...] })`; in stack config, a YAML block scalar (`|`)
     * holding the JSON. Deprecated until 0.3.0: the policy as an object (0.1.x), accepted with a warning.
     */
    inlinePolicy?: string;
    /** Permissions boundary for the roles this permission set creates. */
    permissionsBoundary?: PermissionsBoundary;
    /** Tags on the permission set. */
    tags?: { [key: string]: string };
}

/**
 * Access for one principal: `permissionSet` in each selected account. Give exactly one of `group` or `user`, and at
 * least one of `accounts`, `organizationalUnits`, `accountTags`, `accountNames`: the selected accounts are the union
 * of what each selects, de-duplicated. Organizational units, tags and names are resolved through AWS Organizations
 * at every preview and update (the stack's credentials need Organizations read access: the management account or a
 * delegated administrator), so an account that joins an OU gets access on the next `pulumi up`; suspended and closed
 * accounts are never selected that way.
 */
export interface AssignmentArgs {
    /** Display name of the Identity Center group, i.e. the authentik group name that SCIM pushed. */
    group?: string;
    /** Identity Center `userName` of a user (what the identity attribute produced for them). */
    user?: string;
    /** Name of a permission set (a key of `permissionSets`). */
    permissionSet: string;
    /** 12-digit AWS account IDs. */
    accounts?: string[];
    /** Organizational unit IDs (`ou-…`) or the root ID (`r-…`): their active accounts. */
    organizationalUnits?: string[];
    /** With `organizationalUnits`: include accounts in nested OUs too. Default `true`. */
    includeNestedOus?: boolean;
    /** Active accounts of the organization that carry every one of these tags (`{ key: value }`, all must match). */
    accountTags?: { [key: string]: string };
    /** Account names as AWS Organizations shows them; each must name exactly one account. */
    accountNames?: string[];
}

/**
 * Principals the component should not (or cannot) find on its own.
 *
 * - `groups` / `users`: pinned Identity Center IDs. A pinned principal is neither waited for nor looked up; an
 *   authentik group stays in the SCIM group filter (pinning does not change what authentik pushes).
 * - `externalGroups`: groups that exist in Identity Center but are not authentik's (e.g. Control Tower's
 *   `AWSControlTowerAdmins`). authentik does not push them (a same-named authentik group would collide), and they are
 *   looked up without waiting for SCIM, unless their ID is pinned too.
 */
export interface PrincipalIdsArgs {
    /** Group display name → Identity Center group ID. */
    groups?: { [displayName: string]: string };
    /** User userName → Identity Center user ID. */
    users?: { [userName: string]: string };
    /** Display names of Identity Center groups managed outside authentik. */
    externalGroups?: string[];
}

/** How long to wait, on a first deploy, for authentik's SCIM sync to create groups and users in Identity Center. */
export interface PrincipalWaitArgs {
    /** Give up after this many seconds. Default 300. */
    timeoutSeconds?: number;
    /** First delay between polls, doubled after each miss. Default 2. */
    initialDelaySeconds?: number;
    /** Longest delay between polls. Default 30. */
    maxDelaySeconds?: number;
}

/** Arguments of `AwsIdentityCenterFederation`. */
export interface AwsIdentityCenterFederationArgs {
    /**
     * Which authentik attribute becomes both the SAML NameID and the SCIM `userName`: `email` (default, authentik's
     * official AWS guide) or `username` (only email-shaped usernames are provisioned).
     */
    identityAttribute?: IdentityAttribute;
    /** The authentik side. */
    authentik: AuthentikArgs;
    /** The AWS side. */
    identityCenter: IdentityCenterArgs;
    /** Permission sets by name. */
    permissionSets?: { [name: string]: PermissionSetArgs };
    /** Who gets which permission set in which accounts. Order never matters; duplicates collapse. */
    assignments?: AssignmentArgs[];
    /** Pinned principal IDs that skip the lookup. */
    principalIds?: PrincipalIdsArgs;
    /** The first-deploy wait for SCIM-provisioned principals. */
    principalWait?: PrincipalWaitArgs;
}

/** Which kind of Identity Center principal an account assignment is for (AWS `PrincipalType`). */
export const PrincipalType = {
    /** An Identity Center group (pushed by authentik's SCIM provider, or external). */
    Group: "GROUP",
    /** An Identity Center user. */
    User: "USER",
} as const;
/** The values of the `PrincipalType` constant: `"GROUP"` or `"USER"`. */
export type PrincipalType = (typeof PrincipalType)[keyof typeof PrincipalType];

/** One row of the access matrix: one account assignment. */
export interface AccessMatrixRow {
    /** Whether `principal` names a group or a user. */
    principalType: PrincipalType;
    /** The group's display name or the user's `userName`. */
    principal: string;
    /** The permission set's name. */
    permissionSet: string;
    /** The 12-digit AWS account ID. */
    accountId: string;
    /**
     * The assignment rules that selected the account: `accounts`, `organizationalUnits: ou-…`, `accountTags: k=v`,
     * `accountNames: Name`.
     */
    selectedBy: string[];
}

/**
 * An IAM policy document as the JSON text `PermissionSetArgs.inlinePolicy` takes (compact, keys in the order given).
 * Throws a TypeError for anything that is not a JSON object (a list, a string, a value JSON cannot hold).
 */
export function inlinePolicyJson(document: object): string {
    const text = document !== null && typeof document === "object" && !Array.isArray(document) ? JSON.stringify(document) : undefined;
    if (text === undefined || !text.startsWith("{")) {
        throw new TypeError(
            `inlinePolicyJson: an IAM policy document is a JSON object such as { Version: "2012-10-17", ` +
                `Statement: [...] }, got ${Array.isArray(document) ? "a list" : typeof document}`,
        );
    }
    return text;
}
