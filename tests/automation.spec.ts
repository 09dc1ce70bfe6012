import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigMap, OpMap, OutputMap, Stack } from "@pulumi/pulumi/automation";
import {
    DEFAULT_PARALLEL,
    destroy,
    DuplicateStackError,
    EnvironmentSpec,
    EnvironmentValidationError,
    InlineStackArgs,
    localWorkspaceLayer,
    PolicyRunOptions,
    policyPackDir,
    preview,
    refresh,
    runEnvironments,
    SECRET_MASK,
    StackHandle,
    up,
    validateEnvironment,
    WorkspaceLayer,
    WorkspaceOptions,
} from "../automation";
import { settleWithConcurrency } from "../automation/pool";
import { FederationSettings, PROJECT, SCIM_TOKEN_KEY } from "../program/settings";
import { FEDERATION_NAME } from "../program/program";
import { AwsIdentityCenterFederation } from "../components";
import { seedArgs } from "./harness/args";
import { isSecretValue, record, unsecret } from "./harness/mocks";

// Compile-time proof (tsc type-checks the specs): Pulumi's real Stack is a StackHandle.
const stackIsAHandle = (s: Stack): StackHandle => s;
void stackIsAHandle;

const REPO = path.resolve(__dirname, "..");
const SCIM = "scim-secret-0123456789";
const AK_TOKEN = "authentik-secret-abcdef";
const TOKEN_KEY = `${PROJECT}:${SCIM_TOKEN_KEY}`;
const HAS_POLICY_PACK = fs.existsSync(path.join(REPO, "policy", "PulumiPolicy.yaml"));
// What every stack gets: `main` at the package root (see federationProjectSettings), runtime as in Pulumi.yaml.
const PROJECT_SETTINGS = { name: PROJECT, runtime: { name: "nodejs", options: { typescript: true } }, main: REPO };

function settings(): FederationSettings {
    const { identityCenter, ...rest } = seedArgs();
    const { scimToken, ...ic } = identityCenter;
    void scimToken;
    // The authentik API token reaches the program as the secret authentik:token (env.authentik.token), never in clear.
    const { apiToken, ...authentik } = rest.authentik;
    void apiToken;
    return { ...rest, authentik, identityCenter: ic };
}

function env(stack: string, extra: Partial<EnvironmentSpec> = {}): EnvironmentSpec {
    return {
        stack,
        settings: settings(),
        scimToken: SCIM,
        awsRegion: "eu-central-1",
        authentik: { url: "https://authentik.example.com", token: AK_TOKEN },
        // The pack is attached by default; most tests are about something else and must not depend on it.
        policyPack: false,
        ...extra,
    };
}

interface Deferred {
    promise: Promise<void>;
    resolve(): void;
}
function deferred(): Deferred {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => (resolve = r));
    return { promise, resolve };
}

/** How a fake stack behaves for its operations. */
interface Behaviour {
    chunks?: string[];
    errChunks?: string[];
    ops?: OpMap;
    outputs?: OutputMap;
    fail?: Error;
    gate?: Promise<void>;
}

interface Call {
    method: string;
    arg?: any;
}

