/**
 * Reads authentik through its API client (@goauthentik/api, /api/v3): users, groups, the SCIM provider's links to
 * AWS users (`SCIMProviderUser`, which holds AWS's last answer, authentik/providers/scim/clients/users.py), the SAML
 * provider's metadata and its signing key pair. Every list is paged: the first page says how many there are, the
 * rest are fetched with bounded concurrency. HTTP 429/503 are retried with back-off.
 */
import { Configuration, CoreApi, CryptoApi, FetchAPI, ProvidersApi, ResponseError } from "@goauthentik/api";
import { DoctorCannotRun } from "../findings";
import { AuthentikGroup, AuthentikSnapshot, ScimLink } from "../snapshot";
import { AuthentikUser } from "../../scripts/mappingCheck";
import { CallCounter, mapLimit, Progress } from "./pool";

export interface AuthentikAccess {
    /** Base URL (`https://authentik.example.com`; a trailing `/` or `/api/v3` is accepted). */
    url: string;
    token: string;
}

export interface AuthentikReadOptions {
    applicationSlug: string;
    signingCertificate: string;
    /** From the stack's outputs, when read: saves the application lookup. */
    scimProviderId?: string;
    samlProviderId?: string;
    pageSize?: number;
    concurrency?: number;
    counter?: CallCounter;
    progress?: Progress;
    /** Test hook: the fetch to use (default: global fetch). */
    fetchApi?: FetchAPI;
    /** Retries of a 429/503 (default 5) and the first back-off in ms (default 200, doubled each time). */
    retries?: number;
    retryDelayMs?: number;
}

function apiBase(url: string): string {
    const trimmed = url.replace(/\/+$/, "");
    return trimmed.endsWith("/api/v3") ? trimmed : `${trimmed}/api/v3`;
}

/** A fetch that counts calls and retries HTTP 429/503 (authentik's rate limit and restarts) with back-off. */
function retryingFetch(base: FetchAPI, counter: CallCounter | undefined, retries: number, delayMs: number): FetchAPI {
    return async (input: Parameters<FetchAPI>[0], init?: Parameters<FetchAPI>[1]) => {
        for (let attempt = 0; ; attempt++) {
            counter?.add("authentik");
            const response = await base(input, init);
            if ((response.status !== 429 && response.status !== 503) || attempt >= retries) return response;
            const after = Number(response.headers.get("retry-after"));
            await new Promise((r) =>
                setTimeout(r, Number.isFinite(after) && after > 0 ? Math.min(after * 1000, 30_000) : delayMs * 2 ** attempt),
            );
        }
    };
}

/** Turns the API client's errors into "cannot run" with what is missing. */
async function explain<T>(what: string, access: AuthentikAccess, call: () => Promise<T>): Promise<T> {
    try {
        return await call();
    } catch (e) {
        if (e instanceof ResponseError) {
            const s = e.response.status;
            // authentik answers a missing or invalid token with 403 and a detail (its TokenAuthentication sends no challenge).
            const detail = await e.response.json().then(
                (b: unknown) => {
                    const d = (b as { detail?: unknown } | null)?.detail;
                    return typeof d === "string" ? d : undefined;
                },
                () => undefined,
            );
            const said = detail ? `: "${detail}"` : "";
            if (s === 401 || (s === 403 && /token|credentials/i.test(detail ?? ""))) {
                throw new DoctorCannotRun(
                    `a valid authentik API token (authentik answered HTTP ${s} reading ${what}${said})`,
                    "export AUTHENTIK_TOKEN=<token> (or a plain authentik:token) with a token that is not expired",
                );
            }
            if (s === 403)
                throw new DoctorCannotRun(
                    `permission to read ${what} in authentik (HTTP 403${said})`,
                    "use a token of a user with view permission on users, groups, providers and certificate-key pairs",
                );
            if (s === 404)
                throw new DoctorCannotRun(
                    `authentik has no ${what} (HTTP 404)`,
                    "check the stack's authentik settings and that `pulumi up` ran",
                );
            throw new DoctorCannotRun(`authentik answered HTTP ${s} reading ${what}`, `check authentik at ${access.url}`);
        }
        throw new DoctorCannotRun(
            `cannot reach authentik at ${access.url} (${(e as Error).message})`,
            "check authentik:url (or AUTHENTIK_URL) and the network",
        );
    }
}

interface Paginated<T> {
    pagination: { totalPages: number };
    results: T[];
}

