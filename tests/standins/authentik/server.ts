/**
 * The HTTP side of the authentik stand-in: `/api/v3/…` on node:http, authentik's authentication, errors, paging,
 * filters and the CRUD of the writable objects (kinds.ts). See index.ts for what it replaces.
 */
import { randomUUID } from "node:crypto";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import { KINDS, refExists, type Kind } from "./kinds";
import { InvalidPage, paginate } from "./paging";
import { passesBindings } from "./scimSync";
import * as ser from "./serializers";
import type { Json, ObjectRec, Store } from "./store";

/** A request as the stand-in saw it (for call counting in tests). */
export interface RecordedRequest {
    method: string;
    path: string;
    query: string;
    status: number;
    /** When it arrived (ms since the epoch). */
    at: number;
}

/** An injected answer: return one to replace the stand-in's own (e.g. a 503 for one path). */
export type Fault = (req: { method: string; path: string; query: URLSearchParams }) => { status: number; body?: unknown } | undefined;

export interface ServerHooks {
    store: Store;
    /** token → paths (prefixes under /api/v3/, e.g. `providers/scim/`) it may NOT use; `[]` = full access. */
    tokens: Map<string, string[]>;
    /** Called after a SCIM provider is created or saved (authentik's send_on_save full sync). */
    onScimProviderSaved(pk: number): void;
    /** Called before a SCIM provider is deleted. */
    onScimProviderDeleted(pk: number): void;
    faults: Fault[];
    requests: RecordedRequest[];
    /** Artificial latency per request, ms. */
    latencyMs: number;
    /** Answers `/_standin/<path>` (the test-only control API, see index.ts), when enabled. */
    control?: (method: string, path: string, body: string) => Promise<{ status: number; body?: unknown }>;
}

class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly body: unknown,
    ) {
        super(`HTTP ${status}`);
    }
}

const notFound = () => new HttpError(404, { detail: "No object matches the given query." });

/** authentik's TokenAuthentication (authentik/api/authentication.py) behind DRF: no `authenticate_header`, so 403, not 401. */
function authenticate(hooks: ServerHooks, header: string | undefined, apiPath: string): void {
    const raw = (header ?? "").trim();
    if (raw === "" || !raw.includes(" ")) throw new HttpError(403, { detail: "Authentication credentials were not provided." });
    const [type, ...rest] = raw.split(" ");
    const credentials = rest.join(" ");
    if (type.toLowerCase() !== "bearer") throw new HttpError(403, { detail: "Unsupported authentication type" });
    if (credentials === "") throw new HttpError(403, { detail: "Malformed header" });
    const denied = hooks.tokens.get(credentials);
    if (denied === undefined) throw new HttpError(403, { detail: "Token invalid/expired" });
    if (denied.some((prefix) => apiPath.startsWith(prefix)))
        throw new HttpError(403, { detail: "You do not have permission to perform this action." });
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        let body = "";
        req.setEncoding("utf8");
        req.on("data", (c: string) => (body += c));
        req.on("end", () => resolve(body));
        req.on("error", reject);
    });
}

function parseJson(text: string): Json {
    if (text.trim() === "") return {};
    try {
        const v = JSON.parse(text);
        if (v && typeof v === "object" && !Array.isArray(v)) return v as Json;
    } catch (e) {
        throw new HttpError(400, { detail: `JSON parse error - ${(e as Error).message}` });
    }
    throw new HttpError(400, { non_field_errors: ["Invalid data. Expected a dictionary, but got list."] });
}

/** Sorts by one field (`-field` descending), DRF OrderingFilter-like; ties keep insertion order. */
function order<T extends Json>(items: T[], ordering: string): T[] {
    const desc = ordering.startsWith("-");
    const field = desc ? ordering.slice(1) : ordering;
    if (field === "") return items;
    return [...items].sort((a, b) => {
        const x = a[field] as string | number;
        const y = b[field] as string | number;
        const c = x === y ? 0 : x === null || x === undefined ? -1 : y === null || y === undefined ? 1 : x < y ? -1 : 1;
        return desc ? -c : c;
    });
}

