import { strict as assert } from "node:assert";
import * as path from "node:path";
import type { ConfigMap, OutputMap } from "@pulumi/pulumi/automation";
import {
    DEFAULT_ASSIGNMENT_BUDGET,
    EnvironmentSpec,
    EnvironmentValidationError,
    runSharded,
    ShardSpec,
    StackHandle,
    WorkspaceLayer,
} from "../automation";
import { FederationSettings } from "../program/settings";
import { SHARD_PROJECT, SHARD_SETTINGS_KEY, shardOutputs } from "../program/shard";
import { AssignmentArgs } from "../components/args";
import { seedArgs } from "./harness/args";
import { MOCK_IDENTITY_STORE_ID, MOCK_INSTANCE_ARN, mockPermissionSetArn, record, valueOf } from "./harness/mocks";

function coreEnv(): EnvironmentSpec {
    const { identityCenter, ...rest } = seedArgs();
    const { scimToken, ...ic } = identityCenter;
    void scimToken;
    const { apiToken, ...authentik } = rest.authentik;
    void apiToken; // the token is the environment's secret authentik.token, never part of the settings
    const settings: FederationSettings = {
        ...rest,
        identityCenter: ic,
        authentik: { ...authentik, scimGroups: ["team-0", "team-1", "team-2", "team-3"] },
    };
    return {
        stack: "core",
        settings,
        scimToken: "scim-secret",
        awsRegion: "eu-central-1",
        authentik: { url: "https://authentik.example.com", token: "ak-secret" },
        policyPack: false,
    };
}
function shard(i: number, extra: Partial<ShardSpec> = {}): ShardSpec {
    const assignments: AssignmentArgs[] = [{ group: `team-${i}`, permissionSet: "Administrator", accounts: [String(100000000000 + i)] }];
    return { stack: `ou-${i}`, settings: { assignments }, awsRegion: "eu-central-1", policyPack: false, ...extra };
}

interface Behaviour {
    fail?: string;
    ms?: number;
}
/** A fake layer: each stack's operation takes `ms` and fails with `fail`; records configs, order and parallel in flight. */
function fakeLayer(behaviours: { [stack: string]: Behaviour } = {}) {
    const log = {
        order: [] as string[],
        inFlight: 0,
        peak: 0,
        configs: new Map<string, ConfigMap>(),
        local: [] as { stackName: string; workDir: string }[],
        parallel: new Map<string, number>(),
    };
    const handle = (name: string): StackHandle => {
        const b = behaviours[name] ?? {};
        const op = async (kind: string, parallel?: number) => {
            log.order.push(`${kind} ${name}`);
            log.parallel.set(name, parallel ?? 0);
            log.inFlight += parallel ?? 0;
            log.peak = Math.max(log.peak, log.inFlight);
            await new Promise((r) => setTimeout(r, b.ms ?? 5));
            log.inFlight -= parallel ?? 0;
            if (b.fail) throw new Error(b.fail);
        };
        const summary = { resourceChanges: { create: 1 } };
        return {
            name,
            setAllConfig: async (c) => void log.configs.set(name, c),
            preview: async (o) => (await op("preview", o.parallel), { changeSummary: { same: 1 } }),
            up: async (o) => (await op("up", o.parallel), { outputs: {} as OutputMap, summary }),
            refresh: async (o) => (await op("refresh", o.parallel), { summary }),
            destroy: async (o) => (await op("destroy", o.parallel), { summary: { resourceChanges: { delete: 1 } } }),
            outputs: async () => ({}),
        };
    };
    const layer: WorkspaceLayer = {
        createOrSelectStack: async (args) => handle(args.stackName),
        createOrSelectLocalStack: async (args) => (log.local.push(args), handle(args.stackName)),
    };
    return { layer, log };
}

