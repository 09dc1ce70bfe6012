import * as pulumi from "@pulumi/pulumi";
import { apiAccessChanged, triggerScimSync } from "./authentikApiClient";

/** Type token of {@link ScimSyncTrigger}, for mocks and policies. */
export const SCIM_SYNC_TRIGGER_TYPE = "pulumi-nodejs:dynamic:ScimSyncTrigger";

export interface ScimSyncTriggerArgs {
    apiUrl: pulumi.Input<string>;
    /** Stored as a secret. */
    apiToken: pulumi.Input<string>;
    providerId: pulumi.Input<string>;
    providerName: pulumi.Input<string>;
    /**
     * What decides who is synced and what they look like in AWS (application, bound group, group filter IDs, the
     * mappings and a digest of their expressions): a change re-syncs, so AWS does not wait for the scheduled sync (every 4 hours).
     */
    scope: pulumi.Input<pulumi.Input<string>[]>;
    /** Skip TLS verification (`authentik:insecure`). */
    insecure?: pulumi.Input<boolean | undefined>;
    /** Extra HTTP headers (`authentik:headers`); stored as a secret. */
    headers?: pulumi.Input<Record<string, string> | undefined>;
}

export interface ScimSyncTriggerState {
    apiUrl: string;
    apiToken: string;
    providerId: string;
    providerName: string;
    scope: string[];
    insecure?: boolean;
    headers?: Record<string, string>;
}

function sameScope(a: string[] | undefined, b: string[] | undefined): boolean {
    return JSON.stringify([...(a ?? [])].sort()) === JSON.stringify([...(b ?? [])].sort());
}

/** Serialized into the state and run by Pulumi's dynamic provider host: no live objects captured. */
export const scimSyncTriggerProvider: pulumi.dynamic.ResourceProvider = {
    async create(inputs: ScimSyncTriggerState): Promise<pulumi.dynamic.CreateResult> {
        await triggerScimSync(inputs);
        return { id: `scim-sync-${inputs.providerId}`, outs: inputs };
    },
    async diff(_id: string, olds: ScimSyncTriggerState, news: ScimSyncTriggerState): Promise<pulumi.dynamic.DiffResult> {
        const replaces = olds.providerId !== news.providerId ? ["providerId"] : [];
        const changes =
            replaces.length > 0 ||
            !sameScope(olds.scope, news.scope) ||
            olds.providerName !== news.providerName ||
            apiAccessChanged(olds, news);
        return { changes, replaces, deleteBeforeReplace: false };
    },
    /** A changed scope (e.g. another users group bound) syncs again; a new token or URL is only recorded. */
    async update(_id: string, olds: ScimSyncTriggerState, news: ScimSyncTriggerState): Promise<pulumi.dynamic.UpdateResult> {
        if (!sameScope(olds.scope, news.scope)) await triggerScimSync(news);
        return { outs: news };
    },
};

/**
 * Starts authentik's SCIM full sync once the SCIM provider, the application and its users binding all exist
 * (see authentikApiClient.ts for why the provider's own sync comes too early on a first deploy). Deleting it does nothing.
 */
export class ScimSyncTrigger extends pulumi.dynamic.Resource {
    constructor(name: string, args: ScimSyncTriggerArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            scimSyncTriggerProvider,
            name,
            {
                ...args,
                apiToken: pulumi.secret(args.apiToken),
                headers: args.headers === undefined ? undefined : pulumi.secret(args.headers),
            },
            { ...opts, additionalSecretOutputs: ["apiToken", "headers"] },
            undefined,
            "ScimSyncTrigger",
        );
    }
}
