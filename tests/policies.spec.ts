import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { generateMappings } from "../components/authentik/mappings";
import * as pack from "../policy/policies";
import {
    accountAssignmentValid,
    identityMappingsVerifiable,
    noAdminToIndividualUsers,
    permissionSetLimits,
    policies,
    samlNameIdMatchesScimUserName,
    samlSignedAssertions,
    scimAwsCompatibilityMode,
    scimExcludesServiceAccounts,
    scimProvisioningScoped,
    scimUserMappingAwsSafe,
} from "../policy/policies";
import {
    createResourceValidationArgs,
    createStackValidationArgs,
    PolicyResourceLike,
    runPackOverResources,
    runPolicyOver,
    runResourcePolicy,
    runStackPolicy,
    UNKNOWN,
    violationsOf,
} from "./harness/policyHarness";
import { accessStack, allUnknown, AWS_SCIM, EXPR, federationStack, T } from "./harness/policyStacks";

const MAIN = "saml-nameid-matches-scim-userName";
const COMPANION = "identity-mappings-verifiable";

async function messagesOf(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    resources: PolicyResourceLike[],
    config?: Record<string, unknown>,
) {
    const records = await runPolicyOver(policy, resources, config);
    assert.deepEqual(
        records.filter((r) => r.kind !== "violation"),
        [],
        "no analyzer preview skips",
    );
    return records.map((r) => r.message);
}

function resource(resources: PolicyResourceLike[], name: string): PolicyResourceLike {
    const r = resources.find((x) => x.name === name);
    assert.ok(r, `no resource ${name}`);
    return r;
}

describe("policy pack: metadata", () => {
    it("exports every policy in `policies`, with unique names, actionable descriptions and enforcement levels", () => {
        const exported = Object.entries(pack)
            .filter(([k]) => k !== "policies")
            .map(([, v]) => v);
        assert.equal(policies.length, exported.length);
        for (const p of exported) assert.ok(policies.includes(p as never), (p as { name: string }).name);
        assert.equal(new Set(policies.map((p) => p.name)).size, policies.length);
        for (const p of policies) {
            assert.match(p.name, /^[a-z][a-zA-Z-]+$/);
            assert.ok(p.description.length > 80, `${p.name}: description too short to act on`);
            assert.ok(["advisory", "mandatory"].includes(p.enforcementLevel!), p.name);
        }
        const advisory = policies
            .filter((p) => p.enforcementLevel === "advisory")
            .map((p) => p.name)
            .sort();
        assert.deepEqual(advisory, [COMPANION, "credential-expiry", "no-admin-to-individual-users", "scim-user-mapping-aws-safe"].sort());
    });

    it("documents every policy under its exact name in policy/README.md", () => {
        const readme = fs.readFileSync(path.join(__dirname, "..", "policy", "README.md"), "utf8");
        for (const p of policies) assert.ok(readme.includes(`### \`${p.name}\``), `README lacks a section for ${p.name}`);
        const main = fs.readFileSync(path.join(__dirname, "..", "README.md"), "utf8");
        for (const p of policies) assert.ok(main.includes(`| \`${p.name}\` |`), `the main README's policy table lacks ${p.name}`);
    });

    it("keeps the pack self-contained (nothing imported from outside policy/)", () => {
        const dir = path.join(__dirname, "..", "policy");
        const files: string[] = [];
        const walk = (d: string) => {
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                if (e.isDirectory() && e.name !== "node_modules") walk(path.join(d, e.name));
                else if (e.name.endsWith(".ts")) files.push(path.join(d, e.name));
            }
        };
        walk(dir);
        for (const f of files) {
            for (const m of fs.readFileSync(f, "utf8").matchAll(/from "(\.[^"]+)"/g)) {
                const target = path.resolve(path.dirname(f), m[1]);
                assert.ok(target.startsWith(dir + path.sep), `${path.relative(dir, f)} imports ${m[1]} from outside the pack`);
            }
        }
    });
});

