import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./harness/build";
import { createConsumerProject, PKG, type ConsumerProject } from "./harness/consumerProject";

/**
 * What a user does with the package, outside this repository: `npm pack`, a fresh project (its own package.json,
 * tsconfig and lock) that installs the tarball and the peers from the npm cache, a program importing the component,
 * the policies, the automation layer and the access-matrix renderer by their public names; `tsc` type-checks it (with
 * `moduleResolution: node`, i.e. typesVersions, and with `nodenext`, i.e. the exports map), then it runs under Pulumi
 * mocks loaded the way Pulumi's language host loads TypeScript (ts-node, which never compiles node_modules) and as
 * compiled JavaScript, and both register the same resources.
 */

interface Run {
    resources: { type: string; name: string }[];
    outputs: Record<string, unknown>;
    requires: string[];
    unresolved: string[];
    tsSources: string[];
    failures: string[];
}

describe("a consumer project installs the packed package and uses its public entry points", function () {
    this.timeout(300000);
    let consumer: ConsumerProject | undefined;
    let dir: string;
    const runs: Record<"ts" | "js", Run | undefined> = { ts: undefined, js: undefined };
    const node = (args: string[]) =>
        execFileSync(process.execPath, args, { cwd: dir, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const tsc = (project: string) => node([path.join(dir, "node_modules", "typescript", "bin", "tsc"), "-p", project]);

    before(() => {
        consumer = createConsumerProject();
        dir = consumer.dir;
    });

    after(() => consumer?.remove());

    it("installs only compiled output, with its declarations and no TypeScript sources", () => {
        // (npm ls --all, run right after the install, found no invalid, missing or extraneous package.)
        const installed = path.join(dir, "node_modules", PKG.name);
        assert.ok(!fs.existsSync(path.join(installed, "components")), "only compiled output is installed");
        assert.ok(fs.existsSync(path.join(installed, "bin", "components", "index.d.ts")));
        assert.ok(
            !fs.existsSync(path.join(dir, "node_modules", "@pulumi", "authentik")),
            "the authentik SDK subset ships inside the package",
        );
    });

    it("type-checks with tsc against the declarations: typesVersions (moduleResolution node) and exports (nodenext)", () => {
        tsc("tsconfig.json");
        tsc("tsconfig.nodenext.json");
        assert.ok(fs.existsSync(path.join(dir, "bin", "index.js")));
    });

    it("a program that misuses the API does not type-check (the check is real)", () => {
        fs.writeFileSync(
            path.join(dir, "broken.ts"),
            fs.readFileSync(path.join(dir, "index.ts"), "utf8").replace("usersGroup:", "userGroup:"),
        );
        fs.writeFileSync(
            path.join(dir, "tsconfig.broken.json"),
            JSON.stringify({ extends: "./tsconfig.json", compilerOptions: { noEmit: true }, files: ["broken.ts"] }),
        );
        assert.throws(
            () => tsc("tsconfig.broken.json"),
            (e: { stdout?: string }) => /userGroup/.test(String(e.stdout)),
        );
    });

    for (const mode of ["ts", "js"] as const) {
        it(`runs under Pulumi mocks ${mode === "ts" ? "with ts-node as the language host registers it" : "as compiled JavaScript"}`, () => {
            if (mode === "js" && !fs.existsSync(path.join(dir, "bin", "index.js"))) tsc("tsconfig.json");
            const out = node(["run.js", mode]).trim().split("\n").pop()!;
            const run = (runs[mode] = JSON.parse(out) as Run);
            assert.deepEqual(run.failures, []);
            assert.deepEqual(run.tsSources, [], "nothing under node_modules is TypeScript");
            const types = new Set(run.resources.map((r) => r.type));
            for (const t of [
                "aws-identity-center:index:AwsIdentityCenterFederation",
                "authentik:index/providerSaml:ProviderSaml",
                "authentik:index/providerScim:ProviderScim",
                "authentik:index/application:Application",
                "aws:ssoadmin/permissionSet:PermissionSet",
                "aws:ssoadmin/accountAssignment:AccountAssignment",
                "pulumi-nodejs:dynamic:ScimPrincipalWait",
            ]) {
                assert.ok(types.has(t), `registers ${t} (got ${[...types].join(", ")})`);
            }
            assert.equal(
                run.resources.filter((r) => r.type === "aws:ssoadmin/accountAssignment:AccountAssignment").length,
                2,
                "one assignment per account",
            );
            // The dynamic providers are serialized with requires of the package's internal modules: they must resolve
            // through the exports map from the consumer's node_modules (./internal/*), never by a path into the repository.
            assert.ok(
                run.requires.some((r) => r.startsWith(`${PKG.name}/internal/`)),
                `serialized providers require internal modules (${run.requires.join(", ")})`,
            );
            assert.deepEqual(run.unresolved, []);
            assert.ok(run.requires.every((r) => !r.includes(ROOT)));
            assert.ok((run.outputs.policyNames as string[]).includes(run.outputs.identityPolicy as string));
            assert.equal(run.outputs.validationErrorName, "FederationValidationError");
            assert.ok((run.outputs.environmentProblems as number) > 0);
            assert.match(run.outputs.accessMatrixMarkdown as string, /aws-readers/);
        });
    }

    it("registers the same resources under ts-node and compiled", () => {
        assert.ok(runs.ts && runs.js, "both runs happened");
        const key = (r: Run) => r.resources.map((x) => `${x.type}::${x.name}`).sort();
        assert.deepEqual(key(runs.ts), key(runs.js));
    });
});
