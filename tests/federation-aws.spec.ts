import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederation, FederationValidationError } from "../components";
import {
    MOCK_IDENTITY_STORE_ID,
    MOCK_INSTANCE_ARN,
    mockPermissionSetArn,
    mockPrincipalId,
    record,
    Recording,
    valueOf,
} from "./harness/mocks";
import { orgArgs, seedArgs } from "./harness/args";
import { AwsIdentityCenterFederationArgs } from "../components/args";
import { SCIM_PRINCIPAL_WAIT_TYPE } from "../components/aws/scimPrincipalWait";

const T = {
    ps: "aws:ssoadmin/permissionSet:PermissionSet",
    managed: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    customer: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    inline: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    boundary: "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
    assignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    wait: SCIM_PRINCIPAL_WAIT_TYPE,
    getInstances: "aws:ssoadmin/getInstances:getInstances",
    getGroup: "aws:identitystore/getGroup:getGroup",
    getUser: "aws:identitystore/getUser:getUser",
};
const AWS_TYPES = [T.ps, T.managed, T.customer, T.inline, T.boundary, T.assignment, T.wait];

/** URN → inputs of every AWS-side resource (the dynamic provider's serialized code excluded). */
function awsGraph(rec: Recording): Map<string, string> {
    const out = new Map<string, string>();
    for (const r of rec.resources.filter((x) => AWS_TYPES.includes(x.type))) {
        const { __provider, ...inputs } = r.inputs ?? {};
        void __provider;
        out.set(r.urn, JSON.stringify(inputs, Object.keys(flatten(inputs)).sort()));
    }
    return out;
}
function flatten(o: any, acc: any = {}): any {
    if (o && typeof o === "object")
        for (const [k, v] of Object.entries(o)) {
            acc[k] = true;
            flatten(v, acc);
        }
    return acc;
}
function shuffled<T>(xs: T[], seed: number): T[] {
    const a = [...xs];
    let s = seed;
    for (let i = a.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2147483648;
        const j = s % (i + 1);
        [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
}

describe("AwsIdentityCenterFederation: the AWS side", () => {
    it("turns the seed setup into exactly the seed's resources", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs(["111111111111"])));
        const aws = rec.resources
            .filter((r) => AWS_TYPES.includes(r.type))
            .map((r) => `${r.type} ${r.name}`)
            .sort();
        assert.deepEqual(
            aws,
            [
                `${T.wait} fed-wait-group-aws-administrators`,
                `${T.assignment} fed-assignment-GROUP_aws-administrators_Administrator_111111111111`,
                `${T.managed} fed-managed-policy-Administrator_AdministratorAccess`,
                `${T.ps} fed-permission-set-Administrator`,
            ].sort(),
        );
        const ps = rec.named("fed-permission-set-Administrator").inputs;
        assert.deepEqual(
            { name: ps.name, description: ps.description, sessionDuration: ps.sessionDuration, instanceArn: ps.instanceArn },
            {
                name: "Administrator",
                description: "Administrator access for all accounts",
                sessionDuration: "PT8H",
                instanceArn: MOCK_INSTANCE_ARN,
            },
        );
        const managed = rec.named("fed-managed-policy-Administrator_AdministratorAccess").inputs;
        assert.equal(managed.managedPolicyArn, "arn:aws:iam::aws:policy/AdministratorAccess");
        assert.equal(managed.permissionSetArn, mockPermissionSetArn("Administrator"));
        const aa = rec.named("fed-assignment-GROUP_aws-administrators_Administrator_111111111111").inputs;
        assert.deepEqual(aa, {
            instanceArn: MOCK_INSTANCE_ARN,
            permissionSetArn: mockPermissionSetArn("Administrator"),
            principalType: "GROUP",
            principalId: mockPrincipalId("group:aws-administrators"),
            targetType: "AWS_ACCOUNT",
            targetId: "111111111111",
        });
        assert.equal(rec.invokesOf(T.getInstances).length, 1, "one getInstances");
        const lookups = rec.invokesOf(T.getGroup);
        assert.equal(lookups.length, 1, "one group lookup");
        assert.deepEqual(lookups[0].args, {
            identityStoreId: MOCK_IDENTITY_STORE_ID,
            alternateIdentifier: { uniqueAttribute: { attributePath: "displayName", attributeValue: "aws-administrators" } },
        });
    });

    it("registers one resource per permission set attachment and per distinct (principal, permission set, account)", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", orgArgs()));
        assert.equal(rec.ofType(T.ps).length, 2);
        assert.equal(rec.ofType(T.managed).length, 3);
        assert.equal(rec.ofType(T.customer).length, 2);
        assert.equal(rec.ofType(T.inline).length, 1);
        assert.equal(rec.ofType(T.boundary).length, 1);
        assert.equal(rec.ofType(T.assignment).length, 5);
        assert.equal(rec.invokesOf(T.getGroup).length, 3, "three distinct groups");
        assert.equal(rec.invokesOf(T.getUser).length, 1, "one distinct user");
        assert.equal(rec.ofType(T.wait).length, 4);
        const user = rec.ofType(T.assignment).find((a) => a.inputs.principalType === "USER")!;
        assert.equal(user.inputs.principalId, mockPrincipalId("user:alice@example.com"));
        assert.equal(rec.invokesOf(T.getUser)[0].args.alternateIdentifier.uniqueAttribute.attributePath, "userName");
        const inline = rec.ofType(T.inline)[0].inputs;
        assert.deepEqual(JSON.parse(inline.inlinePolicy).Statement[0].Action, "s3:DeleteBucket");
        const boundary = rec.ofType(T.boundary)[0].inputs;
        assert.deepEqual(boundary.permissionsBoundary, { customerManagedPolicyReference: { name: "TeamBoundary", path: "/teams/" } });
        const cm = rec
            .ofType(T.customer)
            .map((c) => c.inputs.customerManagedPolicyReference)
            .sort((a, b) => a.name.localeCompare(b.name));
        assert.deepEqual(cm, [
            { name: "DenyBilling", path: "/" },
            { name: "TeamBoundary", path: "/teams/" },
        ]);
        // Display names with spaces and slashes still give distinct, readable names.
        assert.ok(rec.ofType(T.assignment).some((a) => a.name.startsWith("fed-assignment-GROUP_Platform~20~Team~20~~2f~~20~EU_ReadOnly")));
    });

    it("collapses duplicated triples to one assignment", async () => {
        const args = seedArgs(["111111111111", "111111111111"]);
        args.assignments!.push({ group: "aws-administrators", permissionSet: "Administrator", accounts: ["111111111111"] });
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        assert.equal(rec.ofType(T.assignment).length, 1);
    });

    it("registers the same URNs with the same inputs when only the order of the input differs", async () => {
        const a = orgArgs();
        const b: AwsIdentityCenterFederationArgs = {
            ...orgArgs(),
            assignments: shuffled(orgArgs().assignments!, 7).map((x) => ({ ...x, accounts: [...x.accounts!].reverse() })),
            permissionSets: Object.fromEntries(Object.entries(orgArgs().permissionSets!).reverse()),
        };
        b.permissionSets!.ReadOnly.managedPolicies = [...b.permissionSets!.ReadOnly.managedPolicies!].reverse();
        b.permissionSets!.ReadOnly.customerManagedPolicies = [...b.permissionSets!.ReadOnly.customerManagedPolicies!].reverse();
        assert.notDeepEqual(a.assignments, b.assignments, "the test really shuffles");
        const ra = awsGraph(await record(() => new AwsIdentityCenterFederation("fed", a)));
        const rb = awsGraph(await record(() => new AwsIdentityCenterFederation("fed", b)));
        assert.deepEqual([...rb.keys()].sort(), [...ra.keys()].sort());
        for (const [urn, inputs] of ra) assert.equal(rb.get(urn), inputs, urn);
    });

    it("adding an account only adds that account's assignments; every other URN and input is unchanged", async () => {
        const before = orgArgs();
        const after = orgArgs();
        after.assignments = after.assignments!.map((x) =>
            x.permissionSet === "ReadOnly" ? { ...x, accounts: [...x.accounts!, "333333333333"] } : x,
        );
        const ra = awsGraph(await record(() => new AwsIdentityCenterFederation("fed", before)));
        const rb = awsGraph(await record(() => new AwsIdentityCenterFederation("fed", after)));
        for (const [urn, inputs] of ra) assert.equal(rb.get(urn), inputs, `unchanged: ${urn}`);
        const added = [...rb.keys()].filter((k) => !ra.has(k));
        assert.equal(added.length, 2);
        assert.ok(
            added.every((u) => u.includes("AccountAssignment") && u.endsWith("_333333333333")),
            added.join("\n"),
        );
    });

    it("removing a permission set removes only its own resources", async () => {
        const before = orgArgs();
        const after = orgArgs();
        delete after.permissionSets!.ReadOnly;
        after.assignments = after.assignments!.filter((x) => x.permissionSet !== "ReadOnly");
        const ra = awsGraph(await record(() => new AwsIdentityCenterFederation("fed", before)));
        const rb = awsGraph(await record(() => new AwsIdentityCenterFederation("fed", after)));
        for (const [urn, inputs] of rb) assert.equal(ra.get(urn), inputs, `kept unchanged: ${urn}`);
        const removed = [...ra.keys()].filter((k) => !rb.has(k));
        assert.ok(removed.length > 0);
        assert.ok(
            removed.every((u) => u.includes("ReadOnly") || /wait-group-(aws-readonly|Platform)/.test(u)),
            removed.join("\n"),
        );
    });

    it("waits for SCIM groups after the SCIM provider, application and binding exist, then looks them up", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()));
        const wait = rec.named("fed-wait-group-aws-administrators");
        const deps = wait.dependencies;
        for (const n of ["fed-scim-provider", "fed-application", "fed-users-binding"]) {
            assert.ok(deps.includes(rec.named(n).urn), `wait depends on ${n}`);
        }
        assert.equal(wait.inputs.kind, "group");
        assert.equal(wait.inputs.name, "aws-administrators");
        assert.equal(wait.inputs.identityStoreId, MOCK_IDENTITY_STORE_ID);
        assert.equal(wait.inputs.timeoutSeconds, 300);
        const assignment = rec.ofType(T.assignment)[0];
        assert.ok(assignment.dependencies.includes(rec.ofType(T.managed)[0].urn), "assignment waits for the policy attachment");
        // The lookup is an invoke (no dependency list in the engine): it must not be made before the wait completed.
        const lookup = rec.invokesOf(T.getGroup)[0];
        assert.ok(
            wait.registeredAt !== undefined && lookup.calledAt > wait.registeredAt,
            `lookup at ${lookup.calledAt}, wait done at ${wait.registeredAt}`,
        );
    });

    it("honours the wait settings", async () => {
        const args = { ...seedArgs(), principalWait: { timeoutSeconds: 900, maxDelaySeconds: 10 } };
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        const wait = rec.named("fed-wait-group-aws-administrators").inputs;
        assert.deepEqual([wait.timeoutSeconds, wait.initialDelaySeconds, wait.maxDelaySeconds], [900, 2, 10]);
    });

    it("gives the wait the same AWS region and named profile as the stack's aws provider config", async () => {
        pulumi.runtime.setAllConfig({ "aws:region": "ap-northeast-1", "aws:profile": "sso-admin" }, []);
        try {
            const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()));
            const wait = rec.named("fed-wait-group-aws-administrators").inputs;
            assert.equal(wait.region, "ap-northeast-1");
            assert.equal(wait.profile, "sso-admin");
        } finally {
            pulumi.runtime.setAllConfig({}, []);
        }
    });

    it("prefers identityCenter.region over aws:region for the wait, and keeps defaults for knobs given as undefined", async () => {
        pulumi.runtime.setAllConfig({ "aws:region": "ap-northeast-1" }, []);
        try {
            const args = { ...seedArgs(), principalWait: { timeoutSeconds: undefined, maxDelaySeconds: 10 } };
            args.identityCenter.region = "ap-northeast-1";
            const rec = await record(
                () =>
                    new AwsIdentityCenterFederation("fed", {
                        ...args,
                        identityCenter: { ...args.identityCenter, region: "ap-northeast-1" },
                    }),
            );
            assert.equal(rec.named("fed-wait-group-aws-administrators").inputs.region, "ap-northeast-1");
            const other = await record(
                () =>
                    new AwsIdentityCenterFederation("fed", { ...args, identityCenter: { ...args.identityCenter, region: "eu-central-1" } }),
            );
            const wait = other.named("fed-wait-group-aws-administrators").inputs;
            assert.equal(wait.region, "eu-central-1");
            assert.equal(wait.timeoutSeconds, 300, "an explicit undefined keeps the default");
            assert.equal(wait.maxDelaySeconds, 10);
        } finally {
            pulumi.runtime.setAllConfig({}, []);
        }
    });

    it("keeps a group and a user with the same name apart", async () => {
        const args = seedArgs();
        args.assignments = [
            { group: "ops@example.com", permissionSet: "Administrator", accounts: ["111111111111"] },
            { user: "ops@example.com", permissionSet: "Administrator", accounts: ["111111111111"] },
        ];
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        assert.deepEqual(
            rec
                .ofType(T.wait)
                .map((w) => w.inputs.kind)
                .sort(),
            ["group", "user"],
        );
        const ids = rec
            .ofType(T.assignment)
            .map((a) => `${a.inputs.principalType}:${a.inputs.principalId}`)
            .sort();
        assert.deepEqual(ids, [`GROUP:${mockPrincipalId("group:ops@example.com")}`, `USER:${mockPrincipalId("user:ops@example.com")}`]);
    });

    it("pinned principal IDs skip the lookup and the wait, and the group is still pushed by SCIM", async () => {
        const args = { ...seedArgs(), principalIds: { groups: { "aws-administrators": "e40884a8-9021-7098-ba89-1f2ab32bab88" } } };
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        assert.equal(rec.invokesOf(T.getGroup).length, 0);
        assert.equal(rec.ofType(T.wait).length, 0);
        assert.equal(rec.ofType(T.assignment)[0].inputs.principalId, "e40884a8-9021-7098-ba89-1f2ab32bab88");
        assert.deepEqual(rec.named("fed-scim-provider").inputs.groupFilters, ["akgroup-aws-administrators"]);
    });

    it("external groups (managed outside authentik) are looked up without waiting and never pushed", async () => {
        const base = seedArgs();
        const args = {
            ...base,
            authentik: { ...base.authentik, scimGroups: ["aws-readonly"] },
            assignments: [
                ...base.assignments!,
                { group: "AWSControlTowerAdmins", permissionSet: "Administrator", accounts: ["111111111111"] },
            ],
            principalIds: { externalGroups: ["AWSControlTowerAdmins"] },
        };
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        assert.deepEqual(
            rec.ofType(T.wait).map((w) => w.inputs.name),
            ["aws-administrators"],
            "no wait for the external group",
        );
        assert.deepEqual(
            rec
                .invokesOf(T.getGroup)
                .map((i) => i.args.alternateIdentifier.uniqueAttribute.attributeValue)
                .sort(),
            ["AWSControlTowerAdmins", "aws-administrators"],
        );
        assert.ok(!rec.named("fed-scim-provider").inputs.groupFilters.includes("akgroup-AWSControlTowerAdmins"));
        assert.equal(
            rec.invokesOf("authentik:index/getGroup:getGroup").filter((i) => i.args.name === "AWSControlTowerAdmins").length,
            0,
            "not looked up in authentik",
        );
        assert.equal(rec.ofType(T.assignment).length, 2);
    });

    it("does not call getInstances when the instance ARN and identity store ID are given", async () => {
        const args = seedArgs();
        args.identityCenter.instanceArn = "arn:aws:sso:::instance/ssoins-1111111111111111";
        args.identityCenter.identityStoreId = "d-1111111111";
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        assert.equal(rec.invokesOf(T.getInstances).length, 0);
        assert.equal(rec.ofType(T.ps)[0].inputs.instanceArn, "arn:aws:sso:::instance/ssoins-1111111111111111");
        assert.equal(rec.invokesOf(T.getGroup)[0].args.identityStoreId, "d-1111111111");
    });

    it("does not look anything up on AWS when there are no permission sets or assignments", async () => {
        const base = seedArgs();
        const args = {
            ...base,
            authentik: { ...base.authentik, scimGroups: ["aws-readonly"] },
            permissionSets: undefined,
            assignments: undefined,
        };
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        assert.equal(rec.invokes.filter((i) => i.token.startsWith("aws:")).length, 0);
        assert.equal(rec.resources.filter((r) => r.type.startsWith("aws:")).length, 0);
    });

    it("explains that Identity Center is not enabled when getInstances returns empty lists", async () => {
        const rec = await record(
            async () => {
                const fed = new AwsIdentityCenterFederation("fed", seedArgs());
                return fed.instanceArn.apply(() => undefined);
            },
            { invokes: { [T.getInstances]: () => ({ arns: [], identityStoreIds: [], id: "eu-west-3", region: "eu-west-3" }) } },
        );
        const messages = rec.errors.map(String).join("\n");
        assert.match(messages, /IAM Identity Center is not enabled in region eu-west-3/);
        assert.equal(rec.ofType(T.assignment).length, 0, "no assignment without an instance");
    });

    it("refuses to guess between several Identity Center instances", async () => {
        const rec = await record(async () => new AwsIdentityCenterFederation("fed", seedArgs()).instanceArn.apply(() => undefined), {
            invokes: {
                [T.getInstances]: () => ({
                    arns: [MOCK_INSTANCE_ARN, "arn:aws:sso:::instance/ssoins-2222222222222222"],
                    identityStoreIds: [MOCK_IDENTITY_STORE_ID, "d-2222222222"],
                    id: "eu-central-1",
                    region: "eu-central-1",
                }),
            },
        });
        assert.match(
            rec.errors.map(String).join("\n"),
            /returned 2 IAM Identity Center instances .*ssoins-2222222222222222.*pass identityCenter\.instanceArn/,
        );
        assert.equal(rec.ofType(T.assignment).length, 0);
    });

    it("outputs permission set ARNs and the sorted access matrix with its Markdown rendering", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", orgArgs()));
        const fed: AwsIdentityCenterFederation = rec.result;
        assert.deepEqual(await valueOf(fed.permissionSetArns), {
            Administrator: mockPermissionSetArn("Administrator"),
            ReadOnly: mockPermissionSetArn("ReadOnly"),
        });
        const matrix = await valueOf(fed.accessMatrix);
        assert.equal(matrix.length, 5);
        assert.deepEqual(matrix[0], {
            principalType: "GROUP",
            principal: "Platform Team / EU",
            permissionSet: "ReadOnly",
            accountId: "222222222222",
            selectedBy: ["accounts"],
        });
        const md = await valueOf(fed.accessMatrixMarkdown);
        assert.match(md, /111111111111/);
        assert.match(md, /alice@example\.com/);
    });

    it("survives preview with unknown ARNs and IDs", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", orgArgs()), { preview: true });
        assert.equal(rec.errors.length, 0, String(rec.errors[0]));
        assert.equal(rec.ofType(T.assignment).length, 5);
    });

    it("rejects an assignment to an unknown permission set, naming it", () => {
        const args = seedArgs();
        args.assignments!.push({ group: "x", permissionSet: "Nope", accounts: ["111111111111"] });
        assert.throws(
            () => new AwsIdentityCenterFederation("fed", args),
            (e: any) => e instanceof FederationValidationError && /Nope/.test(e.message),
        );
    });
});
