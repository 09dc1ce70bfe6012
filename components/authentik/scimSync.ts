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
}

type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body: string }) => Promise<{ status: number; ok: boolean; text(): Promise<string> }>;

/** `https://x/`, `https://x/api/v3`, `https://x/api/v3/` → `https://x`. */
export function authentikBaseUrl(apiUrl: string): string {
    return apiUrl.replace(/\/+$/, "").replace(/\/api\/v3$/, "");
}

/**
 * Saves the SCIM provider through authentik's API (`PATCH /api/v3/providers/scim/{id}/` with its unchanged name),
 * which makes authentik start a full sync. Errors say what to check; the token never appears in them.
 */
export async function triggerScimSync(req: ScimSyncRequest, fetchImpl?: FetchLike): Promise<void> {
    // Resolved at call time, not captured: this runs inside a serialized dynamic provider.
    const doFetch: FetchLike = fetchImpl ?? ((globalThis as { fetch?: unknown }).fetch as FetchLike);
    const url = `${authentikBaseUrl(req.apiUrl)}/api/v3/providers/scim/${encodeURIComponent(req.providerId)}/`;
    let response: Awaited<ReturnType<FetchLike>>;
    try {
        response = await doFetch(url, {
            method: "PATCH",
            headers: { Authorization: `Bearer ${req.apiToken}`, "Content-Type": "application/json", Accept: "application/json" },
            body: JSON.stringify({ name: req.providerName }),
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