class FakeStack implements StackHandle {
    readonly calls: Call[] = [];
    constructor(
        readonly name: string,
        private readonly b: Behaviour,
        private readonly log: { inFlight: number; maxInFlight: number; started: string[] },
    ) {}
    private async op(method: string, opts: PolicyRunOptions): Promise<void> {
        this.calls.push({ method, arg: opts });
        this.log.inFlight++;
        this.log.maxInFlight = Math.max(this.log.maxInFlight, this.log.inFlight);
        this.log.started.push(this.name);
        try {
            for (const c of this.b.chunks ?? []) opts.onOutput?.(c);
            for (const c of this.b.errChunks ?? []) opts.onError?.(c);
            await this.b.gate;
            if (this.b.fail) throw this.b.fail;
        } finally {
            this.log.inFlight--;
        }
    }
    setAllConfig = async (config: ConfigMap) => {
        this.calls.push({ method: "setAllConfig", arg: config });
    };
    preview = async (opts: PolicyRunOptions) => {
        await this.op("preview", opts);
        return { changeSummary: this.b.ops ?? {} };
    };
    up = async (opts: PolicyRunOptions) => {
        await this.op("up", opts);
        return { outputs: this.b.outputs ?? {}, summary: { resourceChanges: this.b.ops } };
    };
    refresh = async (opts: PolicyRunOptions) => {
        await this.op("refresh", opts);
        return { summary: { resourceChanges: this.b.ops } };
    };
    destroy = async (opts: PolicyRunOptions) => {
        await this.op("destroy", opts);
        return { summary: { resourceChanges: this.b.ops } };
    };
    outputs = async () => {
        this.calls.push({ method: "outputs" });
        return this.b.outputs ?? {};
    };
}

function fakeLayer(behaviours: { [stack: string]: Behaviour } = {}) {
    const log = { inFlight: 0, maxInFlight: 0, started: [] as string[] };
    const created: { args: InlineStackArgs; opts: WorkspaceOptions; stack: FakeStack }[] = [];
    const layer: WorkspaceLayer = {
        createOrSelectStack: async (args, opts) => {
            const stack = new FakeStack(args.stackName, behaviours[args.stackName] ?? {}, log);
            created.push({ args, opts, stack });
            return stack;
        },
    };
    const stackNamed = (name: string) => {
        const c = created.filter((x) => x.stack.name === name);
        assert.equal(c.length, 1, `one stack ${name} created`);
        return c[0].stack;
    };
    return { layer, created, log, stackNamed };
}

/** Sets the process-wide Pulumi config for `fn` and restores exactly what was there. */
async function withPulumiConfig<T>(config: { [k: string]: string }, secretKeys: string[], fn: () => Promise<T>): Promise<T> {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const store = require("@pulumi/pulumi/runtime/state").getStore().config;
    const saved = { ...store };
    pulumi.runtime.setAllConfig(config, secretKeys);
    try {
        return await fn();
    } finally {
        Object.assign(store, saved);
    }
}

