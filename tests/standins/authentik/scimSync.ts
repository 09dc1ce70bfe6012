/**
 * The stand-in's simulated SCIM sync: what authentik's outgoing sync (authentik/lib/sync/outgoing/tasks.py with
 * authentik/providers/scim/clients/users.py and groups.py) does on a full sync of one SCIM provider, written to an
 * Identity Store through the Identity Store API (`@aws-sdk/client-identitystore`, moto in tests) instead of AWS's SCIM
 * endpoint. Which behaviours are modelled is listed in index.ts.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import {
    ConflictException,
    CreateGroupCommand,
    CreateGroupMembershipCommand,
    CreateUserCommand,
    DeleteGroupMembershipCommand,
    DeleteUserCommand,
    DescribeUserCommand,
    GetGroupIdCommand,
    GetUserIdCommand,
    IdentitystoreClient,
    ListGroupMembershipsCommand,
    UpdateUserCommand,
    type CreateUserCommandInput,
    type DescribeUserCommandOutput,
} from "@aws-sdk/client-identitystore";
import { randomUUID } from "node:crypto";
import { harnessPython } from "../../../scripts/pythonEnv";
import * as ser from "./serializers";
import type { GroupRec, Json, ObjectRec, ScimUserRec, Store, UserRec } from "./store";

/** Where the sync writes: an Identity Store API endpoint (moto) and the store id. */
export interface IdentityStoreTarget {
    endpoint: string;
    identityStoreId: string;
    /** Default us-east-1. */
    region?: string;
    /** Default dummy credentials (moto accepts any). */
    credentials?: { accessKeyId: string; secretAccessKey: string };
}

/** One user's mapped SCIM body, or why there is none (authentik's SkipObject / StopSync). */
export interface MappedUser {
    pk: number;
    /** The SCIM body authentik would send (after schema validation), when the user is sent. */
    body?: Json;
    /** SkipObject raised by a mapping: the user is not sent, the sync goes on. */
    skipped?: string;
    /** StopSync (mapping error, invalid body): the rest of this user's sync page is not synced. */
    error?: string;
    /** Not reached: an earlier user stopped the page. */
    notSynced?: string;
}

/** An Event a mapping created with `ak_create_event(action, **kwargs)`. */
export interface MappingEvent {
    /** As the mapping passed it (authentik stores it with the `custom_` prefix, authentik/events/models.py Event.new). */
    action: string;
    /** The mapping's name (the evaluator's filename). */
    app: string;
    context: Json;
}

/**
 * Computes the SCIM bodies of the in-scope users (in pk order) for a provider; may also return the Events the mappings
 * created.
 */
export type UserMapper = (input: {
    users: Json[];
    provider: Json;
    mappings: { name: string; expression: string }[];
    pageSize: number;
}) => Promise<MappedUser[] | { users: MappedUser[]; events?: MappingEvent[] }>;

/**
 * The default mapper: the provider's SCIM user mappings run as authentik runs them, by the project's Python harness
 * (scripts/authentik_eval.py: authentik's evaluator wrapping, name-ordered deep merge, SkipObject, the pydantic
 * SCIM schema and Django's validate_email, page aborts on StopSync).
 */