describe(`policy ${MAIN}`, () => {
    it("passes a valid stack, related through propertyDependencies or through ID values alone", async () => {
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, federationStack()), []);
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, federationStack({ propertyDependencies: false })), []);
    });

    it("passes the component's generated mappings for both identity attributes", async () => {
        for (const identityAttribute of ["email", "username"] as const) {
            const m = generateMappings({ identityAttribute, excludeServiceAccounts: true });
            const stack = federationStack({
                nameIdExpression: m.nameIdExpression,
                scimMappings: [{ name: "generated", expression: m.scimUserExpression }],
            });
            assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, stack), []);
        }
    });

    it("fails NameID = email vs SCIM userName = username, naming both mappings and the fix", async () => {
        const stack = federationStack({
            nameIdExpression: EXPR.nameIdEmail,
            scimMappings: [{ name: "AWS SCIM user", expression: EXPR.scimUsername }],
        });
        const records = violationsOf(await runPolicyOver(samlNameIdMatchesScimUserName, stack), MAIN);
        assert.equal(records.length, 1);
        const [v] = records;
        assert.equal(v.enforcementLevel, "mandatory");
        assert.equal(v.urn, resource(stack, "aws-nameid").urn);
        assert.match(v.message, /PropertyMappingProviderSaml "aws-nameid" \(name "aws NameID"\)/);
        assert.match(v.message, /PropertyMappingProviderScim "aws-scim-mapping-0" \(name "AWS SCIM user"\)/);
        assert.match(v.message, /request\.user\.email, as is/);
        assert.match(v.message, /request\.user\.username, as is/);
        assert.match(v.message, /Fix: .*\{"userName": request\.user\.email, \.\.\.\}.*`return request\.user\.username`/);
    });

    it("fails when the normalisation differs (email vs lower-cased email)", async () => {
        const stack = federationStack({ nameIdExpression: "return request.user.email" });
        const [message, ...rest] = await messagesOf(samlNameIdMatchesScimUserName, stack);
        assert.equal(rest.length, 0);
        assert.match(message, /request\.user\.email, as is.*request\.user\.email, stripped and lower-cased/);
    });

    it("fails a SAML provider without a NameID mapping (authentik would send the hashed uid or the email)", async () => {
        const [message, ...rest] = await messagesOf(samlNameIdMatchesScimUserName, federationStack({ nameIdExpression: null }));
        assert.equal(rest.length, 0);
        assert.match(message, /nameIdMapping = \(not set\)/);
        assert.match(message, /hashed user uid/);
        assert.match(
            message,
            /Fix: set nameIdMapping to a SAML property mapping that returns `\(request\.user\.email or ""\)\.strip\(\)\.lower\(\)`/,
        );
    });

    it("fails mappings that can never work: bare `user` in SCIM, `yield` in NameID, no userName at all", async () => {
        const bareUser = await messagesOf(
            samlNameIdMatchesScimUserName,
            federationStack({ scimMappings: [{ name: "m", expression: 'return {"userName": user.email}' }] }),
        );
        assert.equal(bareUser.length, 1);
        assert.match(bareUser[0], /NameError/);
        const generator = await messagesOf(
            samlNameIdMatchesScimUserName,
            federationStack({ nameIdExpression: "yield request.user.email" }),
        );
        assert.equal(generator.length, 1);
        assert.match(generator[0], /yield/);
        const noUserName = await messagesOf(
            samlNameIdMatchesScimUserName,
            federationStack({
                scimMappings: [{ name: "m", expression: EXPR.awsGuideScim.replace(', "userName": request.user.email', "") }],
            }),
        );
        assert.equal(noUserName.length, 1);
        assert.match(noUserName[0], /not set by any user mapping/);
    });

    it("applies the last user mapping by name: the AWS guide's `zz` override fixes the default username", async () => {
        const guide = federationStack({
            nameIdExpression: EXPR.nameIdEmail,
            scimMappings: [
                { name: "zz AWS SCIM User", expression: EXPR.awsGuideScim },
                { name: "authentik default SCIM Mapping: User", expression: EXPR.defaultScimUser },
            ],
        });
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, guide), []);
        // Named so that it sorts BEFORE the default: the default's username wins and the pair breaks.
        const misnamed = federationStack({
            nameIdExpression: EXPR.nameIdEmail,
            scimMappings: [
                { name: "AWS SCIM User", expression: EXPR.awsGuideScim },
                { name: "authentik default SCIM Mapping: User", expression: EXPR.defaultScimUser },
            ],
        });
        const [message] = await messagesOf(samlNameIdMatchesScimUserName, misnamed);
        assert.match(message, /name "authentik default SCIM Mapping: User"\) derives userName from request\.user\.username/);
    });

    it("checks only AWS applications unless awsOnly is false", async () => {
        const other = federationStack({
            nameIdExpression: EXPR.nameIdEmail,
            scimMappings: [{ name: "m", expression: EXPR.scimUsername }],
            saml: { acsUrl: "https://app.example.com/saml/acs", audience: "https://app.example.com" },
            scim: { url: "https://scim.example.com/v2" },
        });
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, other), []);
        assert.equal((await messagesOf(samlNameIdMatchesScimUserName, other, { awsOnly: false })).length, 1);
    });

    it("stays silent, without throwing, while IDs and expressions are unknown during preview", async () => {
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, federationStack({ preview: true })), []);
        assert.deepEqual(
            await messagesOf(samlNameIdMatchesScimUserName, federationStack({ preview: true, propertyDependencies: false })),
            [],
        );
        const unknownExpr = federationStack({
            nameIdExpression: EXPR.nameIdEmail,
            scimMappings: [{ name: "m", expression: EXPR.scimUsername }],
        });
        resource(unknownExpr, "aws-nameid").props!.expression = UNKNOWN;
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, unknownExpr), []);
        assert.deepEqual(await messagesOf(identityMappingsVerifiable, unknownExpr), []);
    });

    it("still finds a mismatch during preview through propertyDependencies", async () => {
        const stack = federationStack({
            preview: true,
            nameIdExpression: EXPR.nameIdEmail,
            scimMappings: [{ name: "m", expression: EXPR.scimUsername }],
        });
        assert.equal((await messagesOf(samlNameIdMatchesScimUserName, stack)).length, 1);
    });
});

