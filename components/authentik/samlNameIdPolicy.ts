import * as pulumi from "@pulumi/pulumi";
import { apiAccessChanged, setSamlDefaultNameIdPolicy } from "./authentikApiClient";

/** Type token of {@link SamlNameIdPolicy}, for mocks and policies. */
export const SAML_NAMEID_POLICY_TYPE = "pulumi-nodejs:dynamic:SamlNameIdPolicy";

export interface SamlNameIdPolicyArgs {
    apiUrl: pulumi.Input<string>;
    /** Stored as a secret. */
    apiToken: pulumi.Input<string>;
    /** The SAML provider's pk: a new provider (replacement) gets the policy set again. */
    providerId: pulumi.Input<string>;
    /** The NameID format, e.g. `urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress`. */
    policy: pulumi.Input<string>;
    /** Skip TLS verification (`authentik:insecure`). */
    insecure?: pulumi.Input<boolean | undefined>;
    /** Extra HTTP headers (`authentik:headers`); stored as a secret. */
    headers?: pulumi.Input<Record<string, string> | undefined>;
}

export interface SamlNameIdPolicyState {
    apiUrl: string;
    apiToken: string;
    providerId: string;
    policy: string;
    insecure?: boolean;
    headers?: Record<string, string>;
}

/** Serialized into the state and run by Pulumi's dynamic provider host: no live objects captured. */
export const samlNameIdPolicyProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: SamlNameIdPolicyState): Promise<pulumi.dynamic.CreateResult> {
        await setSamlDefaultNameIdPolicy(inputs);
        return { id: `saml-nameid-policy-${inputs.providerId}`, outs: inputs };
    },
    async diff(_id: string, olds: SamlNameIdPolicyState, news: SamlNameIdPolicyState): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.providerId !== news.providerId ? ["providerId"] : [];
        const changes = replaces.length > 0 || olds.policy !== news.policy || apiAccessChanged(olds, news);
        return { changes, replaces, deleteBeforeReplace: false };
    },
    /** Another policy is set (and read back); a new token, URL or TLS setting is only recorded. */
    async update(_id: string, olds: SamlNameIdPolicyState, news: SamlNameIdPolicyState): Promise<pulumi.dynamic.UpdateResult> {
        if (olds.policy !== news.policy) await setSamlDefaultNameIdPolicy(news);
        return { outs: news };
    },
};

/**
 * Sets the SAML provider's Default NameID Policy through authentik's API and verifies it by reading it back. The
 * Terraform provider has no field for it, and its later updates do not send it, so the value persists until the
 * provider is replaced, which replaces this resource too (its `providerId` changes). Deleting it does nothing.
 */
export class SamlNameIdPolicy extends pulumi.dynamic.Resource {
    constructor(name: string, args: SamlNameIdPolicyArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            samlNameIdPolicyProvider,
            name,
            {
                ...args,
                apiToken: pulumi.secret(args.apiToken),
                headers: args.headers === undefined ? undefined : pulumi.secret(args.headers),
            },
            { ...opts, additionalSecretOutputs: ["apiToken", "headers"] },
            undefined,
            "SamlNameIdPolicy",
        );
    }
}
