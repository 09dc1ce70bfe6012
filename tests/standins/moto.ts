/**
 * AWS stand-in for tests: moto's server mode (`moto_server`, moto[server] pinned in requirements-test.txt) on a local
 * port, and AWS SDK v3 clients pointed at it.
 *
 * What it replaces: the AWS IAM Identity Center APIs the project calls — Identity Store (users, groups, group
 * memberships), SSO Admin (instances, permission sets, account assignments) and Organizations. moto implements them
 * from AWS's published API models (botocore), so requests and responses are checked against the same service
 * contract the AWS SDK v3 clients are generated from.
 *
 * What moto does and does not model (moto 5.2.5, read from moto/identitystore/models.py and moto/ssoadmin/models.py):
 * - One Identity Center instance exists per account and region from the start (SSOAdminBackend.__init__), with a
 *   random `ssoins-…` ARN and a random `d-…` identity store id; `ListInstances` returns it ({@link identityCenter}).
 *   `POST /moto-api/reset` replaces it with a NEW instance (new ARN and id): read it again after {@link MotoServer.reset}.
 * - The Identity Store accepts any identity store id (it creates an empty store on first use), so a wrong id is not
 *   an error as on AWS; always use the id {@link identityCenter} returns.
 * - `ListUsers`, `ListGroups`, `ListGroupMemberships`, `ListGroupMembershipsForMember` honour `MaxResults` and
 *   return `NextToken` (moto's `@paginate`, default page 100), so paging is exercised for real.
 * - `CreateUser` needs `UserName`, `DisplayName`, `Name.GivenName`, `Name.FamilyName`; a duplicate `UserName`
 *   (compared case-SENSITIVELY, unlike AWS which is case-insensitive) is a `ConflictException`; a duplicate group
 *   `DisplayName` likewise. `ListUsers` filters only on `UserName`, `ListGroups` only on `DisplayName`.
 * - No throttling, no IAM authorization: any credentials are accepted (account 123456789012).
 * - Organizations starts without an organization ({@link seedOrganization} creates one with OUs, accounts, tags).
 *
 * The server binary: `AWS_IC_AUTHENTIK_MOTO`, or `moto_server` in the test venv that `.ci/run` and the README's
 * install command create (`${XDG_CACHE_HOME:-~/.cache}/aws-identity-center-authentik/venv-test`).
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { IdentitystoreClient } from "@aws-sdk/client-identitystore";
import {
    CreateAccountCommand,
    CreateOrganizationalUnitCommand,
    CreateOrganizationCommand,
    ListRootsCommand,
    MoveAccountCommand,
    OrganizationsClient,
    TagResourceCommand,
} from "@aws-sdk/client-organizations";
import { ListInstancesCommand, SSOAdminClient } from "@aws-sdk/client-sso-admin";
import { cacheDir, INSTALL_COMMAND } from "../../scripts/pythonEnv";

export const MOTO_ENV_VAR = "AWS_IC_AUTHENTIK_MOTO";

/** The region and dummy credentials every client of the stand-in uses (moto accepts any). */
export const MOTO_REGION = "us-east-1";
export const MOTO_CREDENTIALS = { accessKeyId: "testing", secretAccessKey: "testing" };
/** moto's default account (moto/core/models.py DEFAULT_ACCOUNT_ID). */
export const MOTO_ACCOUNT_ID = "123456789012";

/** The `moto_server` executable, or an error that says how to install it. */
export function motoServerPath(env: NodeJS.ProcessEnv = process.env): string {
    const explicit = env[MOTO_ENV_VAR];
    if (explicit) {
        if (!fs.existsSync(explicit)) throw new Error(`${MOTO_ENV_VAR}=${explicit} does not exist`);
        return explicit;
    }
    const bin = path.join(cacheDir(env), "venv-test", "bin", "moto_server");
    if (!fs.existsSync(bin)) {
        throw new Error(
            `The AWS stand-in needs moto_server (moto[server], pinned in requirements-test.txt), and ${bin} does not exist. ` +
                `Install the test venv once (from the repository root; .ci/run does the same) ` +
                `with:\n  ${INSTALL_COMMAND}\nor set ${MOTO_ENV_VAR} to a moto_server executable.`,
        );
    }
    return bin;
}

/** A free TCP port on 127.0.0.1 (the OS picks it). */
export function freePort(): Promise<number> {
    return new Promise((resolve, reject) => {
        const probe = net.createServer();
        probe.unref();
        probe.on("error", reject);
        probe.listen(0, "127.0.0.1", () => {
            const { port } = probe.address() as net.AddressInfo;
            probe.close(() => resolve(port));
        });
    });
}

export interface MotoOptions {
    /** Port on 127.0.0.1; default a free one. */
    port?: number;
    /** How long to wait for the server to answer, in ms (default 30 000: a cold Python start on a loaded machine). */
    startTimeoutMs?: number;
    /** Environment for lookup of the binary (default process.env). */
    env?: NodeJS.ProcessEnv;
}

