// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Required: target, order. Set one of policy (UUID), group (UUID) or user (number). No name property, so no auto-naming.
 *
 * Token `authentik:index/policyBinding:PolicyBinding` (Terraform `authentik_policy_binding`).
 */
export class PolicyBinding extends pulumi.CustomResource {
    /**
     * Get an existing PolicyBinding resource's state with the given name, ID, and optional extra
     * properties used to qualify the lookup.
     */
    public static get(name: string, id: pulumi.Input<pulumi.ID>, state?: PolicyBindingState, opts?: pulumi.CustomResourceOptions): PolicyBinding {
        return new PolicyBinding(name, <any>state, { ...opts, id: id });
    }

    /** @internal */
    public static readonly __pulumiType = 'authentik:index/policyBinding:PolicyBinding';

    /**
     * Returns true if the given object is an instance of PolicyBinding. This is designed to work even
     * when multiple copies of the Pulumi SDK have been loaded into the same process.
     */
    public static isInstance(obj: any): obj is PolicyBinding {
        if (obj === undefined || obj === null) {
            return false;
        }
        return obj['__pulumiType'] === PolicyBinding.__pulumiType;
    }

    /** Binding enabled */
    declare public readonly enabled: pulumi.Output<boolean | undefined>;
    /** Result to use when the policy errors */
    declare public readonly failureResult: pulumi.Output<boolean | undefined>;
    /** Group UUID */
    declare public readonly group: pulumi.Output<string | undefined>;
    /** Negate the result */
    declare public readonly negate: pulumi.Output<boolean | undefined>;
    /** Evaluation order */
    declare public readonly order: pulumi.Output<number>;
    /** Policy UUID (set exactly one of policy/group/user) */
    declare public readonly policy: pulumi.Output<string | undefined>;
    /** TF resource id (binding UUID); same value as the Pulumi resource id */
    declare public readonly policyBindingId: pulumi.Output<string>;
    /** UUID (pbm pk) of the object the binding applies to, e.g. Application.uuid or a flow UUID */
    declare public readonly target: pulumi.Output<string>;
    /** Policy timeout in seconds */
    declare public readonly timeout: pulumi.Output<number | undefined>;
    /** Numeric user pk */
    declare public readonly user: pulumi.Output<number | undefined>;

    /**
     * Create a PolicyBinding resource with the given unique name, arguments, and options.
     *
     * @param name The _unique_ name of the resource.
     * @param args The arguments to use to populate this resource's properties.
     * @param opts A bag of options that control this resource's behavior.
     */
    constructor(name: string, args: PolicyBindingArgs, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: PolicyBindingArgs | PolicyBindingState, opts?: pulumi.CustomResourceOptions)
    constructor(name: string, argsOrState?: PolicyBindingArgs | PolicyBindingState, opts?: pulumi.CustomResourceOptions) {
        let resourceInputs: pulumi.Inputs = {};
        opts = opts || {};
        if (opts.id) {
            const state = argsOrState as PolicyBindingState | undefined;
            resourceInputs["enabled"] = state?.enabled;
            resourceInputs["failureResult"] = state?.failureResult;
            resourceInputs["group"] = state?.group;
            resourceInputs["negate"] = state?.negate;
            resourceInputs["order"] = state?.order;
            resourceInputs["policy"] = state?.policy;
            resourceInputs["policyBindingId"] = state?.policyBindingId;
            resourceInputs["target"] = state?.target;
            resourceInputs["timeout"] = state?.timeout;
            resourceInputs["user"] = state?.user;
        } else {
            const args = argsOrState as PolicyBindingArgs | undefined;
            if (args?.order === undefined && !opts.urn) {
                throw new Error("Missing required property 'order'");
            }
            if (args?.target === undefined && !opts.urn) {
                throw new Error("Missing required property 'target'");
            }
            resourceInputs["enabled"] = args?.enabled;
            resourceInputs["failureResult"] = args?.failureResult;
            resourceInputs["group"] = args?.group;
            resourceInputs["negate"] = args?.negate;
            resourceInputs["order"] = args?.order;
            resourceInputs["policy"] = args?.policy;
            resourceInputs["policyBindingId"] = args?.policyBindingId;
            resourceInputs["target"] = args?.target;
            resourceInputs["timeout"] = args?.timeout;
            resourceInputs["user"] = args?.user;
        }
        opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts);
        super(PolicyBinding.__pulumiType, name, resourceInputs, opts, false /*dependency*/, utilities.getPackage());
    }
}

/**
 * Input properties used for looking up and filtering PolicyBinding resources.
 */
export interface PolicyBindingState {
    /** Binding enabled */
    enabled?: pulumi.Input<boolean | undefined>;
    /** Result to use when the policy errors */
    failureResult?: pulumi.Input<boolean | undefined>;
    /** Group UUID */
    group?: pulumi.Input<string | undefined>;
    /** Negate the result */
    negate?: pulumi.Input<boolean | undefined>;
    /** Evaluation order */
    order?: pulumi.Input<number | undefined>;
    /** Policy UUID (set exactly one of policy/group/user) */
    policy?: pulumi.Input<string | undefined>;
    /** TF resource id (binding UUID); same value as the Pulumi resource id */
    policyBindingId?: pulumi.Input<string | undefined>;
    /** UUID (pbm pk) of the object the binding applies to, e.g. Application.uuid or a flow UUID */
    target?: pulumi.Input<string | undefined>;
    /** Policy timeout in seconds */
    timeout?: pulumi.Input<number | undefined>;
    /** Numeric user pk */
    user?: pulumi.Input<number | undefined>;
}

/**
 * The set of arguments for constructing a PolicyBinding resource.
 */
export interface PolicyBindingArgs {
    /** Binding enabled */
    enabled?: pulumi.Input<boolean | undefined>;
    /** Result to use when the policy errors */
    failureResult?: pulumi.Input<boolean | undefined>;
    /** Group UUID */
    group?: pulumi.Input<string | undefined>;
    /** Negate the result */
    negate?: pulumi.Input<boolean | undefined>;
    /** Evaluation order */
    order: pulumi.Input<number>;
    /** Policy UUID (set exactly one of policy/group/user) */
    policy?: pulumi.Input<string | undefined>;
    /** TF resource id (binding UUID); same value as the Pulumi resource id */
    policyBindingId?: pulumi.Input<string | undefined>;
    /** UUID (pbm pk) of the object the binding applies to, e.g. Application.uuid or a flow UUID */
    target: pulumi.Input<string>;
    /** Policy timeout in seconds */
    timeout?: pulumi.Input<number | undefined>;
    /** Numeric user pk */
    user?: pulumi.Input<number | undefined>;
}
