/**
 * # In-process fake of the AWS Identity Store API (benchmark only)
 *
 * **Replaces:** moto's Identity Store for the 10,000-user benchmark. moto answers correctly but too slowly to SEED
 * that size on this machine (measured: 500 CreateGroup calls in 66 s at 16 in flight, then HTTP 500s under
 * concurrency; 10,500 users and 10,000 memberships would take most of an hour). The diagnosis itself is timed against
 * moto at smaller sizes too (`--identity-store moto`).
 *
 * **Contract:** the Identity Store JSON 1.1 protocol as the AWS SDK v3 client speaks it (`X-Amz-Target:
 * AWSIdentityStore.<Operation>`), for ListUsers, ListGroups and ListGroupMemberships with `MaxResults` (1..100,
 * default 100 as on AWS) and an opaque `NextToken`
 * (https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_ListGroupMemberships.html), and the
 * response shapes of User, Group and GroupMembership; every answer is parsed by the SDK's own deserializer, so a
 * shape it does not accept fails the benchmark. Seeding is in-process (no API). Nothing else is modelled.
 */
import * as http from "node:http";

export interface FakeStore {
    users: { UserId: string; UserName: string; DisplayName: string }[];
    groups: { GroupId: string; DisplayName: string }[];
    /** GroupId → memberships. */
    memberships: Map<string, { MembershipId: string; UserId: string }[]>;
}

function page<T>(items: T[], body: { MaxResults?: number; NextToken?: string }): { items: T[]; NextToken?: string } {
    const size = Math.min(Math.max(body.MaxResults ?? 100, 1), 100);
    const start = body.NextToken ? Number(Buffer.from(body.NextToken, "base64").toString("utf8")) : 0;
    const next = start + size;
    return { items: items.slice(start, next), NextToken: next < items.length ? Buffer.from(String(next)).toString("base64") : undefined };
}

export async function startFakeIdentityStore(store: FakeStore): Promise<{ endpoint: string; close: () => Promise<void> }> {
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const op = String(req.headers["x-amz-target"] ?? "").replace(/^AWSIdentityStore\./, "");
            const body = JSON.parse(Buffer.concat(chunks).toString("utf8") || "{}");
            const storeId = body.IdentityStoreId as string;
            let out: unknown;
            if (op === "ListUsers") {
                const p = page(store.users, body);
                out = { Users: p.items.map((u) => ({ IdentityStoreId: storeId, ...u })), NextToken: p.NextToken };
            } else if (op === "ListGroups") {
                const p = page(store.groups, body);
                out = { Groups: p.items.map((g) => ({ IdentityStoreId: storeId, ...g })), NextToken: p.NextToken };
            } else if (op === "ListGroupMemberships") {
                const p = page(store.memberships.get(body.GroupId) ?? [], body);
                out = { GroupMemberships: p.items.map((m) => ({ IdentityStoreId: storeId, MembershipId: m.MembershipId, GroupId: body.GroupId, MemberId: { UserId: m.UserId } })), NextToken: p.NextToken };
            } else {
                res.writeHead(400, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "ValidationException" });
                res.end(JSON.stringify({ __type: "ValidationException", message: `the benchmark fake does not implement ${op}` }));
                return;
            }
            res.writeHead(200, { "Content-Type": "application/x-amz-json-1.1" });
            res.end(JSON.stringify(out));
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as { port: number };
    return { endpoint: `http://127.0.0.1:${port}`, close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }) };
}
