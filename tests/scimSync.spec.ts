import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederation } from "../components";
import { authentikBaseUrl, triggerScimSync } from "../components/authentik/scimSync";
import { SCIM_SYNC_TRIGGER_TYPE, scimSyncTriggerProvider, ScimSyncTriggerState } from "../components/authentik/scimSyncTrigger";
import { SCIM_PRINCIPAL_WAIT_TYPE } from "../components/aws/principalWaiter";
import { isSecretValue, record, unsecret, valueOf, withoutSecrets } from "./harness/mocks";
import { seedArgs } from "./harness/args";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (code: string) => { handler(): pulumi.dynamic.ResourceProvider } = require("require-from-string");

interface Call { url: string; method: string; headers: Record<string, string>; body: string }
function fakeFetch(status = 200, body = "{}") {
    const calls: Call[] = [];
    const fn = async (url: string, init: { method: string; headers: Record<string, string>; body: string }) => {
        calls.push({ url, ...init });
        return { status, ok: status >= 200 && status < 300, text: async () => body };
    };
    return { calls, fn };
}

const REQUEST = { apiUrl: "https://authentik.example.com/", apiToken: "ak-token-secret", providerId: "42", providerName: "AWS Console (SCIM)" };

describe("the SCIM sync trigger", () => {
    it("saves the SCIM provider unchanged through authentik's API (PATCH with its name), which starts the full sync", async () => {
        const f = fakeFetch();
        await triggerScimSync(REQUEST, f.fn);
        assert.equal(f.calls.length, 1);
        assert.equal(f.calls[0].url, "https://authentik.example.com/api/v3/providers/scim/42/");
        assert.equal(f.calls[0].method, "PATCH");
        assert.equal(f.calls[0].headers.Authorization, "Bearer ak-token-secret");
        assert.deepEqual(JSON.parse(f.calls[0].body), { name: "AWS Console (SCIM)" });
    });

    it("accepts the base URL with or without /api/v3", () => {
        for (const u of ["https://a.example.com", "https://a.example.com/", "https://a.example.com/api/v3", "https://a.example.com/api/v3/"]) {
            assert.equal(authentikBaseUrl(u), "https://a.example.com");
        }
    });

    it("explains rejected tokens, missing providers and network errors without printing the token", async () => {
        await assert.rejects(triggerScimSync(REQUEST, fakeFetch(403, '{"detail":"denied"}').fn), (e: Error) => /HTTP 403/.test(e.message) && /change_scimprovider/.test(e.message) && !e.message.includes(REQUEST.apiToken));
        await assert.rejects(triggerScimSync(REQUEST, fakeFetch(404).fn), /no SCIM provider 42/);
        await assert.rejects(
            triggerScimSync(REQUEST, async () => { throw new Error("ECONNREFUSED"); }),
            (e: Error) => /could not reach authentik/.test(e.message) && /ECONNREFUSED/.test(e.message),
        );
    });

    describe("its dynamic provider, as Pulumi serializes and reloads it", () => {
        let provider: pulumi.dynamic.ResourceProvider;
        let saved: typeof globalThis.fetch;
        let f: ReturnType<typeof fakeFetch>;
        before(async () => {
            const serialized = await pulumi.runtime.serializeFunction(() => scimSyncTriggerProvider, { allowSecrets: true });
            provider = requireFromString(serialized.text).handler();
            saved = globalThis.fetch;
        });
        beforeEach(() => {
            f = fakeFetch();
            (globalThis as any).fetch = f.fn;
        });
        after(() => {
            globalThis.fetch = saved;
        });
        const state = (o: Partial<ScimSyncTriggerState> = {}): ScimSyncTriggerState => ({ ...REQUEST, scope: ["app", "g1"], ...o });

        it("create starts the sync once", async () => {
            const r = await provider.create!(state());
            assert.equal(r.id, "scim-sync-42");
            assert.equal(f.calls.length, 1);
        });

        it("a changed scope syncs again; a new token or URL is only recorded; another provider replaces", async () => {
            assert.deepEqual(await provider.diff!("x", state(), state({ scope: ["g1", "app"] })), { changes: false, replaces: [], deleteBeforeReplace: false });
            const scope = await provider.diff!("x", state(), state({ scope: ["app", "g1", "g2"] }));
            assert.equal(scope.changes, true);
            assert.deepEqual(scope.replaces, []);
            await provider.update!("x", state(), state({ scope: ["app", "g1", "g2"] }));
            assert.equal(f.calls.length, 1, "scope change re-syncs");
            await provider.update!("x", state(), state({ apiToken: "rotated" }));
            assert.equal(f.calls.length, 1, "token rotation does not sync");
            assert.deepEqual((await provider.diff!("x", state(), state({ providerId: "43" }))).replaces, ["providerId"]);
        });
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
            for (const n of ["fed-scim-provider", "fed-application", "fed-users-binding"]) assert.ok(trigger[0].dependencies.includes(rec.named(n).urn), n);
            assert.equal(trigger[0].inputs.providerId, rec.named("fed-scim-provider").id);
            assert.equal(trigger[0].inputs.providerName, rec.named("fed-scim-provider").inputs.name);
            assert.deepEqual([...trigger[0].inputs.scope].sort(), ["akgroup-aws-administrators", "akgroup-aws-users", "appuuid-aws-console"]);
            assert.ok(isSecretValue(trigger[0].inputs.apiToken));
            assert.equal(unsecret(trigger[0].inputs.apiToken), "ak-token-secret");
            for (const w of rec.ofType(SCIM_PRINCIPAL_WAIT_TYPE)) assert.ok(w.dependencies.includes(trigger[0].urn), w.name);
            const own = rec.ofType("aws-identity-center:index:AwsIdentityCenterFederation")[0].inputs;
            assert.ok(!JSON.stringify(withoutSecrets(own)).includes("ak-token-secret"), "the API token is secret in the component's own inputs");
            assert.ok(JSON.stringify(own).includes("ak-token-secret"), "(and it is there, inside a secret)");
        });

        it("reads the authentik provider's own config when no API arguments are given", async () => {
            pulumi.runtime.setAllConfig({ "authentik:url": "https://ak.example.org", "authentik:token": "cfg-token" }, ["authentik:token"]);
            try {
                const rec = await record(() => new AwsIdentityCenterFederation("fed", withoutApi()));
                const trigger = rec.ofType(SCIM_SYNC_TRIGGER_TYPE)[0];
                assert.equal(trigger.inputs.apiUrl, "https://ak.example.org");
                assert.equal(unsecret(trigger.inputs.apiToken), "cfg-token");
            } finally {
                pulumi.runtime.setAllConfig({}, []);
            }
        });

        it("without API access: no trigger, and a follow-up says how to start the sync", async () => {
            const saved = { url: process.env.AUTHENTIK_URL, token: process.env.AUTHENTIK_TOKEN };
            delete process.env.AUTHENTIK_URL;
            delete process.env.AUTHENTIK_TOKEN;
            try {
                const rec = await record(() => new AwsIdentityCenterFederation("fed", withoutApi()));
                assert.equal(rec.ofType(SCIM_SYNC_TRIGGER_TYPE).length, 0);
                const followUps = await valueOf((rec.result as AwsIdentityCenterFederation).followUps);
                assert.ok(followUps.some((f) => f.includes("Run sync")), followUps.join("\n"));
                const withApiRec = await record(() => new AwsIdentityCenterFederation("fed", withApi()));
                const f2 = await valueOf((withApiRec.result as AwsIdentityCenterFederation).followUps);
                assert.ok(!f2.some((f) => f.includes("Run sync")));
            } finally {
                if (saved.url !== undefined) process.env.AUTHENTIK_URL = saved.url;
                if (saved.token !== undefined) process.env.AUTHENTIK_TOKEN = saved.token;
            }
        });
    });
});
