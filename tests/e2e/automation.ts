/**
 * The Automation API scenario (registered by engine.e2e.ts after the CLI scenarios, in the same world): the
 * package's entry points (automation/) against Pulumi's real `LocalWorkspace`, which shells out to the toolchain's
 * `pulumi` and runs the federation as an inline program in this process.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { destroy, preview, runEnvironments, up, type EnvironmentSpec } from "../../automation";
import type { FederationSettings } from "../../program/settings";
import { assignments, permissionSets, sortRows } from "./aws";
import { REPO, tempDir } from "./harness";
import { FEDERATION_KEY, REGION, SCIM_TOKEN, type World } from "./world";

function environment(world: World, name: string, workDir: string): EnvironmentSpec {
    const prod = yaml.load(fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, any> };
    const settings = structuredClone(prod.config[FEDERATION_KEY]) as FederationSettings & Record<string, any>;
    // Two environments share one Identity Center instance and one authentik: their names must not collide.
    settings.authentik.applicationName = `AWS Console (${name})`;
    settings.authentik.applicationSlug = `aws-console-${name}`;
    settings.permissionSets = { [`Admin-${name}`]: settings.permissionSets!.Administrator };
    settings.assignments = [{ group: "aws-administrators", permissionSet: `Admin-${name}`, accounts: ["111111111111"] }];
    const env = world.env;
    return {
        stack: name,
        settings,
        scimToken: SCIM_TOKEN,
        awsRegion: REGION,
        authentik: { url: world.authentik.url, token: world.authentik.token },
        policyPackConfig: path.join(REPO, "policy-config.example.json"),
        workspace: {
            workDir: fs.mkdtempSync(path.join(workDir, `${name}-`)),
            backendUrl: env.PULUMI_BACKEND_URL,
            secretsProvider: "passphrase",
            envVars: Object.fromEntries(Object.entries(env).filter(([k]) => /^(PULUMI_|AWS_)/.test(k)) as [string, string][]),
        },
    };
}

export function automationScenarios(getWorld: () => World): void {
    describe("real engine: the Automation API entry points against the real LocalWorkspace", function () {
        this.timeout(300000);
        let workDir: string;
        let savedPath: string | undefined;

        before(function () {
            workDir = tempDir("automation");
            // LocalWorkspace finds `pulumi` on this process's PATH.
            savedPath = process.env.PATH;
            process.env.PATH = getWorld().env.PATH;
        });
        after(function () {
            process.env.PATH = savedPath;
            fs.rmSync(workDir, { recursive: true, force: true });
        });

        it("preview, up and destroy of one environment, with outputs and change summaries", async function () {
            const world = getWorld();
            const env = environment(world, "auto-a", workDir);
            const planned = await preview(env);
            assert.ok(planned.changes.create > 0, planned.summary);
            assert.equal(planned.changes.delete, 0);
            assert.match(planned.summary, /^auto-a preview: \d+ to create/);

            const deployed = await up(env);
            assert.equal(deployed.changes.create, planned.changes.create, "up created what preview planned");
            assert.match(deployed.summary, /^auto-a up: \d+ created/);
            const inMoto = (await assignments(world.aws, world.ids, ["111111111111"])).filter((r) => r.permissionSet === "Admin-auto-a");
            assert.deepEqual(inMoto, sortRows(deployed.outputs.accessMatrix as any[]));
            assert.equal(deployed.outputs.instanceArn, world.ids.instanceArn);

            const gone = await destroy(env);
            assert.equal(gone.changes.delete, deployed.changes.create, gone.summary);
            assert.deepEqual(gone.outputs, {});
            assert.ok(![...(await permissionSets(world.aws, world.ids.instanceArn)).values()].includes("Admin-auto-a"));
        });

        it("runEnvironments over two environments: each gets its own result, in order", async function () {
            const world = getWorld();
            const envs = [environment(world, "auto-b", workDir), environment(world, "auto-c", workDir)];
            const results = await runEnvironments(envs, "preview");
            assert.deepEqual(
                results.map((r) => [r.stack, r.ok]),
                [
                    ["auto-b", true],
                    ["auto-c", true],
                ],
                JSON.stringify(results.map((r) => (r.ok ? r.result.summary : String(r.error)))),
            );
            for (const r of results) {
                assert.ok(r.ok && r.result.changes.create > 0 && r.result.changes.delete === 0, r.ok ? r.result.summary : String(r.error));
            }
        });
    });
}