/** Every page of a list: page 1, then the rest with bounded concurrency. */
async function allPages<T>(
    fetchPage: (page: number) => Promise<Paginated<T>>,
    concurrency: number,
    onPage?: (n: number) => void,
): Promise<T[]> {
    const first = await fetchPage(1);
    onPage?.(first.results.length);
    const rest = Array.from({ length: Math.max(0, first.pagination.totalPages - 1) }, (_, i) => i + 2);
    const pages = await mapLimit(rest, concurrency, async (p) => {
        const page = await fetchPage(p);
        onPage?.(page.results.length);
        return page.results;
    });
    return [...first.results, ...pages.flat()];
}

export async function readAuthentik(access: AuthentikAccess, opts: AuthentikReadOptions): Promise<AuthentikSnapshot> {
    const config = new Configuration({
        basePath: apiBase(access.url),
        accessToken: access.token,
        fetchApi: retryingFetch(opts.fetchApi ?? fetch, opts.counter, opts.retries ?? 5, opts.retryDelayMs ?? 200),
    });
    const core = new CoreApi(config);
    const providers = new ProvidersApi(config);
    const crypto = new CryptoApi(config);
    const pageSize = opts.pageSize ?? 100;
    const concurrency = opts.concurrency ?? 4;
    const run = <T>(what: string, call: () => Promise<T>) => explain(what, access, call);

    let scimPk = opts.scimProviderId;
    let samlPk = opts.samlProviderId;
    if (scimPk === undefined || samlPk === undefined) {
        const app = await run(`application ${opts.applicationSlug}`, () => core.coreApplicationsRetrieve({ slug: opts.applicationSlug }));
        samlPk ??= app.provider != null ? String(app.provider) : undefined;
        scimPk ??= app.backchannelProviders?.[0] !== undefined ? String(app.backchannelProviders[0]) : undefined;
    }
    if (scimPk === undefined)
        throw new DoctorCannotRun(
            `application ${opts.applicationSlug} has no SCIM backchannel provider`,
            "run pulumi up for the stack, or check the application in authentik",
        );

    let read = 0;
    const onPage = (n: number) => {
        read += n;
        opts.progress?.(`authentik: ${read} objects read`);
    };
    const [users, groups, links] = await Promise.all([
        allPages(
            (page) => run("users", () => core.coreUsersList({ page, pageSize, includeGroups: false, includeRoles: false })),
            concurrency,
            onPage,
        ),
        allPages(
            (page) =>
                run("groups", () =>
                    core.coreGroupsList({ page, pageSize, includeUsers: false, includeChildren: false, includeParents: false }),
                ),
            concurrency,
            onPage,
        ),
        allPages(
            (page) => run("SCIM provider users", () => providers.providersScimUsersList({ page, pageSize, providerId: Number(scimPk) })),
            concurrency,
            onPage,
        ),
    ]);

    const groupList: AuthentikGroup[] = groups.map((g) => ({ pk: g.pk, name: g.name, members: new Set<number>() }));
    const byPk = new Map(groupList.map((g) => [g.pk, g]));
    for (const u of users) for (const g of u.groups ?? []) byPk.get(g)?.members.add(u.pk);
    const akUsers: AuthentikUser[] = users.map((u) => ({
        pk: u.pk,
        username: u.username,
        email: u.email ?? "",
        name: u.name,
        is_active: u.isActive !== false,
        type: u.type as AuthentikUser["type"],
        uid: u.uid,
        uuid: u.uuid,
        path: u.path,
        attributes: u.attributes ?? {},
        groups: u.groups ?? [],
    }));
    const scimLinks: ScimLink[] = links.map((l) => ({
        userPk: l.user,
        scimId: l.scimId,
        userName: typeof l.attributes?.userName === "string" ? l.attributes.userName : undefined,
    }));

    const snapshot: AuthentikSnapshot = { users: akUsers, groups: groupList, scimLinks, scimProviderPk: scimPk };
    if (samlPk !== undefined) {
        const [saml, metadata] = await Promise.all([
            run(`SAML provider ${samlPk}`, () => providers.providersSamlRetrieve({ id: Number(samlPk) })),
            run(`SAML provider ${samlPk} metadata`, () => providers.providersSamlMetadataRetrieve({ id: Number(samlPk) })),
        ]);
        const entityId = /\bentityID="([^"]*)"/.exec(metadata.metadata)?.[1];
        snapshot.saml = { issuer: entityId ?? saml.issuerOverride ?? saml.urlIssuer, metadataXml: metadata.metadata };
        if (saml.signingKp) {
            const kp = await run(`certificate-key pair ${saml.signingKp}`, () =>
                crypto.cryptoCertificatekeypairsRetrieve({ kpUuid: saml.signingKp! }),
            );
            snapshot.certificate = {
                name: kp.name,
                notAfter: kp.certExpiry ?? undefined,
                fingerprintSha256: kp.fingerprintSha256 ?? undefined,
            };
        }
    }
    return snapshot;
}
