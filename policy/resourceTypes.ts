/**
 * Type tokens of the resources the policies look at. Strings, not SDK classes: the pack must work for any stack
 * (hand-written, Terraform-shaped, the component's) without loading @pulumi/aws or @pulumi/authentik.
 * authentik tokens: the SDK `pulumi package add terraform-provider goauthentik/authentik 2026.5.0` generates (mirrored
 * by sdks/authentik/); AWS tokens: the `__pulumiType` of @pulumi/aws 7.48.0's `ssoadmin` classes
 * (https://www.pulumi.com/registry/packages/aws/api-docs/ssoadmin/).
 */
export const AUTHENTIK = {
    samlProvider: "authentik:index/providerSaml:ProviderSaml",
    scimProvider: "authentik:index/providerScim:ProviderScim",
    application: "authentik:index/application:Application",
    samlMapping: "authentik:index/propertyMappingProviderSaml:PropertyMappingProviderSaml",
    scimMapping: "authentik:index/propertyMappingProviderScim:PropertyMappingProviderScim",
    policyBinding: "authentik:index/policyBinding:PolicyBinding",
} as const;

export const AWS = {
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    inlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    managedPolicyAttachment: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    managedPolicyAttachmentsExclusive: "aws:ssoadmin/managedPolicyAttachmentsExclusive:ManagedPolicyAttachmentsExclusive",
    accountAssignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
} as const;

/** `authentik:index/providerScim:ProviderScim` → `ProviderScim`. */
export function shortType(type: string): string {
    const parts = type.split(":");
    return parts[parts.length - 1] || type;
}

/**
 * The property in which an SDKv2-bridged resource repeats its own ID (`providerSamlId`, …: the Terraform `id`
 * attribute renamed by pulumi-terraform-bridge; goauthentik/terraform-provider-authentik v2026.5.0 is SDKv2 only, see
 * sdks/authentik/providerSaml.ts), plus the other values other resources use to point at it.
 */
export function idProperties(type: string): string[] {
    const short = shortType(type);
    const own = `${short.charAt(0).toLowerCase()}${short.slice(1)}Id`;
    switch (type) {
        case AUTHENTIK.application:
            // Application.id is the slug; PolicyBinding.target takes its uuid.
            return ["id", own, "uuid", "slug"];
        case AWS.permissionSet:
            // Its ID is "arn,instanceArn"; everything else refers to it by ARN.
            return ["id", "arn"];
        default:
            return ["id", own];
    }
}
