import { strict as assert } from "node:assert";
import type { RecordedResource } from "../scripts/offlineEngine";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { AwsIdentityCenterFederation } from "../components";
import { importFileUrns, migrateTfState, parseTfState, TfInstance } from "../components/migration";
import { checkSettingsShape } from "../program/config";
import { FEDERATION_NAME } from "../program/program";
import { argsFromSettings, FederationSettings, PROJECT, SCIM_TOKEN_KEY, SETTINGS_KEY } from "../program/settings";
import { main } from "../scripts/migrate";
import { record } from "./harness/mocks";
import { AUTHENTIK_DEFAULTS } from "../components/authentik/resources";
import { readStackFile } from "../program/stackFile";

const FIXTURES = path.join(__dirname, "fixtures", "terraform");
const SEED = fs.readFileSync(path.join(FIXTURES, "seed.tfstate.json"), "utf8");
const LARGER = fs.readFileSync(path.join(FIXTURES, "larger.tfstate.json"), "utf8");
const TOKEN_IN_STATE = "tf-state-scim-token-DO-NOT-LEAK";
// The mock engine's project and stack (scripts/offlineEngine.ts).
const MOCK_PROJECT = "aws-identity-center";
const MOCK_STACK = "test";

function migrate(text: string) {
    return migrateTfState(text, {
        componentName: FEDERATION_NAME,
        project: PROJECT,
        settingsKey: SETTINGS_KEY,
        scimTokenKey: SCIM_TOKEN_KEY,
        stack: "prod",
        importFilePath: "import-prod.json",
    });
}

/**
 * Which inputs of each adopted AWS type force replacement (terraform-provider-aws ssoadmin schemas: ForceNew), and
 * the Terraform attribute each comes from. Equal values here mean the preview after import replaces nothing.
 */
const REPLACE_INPUTS: { [tfType: string]: { type: string; inputs: (a: any) => { [input: string]: unknown } } } = {
    aws_ssoadmin_permission_set: {
        type: "aws:ssoadmin/permissionSet:PermissionSet",
        inputs: (a) => ({ instanceArn: a.instance_arn, name: a.name }),
    },
    aws_ssoadmin_managed_policy_attachment: {
        type: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
        inputs: (a) => ({ instanceArn: a.instance_arn, permissionSetArn: a.permission_set_arn, managedPolicyArn: a.managed_policy_arn }),
    },
    aws_ssoadmin_customer_managed_policy_attachment: {
        type: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
        inputs: (a) => ({
            instanceArn: a.instance_arn,
            permissionSetArn: a.permission_set_arn,
            customerManagedPolicyReference: {
                name: a.customer_managed_policy_reference[0].name,
                path: a.customer_managed_policy_reference[0].path,
            },
        }),
    },
    aws_ssoadmin_permission_set_inline_policy: {
        type: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
        inputs: (a) => ({ instanceArn: a.instance_arn, permissionSetArn: a.permission_set_arn }),
    },
    aws_ssoadmin_permissions_boundary_attachment: {
        type: "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
        inputs: (a) => {
            const pb = a.permissions_boundary[0];
            const cm = pb.customer_managed_policy_reference?.[0];
            return {
                instanceArn: a.instance_arn,
                permissionSetArn: a.permission_set_arn,
                permissionsBoundary: pb.managed_policy_arn
                    ? { managedPolicyArn: pb.managed_policy_arn }
                    : { customerManagedPolicyReference: { name: cm.name, path: cm.path } },
            };
        },
    },
    aws_ssoadmin_account_assignment: {
        type: "aws:ssoadmin/accountAssignment:AccountAssignment",
        inputs: (a) => ({
            instanceArn: a.instance_arn,
            permissionSetArn: a.permission_set_arn,
            principalId: a.principal_id,
            principalType: a.principal_type,
            targetId: a.target_id,
            targetType: a.target_type,
        }),
    },
};

/** The component, under mocks, built from the generated stack config the way the program builds it. */
async function recordMigrated(text: string) {
    const m = migrate(text);
    const doc = yaml.load(m.stackFile) as { config: { [k: string]: unknown } };
    const settings = doc.config[`${PROJECT}:${SETTINGS_KEY}`] as FederationSettings;
    const instances = parseTfState(text);
    // Permission sets keep their ARNs: the mock answers with the ARN of the adopted object of that name.
    const arnByName = new Map(
        instances
            .filter((i) => i.type === "aws_ssoadmin_permission_set" && i.mode === "managed")
            .map((i) => [i.attributes.name, i.attributes.arn]),
    );
    const rec = await record(() => new AwsIdentityCenterFederation(FEDERATION_NAME, argsFromSettings(settings, "token")), {
        stateFor: (type, _name, inputs) =>
            type === "aws:ssoadmin/permissionSet:PermissionSet" ? { arn: arnByName.get(inputs.name) } : undefined,
    });
    return { m, settings, rec, instances };
}