describe("automation: sharded run (core stack, then shards side by side)", () => {
    it("runs the core first, then every shard from the shard program, each configured to read the core stack", async () => {
        const f = fakeLayer();
        const r = await runSharded(
            coreEnv(),
            [0, 1, 2].map((i) => shard(i)),
            "up",
            { layer: f.layer },
        );
        assert.equal(
            r.ok,
            true,
            JSON.stringify(r, (_k, v) => (v instanceof Error ? v.message : v)),
        );
        assert.equal(f.log.order[0], "up core");
        assert.deepEqual(f.log.order.slice(1).sort(), ["up ou-0", "up ou-1", "up ou-2"]);
        assert.deepEqual(
            r.shards.map((s) => s.stack),
            ["ou-0", "ou-1", "ou-2"],
        );
        assert.deepEqual(new Set(f.log.local.map((l) => l.workDir)), new Set([path.resolve(__dirname, "..", "shard")]));
        const config = f.log.configs.get("ou-1")!;
        assert.deepEqual(config["aws:region"], { value: "eu-central-1", secret: false });
        const settings = JSON.parse(config[`${SHARD_PROJECT}:${SHARD_SETTINGS_KEY}`].value);
        assert.equal(settings.coreStack, "organization/aws-identity-center-authentik/core");
        assert.deepEqual(settings.assignments, shard(1).settings.assignments);
    });

    it("keeps the sum of --parallel in flight within the budget (default 40)", async () => {
        const f = fakeLayer(Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`ou-${i}`, { ms: 20 }])));
        const shards = Array.from({ length: 12 }, (_, i) => shard(i, { parallel: i % 3 === 0 ? 15 : 10 }));
        const r = await runSharded(coreEnv(), shards, "up", { layer: f.layer });
        assert.equal(r.ok, true);
        assert.ok(f.log.peak <= DEFAULT_ASSIGNMENT_BUDGET && r.peakParallel <= DEFAULT_ASSIGNMENT_BUDGET, `peak ${f.log.peak}`);
        assert.ok(r.peakParallel > 25, "shards really ran side by side");
        assert.equal(f.log.parallel.get("ou-3"), 15);
        const small = fakeLayer(Object.fromEntries(Array.from({ length: 4 }, (_, i) => [`ou-${i}`, { ms: 20 }])));
        const r2 = await runSharded(
            coreEnv(),
            Array.from({ length: 4 }, (_, i) => shard(i)),
            "up",
            { layer: small.layer, assignmentBudget: 10 },
        );
        assert.equal(r2.peakParallel, 10, "a budget of 10 runs one shard at --parallel 10 at a time");
    });

    it("reports every shard's outcome: one failure hides no other", async () => {
        const f = fakeLayer({ "ou-1": { fail: "ThrottlingException: Rate exceeded" } });
        const r = await runSharded(
            coreEnv(),
            [0, 1, 2].map((i) => shard(i)),
            "up",
            { layer: f.layer },
        );
        assert.equal(r.ok, false);
        assert.deepEqual(
            r.shards.map((s) => s.ok),
            [true, false, true],
        );
        const failed = r.shards[1];
        assert.ok(!failed.ok && "error" in failed && /ThrottlingException/.test(String(failed.error)));
    });

    it("skips the shards when the core stack fails, saying why", async () => {
        const f = fakeLayer({ core: { fail: "boom" } });
        const r = await runSharded(
            coreEnv(),
            [0, 1].map((i) => shard(i)),
            "up",
            { layer: f.layer },
        );
        assert.deepEqual(f.log.order, ["up core"]);
        for (const s of r.shards) assert.ok(!s.ok && "skipped" in s && /core stack core failed/.test(s.skipped));
    });

    it("destroys the shards first and keeps the core while a shard remains", async () => {
        const f = fakeLayer();
        const r = await runSharded(
            coreEnv(),
            [0, 1].map((i) => shard(i)),
            "destroy",
            { layer: f.layer },
        );
        assert.equal(r.ok, true);
        assert.equal(f.log.order[f.log.order.length - 1], "destroy core");
        const g = fakeLayer({ "ou-0": { fail: "still there" } });
        const r2 = await runSharded(
            coreEnv(),
            [0, 1].map((i) => shard(i)),
            "destroy",
            { layer: g.layer },
        );
        assert.ok(!r2.core.ok && "skipped" in r2.core);
        assert.ok(!g.log.order.includes("destroy core"));
    });

    it("refuses bad shards before touching any stack, all problems at once", async () => {
        const f = fakeLayer();
        const bad = [
            shard(0, { parallel: 50 }),
            shard(0),
            { ...shard(2), settings: { assignments: [{ group: "team-2", permissionSet: "Administrator", accounts: ["12"] }] } },
            { ...shard(3), stack: "core" },
            { ...shard(4), settings: { ...shard(4).settings, asignments: [] } as unknown as ShardSpec["settings"] },
        ];
        await assert.rejects(runSharded(coreEnv(), bad, "up", { layer: f.layer }), (e: unknown) => {
            assert.ok(e instanceof EnvironmentValidationError);
            for (const text of [
                "shards[0].parallel",
                "shards[1].stack",
                "shards[2].settings.assignments[0].accounts[0]",
                "shards[3].stack",
                "shards[4].settings.asignments",
            ])
                assert.ok(e.message.includes(text), `${text} in ${e.message}`);
            return true;
        });
        assert.deepEqual(f.log.order, []);
    });
});

