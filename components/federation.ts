import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AccessMatrixRow, AwsIdentityCenterFederationArgs, IdentityAttribute } from "./args";
import { errorsOf, FederationValidationError, formatProblem, warningsOf } from "./problems";
import { AUTHENTIK_DEFAULTS, createAuthentikSide } from "./authentik/resources";
import { resolveSamlEndpoints, validateAuthentikSide, ValidationContext } from "./authentik/validation";
import { accessMatrix, renderAccessMatrixMarkdown } from "./aws/accessMatrix";
import { assignmentPrincipals } from "./aws/assignmentPlan";
import { createPermissionSets } from "./aws/permissionSets";
import { scimGroupFilters, validateAwsSide } from "./aws/validation";
import { AwsIdentityCenterAssignments } from "./assignments";
import { unknownKeyProblems } from "./unknownKeys";
import { canonicalArgs } from "./canonicalArgs";
import { deprecatedShapeProblems } from "./deprecations";
import { followUpsFor } from "./followUps";
import { certificateWarning, scimTokenWarning } from "./expiry";
import { idpSsoPostUrl } from "./authentik/spMetadata";
import { DEFAULT_PRINCIPAL_WAIT, waitsForScim } from "../policy/rules/principalWait";

/** Defaults of the first-deploy wait for SCIM-provisioned principals (written once, in the policy pack's rules). */
export const PRINCIPAL_WAIT_DEFAULTS = DEFAULT_PRINCIPAL_WAIT;

/** Validates everything, all problems at once. Pure: usable by tooling before any Pulumi program runs. */
export function validateFederationArgs(args: AwsIdentityCenterFederationArgs, context: ValidationContext = {}) {
    const problems = [
        ...unknownKeyProblems(args),
        ...deprecatedShapeProblems(args),
        ...validateAuthentikSide(args, context),
        ...validateAwsSide(args),
    ];
    return { errors: errorsOf(problems), warnings: warningsOf(problems) };
}

/**
 * AWS IAM Identity Center federated with authentik: authentik signs people in over SAML and provisions them and
 * their groups over SCIM; permission sets and per-account assignments give those groups access.
 *
 * The SAML NameID mapping and the SCIM user mapping are generated from one `identityAttribute`, so the NameID
 * AWS receives always equals the `userName` SCIM provisioned.
 */
export class AwsIdentityCenterFederation extends pulumi.ComponentResource {
    static readonly __pulumiType = "aws-identity-center:index:AwsIdentityCenterFederation";

    /** The identity attribute in force. */
    declare readonly identityAttribute: pulumi.Output<IdentityAttribute>;
    /** authentik SAML provider ID (integer as string). */
    declare readonly samlProviderId: pulumi.Output<string>;
    /** authentik SCIM provider ID (integer as string). */
    declare readonly scimProviderId: pulumi.Output<string>;
    /** authentik application slug. */
    declare readonly applicationSlug: pulumi.Output<string>;
    /** authentik's IdP metadata XML: upload it in IAM Identity Center → Settings → Identity source. */
    declare readonly idpMetadataXml: pulumi.Output<string>;
    /** authentik's SAML SSO (HTTP-POST) URL, for the console's manual IdP fields. */
    declare readonly idpSsoUrl: pulumi.Output<string | undefined>;
    /** IAM Identity Center instance ARN (given or looked up). */
    declare readonly instanceArn: pulumi.Output<string | undefined>;
    /** Identity store ID (given or looked up). */
    declare readonly identityStoreId: pulumi.Output<string | undefined>;
    /** Permission set name → ARN. */
    declare readonly permissionSetArns: pulumi.Output<{ [name: string]: string }>;
    /** One row per account assignment, sorted. */
    declare readonly accessMatrix: pulumi.Output<AccessMatrixRow[]>;
    /** The access matrix as a Markdown table (principals × accounts) for pull requests and audits. */
    declare readonly accessMatrixMarkdown: pulumi.Output<string>;
    /** Steps no API can do, to be done once by a person (see README). */
    declare readonly followUps: pulumi.Output<string[]>;
    /** The group display names the SCIM provider pushes (its groupFilters): shard stacks check their groups against it. */
    declare readonly scimGroups: pulumi.Output<string[]>;
    /** The SAML signing certificate's notAfter (ISO timestamp; undefined when unreadable). `pulumi up` warns 30 days ahead. */
    declare readonly signingCertificateExpiry: pulumi.Output<string | undefined>;
    /** `identityCenter.scimTokenIssuedAt` as given: `pulumi up` warns when the token is 335 days old. */
    declare readonly scimTokenIssuedAt: pulumi.Output<string | undefined>;

