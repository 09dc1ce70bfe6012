import * as pulumi from "@pulumi/pulumi";
import { findPrincipal, waitForPrincipal } from "./principalPolling";

/** Type token of {@link ScimPrincipalWait}, for mocks and policies. */
export const SCIM_PRINCIPAL_WAIT_TYPE = "pulumi-nodejs:dynamic:ScimPrincipalWait";

export interface ScimPrincipalWaitArgs {
    kind: pulumi.Input<"group" | "user">;
    /** Group display name or user userName, as SCIM provisions it. */
    name: pulumi.Input<string>;
    identityStoreId: pulumi.Input<string>;
    /** Region of the Identity Center instance; unset lets the AWS SDK's default chain decide (AWS_REGION, profile). */
    region?: pulumi.Input<string | undefined>;
    /** Named AWS profile (the `aws:profile` config); unset uses the SDK's default credential chain. */
    profile?: pulumi.Input<string | undefined>;
    timeoutSeconds: pulumi.Input<number>;
    initialDelaySeconds: pulumi.Input<number>;
    maxDelaySeconds: pulumi.Input<number>;
}

/** The provider's view of the inputs (resolved). */
export interface ScimPrincipalWaitState {
    kind: "group" | "user";
    name: string;
    identityStoreId: string;
    region?: string;
    profile?: string;
    timeoutSeconds: number;
    initialDelaySeconds: number;
    maxDelaySeconds: number;
    principalId?: string;
}

/** Inputs that identify the principal: a different value is a different principal, so the wait runs again. */
const IDENTITY_INPUTS = ["kind", "name", "identityStoreId"] as const;
/** Inputs that only tune how (or from where) the wait runs: changing them never re-waits nor replaces. */
const TUNING_INPUTS = ["region", "profile", "timeoutSeconds", "initialDelaySeconds", "maxDelaySeconds"] as const;

/**
 * The dynamic provider. Pulumi serializes it (with everything it references) into the stack state and runs it in a
 * separate process, so it holds no clients or other live objects: each function builds its own client, loading the
 * AWS SDK from the program's node_modules when it runs.
 */
export const scimPrincipalWaitProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: ScimPrincipalWaitState): Promise<pulumi.dynamic.CreateResult> {
        const { IdentitystoreClient } = require("@aws-sdk/client-identitystore");
        const client = new IdentitystoreClient({ region: inputs.region, ...(inputs.profile ? { profile: inputs.profile } : {}) });
        try {
            const { id } = await waitForPrincipal(client, {
                kind: inputs.kind,
                name: inputs.name,
                identityStoreId: inputs.identityStoreId,
                timeoutMs: inputs.timeoutSeconds * 1000,
                initialDelayMs: inputs.initialDelaySeconds * 1000,
                maxDelayMs: inputs.maxDelaySeconds * 1000,
            });
            return { id, outs: { ...inputs, principalId: id } };
        } finally {
            client.destroy();
        }
    },

    async diff(_id: string, olds: ScimPrincipalWaitState, news: ScimPrincipalWaitState): Promise<pulumi.dynamic.DiffResult> {
        const replaces = IDENTITY_INPUTS.filter((k) => olds[k] !== news[k]);
        const changes = replaces.length > 0 || TUNING_INPUTS.some((k) => olds[k] !== news[k]);
        return { changes, replaces, stables: replaces.length === 0 ? ["principalId"] : [] };
    },

    /** Only tuning inputs changed (anything else replaces): record them, keep the ID, do not wait again. */
    async update(_id: string, olds: ScimPrincipalWaitState, news: ScimPrincipalWaitState): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: { ...news, principalId: olds.principalId } };
    },

    /**
     * `pulumi refresh`: one lookup, no waiting. A principal that no longer exists reads as gone (blank ID), so the next
     * `up` waits for it again; one that was deleted and re-created by SCIM comes back with its new ID.
     */
    async read(id: string, props: ScimPrincipalWaitState): Promise<pulumi.dynamic.ReadResult> {
        const { IdentitystoreClient } = require("@aws-sdk/client-identitystore");
        const client = new IdentitystoreClient({ region: props.region, ...(props.profile ? { profile: props.profile } : {}) });
        try {
            const current = await findPrincipal(client, { kind: props.kind, name: props.name, identityStoreId: props.identityStoreId });
            if (current === undefined) return {};
            // The resource keeps its first ID; the output carries the current principal ID.
            return { id, props: { ...props, principalId: current } };
        } finally {
            client.destroy();
        }
    },
};

/**
 * Waits, on create, until authentik's SCIM sync has created the Identity Center group or user, and outputs its ID.
 * Afterwards it does nothing: updates of the timing knobs keep the ID, and only a different principal (kind, name or
 * identity store) is waited for again. Nothing is deleted in AWS when it is destroyed: the principal belongs to SCIM.
 *
 * The wait calls the Identity Store API with the AWS SDK's credentials of the process running Pulumi (the default
 * chain, or the `aws:profile` named profile passed as `profile`), not with an explicit `aws` provider's role; it needs
 * `identitystore:GetGroupId` / `identitystore:GetUserId`.
 */
export class ScimPrincipalWait extends pulumi.dynamic.Resource {
    /** The Identity Center group or user ID. */
    public readonly principalId!: pulumi.Output<string>;

    constructor(name: string, args: ScimPrincipalWaitArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            scimPrincipalWaitProvider,
            name,
            {
                kind: args.kind,
                name: args.name,
                identityStoreId: args.identityStoreId,
                region: args.region,
                profile: args.profile,
                timeoutSeconds: args.timeoutSeconds,
                initialDelaySeconds: args.initialDelaySeconds,
                maxDelaySeconds: args.maxDelaySeconds,
                principalId: undefined,
            },
            opts,
            undefined,
            "ScimPrincipalWait",
        );
    }
}