export interface MotoServer {
    /** e.g. `http://127.0.0.1:41301`. */
    endpoint: string;
    port: number;
    /** Forget every resource in every service (`POST /moto-api/reset`); the Identity Center instance is new after it. */
    reset(): Promise<void>;
    /** Stop the server process (idempotent). */
    stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Starts `moto_server` and resolves once it answers HTTP. */
export async function startMoto(options: MotoOptions = {}): Promise<MotoServer> {
    const bin = motoServerPath(options.env);
    const port = options.port ?? (await freePort());
    const endpoint = `http://127.0.0.1:${port}`;
    const child = spawn(bin, ["-H", "127.0.0.1", "-p", String(port)], { stdio: ["ignore", "ignore", "pipe"] });
    running.add(child);
    if (!exitHookInstalled) {
        exitHookInstalled = true;
        process.on("exit", () => running.forEach((c) => c.kill("SIGTERM")));
    }
    let stderr = "";
    child.stderr!.setEncoding("utf8");
    child.stderr!.on("data", (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let hasExited = false;
    void exited.then(() => {
        hasExited = true;
        running.delete(child);
    });

    const stop = async (): Promise<void> => {
        if (hasExited) return;
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(timer);
    };

    const deadline = Date.now() + (options.startTimeoutMs ?? 30000);
    for (;;) {
        if (hasExited) throw new Error(`moto_server (${bin}) exited before answering on port ${port}:\n${stderr.trim()}`);
        try {
            const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
            await res.arrayBuffer();
            if (res.ok) break;
        } catch {
            /* not up yet */
        }
        if (Date.now() > deadline) {
            await stop();
            throw new Error(
                `moto_server (${bin}) did not answer on ${endpoint} within ${options.startTimeoutMs ?? 30000} ms:\n${stderr.trim()}`,
            );
        }
        await new Promise((r) => setTimeout(r, 100));
    }

    return {
        endpoint,
        port,
        async reset() {
            const res = await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
            await res.arrayBuffer();
            if (!res.ok) throw new Error(`moto reset failed: HTTP ${res.status}`);
        },
        stop,
    };
}

/** Client settings for the stand-in: its endpoint, dummy credentials, one region (default MOTO_REGION), few retries. */
export function motoClientConfig(endpoint: string, region: string = MOTO_REGION) {
    return { endpoint, region, credentials: MOTO_CREDENTIALS, maxAttempts: 2 };
}

export interface MotoClients {
    identityStore: IdentitystoreClient;
    ssoAdmin: SSOAdminClient;
    organizations: OrganizationsClient;
    /** Closes the clients' sockets. */
    destroy(): void;
}

/** AWS SDK v3 clients (Identity Store, SSO Admin, Organizations) for the stand-in at `endpoint`. */
export function motoClients(endpoint: string, region: string = MOTO_REGION): MotoClients {
    const config = motoClientConfig(endpoint, region);
    const identityStore = new IdentitystoreClient(config);
    const ssoAdmin = new SSOAdminClient(config);
    const organizations = new OrganizationsClient(config);
    return {
        identityStore,
        ssoAdmin,
        organizations,
        destroy() {
            identityStore.destroy();
            ssoAdmin.destroy();
            organizations.destroy();
        },
    };
}

/** The Identity Center instance moto holds for the account and region (exactly one; new after every reset). */
export async function identityCenter(endpoint: string): Promise<{ instanceArn: string; identityStoreId: string }> {
    const ssoAdmin = new SSOAdminClient(motoClientConfig(endpoint));
    try {
        const out = await ssoAdmin.send(new ListInstancesCommand({}));
        const instance = out.Instances?.[0];
        if (!instance?.InstanceArn || !instance.IdentityStoreId) throw new Error(`moto at ${endpoint} lists no Identity Center instance`);
        return { instanceArn: instance.InstanceArn, identityStoreId: instance.IdentityStoreId };
    } finally {
        ssoAdmin.destroy();
    }
}

/** An organization layout to create in moto: OUs under the root (by name, nested with `/`) and their accounts. */
export interface OrganizationLayout {
    /** Account name → where it goes: `""` for the root, else an OU path such as `Workloads/Prod`; optional tags. */
    accounts: Record<string, { ou?: string; tags?: Record<string, string> }>;
}

export interface SeededOrganization {
    rootId: string;
    /** OU path → id (`ou-…`). */
    ouIds: Record<string, string>;
    /** Account name → 12-digit id. */
    accountIds: Record<string, string>;
}

/**
 * Creates an organization (all features) with the layout's OUs and accounts, as an Organizations admin would. moto
 * creates accounts at once (`CreateAccount` answers SUCCEEDED with the id); the management account is moto's own.
 */
export async function seedOrganization(endpoint: string, layout: OrganizationLayout): Promise<SeededOrganization> {
    const org = new OrganizationsClient(motoClientConfig(endpoint));
    try {
        await org.send(new CreateOrganizationCommand({ FeatureSet: "ALL" }));
        const rootId = (await org.send(new ListRootsCommand({}))).Roots![0].Id!;
        const ouIds: Record<string, string> = {};
        const ouOf = async (ouPath: string): Promise<string> => {
            if (ouPath === "") return rootId;
            if (Object.hasOwn(ouIds, ouPath)) return ouIds[ouPath];
            const cut = ouPath.lastIndexOf("/");
            const parentId = await ouOf(cut < 0 ? "" : ouPath.slice(0, cut));
            const out = await org.send(new CreateOrganizationalUnitCommand({ ParentId: parentId, Name: ouPath.slice(cut + 1) }));
            ouIds[ouPath] = out.OrganizationalUnit!.Id!;
            return ouIds[ouPath];
        };
        const accountIds: Record<string, string> = {};
        for (const [name, where] of Object.entries(layout.accounts)) {
            const created = await org.send(
                new CreateAccountCommand({ AccountName: name, Email: `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}@example.com` }),
            );
            const id = created.CreateAccountStatus!.AccountId!;
            accountIds[name] = id;
            const target = await ouOf(where.ou ?? "");
            if (target !== rootId)
                await org.send(new MoveAccountCommand({ AccountId: id, SourceParentId: rootId, DestinationParentId: target }));
            const tags = Object.entries(where.tags ?? {});
            if (tags.length) await org.send(new TagResourceCommand({ ResourceId: id, Tags: tags.map(([Key, Value]) => ({ Key, Value })) }));
        }
        return { rootId, ouIds, accountIds };
    } finally {
        org.destroy();
    }
}
