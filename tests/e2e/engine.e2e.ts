/**
 * The real-engine tier (README "Testing"): the repository's program run by the real `pulumi` CLI 3.248.0 with a
 * local file backend and a passphrase; AWS is moto behind the aws provider stand-in, authentik is the API stand-in
 * behind the authentik provider stand-in (tests/standins/*: each says what it replaces). The scenarios share one
 * stack and run in order: up, state hygiene, updates, destroy, the policy pack in the real analyzer, and the
 * Automation API (automation.e2e.ts).
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { assignments, groups, permissionSets, sortRows } from "./aws";
import { assertProgramBuilt, E2eStack, previewSteps, REPO, tempDir, type CliResult } from "./harness";
import { automationScenarios } from "./automation";
import { FEDERATION_KEY, icteamConfig, SCIM_TOKEN, startWorld, SYNC_DELAY_MS, type World } from "./world";

const ACCOUNTS = ["111111111111", "222222222222", "333333333333"];
const STACK_TYPES_OF_PERMISSION_SET = [
    "aws:ssoadmin/permissionSet:PermissionSet",
    "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    "aws:ssoadmin/accountAssignment:AccountAssignment",
];

/** Objects the stack makes in authentik (the stand-in's API lists), to compare before up and after destroy. */
async function authentikObjects(world: World): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const p of [
        "providers/saml/",
        "providers/scim/",
        "core/applications/",
        "policies/bindings/",
        "propertymappings/provider/saml/",
        "propertymappings/provider/scim/",
    ]) {
        const res = await fetch(`${world.authentik.url}/api/v3/${p}?page_size=1000`, {
            headers: { authorization: `Bearer ${world.authentik.token}` },
        });
        assert.equal(res.status, 200, `GET ${p}`);
        const body = (await res.json()) as { results: { pk: string | number; name?: string; slug?: string }[] };
        out[p] = body.results.map((r) => String(r.slug ?? r.name ?? r.pk)).sort();
    }
    return out;
}

const POLICY_PACK = path.join(REPO, "policy");

function policyArgs(): string[] {
    if (!fs.existsSync(path.join(POLICY_PACK, "node_modules", "@pulumi", "policy"))) {
        throw new Error("the policy pack's dependencies are not installed: run (cd policy && npm ci) first (.ci/run does)");
    }
    return ["--policy-pack", POLICY_PACK, "--policy-pack-config", path.join(REPO, "policy-config.example.json")];
}

function assertNoMandatoryViolation(result: { code: number; stdout: string; stderr: string }): void {
    const all = result.stdout + result.stderr;
    assert.equal(result.code, 0, `preview with the policy pack failed:\n${all.slice(-6000)}`);
    assert.doesNotMatch(all, /mandatory/i, all.slice(-6000));
}

