import * as pulumi from "@pulumi/pulumi";
import { triggerScimSync } from "./scimSync";

/** Type token of {@link ScimSyncTrigger}, for mocks and policies. */
export const SCIM_SYNC_TRIGGER_TYPE = "pulumi-nodejs:dynamic:ScimSyncTrigger";

export interface ScimSyncTriggerArgs {
    apiUrl: pulumi.Input<string>;
    /** Stored as a secret. */
    apiToken: pulumi.Input<string>;
    providerId: pulumi.Input<string>;
    providerName: pulumi.Input<string>;
    /** What decides who and which groups are synced (group filter IDs, bound group, application): a change re-syncs. */
    scope: pulumi.Input<pulumi.Input<string>[]>;
}

export interface ScimSyncTriggerState {
    apiUrl: string;
    apiToken: string;
    providerId: string;
    providerName: string;
    scope: string[];
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
            replaces.length > 0 || !sameScope(olds.scope, news.scope) || olds.apiUrl !== news.apiUrl || olds.apiToken !== news.apiToken || olds.providerName !== news.providerName;
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
 * (see scimSync.ts for why the provider's own sync comes too early on a first deploy). Deleting it does nothing.
 */
export class ScimSyncTrigger extends pulumi.dynamic.Resource {
    constructor(name: string, args: ScimSyncTriggerArgs, opts?: pulumi.CustomResourceOptions) {
        super(
            scimSyncTriggerProvider,
            name,
            { ...args, apiToken: pulumi.secret(args.apiToken) },
            { ...opts, additionalSecretOutputs: ["apiToken"] },
            undefined,
            "ScimSyncTrigger",
        );
    }
}
