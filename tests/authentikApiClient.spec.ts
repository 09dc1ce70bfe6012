import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import type * as http from "node:http";
import * as https from "node:https";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederation } from "../components";
import { authentikBaseUrl, triggerScimSync } from "../components/authentik/authentikApiClient";
import {
    SCIM_SYNC_TRIGGER_TYPE,
    ScimSyncTrigger,
    scimSyncTriggerProvider,
    ScimSyncTriggerState,
} from "../components/authentik/scimSyncTrigger";
import { SCIM_PRINCIPAL_WAIT_TYPE } from "../components/aws/scimPrincipalWait";
import { isSecretValue, record, unsecret, valueOf, withoutSecrets } from "./harness/mocks";
import { seedArgs } from "./harness/args";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (code: string) => { handler(): pulumi.dynamic.ResourceProvider } = require("require-from-string");

interface Call {
    url: string;
    method: string;
    headers: Record<string, string>;
    body: string;
    insecure: boolean;
}
function fakeFetch(status = 200, body = "{}") {
    const calls: Call[] = [];
    const fn = async (url: string, init: { method: string; headers: Record<string, string>; body: string; insecure: boolean }) => {
        calls.push({ url, ...init });
        return { status, ok: status >= 200 && status < 300, text: async () => body };
    };
    return { calls, fn };
}