/**
 * The URNs the real engine gives: the whole chain of parent types (`A$B$type`). The SDK's mocks keep only the
 * nearest parent's type, which differs as soon as a component has a component child (the assignments).
 */
function engineUrns(resources: readonly RecordedResource[]): string[] {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const chain = (r: RecordedResource): string => {
        const parent = r.parent ? byUrn.get(r.parent) : undefined;
        return parent ? `${chain(parent)}$${r.type}` : r.type;
    };
    return resources.map((r) => `urn:pulumi:${MOCK_STACK}::${MOCK_PROJECT}::${chain(r)}::${r.name}`);
}

function byAddress(instances: TfInstance[]): Map<string, TfInstance> {
    return new Map(instances.map((i) => [i.address, i]));
}

for (const [label, text] of [
    ["the seed's Terraform setup", SEED],
    ["a larger setup with modules, for_each, count and every attachment kind", LARGER],
] as const) {
    describe(`npm run migrate: ${label}`, () => {
        let run: Awaited<ReturnType<typeof recordMigrated>>;
        before(async function () {
            this.timeout(60000);
            run = await recordMigrated(text);
        });

        it("places every imported object at a URN the component registers for the generated config, the component included", () => {
            const urns = importFileUrns(run.m.importFile, MOCK_PROJECT, MOCK_STACK);
            const registered = new Set(engineUrns(run.rec.resources));
            assert.equal(new Set(urns).size, urns.length, "no URN twice");
            for (const urn of urns) assert.ok(registered.has(urn), `the component registers ${urn}`);
            const component = run.m.importFile.resources[0];
            assert.deepEqual(component, { type: AwsIdentityCenterFederation.__pulumiType, name: FEDERATION_NAME, component: true });
            // Every AWS permission set, attachment and assignment the component registers is adopted: none is created anew.
            const awsRegistered = engineUrns(run.rec.resources)
                .filter((u) => u.includes("$aws:ssoadmin/"))
                .sort();
            assert.deepEqual(urns.filter((u) => u.includes("$aws:ssoadmin/")).sort(), awsRegistered);
        });

        it("gives every adopted AWS object the inputs it has, so preview replaces nothing", () => {
            const state = byAddress(run.instances);
            const entries = run.m.importFile.resources.filter((r) => !r.component);
            let compared = 0;
            run.m.translation.adoptions.forEach((a, i) => {
                const inst = state.get(a.address)!;
                const rule = REPLACE_INPUTS[inst.type];
                if (!rule) return;
                const entry = entries[i];
                assert.equal(entry.type, rule.type, a.address);
                const registered = run.rec.resources.find((r) => r.type === entry.type && r.name === entry.name)!;
                const expected = rule.inputs(inst.attributes);
                const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, registered.inputs[k]]));
                assert.deepEqual(actual, expected, `${a.address} → ${entry.name}`);
                // The import ID is the provider's documented format, which is also the Terraform ID of these types.
                assert.equal(entry.id, inst.attributes.id, `${a.address}: import ID`);
                compared++;
            });
            assert.equal(
                compared,
                run.instances.filter(
                    (i) =>
                        i.mode === "managed" && REPLACE_INPUTS[i.type] && run.m.translation.adoptions.some((a) => a.address === i.address),
                ).length,
            );
            assert.ok(compared >= 5);
        });

        it("keeps the updatable permission set fields and the inline policy as they are (no update either)", () => {
            const state = byAddress(run.instances);
            for (const a of run.m.translation.adoptions) {
                const inst = state.get(a.address)!;
                const entry = run.m.importFile.resources.filter((r) => !r.component)[run.m.translation.adoptions.indexOf(a)];
                const reg = run.rec.resources.find((r) => r.type === entry.type && r.name === entry.name)!;
                if (inst.type === "aws_ssoadmin_permission_set") {
                    const t = inst.attributes;
                    assert.deepEqual(
                        {
                            description: reg.inputs.description ?? "",
                            sessionDuration: reg.inputs.sessionDuration ?? "",
                            relayState: reg.inputs.relayState ?? "",
                            tags: reg.inputs.tags ?? null,
                        },
                        { description: t.description, sessionDuration: t.session_duration, relayState: t.relay_state, tags: t.tags },
                    );
                }
                if (inst.type === "aws_ssoadmin_permission_set_inline_policy") {
                    assert.deepEqual(JSON.parse(reg.inputs.inlinePolicy), JSON.parse(inst.attributes.inline_policy));
                }
            }
        });

        it("pins the principal IDs from the state, so nothing waits for SCIM and no principal is looked up", () => {
            assert.equal(run.rec.resources.filter((r) => r.type.startsWith("pulumi-nodejs:dynamic:")).length, 0);
            assert.equal(run.rec.invokesOf("aws:identitystore/getGroup:getGroup").length, 0);
            assert.equal(run.rec.invokesOf("aws:ssoadmin/getInstances:getInstances").length, 0, "the instance is pinned too");
        });

        it("never copies the SCIM token from the state, and writes a config the program accepts", () => {
            const outputs = [run.m.stackFile, JSON.stringify(run.m.importFile), run.m.steps.join("\n"), JSON.stringify(run.m.report)];
            for (const o of outputs) assert.ok(!o.includes(TOKEN_IN_STATE), "the token stays out");
            assert.deepEqual(checkSettingsShape(run.settings, "prod"), []);
            assert.equal(run.rec.errors.length, 0, String(run.rec.errors[0]));
        });

        it("lists every adopted address for terraform state rm, quoted for the shell, then the import and the preview", () => {
            const rm = run.m.steps.filter((s) => s.startsWith("terraform state rm "));
            assert.deepEqual(
                rm.map((s) => s.slice("terraform state rm ".length)),
                run.m.translation.adoptions.map((a) => `'${a.address}'`),
            );
            assert.ok(run.m.steps.includes("pulumi import --file import-prod.json --generate-code=false"));
            assert.ok(run.m.steps[run.m.steps.length - 1].startsWith("pulumi preview"));
        });
    });
}