describe(`policy ${COMPANION} and the Terraform-shaped stack`, () => {
    // The usual Terraform set-up: the managed "authentik default SAML Mapping: Username" looked up by ID for the
    // NameID, the managed default SCIM user mapping by ID, plus a custom SCIM mapping with "userName": request.user.username.
    const terraformShaped = () =>
        federationStack({
            externalNameIdMappingId: "8f3c1b2d-managed-saml-username",
            externalScimMappingIds: ["5e0c2a4b-managed-scim-user"],
            scimMappings: [{ name: "zz aws-scim-user", expression: EXPR.scimUsername }],
        });

    it("reports the NameID mapping it cannot see as advisory, naming its ID and what SCIM sends", async () => {
        const [message, ...rest] = await messagesOf(identityMappingsVerifiable, terraformShaped());
        assert.equal(rest.length, 0);
        assert.match(message, /nameIdMapping = "8f3c1b2d-managed-saml-username": this NameID mapping is not defined in the stack/);
        assert.match(message, /request\.user\.username, as is/);
        assert.match(message, /"5e0c2a4b-managed-scim-user"/); // the caveat about the SCIM mapping outside the stack
        assert.match(
            message,
            /Fix: check in authentik that mapping "8f3c1b2d-managed-saml-username" returns exactly `request\.user\.username`/,
        );
    });

    it("shows what the whole pack can and cannot verify there", async () => {
        const records = await runPackOverResources(terraformShaped());
        // Verifiable and fine: SCIM mode, scoping, service accounts, signing. Not verifiable: the NameID and the
        // userName (one advisory finding for the pair), and photos/emails of the managed SCIM mapping (advisory).
        assert.deepEqual(
            records.map((r) => `${r.policy}:${r.enforcementLevel}`),
            [`${COMPANION}:advisory`, "scim-user-mapping-aws-safe:advisory"],
        );
        // Requiring verification through the pack config turns it into a mandatory violation.
        const strict = await runPackOverResources(terraformShaped(), { [COMPANION]: "mandatory" });
        assert.deepEqual(
            strict.map((r) => `${r.policy}:${r.enforcementLevel}`),
            [`${COMPANION}:mandatory`, "scim-user-mapping-aws-safe:advisory"],
        );
        // photos/emails: the managed mapping outside the stack may add both, which the pack cannot see.
        const [safe] = violationsOf(records, "scim-user-mapping-aws-safe");
        assert.match(safe.message, /"5e0c2a4b-managed-scim-user"/);
        assert.match(safe.message, /photos and emails cannot be verified/);
    });

    it("says the userName cannot be verified when an in-stack user mapping sits next to a managed one referenced by ID", async () => {
        // The component's own (agreeing) mapping plus authentik's managed "authentik default SCIM Mapping: User" by ID:
        // the managed one sets userName from the username, and whichever sorts last by name wins.
        const agreeing = federationStack({ externalScimMappingIds: ["b7e1f0c4-default-scim-user"] });
        const [message, ...rest] = await messagesOf(identityMappingsVerifiable, agreeing);
        assert.equal(rest.length, 0);
        assert.match(message, /"b7e1f0c4-default-scim-user"/);
        assert.match(message, /userName cannot be verified/);
        assert.match(message, /name order/);
        assert.equal(
            (await runPolicyOver(identityMappingsVerifiable, agreeing, { enforcementLevel: "mandatory" }))[0].enforcementLevel,
            "mandatory",
        );
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, agreeing), []);
        // The in-stack part disagrees with the NameID: still not provable (the managed mapping may win), so no violation.
        const disagreeing = federationStack({
            nameIdExpression: EXPR.nameIdEmail,
            scimMappings: [{ name: "AWS SCIM user", expression: EXPR.scimUsername }],
            externalScimMappingIds: ["b7e1f0c4-default-scim-user"],
        });
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, disagreeing), []);
        const [m2, ...rest2] = await messagesOf(identityMappingsVerifiable, disagreeing);
        assert.equal(rest2.length, 0);
        assert.match(m2, /"b7e1f0c4-default-scim-user".*userName cannot be verified/);
    });

    it("reports a userName that only mappings outside the stack set, and expressions it cannot follow", async () => {
        const onlyExternal = federationStack({ scimMappings: [], externalScimMappingIds: ["5e0c2a4b-managed-scim-user"] });
        const [m1, ...rest1] = await messagesOf(identityMappingsVerifiable, onlyExternal);
        assert.equal(rest1.length, 0);
        assert.match(m1, /userName is set only by user mapping\(s\) "5e0c2a4b-managed-scim-user"/);
        assert.match(m1, /userName cannot be verified/);
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, onlyExternal), []);
        const opaque = federationStack({ nameIdExpression: "return request.user.attributes.get('upn', request.user.email)" });
        const [m2] = await messagesOf(identityMappingsVerifiable, opaque);
        assert.match(m2, /cannot tell statically/);
        assert.match(m2, /request\.user\.attributes/);
        assert.deepEqual(await messagesOf(samlNameIdMatchesScimUserName, opaque), []);
    });

    it("passes a fully verifiable stack", async () => {
        assert.deepEqual(await messagesOf(identityMappingsVerifiable, federationStack()), []);
    });
});