describe("automation: one environment", () => {
    it("creates or selects the stack with the project name and sets config, credentials as secrets", async () => {
        const f = fakeLayer();
        await up(
            env("prod", {
                authentik: { url: "https://ak.example.com", token: AK_TOKEN, insecure: true },
                extraConfig: { "aws:profile": "prod-admin", "aws:secretKey": { value: "aws-secret-key-xyz", secret: true } },
            }),
            { layer: f.layer },
        );
        assert.equal(f.created.length, 1);
        assert.equal(f.created[0].args.stackName, "prod");
        assert.equal(f.created[0].args.projectName, PROJECT);
        assert.deepEqual(f.created[0].opts, { projectSettings: PROJECT_SETTINGS }, "only the project settings (for `main`) unless asked");
        const stack = f.stackNamed("prod");
        assert.deepEqual(
            stack.calls.map((c) => c.method),
            ["setAllConfig", "up"],
            "config is set before the operation",
        );
        assert.deepEqual(stack.calls[0].arg, {
            "aws:region": { value: "eu-central-1", secret: false },
            "authentik:url": { value: "https://ak.example.com", secret: false },
            "authentik:token": { value: AK_TOKEN, secret: true },
            "authentik:insecure": { value: "true", secret: false },
            [TOKEN_KEY]: { value: SCIM, secret: true },
            "aws:profile": { value: "prod-admin", secret: false },
            "aws:secretKey": { value: "aws-secret-key-xyz", secret: true },
        });
    });

    it("writes authentik:insecure=false when not set, so switching it off reaches the stack", async () => {
        const f = fakeLayer();
        await preview(env("dev"), { layer: f.layer });
        assert.deepEqual(f.stackNamed("dev").calls[0].arg["authentik:insecure"], { value: "false", secret: false });
    });

    it("passes workspace settings: workDir, envVars, secrets provider and the backend as project settings", async () => {
        const f = fakeLayer();
        const workspace = {
            workDir: "/tmp/ws-prod",
            envVars: { AWS_PROFILE: "prod" },
            backendUrl: "s3://state-bucket",
            secretsProvider: "awskms://alias/pulumi",
        };
        await refresh(env("prod", { workspace }), { layer: f.layer });
        assert.deepEqual(f.created[0].opts, {
            workDir: "/tmp/ws-prod",
            envVars: { AWS_PROFILE: "prod" },
            secretsProvider: "awskms://alias/pulumi",
            projectSettings: { ...PROJECT_SETTINGS, backend: { url: "s3://state-bucket" } },
        });
    });

    it("always sets the project's main to the package root, so the dynamic-provider plugin finds node_modules", async () => {
        // Regression (pulumi/pulumi#5455, #5578): explicit project settings without `main` start the plugin in the
        // temporary workspace directory. Run from another cwd: `main` must not follow it.
        const f = fakeLayer();
        const cwd = process.cwd();
        process.chdir(os.tmpdir());
        try {
            await up(env("dev"), { layer: f.layer });
            await preview(env("prod", { workspace: { backendUrl: "file:///var/pulumi" } }), { layer: f.layer });
        } finally {
            process.chdir(cwd);
        }
        for (const { opts } of f.created) {
            const main = opts.projectSettings?.main;
            assert.equal(main, REPO);
            assert.ok(
                fs.existsSync(path.join(main!, "node_modules", "@pulumi", "pulumi", "cmd", "dynamic-provider")),
                "the plugin's entry point resolves from main",
            );
            assert.deepEqual(opts.projectSettings?.runtime, { name: "nodejs", options: { typescript: true } });
        }
        assert.equal(f.created[0].opts.projectSettings?.backend, undefined, "no backend unless asked: the CLI's login");
        assert.deepEqual(f.created[1].opts.projectSettings?.backend, { url: "file:///var/pulumi" });
    });

    it("attaches the repository's policy pack by absolute path to preview and up (default), not to refresh/destroy", async () => {
        const dir = policyPackDir();
        assert.ok(path.isAbsolute(dir), dir);
        assert.equal(dir, path.join(REPO, "policy"), "the policy/ directory of this repository");
        assert.ok(!path.relative(REPO, dir).startsWith(".."), "inside the repository");
        const f = fakeLayer();
        const withPack = { ...env("prod"), policyPack: undefined };
        if (HAS_POLICY_PACK) {
            await preview(withPack, { layer: f.layer });
            await up(withPack, { layer: f.layer });
            await refresh(withPack, { layer: f.layer });
            await destroy(withPack, { layer: f.layer });
            const ops = f.created.map((c) => c.stack.calls[1]);
            assert.deepEqual(
                ops.map((c) => c.method),
                ["preview", "up", "refresh", "destroy"],
            );
            assert.deepEqual(ops[0].arg.policyPacks, [dir]);
            assert.deepEqual(ops[1].arg.policyPacks, [dir]);
            assert.ok(fs.existsSync(path.join(ops[1].arg.policyPacks[0], "PulumiPolicy.yaml")));
            assert.equal(ops[1].arg.policyPackConfigs, undefined);
            assert.ok(!("policyPacks" in ops[2].arg) && !("policyPacks" in ops[3].arg), "Pulumi takes no policy packs for refresh/destroy");
        } else {
            // policy/PulumiPolicy.yaml not written yet: the operation must refuse, naming the directory, before touching a stack.
            await assert.rejects(
                up(withPack, { layer: f.layer }),
                (e: any) => e instanceof EnvironmentValidationError && e.message.includes(dir) && e.message.includes("policyPack: false"),
            );
            assert.equal(f.created.length, 0);
        }
    });

    it("passes a policy pack config as an absolute path, and no pack when policyPack is false", async () => {
        const f = fakeLayer();
        if (HAS_POLICY_PACK) {
            await up(
                { ...env("prod"), policyPack: true, policyPackConfig: "tests/fixtures/automation-policy-config.json" },
                { layer: f.layer },
            );
            assert.deepEqual(f.stackNamed("prod").calls[1].arg.policyPackConfigs, [
                path.join(REPO, "tests", "fixtures", "automation-policy-config.json"),
            ]);
        }
        await up(env("dev"), { layer: f.layer });
        assert.deepEqual(f.stackNamed("dev").calls[1].arg.policyPacks, []);
    });

    it("runs with parallel 10 by default (Identity Center's assignment limit) and takes an override", async () => {
        const f = fakeLayer();
        await up(env("a"), { layer: f.layer });
        await up(env("b"), { layer: f.layer, parallel: 4 });
        assert.equal(DEFAULT_PARALLEL, 10);
        assert.equal(f.stackNamed("a").calls[1].arg.parallel, 10);
        assert.equal(f.stackNamed("b").calls[1].arg.parallel, 4);
        await assert.rejects(up(env("c"), { layer: f.layer, parallel: 0 }), /parallel must be a positive integer, got 0/);
        assert.equal(f.created.length, 2, "a bad option touches no stack");
    });

    it("streams output as whole lines through the callback, stdout and stderr tagged, secrets redacted even across chunks", async () => {
        const f = fakeLayer({
            prod: {
                chunks: [
                    "Updating (prod)\n  + aws:ssoadmin:Permi",
                    "ssionSet created\nleak: scim-secr",
                    "et-0123456789 and ",
                    AK_TOKEN,
                    "\nno newline at end",
                ],
                errChunks: ["warning: x\n"],
            },
        });
        const lines: [string, string][] = [];
        await up(env("prod"), { layer: f.layer, onOutput: (line, stream) => lines.push([stream, line]) });
        assert.deepEqual(lines, [
            ["stdout", "Updating (prod)"],
            ["stdout", "  + aws:ssoadmin:PermissionSet created"],
            ["stdout", `leak: ${SECRET_MASK} and ${SECRET_MASK}`],
            ["stderr", "warning: x"],
            ["stdout", "no newline at end"],
        ]);
    });

    it("maps the change summary (a replacement counted once) and writes a summary line", async () => {
        const ops: OpMap = { create: 3, same: 5, replace: 1, "create-replacement": 1, "delete-replaced": 1, read: 2 };
        const f = fakeLayer({ prod: { ops }, dev: { ops: { create: 2, update: 1 } }, qa: { ops: { same: 7 } } });
        const r = await up(env("prod"), { layer: f.layer });
        assert.equal(r.stack, "prod");
        assert.equal(r.operation, "up");
        assert.deepEqual(r.changes, { create: 3, update: 0, delete: 0, replace: 1, same: 5 });
        assert.deepEqual(r.resourceChanges, ops);
        assert.equal(r.summary, "prod up: 3 created, 1 replaced, 5 unchanged");
        const p = await preview(env("dev"), { layer: f.layer });
        assert.deepEqual(p.changes, { create: 2, update: 1, delete: 0, replace: 0, same: 0 });
        assert.equal(p.summary, "dev preview: 2 to create, 1 to update");
        assert.equal((await refresh(env("qa"), { layer: f.layer })).summary, "qa refresh: no changes, 7 unchanged");
    });

    it("returns outputs as plain values, secrets masked unless asked; destroy returns none", async () => {
        const outputs: OutputMap = {
            applicationSlug: { value: "aws-console", secret: false },
            idpMetadataXml: { value: "<xml/>", secret: true },
        };
        const f = fakeLayer({ prod: { outputs }, dev: { outputs }, qa: { outputs } });
        assert.deepEqual((await up(env("prod"), { layer: f.layer })).outputs, {
            applicationSlug: "aws-console",
            idpMetadataXml: SECRET_MASK,
        });
        assert.deepEqual((await up(env("dev"), { layer: f.layer, revealSecrets: true })).outputs, {
            applicationSlug: "aws-console",
            idpMetadataXml: "<xml/>",
        });
        const p = await preview(env("qa"), { layer: f.layer });
        assert.deepEqual(p.outputs, { applicationSlug: "aws-console", idpMetadataXml: SECRET_MASK }, "preview reports the current outputs");
        const f2 = fakeLayer({ prod: { outputs } });
        assert.deepEqual((await destroy(env("prod"), { layer: f2.layer })).outputs, {});
        assert.ok(!f2.stackNamed("prod").calls.some((c) => c.method === "outputs"));
    });

    it("refuses an invalid environment before touching a stack, listing every problem without echoing secrets", async () => {
        const f = fakeLayer();
        const bad = env("bad name!", {
            awsRegion: "Frankfurt",
            scimToken: "",
            authentik: { url: "authentik.example.com", token: "" },
            extraConfig: {
                "authentik:token": { value: "override", secret: true },
                "aws:accessKeyPassword": "plain-password",
                noNamespace: "x",
            },
        });
        const err = await up(bad, { layer: f.layer }).catch((e) => e);
        assert.ok(err instanceof EnvironmentValidationError, String(err));
        const fields = err.problems.map((p: any) => p.field);
        assert.deepEqual(fields, [
            "stack",
            "awsRegion",
            "scimToken",
            "authentik.url",
            "authentik.token",
            `extraConfig["authentik:token"]`,
            `extraConfig["aws:accessKeyPassword"]`,
            `extraConfig["noNamespace"]`,
        ]);
        assert.ok(!err.message.includes("plain-password") && !err.message.includes("override"), err.message);
        assert.match(err.message, /awsRegion = "Frankfurt": .*Fix: use e\.g\. "eu-central-1"/);
        assert.equal(f.created.length, 0);
    });

    it("refuses an authentik API token in plain text in the settings, and an authentik URL over http:// unless loopback", async () => {
        const f = fakeLayer();
        const s = settings();
        const withApiToken = { ...s, authentik: { ...s.authentik, apiToken: "plain-api-token-value" } } as FederationSettings;
        const err = await up(env("prod", { settings: withApiToken }), { layer: f.layer }).catch((e) => e);
        assert.ok(err instanceof EnvironmentValidationError);
        assert.deepEqual(
            err.problems.map((p: any) => p.field),
            ["settings.authentik.apiToken"],
        );
        assert.match(err.message, /Fix: remove it from settings and pass it as authentik\.token/);
        assert.ok(!err.message.includes("plain-api-token-value"));
        const http = await up(env("prod", { authentik: { url: "http://authentik.example.com", token: "t" } }), { layer: f.layer }).catch(
            (e) => e,
        );
        assert.ok(http instanceof EnvironmentValidationError);
        assert.deepEqual(
            http.problems.map((p: any) => p.field),
            ["authentik.url"],
        );
        assert.match(http.message, /clear text over http:\/\/.*Fix: use https: "https:\/\/authentik\.example\.com"/);
        for (const url of ["http://localhost:9000", "http://127.0.0.1", "http://[::1]:9443"]) {
            assert.deepEqual(
                validateEnvironment(env("prod", { authentik: { url, token: "t" } })).map((p) => p.field),
                [],
                url,
            );
        }
        assert.equal(f.created.length, 0);
    });

    it("validates the federation settings up front and refuses a SCIM token inside them", async () => {
        const f = fakeLayer();
        const s = settings();
        const withToken = { ...s, identityCenter: { ...s.identityCenter, scimToken: SCIM } } as FederationSettings;
        const err = await up(env("prod", { settings: withToken }), { layer: f.layer }).catch((e) => e);
        assert.ok(err instanceof EnvironmentValidationError);
        assert.deepEqual(
            err.problems.map((p: any) => p.field),
            ["settings.identityCenter.scimToken"],
        );
        assert.ok(!err.message.includes(SCIM));
        const badSettings = { ...s, identityAttribute: "upn" } as unknown as FederationSettings;
        const err2 = await preview(env("prod", { settings: badSettings }), { layer: f.layer }).catch((e) => e);
        assert.ok(err2 instanceof EnvironmentValidationError);
        assert.ok(
            err2.problems.some((p: any) => p.field === "settings.identityAttribute"),
            JSON.stringify(err2.problems),
        );
        assert.equal(f.created.length, 0);
    });

    it("redacts secrets from a failing operation's error and keeps the error's class", async () => {
        class ConcurrentUpdate extends Error {}
        const f = fakeLayer({ prod: { fail: new ConcurrentUpdate(`conflict: token ${SCIM} rejected`) } });
        const err = await up(env("prod"), { layer: f.layer }).catch((e) => e);
        assert.ok(err instanceof ConcurrentUpdate);
        assert.equal(err.message, `conflict: token ${SECRET_MASK} rejected`);
        assert.ok(!String(err.stack).includes(SCIM));
    });

    it("the real layer is LocalWorkspace behind the interface (not called: there is no CLI here)", () => {
        assert.equal(typeof localWorkspaceLayer.createOrSelectStack, "function");
        assert.match(localWorkspaceLayer.createOrSelectStack.toString(), /LocalWorkspace\.createOrSelectStack/);
    });
});

