import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { AssignmentsValidationError, AwsIdentityCenterAssignments, AwsIdentityCenterAssignmentsArgs, coreStackInputs } from "../components";
import { AssignmentArgs } from "../components/args";
import { SCIM_PRINCIPAL_WAIT_TYPE } from "../components/aws/scimPrincipalWait";
import { validateAssignmentsArgs } from "../components/aws/assignmentsValidation";
import {
    MOCK_IDENTITY_STORE_ID,
    MOCK_INSTANCE_ARN,
    mockPermissionSetArn,
    mockPrincipalId,
    record,
    Recording,
    valueOf,
} from "./harness/mocks";

/** A resource for the waits to depend on (the federation's SCIM provider in real use). */
class Marker extends pulumi.CustomResource {
    constructor(name: string) {
        super("test:index:Marker", name, {});
    }
}

/** Inputs without the dynamic providers' serialized code. */
function withoutProvider(inputs: { [key: string]: unknown } | undefined) {
    const { __provider, ...rest } = inputs ?? {};
    void __provider;
    return rest;
}

const T = {
    component: "aws-identity-center:index:AwsIdentityCenterAssignments",
    assignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    wait: SCIM_PRINCIPAL_WAIT_TYPE,
    getGroup: "aws:identitystore/getGroup:getGroup",
    getUser: "aws:identitystore/getUser:getUser",
    stackReference: "pulumi:pulumi:StackReference",
};
const ADMIN_ARN = mockPermissionSetArn("Administrator");
const READ_ARN = mockPermissionSetArn("ReadOnly");
const ASSIGNMENTS: AssignmentArgs[] = [
    { group: "team-a", permissionSet: "ReadOnly", accounts: ["222222222222", "111111111111"] },
    { group: "team-a", permissionSet: "Administrator", accounts: ["111111111111"] },
    { user: "alice@example.com", permissionSet: "ReadOnly", accounts: ["111111111111"] },
];

function directArgs(over: Partial<AwsIdentityCenterAssignmentsArgs> = {}): AwsIdentityCenterAssignmentsArgs {
    return {
        instanceArn: MOCK_INSTANCE_ARN,
        identityStoreId: MOCK_IDENTITY_STORE_ID,
        permissionSetArns: { Administrator: ADMIN_ARN, ReadOnly: READ_ARN },
        pushedGroups: ["team-a", "team-b"],
        assignments: ASSIGNMENTS,
        ...over,
    };
}

/** The core stack's outputs as this package's program exports them. */
const CORE_OUTPUTS = {
    instanceArn: MOCK_INSTANCE_ARN,
    identityStoreId: MOCK_IDENTITY_STORE_ID,
    permissionSetArns: { Administrator: ADMIN_ARN, ReadOnly: READ_ARN },
    scimGroups: ["team-a", "team-b"],
};
function withCore(outputs: object) {
    return { stateFor: (type: string) => (type === T.stackReference ? { outputs } : undefined) };
}

