/**
 * # authentik API stand-in (tests only)
 *
 * **Replaces:** an authentik 2026.5 server's REST API (`/api/v3/`), for the callers this project has:
 * - the component's own client (components/authentik/authentikApiClient.ts): `PATCH providers/scim/{id}/`,
 *   `PATCH` + `GET providers/saml/{id}/`;
 * - terraform-provider-authentik v2026.5.0 for the resources and data sources in vendor/authentik (read from its
 *   pkg/provider/*.go): flows (`GET flows/instances/?slug=&designation=`), certificate key pairs
 *   (`GET crypto/certificatekeypairs/?name=`, `…/{kp_uuid}/view_certificate/`, `…/view_private_key/`), groups
 *   (`GET core/groups/?name=&include_users=`, `GET core/groups/{uuid}/?include_users=`), SAML and SCIM property
 *   mappings (list with `managed`/`name`, create/read/update/delete), SAML and SCIM providers (CRUD, list by `name`),
 *   applications (CRUD by slug), policy bindings (CRUD), SAML metadata (`GET providers/saml/{id}/metadata/`);
 * - a read-only client such as the doctor: `core/users/` and `core/groups/` lists with paging and members,
 *   `providers/scim_users/` and `providers/scim_groups/` (authentik's SCIMProviderUser/Group: what AWS answered,
 *   with the `userName` it holds, filter `provider__id`, `user__id`, `user__username`), certificate key pairs with
 *   `cert_expiry` and the certificate PEM, SAML providers with `url_issuer` and `signing_kp`, property mappings
 *   with their expressions, `events/events/` (the Events SCIM mappings create with `ak_create_event`, filters
 *   `action` (icontains) and `actions`), `core/applications/{slug}/check_access/?for_user=` (the bindings as the
 *   sync's scope evaluates them).
 *
 * **Contract it is checked against:** `@goauthentik/api` 2026.5.6 (the npm package authentik publishes from its
 * OpenAPI schema): tests/standins-authentik.spec.ts walks every endpoint and checks every object with the model's
 * `instanceOfX`/`XFromJSON` and the whole response against the package's `schema.yml`; the writable fields and
 * their required ones equal the `…Request` schemas.
 *
 * **As authentik does:** Bearer token auth with authentik's answers (403, not 401: authentik's TokenAuthentication
 * has no authenticate header; `{"detail": "Authentication credentials were not provided."}` without a token,
 * `"Token invalid/expired"` with a wrong one); DRF's error bodies (`{"field": ["This field is required."]}`,
 * `Invalid pk "…" - object does not exist.`, `{"detail": "Invalid page."}`, `{"detail": "Not found."}`-like 404s);
 * authentik's paging (`page`, `page_size` default 100, `{pagination: {next, previous, count, current, total_pages,
 * start_index, end_index}, results, autocomplete}`, next/previous as page numbers, 0 for none); PUT requires the
 * required fields, PATCH does not; unknown fields are ignored; deletes cascade (bindings of an application, SCIM
 * user/group records of a provider). Private keys are never serialized except by `view_private_key`, which
 * authentik answers too.
 *
 * **Simulated SCIM sync** (authentik/lib/sync/outgoing, authentik/providers/scim): a SCIM provider's create or
 * save schedules a full sync after `syncDelayMs` (authentik's `send_on_save`), written to the Identity Store API at
 * `identityStore` (moto). Modelled:
 * - nothing happens until the provider is an application's backchannel provider (tasks.py);
 * - scope = the application's enabled policy bindings (group bindings include descendant groups, user bindings,
 *   `negate`, `policy_engine_mode`; an application with no binding is open to everyone; expression policies are not
 *   modelled and count as not passing), service accounts out when `exclude_users_service_account`;
 * - each user's SCIM body comes from the provider's SCIM user mappings run by the project's Python harness
 *   (scripts/authentik_eval.py: authentik's evaluator, merge order, SkipObject, pydantic SCIM schema, Django email
 *   validation, a StopSync aborting the rest of its `sync_page_size` page), or by an injected `mapper`;
 * - a 409 on create links the authentik user to the existing AWS user with that userName (users.py); unchanged
 *   users are not re-sent; changed users are sent with UpdateUser (moto 5.2.5 has no UpdateUser, so there the
 *   update fails and AWS keeps the old userName — as authentik's failing PUT on a userName collision);
 * - users skipped by a mapping keep their AWS user (stale users); users leaving scope are deleted in AWS;
 * - groups matching `group_filters` (empty: all) are created (displayName = the authentik name, as the managed
 *   group mapping; a 409 links by name) with their provisioned in-scope members; memberships are added, and
 *   **removed only outside compatibility mode `aws`** (authentik#23005, #25330: in `aws` mode a removal never reaches
 *   AWS); `dry_run` writes nothing;
 * - SCIMProviderUser/SCIMProviderGroup records hold what AWS holds (`attributes.userName`), readable by the API;
 * - Events a mapping creates (`ak_create_event`) are stored with authentik's `custom_` action prefix; an Event equal
 *   to a stored one is not stored again (standing in for the cache the component's mapping keys its skip Events by).
 * - `awsFault` simulates AWS SCIM answers per user: 429/503 are logged and skipped without retry (tasks.py), the
 *   user stays unprovisioned until the next full sync.
 * Not modelled: the 4-hourly schedule, per-object (signal) syncs, retries, group mappings other than the name,
 * AWS's 100-members-per-group-request limit (authentik#20410),
 * the SCIM HTTP protocol itself (the provider's `url` and `token` are stored, never called).
 */