describe("npm run migrate: what it reads", () => {
    it("turns the seed's state into the seed's stack config (Pulumi.prod.yaml), value for value", () => {
        const m = migrate(SEED);
        const s = m.translation.settings;
        const prodFile = readStackFile(path.join(__dirname, "..", "Pulumi.prod.yaml")).values;
        const prod: FederationSettings = JSON.parse(prodFile[`${PROJECT}:${SETTINGS_KEY}`]);
        assert.equal(m.translation.region, prodFile["aws:region"]);
        assert.equal(s.identityAttribute, prod.identityAttribute);
        // Pulumi.prod.yaml spells out the default signing certificate; the migration leaves defaults out.
        const { signingCertificate, ...prodAuthentik } = prod.authentik;
        assert.equal(signingCertificate, AUTHENTIK_DEFAULTS.signingCertificate);
        assert.deepEqual(s.authentik, prodAuthentik);
        for (const k of ["samlAcsUrl", "samlAudience", "scimEndpoint"] as const)
            assert.equal(s.identityCenter[k], prod.identityCenter[k], k);
        assert.deepEqual(s.permissionSets, prod.permissionSets);
        assert.deepEqual(s.assignments, [
            { group: "aws-administrators", permissionSet: "Administrator", accounts: ["111111111111", "222222222222", "333333333333"] },
        ]);
        assert.deepEqual(s.principalIds, { groups: { "aws-administrators": "c3f4a2b1-7d6e-4f5a-8b9c-0d1e2f3a4b5c" } });
        assert.deepEqual(
            m.report.filter((r) => r.severity === "error"),
            [],
        );
        // The organisation's accounts are not the component's: reported by address, not adopted.
        assert.deepEqual(
            m.report.filter((r) => r.address.startsWith("aws_organizations_account.")).map((r) => r.address),
            [
                'aws_organizations_account.member["dev"]',
                'aws_organizations_account.member["staging"]',
                'aws_organizations_account.member["prod"]',
            ],
        );
    });

    it("reads modules, for_each and count keys, skips deposed objects, and reports what it cannot translate by address", () => {
        const m = migrate(LARGER);
        const s = m.translation.settings;
        assert.equal(s.identityAttribute, "email");
        assert.deepEqual(s.permissionSets!.DataEngineer, {
            description: "Data platform engineers",
            sessionDuration: "PT2H",
            // Sorted by path then name, as the component keys them ("/DenyBilling" < "/data/DataLakeAccess").
            customerManagedPolicies: [{ name: "DenyBilling" }, { name: "DataLakeAccess", path: "/data/" }],
            permissionsBoundary: { customerManagedPolicy: { name: "TeamBoundary", path: "/teams/" } },
        });
        assert.deepEqual(s.permissionSets!.ReadOnly.tags, { team: "platform", "cost-center": "42" });
        // Written as JSON text (the current shape), never as the deprecated object.
        assert.equal(typeof s.permissionSets!.Administrator.inlinePolicy, "string");
        assert.deepEqual(JSON.parse(s.permissionSets!.Administrator.inlinePolicy!), {
            Version: "2012-10-17",
            Statement: [{ Sid: "DenyLeavingOrg", Effect: "Deny", Action: "organizations:LeaveOrganization", Resource: "*" }],
        });
        assert.ok(s.assignments!.some((a) => a.user === "alice@example.com" && a.permissionSet === "ReadOnly"));
        assert.equal(s.principalIds!.users!["alice@example.com"], "9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074");
        // Assigned but not in the SCIM provider's group filter: a group managed outside authentik.
        assert.deepEqual(s.principalIds!.externalGroups, ["AWSControlTowerAdmins"]);
        assert.deepEqual(s.authentik.scimGroups, ["aws-billing"]);
        assert.equal(s.authentik.usersGroup, "aws-users");
        const addresses = m.translation.adoptions.map((a) => a.address);
        assert.ok(
            addresses.includes(
                'module.identity_center.aws_ssoadmin_account_assignment.this["Data Engineers / EU/DataEngineer/333333333333"]',
            ),
        );
        assert.ok(addresses.includes("module.identity_center.aws_ssoadmin_customer_managed_policy_attachment.this[1]"));
        assert.ok(!addresses.some((a) => a.endsWith('this["old"]')), "a deposed object is never adopted");
        const breakGlass = m.report.find((r) => r.address === "module.identity_center.aws_ssoadmin_account_assignment.break_glass[0]");
        assert.equal(breakGlass?.severity, "error");
        assert.match(breakGlass!.message, /name is unknown: not adopted/);
        assert.ok(
            !addresses.includes("module.identity_center.aws_ssoadmin_account_assignment.break_glass[0]"),
            "and it stays in Terraform",
        );
        assert.ok(
            m.report.some(
                (r) => r.address === "module.authentik_aws.authentik_property_mapping_provider_saml.nameid" && r.severity === "warning",
            ),
        );
    });

    it("refuses other state formats with the command that produces the right one", () => {
        assert.throws(() => parseTfState(JSON.stringify({ version: 3, modules: [] })), /format version 3.*terraform state pull/);
        assert.throws(() => parseTfState("not json"), /not JSON/);
    });
});

