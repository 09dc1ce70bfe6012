// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Filters: managedLists (or managed), name, samlName, friendlyName. With managedLists: id = "-1", UUIDs in ids, expression/samlName/friendlyName not populated. Otherwise first match. Error 'No matching mappings found'.
 *
 * Token `authentik:index/getPropertyMappingProviderSaml:getPropertyMappingProviderSaml` (Terraform data source `authentik_property_mapping_provider_saml`).
 */
export function getPropertyMappingProviderSaml(args?: GetPropertyMappingProviderSamlArgs, opts?: pulumi.InvokeOptions): Promise<GetPropertyMappingProviderSamlResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("authentik:index/getPropertyMappingProviderSaml:getPropertyMappingProviderSaml", {
        "expression": args.expression,
        "friendlyName": args.friendlyName,
        "id": args.id,
        "ids": args.ids,
        "managed": args.managed,
        "managedLists": args.managedLists,
        "name": args.name,
        "samlName": args.samlName,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getPropertyMappingProviderSaml.
 */
export interface GetPropertyMappingProviderSamlArgs {
    /** Python expression */
    expression?: string;
    /** FriendlyName */
    friendlyName?: string;
    /** implicit SDKv2 id: mapping UUID, or "-1" when managedLists is used */
    id?: string;
    /** Mapping UUIDs when managedLists is used */
    ids?: string[];
    /** Managed key filter, e.g. goauthentik.io/providers/saml/upn */
    managed?: string;
    /** Several managed keys; UUIDs are returned in ids and id is "-1" */
    managedLists?: string[];
    /** Mapping name filter (conflicts with managedLists) */
    name?: string;
    /** SAML attribute name */
    samlName?: string;
}

/**
 * A collection of values returned by getPropertyMappingProviderSaml.
 */
export interface GetPropertyMappingProviderSamlResult {
    /** Python expression */
    readonly expression: string;
    /** FriendlyName */
    readonly friendlyName: string;
    /** implicit SDKv2 id: mapping UUID, or "-1" when managedLists is used */
    readonly id: string;
    /** Mapping UUIDs when managedLists is used */
    readonly ids: string[];
    /** Managed key filter, e.g. goauthentik.io/providers/saml/upn */
    readonly managed?: string;
    /** Several managed keys; UUIDs are returned in ids and id is "-1" */
    readonly managedLists?: string[];
    /** Mapping name filter (conflicts with managedLists) */
    readonly name?: string;
    /** SAML attribute name */
    readonly samlName: string;
}

/**
 * Filters: managedLists (or managed), name, samlName, friendlyName. With managedLists: id = "-1", UUIDs in ids, expression/samlName/friendlyName not populated. Otherwise first match. Error 'No matching mappings found'.
 */
export function getPropertyMappingProviderSamlOutput(args?: GetPropertyMappingProviderSamlOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetPropertyMappingProviderSamlResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("authentik:index/getPropertyMappingProviderSaml:getPropertyMappingProviderSaml", {
        "expression": args.expression,
        "friendlyName": args.friendlyName,
        "id": args.id,
        "ids": args.ids,
        "managed": args.managed,
        "managedLists": args.managedLists,
        "name": args.name,
        "samlName": args.samlName,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getPropertyMappingProviderSaml.
 */
export interface GetPropertyMappingProviderSamlOutputArgs {
    /** Python expression */
    expression?: pulumi.Input<string | undefined>;
    /** FriendlyName */
    friendlyName?: pulumi.Input<string | undefined>;
    /** implicit SDKv2 id: mapping UUID, or "-1" when managedLists is used */
    id?: pulumi.Input<string | undefined>;
    /** Mapping UUIDs when managedLists is used */
    ids?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Managed key filter, e.g. goauthentik.io/providers/saml/upn */
    managed?: pulumi.Input<string | undefined>;
    /** Several managed keys; UUIDs are returned in ids and id is "-1" */
    managedLists?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Mapping name filter (conflicts with managedLists) */
    name?: pulumi.Input<string | undefined>;
    /** SAML attribute name */
    samlName?: pulumi.Input<string | undefined>;
}