function searchMatches(rec: Json, fields: string[], term: string | null): boolean {
    if (!term) return true;
    const t = term.toLowerCase();
    return fields.some((f) =>
        String(rec[f] ?? "")
            .toLowerCase()
            .includes(t),
    );
}

function sameValue(value: unknown, param: string): boolean {
    if (typeof value === "boolean") return String(value) === param.toLowerCase();
    return String(value ?? "") === param;
}

/** Filters, search, ordering and paging of a list endpoint. */
function list<T extends Json>(
    records: T[],
    query: URLSearchParams,
    opts: { filters?: string[]; multi?: string[]; search?: string[]; ordering: string; custom?: (r: T) => boolean },
) {
    let items = records.filter((r) => {
        for (const f of opts.filters ?? []) {
            const v = query.get(f);
            if (v !== null && !sameValue(r[f], v)) return false;
        }
        for (const f of opts.multi ?? []) {
            const vs = query.getAll(f);
            const field = f === "target_in" ? "target" : f;
            if (vs.length > 0) {
                const value = r[field];
                const held = Array.isArray(value) ? value.map(String) : [String(value ?? "")];
                if (!vs.some((v) => held.includes(v))) return false;
            }
        }
        if (query.has("managed__isnull") && (r.managed === null) !== sameValue(true, query.get("managed__isnull")!)) return false;
        if (!searchMatches(r, opts.search ?? [], query.get("search"))) return false;
        return opts.custom ? opts.custom(r) : true;
    });
    items = order(items, query.get("ordering") ?? opts.ordering);
    try {
        return paginate(items, query);
    } catch (e) {
        if (e instanceof InvalidPage) throw new HttpError(404, { detail: "Invalid page." });
        throw e;
    }
}

/** Validates and stores the writable fields of `kind` (DRF: required on create and PUT, not on PATCH). */
function write(store: Store, kind: Kind, existing: ObjectRec | undefined, body: Json, partial: boolean): ObjectRec {
    const errors: Record<string, string[]> = {};
    const next: Json = existing ? { ...existing } : {};
    for (const [field, fallback] of Object.entries(kind.fields)) {
        if (Object.hasOwn(body, field)) {
            next[field] = body[field];
        } else if (!partial && !existing) {
            if (fallback === undefined) errors[field] = ["This field is required."];
            else next[field] = structuredClone(fallback);
        } else if (!partial && existing && fallback === undefined) {
            errors[field] = ["This field is required."];
        }
    }
    for (const [field, ref] of Object.entries(kind.refs)) {
        if (!Object.hasOwn(body, field)) continue;
        const many = ref.endsWith("[]");
        const type = ref.replace("[]", "") as Parameters<typeof refExists>[1];
        const value = body[field];
        if (many) {
            if (!Array.isArray(value)) {
                errors[field] = [`Expected a list of items but got type "${typeof value}".`];
                continue;
            }
            const bad = value.find((v) => !refExists(store, type, v));
            if (bad !== undefined) errors[field] = [`Invalid pk "${String(bad)}" - object does not exist.`];
        } else if (value !== null && !refExists(store, type, value)) {
            errors[field] = [`Invalid pk "${String(value)}" - object does not exist.`];
        } else if (value === null && kind.fields[field] === undefined) {
            errors[field] = ["This field may not be null."];
        }
    }
    for (const [field, allowed] of Object.entries(kind.choices ?? {})) {
        if (Object.hasOwn(body, field) && !allowed.includes(body[field] as string))
            errors[field] = [`"${String(body[field])}" is not a valid choice.`];
    }
    for (const { field, blank } of kind.urls ?? []) {
        if (!Object.hasOwn(body, field)) continue;
        const v = body[field];
        if (blank && v === "") continue;
        let ok: boolean;
        try {
            ok = typeof v === "string" && /^https?:$/.test(new URL(v).protocol);
        } catch {
            ok = false;
        }
        if (!ok) errors[field] = [v === "" ? "This field may not be blank." : "Enter a valid URL."];
    }
    for (const { field, subject } of kind.unique) {
        const v = next[field];
        if (v === null || v === undefined) continue;
        const clash = [
            ...kind.map(store).values(),
            ...(kind.pk === "provider" ? [...store.samlProviders.values(), ...store.scimProviders.values()] : []),
        ].find((r) => r[field] === v && r.pk !== existing?.pk);
        if (clash) errors[field] = [`${subject} with this ${field} already exists.`];
    }
    if (Object.keys(errors).length > 0) throw new HttpError(400, errors);
    if (!existing) next.pk = kind.pk === "uuid" ? randomUUID() : store.nextProviderPk();
    const rec = next as ObjectRec;
    const map = kind.map(store);
    if (existing && kind.lookup === "slug" && existing.slug !== rec.slug) map.delete(existing.slug as string);
    map.set((kind.lookup === "slug" ? rec.slug : rec.pk) as string | number, rec);
    return rec;
}

