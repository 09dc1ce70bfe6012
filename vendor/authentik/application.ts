// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Required: slug (+ name, auto-named). protocolProvider is number and backchannelProviders is number[] (provider pks). id/applicationId = slug; uuid = pk to use as PolicyBinding.target.
 *
 * Token `authentik:index/application:Application` (Terraform `authentik_application`).
 */
export class Application extends pulumi.CustomResource {
    /**
     * Get an existing Application resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: ApplicationState, opts?: pulumi.CustomResourceOptions): Application {
        return new Application(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'authentik:index/application:Application';

    /**
     * Returns true if the given object is an instance of Application. This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is Application {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === Application.__pulumiType;
    }

    /** TF resource id (application slug (uuid property holds the pk)); same value as the Pulumi resource id */
    declare public readonly applicationId: pulumi.Output<string>;
    /** Numeric pks of backchannel providers (e.g. SCIM) */
    declare public readonly backchannelProviders: pulumi.Output<number[] | undefined>;
    /** UI group label */
    declare public readonly group: pulumi.Output<string | undefined>;
    /** Description */
    declare public readonly metaDescription: pulumi.Output<string | undefined>;
    /** Hide from the user library (new in v2026.5.0) */
    declare public readonly metaHide: pulumi.Output<boolean | undefined>;
    /** Icon */
    declare public readonly metaIcon: pulumi.Output<string | undefined>;
    /** Launch URL */
    declare public readonly metaLaunchUrl: pulumi.Output<string | undefined>;
    /** Publisher */
    declare public readonly metaPublisher: pulumi.Output<string | undefined>;
    /** Display name (TF-required; Pulumi auto-names it if omitted) */
    declare public readonly name: pulumi.Output<string>;
    /** Open launch URL in a new tab */
    declare public readonly openInNewTab: pulumi.Output<boolean | undefined>;
    /** How bound policies are combined */
    declare public readonly policyEngineMode: pulumi.Output<string | undefined>;
    /** Numeric pk of the main (protocol) provider */
    declare public readonly protocolProvider: pulumi.Output<number | undefined>;
    /** URL slug; also the TF resource id */
    declare public readonly slug: pulumi.Output<string>;
    /** Application pk (UUID); use as PolicyBinding.target */
    declare public readonly uuid: pulumi.Output<string>;

    /**
     * Create a Application resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ApplicationArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ApplicationArgs | ApplicationState, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: ApplicationArgs | ApplicationState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as ApplicationState | undefined;
            resourceInputs["applicationId"] = state?.applicationId;
            resourceInputs["backchannelProviders"] = state?.backchannelProviders;
            resourceInputs["group"] = state?.group;
            resourceInputs["metaDescription"] = state?.metaDescription;
            resourceInputs["metaHide"] = state?.metaHide;
            resourceInputs["metaIcon"] = state?.metaIcon;
            resourceInputs["metaLaunchUrl"] = state?.metaLaunchUrl;
            resourceInputs["metaPublisher"] = state?.metaPublisher;
            resourceInputs["name"] = state?.name;
            resourceInputs["openInNewTab"] = state?.openInNewTab;
            resourceInputs["policyEngineMode"] = state?.policyEngineMode;
            resourceInputs["protocolProvider"] = state?.protocolProvider;
            resourceInputs["slug"] = state?.slug;
            resourceInputs["uuid"] = state?.uuid;
        } else {
            const args = argsOrState as ApplicationArgs | undefined;
            if (args?.slug === undefined && !opts.urn) {
                throw new Error("Missing required property 'slug'");
            }
            resourceInputs["applicationId"] = args?.applicationId;
            resourceInputs["backchannelProviders"] = args?.backchannelProviders;
            resourceInputs["group"] = args?.group;
            resourceInputs["metaDescription"] = args?.metaDescription;
            resourceInputs["metaHide"] = args?.metaHide;
            resourceInputs["metaIcon"] = args?.metaIcon;
            resourceInputs["metaLaunchUrl"] = args?.metaLaunchUrl;
            resourceInputs["metaPublisher"] = args?.metaPublisher;
            resourceInputs["name"] = args?.name;
            resourceInputs["openInNewTab"] = args?.openInNewTab;
            resourceInputs["policyEngineMode"] = args?.policyEngineMode;
            resourceInputs["protocolProvider"] = args?.protocolProvider;
            resourceInputs["slug"] = args?.slug;
            resourceInputs["uuid"] = args?.uuid;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(Application.__pulumiType, name, resourceInputs, opts, false /*dependency*/, utilities.getPackage());
    }
}