import { listen, type Fault, type RecordedRequest, type ServerHooks } from "./server";
import { ScimSync, type AwsFault, type IdentityStoreTarget, type ScimSyncOptions, type SyncReport, type UserMapper } from "./scimSync";
import { Seeder, Store, type SeedUser } from "./store";

export {
    passesBindings,
    pythonMapper,
    recordEvent,
    usersInScope,
    type AwsFault,
    type IdentityStoreTarget,
    type MappedUser,
    type MappingEvent,
    type SyncReport,
    type UserMapper,
    type UserOutcome,
} from "./scimSync";
export { selfSignedCertificate, certificateFacts } from "./certificates";
export type { Fault, RecordedRequest } from "./server";
export type { SeedKeyPair, SeedUser, Store, Seeder } from "./store";
export { SCIM_DEFAULT_GROUP_EXPRESSION, SCIM_DEFAULT_USER_EXPRESSION } from "./store";
export { DEFAULT_PAGE_SIZE } from "./paging";
export { authentikContract, modelProblems } from "./contract";

export interface AuthentikStandinOptions {
    /** Port on 127.0.0.1; default 0 (a free one). */
    port?: number;
    /** The API token it accepts (default a fixed test token, {@link DEFAULT_TOKEN}). */
    token?: string;
    /** More tokens, each with the API path prefixes it may NOT use (e.g. `{ "read-only": ["providers/scim/"] }`). */
    restrictedTokens?: Record<string, string[]>;
    /** Where the simulated SCIM sync writes (moto); without it a sync records why it did nothing. */
    identityStore?: IdentityStoreTarget;
    /** Delay between a SCIM provider save and its sync, ms (default 200). */
    syncDelayMs?: number;
    /** Computes SCIM user bodies (default: the Python harness running the provider's mappings). */
    mapper?: UserMapper;
    /** Seed what a fresh authentik has (default flows, the self-signed certificate, managed SCIM mappings). Default true. */
    defaults?: boolean;
    /** Artificial latency per request, ms (default 0). */
    latencyMs?: number;
    /** Identity Store requests the sync makes at once (default 8). */
    syncConcurrency?: number;
    /**
     * Serve the control API under `/_standin/` (no auth; for a stand-in run in another process, e.g. by cli.ts):
     * `POST seed` with a {@link SeedFile} body, `POST sync/{pk}` (runs a full sync, answers its report),
     * `POST sync-idle`, `GET sync-reports`, `GET requests`. Default false.
     */
    control?: boolean;
    /**
     * Simulated AWS SCIM errors per user write (e.g. `(u) => (u.username === "bob" ? 429 : undefined)`); settable later via
     * `setAwsFault`.
     */
    awsFault?: AwsFault;
}

export const DEFAULT_TOKEN = "standin-authentik-api-token";

/** Seed data as JSON (for the control API and cli.ts `--seed FILE`); dates as ISO strings. */
export interface SeedFile {
    groups?: { name: string; parents?: string[] }[];
    users?: SeedUser[];
    keyPairs?: { name: string; notBefore?: string; notAfter?: string }[];
}

