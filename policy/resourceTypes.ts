/**
 * Type tokens of the resources the policies look at. Strings, not SDK classes: the pack must work for any stack
 * (hand-written, Terraform-shaped, the component's) without loading @pulumi/aws or @pulumi/authentik.
 * authentik tokens: authentik-sdk-2026.5.md; AWS tokens: aws-identity-center.md section 4.1.
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
 * The property in which an SDKv2-bridged resource repeats its own ID (`providerSamlId`, …; authentik-sdk-2026.5.md
 * "Framework"), plus the other values other resources use to point at it.
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