export const pythonMapper: UserMapper = async ({ users, provider, mappings, pageSize }) => {
    const payload = {
        nameIdExpression: "return None",
        scimUserMappings: mappings,
        users,
        provider: { scim: { pk: provider.pk, name: provider.name, compatibility_mode: provider.compatibility_mode } },
        pageSize,
        excludeServiceAccounts: false, // scope is already applied
    };
    const script = path.join(__dirname, "..", "..", "..", "scripts", "authentik_eval.py");
    const out = await new Promise<string>((resolve, reject) => {
        const child = spawn(harnessPython(), [script], { stdio: ["pipe", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (c: string) => (stdout += c));
        child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
        child.on("error", reject);
        child.on("close", (code) =>
            code === 0 || code === 2 ? resolve(stdout) : reject(new Error(`authentik_eval.py exited ${code}: ${stderr.slice(-2000)}`)),
        );
        child.stdin.end(JSON.stringify(payload));
    });
    const parsed = JSON.parse(out) as { compileError?: string; results?: Json[]; events?: Json[] };
    if (parsed.compileError) return users.map((u) => ({ pk: u.pk as number, error: `StopSync: ${parsed.compileError}` }));
    const events = (parsed.events ?? []).map(({ action, app, ...context }) => ({ action: String(action), app: String(app), context }));
    const mapped = (parsed.results ?? []).map((r): MappedUser => {
        const detail = String(r.syncDetail ?? "");
        if (r.skipped) return { pk: r.pk as number, skipped: String(r.reason ?? "") };
        if (r.error) return { pk: r.pk as number, error: String(r.error) };
        if (detail.startsWith("not synced")) return { pk: r.pk as number, notSynced: detail };
        return { pk: r.pk as number, body: r.scimBody as Json };
    });
    return { users: mapped, events };
};

export interface UserOutcome {
    pk: number;
    username: string;
    outcome:
        | "created"
        | "linked"
        | "updated"
        | "unchanged"
        | "update-failed"
        | "rejected"
        | "throttled"
        | "skipped"
        | "failed"
        | "not-synced"
        | "dry-run"
        | "deprovisioned";
    /** The userName AWS holds for the user after the sync, when linked. */
    awsUserName?: string;
    detail?: string;
}

export interface SyncReport {
    provider: number;
    startedAt: string;
    finishedAt: string;
    /** Why nothing happened, when nothing did (no application, no identity store). */
    skippedBecause?: string;
    users: UserOutcome[];
    groups: { pk: string; name: string; outcome: "created" | "linked" | "existing" | "failed"; detail?: string }[];
    memberships: { added: number; removed: number; /** Removals NOT sent (compatibility mode `aws`). */ keptStale: number };
}

export interface ScimSyncOptions {
    /** Delay between the save and the sync, ms (authentik queues the task; default 200). */
    delayMs?: number;
    mapper?: UserMapper;
    /** Identity Store requests in flight at once (default 8). */
    concurrency?: number;
    /** An HTTP status AWS's SCIM endpoint answers for this user's write instead (e.g. 429), or undefined. */
    awsFault?: AwsFault;
}

/**
 * A simulated AWS SCIM answer for one user write. 429/503 are transient (tasks.py: a full sync logs them and moves on,
 * no retry); any other 4xx/5xx is a rejection; either way the user is not written.
 */
export type AwsFault = (user: { pk: number; username: string; userName: string }) => number | undefined;

/**
 * Whether `user` passes the application's enabled policy bindings (authentik/policies/engine.py, as far as modelled):
 * group bindings match members of the group and of its descendants (User.all_groups()), user bindings that user,
 * `negate` inverts, `policy_engine_mode` any/all; an application without bindings is open to everyone
 * (authentik/core/apps.py); expression policies are not modelled and count as not passing (fail closed).
 */
export function passesBindings(store: Store, app: ObjectRec, user: UserRec, ctx: ser.Ctx = { store, baseUrl: "" }): boolean {
    const bindings = [...store.bindings.values()].filter((b) => b.target === app.pk && b.enabled !== false);
    if (bindings.length === 0) return true;
    const ancestorsOf = (g: GroupRec, seen = new Set<string>()): string[] => {
        if (seen.has(g.pk)) return [];
        seen.add(g.pk);
        return [g.pk, ...g.parents.flatMap((p) => (store.groups.has(p) ? ancestorsOf(store.groups.get(p)!, seen) : []))];
    };
    const all = new Set(ser.groupsOfUser(ctx, user.pk).flatMap((g) => ancestorsOf(g)));
    const passes = (b: ObjectRec): boolean => {
        const result = b.group ? all.has(b.group as string) : b.user !== null && b.user !== undefined ? b.user === user.pk : false;
        return b.negate ? !result : result;
    };
    return app.policy_engine_mode === "all" ? bindings.every(passes) : bindings.some(passes);
}

/** In-scope users of an application for its SCIM provider (authentik/providers/scim/models.py), in pk order. */
export function usersInScope(store: Store, app: ObjectRec, excludeServiceAccounts: boolean): UserRec[] {
    const ctx = { store, baseUrl: "" };
    return [...store.users.values()]
        .filter((u) => !(excludeServiceAccounts && (u.type === "service_account" || u.type === "internal_service_account")))
        .filter((u) => passesBindings(store, app, u, ctx))
        .sort((a, b) => a.pk - b.pk);
}

/** The Identity Store API input for a SCIM user body (the attributes AWS's SCIM endpoint maps to the same user). */
function createUserInput(identityStoreId: string, body: Json): CreateUserCommandInput {
    const name = (body.name ?? {}) as Json;
    const emails = Array.isArray(body.emails) ? (body.emails as Json[]) : [];
    return {
        IdentityStoreId: identityStoreId,
        UserName: body.userName as string,
        DisplayName: body.displayName as string | undefined,
        Name: {
            Formatted: name.formatted as string | undefined,
            GivenName: name.givenName as string | undefined,
            FamilyName: name.familyName as string | undefined,
        },
        Emails: emails.map((e) => ({
            Value: e.value as string,
            Type: e.type as string | undefined,
            Primary: e.primary as boolean | undefined,
        })),
        ...(typeof body.title === "string" ? { Title: body.title } : {}),
        ...(typeof body.locale === "string" ? { Locale: body.locale } : {}),
        ...(typeof body.preferredLanguage === "string" ? { PreferredLanguage: body.preferredLanguage } : {}),
        ...(typeof body.timezone === "string" ? { Timezone: body.timezone } : {}),
    };
}

/** What AWS's SCIM endpoint answers for a user (stored by authentik as SCIMProviderUser.attributes). */
function scimUserResponse(d: DescribeUserCommandOutput, externalId: unknown, active: unknown): Json {
    return {
        id: d.UserId,
        externalId: externalId ?? null,
        meta: { resourceType: "User" },
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: d.UserName,
        name: { formatted: d.Name?.Formatted, familyName: d.Name?.FamilyName, givenName: d.Name?.GivenName },
        displayName: d.DisplayName,
        active: active !== false,
        emails: (d.Emails ?? []).map((e) => ({ value: e.Value, type: e.Type, primary: e.Primary })),
    };
}

/** The part of a body that decides whether authentik re-sends the user (users.py compares with what it stored). */
function essentials(j: Json): string {
    const name = (j.name ?? {}) as Json;
    const emails = (Array.isArray(j.emails) ? (j.emails as Json[]) : []).map((e) => [e.value, e.type ?? null, e.primary ?? null]);
    return JSON.stringify([j.userName, j.displayName, name.givenName, name.familyName, j.active !== false, emails]);
}

/**
 * Stores a mapping's Event as authentik does (action prefixed `custom_`, context = the keyword arguments). The
 * harness runs every sync in a fresh process, so authentik's cache that the component's mapping uses to record a
 * skip once per reason is emulated here: an Event equal to a stored one (action and context) is not stored again.
 */
export function recordEvent(store: Store, e: MappingEvent): void {
    const action = `custom_${e.action}`;
    const context = JSON.stringify(e.context);
    if ([...store.events.values()].some((x) => x.action === action && JSON.stringify(x.context) === context)) return;
    const created = new Date();
    const pk = randomUUID();
    store.events.set(pk, {
        pk,
        action,
        app: e.app,
        context: e.context,
        created: created.toISOString(),
        expires: new Date(created.getTime() + 365 * 86400000).toISOString(),
    });
}

/** Runs `fn` over `items` with at most `limit` at once. */
async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
    let next = 0;
    const worker = async () => {
        while (next < items.length) await fn(items[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export class ScimSync {
    readonly reports: SyncReport[] = [];
    target?: IdentityStoreTarget;
    private timers = new Map<number, NodeJS.Timeout>();
    private running = new Map<number, Promise<SyncReport>>();
    private idleWaiters: (() => void)[] = [];
    private readonly delayMs: number;
    private readonly mapper: UserMapper;
    private readonly concurrency: number;
    awsFault?: AwsFault;

    constructor(
        private readonly store: Store,
        options: ScimSyncOptions = {},
    ) {
        this.delayMs = options.delayMs ?? 200;
        this.mapper = options.mapper ?? pythonMapper;
        this.concurrency = options.concurrency ?? 8;
        this.awsFault = options.awsFault;
    }

    /** authentik's send_on_save: a full sync after the save (re-saving before it starts postpones it). */
    schedule(pk: number): void {
        clearTimeout(this.timers.get(pk));
        this.timers.set(
            pk,
            setTimeout(() => {
                this.timers.delete(pk);
                void this.run(pk).catch(() => undefined);
            }, this.delayMs),
        );
    }

    /** Drops every scheduled (not yet started) sync. */
    cancelAll(): void {
        for (const pk of [...this.timers.keys()]) this.cancel(pk);
    }

    cancel(pk: number): void {
        clearTimeout(this.timers.get(pk));
        this.timers.delete(pk);
    }

    /** Runs one full sync of provider `pk` now (after any running one). */
    async run(pk: number): Promise<SyncReport> {
        const previous = this.running.get(pk);
        const next = (async () => {
            if (previous) await previous.catch(() => undefined);
            return this.fullSync(pk);
        })();
        this.running.set(pk, next);
        try {
            const report = await next;
            this.reports.push(report);
            return report;
        } finally {
            if (this.running.get(pk) === next) this.running.delete(pk);
            this.notifyIdle();
        }
    }

    /** Resolves once no sync is scheduled or running. */
    async idle(): Promise<void> {
        while (this.timers.size > 0 || this.running.size > 0) {
            await new Promise<void>((r) => {
                this.idleWaiters.push(r);
                setTimeout(r, 50);
            });
        }
    }

    private notifyIdle(): void {
        const waiters = this.idleWaiters.splice(0);
        waiters.forEach((w) => w());
    }

    private async fullSync(pk: number): Promise<SyncReport> {
        const store = this.store;
        const startedAt = new Date().toISOString();
        const report: SyncReport = {
            provider: pk,
            startedAt,
            finishedAt: startedAt,
            users: [],
            groups: [],
            memberships: { added: 0, removed: 0, keptStale: 0 },
        };
        const done = (why?: string) => ({ ...report, ...(why ? { skippedBecause: why } : {}), finishedAt: new Date().toISOString() });
        const provider = store.scimProviders.get(pk);
        if (!provider) return done("the SCIM provider no longer exists");
        const app = store.backchannelApplicationOf(pk);
        // authentik/lib/sync/outgoing/tasks.py: a provider that is no application's backchannel provider syncs nothing.
        if (!app) return done("the provider is not the backchannel provider of any application");
        const target = this.target;
        if (!target) return done("the stand-in has no identity store configured (identityStore option)");
        // No SDK retries: a retried create that had reached the store would come back as a 409 and be "linked".
        const aws = new IdentitystoreClient({
            endpoint: target.endpoint,
            region: target.region ?? "us-east-1",
            credentials: target.credentials ?? { accessKeyId: "testing", secretAccessKey: "testing" },
            maxAttempts: 1,
        });
        const IdentityStoreId = target.identityStoreId;
        const dryRun = provider.dry_run === true;
        const awsMode = provider.compatibility_mode === "aws";
        try {
            const scope = usersInScope(store, app, provider.exclude_users_service_account === true);
            const ctx = { store, baseUrl: "" };
            const mappings = (provider.property_mappings as string[])
                .map((m) => store.scimMappings.get(m))
                .filter((m): m is ObjectRec => !!m)
                .map((m) => ({ name: m.name as string, expression: m.expression as string }));
            const apiUsers = scope.map((u) => ({ ...ser.user(ctx, u), groups: ser.groupsOfUser(ctx, u.pk).map((g) => g.name) }));
            const answer = scope.length
                ? await this.mapper({ users: apiUsers, provider, mappings, pageSize: Number(provider.sync_page_size) || 100 })
                : [];
            const mapped = Array.isArray(answer) ? answer : answer.users;
            if (!Array.isArray(answer)) for (const e of answer.events ?? []) recordEvent(store, e);
            const byPk = new Map(mapped.map((m) => [m.pk, m]));
            const links = new Map<number, ScimUserRec>();
            for (const r of store.scimUsers.values()) if (r.provider === pk) links.set(r.user, r);
            const linkOf = (userPk: number) => links.get(userPk);
            const outcomes = new Map<number, UserOutcome>();

            const syncUser = async (u: UserRec): Promise<UserOutcome> => {
                const m = byPk.get(u.pk) ?? { pk: u.pk, notSynced: "not in the mapper's answer" };
                const base = { pk: u.pk, username: u.username };
                const held = linkOf(u.pk)?.attributes.userName as string | undefined;
                if (m.skipped !== undefined) return { ...base, outcome: "skipped", detail: m.skipped, awsUserName: held };
                if (m.error !== undefined || m.notSynced !== undefined || !m.body)
                    return {
                        ...base,
                        outcome: m.error !== undefined ? "failed" : "not-synced",
                        detail: m.error ?? m.notSynced,
                        awsUserName: held,
                    };
                if (dryRun) return { ...base, outcome: "dry-run", detail: `would send userName ${JSON.stringify(m.body.userName)}` };
                const fault = this.awsFault?.({ pk: u.pk, username: u.username, userName: String(m.body.userName) });
                if (fault !== undefined) {
                    const transient = fault === 429 || fault === 503;
                    return {
                        ...base,
                        outcome: transient ? "throttled" : "rejected",
                        awsUserName: held,
                        detail:
                            `AWS answered ` +
                            `HTTP ${fault}${transient ? " (transient: the full sync logs it and moves on, no retry)" : ""}`,
                    };
                }
                const link = linkOf(u.pk);
                if (link) {
                    if (essentials(link.attributes) === essentials(m.body)) return { ...base, outcome: "unchanged", awsUserName: held };
                    try {
                        await aws.send(
                            new UpdateUserCommand({
                                IdentityStoreId,
                                UserId: link.scim_id,
                                Operations: [
                                    { AttributePath: "userName", AttributeValue: m.body.userName as never },
                                    { AttributePath: "displayName", AttributeValue: m.body.displayName as never },
                                ],
                            }),
                        );
                        const d = await aws.send(new DescribeUserCommand({ IdentityStoreId, UserId: link.scim_id }));
                        link.attributes = scimUserResponse(d, m.body.externalId, m.body.active);
                        return { ...base, outcome: "updated", awsUserName: d.UserName };
                    } catch (e) {
                        // users.py: a failed PUT (e.g. 409, the new userName taken) is logged; AWS keeps the old values.
                        return {
                            ...base,
                            outcome: "update-failed",
                            awsUserName: held,
                            detail: `${(e as Error).name}: ${(e as Error).message}`,
                        };
                    }
                }
                let attributes: Json;
                let outcome: UserOutcome["outcome"] = "created";
                try {
                    const input = createUserInput(IdentityStoreId, m.body);
                    const userId = (await aws.send(new CreateUserCommand(input))).UserId!;
                    // AWS's SCIM answer to a create is the user as stored: what was sent, with its id.
                    attributes = scimUserResponse(
                        {
                            UserId: userId,
                            IdentityStoreId,
                            UserName: input.UserName,
                            Name: input.Name,
                            DisplayName: input.DisplayName,
                            Emails: input.Emails,
                            $metadata: {},
                        },
                        m.body.externalId,
                        m.body.active,
                    );
                } catch (e) {
                    if (!(e instanceof ConflictException)) {
                        // An HTTP 4xx from AWS: authentik logs it and goes on with the next user.
                        return { ...base, outcome: "rejected", detail: `${(e as Error).name}: ${(e as Error).message}` };
                    }
                    // users.py: 409 → look the AWS user up by userName and LINK this authentik user to it.
                    const userId = (
                        await aws.send(
                            new GetUserIdCommand({
                                IdentityStoreId,
                                AlternateIdentifier: {
                                    UniqueAttribute: { AttributePath: "userName", AttributeValue: m.body.userName as never },
                                },
                            }),
                        )
                    ).UserId!;
                    attributes = scimUserResponse(
                        await aws.send(new DescribeUserCommand({ IdentityStoreId, UserId: userId })),
                        m.body.externalId,
                        m.body.active,
                    );
                    outcome = "linked";
                }
                const rec: ScimUserRec = { id: randomUUID(), scim_id: attributes.id as string, user: u.pk, provider: pk, attributes };
                store.scimUsers.set(rec.id, rec);
                links.set(u.pk, rec);
                return { ...base, outcome, awsUserName: attributes.userName as string };
            };

            // authentik syncs users one by one in pk order. Users whose bodies share a userName stay in that order
            // (the first creates, the next are linked after 409); different userNames go in parallel.
            const lanes = new Map<string, UserRec[]>();
            for (const u of scope) {
                const key = String(byPk.get(u.pk)?.body?.userName ?? `pk:${u.pk}`);
                const lane = lanes.get(key);
                if (lane) lane.push(u);
                else lanes.set(key, [u]);
            }
            await inParallel([...lanes.values()], this.concurrency, async (lane) => {
                for (const u of lane) outcomes.set(u.pk, await syncUser(u));
            });
            report.users.push(...scope.map((u) => outcomes.get(u.pk)!));

            // tasks.py: users that left the application's scope are deprovisioned (deleted in AWS).
            const inScope = new Set(scope.map((u) => u.pk));
            for (const [k, r] of store.scimUsers) {
                if (r.provider !== pk || inScope.has(r.user) || dryRun) continue;
                await aws.send(new DeleteUserCommand({ IdentityStoreId, UserId: r.scim_id })).catch(() => undefined);
                store.scimUsers.delete(k);
                report.users.push({
                    pk: r.user,
                    username: store.users.get(r.user)?.username ?? "",
                    outcome: "deprovisioned",
                    awsUserName: r.attributes.userName as string,
                });
            }

            // Groups: group_filters (empty: every group), pushed with their provisioned members.
            const filters = provider.group_filters as string[];
            const groups = [...store.groups.values()].filter((g) => filters.length === 0 || filters.includes(g.pk));
            const groupOutcomes: SyncReport["groups"][number][] = [];
            const syncGroup = async (g: GroupRec, index: number): Promise<void> => {
                let link = [...store.scimGroups.values()].find((r) => r.provider === pk && r.group === g.pk);
                if (!link) {
                    let groupId: string;
                    let outcome: "created" | "linked" = "created";
                    try {
                        // The managed group mapping (goauthentik.io/providers/scim/group) sends displayName = the group's name.
                        groupId = (await aws.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: g.name }))).GroupId!;
                    } catch (e) {
                        if (!(e instanceof ConflictException)) {
                            groupOutcomes[index] = {
                                pk: g.pk,
                                name: g.name,
                                outcome: "failed",
                                detail: `${(e as Error).name}: ${(e as Error).message}`,
                            };
                            return;
                        }
                        groupId = (
                            await aws.send(
                                new GetGroupIdCommand({
                                    IdentityStoreId,
                                    AlternateIdentifier: {
                                        UniqueAttribute: { AttributePath: "displayName", AttributeValue: g.name as never },
                                    },
                                }),
                            )
                        ).GroupId!;
                        outcome = "linked";
                    }
                    const id = randomUUID();
                    link = {
                        id,
                        scim_id: groupId,
                        group: g.pk,
                        provider: pk,
                        attributes: {
                            id: groupId,
                            displayName: g.name,
                            externalId: g.pk,
                            schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
                            meta: { resourceType: "Group" },
                        },
                    };
                    store.scimGroups.set(id, link);
                    groupOutcomes[index] = { pk: g.pk, name: g.name, outcome };
                } else {
                    groupOutcomes[index] = { pk: g.pk, name: g.name, outcome: "existing" };
                }
                const wanted = new Set(
                    g.users
                        .filter((u) => inScope.has(u))
                        .map((u) => linkOf(u)?.scim_id)
                        .filter((x): x is string => !!x),
                );
                const held = new Map<string, string>(); // AWS user id → membership id
                let token: string | undefined;
                do {
                    const page = await aws.send(
                        new ListGroupMembershipsCommand({ IdentityStoreId, GroupId: link.scim_id, NextToken: token }),
                    );
                    for (const ms of page.GroupMemberships ?? [])
                        if (ms.MemberId?.UserId && ms.MembershipId) held.set(ms.MemberId.UserId, ms.MembershipId);
                    token = page.NextToken;
                } while (token);
                for (const userId of wanted) {
                    if (held.has(userId)) continue;
                    await aws
                        .send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId: link.scim_id, MemberId: { UserId: userId } }))
                        .catch((e) => {
                            if (!(e instanceof ConflictException)) throw e;
                        });
                    report.memberships.added++;
                }
                for (const [userId, membershipId] of held) {
                    if (wanted.has(userId)) continue;
                    // authentik#23005/#25330: in compatibility mode `aws` a removal never reaches AWS.
                    if (awsMode) {
                        report.memberships.keptStale++;
                        continue;
                    }
                    await aws.send(new DeleteGroupMembershipCommand({ IdentityStoreId, MembershipId: membershipId }));
                    report.memberships.removed++;
                }
            };
            if (!dryRun)
                await inParallel(
                    groups.map((g, i) => [g, i] as const),
                    this.concurrency,
                    ([g, i]) => syncGroup(g, i),
                );
            report.groups.push(...groupOutcomes.filter((x) => x !== undefined));
            return done();
        } finally {
            aws.destroy();
        }
    }
}