describe("real engine: the icteam stack through the pulumi CLI", function () {
    this.timeout(300000);
    let world: World;
    let stack: E2eStack;
    let workDir: string;
    let authentikBefore: Record<string, string[]>;
    let firstUp: CliResult;

    before(async function () {
        assertProgramBuilt();
        world = await startWorld();
        workDir = tempDir("icteam");
        stack = new E2eStack("icteam", workDir, world.env);
        const { config, secrets } = icteamConfig(world);
        await stack.init(config, secrets);
        authentikBefore = await authentikObjects(world);
    });

    after(async function () {
        if (stack) await stack.remove();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
        if (world) await world.stop();
    });

    it(
        "pulumi up: the groups appear only after the simulated SCIM sync, " +
            "the wait finds them, moto's assignments are the access matrix",
        async function () {
            // Before: authentik has the people, AWS has nobody (SCIM has not run).
            assert.deepEqual([...(await groups(world.aws, world.ids.identityStoreId)).values()], []);
            const started = Date.now();
            // With its preview phase and the policy pack: the analyzer sees the plan full of unknown IDs first.
            firstUp = await stack.cli(["up", "--yes", "--config-file", stack.configFile, ...policyArgs()]);
            const elapsed = Date.now() - started;

            const groupNames = [...(await groups(world.aws, world.ids.identityStoreId)).values()].sort();
            assert.deepEqual(groupNames, ["aws-administrators"], "SCIM pushed exactly the assignment's group");
            assert.ok(world.authentik.syncReports.length >= 1, "the SCIM provider's save ran a sync");
            assert.ok(elapsed >= SYNC_DELAY_MS, `up took ${elapsed} ms, less than the sync delay: the wait cannot have waited`);

            // The wait's output is the group's ID in moto, and the assignment uses it.
            const state = await stack.exportState();
            const waits = state.deployment.resources.filter((r: any) => r.type === "pulumi-nodejs:dynamic:ScimPrincipalWait");
            assert.equal(waits.length, 1, "one principal wait (aws-administrators)");
            const groupId = [...(await groups(world.aws, world.ids.identityStoreId)).entries()].find(
                ([, n]) => n === "aws-administrators",
            )![0];
            assert.equal(waits[0].outputs.principalId, groupId);

            const outputs = await stack.outputs();
            assert.equal(outputs.instanceArn, world.ids.instanceArn);
            assert.equal(outputs.identityStoreId, world.ids.identityStoreId);
            const inMoto = await assignments(world.aws, world.ids, ACCOUNTS);
            assert.deepEqual(inMoto, sortRows(outputs.accessMatrix));
            assert.deepEqual(inMoto, [
                { principalType: "GROUP", principal: "aws-administrators", permissionSet: "Administrator", accountId: "111111111111" },
            ]);
            assert.match(String(outputs.idpMetadataXml), /EntityDescriptor/);
            // Read after the application links the SAML provider: authentik's URLs name the application's slug.
            assert.equal(outputs.idpSsoUrl, `${world.authentik.url}/application/saml/aws-console-icteam/sso/binding/post/`);
        },
    );

    it(
        "state hygiene: stack export holds no token or private key " + "in plain text; dynamic providers reference no TypeScript",
        async function () {
            const exported = JSON.stringify(await stack.exportState());
            const keyPair = [...world.authentik.store.keyPairs.values()][0] as unknown as { key_data?: string; private_key?: string };
            const literals: Record<string, string> = { "SCIM token": SCIM_TOKEN, "authentik token": world.authentik.token };
            const key = keyPair?.key_data ?? keyPair?.private_key;
            if (key) literals["signing private key"] = key.split("\n").find((l) => l.length > 40 && !l.startsWith("-----"))!;
            for (const [what, literal] of Object.entries(literals))
                assert.ok(!exported.includes(literal), `${what} in plain text in stack export`);
            assert.ok(!/BEGIN (RSA |EC )?PRIVATE KEY/.test(exported), "a PEM private key in stack export");

            const state = await stack.exportState();
            const dynamic = state.deployment.resources.filter((r: any) => String(r.type).startsWith("pulumi-nodejs:dynamic:"));
            assert.ok(dynamic.length >= 2, "the principal wait and the authentik API resources are dynamic");
            for (const r of dynamic) {
                const source = String(r.inputs.__provider);
                assert.ok(source.length > 100, `${r.urn} has a serialized provider`);
                assert.ok(
                    !/ts-node|\.ts["'`)]|require\("[^"]*\.ts"\)/.test(source),
                    `${r.urn}'s serialized provider references TypeScript or ts-node`,
                );
            }
        },
    );

    it(
        "update: one account added shows only creates; reordered lists show " +
            "no changes; a removed permission set deletes only its resources",
        async function () {
            // Grow the stack first: a second account and a second permission set, deployed.
            stack.setConfig((c) => {
                const fed = c[FEDERATION_KEY];
                fed.permissionSets.ReadOnly = {
                    description: "Read-only access",
                    sessionDuration: "PT4H",
                    managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/SecurityAudit"],
                };
                fed.assignments[0].accounts = ["111111111111", "222222222222"];
                fed.assignments.push({
                    group: "aws-administrators",
                    permissionSet: "ReadOnly",
                    accounts: ["111111111111", "222222222222"],
                });
            });
            await stack.up();
            assert.equal((await assignments(world.aws, world.ids, ACCOUNTS)).length, 4);

            // 1. One account added: only creates.
            stack.setConfig((c) => c[FEDERATION_KEY].assignments[0].accounts.push("333333333333"));
            // Components record their inputs, so they show as updated; what counts is what the providers would do.
            const added = previewSteps((await stack.previewJson()).json);
            const changed = added.filter((s) => s.op !== "same" && s.custom);
            assert.ok(changed.length > 0, "the new account shows up");
            assert.deepEqual([...new Set(changed.map((s) => s.op))], ["create"], JSON.stringify(changed));
            assert.deepEqual(
                [...new Set(changed.map((s) => s.type))],
                ["aws:ssoadmin/accountAssignment:AccountAssignment"],
                JSON.stringify(changed),
            );
            stack.setConfig((c) => c[FEDERATION_KEY].assignments[0].accounts.pop());

            // 2. Every list reordered (accounts, assignments, managed policies, permission-set keys): no changes.
            stack.setConfig((c) => {
                const fed = c[FEDERATION_KEY];
                for (const a of fed.assignments) a.accounts.reverse();
                fed.assignments.reverse();
                fed.permissionSets.ReadOnly.managedPolicies.reverse();
                fed.permissionSets = Object.fromEntries(Object.entries(fed.permissionSets).reverse());
            });
            // With the policy pack: the deployed stack (every ID known) passes the real analyzer too.
            const { result: reorderResult, json: reorderJson } = await stack.previewJson(policyArgs());
            assertNoMandatoryViolation(reorderResult);
            const reordered = previewSteps(reorderJson).filter((s) => s.op !== "same");
            assert.deepEqual(reordered, [], "reordering lists changes nothing");

            // 3. The ReadOnly permission set removed (with its assignments): only its resources are deleted.
            stack.setConfig((c) => {
                const fed = c[FEDERATION_KEY];
                delete fed.permissionSets.ReadOnly;
                fed.assignments = fed.assignments.filter((a: any) => a.permissionSet !== "ReadOnly");
            });
            const removed = previewSteps((await stack.previewJson()).json).filter((s) => s.op !== "same" && s.custom);
            assert.deepEqual([...new Set(removed.map((s) => s.op))], ["delete"], JSON.stringify(removed));
            assert.equal(removed.length, 1 + 2 + 2, "the set, its two policy attachments, its two assignments");
            assert.ok(
                removed.every((s) => STACK_TYPES_OF_PERMISSION_SET.includes(s.type) && /ReadOnly|readonly|read-only/i.test(s.urn)),
                JSON.stringify(removed),
            );
        },
    );

    it(
        "the policy pack in the real analyzer: the first up's preview (every ID " +
            "unknown) had no false violation; the deployed stack passes (update scenario)",
        function () {
            assert.match(
                firstUp.stdout,
                /Policies:\s*\n\s*✅ aws-identity-center-authentik@v\d/,
                "the pack ran, and passed, in the first up",
            );
            assertNoMandatoryViolation(firstUp);
        },
    );

    it(
        "the policy pack in the real analyzer: a hand-written Terraform-shaped stack " +
            "(email NameID, username SCIM userName) fails with the mandatory violation",
        async function () {
            const tf = new E2eStack("seed", workDir, world.env, path.join(REPO, "tests", "e2e", "programs", "terraform-shaped"));
            await tf.init({ "authentik:url": world.authentik.url }, { "authentik:token": world.authentik.token });
            try {
                const result = await tf.preview(policyArgs(), true);
                assert.notEqual(result.code, 0, "the mandatory violation fails the preview");
                // The CLI's policy summary: the pack failed, with this policy's mandatory violation on the NameID mapping.
                assert.match(result.stdout, /❌ aws-identity-center-authentik@v\d/);
                assert.match(
                    result.stdout,
                    new RegExp(
                        /\[mandatory\]\s+saml-nameid-matches-scim-userName\s+/.source +
                            /\(authentik:index\/propertyMappingProviderSaml:PropertyMappingProviderSaml: email-nameid\)/.source,
                    ),
                );
                assert.match(result.stdout, /derives the NameID from request\.user\.email.*derives userName from request\.user\.username/s);
            } finally {
                await tf.remove();
            }
        },
    );

    it("pulumi destroy leaves moto and the authentik stand-in empty of everything the stack created", async function () {
        await stack.destroy();
        assert.deepEqual([...(await permissionSets(world.aws, world.ids.instanceArn)).values()], []);
        assert.deepEqual(await assignments(world.aws, world.ids, ACCOUNTS), []);
        assert.deepEqual(await authentikObjects(world), authentikBefore);
        const state = await stack.exportState();
        assert.deepEqual(state.deployment.resources ?? [], []);
    });

    // After the CLI scenarios (mocha runs a suite's tests before its child suites), in the same world.
    automationScenarios(() => world);
});