describe("policy scim-aws-compatibility-mode", () => {
    const run = async (props: Record<string, unknown>) =>
        (
            await runResourcePolicy(
                scimAwsCompatibilityMode,
                createResourceValidationArgs(T.scimProvider, { url: AWS_SCIM, ...props }, { name: "aws-scim" }),
            )
        ).map((r) => r.message);

    it("passes mode aws and ignores non-AWS SCIM providers", async () => {
        assert.deepEqual(await run({ compatibilityMode: "aws" }), []);
        assert.deepEqual(await run({ url: "https://api.slack.com/scim/v2", compatibilityMode: "slack" }), []);
    });

    it("fails the default mode, set or not, naming the fix", async () => {
        const [unset] = await run({});
        assert.match(unset, /compatibilityMode = "\(not set: authentik uses \\"default\\"\)"/);
        assert.match(unset, /Fix: set compatibilityMode: "aws"/);
        assert.equal((await run({ compatibilityMode: "default" })).length, 1);
        // No trailing /v2/ is still the AWS host.
        assert.equal((await run({ url: "https://scim.us-east-1.amazonaws.com/abc" })).length, 1);
    });

    it("does not report or throw on unknown values", async () => {
        assert.deepEqual(await run({ compatibilityMode: UNKNOWN }), []);
        assert.deepEqual(await run({ url: UNKNOWN }), []);
    });
});

describe("policy scim-excludes-service-accounts", () => {
    const run = async (props: Record<string, unknown>) =>
        (
            await runResourcePolicy(scimExcludesServiceAccounts, createResourceValidationArgs(T.scimProvider, { url: AWS_SCIM, ...props }))
        ).map((r) => r.message);
    it("passes excludeUsersServiceAccount: true", async () => assert.deepEqual(await run({ excludeUsersServiceAccount: true }), []));
    it("fails false or unset", async () => {
        assert.match(
            (await run({ excludeUsersServiceAccount: false }))[0],
            /excludeUsersServiceAccount = false: .*Fix: set excludeUsersServiceAccount: true/,
        );
        assert.equal((await run({})).length, 1);
    });
    it("ignores unknowns and non-AWS providers", async () => {
        assert.deepEqual(await run({ excludeUsersServiceAccount: UNKNOWN }), []);
        assert.deepEqual(await run({ url: "https://scim.example.com/v2" }), []);
    });
});

