/**
 * The real-engine tier for a consumer (issue 11): the packed tarball installed in a project outside the repository
 * (tests/harness/consumerProject.ts, the same project and program tests/package-consumer.spec.ts runs under mocks),
 * with its own Pulumi.yaml (`runtime: nodejs`, the TypeScript program run by ts-node as the language host does),
 * previewed, deployed and destroyed by the real `pulumi` CLI against the stand-ins with a file backend and a
 * passphrase. The program's authentik API endpoint (the dynamic providers' `authentik.apiUrl`/`apiToken`) is pointed
 * at the stand-in; nothing else in it changes.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import { createRequire } from "node:module";
import * as path from "node:path";
import { createConsumerProject, PKG, type ConsumerProject } from "../harness/consumerProject";
import { assignments } from "./aws";
import { E2eStack, previewSteps, REPO, tempDir } from "./harness";
import { REGION, startWorld, type World } from "./world";

/** What the consumer program (tests/fixtures/consumer/index.ts) declares, by type: one permission set, two accounts. */
const PLANNED: Record<string, number> = {
    "aws-identity-center:index:AwsIdentityCenterFederation": 1,
    "authentik:index/providerSaml:ProviderSaml": 1,
    "authentik:index/providerScim:ProviderScim": 1,
    "authentik:index/application:Application": 1,
    "aws:ssoadmin/permissionSet:PermissionSet": 1,
    "aws:ssoadmin/accountAssignment:AccountAssignment": 2,
    "pulumi-nodejs:dynamic:ScimPrincipalWait": 1,
};

describe("real engine: a consumer project previews the packed package through the pulumi CLI", function () {
    this.timeout(300000);
    let world: World;
    let consumer: ConsumerProject;
    let stack: E2eStack;
    let workDir: string;

    before(async function () {
        consumer = createConsumerProject();
        fs.writeFileSync(
            path.join(consumer.dir, "Pulumi.yaml"),
            "name: consumer\ndescription: a consumer of the packed aws-identity-center-authentik\nruntime: nodejs\nmain: index.ts\n",
        );
        world = await startWorld();
        const program = path.join(consumer.dir, "index.ts");
        const source = fs.readFileSync(program, "utf8");
        const pointed = source
            .replace('apiUrl: "https://authentik.example.com"', `apiUrl: ${JSON.stringify(world.authentik.url)}`)
            .replace('apiToken: "authentik-api-token"', `apiToken: ${JSON.stringify(world.authentik.token)}`);
        assert.ok(
            pointed.includes(world.authentik.url) && pointed.includes(world.authentik.token),
            "the program's authentik API is the stand-in",
        );
        fs.writeFileSync(program, pointed);
        // The program assigns the group aws-readers; authentik holds it (SCIM would push it to AWS on `up`).
        world.authentik.seed.group("aws-readers");
        workDir = tempDir("consumer");
        stack = new E2eStack("dev", workDir, world.env, consumer.dir);
        await stack.init({ "aws:region": REGION, "authentik:url": world.authentik.url }, { "authentik:token": world.authentik.token });
    });

    after(async function () {
        if (stack) await stack.remove();
        if (workDir) fs.rmSync(workDir, { recursive: true, force: true });
        if (world) await world.stop();
        consumer?.remove();
    });

    it("pulumi preview --json plans the component by its type token and its resources, with no error", async function () {
        const { result, json } = await stack.previewJson();
        assert.equal(result.code, 0, result.stderr.slice(-4000));
        assert.ok(json, `preview printed JSON:\n${result.stdout.slice(-4000)}`);
        const errors = (json.diagnostics ?? []).filter((d: any) => d.severity === "error");
        assert.deepEqual(errors, [], "no error diagnostics");
        const steps = previewSteps(json);
        assert.deepEqual([...new Set(steps.filter((s) => s.type !== "pulumi:pulumi:Stack").map((s) => s.op))], ["create"]);
        const counts: Record<string, number> = {};
        for (const s of steps) counts[s.type] = (counts[s.type] ?? 0) + 1;
        for (const [type, n] of Object.entries(PLANNED)) {
            assert.equal(counts[type], n, `${n} × ${type} planned (got ${JSON.stringify(counts)})`);
        }
        // Loaded from the consumer's node_modules: the component's URN is the package's public type token.
        assert.ok(steps.some((s) => s.urn.endsWith("::aws-identity-center:index:AwsIdentityCenterFederation::aws")));
    });

    const upTitle =
        "pulumi up deploys it: the assignments are in moto; the serialized dynamic providers require the package's " +
        "internal modules, which resolve from the consumer's node_modules";
    it(upTitle, async function () {
        await stack.up();
        const inMoto = await assignments(world.aws, world.ids, ["111111111111", "222222222222"]);
        assert.deepEqual(
            inMoto.map((a) => `${a.principal}/${a.permissionSet}/${a.accountId}`),
            ["aws-readers/ReadOnly/111111111111", "aws-readers/ReadOnly/222222222222"],
        );
        const state = await stack.exportState();
        const dynamic = state.deployment.resources.filter((r: any) => String(r.type).startsWith("pulumi-nodejs:dynamic:"));
        assert.ok(dynamic.length >= 2, "the principal wait and the authentik API resources are dynamic");
        const requires = new Set<string>();
        for (const r of dynamic) {
            for (const m of String(r.inputs.__provider).matchAll(/require\("([^"]+)"\)/g)) requires.add(m[1]);
        }
        const internal = [...requires].filter((id) => id.startsWith(`${PKG.name}/internal/`));
        assert.ok(internal.length > 0, `serialized providers require internal modules (${[...requires].join(", ")})`);
        // Resolved as a module of the consumer's program resolves them (not from here: inside the repository, Node's
        // self-reference would resolve the package's own name to the repository's bin/).
        const consumerRequire = createRequire(path.join(consumer.dir, "index.js"));
        for (const id of requires) {
            assert.ok(!id.includes(REPO), `${id} points into the repository`);
            const resolved = consumerRequire.resolve(id);
            if (internal.includes(id)) {
                assert.ok(resolved.startsWith(path.join(consumer.dir, "node_modules", PKG.name) + path.sep), `${id} -> ${resolved}`);
            }
        }
    });

    it("pulumi destroy removes everything it deployed", async function () {
        await stack.destroy();
        assert.deepEqual(await assignments(world.aws, world.ids, ["111111111111", "222222222222"]), []);
        assert.deepEqual((await stack.exportState()).deployment.resources ?? [], []);
    });
});