function serialize(ctx: ser.Ctx, kindName: string, rec: ObjectRec): Json {
    switch (kindName) {
        case "samlMapping":
            return ser.samlMapping(rec);
        case "scimMapping":
            return ser.scimMapping(rec);
        case "samlProvider":
            return ser.samlProvider(ctx, rec);
        case "scimProvider":
            return ser.scimProvider(ctx, rec);
        case "application":
            return ser.application(ctx, rec);
        default:
            return ser.binding(ctx, rec);
    }
}

/** What deleting an object takes with it (authentik's on_delete CASCADE / m2m removal). */
function cascade(store: Store, kindName: string, rec: ObjectRec): void {
    if (kindName === "application") for (const [k, b] of store.bindings) if (b.target === rec.pk) store.bindings.delete(k);
    if (kindName === "scimProvider") {
        for (const [k, r] of store.scimUsers) if (r.provider === rec.pk) store.scimUsers.delete(k);
        for (const [k, r] of store.scimGroups) if (r.provider === rec.pk) store.scimGroups.delete(k);
    }
    if (kindName === "samlProvider" || kindName === "scimProvider") {
        for (const a of store.applications.values()) {
            if (a.provider === rec.pk) a.provider = null;
            a.backchannel_providers = (a.backchannel_providers as number[]).filter((p) => p !== rec.pk);
        }
    }
    if (kindName === "samlMapping" || kindName === "scimMapping") {
        for (const p of [...store.samlProviders.values(), ...store.scimProviders.values()]) {
            for (const f of ["property_mappings", "property_mappings_group"])
                if (Array.isArray(p[f])) p[f] = (p[f] as string[]).filter((m) => m !== rec.pk);
            for (const f of ["name_id_mapping", "authn_context_class_ref_mapping"]) if (p[f] === rec.pk) p[f] = null;
        }
    }
}

