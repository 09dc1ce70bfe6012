// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Required: expression, samlName (+ name, auto-named). id = UUID.
 *
 * Token `authentik:index/propertyMappingProviderSaml:PropertyMappingProviderSaml` (Terraform `authentik_property_mapping_provider_saml`).
 */
export class PropertyMappingProviderSaml extends pulumi.CustomResource {
    /**
     * Get an existing PropertyMappingProviderSaml resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: PropertyMappingProviderSamlState, opts?: pulumi.CustomResourceOptions): PropertyMappingProviderSaml {
        return new PropertyMappingProviderSaml(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'authentik:index/propertyMappingProviderSaml:PropertyMappingProviderSaml';

    /**
     * Returns true if the given object is an instance of PropertyMappingProviderSaml. This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is PropertyMappingProviderSaml {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === PropertyMappingProviderSaml.__pulumiType;
    }

    /** Python expression */
    declare public readonly expression: pulumi.Output<string>;
    /** SAML attribute FriendlyName */
    declare public readonly friendlyName: pulumi.Output<string | undefined>;
    /** Mapping name (TF-required; Pulumi auto-names it if omitted) */
    declare public readonly name: pulumi.Output<string>;
    /** TF resource id (mapping UUID); same value as the Pulumi resource id */
    declare public readonly propertyMappingProviderSamlId: pulumi.Output<string>;
    /** SAML attribute name */
    declare public readonly samlName: pulumi.Output<string>;

    /**
     * Create a PropertyMappingProviderSaml resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: PropertyMappingProviderSamlArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: PropertyMappingProviderSamlArgs | PropertyMappingProviderSamlState, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: PropertyMappingProviderSamlArgs | PropertyMappingProviderSamlState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as PropertyMappingProviderSamlState | undefined;
            resourceInputs["expression"] = state?.expression;
            resourceInputs["friendlyName"] = state?.friendlyName;
            resourceInputs["name"] = state?.name;
            resourceInputs["propertyMappingProviderSamlId"] = state?.propertyMappingProviderSamlId;
            resourceInputs["samlName"] = state?.samlName;
        } else {
            const args = argsOrState as PropertyMappingProviderSamlArgs | undefined;
            if (args?.expression === undefined && !opts.urn) {
                throw new Error("Missing required property 'expression'");
            }
            if (args?.samlName === undefined && !opts.urn) {
                throw new Error("Missing required property 'samlName'");
            }
            resourceInputs["expression"] = args?.expression;
            resourceInputs["friendlyName"] = args?.friendlyName;
            resourceInputs["name"] = args?.name;
            resourceInputs["propertyMappingProviderSamlId"] = args?.propertyMappingProviderSamlId;
            resourceInputs["samlName"] = args?.samlName;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(PropertyMappingProviderSaml.__pulumiType, name, resourceInputs, opts, false /*dependency*/, utilities.getPackage());
    }
}

/**
 * Input properties used for looking up and filtering PropertyMappingProviderSaml resources.
 */
export interface PropertyMappingProviderSamlState {
    /** Python expression */
    expression?: pulumi.Input<string | undefined>;
    /** SAML attribute FriendlyName */
    friendlyName?: pulumi.Input<string | undefined>;
    /** Mapping name (TF-required; Pulumi auto-names it if omitted) */
    name?: pulumi.Input<string | undefined>;
    /** TF resource id (mapping UUID); same value as the Pulumi resource id */
    propertyMappingProviderSamlId?: pulumi.Input<string | undefined>;
    /** SAML attribute name */
    samlName?: pulumi.Input<string | undefined>;
}

/**
 * The set of arguments for constructing a PropertyMappingProviderSaml resource.
 */
export interface PropertyMappingProviderSamlArgs {
    /** Python expression */
    expression: pulumi.Input<string>;
    /** SAML attribute FriendlyName */
    friendlyName?: pulumi.Input<string | undefined>;
    /** Mapping name (TF-required; Pulumi auto-names it if omitted) */
    name?: pulumi.Input<string | undefined>;
    /** TF resource id (mapping UUID); same value as the Pulumi resource id */
    propertyMappingProviderSamlId?: pulumi.Input<string | undefined>;
    /** SAML attribute name */
    samlName: pulumi.Input<string>;
}
