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
import type { GroupRec, Json, ObjectRec, Store, UserRec } from "./store";

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

/** Computes the SCIM bodies of the in-scope users (in pk order) for a provider. */
export type UserMapper = (input: { users: Json[]; provider: Json; mappings: { name: string; expression: string }[]; pageSize: number }) => Promise<MappedUser[]>;

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
        child.on("close", (code) => (code === 0 || code === 2 ? resolve(stdout) : reject(new Error(`authentik_eval.py exited ${code}: ${stderr.slice(-2000)}`))));
        child.stdin.end(JSON.stringify(payload));
    });
    const parsed = JSON.parse(out) as { compileError?: string; results?: Json[] };
    if (parsed.compileError) return users.map((u) => ({ pk: u.pk as number, error: `StopSync: ${parsed.compileError}` }));
    return (parsed.results ?? []).map((r) => {
        const detail = String(r.syncDetail ?? "");
        if (r.skipped) return { pk: r.pk as number, skipped: String(r.reason ?? "") };
        if (r.error) return { pk: r.pk as number, error: String(r.error) };
        if (detail.startsWith("not synced")) return { pk: r.pk as number, notSynced: detail };
        return { pk: r.pk as number, body: r.scimBody as Json };
    });
};

export interface UserOutcome {
    pk: number;
    username: string;
    outcome: "created" | "linked" | "updated" | "unchanged" | "update-failed" | "rejected" | "skipped" | "failed" | "not-synced" | "dry-run" | "deprovisioned";
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
}