/** Applies a {@link SeedFile}; answers the created ids (user pks, group and key-pair uuids by name). */
export function applySeedFile(seed: Seeder, file: SeedFile) {
    const groups = Object.fromEntries((file.groups ?? []).map((g) => [g.name, seed.group(g.name, { parents: g.parents }).pk]));
    const users = Object.fromEntries((file.users ?? []).map((u) => [u.username, seed.user(u).pk]));
    const keyPairs = Object.fromEntries(
        (file.keyPairs ?? []).map((k) => [
            k.name,
            seed.keyPair({
                name: k.name,
                notBefore: k.notBefore ? new Date(k.notBefore) : undefined,
                notAfter: k.notAfter ? new Date(k.notAfter) : undefined,
            }).pk,
        ]),
    );
    return { groups, users, keyPairs };
}

export interface AuthentikStandin {
    /** Base URL, e.g. `http://127.0.0.1:41310` (the API is under `/api/v3/`). */
    url: string;
    port: number;
    token: string;
    /** The objects (read and change freely in tests). */
    store: Store;
    /** Seeding: users, groups, members, flows, key pairs, mappings. */
    seed: Seeder;
    /** Every request served, in order (method, path under /api/v3/, query, status). */
    requests: RecordedRequest[];
    /** Injected answers, consulted in order before the stand-in's own (push/splice freely). */
    faults: Fault[];
    /** Sync reports, in order. */
    syncReports: SyncReport[];
    /** Where the sync writes; settable (e.g. after a moto reset). */
    setIdentityStore(target: IdentityStoreTarget | undefined): void;
    /** Replaces the simulated AWS SCIM errors (undefined: none). */
    setAwsFault(fault: AwsFault | undefined): void;
    /** Runs a full sync of SCIM provider `pk` now and returns its report. */
    sync(pk: number): Promise<SyncReport>;
    /** Resolves once no sync is scheduled or running. */
    syncIdle(): Promise<void>;
    stop(): Promise<void>;
}

export async function startAuthentikStandin(options: AuthentikStandinOptions = {}): Promise<AuthentikStandin> {
    const store = new Store();
    const seed = new Seeder(store);
    if (options.defaults !== false) seed.defaults();
    const token = options.token ?? DEFAULT_TOKEN;
    const syncOptions: ScimSyncOptions = {
        delayMs: options.syncDelayMs,
        mapper: options.mapper,
        concurrency: options.syncConcurrency,
        awsFault: options.awsFault,
    };
    const sync = new ScimSync(store, syncOptions);
    sync.target = options.identityStore;
    const hooks: ServerHooks = {
        store,
        tokens: new Map([[token, []], ...Object.entries(options.restrictedTokens ?? {})]),
        onScimProviderSaved: (pk) => sync.schedule(pk),
        onScimProviderDeleted: (pk) => sync.cancel(pk),
        faults: [],
        requests: [],
        latencyMs: options.latencyMs ?? 0,
    };
    if (options.control) {
        hooks.control = async (method, controlPath, body) => {
            if (method === "POST" && controlPath === "seed")
                return { status: 200, body: applySeedFile(seed, JSON.parse(body || "{}") as SeedFile) };
            if (method === "POST" && /^sync\/\d+$/.test(controlPath))
                return { status: 200, body: await sync.run(Number(controlPath.split("/")[1])) };
            if (method === "POST" && controlPath === "sync-idle")
                return { status: 200, body: await sync.idle().then(() => ({ idle: true })) };
            if (method === "GET" && controlPath === "sync-reports") return { status: 200, body: sync.reports };
            if (method === "GET" && controlPath === "requests") return { status: 200, body: hooks.requests };
            return { status: 404, body: { detail: `no control endpoint ${method} /_standin/${controlPath}` } };
        };
    }
    const listening = await listen(hooks, options.port ?? 0);
    return {
        url: listening.url,
        port: listening.port,
        token,
        store,
        seed,
        requests: hooks.requests,
        faults: hooks.faults,
        syncReports: sync.reports,
        setIdentityStore: (target) => (sync.target = target),
        setAwsFault: (fault) => (sync.awsFault = fault),
        sync: (pk) => sync.run(pk),
        syncIdle: () => sync.idle(),
        async stop() {
            sync.cancelAll();
            await sync.idle();
            listening.server.closeAllConnections();
            await new Promise<void>((r) => listening.server.close(() => r()));
        },
    };
}
