// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Required: url (+ name, auto-named). token is optional since v2025.10.0 and secret. id/providerScimId is the integer pk as a string; pass Number(id) in Application.backchannelProviders.
 *
 * Token `authentik:index/providerScim:ProviderScim` (Terraform `authentik_provider_scim`).
 */
export class ProviderScim extends pulumi.CustomResource {
    /**
     * Get an existing ProviderScim resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ProviderScimState, opts?: pulumi.CustomResourceOptions): ProviderScim {
        return new ProviderScim(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'authentik:index/providerScim:ProviderScim';

    /**
     * Returns true if the given object is an instance of ProviderScim. This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is ProviderScim {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === ProviderScim.__pulumiType;
    }

    /** How authentik authenticates to the SCIM target */
    declare public readonly authMode: pulumi.Output<string | undefined>;
    /** Slug of an OAuth source (authMode=oauth) */
    declare public readonly authOauth: pulumi.Output<string | undefined>;
    /** Extra OAuth parameters, JSON text */
    declare public readonly authOauthParams: pulumi.Output<string | undefined>;
    /** Vendor-specific SCIM quirks */
    declare public readonly compatibilityMode: pulumi.Output<string | undefined>;
    /** Log requests instead of sending them */
    declare public readonly dryRun: pulumi.Output<boolean | undefined>;
    /** Do not sync service accounts */
    declare public readonly excludeUsersServiceAccount: pulumi.Output<boolean | undefined>;
    /** Group UUIDs; only members of these groups are synced (replaces filter_group) */
    declare public readonly groupFilters: pulumi.Output<string[] | undefined>;
    /** Provider name (TF-required; Pulumi auto-names it if omitted) */
    declare public readonly name: pulumi.Output<string>;
    /** SCIM property-mapping UUIDs for users */
    declare public readonly propertyMappings: pulumi.Output<string[] | undefined>;
    /** SCIM property-mapping UUIDs for groups */
    declare public readonly propertyMappingsGroups: pulumi.Output<string[] | undefined>;
    /** TF resource id (integer provider pk as string); same value as the Pulumi resource id */
    declare public readonly providerScimId: pulumi.Output<string>;
    /** Relative duration */
    declare public readonly serviceProviderConfigCacheTimeout: pulumi.Output<string | undefined>;
    /** Objects per sync page */
    declare public readonly syncPageSize: pulumi.Output<number | undefined>;
    /** Relative duration */
    declare public readonly syncPageTimeout: pulumi.Output<string | undefined>;
    /** Bearer token for the SCIM target (used with authMode=token) */
    declare public readonly token: pulumi.Output<string | undefined>;
    /** SCIM base URL of the target */
    declare public readonly url: pulumi.Output<string>;

    /**
     * Create a ProviderScim resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ProviderScimArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ProviderScimArgs | ProviderScimState, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ProviderScimArgs | ProviderScimState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as ProviderScimState | undefined;
            resourceInputs["authMode"] = state?.authMode;
            resourceInputs["authOauth"] = state?.authOauth;
            resourceInputs["authOauthParams"] = state?.authOauthParams;
            resourceInputs["compatibilityMode"] = state?.compatibilityMode;
            resourceInputs["dryRun"] = state?.dryRun;
            resourceInputs["excludeUsersServiceAccount"] = state?.excludeUsersServiceAccount;
            resourceInputs["groupFilters"] = state?.groupFilters;
            resourceInputs["name"] = state?.name;
            resourceInputs["propertyMappings"] = state?.propertyMappings;
            resourceInputs["propertyMappingsGroups"] = state?.propertyMappingsGroups;
            resourceInputs["providerScimId"] = state?.providerScimId;
            resourceInputs["serviceProviderConfigCacheTimeout"] = state?.serviceProviderConfigCacheTimeout;
            resourceInputs["syncPageSize"] = state?.syncPageSize;
            resourceInputs["syncPageTimeout"] = state?.syncPageTimeout;
            resourceInputs["token"] = state?.token;
            resourceInputs["url"] = state?.url;
        } else {
            const args = argsOrState as ProviderScimArgs | undefined;
            if (args?.url === undefined && !opts.urn) {
                throw new Error("Missing required property 'url'");
            }
            resourceInputs["authMode"] = args?.authMode;
            resourceInputs["authOauth"] = args?.authOauth;
            resourceInputs["authOauthParams"] = args?.authOauthParams;
            resourceInputs["compatibilityMode"] = args?.compatibilityMode;
            resourceInputs["dryRun"] = args?.dryRun;
            resourceInputs["excludeUsersServiceAccount"] = args?.excludeUsersServiceAccount;
            resourceInputs["groupFilters"] = args?.groupFilters;
            resourceInputs["name"] = args?.name;
            resourceInputs["propertyMappings"] = args?.propertyMappings;
            resourceInputs["propertyMappingsGroups"] = args?.propertyMappingsGroups;
            resourceInputs["providerScimId"] = args?.providerScimId;
            resourceInputs["serviceProviderConfigCacheTimeout"] = args?.serviceProviderConfigCacheTimeout;
            resourceInputs["syncPageSize"] = args?.syncPageSize;
            resourceInputs["syncPageTimeout"] = args?.syncPageTimeout;
            resourceInputs["token"] = args?.token ? pulumi.secret(args.token) : undefined;
            resourceInputs["url"] = args?.url;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        const secretOpts = { additionalSecretOutputs: ["token"] };
        opts = pulumi.mergeOptions(opts, secretOpts);
        super(ProviderScim.__pulumiType, name, resourceInputs, opts, false /*dependency*/, utilities.getPackage());
    }
}