/** In-scope users of an application (authentik/providers/scim/models.py with the application's policy bindings). */
export function usersInScope(store: Store, app: ObjectRec, excludeServiceAccounts: boolean): UserRec[] {
    const bindings = [...store.bindings.values()].filter((b) => b.target === app.pk && b.enabled !== false);
    const ancestorsOf = (g: GroupRec, seen = new Set<string>()): string[] => {
        if (seen.has(g.pk)) return [];
        seen.add(g.pk);
        return [g.pk, ...g.parents.flatMap((p) => (store.groups.has(p) ? ancestorsOf(store.groups.get(p)!, seen) : []))];
    };
    const passes = (u: UserRec, b: ObjectRec): boolean => {
        let result: boolean;
        if (b.group) {
            // A group binding matches members of the group and of its descendants (User.all_groups()).
            const all = new Set([...store.groups.values()].filter((g) => g.users.includes(u.pk)).flatMap((g) => ancestorsOf(g)));
            result = all.has(b.group as string);
        } else if (b.user !== null && b.user !== undefined) {
            result = b.user === u.pk;
        } else {
            result = false; // expression/other policies are not modelled: fail closed
        }
        return b.negate ? !result : result;
    };
    return [...store.users.values()]
        .filter((u) => !(excludeServiceAccounts && (u.type === "service_account" || u.type === "internal_service_account")))
        .filter((u) => {
            if (bindings.length === 0) return true; // no bindings: open to everyone (authentik/core/apps.py)
            return app.policy_engine_mode === "all" ? bindings.every((b) => passes(u, b)) : bindings.some((b) => passes(u, b));
        })
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
        Name: { Formatted: name.formatted as string | undefined, GivenName: name.givenName as string | undefined, FamilyName: name.familyName as string | undefined },
        Emails: emails.map((e) => ({ Value: e.value as string, Type: e.type as string | undefined, Primary: e.primary as boolean | undefined })),
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

export class ScimSync {
    readonly reports: SyncReport[] = [];
    target?: IdentityStoreTarget;
    private timers = new Map<number, NodeJS.Timeout>();
    private running = new Map<number, Promise<SyncReport>>();
    private idleWaiters: (() => void)[] = [];
    private readonly delayMs: number;
    private readonly mapper: UserMapper;

    constructor(
        private readonly store: Store,
        options: ScimSyncOptions = {},
    ) {
        this.delayMs = options.delayMs ?? 200;
        this.mapper = options.mapper ?? pythonMapper;
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
        const report: SyncReport = { provider: pk, startedAt, finishedAt: startedAt, users: [], groups: [], memberships: { added: 0, removed: 0, keptStale: 0 } };
        const done = (why?: string) => ({ ...report, ...(why ? { skippedBecause: why } : {}), finishedAt: new Date().toISOString() });
        const provider = store.scimProviders.get(pk);
        if (!provider) return done("the SCIM provider no longer exists");
        const app = store.backchannelApplicationOf(pk);
        // authentik/lib/sync/outgoing/tasks.py: a provider that is no application's backchannel provider syncs nothing.
        if (!app) return done("the provider is not the backchannel provider of any application");
        const target = this.target;
        if (!target) return done("the stand-in has no identity store configured (identityStore option)");
        const aws = new IdentitystoreClient({ endpoint: target.endpoint, region: target.region ?? "us-east-1", credentials: target.credentials ?? { accessKeyId: "testing", secretAccessKey: "testing" }, maxAttempts: 2 });
        const IdentityStoreId = target.identityStoreId;
        const dryRun = provider.dry_run === true;
        const awsMode = provider.compatibility_mode === "aws";
        try {
            const scope = usersInScope(store, app, provider.exclude_users_service_account === true);
            const ctx = { store, baseUrl: "" };
            const mappings = (provider.property_mappings as string[]).map((m) => store.scimMappings.get(m)).filter((m): m is ObjectRec => !!m).map((m) => ({ name: m.name as string, expression: m.expression as string }));
            const apiUsers = scope.map((u) => ({ ...ser.user(ctx, u), groups: [...store.groups.values()].filter((g) => g.users.includes(u.pk)).map((g) => g.name) }));
            const mapped = scope.length ? await this.mapper({ users: apiUsers, provider, mappings, pageSize: Number(provider.sync_page_size) || 100 }) : [];
            const byPk = new Map(mapped.map((m) => [m.pk, m]));
            const linkOf = (userPk: number) => [...store.scimUsers.values()].find((r) => r.provider === pk && r.user === userPk);

            for (const u of scope) {
                const m = byPk.get(u.pk) ?? { pk: u.pk, notSynced: "not in the mapper's answer" };
                const base = { pk: u.pk, username: u.username };
                if (m.skipped !== undefined) {
                    report.users.push({ ...base, outcome: "skipped", detail: m.skipped, awsUserName: linkOf(u.pk)?.attributes.userName as string | undefined });
                    continue;
                }
                if (m.error !== undefined || m.notSynced !== undefined || !m.body) {
                    report.users.push({ ...base, outcome: m.error !== undefined ? "failed" : "not-synced", detail: m.error ?? m.notSynced, awsUserName: linkOf(u.pk)?.attributes.userName as string | undefined });
                    continue;
                }
                if (dryRun) {
                    report.users.push({ ...base, outcome: "dry-run", detail: `would send userName ${JSON.stringify(m.body.userName)}` });
                    continue;
                }
                const link = linkOf(u.pk);
                if (link) {
                    if (essentials(link.attributes) === essentials(m.body)) {
                        report.users.push({ ...base, outcome: "unchanged", awsUserName: link.attributes.userName as string });
                        continue;
                    }
                    try {
                        await aws.send(new UpdateUserCommand({ IdentityStoreId, UserId: link.scim_id, Operations: [{ AttributePath: "userName", AttributeValue: m.body.userName as never }, { AttributePath: "displayName", AttributeValue: m.body.displayName as never }] }));
                        const d = await aws.send(new DescribeUserCommand({ IdentityStoreId, UserId: link.scim_id }));
                        link.attributes = scimUserResponse(d, m.body.externalId, m.body.active);
                        report.users.push({ ...base, outcome: "updated", awsUserName: d.UserName });
                    } catch (e) {
                        // users.py: a failed PUT (e.g. 409, the new userName taken) is logged; AWS keeps the old values.
                        report.users.push({ ...base, outcome: "update-failed", awsUserName: link.attributes.userName as string, detail: `${(e as Error).name}: ${(e as Error).message}` });
                    }
                    continue;
                }
                let userId: string;
                let outcome: UserOutcome["outcome"] = "created";
                try {
                    userId = (await aws.send(new CreateUserCommand(createUserInput(IdentityStoreId, m.body)))).UserId!;
                } catch (e) {
                    if (!(e instanceof ConflictException)) {
                        // An HTTP 4xx from AWS: authentik logs it and goes on with the next user.
                        report.users.push({ ...base, outcome: "rejected", detail: `${(e as Error).name}: ${(e as Error).message}` });
                        continue;
                    }
                    // users.py: 409 → look the AWS user up by userName and LINK this authentik user to it.
                    userId = (await aws.send(new GetUserIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: m.body.userName as never } } }))).UserId!;
                    outcome = "linked";
                }
                const d = await aws.send(new DescribeUserCommand({ IdentityStoreId, UserId: userId }));
                const id = randomUUID();
                store.scimUsers.set(id, { id, scim_id: userId, user: u.pk, provider: pk, attributes: scimUserResponse(d, m.body.externalId, m.body.active) });
                report.users.push({ ...base, outcome, awsUserName: d.UserName });
            }

            // tasks.py: users that left the application's scope are deprovisioned (deleted in AWS).
            const inScope = new Set(scope.map((u) => u.pk));
            for (const [k, r] of store.scimUsers) {
                if (r.provider !== pk || inScope.has(r.user) || dryRun) continue;
                await aws.send(new DeleteUserCommand({ IdentityStoreId, UserId: r.scim_id })).catch(() => undefined);
                store.scimUsers.delete(k);
                report.users.push({ pk: r.user, username: store.users.get(r.user)?.username ?? "", outcome: "deprovisioned", awsUserName: r.attributes.userName as string });
            }

            // Groups: group_filters (empty: every group), pushed with their provisioned members.
            const filters = provider.group_filters as string[];
            const groups = [...store.groups.values()].filter((g) => filters.length === 0 || filters.includes(g.pk));
            for (const g of groups) {
                if (dryRun) continue;
                let link = [...store.scimGroups.values()].find((r) => r.provider === pk && r.group === g.pk);
                if (!link) {
                    let groupId: string;
                    let outcome: "created" | "linked" = "created";
                    try {
                        // The managed group mapping (goauthentik.io/providers/scim/group) sends displayName = the group's name.
                        groupId = (await aws.send(new CreateGroupCommand({ IdentityStoreId, DisplayName: g.name }))).GroupId!;
                    } catch (e) {
                        if (!(e instanceof ConflictException)) {
                            report.groups.push({ pk: g.pk, name: g.name, outcome: "failed", detail: `${(e as Error).name}: ${(e as Error).message}` });
                            continue;
                        }
                        groupId = (await aws.send(new GetGroupIdCommand({ IdentityStoreId, AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: g.name as never } } }))).GroupId!;
                        outcome = "linked";
                    }
                    const id = randomUUID();
                    link = { id, scim_id: groupId, group: g.pk, provider: pk, attributes: { id: groupId, displayName: g.name, externalId: g.pk, schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], meta: { resourceType: "Group" } } };
                    store.scimGroups.set(id, link);
                    report.groups.push({ pk: g.pk, name: g.name, outcome });
                } else {
                    report.groups.push({ pk: g.pk, name: g.name, outcome: "existing" });
                }
                const wanted = new Set(g.users.filter((u) => inScope.has(u)).map((u) => linkOf(u)?.scim_id).filter((x): x is string => !!x));
                const held = new Map<string, string>(); // AWS user id → membership id
                let token: string | undefined;
                do {
                    const page = await aws.send(new ListGroupMembershipsCommand({ IdentityStoreId, GroupId: link.scim_id, NextToken: token }));
                    for (const ms of page.GroupMemberships ?? []) if (ms.MemberId?.UserId && ms.MembershipId) held.set(ms.MemberId.UserId, ms.MembershipId);
                    token = page.NextToken;
                } while (token);
                for (const userId of wanted) {
                    if (held.has(userId)) continue;
                    await aws.send(new CreateGroupMembershipCommand({ IdentityStoreId, GroupId: link.scim_id, MemberId: { UserId: userId } })).catch((e) => {
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
            }
            return done();
        } finally {
            aws.destroy();
        }
    }
}