describe("automation: the inline program", () => {
    it("is the federation program: run under mocks it builds the component from the settings, the token from secret config", async () => {
        const f = fakeLayer();
        await up(env("prod"), { layer: f.layer });
        const program = f.created[0].args.program;
        const rec = await withPulumiConfig({ [TOKEN_KEY]: SCIM }, [TOKEN_KEY], () => record(program));
        const component = rec.ofType(AwsIdentityCenterFederation.__pulumiType);
        assert.equal(component.length, 1);
        assert.equal(component[0].name, FEDERATION_NAME);
        assert.deepEqual(
            rec.ofType("aws:ssoadmin/permissionSet:PermissionSet").map((r) => r.inputs.name),
            ["Administrator"],
            "built from the environment's settings",
        );
        const scim = rec.named(`${FEDERATION_NAME}-scim-provider`).inputs;
        assert.ok(isSecretValue(scim.token), "the token reaches authentik as a secret");
        assert.equal(unsecret(scim.token), SCIM);
        assert.ok(rec.result && "idpMetadataXml" in rec.result && "accessMatrix" in rec.result, "returns the stack outputs");
    });

    it("reads the token from config, not from a closure: without the config key it fails", async () => {
        const f = fakeLayer();
        await up(env("prod"), { layer: f.layer });
        const program = f.created[0].args.program;
        await assert.rejects(
            withPulumiConfig({}, [], () => record(program)),
            (e: any) => String(e.message ?? e).includes(`${PROJECT}:${SCIM_TOKEN_KEY}`),
        );
    });
});