describe("policy scim-provisioning-scoped", () => {
    it("passes group filters plus an enabled binding", async () => {
        assert.deepEqual(await messagesOf(scimProvisioningScoped, federationStack()), []);
        assert.deepEqual(await messagesOf(scimProvisioningScoped, federationStack({ propertyDependencies: false })), []);
    });

    it("fails empty groupFilters (every group would reach AWS)", async () => {
        const [message, ...rest] = await messagesOf(scimProvisioningScoped, federationStack({ scim: { groupFilters: [] } }));
        assert.equal(rest.length, 0);
        assert.match(message, /groupFilters = \[\]: .*every authentik group/);
    });

    it("fails an application without enabled bindings (every user would reach AWS)", async () => {
        const [none] = await messagesOf(scimProvisioningScoped, federationStack({ bindings: [] }));
        assert.match(none, /Application "aws-app".*policy bindings = "\(none\)".*every user/);
        const [disabled] = await messagesOf(
            scimProvisioningScoped,
            federationStack({ bindings: [{ group: "g", order: 0, enabled: false }] }),
        );
        assert.match(disabled, /1 disabled binding/);
        // Matched by value (no propertyDependencies): a binding for another application does not count.
        const elsewhere = await messagesOf(
            scimProvisioningScoped,
            federationStack({ propertyDependencies: false, bindings: [{ group: "g", order: 0, target: "appuuid-other" }] }),
        );
        assert.equal(elsewhere.length, 1);
    });

    it("does not report while filters or binding targets are unknown", async () => {
        assert.deepEqual(await messagesOf(scimProvisioningScoped, federationStack({ scim: { groupFilters: UNKNOWN } })), []);
        assert.deepEqual(await messagesOf(scimProvisioningScoped, federationStack({ preview: true, propertyDependencies: false })), []);
    });
});

describe("policy scim-user-mapping-aws-safe", () => {
    it("passes the component's mapping and the AWS guide's override of the default", async () => {
        assert.deepEqual(await messagesOf(scimUserMappingAwsSafe, federationStack()), []);
        const guide = federationStack({
            scimMappings: [
                { name: "authentik default SCIM Mapping: User", expression: EXPR.defaultScimUser },
                { name: "zz AWS SCIM User", expression: EXPR.awsGuideScim },
            ],
        });
        assert.deepEqual(await messagesOf(scimUserMappingAwsSafe, guide), []);
    });

    it("fails photos sent to AWS, naming the mapping", async () => {
        const stack = federationStack({
            scimMappings: [{ name: "authentik default SCIM Mapping: User", expression: EXPR.defaultScimUser }],
        });
        const records = await runPolicyOver(scimUserMappingAwsSafe, stack);
        assert.equal(records.length, 1);
        assert.equal(records[0].enforcementLevel, "advisory");
        assert.match(records[0].message, /photos = sent by PropertyMappingProviderScim "aws-scim-mapping-0"/);
        assert.match(records[0].message, /Fix: return "photos": None/);
    });

    it("fails two mappings contributing emails (authentik appends the lists)", async () => {
        const stack = federationStack({
            scimMappings: [
                { name: "a-emails", expression: 'return {"emails": [{"value": request.user.email, "primary": True}]}' },
                { name: "b-user", expression: EXPR.scimEmailNormalised },
            ],
        });
        const [message, ...rest] = await messagesOf(scimUserMappingAwsSafe, stack);
        assert.equal(rest.length, 0);
        assert.match(message, /emails = contributed by 2 mappings .*"a-emails".*"b-user"/);
    });

    it("says photos/emails cannot be verified when a user mapping is outside the stack, naming its ID", async () => {
        // In-stack mapping + a managed one by ID (authentik's default user mapping may send photos and its own emails).
        const external = federationStack({ externalScimMappingIds: ["b7e1f0c4-default-scim-user"] });
        const records = await runPolicyOver(scimUserMappingAwsSafe, external);
        assert.equal(records.length, 1);
        assert.equal(records[0].enforcementLevel, "advisory");
        assert.equal(records[0].urn, resource(external, "aws-scim").urn);
        assert.match(records[0].message, /ProviderScim "aws-scim".*"b7e1f0c4-default-scim-user".*photos and emails cannot be verified/);
        assert.match(records[0].message, /Fix: /);
        // Only mappings outside the stack.
        const onlyExternal = federationStack({ scimMappings: [], externalScimMappingIds: ["5e0c2a4b-managed-scim-user", "zz-fix"] });
        const [message, ...rest] = await messagesOf(scimUserMappingAwsSafe, onlyExternal);
        assert.equal(rest.length, 0);
        assert.match(message, /"5e0c2a4b-managed-scim-user", "zz-fix".*photos and emails cannot be verified/);
    });

    it("says nothing while a mapping reference or an expression is unknown during preview", async () => {
        const unresolved = federationStack({ preview: true, propertyDependencies: false });
        assert.deepEqual(await messagesOf(scimUserMappingAwsSafe, unresolved), []);
        const unknownExpr = federationStack({
            scimMappings: [
                { name: "a", expression: EXPR.defaultScimUser },
                { name: "b", expression: "x" },
            ],
        });
        resource(unknownExpr, "aws-scim-mapping-1").props!.expression = UNKNOWN;
        assert.deepEqual(await messagesOf(scimUserMappingAwsSafe, unknownExpr), []);
    });
});

