// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Filters only on slug and designation (authentication is accepted but not used as a filter); first match wins; error 'No matching flows found'.
 *
 * Token `authentik:index/getFlow:getFlow` (Terraform data source `authentik_flow`).
 */
export function getFlow(args?: GetFlowArgs, opts?: pulumi.InvokeOptions): Promise<GetFlowResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("authentik:index/getFlow:getFlow", {
        "authentication": args.authentication,
        "designation": args.designation,
        "id": args.id,
        "slug": args.slug,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getFlow.
 */
export interface GetFlowArgs {
    /** Authentication requirement filter */
    authentication?: string;
    /** Designation filter */
    designation?: string;
    /** implicit SDKv2 id: flow UUID */
    id?: string;
    /** Flow slug filter */
    slug?: string;
}

/**
 * A collection of values returned by getFlow.
 */
export interface GetFlowResult {
    /** Authentication requirement filter */
    readonly authentication: string;
    /** Designation filter */
    readonly designation: string;
    /** implicit SDKv2 id: flow UUID */
    readonly id: string;
    /** Flow name */
    readonly name: string;
    /** Flow slug filter */
    readonly slug: string;
    /** Flow title */
    readonly title: string;
}

/**
 * Filters only on slug and designation (authentication is accepted but not used as a filter); first match wins; error 'No matching flows found'.
 */
export function getFlowOutput(args?: GetFlowOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetFlowResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("authentik:index/getFlow:getFlow", {
        "authentication": args.authentication,
        "designation": args.designation,
        "id": args.id,
        "slug": args.slug,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getFlow.
 */
export interface GetFlowOutputArgs {
    /** Authentication requirement filter */
    authentication?: pulumi.Input<string | undefined>;
    /** Designation filter */
    designation?: pulumi.Input<string | undefined>;
    /** implicit SDKv2 id: flow UUID */
    id?: pulumi.Input<string | undefined>;
    /** Flow slug filter */
    slug?: pulumi.Input<string | undefined>;
}