/** A local HTTPS server with a self-signed certificate (test-only key pair in tests/fixtures), recording requests. */
// Written as prettier 3.10.1 prints it on its second pass (its first pass turns the one-line form into another).
async function localAuthentik(status = 200): Promise<{
    url: string;
    requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[];
    close(): Promise<void>;
}> {
    const requests: { method: string; url: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
    const server = https.createServer(
        {
            key: fs.readFileSync(path.join(__dirname, "fixtures", "test-only-localhost.key")),
            cert: fs.readFileSync(path.join(__dirname, "fixtures", "test-only-localhost.crt")),
        },
        (req, res) => {
            let body = "";
            req.on("data", (c) => (body += c));
            req.on("end", () => {
                requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
                res.writeHead(status, { "Content-Type": "application/json" });
                res.end(status === 200 ? "{}" : '{"detail":"nope"}');
            });
        },
    );
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    return { url: `https://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) };
}

const REQUEST = {
    apiUrl: "https://authentik.example.com/",
    apiToken: "ak-token-secret",
    providerId: "42",
    providerName: "AWS Console (SCIM)",
};

describe("the SCIM sync trigger", () => {
    it("saves the SCIM provider unchanged through authentik's API (PATCH with its name), which starts the full sync", async () => {
        const f = fakeFetch();
        await triggerScimSync(REQUEST, f.fn);
        assert.equal(f.calls.length, 1);
        assert.equal(f.calls[0].url, "https://authentik.example.com/api/v3/providers/scim/42/");
        assert.equal(f.calls[0].method, "PATCH");
        assert.equal(f.calls[0].headers.Authorization, "Bearer ak-token-secret");
        assert.deepEqual(JSON.parse(f.calls[0].body), { name: "AWS Console (SCIM)" });
        assert.equal(f.calls[0].insecure, false);
    });

    it("passes the authentik provider's extra headers and insecure flag", async () => {
        const f = fakeFetch();
        await triggerScimSync({ ...REQUEST, insecure: true, headers: { "X-Proxy-Auth": "p" } }, f.fn);
        assert.equal(f.calls[0].insecure, true);
        assert.equal(f.calls[0].headers["X-Proxy-Auth"], "p");
        assert.equal(f.calls[0].headers.Authorization, "Bearer ak-token-secret", "a header cannot replace the token");
    });

    it("accepts the base URL with or without /api/v3", () => {
        for (const u of [
            "https://a.example.com",
            "https://a.example.com/",
            "https://a.example.com/api/v3",
            "https://a.example.com/api/v3/",
        ]) {
            assert.equal(authentikBaseUrl(u), "https://a.example.com");
        }
    });

    it("explains rejected tokens, missing providers and network errors without printing the token", async () => {
        await assert.rejects(
            triggerScimSync(REQUEST, fakeFetch(403, '{"detail":"denied"}').fn),
            (e: Error) => /HTTP 403/.test(e.message) && /change_scimprovider/.test(e.message) && !e.message.includes(REQUEST.apiToken),
        );
        await assert.rejects(triggerScimSync(REQUEST, fakeFetch(404).fn), /no SCIM provider 42/);
        await assert.rejects(
            triggerScimSync(REQUEST, async () => {
                throw new Error("ECONNREFUSED");
            }),
            (e: Error) =>
                /could not reach authentik/.test(e.message) && /ECONNREFUSED/.test(e.message) && !e.message.includes(REQUEST.apiToken),
        );
    });

    describe("its dynamic provider, as Pulumi serializes and reloads it, against a local HTTPS authentik", () => {
        let provider: pulumi.dynamic.ResourceProvider;
        let server: Awaited<ReturnType<typeof localAuthentik>>;
        before(async () => {
            const serialized = await pulumi.runtime.serializeFunction(() => scimSyncTriggerProvider, { allowSecrets: true });
            provider = requireFromString(serialized.text).handler();
        });
        beforeEach(async () => {
            server = await localAuthentik();
        });
        afterEach(() => server.close());
        const state = (o: Partial<ScimSyncTriggerState> = {}): ScimSyncTriggerState => ({
            ...REQUEST,
            apiUrl: server.url,
            insecure: true,
            scope: ["app", "g1"],
            ...o,
        });

        it("create starts the sync once, with the token, over TLS", async () => {
            const r = await provider.create!(state());
            assert.equal(r.id, "scim-sync-42");
            assert.equal(server.requests.length, 1);
            assert.equal(server.requests[0].method, "PATCH");
            assert.equal(server.requests[0].url, "/api/v3/providers/scim/42/");
            assert.equal(server.requests[0].headers.authorization, "Bearer ak-token-secret");
            assert.deepEqual(JSON.parse(server.requests[0].body), { name: "AWS Console (SCIM)" });
        });

        it("verifies TLS unless insecure is set, as the authentik provider does", async () => {
            await assert.rejects(provider.create!(state({ insecure: false })), /could not reach authentik.*certificate/i);
            assert.equal(server.requests.length, 0);
        });

        it("a changed scope syncs again; a new token, URL, TLS flag or headers are only recorded; another provider replaces", async () => {
            assert.deepEqual(await provider.diff!("x", state(), state({ scope: ["g1", "app"] })), {
                changes: false,
                replaces: [],
                deleteBeforeReplace: false,
            });
            const scope = await provider.diff!("x", state(), state({ scope: ["app", "g1", "g2"] }));
            assert.equal(scope.changes, true);
            assert.deepEqual(scope.replaces, []);
            for (const o of [
                { apiToken: "rotated" },
                { apiUrl: "https://other.example.com" },
                { insecure: false },
                { headers: { "X-A": "b" } },
                { providerName: "renamed" },
            ]) {
                const d = await provider.diff!("x", state(), state(o));
                assert.equal(d.changes, true, JSON.stringify(o));
                assert.deepEqual(d.replaces, [], JSON.stringify(o));
            }
            await provider.update!("x", state(), state({ scope: ["app", "g1", "g2"] }));
            assert.equal(server.requests.length, 1, "scope change re-syncs");
            await provider.update!("x", state(), state({ apiToken: "rotated" }));
            assert.equal(server.requests.length, 1, "token rotation does not sync");
            assert.deepEqual((await provider.diff!("x", state(), state({ providerId: "43" }))).replaces, ["providerId"]);
        });
    });

    it("stores the API token and the extra headers as secrets, even when passed in plain text", async () => {
        let seenOpts: pulumi.CustomResourceOptions | undefined;
        const rec = await record(() => {
            new ScimSyncTrigger(
                "t",
                {
                    apiUrl: "https://a.example.com",
                    apiToken: "plain-token",
                    providerId: "42",
                    providerName: "n",
                    scope: ["x"],
                    headers: { "X-P": "plain-header" },
                },
                { transformations: [(a) => ((seenOpts = a.opts as pulumi.CustomResourceOptions), undefined)] },
            );
        });
        const inputs = rec.ofType(SCIM_SYNC_TRIGGER_TYPE)[0].inputs;
        assert.ok(isSecretValue(inputs.apiToken));
        assert.ok(isSecretValue(inputs.headers));
        assert.deepEqual(seenOpts?.additionalSecretOutputs, ["apiToken", "headers"]);
    });

    describe("in the component", () => {
        const withApi = () => {
            const a = seedArgs();
            a.authentik.apiToken = "ak-token-secret";
            return a;
        };
        const withoutApi = () => {
            const a = seedArgs();
            delete a.authentik.apiUrl;
            delete a.authentik.apiToken;
            return a;
        };

        it("runs after the SCIM provider, the application and the binding, and every SCIM wait runs after it", async () => {
            const rec = await record(() => new AwsIdentityCenterFederation("fed", withApi()));
            const trigger = rec.ofType(SCIM_SYNC_TRIGGER_TYPE);
            assert.equal(trigger.length, 1);
            assert.equal(trigger[0].name, "fed-scim-sync");
            for (const n of ["fed-scim-provider", "fed-application", "fed-users-binding"])
                assert.ok(trigger[0].dependencies.includes(rec.named(n).urn), n);
            assert.equal(trigger[0].inputs.providerId, rec.named("fed-scim-provider").id);
            assert.equal(trigger[0].inputs.providerName, rec.named("fed-scim-provider").inputs.name);
            const scope: string[] = trigger[0].inputs.scope;
            for (const s of [
                "akgroup-aws-administrators",
                "akgroup-aws-users",
                "appuuid-aws-console",
                rec.named("fed-nameid-mapping").id!,
                rec.named("fed-scim-user-mapping").id!,
            ]) {
                assert.ok(scope.includes(s), `scope has ${s}`);
            }
            assert.equal(scope.filter((x) => x.startsWith("mappings:")).length, 1, "and a digest of the expressions");
            assert.ok(isSecretValue(trigger[0].inputs.apiToken));
            assert.equal(unsecret(trigger[0].inputs.apiToken), "ak-token-secret");
            for (const w of rec.ofType(SCIM_PRINCIPAL_WAIT_TYPE)) assert.ok(w.dependencies.includes(trigger[0].urn), w.name);
            const own = rec.ofType("aws-identity-center:index:AwsIdentityCenterFederation")[0].inputs;
            assert.ok(
                !JSON.stringify(withoutSecrets(own)).includes("ak-token-secret"),
                "the API token is secret in the component's own inputs",
            );
            assert.ok(JSON.stringify(own).includes("ak-token-secret"), "(and it is there, inside a secret)");
        });

        it("re-syncs when the identity attribute changes (the mappings' digest is part of the scope)", async () => {
            const scopeOf = async (identityAttribute: "email" | "username") => {
                const rec = await record(() => new AwsIdentityCenterFederation("fed", { ...withApi(), identityAttribute }));
                return JSON.stringify(rec.ofType(SCIM_SYNC_TRIGGER_TYPE)[0].inputs.scope);
            };
            assert.notEqual(await scopeOf("email"), await scopeOf("username"));
        });

        it("reads the authentik provider's own config when no API arguments are given", async () => {
            pulumi.runtime.setAllConfig(
                {
                    "authentik:url": "https://ak.example.org",
                    "authentik:token": "cfg-token",
                    "authentik:insecure": "true",
                    "authentik:headers": '{"X-Proxy":"p"}',
                },
                ["authentik:token", "authentik:headers"],
            );
            try {
                const rec = await record(() => new AwsIdentityCenterFederation("fed", withoutApi()));
                const trigger = rec.ofType(SCIM_SYNC_TRIGGER_TYPE)[0];
                assert.equal(trigger.inputs.apiUrl, "https://ak.example.org");
                assert.equal(unsecret(trigger.inputs.apiToken), "cfg-token");
                assert.equal(trigger.inputs.insecure, true);
                assert.ok(isSecretValue(trigger.inputs.headers));
                assert.deepEqual(unsecret(trigger.inputs.headers), { "X-Proxy": "p" });
            } finally {
                pulumi.runtime.setAllConfig({}, []);
            }
        });

        it("honours AUTHENTIK_INSECURE like the authentik provider does", async () => {
            const saved = process.env.AUTHENTIK_INSECURE;
            process.env.AUTHENTIK_INSECURE = "true";
            try {
                const rec = await record(() => new AwsIdentityCenterFederation("fed", withApi()));
                assert.equal(rec.ofType(SCIM_SYNC_TRIGGER_TYPE)[0].inputs.insecure, true);
            } finally {
                if (saved === undefined) delete process.env.AUTHENTIK_INSECURE;
                else process.env.AUTHENTIK_INSECURE = saved;
            }
            const plain = await record(() => new AwsIdentityCenterFederation("fed", withApi()));
            assert.notEqual(plain.ofType(SCIM_SYNC_TRIGGER_TYPE)[0].inputs.insecure, true);
        });

        it("without API access: no trigger, and a follow-up says how to start the sync", async () => {
            const saved = { url: process.env.AUTHENTIK_URL, token: process.env.AUTHENTIK_TOKEN };
            delete process.env.AUTHENTIK_URL;
            delete process.env.AUTHENTIK_TOKEN;
            const warnings: string[] = [];
            const warn = pulumi.log.warn;
            (pulumi.log as { warn: typeof warn }).warn = (msg: string) => {
                warnings.push(msg);
                return Promise.resolve();
            };
            try {
                const rec = await record(() => new AwsIdentityCenterFederation("fed", withoutApi()));
                assert.equal(rec.ofType(SCIM_SYNC_TRIGGER_TYPE).length, 0);
                assert.ok(
                    warnings.some(
                        (w) => /authentik API access is not configured/.test(w) && /every 4 hours/.test(w) && /does not retry/.test(w),
                    ),
                    warnings.join("\n"),
                );
                const followUps = await valueOf((rec.result as AwsIdentityCenterFederation).followUps);
                assert.ok(
                    followUps.some((f) => f.includes("Run sync")),
                    followUps.join("\n"),
                );
                // Nobody set the Default NameID Policy: the follow-up gives the exact click path.
                assert.ok(
                    followUps.some(
                        (f) =>
                            f.includes('Providers → the SAML provider of "aws-console" → Edit → Advanced protocol settings') &&
                            f.includes("Default NameID Policy"),
                    ),
                    followUps.join("\n"),
                );
                assert.equal(rec.ofType("pulumi-nodejs:dynamic:SamlNameIdPolicy").length, 0);
                const withApiRec = await record(() => new AwsIdentityCenterFederation("fed", withApi()));
                const f2 = await valueOf((withApiRec.result as AwsIdentityCenterFederation).followUps);
                assert.ok(!f2.some((f) => f.includes("Run sync")));
                assert.ok(!f2.some((f) => f.includes("Default NameID Policy")));
            } finally {
                (pulumi.log as { warn: typeof warn }).warn = warn;
                if (saved.url !== undefined) process.env.AUTHENTIK_URL = saved.url;
                if (saved.token !== undefined) process.env.AUTHENTIK_TOKEN = saved.token;
            }
        });
    });
});