describe("policy saml-signed-assertions", () => {
    it("passes a signed, POST-bound provider with the AWS ACS URL", async () => {
        assert.deepEqual(await messagesOf(samlSignedAssertions, federationStack()), []);
    });

    it("fails each missing piece with its own fix", async () => {
        const messages = await messagesOf(
            samlSignedAssertions,
            federationStack({ saml: { signingKp: undefined, signAssertion: false, spBinding: undefined } }),
        );
        assert.equal(messages.length, 3);
        assert.match(messages[0], /signingKp = \(not set\)/);
        assert.match(messages[1], /signAssertion = false/);
        assert.match(messages[2], /spBinding = "\(not set: authentik uses \\"redirect\\"\)".*Fix: set spBinding: "post"/);
    });

    it("fails an ACS URL that is not AWS's when the provider is paired with AWS SCIM", async () => {
        const [message, ...rest] = await messagesOf(
            samlSignedAssertions,
            federationStack({ saml: { acsUrl: "https://sso.example.com/acs", audience: "https://sso.example.com" } }),
        );
        assert.equal(rest.length, 0);
        assert.match(message, /acsUrl = "https:\/\/sso\.example\.com\/acs"/);
    });

    it("ignores SAML providers that have nothing to do with AWS, and unknown values", async () => {
        const other = federationStack({
            saml: { acsUrl: "https://app.example.com/acs", audience: "x", spBinding: "redirect" },
            scim: { url: "https://scim.example.com/v2" },
        });
        assert.deepEqual(await messagesOf(samlSignedAssertions, other), []);
        assert.deepEqual(
            await messagesOf(samlSignedAssertions, federationStack({ saml: { signingKp: UNKNOWN, spBinding: UNKNOWN, acsUrl: UNKNOWN } })),
            [],
        );
    });
});