describe("automation: several environments", () => {
    it("runs at most `concurrency` environments at once and all of them eventually", async () => {
        const gates = ["e1", "e2", "e3", "e4", "e5"].map(() => deferred());
        const f = fakeLayer(Object.fromEntries(gates.map((g, i) => [`e${i + 1}`, { gate: g.promise }])));
        const running = runEnvironments(
            gates.map((_, i) => env(`e${i + 1}`)),
            "up",
            { layer: f.layer, concurrency: 2 },
        );
        const tick = () => new Promise((r) => setImmediate(r));
        for (let i = 0; i < 5; i++) await tick();
        assert.deepEqual(f.log.started, ["e1", "e2"], "only two start");
        gates[1].resolve();
        for (let i = 0; i < 5; i++) await tick();
        assert.deepEqual(f.log.started, ["e1", "e2", "e3"], "a slot freed starts the next");
        for (const g of gates) g.resolve();
        const results = await running;
        assert.equal(f.log.maxInFlight, 2);
        assert.deepEqual(
            results.map((r) => [r.stack, r.ok]),
            [
                ["e1", true],
                ["e2", true],
                ["e3", true],
                ["e4", true],
                ["e5", true],
            ],
        );
    });

    it("defaults to two at a time", async () => {
        const gate = deferred();
        const f = fakeLayer(Object.fromEntries(["a", "b", "c"].map((s) => [s, { gate: gate.promise }])));
        const running = runEnvironments([env("a"), env("b"), env("c")], "preview", { layer: f.layer });
        for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
        assert.equal(f.log.inFlight, 2);
        gate.resolve();
        await running;
        assert.equal(f.log.maxInFlight, 2);
    });

    it("reports a failing environment and still runs and reports the others, in input order", async () => {
        const boom = new Error("authentik unreachable");
        const f = fakeLayer({ b: { fail: boom }, a: { ops: { create: 1 } }, d: { ops: { same: 2 } } });
        const results = await runEnvironments([env("a"), env("b"), env("c", { awsRegion: "nowhere" }), env("d")], "up", {
            layer: f.layer,
            concurrency: 1,
        });
        assert.deepEqual(
            results.map((r) => [r.stack, r.ok]),
            [
                ["a", true],
                ["b", false],
                ["c", false],
                ["d", true],
            ],
        );
        const [a, b, c, d] = results;
        assert.ok(a.ok && a.result.summary === "a up: 1 created");
        assert.ok(!b.ok && b.error === boom);
        assert.ok(!c.ok && c.error instanceof EnvironmentValidationError && c.error.message.includes("awsRegion"));
        assert.ok(d.ok && d.result.changes.same === 2);
        assert.deepEqual(f.log.started, ["a", "b", "d"], "the invalid one touched no stack, the one after the failure ran");
    });

    it("tags streamed lines with their stack", async () => {
        const f = fakeLayer({ a: { chunks: ["from a\n"] }, b: { chunks: ["from b\n"] } });
        const seen: string[] = [];
        await runEnvironments([env("a"), env("b")], "preview", {
            layer: f.layer,
            onOutput: (stack, line) => seen.push(`${stack}|${line}`),
        });
        assert.deepEqual(seen.sort(), ["a|from a", "b|from b"]);
    });

    it("refuses the same stack twice (or a shared workDir) before running anything", async () => {
        const f = fakeLayer();
        await assert.rejects(
            runEnvironments([env("prod"), env("dev"), env("prod")], "up", { layer: f.layer }),
            (e: any) => e instanceof DuplicateStackError && /stack "prod" appears at positions 0, 2/.test(e.message),
        );
        await assert.rejects(
            runEnvironments([env("a", { workspace: { workDir: "/tmp/w" } }), env("b", { workspace: { workDir: "/tmp/w" } })], "up", {
                layer: f.layer,
            }),
            (e: any) => e instanceof DuplicateStackError && e.message.includes(`workspace.workDir "/tmp/w"`),
        );
        assert.equal(f.created.length, 0);
        // The same name in two backends is two stacks (e.g. two AWS organisations' prod).
        const ok = await runEnvironments(
            [env("prod", { workspace: { backendUrl: "s3://org-a" } }), env("prod", { workspace: { backendUrl: "s3://org-b" } })],
            "preview",
            { layer: f.layer },
        );
        assert.deepEqual(
            ok.map((r) => r.ok),
            [true, true],
        );
    });
});

describe("automation: the pool", () => {
    it("keeps input order, settles every item and rejects a bad limit", async () => {
        const r = await settleWithConcurrency([30, 10, 20], 3, async (ms, i) => {
            await new Promise((res) => setTimeout(res, ms));
            if (i === 1) throw new Error("second");
            return ms;
        });
        assert.deepEqual(
            r.map((x) => (x.status === "fulfilled" ? x.value : (x.reason as Error).message)),
            [30, "second", 20],
        );
        await assert.rejects(
            settleWithConcurrency([1], 0, async (x) => x),
            RangeError,
        );
        assert.deepEqual(await settleWithConcurrency([], 2, async (x) => x), []);
    });
});
