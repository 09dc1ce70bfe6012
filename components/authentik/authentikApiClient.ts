/**
 * The one HTTP client for the authenticated authentik API calls the component makes itself (from dynamic providers):
 *
 * - starting authentik's SCIM full sync once everything it depends on exists ({@link triggerScimSync}). authentik
 *   runs a full sync when the SCIM provider is saved, but that sync does nothing while the provider is not yet the
 *   backchannel provider of an application, and the users it pushes are scoped by the application's policy bindings
 *   (authentik ≥ 2026.2). In one `pulumi up` the provider is necessarily created *before* the application and the
 *   binding, so its own sync comes too early, and the next one is authentik's schedule, every 4 hours
 *   (a cron of every 4th hour, authentik lib/sync/outgoing/models.py). Saving the provider again after the binding
 *   exists starts the full sync at the right moment.
 * - setting the SAML provider's Default NameID Policy ({@link setSamlDefaultNameIdPolicy}), which the Terraform
 *   provider (and so the Pulumi SDK) has no field for (authentik ≥ 2025.8, providers/saml/models.py).
 *
 * Captured by value when Pulumi serializes the dynamic providers: plain functions and data only, node modules are
 * required inside the functions (see aws/principalPolling.ts).
 */

/** How to reach authentik's API: the same URL, token, TLS and header settings the authentik provider uses. */
export interface AuthentikApi {
    /** authentik base URL, e.g. `https://authentik.example.com` (a trailing `/` or `/api/v3` is accepted). */
    apiUrl: string;
    /** authentik API token. */
    apiToken: string;
    /** Skip TLS verification, as the authentik provider's `authentik:insecure` does (self-signed authentik). */
    insecure?: boolean;
    /** Extra HTTP headers, as the authentik provider's `authentik:headers` (e.g. for an authenticating proxy). */
    headers?: Record<string, string>;
}

/**
 * Whether two API access settings differ. The dynamic resources record a new URL, token, TLS flag or headers as an
 * update (so state holds what the next call will use) but never call authentik again for it.
 */
export function apiAccessChanged(olds: AuthentikApi, news: AuthentikApi): boolean {
    return (
        olds.apiUrl !== news.apiUrl ||
        olds.apiToken !== news.apiToken ||
        (olds.insecure ?? false) !== (news.insecure ?? false) ||
        JSON.stringify(olds.headers ?? {}) !== JSON.stringify(news.headers ?? {})
    );
}

/** What the trigger needs: API access with permission to change SCIM providers, and the provider. */
export interface ScimSyncRequest extends AuthentikApi {
    /** SCIM provider primary key (integer as string). */
    providerId: string;
    /** The provider's name: re-sent unchanged, so the save changes nothing but starts the sync. */
    providerName: string;
}

/** The one HTTP call, injectable for tests. */
export type HttpLike = (
    url: string,
    init: { method: string; headers: Record<string, string>; body: string; insecure: boolean },
) => Promise<{ status: number; ok: boolean; text(): Promise<string> }>;

/**
 * node:http(s), not `fetch`: Node's fetch cannot skip TLS verification per request, and a self-signed authentik is
 * common (`authentik:insecure`). Required inside the function: this code runs in a serialized dynamic provider.
 */
export const nodeHttp: HttpLike = (url, init) =>
    new Promise((resolve, reject) => {
        const target = new URL(url);
        const lib = target.protocol === "http:" ? require("node:http") : require("node:https");
        const req = lib.request(
            target,
            {
                method: init.method,
                headers: { ...init.headers, "Content-Length": Buffer.byteLength(init.body) },
                rejectUnauthorized: !init.insecure,
                timeout: 30000,
            },
            (res: { statusCode?: number; setEncoding(e: string): void; on(ev: string, f: (x?: string) => void): void }) => {
                let body = "";
                res.setEncoding("utf8");
                res.on("data", (chunk) => (body += chunk ?? ""));
                res.on("end", () => {
                    const status = res.statusCode ?? 0;
                    resolve({ status, ok: status >= 200 && status < 300, text: async () => body });
                });
            },
        );
        req.on("timeout", () => req.destroy(new Error("timed out after 30 s")));
        req.on("error", reject);
        req.end(init.body);
    });

/** `https://x/`, `https://x/api/v3`, `https://x/api/v3/` → `https://x`. */
export function authentikBaseUrl(apiUrl: string): string {
    return apiUrl.replace(/\/+$/, "").replace(/\/api\/v3$/, "");
}