describe("policy permission-set-limits", () => {
    // A permission set gets a valid explicit name unless the test sets `name` itself.
    const run = async (props: Record<string, unknown>, config?: Record<string, unknown>, type: string = T.permissionSet) =>
        (
            await runResourcePolicy(
                permissionSetLimits,
                createResourceValidationArgs(type, type === T.permissionSet ? { name: "Admin", ...props } : props, {
                    name: "ps",
                    config,
                    policy: permissionSetLimits,
                }),
            )
        ).map((r) => r.message);

    it("passes a permission set within every limit", async () => {
        assert.deepEqual(
            await run({
                name: "Admin.Team_1",
                description: "Café access\n(Latin-1 is fine)",
                sessionDuration: "PT12H",
                relayState: "https://console.aws.amazon.com/ec2/home?region=eu-central-1#Instances:",
            }),
            [],
        );
    });

    it("fails name, description, session and relay state with their rules", async () => {
        assert.match((await run({ name: "a".repeat(33) }))[0], /at most 32 characters \(it is 33\)/);
        assert.match((await run({ name: "Admin Access" }))[0], /only contain ASCII letters/);
        assert.match((await run({ description: "Admins 🚀" }))[0], /found "🚀"/);
        assert.match((await run({ description: "x".repeat(701) }))[0], /1-700 characters \(it is 701\)/);
        assert.match((await run({ sessionDuration: "PT13H" }))[0], /AWS's maximum of PT12H; this one is 13h/);
        assert.match((await run({ sessionDuration: "PT30M" }))[0], /between PT1H/);
        assert.match((await run({ sessionDuration: "8 hours" }))[0], /ISO-8601 duration/);
        assert.match((await run({ relayState: "x".repeat(241) }))[0], /1-240 characters/);
        assert.match((await run({ relayState: "https://console.aws.amazon.com/<script>" }))[0], /only contain URL characters/);
    });

    it("fails a permission set without an explicit name (auto-naming adds a random suffix)", async () => {
        for (const name of [undefined, null]) {
            const [message, ...rest] = await run({ name });
            assert.equal(rest.length, 0);
            assert.match(message, /^PermissionSet "ps": name = \(not set\): /);
            assert.match(message, /AWS CreatePermissionSet requires it/);
            assert.match(message, /auto-name .*can exceed 32 characters/);
            assert.match(message, /Fix: set name explicitly/);
        }
        const records = await runPolicyOver(permissionSetLimits, [
            { type: T.permissionSet, name: "ps-admin", props: { instanceArn: "arn:aws:sso:::instance/ssoins-1", sessionDuration: "PT8H" } },
        ]);
        assert.deepEqual(
            records.map((r) => r.enforcementLevel),
            ["mandatory"],
        );
        // Unknown during preview is not "not set".
        assert.deepEqual(await run({ name: UNKNOWN }), []);
    });

    it("applies the configured maximum session duration, never above AWS's", async () => {
        assert.deepEqual(await run({ sessionDuration: "PT8H" }, { maxSessionDuration: "PT8H" }), []);
        assert.match((await run({ sessionDuration: "PT10H" }, { maxSessionDuration: "PT8H" }))[0], /organisation's maximum, PT8H/);
        assert.equal((await run({ sessionDuration: "PT13H" }, { maxSessionDuration: "PT24H" })).length, 1);
    });

    it("checks the inline policy: JSON, size, non-whitespace quota, charset", async () => {
        const ok = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] });
        assert.deepEqual(await run({ inlinePolicy: ok }, undefined, T.inlinePolicy), []);
        assert.match((await run({ inlinePolicy: "{ not json" }, undefined, T.inlinePolicy))[0], /valid IAM policy JSON/);
        const big = JSON.stringify({
            Version: "2012-10-17",
            Statement: [
                { Effect: "Allow", Action: "s3:GetObject", Resource: Array.from({ length: 400 }, (_, i) => `arn:aws:s3:::bucket-${i}/*`) },
            ],
        });
        assert.match((await run({ inlinePolicy: big }, undefined, T.inlinePolicy))[0], /at most 10240 non-whitespace/);
        const padded = `{"Version": "2012-10-17", "Statement": []}${" ".repeat(32800)}`;
        assert.match((await run({ inlinePolicy: padded }, undefined, T.inlinePolicy))[0], /at most 32768 characters/);
        assert.match((await run({ inlinePolicy: '{"Sid": "Zugriff→S3"}' }, undefined, T.inlinePolicy))[0], /found "→"/);
    });

    it("does not report or throw on unknown values", async () => {
        assert.deepEqual(await run({ name: UNKNOWN, description: UNKNOWN, sessionDuration: UNKNOWN, relayState: UNKNOWN }), []);
        assert.deepEqual(await run({ inlinePolicy: UNKNOWN }, undefined, T.inlinePolicy), []);
    });
});

describe("policy account-assignment-valid", () => {
    const valid = {
        principalType: "GROUP",
        principalId: "9a6709ea-c6b1-4f55-8f3c-1b2d3e4f5a6b",
        targetId: "012345678901",
        targetType: "AWS_ACCOUNT",
    };
    const run = async (props: Record<string, unknown>) =>
        (
            await runResourcePolicy(
                accountAssignmentValid,
                createResourceValidationArgs(T.accountAssignment, { ...valid, ...props }, { name: "assign" }),
            )
        ).map((r) => r.message);

    it("passes a valid assignment (also the legacy principal ID form)", async () => {
        assert.deepEqual(await run({}), []);
        assert.deepEqual(await run({ principalType: "USER", principalId: "9067729b3d-94f1e0c2-5b1a-4c3d-8e9f-0a1b2c3d4e5f" }), []);
    });

    it("fails each invalid field", async () => {
        assert.match((await run({ targetId: "12345678901" }))[0], /targetId = "12345678901": .*exactly 12 digits/);
        assert.match((await run({ targetId: 12345678901 }))[0], /leading zeros/);
        assert.match((await run({ targetType: undefined }))[0], /targetType = \(not set\)/);
        assert.match((await run({ principalType: "ROLE" }))[0], /principalType = "ROLE"/);
        assert.match((await run({ principalId: "aws-administrators" }))[0], /not a name/);
    });

    it("does not report or throw on unknown values", async () => {
        assert.deepEqual(await run({ targetId: UNKNOWN, targetType: UNKNOWN, principalType: UNKNOWN, principalId: UNKNOWN }), []);
    });
});