async function route(
    hooks: ServerHooks,
    ctx: ser.Ctx,
    method: string,
    apiPath: string,
    query: URLSearchParams,
    bodyText: string,
): Promise<{ status: number; body?: unknown }> {
    const store = hooks.store;
    const seg = apiPath.split("/").filter(Boolean);
    const one = <T>(v: T | undefined): T => {
        if (v === undefined) throw notFound();
        return v;
    };
    const only = (...allowed: string[]) => {
        if (!allowed.includes(method)) throw new HttpError(405, { detail: `Method "${method}" not allowed.` });
    };

    if (apiPath === "root/config/") {
        only("GET");
        // terraform-provider-authentik reads it at configure time and starts Sentry when error reporting is on: off.
        return {
            status: 200,
            body: {
                error_reporting: { enabled: false, sentry_dsn: "", environment: "", send_pii: false, traces_sample_rate: 0 },
                capabilities: [],
                cache_timeout: 300,
                cache_timeout_flows: 300,
                cache_timeout_policies: 300,
            },
        };
    }

    // Read-only objects: what an admin or a blueprint creates (seeded by tests).
    if (apiPath === "core/users/") {
        only("GET");
        const groupsByName = query.getAll("groups_by_name");
        const groupsByPk = query.getAll("groups_by_pk");
        const types = query.getAll("type");
        const page = list([...store.users.values()] as unknown as Json[], query, {
            filters: ["username", "email", "is_active", "uuid", "path", "name"],
            search: ["username", "name", "email"],
            ordering: "pk",
            custom: (u) => {
                const memberOf = ser.groupsOfUser(ctx, u.pk as number);
                if (groupsByName.length && !memberOf.some((g) => groupsByName.includes(g.name))) return false;
                if (groupsByPk.length && !memberOf.some((g) => groupsByPk.includes(g.pk))) return false;
                if (types.length && !types.includes(u.type as string)) return false;
                return true;
            },
        });
        return { status: 200, body: { ...page, results: page.results.map((u) => ser.user(ctx, u as never, query)) } };
    }
    if (seg[0] === "core" && seg[1] === "users" && seg.length === 3) {
        only("GET");
        return { status: 200, body: ser.user(ctx, one(store.users.get(Number(seg[2]))), query) };
    }
    if (apiPath === "core/groups/") {
        only("GET");
        const byPk = query.getAll("members_by_pk").map(Number);
        const byUsername = query.getAll("members_by_username");
        const page = list([...store.groups.values()] as unknown as Json[], query, {
            filters: ["name", "is_superuser"],
            search: ["name"],
            ordering: "name",
            custom: (g) => {
                const members = g.users as number[];
                if (byPk.length && !members.some((m) => byPk.includes(m))) return false;
                if (byUsername.length && !members.some((m) => byUsername.includes(store.users.get(m)?.username ?? ""))) return false;
                return true;
            },
        });
        return { status: 200, body: { ...page, results: page.results.map((g) => ser.group(ctx, g as never, query)) } };
    }
    if (seg[0] === "core" && seg[1] === "groups" && seg.length === 3) {
        only("GET");
        return { status: 200, body: ser.group(ctx, one(store.groups.get(seg[2])), query) };
    }
    if (apiPath === "flows/instances/") {
        only("GET");
        const page = list([...store.flows.values()], query, {
            filters: ["slug", "designation", "name"],
            search: ["slug", "name", "title"],
            ordering: "slug",
        });
        return { status: 200, body: { ...page, results: page.results.map(ser.flow) } };
    }
    if (seg[0] === "flows" && seg[1] === "instances" && seg.length === 3) {
        only("GET");
        return { status: 200, body: ser.flow(one([...store.flows.values()].find((f) => f.slug === seg[2]))) };
    }
    if (apiPath === "crypto/certificatekeypairs/") {
        only("GET");
        const keyTypes = query.getAll("key_type");
        const page = list([...store.keyPairs.values()] as unknown as Json[], query, {
            filters: ["name", "managed"],
            search: ["name"],
            ordering: "name",
            custom: (k) => {
                if (query.has("has_key") && (k.key_data !== "") !== ser.flag(query, "has_key", false)) return false;
                return keyTypes.length === 0 || keyTypes.includes(ser.keyPair(k as never).key_type as string);
            },
        });
        return { status: 200, body: { ...page, results: page.results.map((k) => ser.keyPair(k as never)) } };
    }
    if (seg[0] === "crypto" && seg[1] === "certificatekeypairs" && seg.length >= 3) {
        only("GET");
        const kp = one(store.keyPairs.get(seg[2]));
        if (seg.length === 3) return { status: 200, body: ser.keyPair(kp) };
        // authentik/crypto/api.py view_certificate / view_private_key: {"data": PEM}; both are audited in authentik.
        if (seg[3] === "view_certificate" && seg.length === 4) return { status: 200, body: { data: kp.certificate_data } };
        if (seg[3] === "view_private_key" && seg.length === 4) return { status: 200, body: { data: kp.key_data } };
        throw notFound();
    }
    if (apiPath === "providers/scim_users/") {
        only("GET");
        const page = list([...store.scimUsers.values()] as unknown as Json[], query, {
            ordering: "",
            search: ["scim_id"],
            custom: (r) =>
                (!query.has("provider__id") || String(r.provider) === query.get("provider__id")) &&
                (!query.has("user__id") || String(r.user) === query.get("user__id")) &&
                (!query.has("user__username") || store.users.get(r.user as number)?.username === query.get("user__username")),
        });
        return { status: 200, body: { ...page, results: page.results.map((r) => ser.scimUser(ctx, r as never)) } };
    }
    if (seg[0] === "providers" && seg[1] === "scim_users" && seg.length === 3) {
        only("GET");
        return { status: 200, body: ser.scimUser(ctx, one(store.scimUsers.get(seg[2]))) };
    }
    if (apiPath === "providers/scim_groups/") {
        only("GET");
        const page = list([...store.scimGroups.values()] as unknown as Json[], query, {
            ordering: "",
            search: ["scim_id"],
            custom: (r) =>
                (!query.has("provider__id") || String(r.provider) === query.get("provider__id")) &&
                (!query.has("group__group_uuid") || r.group === query.get("group__group_uuid")) &&
                (!query.has("group__name") || store.groups.get(r.group as string)?.name === query.get("group__name")),
        });
        return { status: 200, body: { ...page, results: page.results.map((r) => ser.scimGroup(ctx, r as never)) } };
    }
    if (seg[0] === "providers" && seg[1] === "scim_groups" && seg.length === 3) {
        only("GET");
        return { status: 200, body: ser.scimGroup(ctx, one(store.scimGroups.get(seg[2]))) };
    }
    if (apiPath === "events/events/") {
        only("GET");
        const actions = query.getAll("actions");
        const page = list([...store.events.values()] as unknown as Json[], query, {
            search: ["action", "app"],
            ordering: "-created",
            // authentik/events/api/events.py EventsFilter: `action` is icontains, `actions` exact.
            custom: (e) =>
                (!query.has("action") || String(e.action).toLowerCase().includes(query.get("action")!.toLowerCase())) &&
                (actions.length === 0 || actions.includes(e.action as string)),
        });
        return { status: 200, body: { ...page, results: page.results.map((e) => ser.event(e as never)) } };
    }
    if (seg[0] === "events" && seg[1] === "events" && seg.length === 3) {
        only("GET");
        return { status: 200, body: ser.event(one(store.events.get(seg[2]))) };
    }
    if (seg[0] === "providers" && seg[1] === "saml" && seg[3] === "metadata" && seg.length === 4) {
        only("GET");
        const p = one(store.samlProviders.get(Number(seg[2])));
        return {
            status: 200,
            body: {
                metadata: ser.samlMetadataXml(ctx, p),
                download_url:
                    `${ctx.baseUrl}/application/saml/` +
                    `${(store.applicationOf(p.pk as number)?.slug as string) ?? "-"}/metadata/?download`,
            },
        };
    }

    // Writable objects.
    for (const [kindName, kind] of Object.entries(KINDS)) {
        if (!apiPath.startsWith(kind.path)) continue;
        const rest = apiPath.slice(kind.path.length).split("/").filter(Boolean);
        const map = kind.map(store);
        if (rest.length === 0) {
            only("GET", "POST");
            if (method === "GET") {
                const page = list([...map.values()], query, {
                    filters: kind.filters,
                    multi: kind.multi,
                    search: kind.search,
                    ordering: kind.ordering,
                });
                return { status: 200, body: { ...page, results: page.results.map((r) => serialize(ctx, kindName, r)) } };
            }
            const rec = write(store, kind, undefined, parseJson(bodyText), false);
            if (kindName === "scimProvider") hooks.onScimProviderSaved(rec.pk as number);
            return { status: 201, body: serialize(ctx, kindName, rec) };
        }
        if (kindName === "application" && rest.length === 2 && rest[1] === "check_access") {
            only("GET");
            // authentik/core/api/applications.py check_access: the policy engine for `for_user` (the token's user is
            // taken as a superuser, who may ask for anyone).
            const app = one(map.get(rest[0]));
            const user = one(store.users.get(Number(query.get("for_user"))));
            return { status: 200, body: { passing: passesBindings(store, app, user), messages: [], log_messages: [] } };
        }
        if (rest.length !== 1) throw notFound();
        only("GET", "PUT", "PATCH", "DELETE");
        const key = kind.pk === "provider" ? Number(rest[0]) : rest[0];
        const existing = one(map.get(key));
        if (method === "GET") return { status: 200, body: serialize(ctx, kindName, existing) };
        if (method === "DELETE") {
            if (kindName === "scimProvider") hooks.onScimProviderDeleted(existing.pk as number);
            cascade(store, kindName, existing);
            map.delete(key);
            return { status: 204 };
        }
        const rec = write(store, kind, existing, parseJson(bodyText), method === "PATCH");
        if (kindName === "scimProvider") hooks.onScimProviderSaved(rec.pk as number);
        return { status: 200, body: serialize(ctx, kindName, rec) };
    }
    throw notFound();
}