/**
 * Input properties used for looking up and filtering ProviderScim resources.
 */
export interface ProviderScimState {
    /** How authentik authenticates to the SCIM target */
    authMode?: pulumi.Input<string | undefined>;
    /** Slug of an OAuth source (authMode=oauth) */
    authOauth?: pulumi.Input<string | undefined>;
    /** Extra OAuth parameters, JSON text */
    authOauthParams?: pulumi.Input<string | undefined>;
    /** Vendor-specific SCIM quirks */
    compatibilityMode?: pulumi.Input<string | undefined>;
    /** Log requests instead of sending them */
    dryRun?: pulumi.Input<boolean | undefined>;
    /** Do not sync service accounts */
    excludeUsersServiceAccount?: pulumi.Input<boolean | undefined>;
    /** Group UUIDs; only members of these groups are synced (replaces filter_group) */
    groupFilters?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Provider name (TF-required; Pulumi auto-names it if omitted) */
    name?: pulumi.Input<string | undefined>;
    /** SCIM property-mapping UUIDs for users */
    propertyMappings?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** SCIM property-mapping UUIDs for groups */
    propertyMappingsGroups?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** TF resource id (integer provider pk as string); same value as the Pulumi resource id */
    providerScimId?: pulumi.Input<string | undefined>;
    /** Relative duration */
    serviceProviderConfigCacheTimeout?: pulumi.Input<string | undefined>;
    /** Objects per sync page */
    syncPageSize?: pulumi.Input<number | undefined>;
    /** Relative duration */
    syncPageTimeout?: pulumi.Input<string | undefined>;
    /** Bearer token for the SCIM target (used with authMode=token) */
    token?: pulumi.Input<string | undefined>;
    /** SCIM base URL of the target */
    url?: pulumi.Input<string | undefined>;
}

/**
 * The set of arguments for constructing a ProviderScim resource.
 */
export interface ProviderScimArgs {
    /** How authentik authenticates to the SCIM target */
    authMode?: pulumi.Input<string | undefined>;
    /** Slug of an OAuth source (authMode=oauth) */
    authOauth?: pulumi.Input<string | undefined>;
    /** Extra OAuth parameters, JSON text */
    authOauthParams?: pulumi.Input<string | undefined>;
    /** Vendor-specific SCIM quirks */
    compatibilityMode?: pulumi.Input<string | undefined>;
    /** Log requests instead of sending them */
    dryRun?: pulumi.Input<boolean | undefined>;
    /** Do not sync service accounts */
    excludeUsersServiceAccount?: pulumi.Input<boolean | undefined>;
    /** Group UUIDs; only members of these groups are synced (replaces filter_group) */
    groupFilters?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** Provider name (TF-required; Pulumi auto-names it if omitted) */
    name?: pulumi.Input<string | undefined>;
    /** SCIM property-mapping UUIDs for users */
    propertyMappings?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** SCIM property-mapping UUIDs for groups */
    propertyMappingsGroups?: pulumi.Input<pulumi.Input<string>[] | undefined>;
    /** TF resource id (integer provider pk as string); same value as the Pulumi resource id */
    providerScimId?: pulumi.Input<string | undefined>;
    /** Relative duration */
    serviceProviderConfigCacheTimeout?: pulumi.Input<string | undefined>;
    /** Objects per sync page */
    syncPageSize?: pulumi.Input<number | undefined>;
    /** Relative duration */
    syncPageTimeout?: pulumi.Input<string | undefined>;
    /** Bearer token for the SCIM target (used with authMode=token) */
    token?: pulumi.Input<string | undefined>;
    /** SCIM base URL of the target */
    url: pulumi.Input<string>;
}
