/**
 * Starting authentik's SCIM full sync once everything it depends on exists.
 *
 * authentik runs a full SCIM sync when the SCIM provider is saved, but that sync does nothing while the provider is
 * not yet the backchannel provider of an application, and the users it pushes are scoped by the application's policy
 * bindings (authentik ≥ 2026.2). In one `pulumi up` the provider is necessarily created *before* the application and
 * the binding, so its own sync comes too early, and the next one is authentik's hourly schedule: a first deploy would
 * wait for groups that arrive an hour later. Saving the provider again after the binding exists starts the full sync
 * at the right moment.
 */

/** What the trigger needs to reach authentik's API. */
export interface ScimSyncRequest {
    /** authentik base URL, e.g. `https://authentik.example.com` (a trailing `/` or `/api/v3` is accepted). */
    apiUrl: string;
    /** authentik API token with permission to change SCIM providers. */
    apiToken: string;
    /** SCIM provider primary key (integer as string). */
    providerId: string;
    /** The provider's name: re-sent unchanged, so the save changes nothing but starts the sync. */
    providerName: string;
    /** Skip TLS verification, as the authentik provider's `authentik:insecure` does (self-signed authentik). */
    insecure?: boolean;
    /** Extra HTTP headers, as the authentik provider's `authentik:headers` (e.g. for an authenticating proxy). */
    headers?: Record<string, string>;
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
            { method: init.method, headers: { ...init.headers, "Content-Length": Buffer.byteLength(init.body) }, rejectUnauthorized: !init.insecure, timeout: 30000 },
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

/**
 * Saves the SCIM provider through authentik's API (`PATCH /api/v3/providers/scim/{id}/` with its unchanged name),
 * which makes authentik start a full sync. Errors say what to check; the token never appears in them.
 */
export async function triggerScimSync(req: ScimSyncRequest, http: HttpLike = nodeHttp): Promise<void> {
    const url = `${authentikBaseUrl(req.apiUrl)}/api/v3/providers/scim/${encodeURIComponent(req.providerId)}/`;
    let response: Awaited<ReturnType<HttpLike>>;
    try {
        response = await http(url, {
            method: "PATCH",
            headers: { ...(req.headers ?? {}), Authorization: `Bearer ${req.apiToken}`, "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify({ name: req.providerName }),
            insecure: req.insecure === true,
        });
    } catch (e) {
        throw new Error(`could not reach authentik at ${url} to start the SCIM sync: ${(e as Error).message}. Check authentik:url (or authentik.apiUrl) and the network path from where Pulumi runs.`);
    }
    if (response.ok) return;
    const detail = (await response.text().catch(() => "")).slice(0, 300);
    const hint =
        response.status === 401 || response.status === 403
            ? "the authentik API token was rejected or lacks the permission to change SCIM providers (authentik_providers_scim.change_scimprovider)"
            : response.status === 404
              ? `authentik has no SCIM provider ${req.providerId} (was it deleted outside Pulumi? run pulumi refresh)`
              : "authentik returned an error";
    throw new Error(`starting the SCIM sync failed: PATCH ${url} returned HTTP ${response.status}: ${hint}.${detail ? ` Response: ${detail}` : ""}`);
}
