// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Filters: managedLists (or managed), name. With managedLists: id = "-1", UUIDs in ids. Otherwise first match (expression set). Error 'No matching mappings found'.
 *
 * Token `authentik:index/getPropertyMappingProviderScim:getPropertyMappingProviderScim` (Terraform data source `authentik_property_mapping_provider_scim`).
 */
export function getPropertyMappingProviderScim(args?: GetPropertyMappingProviderScimArgs, opts?: pulumi.InvokeOptions): Promise<GetPropertyMappingProviderScimResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("authentik:index/getPropertyMappingProviderScim:getPropertyMappingProviderScim", {
        "id": args.id,
        "ids": args.ids,
        "managed": args.managed,
        "managedLists": args.managedLists,
        "name": args.name,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getPropertyMappingProviderScim.
 */
export interface GetPropertyMappingProviderScimArgs {
    /** implicit SDKv2 id: mapping UUID, or "-1" when managedLists is used */
    id?: string;
    /** Mapping UUIDs when managedLists is used */
    ids?: string[];
    /** Managed key filter, e.g. goauthentik.io/providers/scim/user */
    managed?: string;
    /** Several managed keys; UUIDs are returned in ids and id is "-1" */
    managedLists?: string[];
    /** Mapping name filter (conflicts with managedLists) */
    name?: string;
}

/**
 * A collection of values returned by getPropertyMappingProviderScim.
 */
export interface GetPropertyMappingProviderScimResult {
    /** Python expression */
    readonly expression: string;
    /** implicit SDKv2 id: mapping UUID, or "-1" when managedLists is used */
    readonly id: string;
    /** Mapping UUIDs when managedLists is used */
    readonly ids: string[];
    /** Managed key filter, e.g. goauthentik.io/providers/scim/user */
    readonly managed?: string;
    /** Several managed keys; UUIDs are returned in ids and id is "-1" */
    readonly managedLists?: string[];
    /** Mapping name filter (conflicts with managedLists) */
    readonly name?: string;
}

/**
 * Filters: managedLists (or managed), name. With managedLists: id = "-1", UUIDs in ids. Otherwise first match (expression set). Error 'No matching mappings found'.
 */
export function getPropertyMappingProviderScimOutput(args?: GetPropertyMappingProviderScimOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetPropertyMappingProviderScimResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("authentik:index/getPropertyMappingProviderScim:getPropertyMappingProviderScim", {
        "id": args.id,
        "ids": args.ids,
        "managed": args.managed,
        "managedLists": args.managedLists,
        "name": args.name,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getPropertyMappingProviderScim.
 */
export interface GetPropertyMappingProviderScimOutputArgs {
    /** implicit SDKv2 id: mapping UUID, or "-1" when managedLists is used */
    id?: pulumi.Input<string | undefined>;
    /** Mapping UUIDs when managedLists is used */
    ids?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Managed key filter, e.g. goauthentik.io/providers/scim/user */
    managed?: pulumi.Input<string | undefined>;
    /** Several managed keys; UUIDs are returned in ids and id is "-1" */
    managedLists?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Mapping name filter (conflicts with managedLists) */
    name?: pulumi.Input<string | undefined>;
}