describe("policy no-admin-to-individual-users", () => {
    it("passes AdministratorAccess assigned to groups", async () => {
        assert.deepEqual(await messagesOf(noAdminToIndividualUsers, accessStack()), []);
    });

    it("warns when AdministratorAccess goes to a USER, by attachment or exclusive attachment, by deps or by ARN", async () => {
        for (const o of [{}, { exclusive: true }, { propertyDependencies: false }]) {
            const records = await runPolicyOver(noAdminToIndividualUsers, accessStack({ ...o, adminPrincipalType: "USER" }));
            assert.equal(records.length, 1, JSON.stringify(o));
            assert.equal(records[0].enforcementLevel, "advisory");
            assert.match(
                records[0].message,
                new RegExp(
                    /AccountAssignment "assign-admin".*PermissionSet "ps-Admin".*account "012345678901".*/.source +
                        /Fix: assign the permission set to an authentik-provisioned GROUP/.source,
                ),
            );
        }
    });

    it("exempts configured break-glass users", async () => {
        const id = "9a6709ea-c6b1-4f55-8f3c-1b2d3e4f5a6b";
        assert.deepEqual(
            await messagesOf(noAdminToIndividualUsers, accessStack({ adminPrincipalType: "USER", adminPrincipalId: id }), {
                exemptPrincipalIds: [id],
            }),
            [],
        );
    });

    it(
        "does not report a user whose ID is unknown during preview " + "when break-glass users are exempted (it may be one of them)",
        async () => {
            const id = "9a6709ea-c6b1-4f55-8f3c-1b2d3e4f5a6b";
            for (const preview of [false, true]) {
                const stack = accessStack({ preview, adminPrincipalType: "USER" });
                resource(stack, "assign-admin").props!.principalId = UNKNOWN;
                assert.deepEqual(await messagesOf(noAdminToIndividualUsers, stack, { exemptPrincipalIds: [id] }), [], `preview=${preview}`);
                // Without exemptions any user is a finding, whatever the ID turns out to be.
                const [message, ...rest] = await messagesOf(noAdminToIndividualUsers, stack);
                assert.equal(rest.length, 0);
                assert.match(message, /a user \(ID unknown during preview\)/);
            }
        },
    );

    it("relates resources through propertyDependencies while ARNs are unknown", async () => {
        assert.equal((await messagesOf(noAdminToIndividualUsers, accessStack({ preview: true, adminPrincipalType: "USER" }))).length, 1);
        assert.deepEqual(
            await messagesOf(
                noAdminToIndividualUsers,
                accessStack({ preview: true, propertyDependencies: false, adminPrincipalType: "USER" }),
            ),
            [],
        );
    });
});

describe("policy pack: unknown values during preview", () => {
    const stacks: [string, () => PolicyResourceLike[]][] = [
        [
            "first-deploy preview (IDs unknown, propertyDependencies present)",
            () => [...federationStack({ preview: true }), ...accessStack({ preview: true })],
        ],
        [
            "preview without propertyDependencies",
            () => [
                ...federationStack({ preview: true, propertyDependencies: false }),
                ...accessStack({ preview: true, propertyDependencies: false }),
            ],
        ],
        ["every property unknown", () => allUnknown([...federationStack(), ...accessStack()])],
        [
            "every property unknown, no dependencies",
            () => allUnknown([...federationStack({ propertyDependencies: false }), ...accessStack({ propertyDependencies: false })]),
        ],
    ];
    for (const [title, build] of stacks) {
        it(`runs every policy without violations, skips or exceptions: ${title}`, async () => {
            assert.deepEqual(await runPackOverResources(build()), []);
        });
    }

    it("runs every policy directly on the SDK's unknown-checking proxy without throwing", async () => {
        for (const p of policies) {
            if ("validateResource" in p) {
                for (const type of Object.values(T)) {
                    const props = Object.fromEntries(
                        [
                            "name",
                            "url",
                            "compatibilityMode",
                            "excludeUsersServiceAccount",
                            "description",
                            "sessionDuration",
                            "relayState",
                            "inlinePolicy",
                            "targetId",
                            "targetType",
                            "principalType",
                            "principalId",
                        ].map((k) => [k, UNKNOWN]),
                    );
                    assert.deepEqual(
                        await runResourcePolicy(p as ResourceValidationPolicy, createResourceValidationArgs(type, props)),
                        [],
                        `${p.name} on ${type}`,
                    );
                }
            } else {
                const args = createStackValidationArgs(allUnknown([...federationStack(), ...accessStack()]));
                assert.deepEqual(await runStackPolicy(p as StackValidationPolicy, args), [], p.name);
            }
        }
    });

    it("passes a valid stack with everything known (the same stacks the preview cases use)", async () => {
        assert.deepEqual(await runPackOverResources([...federationStack(), ...accessStack()]), []);
    });
});
