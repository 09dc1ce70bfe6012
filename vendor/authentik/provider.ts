// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * The provider type for the authentik package (a dynamically bridged Terraform provider). Registered as
 * `pulumi:providers:authentik`; pass it via the `provider`/`providers` resource options.
 */
export class Provider extends pulumi.ProviderResource {
    /** @internal */
    public static readonly __pulumiType = 'authentik';

    /**
     * Returns true if the given object is an instance of Provider. This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is Provider {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === "pulumi:providers:" + Provider.__pulumiType;
    }

    /** API token (secret) */
    declare public readonly token: pulumi.Output<string>;
    /** authentik base URL */
    declare public readonly url: pulumi.Output<string>;

    /**
     * Create a Provider resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        {
            if (args?.token === undefined && !opts.urn) {
                throw new Error("Missing required property 'token'");
            }
            if (args?.url === undefined && !opts.urn) {
                throw new Error("Missing required property 'url'");
            }
            // Provider inputs travel as strings: codegen JSON-encodes every non-string provider input.
            resourceInputs["headers"] = pulumi.output(args?.headers ? pulumi.secret(args.headers) : undefined).apply(JSON.stringify);
            resourceInputs["insecure"] = pulumi.output(args?.insecure).apply(JSON.stringify);
            resourceInputs["token"] = args?.token ? pulumi.secret(args.token) : undefined;
            resourceInputs["url"] = args?.url;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        const secretOpts = { additionalSecretOutputs: ["headers", "token"] };
        opts = pulumi.mergeOptions(opts, secretOpts);
        super(Provider.__pulumiType, name, resourceInputs, opts, false /*dependency*/, utilities.getPackage());
    }

    /**
     * This function returns a Terraform config object with terraform-namecased keys, to be used with the Terraform
     * Module Provider.
     */
    terraformConfig(): pulumi.Output<Provider.TerraformConfigResult> {
        return pulumi.runtime.call("pulumi:providers:authentik/terraformConfig", {
            "__self__": this,
        }, this, utilities.getPackage());
    }
}

/**
 * The set of arguments for constructing a Provider resource.
 */
export interface ProviderArgs {
    /** Extra HTTP headers (secret) */
    headers?: pulumi.Input<{[key: string]: pulumi.Input<string>} | undefined>;
    /** Skip TLS verification; TF env fallback AUTHENTIK_INSECURE */
    insecure?: pulumi.Input<boolean | undefined>;
    /** API token (secret); TF env fallback AUTHENTIK_TOKEN, but the Pulumi arg stays required */
    token: pulumi.Input<string>;
    /** authentik base URL; TF env fallback AUTHENTIK_URL, but the Pulumi arg stays required */
    url: pulumi.Input<string>;
}

export namespace Provider {
    /** The results of the Provider.terraformConfig method. */
    export interface TerraformConfigResult {
        readonly result: {[key: string]: any};
    }
}