describe("AwsIdentityCenterAssignments (a shard of the assignments)", () => {
    it("registers one assignment per (principal, permission set, account), one wait per principal, under itself", async () => {
        const rec = await record(() => new AwsIdentityCenterAssignments("ou-a", directArgs()));
        assert.deepEqual(rec.errors, []);
        const component = rec.ofType(T.component);
        assert.equal(component.length, 1);
        const assignments = rec.ofType(T.assignment);
        assert.deepEqual(assignments.map((r) => r.name).sort(), [
            "ou-a-assignment-GROUP_team-a_Administrator_111111111111",
            "ou-a-assignment-GROUP_team-a_ReadOnly_111111111111",
            "ou-a-assignment-GROUP_team-a_ReadOnly_222222222222",
            "ou-a-assignment-USER_alice@example.com_ReadOnly_111111111111",
        ]);
        for (const r of [...assignments, ...rec.ofType(T.wait)]) {
            assert.equal(r.parent, component[0].urn, `${r.name} is the component's child`);
            assert.deepEqual(r.aliases, [], "a new shard has no previous parent to alias");
        }
        const a = rec.named("ou-a-assignment-GROUP_team-a_ReadOnly_222222222222").inputs;
        assert.deepEqual(a, {
            instanceArn: MOCK_INSTANCE_ARN,
            permissionSetArn: READ_ARN,
            principalType: "GROUP",
            principalId: mockPrincipalId("group:team-a"),
            targetType: "AWS_ACCOUNT",
            targetId: "222222222222",
        });
        assert.deepEqual(
            rec
                .ofType(T.wait)
                .map((w) => w.name)
                .sort(),
            ["ou-a-wait-group-team-a", "ou-a-wait-user-alice@example.com"],
        );
        assert.equal(rec.invokesOf(T.getGroup).length, 1);
        assert.equal(rec.invokesOf(T.getUser).length, 1);
    });

    it("outputs the full matrix as data, its count and a Markdown rendering", async () => {
        let shard!: AwsIdentityCenterAssignments;
        await record(() => (shard = new AwsIdentityCenterAssignments("ou-a", directArgs())));
        assert.equal((await valueOf(shard.accessMatrix)).length, 4);
        assert.equal(await valueOf(shard.assignmentCount), 4);
        assert.match(
            await valueOf(shard.accessMatrixMarkdown),
            /\| group: team-a \| Administrator: 111111111111; ReadOnly: 111111111111, 222222222222 \|/,
        );
    });

    it("refuses bad arguments before registering anything, all problems at once", async () => {
        const bad = directArgs({
            permissionSetArns: { Administrator: "arn:aws:iam::aws:policy/AdministratorAccess" },
            pushedGroups: ["team-b"],
            assignments: [...ASSIGNMENTS, { group: "team-b", permissionSet: "Admin", accounts: ["12345"] }],
            instanceArn: "ssoins-123",
        });
        (bad as unknown as { [k: string]: unknown }).assignmentz = [];
        let thrown: unknown;
        const rec = await record(() => {
            try {
                new AwsIdentityCenterAssignments("ou-a", bad);
            } catch (e) {
                thrown = e;
            }
        });
        assert.ok(thrown instanceof AssignmentsValidationError, String(thrown));
        const fields = thrown.problems.map((p) => p.field);
        for (const f of [
            "assignmentz",
            "permissionSetArns.Administrator",
            "assignments[0].group",
            "assignments[0].permissionSet",
            "assignments[3].permissionSet",
            "assignments[3].accounts[0]",
            "instanceArn",
        ]) {
            assert.ok(fields.includes(f), `${f} is reported (got ${fields.join(", ")})`);
        }
        assert.match(thrown.message, /nothing was created/);
        assert.equal(rec.resources.length, 0);
    });

    it("checks assigned users by the identity attribute's rules: email (the default) applies Django's EmailValidator", () => {
        const userArgs = (over: Partial<AwsIdentityCenterAssignmentsArgs>) =>
            directArgs({
                assignments: [{ user: "bob..smith@example.com", permissionSet: "ReadOnly", accounts: ["111111111111"] }],
                ...over,
            });
        const userProblems = (args: AwsIdentityCenterAssignmentsArgs) =>
            validateAssignmentsArgs(args as unknown as { [k: string]: unknown }).filter((p) => p.field === "assignments[0].user");
        // Default and explicit email: refused, as authentik's SCIM client refuses the user.
        for (const over of [{}, { identityAttribute: "email" as const }]) {
            const found = userProblems(userArgs(over));
            assert.equal(found.length, 1, JSON.stringify(over));
            assert.match(found[0].rule, /Django's validate_email rejects it/);
        }
        // username: the mapping's rules for usernames let this name through.
        assert.deepEqual(userProblems(userArgs({ identityAttribute: "username" })), []);
        assert.deepEqual(userProblems(directArgs()), [], "alice@example.com passes either way");
        const bad = validateAssignmentsArgs(userArgs({ identityAttribute: "mail" as never }) as unknown as { [k: string]: unknown });
        assert.ok(bad.some((p) => p.field === "identityAttribute" && /"email" or "username"/.test(p.rule)));
    });

    it("deprecated until 0.3.0: the wiring in the arguments (0.1.x) works as the fourth parameter does, with a warning", async () => {
        const run = (legacy: boolean) => {
            const warnings: string[] = [];
            const warn = pulumi.log.warn;
            (pulumi.log as { warn: typeof warn }).warn = (msg: string) => {
                warnings.push(msg);
                return Promise.resolve();
            };
            return record(() => {
                const marker = new Marker("scim-provider");
                const wiring = { provisionedBy: [marker], permissionSetDependencies: { ReadOnly: [marker], Administrator: [] } };
                if (legacy) new AwsIdentityCenterAssignments("ou-a", { ...directArgs(), ...wiring } as AwsIdentityCenterAssignmentsArgs);
                else new AwsIdentityCenterAssignments("ou-a", directArgs(), undefined, wiring);
            })
                .then(
                    (rec) => ({ rec, warnings }),
                    (e) => Promise.reject(e),
                )
                .finally(() => ((pulumi.log as { warn: typeof warn }).warn = warn));
        };
        const current = await run(false);
        const old = await run(true);
        const graph = (rec: Recording) =>
            rec.resources.map((r) => JSON.stringify([r.urn, r.dependencies.sort(), withoutProvider(r.inputs)])).sort();
        assert.deepEqual(old.rec.errors, []);
        assert.ok(
            current.rec.resources.some((r) => r.type === T.wait && r.dependencies.some((d) => d.endsWith("::scim-provider"))),
            "the waits depend on provisionedBy",
        );
        assert.deepEqual(graph(old.rec), graph(current.rec));
        assert.deepEqual(
            current.warnings.filter((w) => /deprecated/.test(w)),
            [],
        );
        const deprecations = old.warnings.filter((w) => /deprecated shape/.test(w));
        assert.equal(deprecations.length, 2, deprecations.join("\n"));
        assert.match(
            deprecations[0],
            new RegExp(
                /^provisionedBy = \(resources\): deprecated shape: provisionedBy in AwsIdentityCenterAssignmentsArgs \(0\.1\.x\) /.source +
                    /is accepted until 0\.3\.0; .*AssignmentsWiring.*/.source +
                    /Fix: pass it as new AwsIdentityCenterAssignments\(name, args, opts, \{ provisionedBy \}\)/.source,
            ),
        );
        assert.match(deprecations[1], /^permissionSetDependencies = /);
    });

    it("reads the instance, permission set ARNs and pushed groups from the core stack (coreStackInputs)", async () => {
        const rec = await record(() => {
            const core = new pulumi.StackReference("acme/aws-identity-center-authentik/core");
            return new AwsIdentityCenterAssignments("ou-a", { ...coreStackInputs(core, ASSIGNMENTS), assignments: ASSIGNMENTS });
        }, withCore(CORE_OUTPUTS));
        assert.deepEqual(rec.errors, []);
        const a = rec.named("ou-a-assignment-GROUP_team-a_Administrator_111111111111").inputs;
        assert.equal(a.permissionSetArn, ADMIN_ARN);
        assert.equal(a.instanceArn, MOCK_INSTANCE_ARN);
        assert.equal(rec.ofType(T.wait)[0].inputs.identityStoreId, MOCK_IDENTITY_STORE_ID);
    });

    const gated: { title: string; outputs: object; message: RegExp }[] = [
        {
            title: "a permission set the core stack lacks",
            outputs: { ...CORE_OUTPUTS, permissionSetArns: { ReadOnly: READ_ARN } },
            message: /permissionSetArns\.Administrator = \(not set\): the core stack has no permission set with this name/,
        },
        {
            title: "a group the core stack's SCIM provider does not push",
            outputs: { ...CORE_OUTPUTS, scimGroups: ["team-b"] },
            message: /assignments\[\]\.group = "team-a": .*neither pushed nor declared external.*core stack's authentik\.scimGroups/,
        },
        {
            title: "a core stack without the scimGroups output",
            outputs: { ...CORE_OUTPUTS, scimGroups: undefined },
            message: /pushedGroups = \(not set\)/,
        },
        { title: "a malformed instance ARN", outputs: { ...CORE_OUTPUTS, instanceArn: "nope" }, message: /instanceArn = "nope"/ },
    ];
    for (const g of gated) {
        it(`fails before creating any assignment or wait on ${g.title}`, async () => {
            const rec = await record(() => {
                const core = new pulumi.StackReference("acme/aws-identity-center-authentik/core");
                return new AwsIdentityCenterAssignments("ou-a", { ...coreStackInputs(core, ASSIGNMENTS), assignments: ASSIGNMENTS });
            }, withCore(g.outputs));
            assert.match(rec.errors.map(String).join("\n"), g.message);
            assert.equal(rec.ofType(T.assignment).length, 0, "no assignment");
            assert.equal(rec.ofType(T.wait).length, 0, "no wait");
            assert.equal(rec.invokesOf(T.getGroup).length + rec.invokesOf(T.getUser).length, 0, "no lookup");
        });
    }

    it("external groups need not be pushed; pinned principals are neither waited for nor looked up", async () => {
        const rec = await record(
            () =>
                new AwsIdentityCenterAssignments(
                    "ou-a",
                    directArgs({
                        pushedGroups: [],
                        principalIds: { externalGroups: ["team-a"], users: { "alice@example.com": mockPrincipalId("pinned") } },
                    }),
                ),
        );
        assert.deepEqual(rec.errors, []);
        assert.equal(rec.ofType(T.wait).length, 0);
        assert.equal(rec.invokesOf(T.getGroup).length, 1);
        assert.equal(
            rec.named("ou-a-assignment-USER_alice@example.com_ReadOnly_111111111111").inputs.principalId,
            mockPrincipalId("pinned"),
        );
    });

    it("reordering the assignments changes nothing, the component's own inputs included", async () => {
        const a = await record(() => new AwsIdentityCenterAssignments("ou-a", directArgs()));
        const reordered = [...ASSIGNMENTS].reverse().map((x) => ({ ...x, accounts: [...(x.accounts ?? [])].reverse() }));
        const b = await record(() => new AwsIdentityCenterAssignments("ou-a", directArgs({ assignments: reordered })));
        const view = (r: typeof a) =>
            r.resources
                .map((x) => JSON.stringify([x.urn, x.type === SCIM_PRINCIPAL_WAIT_TYPE ? { ...x.inputs, __provider: "" } : x.inputs]))
                .sort();
        assert.deepEqual(view(b), view(a));
    });
});