/**
 * Input properties used for looking up and filtering Application resources.
 */
export interface ApplicationState {
    /** TF resource id (application slug (uuid property holds the pk)); same value as the Pulumi resource id */
    applicationId?: pulumi.Input<string | undefined>;
    /** Numeric pks of backchannel providers (e.g. SCIM) */
    backchannelProviders?: pulumi.Input<pulumi.Input<number>[] | undefined>;
    /** UI group label */
    group?: pulumi.Input<string | undefined>;
    /** Description */
    metaDescription?: pulumi.Input<string | undefined>;
    /** Hide from the user library (new in v2026.5.0) */
    metaHide?: pulumi.Input<boolean | undefined>;
    /** Icon */
    metaIcon?: pulumi.Input<string | undefined>;
    /** Launch URL */
    metaLaunchUrl?: pulumi.Input<string | undefined>;
    /** Publisher */
    metaPublisher?: pulumi.Input<string | undefined>;
    /** Display name (TF-required; Pulumi auto-names it if omitted) */
    name?: pulumi.Input<string | undefined>;
    /** Open launch URL in a new tab */
    openInNewTab?: pulumi.Input<boolean | undefined>;
    /** How bound policies are combined */
    policyEngineMode?: pulumi.Input<string | undefined>;
    /** Numeric pk of the main (protocol) provider */
    protocolProvider?: pulumi.Input<number | undefined>;
    /** URL slug; also the TF resource id */
    slug?: pulumi.Input<string | undefined>;
    /** Application pk (UUID); use as PolicyBinding.target */
    uuid?: pulumi.Input<string | undefined>;
}

/**
 * The set of arguments for constructing a Application resource.
 */
export interface ApplicationArgs {
    /** TF resource id (application slug (uuid property holds the pk)); same value as the Pulumi resource id */
    applicationId?: pulumi.Input<string | undefined>;
    /** Numeric pks of backchannel providers (e.g. SCIM) */
    backchannelProviders?: pulumi.Input<pulumi.Input<number>[] | undefined>;
    /** UI group label */
    group?: pulumi.Input<string | undefined>;
    /** Description */
    metaDescription?: pulumi.Input<string | undefined>;
    /** Hide from the user library (new in v2026.5.0) */
    metaHide?: pulumi.Input<boolean | undefined>;
    /** Icon */
    metaIcon?: pulumi.Input<string | undefined>;
    /** Launch URL */
    metaLaunchUrl?: pulumi.Input<string | undefined>;
    /** Publisher */
    metaPublisher?: pulumi.Input<string | undefined>;
    /** Display name (TF-required; Pulumi auto-names it if omitted) */
    name?: pulumi.Input<string | undefined>;
    /** Open launch URL in a new tab */
    openInNewTab?: pulumi.Input<boolean | undefined>;
    /** How bound policies are combined */
    policyEngineMode?: pulumi.Input<string | undefined>;
    /** Numeric pk of the main (protocol) provider */
    protocolProvider?: pulumi.Input<number | undefined>;
    /** URL slug; also the TF resource id */
    slug: pulumi.Input<string>;
    /** Application pk (UUID); use as PolicyBinding.target */
    uuid?: pulumi.Input<string | undefined>;
}