describe("the shard program (shard/index.ts)", () => {
    it("builds the shard component from its settings and the core stack's outputs", async () => {
        let outputs!: ReturnType<typeof shardOutputs>;
        const rec = await record(
            () =>
                (outputs = shardOutputs({
                    coreStack: "organization/aws-identity-center-authentik/core",
                    assignments: [{ group: "team-0", permissionSet: "Administrator", accounts: ["111111111111"] }],
                })),
            {
                stateFor: (type) =>
                    type === "pulumi:pulumi:StackReference"
                        ? {
                              outputs: {
                                  instanceArn: MOCK_INSTANCE_ARN,
                                  identityStoreId: MOCK_IDENTITY_STORE_ID,
                                  permissionSetArns: { Administrator: mockPermissionSetArn("Administrator") },
                                  scimGroups: ["team-0"],
                              },
                          }
                        : undefined,
            },
        );
        assert.deepEqual(rec.errors, []);
        assert.equal(rec.ofType("aws:ssoadmin/accountAssignment:AccountAssignment").length, 1);
        assert.equal(await valueOf(outputs.assignmentCount), 1);
    });

    it("passes the core stack's identity attribute to the shard: an assigned user is checked by its rules", async () => {
        const core = {
            instanceArn: MOCK_INSTANCE_ARN,
            identityStoreId: MOCK_IDENTITY_STORE_ID,
            permissionSetArns: { Administrator: mockPermissionSetArn("Administrator") },
            scimGroups: [],
        };
        const stateFor = (type: string) => (type === "pulumi:pulumi:StackReference" ? { outputs: core } : undefined);
        // Django's EmailValidator refuses consecutive dots: with email (the default) the user is never provisioned.
        const assignments: AssignmentArgs[] = [
            { user: "bob..smith@example.com", permissionSet: "Administrator", accounts: ["111111111111"] },
        ];
        const settings = { coreStack: "organization/aws-identity-center-authentik/core", assignments };
        let thrown: unknown;
        await record(
            () => {
                try {
                    shardOutputs(settings);
                } catch (e) {
                    thrown = e;
                }
            },
            { stateFor },
        );
        assert.match(String(thrown), /assignments\[0\]\.user = "bob\.\.smith@example\.com": .*Django's validate_email rejects it/);
        const rec = await record(() => shardOutputs({ ...settings, identityAttribute: "username" }), { stateFor });
        assert.deepEqual(rec.errors, []);
        assert.equal(rec.ofType("aws:ssoadmin/accountAssignment:AccountAssignment").length, 1);
    });
});
