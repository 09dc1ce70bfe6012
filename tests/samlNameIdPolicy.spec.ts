import { strict as assert } from "node:assert";
import * as http from "node:http";
import * as pulumi from "@pulumi/pulumi";
import { setSamlDefaultNameIdPolicy } from "../components/authentik/authentikApiClient";
import { NAMEID_FORMAT_EMAIL } from "../components/authentik/mappings";
import { samlNameIdPolicyProvider, SamlNameIdPolicyState } from "../components/authentik/samlNameIdPolicy";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (code: string) => { handler(): pulumi.dynamic.ResourceProvider } = require("require-from-string");

/** A local authentik API that keeps SAML providers' default_name_id_policy (or ignores it, like authentik < 2025.8). */
async function samlApi(opts: { ignoresField?: boolean } = {}) {
    const requests: { method: string; url: string; auth?: string; body: string }[] = [];
    const providers: { [id: string]: { pk: number; default_name_id_policy?: string } } = { "7": { pk: 7 } };
    const server = http.createServer((req, res) => {
        let body = "";
        req.on("data", (c) => (body += c));
        req.on("end", () => {
            requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
            const id = /^\/api\/v3\/providers\/saml\/(\d+)\/$/.exec(req.url ?? "")?.[1];
            const p = id === undefined ? undefined : providers[id];
            if (!p) {
                res.writeHead(404).end('{"detail":"Not found."}');
                return;
            }
            if (req.method === "PATCH" && !opts.ignoresField) Object.assign(p, JSON.parse(body));
            res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(p));
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    return { url, requests, providers, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe("the SAML provider's Default NameID Policy (set through authentik's API, read back)", () => {
    let provider: pulumi.dynamic.ResourceProvider;
    before(async () => {
        // Exactly what Pulumi stores and reloads: the serialized closure, without ts-node.
        const serialized = await pulumi.runtime.serializeFunction(() => samlNameIdPolicyProvider, { allowSecrets: true });
        assert.ok(!serialized.text.includes("ak-token-secret"));
        provider = requireFromString(serialized.text).handler();
    });
    const state = (url: string, o: Partial<SamlNameIdPolicyState> = {}): SamlNameIdPolicyState => ({
        apiUrl: url,
        apiToken: "ak-token-secret",
        providerId: "7",
        policy: NAMEID_FORMAT_EMAIL,
        ...o,
    });

    it("create: PATCH default_name_id_policy, then GET to verify, with the token", async () => {
        const api = await samlApi();
        try {
            const r = await provider.create!(state(api.url));
            assert.equal(r.id, "saml-nameid-policy-7");
            assert.deepEqual(
                api.requests.map((q) => `${q.method} ${q.url}`),
                ["PATCH /api/v3/providers/saml/7/", "GET /api/v3/providers/saml/7/"],
            );
            assert.deepEqual(JSON.parse(api.requests[0].body), { default_name_id_policy: NAMEID_FORMAT_EMAIL });
            assert.equal(api.requests[0].auth, "Bearer ak-token-secret");
            assert.equal(api.providers["7"].default_name_id_policy, NAMEID_FORMAT_EMAIL);
        } finally {
            await api.close();
        }
    });

    it("fails when the value does not read back (authentik without the field), without printing the token", async () => {
        const api = await samlApi({ ignoresField: true });
        try {
            await assert.rejects(
                setSamlDefaultNameIdPolicy(state(api.url)),
                (e: Error) => /reads back as null/.test(e.message) && /2025\.8/.test(e.message) && !e.message.includes("ak-token-secret"),
            );
            await assert.rejects(setSamlDefaultNameIdPolicy(state(api.url, { providerId: "8" })), /no SAML provider 8/);
        } finally {
            await api.close();
        }
    });

    it("a replaced SAML provider (new id) replaces the resource, so the policy is set again; a new token is only recorded", async () => {
        const api = await samlApi();
        try {
            assert.deepEqual((await provider.diff!("x", state(api.url), state(api.url, { providerId: "9" }))).replaces, ["providerId"]);
            assert.deepEqual(await provider.diff!("x", state(api.url), state(api.url)), {
                changes: false,
                replaces: [],
                deleteBeforeReplace: false,
            });
            await provider.update!("x", state(api.url), state(api.url, { apiToken: "rotated" }));
            assert.equal(api.requests.length, 0);
            await provider.update!("x", state(api.url), state(api.url, { policy: "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent" }));
            assert.equal(api.requests.length, 2);
        } finally {
            await api.close();
        }
    });
});
