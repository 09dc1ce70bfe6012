// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as outputs from "./types/output";
import * as utilities from "./utilities";

/**
 * Exactly one of pk/name; errors on no match or multiple matches. includeUsers defaults to true (large results/state).
 *
 * Token `authentik:index/getGroup:getGroup` (Terraform data source `authentik_group`).
 */
export function getGroup(args?: GetGroupArgs, opts?: pulumi.InvokeOptions): Promise<GetGroupResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("authentik:index/getGroup:getGroup", {
        "id": args.id,
        "includeUsers": args.includeUsers,
        "name": args.name,
        "pk": args.pk,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getGroup.
 */
export interface GetGroupArgs {
    /** implicit SDKv2 id: group UUID */
    id?: string;
    /** Fetch members (can make state large) */
    includeUsers?: boolean;
    /** Group name (exactly one of pk/name) */
    name?: string;
    /** Group UUID (exactly one of pk/name) */
    pk?: string;
}

/**
 * A collection of values returned by getGroup.
 */
export interface GetGroupResult {
    /** Attributes as JSON text */
    readonly attributes: string;
    /** implicit SDKv2 id: group UUID */
    readonly id: string;
    /** Fetch members (can make state large) */
    readonly includeUsers?: boolean;
    /** Superuser flag */
    readonly isSuperuser: boolean;
    /** Group name (exactly one of pk/name) */
    readonly name?: string;
    /** Numeric pk */
    readonly numPk: number;
    /** Parent name */
    readonly parentName: string;
    /** Parent group UUIDs */
    readonly parents: string[];
    /** Group UUID (exactly one of pk/name) */
    readonly pk?: string;
    /** Member user pks */
    readonly users: number[];
    /** Member details */
    readonly usersObjs: outputs.GetGroupUsersObj[];
}

/**
 * Exactly one of pk/name; errors on no match or multiple matches. includeUsers defaults to true (large results/state).
 */
export function getGroupOutput(args?: GetGroupOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetGroupResult> {
    args = args || {};
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("authentik:index/getGroup:getGroup", {
        "id": args.id,
        "includeUsers": args.includeUsers,
        "name": args.name,
        "pk": args.pk,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getGroup.
 */
export interface GetGroupOutputArgs {
    /** implicit SDKv2 id: group UUID */
    id?: pulumi.Input<string | undefined>;
    /** Fetch members (can make state large) */
    includeUsers?: pulumi.Input<boolean | undefined>;
    /** Group name (exactly one of pk/name) */
    name?: pulumi.Input<string | undefined>;
    /** Group UUID (exactly one of pk/name) */
    pk?: pulumi.Input<string | undefined>;
}
