import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { findPlaceholders, parseArgs, plan, PLACEHOLDER_TOKEN } from "../scripts/plan";

const ROOT = path.join(__dirname, "..");

function tempStack(name: string, yamlText: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    fs.writeFileSync(path.join(dir, `Pulumi.${name}.yaml`), yamlText);
    return dir;
}

describe("the offline plan (npm run plan)", function () {
    this.timeout(120000);

    it("plans the prod stack: resources with secrets masked, access matrix, policies, mapping check, exit 0", async () => {
        const r = await plan({ stack: "prod" });
        assert.equal(r.exitCode, 0, r.text);
        assert.match(r.text, /placeholder token/);
        assert.ok(!r.text.includes(PLACEHOLDER_TOKEN), "the token itself is never printed");
        assert.match(r.text, /token=\[secret\]/);
        assert.match(
            r.text,
            new RegExp(
                /\+ aws:ssoadmin\/accountAssignment:AccountAssignment {2}/.source +
                    /aws-identity-center-assignment-GROUP_aws-administrators_Administrator_111111111111/.source,
            ),
        );
        assert.match(r.text, /\| group: aws-administrators \| Administrator: \d{12}/);
        assert.match(r.text, /Policy pack: 0 mandatory violation/);
        assert.match(r.text, /identity attribute "username"/);
        assert.match(r.text, /0 mismatched/);
        // authentik API access is configured (placeholders here): the component sets the Default NameID Policy itself.
        assert.doesNotMatch(r.text, /Default NameID Policy/);
        assert.match(r.text, /\+ pulumi-nodejs:dynamic:SamlNameIdPolicy {2}aws-identity-center-saml-nameid-policy/);
        assert.equal(r.violations.filter((v) => v.enforcementLevel === "mandatory").length, 0);
        assert.ok(r.mappingCheck && r.mappingCheck.counts.provisioned > 0);
    });

    it("exits 1 on a mandatory policy violation", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cfg-"));
        const cfg = path.join(dir, "policy.json");
        fs.writeFileSync(cfg, JSON.stringify({ "permission-set-limits": { enforcementLevel: "mandatory", maxSessionDuration: "PT4H" } }));
        const r = await plan({ stack: "prod", policyConfigFile: cfg });
        assert.equal(r.exitCode, 1, r.text);
        assert.match(r.text, /\[mandatory\] permission-set-limits/);
        assert.match(r.text, /Plan FAILED/);
    });

    it("accepts the shipped policy-config.example.json (every key is a policy of the pack)", async () => {
        const file = path.join(ROOT, "policy-config.example.json");
        const config = JSON.parse(fs.readFileSync(file, "utf8"));
        const { policies } = await import("../policy/policies");
        for (const key of Object.keys(config))
            assert.ok(
                policies.some((p) => p.name === key),
                `${key} is a policy`,
            );
        const r = await plan({ stack: "prod", policyConfigFile: file });
        assert.equal(r.exitCode, 0, r.text);
    });

    it("exits 0 when the pack has only advisory findings, and says so", async () => {
        const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
        const dir = tempStack(
            "advisory",
            prod.replace(
                "      - group: aws-administrators\n",
                "      - user: alice@icteam.example\n        permissionSet: Administrator\n    " +
                    '    accounts:\n          - "111111111111"\n      - group: aws-administrators\n',
            ),
        );
        const r = await plan({ stack: "advisory", dir });
        assert.match(r.text, /0 mandatory violation\(s\), 1 advisory note/);
        assert.match(r.text, /\[advisory\] no-admin-to-individual-users/);
        assert.equal(r.exitCode, 0, r.text);
        assert.match(r.text, /Plan OK\./);
    });

    it("exits 2 when the program fails while resolving values (e.g. two Identity Center instances)", async () => {
        const r = await plan({
            stack: "prod",
            mocks: {
                invokes: {
                    "aws:ssoadmin/getInstances:getInstances": () => ({
                        arns: ["arn:aws:sso:::instance/ssoins-1111111111111111", "arn:aws:sso:::instance/ssoins-2222222222222222"],
                        identityStoreIds: ["d-1111111111", "d-2222222222"],
                        id: "eu-central-1",
                        region: "eu-central-1",
                    }),
                },
            },
        });
        assert.equal(r.exitCode, 2, r.text);
        assert.match(r.text, /The program failed while resolving values/);
        assert.match(r.text, /2 IAM Identity Center instances/);
    });

    it("exits 2 on invalid config, naming the problem, before planning anything", async () => {
        const prod = fs.readFileSync(path.join(ROOT, "Pulumi.prod.yaml"), "utf8");
        const dir = tempStack(
            "bad",
            prod.replace("sessionDuration: PT8H", "sessionDuration: PT24H").replace("usersGroup: aws-users", "usersGroup: ''"),
        );
        const r = await plan({ stack: "bad", dir });
        assert.equal(r.exitCode, 2, r.text);
        assert.match(r.text, /Invalid configuration, nothing would be created/);
        assert.match(r.text, /sessionDuration/);
        assert.match(r.text, /authentik\.usersGroup/);
        assert.equal(r.resources.length, 0);
    });

    it("exits 2 with the config key and command when the settings are missing", async () => {
        const dir = tempStack("empty", "config:\n  aws:region: eu-central-1\n");
        const r = await plan({ stack: "empty", dir });
        assert.equal(r.exitCode, 2);
        assert.match(r.text, /aws-identity-center-authentik:federation/);
        assert.match(r.text, /pulumi config set --path/);
        const missing = await plan({ stack: "nope", dir });
        assert.equal(missing.exitCode, 2);
        assert.match(missing.text, /No stack file/);
    });

    it("checks a real user export given with --users (authentik API page format)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-users-"));
        const file = path.join(dir, "users.json");
        fs.writeFileSync(
            file,
            JSON.stringify({
                results: [
                    {
                        pk: 1,
                        username: "Alice@Example.com",
                        email: "alice@example.com",
                        name: "Alice Liddell",
                        is_active: true,
                        type: "internal",
                        uid: "u1",
                        attributes: {},
                        avatar: "",
                    },
                    {
                        pk: 2,
                        username: "bob",
                        email: "bob@example.com",
                        name: "Bob",
                        is_active: true,
                        type: "internal",
                        uid: "u2",
                        attributes: {},
                        avatar: "",
                    },
                ],
            }),
        );
        const r = await plan({ stack: "prod", usersFile: file });
        assert.equal(r.exitCode, 0, r.text);
        assert.equal(r.mappingCheck!.counts.total, 2);
        assert.equal(r.mappingCheck!.counts.provisioned, 1, "alice (email-shaped username) is provisioned");
        assert.equal(r.mappingCheck!.counts.skipped, 1, "bob (username not an email) is skipped with a reason");
        assert.match(r.text, /of 2 users from .*users\.json/);
        assert.match(r.text, /\+ Alice@Example\.com: provisioned as AWS user alice@example\.com; signs in as alice@example\.com/);
        assert.match(r.text, /- bob: skipped: username 'bob' is not an email address.*; cannot sign in/);
    });

    it("--json: one object per user (username, email, outcome, reason, nameId, awsUserName, signsInAs)", async () => {
        assert.deepEqual(parseArgs(["--users", "u.json", "--json"]), { stack: "prod", usersFile: "u.json", json: true });
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-json-"));
        const file = path.join(dir, "users.json");
        fs.writeFileSync(
            file,
            JSON.stringify([
                {
                    pk: 1,
                    username: "ann@example.com",
                    email: "ann@example.com",
                    name: "Ann A",
                    is_active: true,
                    type: "internal",
                    uid: "u1",
                },
                { pk: 2, username: "first..last@example.com", email: "x", name: "Dots", is_active: true, type: "internal", uid: "u2" },
            ]),
        );
        const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
            execFile(
                "npm",
                ["run", "--silent", "plan", "--", "--stack", "prod", "--users", file, "--json"],
                { cwd: ROOT, env: { ...process.env, CI: "true" } },
                (err, stdout) => {
                    resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout });
                },
            );
        });
        assert.equal(result.code, 0, result.stdout);
        assert.deepEqual(JSON.parse(result.stdout), [
            {
                username: "ann@example.com",
                email: "ann@example.com",
                outcome: "provisioned",
                reason: null,
                nameId: "ann@example.com",
                awsUserName: "ann@example.com",
                signsInAs: "ann@example.com",
            },
            // Username mode: Django's validate_email does not govern userName, only the (dropped) email.
            {
                username: "first..last@example.com",
                email: "x",
                outcome: "provisioned",
                reason: null,
                nameId: "first..last@example.com",
                awsUserName: "first..last@example.com",
                signsInAs: "first..last@example.com",
            },
        ]);
    });

    it("exits 1 when two users would share one AWS identity (a userName or primary-email collision)", async () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-dup-"));
        const file = path.join(dir, "users.json");
        fs.writeFileSync(
            file,
            JSON.stringify([
                {
                    pk: 1,
                    username: "ann@example.com",
                    email: "team@example.com",
                    name: "Ann A",
                    is_active: true,
                    type: "internal",
                    uid: "u1",
                    attributes: {},
                    avatar: "",
                },
                {
                    pk: 2,
                    username: "ben@example.com",
                    email: "TEAM@example.com",
                    name: "Ben B",
                    is_active: true,
                    type: "internal",
                    uid: "u2",
                    attributes: {},
                    avatar: "",
                },
            ]),
        );
        const r = await plan({ stack: "prod", usersFile: file });
        assert.equal(r.exitCode, 1, r.text);
        // Username mode: distinct usernames, one mailbox: AWS refuses the second (409) and it stays unprovisioned.
        assert.match(r.text, /- ben@example\.com: skipped: AWS rejected the user: HTTP 409/);
        assert.match(r.text, /Plan FAILED/);
    });

    it("warns about values that validate but look like placeholders, without failing", async () => {
        const r = await plan({ stack: "prod" });
        assert.equal(r.exitCode, 0);
        assert.match(r.text, /! federation\.identityCenter\.scimEndpoint tenant "icteam-tenant-id"/);
        assert.match(r.text, /! account 111111111111/);
        assert.deepEqual(
            findPlaceholders({
                identityCenter: { scimEndpoint: "https://scim.us-east-2.amazonaws.com/Hw59fdecb43-083d-4307-b59f-ef4a9eb90ca6/scim/v2/" },
                assignments: [{ accounts: ["762490340130"] }],
            }),
            [],
        );
    });

    it("parses its command line and rejects unknown arguments", () => {
        assert.deepEqual(parseArgs(["--stack", "dev", "--users", "u.json"]), { stack: "dev", usersFile: "u.json" });
        assert.deepEqual(parseArgs([]), { stack: "prod" });
        assert.throws(() => parseArgs(["--frobnicate"]), /unknown argument/);
        assert.throws(() => parseArgs(["--stack"]), /needs a value/);
    });

    it("runs as `npm run plan` from the command line and exits 0 on prod", async () => {
        const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
            execFile(
                "npm",
                ["run", "--silent", "plan", "--", "--stack", "prod"],
                { cwd: ROOT, env: { ...process.env, CI: "true" } },
                (err, stdout) => {
                    resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout });
                },
            );
        });
        assert.equal(result.code, 0, result.stdout);
        assert.match(result.stdout, /Plan OK\./);
    });
});
