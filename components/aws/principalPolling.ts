import type { IdentitystoreClient } from "@aws-sdk/client-identitystore";

/**
 * Waiting for a principal that authentik's SCIM sync has not created yet (the classic "group not found" failure of
 * Terraform modules on a first apply: "group not found on first run"). Instead of failing the deployment, or needing
 * two runs, the component polls the Identity Store for the group's or user's ID with a bounded exponential back-off.
 *
 * This module is captured by value when Pulumi serializes the dynamic provider that calls it (scimPrincipalWait.ts),
 * so it holds only plain functions and data (no Sets: the serializer copies them as bare objects; no names of
 * globals such as `describe`, which the serializer would resolve to the global) and loads the AWS SDK when it runs.
 */

export interface PrincipalWaitRequest {
    kind: "group" | "user";
    identityStoreId: string;
    /** Group display name or user userName, exactly as SCIM provisioned it. */
    name: string;
    timeoutMs: number;
    initialDelayMs: number;
    maxDelayMs: number;
}

type LookupRequest = Pick<PrincipalWaitRequest, "kind" | "identityStoreId" | "name">;

export interface PrincipalWaitDeps {
    sleep?(ms: number): Promise<void>;
    now?(): number;
    /** A number in [0, 1) that shortens each delay by up to 10% so parallel waits spread out. Default Math.random. */
    random?(): number;
}

export interface PrincipalWaitResult {
    id: string;
    /** Identity Store calls made, the successful one included. */
    polls: number;
}

const JITTER_FRACTION = 0.1;

type Outcome = "missing" | "retry" | "fatal";

/** Smithy errors carry the exception name and the HTTP status; network errors carry a Node error code. */
interface AwsLikeError {
    name?: string;
    code?: string;
    message?: string;
    ResourceType?: string;
    $retryable?: unknown;
    $metadata?: { httpStatusCode?: number };
}

// Plain arrays, not Sets: Pulumi's closure serializer copies a Set as a bare object, which breaks `has`.
const TRANSIENT_NAMES: readonly string[] = [
    "ThrottlingException",
    "InternalServerException",
    "ServiceUnavailableException",
    "RequestTimeout",
    "RequestTimeoutException",
    "TimeoutError",
];
const NETWORK_CODES: readonly string[] = [
    "ECONNRESET",
    "ECONNREFUSED",
    "ETIMEDOUT",
    "EPIPE",
    "ENOTFOUND",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
];

function classify(error: AwsLikeError): Outcome {
    if (error.name === "ResourceNotFoundException") {
        // A missing identity store will never appear by waiting; a missing group or user might.
        return error.ResourceType === "IDENTITY_STORE" ? "fatal" : "missing";
    }
    const status = error.$metadata?.httpStatusCode;
    if (TRANSIENT_NAMES.includes(error.name ?? "") || (status !== undefined && status >= 500) || error.$retryable !== undefined)
        return "retry";
    if (error.code !== undefined && NETWORK_CODES.includes(error.code)) return "retry";
    if (error.name === "NetworkingError" || (status === undefined && error.name === "Error" && /socket|network/i.test(error.message ?? "")))
        return "retry";
    return "fatal";
}

function operation(kind: PrincipalWaitRequest["kind"]): string {
    return kind === "group" ? "GetGroupId" : "GetUserId";
}

function describePrincipal(req: LookupRequest): string {
    return `the IAM Identity Center ${req.kind} ${JSON.stringify(req.name)} in identity store ${req.identityStoreId}`;
}

function fatalError(req: LookupRequest, error: AwsLikeError): Error {
    const op = operation(req.kind);
    const cause = `${error.name ?? "Error"}: ${error.message ?? String(error)}`;
    let advice: string;
    if (error.name === "AccessDeniedException") {
        advice =
            `The deploying identity needs the IAM permission identitystore:${op} on the identity store ` +
            `(arn:aws:identitystore::<account>:identitystore/${req.identityStoreId} and the ${req.kind}s in it).`;
    } else if (error.name === "ValidationException") {
        advice =
            `Identity Store rejected the request: check that identityStoreId is the store of this ` +
            `Identity Center instance ("d-" and 10 hex digits) and the ${req.kind === "group" ? "display name" : "userName"} ` +
            `is valid. The deploying identity needs identitystore:${op}.`;
    } else if (error.name === "ResourceNotFoundException") {
        advice =
            `The identity store ${req.identityStoreId} does not exist in this ` +
            `region: check identityCenter.identityStoreId and identityCenter.region.`;
    } else {
        advice = `Not retried. The deploying identity needs identitystore:${op}; check the AWS credentials and identityCenter.region.`;
    }
    return new Error(`Could not look up ${describePrincipal(req)} (identitystore:${op}): ${cause}. ${advice}`);
}