describe("npm run migrate: the command", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrate-"));
    const state = path.join(dir, "terraform.tfstate");
    fs.writeFileSync(state, SEED);
    const run = (...args: string[]) => {
        const out: string[] = [];
        const err: string[] = [];
        const code = main(
            args,
            (l) => out.push(l),
            (l) => err.push(l),
        );
        return { code, out: out.join("\n"), err: err.join("\n") };
    };

    it("writes Pulumi.<stack>.yaml and the import file, prints the report and the steps", () => {
        const r = run("--tfstate", state, "--stack", "icteam", "--out", dir);
        assert.equal(r.code, 0, r.err);
        const written = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.icteam.yaml"), "utf8")) as any;
        assert.equal(written.config["aws:region"], "eu-central-1");
        assert.equal(written.config[`${PROJECT}:${SETTINGS_KEY}`].authentik.applicationSlug, "aws-console-icteam");
        const imp = JSON.parse(fs.readFileSync(path.join(dir, "import-icteam.json"), "utf8"));
        assert.equal(imp.resources.length, 12, "the federation, its assignments component and 10 adopted objects");
        assert.match(r.out, /terraform state rm 'aws_ssoadmin_account_assignment\.administrators\["dev"\]'/);
        assert.match(r.out, /pulumi import --file .*import-icteam\.json --generate-code=false/);
        assert.match(r.out, /\[info\] aws_organizations_account\.member\["prod"\]/);
        assert.ok(!r.out.includes(TOKEN_IN_STATE));
    });

    it("does not overwrite without --force, and explains bad arguments", () => {
        assert.equal(run("--tfstate", state, "--stack", "icteam", "--out", dir).code, 73);
        assert.equal(run("--tfstate", state, "--stack", "icteam", "--out", dir, "--force").code, 0);
        const bad = run("--tfstat", state);
        assert.equal(bad.code, 64);
        assert.match(bad.err, /usage: npm run migrate/);
        assert.equal(run().code, 64);
        assert.equal(run("--tfstate", path.join(dir, "missing.tfstate")).code, 66);
    });
});