    constructor(name: string, args: AwsIdentityCenterFederationArgs, opts?: pulumi.ComponentResourceOptions) {
        // Validate before anything is registered, the component itself included: nothing is half-applied.
        // The aws:region config is the AWS provider's region unless the caller passed a provider of its own.
        const defaultAwsProvider = opts?.provider === undefined && opts?.providers === undefined;
        const { errors, warnings } = validateFederationArgs(args, defaultAwsProvider ? { awsRegion: aws.config.region } : {});
        if (errors.length > 0) throw new FederationValidationError(name, errors);

        // Component inputs are saved in state (Node SDK ≥ 3.202): the tokens must be secret there too.
        const scimToken = pulumi.secret(args.identityCenter.scimToken);
        const apiToken = args.authentik.apiToken === undefined ? undefined : pulumi.secret(args.authentik.apiToken);
        // Canonical (order-free) arguments, so a reordered stack file does not even update the component.
        const canonical = canonicalArgs(args);
        super(
            AwsIdentityCenterFederation.__pulumiType,
            name,
            {
                ...canonical,
                authentik: { ...canonical.authentik, ...(apiToken ? { apiToken } : {}) },
                identityCenter: { ...canonical.identityCenter, scimToken },
            },
            opts,
        );
        for (const w of warnings) pulumi.log.warn(formatProblem(w), this);

        const identityAttribute: IdentityAttribute = args.identityAttribute ?? IdentityAttribute.Email;
        const ak = args.authentik;
        const ic = args.identityCenter;
        const saml = resolveSamlEndpoints(args).endpoints!;
        const groupFilters = scimGroupFilters(args);
        const assignments = args.assignments ?? [];
        const pinned = args.principalIds ?? {};
        const principals = assignmentPrincipals(assignments);
        const anyWaitsForScim = principals.some((p) => waitsForScim(pinned, p.principalType, p.principal));
        const syncApi = resolveAuthentikApi(ak.apiUrl, apiToken);
        if (anyWaitsForScim && !syncApi) {
            pulumi.log.warn(
                "authentik API access is not configured (authentik.apiUrl/apiToken, the " +
                    "authentik:url/authentik:token config, or AUTHENTIK_URL/AUTHENTIK_TOKEN), " +
                    "so the component cannot start the SCIM sync after the application exists: on a first " +
                    "deploy the groups arrive only with authentik's scheduled full sync, every 4 hours " +
                    "(and a user or group answered with HTTP 429 waits for the next one: the full " +
                    "sync does not retry), so the wait (principalWait.timeoutSeconds) will time out: " +
                    "start the sync in authentik (Providers → the SCIM provider → Run sync) while it waits, or configure " +
                    "API access. It cannot set the SAML provider's Default NameID Policy either (see followUps).",
                this,
            );
        }

        const authentikSide = createAuthentikSide(name, this, {
            identityAttribute,
            applicationName: ak.applicationName,
            applicationSlug: ak.applicationSlug,
            launchUrl: ak.launchUrl,
            iconUrl: ak.iconUrl,
            openInNewTab: ak.openInNewTab ?? false,
            usersGroup: ak.usersGroup,
            scimGroupFilters: groupFilters,
            authorizationFlow: ak.authorizationFlow ?? AUTHENTIK_DEFAULTS.authorizationFlow,
            invalidationFlow: ak.invalidationFlow ?? AUTHENTIK_DEFAULTS.invalidationFlow,
            signingCertificate: ak.signingCertificate ?? AUTHENTIK_DEFAULTS.signingCertificate,
            issuer: ak.issuer,
            excludeServiceAccounts: ak.excludeServiceAccounts ?? true,
            scimDryRun: ak.scimDryRun ?? false,
            saml,
            scimEndpoint: ic.scimEndpoint,
            scimToken,
            syncApi,
        });

        // The AWS half.
        const permissionSetArgs = args.permissionSets ?? {};
        const needsInstance = Object.keys(permissionSetArgs).length > 0 || assignments.length > 0;
        const instance = needsInstance ? this.resolveInstance(ic.instanceArn, ic.identityStoreId) : undefined;

        const permissionSets = instance ? createPermissionSets(name, this, instance.instanceArn, permissionSetArgs) : new Map();
        let assignmentsComponent: AwsIdentityCenterAssignments | undefined;
        if (instance && assignments.length > 0) {
            // One implementation of assignments, targets, waits and lookups: the shard component, named like this
            // component so its children keep their names, and aliased to this component, their parent before it existed.
            assignmentsComponent = new AwsIdentityCenterAssignments(
                name,
                {
                    instanceArn: instance.instanceArn,
                    identityStoreId: instance.identityStoreId,
                    permissionSetArns: Object.fromEntries([...permissionSets].map(([psName, r]) => [psName, r.permissionSet.arn])),
                    assignments: args.assignments ?? [],
                    pushedGroups: groupFilters,
                    principalIds: args.principalIds,
                    principalWait: args.principalWait,
                    region: ic.region,
                    identityAttribute,
                },
                { parent: this },
                {
                    permissionSetDependencies: Object.fromEntries([...permissionSets].map(([psName, r]) => [psName, r.attachments])),
                    provisionedBy: [
                        authentikSide.scimProvider,
                        authentikSide.application,
                        authentikSide.usersBinding,
                        ...(authentikSide.syncTrigger ? [authentikSide.syncTrigger] : []),
                    ],
                    previousParent: this,
                },
            );
        }

        const rows = assignmentsComponent ? assignmentsComponent.accessMatrix : pulumi.output(accessMatrix([]));
        const arnEntries = [...permissionSets.entries()].map(([psName, r]) =>
            r.permissionSet.arn.apply((arn: string) => [psName, arn] as const),
        );

        this.identityAttribute = pulumi.output(identityAttribute);
        this.samlProviderId = authentikSide.samlProvider.id;
        this.scimProviderId = authentikSide.scimProvider.id;
        this.applicationSlug = authentikSide.application.slug;
        this.idpMetadataXml = authentikSide.idpMetadataXml;
        // From the metadata (read after the application exists), not the provider's create-time url_sso_post ("-").
        this.idpSsoUrl = authentikSide.idpMetadataXml.apply(idpSsoPostUrl);
        this.instanceArn = instance ? instance.instanceArn : pulumi.output(ic.instanceArn);
        this.identityStoreId = instance ? instance.identityStoreId : pulumi.output(ic.identityStoreId);
        this.permissionSetArns = pulumi.all(arnEntries).apply((entries) => Object.fromEntries(entries));
        this.accessMatrix = rows;
        this.accessMatrixMarkdown = rows.apply((r) => renderAccessMatrixMarkdown(r));
        this.scimGroups = pulumi.output(groupFilters);
        const tokenWarning = scimTokenWarning(ic.scimTokenIssuedAt);
        if (tokenWarning) pulumi.log.warn(tokenWarning, this);
        const certificateName = ak.signingCertificate ?? AUTHENTIK_DEFAULTS.signingCertificate;
        this.signingCertificateExpiry = authentikSide.signingCertificateExpiry.apply((notAfter) => {
            const warning = certificateWarning(certificateName, notAfter);
            if (warning) void pulumi.log.warn(warning, this);
            return notAfter;
        });
        this.scimTokenIssuedAt = pulumi.output(ic.scimTokenIssuedAt);
        this.followUps = pulumi.output(followUpsFor({ identityAttribute, applicationSlug: ak.applicationSlug, syncTriggered: !!syncApi }));

        this.registerOutputs({
            identityAttribute: this.identityAttribute,
            samlProviderId: this.samlProviderId,
            scimProviderId: this.scimProviderId,
            applicationSlug: this.applicationSlug,
            idpMetadataXml: this.idpMetadataXml,
            idpSsoUrl: this.idpSsoUrl,
            instanceArn: this.instanceArn,
            identityStoreId: this.identityStoreId,
            permissionSetArns: this.permissionSetArns,
            accessMatrix: this.accessMatrix,
            accessMatrixMarkdown: this.accessMatrixMarkdown,
            followUps: this.followUps,
            scimGroups: this.scimGroups,
            signingCertificateExpiry: this.signingCertificateExpiry,
            scimTokenIssuedAt: this.scimTokenIssuedAt,
        });
    }