function timeoutError(req: PrincipalWaitRequest, waitedMs: number, polls: number, lastTransient: string | undefined): Error {
    const checks =
        req.kind === "group"
            ? [
                  `the group is in the authentik SCIM provider's group filter (it is when an assignment ` +
                      `names it or it is in authentik.scimGroups, unless its ID is pinned in principalIds.groups)`,
                  `the group has members in the application's scope: authentik only syncs users ` +
                      `that the application's policy bindings admit (members of authentik.usersGroup)`,
              ]
            : [
                  `the user is a member of authentik.usersGroup: authentik only syncs users that the application's policy bindings admit`,
                  `the user's identity attribute (email or username) is set and email-shaped, ` +
                      `and ${JSON.stringify(req.name)} is exactly the trimmed, lower-cased value SCIM sends as userName`,
              ];
    checks.push(
        "the SCIM sync ran: saving the provider starts a full sync, and authentik " +
            "runs one every hour (see the provider's sync status in authentik)",
        "dry-run is off on the SCIM provider (authentik.scimDryRun, or the dry-run authentik switches on when migrating filter_group)",
        "the SCIM token is valid (it expires after one year; a 401 in the sync log means a bad token or tenant URL)",
    );
    const seconds = Math.round(waitedMs / 1000);
    return new Error(
        `Timed out after ${seconds} s (${polls} lookups with identitystore:${operation(req.kind)}) ` +
            `waiting for ${describePrincipal(req)} to be created by authentik's SCIM sync.` +
            (lastTransient !== undefined ? ` The last lookup failed with ${lastTransient}.` : "") +
            ` Check that:\n${checks.map((c) => `  - ${c}`).join("\n")}\n` +
            `Or pin the ${req.kind}'s ID in principalIds.${req.kind}s, or raise principalWait.timeoutSeconds.`,
    );
}

/** One GetGroupId (by `displayName`) or GetUserId (by `userName`) call; errors are the SDK's. */
async function sendLookup(client: IdentitystoreClient, req: LookupRequest): Promise<string | undefined> {
    // Loaded here, not at the top, so the serialized dynamic provider does not capture the SDK module by value.
    const sdk: typeof import("@aws-sdk/client-identitystore") = require("@aws-sdk/client-identitystore");
    if (req.kind === "group") {
        const out = await client.send(
            new sdk.GetGroupIdCommand({
                IdentityStoreId: req.identityStoreId,
                AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: req.name } },
            }),
        );
        return out.GroupId;
    }
    const out = await client.send(
        new sdk.GetUserIdCommand({
            IdentityStoreId: req.identityStoreId,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: req.name } },
        }),
    );
    return out.UserId;
}

/**
 * A single lookup without waiting: the principal's ID, or `undefined` when the group or user does not exist (for
 * `refresh`, where a deleted and re-created principal has a new ID). Every other error is thrown, explained.
 */
export async function findPrincipal(client: IdentitystoreClient, req: LookupRequest): Promise<string | undefined> {
    try {
        const id = await sendLookup(client, req);
        return id === "" ? undefined : id;
    } catch (e) {
        const error = (e ?? {}) as AwsLikeError;
        if (classify(error) === "missing") return undefined;
        throw fatalError(req, error);
    }
}

const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Polls `GetGroupId` (by `displayName`) or `GetUserId` (by `userName`) until the principal exists, then returns its
 * ID. Not found → wait and poll again; throttling, 5xx and network errors → wait and retry (the time counts against
 * the timeout); anything else (access denied, validation) → fail at once, naming the IAM permission needed.
 * Delays start at `initialDelayMs`, double after each miss, never exceed `maxDelayMs` nor the time left; the last
 * poll happens at the deadline.
 */
export async function waitForPrincipal(
    client: IdentitystoreClient,
    req: PrincipalWaitRequest,
    deps: PrincipalWaitDeps = {},
): Promise<PrincipalWaitResult> {
    const sleep = deps.sleep ?? realSleep;
    const now = deps.now ?? Date.now;
    const random = deps.random ?? Math.random;
    const start = now();
    let delay = Math.min(Math.max(0, req.initialDelayMs), req.maxDelayMs);
    let polls = 0;
    let lastTransient: string | undefined;
    for (;;) {
        polls++;
        try {
            const id = await sendLookup(client, req);
            if (id !== undefined && id !== "") return { id, polls };
            lastTransient = "an empty ID";
        } catch (e) {
            const error = (e ?? {}) as AwsLikeError;
            const outcome = classify(error);
            if (outcome === "fatal") throw fatalError(req, error);
            lastTransient = outcome === "retry" ? `${error.name ?? error.code ?? "Error"}: ${error.message ?? ""}` : undefined;
        }
        const elapsed = now() - start;
        if (elapsed >= req.timeoutMs) throw timeoutError(req, elapsed, polls, lastTransient);
        const jittered = delay * (1 - JITTER_FRACTION * Math.min(Math.max(random(), 0), 1));
        await sleep(Math.max(0, Math.min(jittered, req.timeoutMs - elapsed)));
        // At least 1 ms, so a zero initial delay still backs off instead of spinning.
        delay = Math.min(Math.max(delay * 2, 1), req.maxDelayMs);
    }
}