/** What a call is for, so its errors say what failed and which permission or object to check. */
interface CallPurpose {
    /** e.g. "start the SCIM sync". */
    doing: string;
    /** The permission a 401/403 points to. */
    permission: string;
    /** What a 404 means. */
    missing: string;
}

/**
 * One authenticated call to authentik's API (`/api/v3/<path>`), JSON in and out. Errors say what to check; the
 * token never appears in them.
 */
export async function authentikCall(
    api: AuthentikApi,
    method: string,
    apiPath: string,
    body: unknown,
    purpose: CallPurpose,
    http: HttpLike = nodeHttp,
): Promise<unknown> {
    const url = `${authentikBaseUrl(api.apiUrl)}/api/v3/${apiPath}`;
    let response: Awaited<ReturnType<HttpLike>>;
    try {
        response = await http(url, {
            method,
            headers: {
                ...(api.headers ?? {}),
                Authorization: `Bearer ${api.apiToken}`,
                "Content-Type": "application/json",
                Accept: "application/json",
            },
            body: body === undefined ? "" : JSON.stringify(body),
            insecure: api.insecure === true,
        });
    } catch (e) {
        throw new Error(
            `could not reach authentik at ${url} (${purpose.doing}): ${(e as Error).message}. ` +
                `Check authentik:url (or authentik.apiUrl) and the network path from where Pulumi runs.`,
        );
    }
    const text = await response.text().catch(() => "");
    if (response.ok) {
        try {
            return text === "" ? undefined : JSON.parse(text);
        } catch {
            return undefined;
        }
    }
    const detail = text.slice(0, 300);
    const hint =
        response.status === 401 || response.status === 403
            ? `the authentik API token was rejected or lacks the permission ${purpose.permission}`
            : response.status === 404
              ? purpose.missing
              : "authentik returned an error";
    throw new Error(
        `${purpose.doing} failed: ${method} ${url} returned HTTP ${response.status}: ${hint}.${detail ? ` Response: ${detail}` : ""}`,
    );
}

/**
 * Saves the SCIM provider through authentik's API (`PATCH /api/v3/providers/scim/{id}/` with its unchanged name),
 * which makes authentik start a full sync.
 */
export async function triggerScimSync(req: ScimSyncRequest, http: HttpLike = nodeHttp): Promise<void> {
    await authentikCall(
        req,
        "PATCH",
        `providers/scim/${encodeURIComponent(req.providerId)}/`,
        { name: req.providerName },
        {
            doing: "starting the SCIM sync",
            permission: "to change SCIM providers (authentik_providers_scim.change_scimprovider)",
            missing: `authentik has no SCIM provider ${req.providerId} (was it deleted outside Pulumi? run pulumi refresh)`,
        },
        http,
    );
}

/** What setting the SAML provider's Default NameID Policy needs. */
export interface NameIdPolicyRequest extends AuthentikApi {
    /** SAML provider primary key (integer as string). */
    providerId: string;
    /** The NameID format, e.g. `urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress`. */
    policy: string;
}

/**
 * Sets the SAML provider's `default_name_id_policy` (`PATCH /api/v3/providers/saml/{id}/`) and reads it back
 * (`GET` of the same path): resolves only when authentik holds exactly `policy`.
 */
export async function setSamlDefaultNameIdPolicy(req: NameIdPolicyRequest, http: HttpLike = nodeHttp): Promise<void> {
    const apiPath = `providers/saml/${encodeURIComponent(req.providerId)}/`;
    const purpose = (doing: string) => ({
        doing,
        permission: "to change SAML providers (authentik_providers_saml.change_samlprovider)",
        missing: `authentik has no SAML provider ${req.providerId} (was it deleted outside Pulumi? run pulumi refresh)`,
    });
    await authentikCall(
        req,
        "PATCH",
        apiPath,
        { default_name_id_policy: req.policy },
        purpose("setting the SAML provider's Default NameID Policy"),
        http,
    );
    const read = (await authentikCall(
        req,
        "GET",
        apiPath,
        undefined,
        purpose("reading back the SAML provider's Default NameID Policy"),
        http,
    )) as { default_name_id_policy?: unknown } | undefined;
    const held = read?.default_name_id_policy;
    if (held !== req.policy) {
        throw new Error(
            `the SAML provider ${req.providerId}'s Default NameID Policy reads back ` +
                `as ${JSON.stringify(held ?? null)}, not ${JSON.stringify(req.policy)}: ` +
                "authentik older than 2025.8 has no such field; upgrade authentik or set it by hand (see the follow-ups).",
        );
    }
}