export interface Listening {
    server: http.Server;
    port: number;
    url: string;
}

export async function listen(hooks: ServerHooks, port: number, host = "127.0.0.1"): Promise<Listening> {
    let baseUrl = "";
    const server = http.createServer((req, res) => {
        void (async () => {
            const at = Date.now();
            const url = new URL(req.url ?? "/", baseUrl);
            const bodyText = await readBody(req);
            let status: number;
            let body: unknown;
            if (hooks.control && url.pathname.startsWith("/_standin/")) {
                const answer = await hooks
                    .control(req.method ?? "GET", url.pathname.slice("/_standin/".length), bodyText)
                    .catch((e: Error) => ({ status: 400, body: { detail: e.message } }));
                const text = answer.body === undefined ? "" : JSON.stringify(answer.body);
                res.writeHead(answer.status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) });
                res.end(text);
                return;
            }
            const apiPath = url.pathname.startsWith("/api/v3/") ? url.pathname.slice("/api/v3/".length) : undefined;
            if (apiPath !== undefined && !apiPath.endsWith("/") && apiPath !== "") {
                // Django's CommonMiddleware (APPEND_SLASH): a redirect to the path with a slash.
                res.writeHead(301, { Location: `${url.pathname}/${url.search}`, "Content-Length": 0 });
                res.end();
                hooks.requests.push({ method: req.method ?? "GET", path: apiPath, query: url.search, status: 301, at });
                return;
            }
            try {
                if (hooks.latencyMs > 0) await new Promise((r) => setTimeout(r, hooks.latencyMs));
                if (apiPath === undefined) throw notFound();
                // authentik/api/v3/config.py ConfigView is AllowAny: no token is fine, a wrong one still fails authentication.
                if (!(apiPath === "root/config/" && !req.headers.authorization)) authenticate(hooks, req.headers.authorization, apiPath);
                const fault = hooks.faults
                    .map((f) => f({ method: req.method ?? "GET", path: apiPath, query: url.searchParams }))
                    .find((x) => x !== undefined);
                const answer =
                    fault ??
                    (await route(hooks, { store: hooks.store, baseUrl }, req.method ?? "GET", apiPath, url.searchParams, bodyText));
                status = answer.status;
                body = answer.body;
            } catch (e) {
                if (e instanceof HttpError) {
                    status = e.status;
                    body = e.body;
                } else {
                    status = 500;
                    body = { detail: `stand-in error: ${(e as Error).message}` };
                }
            }
            hooks.requests.push({ method: req.method ?? "GET", path: apiPath ?? url.pathname, query: url.search, status, at });
            const text = body === undefined ? "" : JSON.stringify(body);
            res.writeHead(
                status,
                body === undefined ? {} : { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) },
            );
            res.end(text);
        })();
    });
    await new Promise<void>((resolve, reject) => {
        server.once("error", reject);
        server.listen(port, host, () => resolve());
    });
    const actual = (server.address() as AddressInfo).port;
    baseUrl = `http://${host}:${actual}`;
    return { server, port: actual, url: baseUrl };
}
