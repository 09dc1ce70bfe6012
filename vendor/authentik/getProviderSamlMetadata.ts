// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * providerId (number) wins when set and non-zero; otherwise first SAML provider matching name. id = provider pk as string. metadata = IdP metadata XML.
 *
 * Token `authentik:index/getProviderSamlMetadata:getProviderSamlMetadata` (Terraform data source `authentik_provider_saml_metadata`).
 */
export function getProviderSamlMetadata(args?: GetProviderSamlMetadataArgs, opts?: pulumi.InvokeOptions): Promise<GetProviderSamlMetadataResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("authentik:index/getProviderSamlMetadata:getProviderSamlMetadata", {
        "id": args.id,
        "name": args.name,
        "providerId": args.providerId,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getProviderSamlMetadata.
 */
export interface GetProviderSamlMetadataArgs {
    /** implicit SDKv2 id: provider pk as string */
    id?: string;
    /** Provider name (conflicts with providerId) */
    name?: string;
    /** Numeric provider pk (conflicts with name) */
    providerId?: number;
}

/**
 * A collection of values returned by getProviderSamlMetadata.
 */
export interface GetProviderSamlMetadataResult {
    /** implicit SDKv2 id: provider pk as string */
    readonly id: string;
    /** IdP metadata XML */
    readonly metadata: string;
    /** Provider name (conflicts with providerId) */
    readonly name?: string;
    /** Numeric provider pk (conflicts with name) */
    readonly providerId?: number;
}

/**
 * providerId (number) wins when set and non-zero; otherwise first SAML provider matching name. id = provider pk as string. metadata = IdP metadata XML.
 */
export function getProviderSamlMetadataOutput(args?: GetProviderSamlMetadataOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetProviderSamlMetadataResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("authentik:index/getProviderSamlMetadata:getProviderSamlMetadata", {
        "id": args.id,
        "name": args.name,
        "providerId": args.providerId,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getProviderSamlMetadata.
 */
export interface GetProviderSamlMetadataOutputArgs {
    /** implicit SDKv2 id: provider pk as string */
    id?: pulumi.Input<string | undefined>;
    /** Provider name (conflicts with providerId) */
    name?: pulumi.Input<string | undefined>;
    /** Numeric provider pk (conflicts with name) */
    providerId?: pulumi.Input<number | undefined>;
}