    /** The instance ARN and identity store ID: as given, or from one `getInstances` call. */
    private resolveInstance(instanceArn?: string, identityStoreId?: string) {
        if (instanceArn !== undefined && identityStoreId !== undefined) {
            return { instanceArn: pulumi.output(instanceArn), identityStoreId: pulumi.output(identityStoreId) };
        }
        const found = aws.ssoadmin.getInstancesOutput({}, { parent: this }).apply((r) => {
            // getInstances returns empty lists, not an error, when Identity Center is not enabled in the region.
            if (r.arns.length === 0) {
                throw new Error(
                    `IAM Identity Center is not enabled in region ${r.region || aws.config.region || "(provider default)"}: ` +
                        "aws.ssoadmin.getInstances returned no instance. Enable IAM Identity Center there, point the AWS provider " +
                        "at the instance's region (pulumi config set aws:region <region>), " +
                        "or pass identityCenter.instanceArn and identityStoreId.",
                );
            }
            // An organization instance and account instances can coexist: picking one silently could target the wrong one.
            if (r.arns.length > 1) {
                throw new Error(
                    `aws.ssoadmin.getInstances returned ${r.arns.length} IAM Identity Center instances (${r.arns.join(", ")}); ` +
                        "pass identityCenter.instanceArn and identityStoreId to choose one.",
                );
            }
            return { arn: r.arns[0], store: r.identityStoreIds[0] };
        });
        return {
            instanceArn: instanceArn !== undefined ? pulumi.output(instanceArn) : found.arn,
            identityStoreId: identityStoreId !== undefined ? pulumi.output(identityStoreId) : found.store,
        };
    }
}

/**
 * authentik API access for the SCIM sync trigger: the component's arguments, else the authentik provider's own
 * config (`authentik:url`, secret `authentik:token`), else the environment variables the provider also reads.
 */
function resolveAuthentikApi(apiUrl: string | undefined, apiToken: pulumi.Output<string> | undefined) {
    const config = new pulumi.Config("authentik");
    const url = apiUrl ?? config.get("url") ?? process.env.AUTHENTIK_URL;
    const envToken = process.env.AUTHENTIK_TOKEN;
    const token = apiToken ?? config.getSecret("token") ?? (envToken ? pulumi.secret(envToken) : undefined);
    // The same TLS and header settings the authentik provider uses, so the one call reaches authentik the same way.
    const insecure = config.getBoolean("insecure") ?? (process.env.AUTHENTIK_INSECURE === "true" ? true : undefined);
    const headers = config.getSecretObject<Record<string, string>>("headers");
    return url && token ? { url, token, insecure, headers } : undefined;
}
