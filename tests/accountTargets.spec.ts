import { strict as assert } from "node:assert";
import { AwsIdentityCenterFederation } from "../components";
import { AssignmentArgs } from "../components/args";
import { OrgAccount, OrganizationData, ouLookupKey, planWithTargets, targetLookups } from "../components/aws/accountTargets";
import { validateFederationArgs } from "../components/federation";
import { seedArgs } from "./harness/args";
import { record, valueOf } from "./harness/mocks";

const PROD = "111111111111";
const STAGING = "222222222222";
const SANDBOX = "333333333333"; // suspended
const LEGACY = "444444444444"; // closed
const DATA = "555555555555";
const WORKLOADS = "ou-ab12-workload";
const DATA_OU = "ou-ab12-data0001";
const ROOT = "r-ab12";

const ACCOUNTS: OrgAccount[] = [
    { id: PROD, name: "Production", state: "ACTIVE" },
    { id: STAGING, name: "Staging", state: "ACTIVE" },
    { id: SANDBOX, name: "Sandbox", state: "SUSPENDED" },
    { id: LEGACY, name: "Legacy", state: "CLOSED" },
    { id: DATA, name: "Data", state: "ACTIVE" },
];
const byId = (ids: string[]) => ACCOUNTS.filter((a) => ids.includes(a.id));
/** Nested (descendant) and direct (child) accounts per OU. */
const OUS: { [ou: string]: { nested: string[]; direct: string[] } } = {
    [WORKLOADS]: { nested: [PROD, STAGING, SANDBOX], direct: [PROD] },
    [DATA_OU]: { nested: [DATA, LEGACY], direct: [DATA, LEGACY] },
    [ROOT]: { nested: ACCOUNTS.map((a) => a.id), direct: [] },
};
const TAGS: { [id: string]: { [k: string]: string } } = {
    [PROD]: { env: "prod", team: "platform" },
    [STAGING]: { env: "staging" },
    [DATA]: { env: "prod" },
};

function orgData(assignments: AssignmentArgs[], missing: string[] = []): OrganizationData {
    const l = targetLookups(assignments);
    return {
        accounts: ACCOUNTS,
        roots: [ROOT],
        ous: Object.fromEntries(
            l.ous.map((o) => [
                ouLookupKey(o),
                missing.includes(o.parentId) || !OUS[o.parentId]
                    ? { error: "ParentNotFoundException" }
                    : byId(OUS[o.parentId][o.nested ? "nested" : "direct"]),
            ]),
        ),
        tags: TAGS,
    };
}

const G = { group: "aws-administrators", permissionSet: "Administrator" };

describe("account targets: what is looked up", () => {
    it("one lookup per distinct OU (and nesting), getOrganization only for names, tags or the root, tags only with a tag filter", () => {
        const ouOnly: AssignmentArgs[] = [
            { ...G, organizationalUnits: [WORKLOADS, DATA_OU] },
            { group: "aws-readonly", permissionSet: "ReadOnly", organizationalUnits: [DATA_OU, WORKLOADS] },
            { user: "alice@example.com", permissionSet: "ReadOnly", organizationalUnits: [WORKLOADS], includeNestedOus: false },
        ];
        assert.deepEqual(targetLookups(ouOnly), {
            organization: false,
            tags: false,
            ous: [
                { parentId: DATA_OU, nested: true },
                { parentId: WORKLOADS, nested: true },
                { parentId: WORKLOADS, nested: false },
            ],
        });
        assert.deepEqual(targetLookups([{ ...G, accountNames: ["Data"] }]), { organization: true, tags: false, ous: [] });
        assert.deepEqual(targetLookups([{ ...G, accountTags: { env: "prod" } }]), { organization: true, tags: true, ous: [] });
        assert.equal(targetLookups([{ ...G, organizationalUnits: [ROOT] }]).organization, true);
        assert.deepEqual(targetLookups([{ ...G, accounts: [PROD] }]), { organization: false, tags: false, ous: [] });
    });
});

describe("account targets: resolution (pure)", () => {
    it("unions accounts, OUs, tags and names, de-duplicated, keyed by account ID, with the rules that selected each", () => {
        const assignments: AssignmentArgs[] = [
            { ...G, accounts: [PROD], organizationalUnits: [WORKLOADS], accountTags: { env: "prod" }, accountNames: ["Data"] },
        ];
        const { plan, problems } = planWithTargets(assignments, orgData(assignments));
        assert.deepEqual(problems, []);
        assert.deepEqual(
            plan.map((p) => [p.accountId, p.selectedBy]),
            [
                [PROD, ["accountTags: env=prod", "accounts", `organizationalUnits: ${WORKLOADS}`]],
                [STAGING, [`organizationalUnits: ${WORKLOADS}`]],
                [DATA, ["accountNames: Data", "accountTags: env=prod"]],
            ],
        );
        // Same key as an explicitly listed account: switching a list of IDs to an OU replaces nothing.
        assert.deepEqual(plan[0].key, ["GROUP", "aws-administrators", "Administrator", PROD]);
    });

    it("never selects suspended or closed accounts through an OU, and honours includeNestedOus: false", () => {
        const nested: AssignmentArgs[] = [{ ...G, organizationalUnits: [WORKLOADS, DATA_OU] }];
        assert.deepEqual(
            planWithTargets(nested, orgData(nested)).plan.map((p) => p.accountId),
            [PROD, STAGING, DATA],
        );
        const direct: AssignmentArgs[] = [{ ...G, organizationalUnits: [WORKLOADS], includeNestedOus: false }];
        const { plan } = planWithTargets(direct, orgData(direct));
        assert.deepEqual(
            plan.map((p) => [p.accountId, p.selectedBy]),
            [[PROD, [`organizationalUnits: ${WORKLOADS} (direct)`]]],
        );
    });

    it("an account joining an OU adds only its assignments; one leaving removes only its own", () => {
        const assignments: AssignmentArgs[] = [
            { ...G, organizationalUnits: [WORKLOADS] },
            { group: "aws-readonly", permissionSet: "ReadOnly", accounts: [DATA] },
        ];
        const keys = (org: OrganizationData) => planWithTargets(assignments, org).plan.map((p) => JSON.stringify(p.key));
        const before = keys(orgData(assignments));
        const grown = orgData(assignments);
        const ous = grown.ous as { [k: string]: OrgAccount[] };
        ous[WORKLOADS] = byId([PROD, STAGING, DATA]);
        const after = keys(grown);
        assert.deepEqual(
            after.filter((k) => !before.includes(k)),
            [JSON.stringify(["GROUP", "aws-administrators", "Administrator", DATA])],
        );
        assert.ok(before.every((k) => after.includes(k)));
        ous[WORKLOADS] = byId([PROD]);
        assert.deepEqual(
            before.filter((k) => !keys(grown).includes(k)),
            [JSON.stringify(["GROUP", "aws-administrators", "Administrator", STAGING])],
        );
    });

    it("errors name the missing OU, the foreign root and the unknown account name; a tag filter matching nothing warns", () => {
        const assignments: AssignmentArgs[] = [
            { ...G, organizationalUnits: ["ou-ab12-missing1", "r-zz99"] },
            { ...G, accountNames: ["production", "Sandbox"] },
            { ...G, accountTags: { env: "qa" } },
        ];
        const { plan, problems } = planWithTargets(assignments, orgData(assignments, ["ou-ab12-missing1"]));
        assert.deepEqual(plan, []);
        const summary = problems.map((p) => [p.severity, p.field, p.value]);
        assert.deepEqual(summary, [
            ["error", "assignments[0].organizationalUnits[0]", "ou-ab12-missing1"],
            ["error", "assignments[0].organizationalUnits[1]", "r-zz99"],
            ["error", "assignments[1].accountNames[0]", "production"],
            ["warning", "assignments[1].accountNames[1]", "Sandbox"],
            ["warning", "assignments[2].accountTags", { env: "qa" }],
        ]);
        assert.match(problems[0].rule, /ou-ab12-missing1 does not exist/);
        assert.match(problems[2].fix, /did you mean "Production"/);
        assert.match(problems[3].rule, /SUSPENDED/);
    });
});

describe("account targets: validation", () => {
    const withAssignment = (a: object) => {
        const args = seedArgs();
        args.assignments = [a as AssignmentArgs];
        return validateFederationArgs(args);
    };
    it("accepts OU, root, tag and name targets without accounts", () => {
        assert.deepEqual(
            withAssignment({
                ...G,
                organizationalUnits: [WORKLOADS, ROOT],
                includeNestedOus: false,
                accountTags: { env: "prod" },
                accountNames: ["Data"],
            }).errors,
            [],
        );
    });
    it("rejects malformed OU IDs (with the fix), missing targets, empty filters and unknown keys", () => {
        const fields = (a: object) => withAssignment(a).errors.map((e) => e.field);
        assert.deepEqual(fields({ ...G, organizationalUnits: ["OU-AB12-WORKLOAD", "ab12", 7] }), [
            "assignments[0].organizationalUnits[0]",
            "assignments[0].organizationalUnits[1]",
            "assignments[0].organizationalUnits[2]",
        ]);
        assert.match(withAssignment({ ...G, organizationalUnits: ["OU-AB12-WORKLOAD"] }).errors[0].fix, /"ou-ab12-workload"/);
        assert.deepEqual(fields({ ...G }), ["assignments[0]"]);
        assert.deepEqual(fields({ ...G, accountTags: {} }), ["assignments[0].accountTags"]);
        assert.deepEqual(fields({ ...G, accountNames: [] }), ["assignments[0].accountNames"]);
        assert.deepEqual(
            fields({ ...G, accounts: [], organizationalUnits: [WORKLOADS] }),
            [],
            "an empty account list next to an OU is fine",
        );
        assert.ok(
            fields({ ...G, organisationalUnits: [WORKLOADS], accounts: [PROD] }).some((f) => f.includes("organisationalUnits")),
            "a misspelt key is an error",
        );
        assert.deepEqual(
            withAssignment({ ...G, accounts: [PROD], includeNestedOus: true }).warnings.map((w) => w.field),
            ["assignments[0].includeNestedOus"],
        );
    });
});

/** The organization as the mock AWS provider answers it. */
function orgInvokes(calls: { missing?: string[] } = {}) {
    const account = (a: OrgAccount) => ({
        id: a.id,
        name: a.name,
        state: a.state,
        status: a.state === "CLOSED" ? "SUSPENDED" : a.state,
        arn: "",
        email: "",
        joinedMethod: "CREATED",
        joinedTimestamp: "",
    });
    const ou = (kind: "nested" | "direct") => (args: any) => {
        if (calls.missing?.includes(args.parentId) || OUS[args.parentId] === undefined)
            throw new Error(`ParentNotFoundException: parent ${args.parentId} not found`);
        return { id: args.parentId, parentId: args.parentId, accounts: byId(OUS[args.parentId][kind]).map(account) };
    };
    return {
        "aws:organizations/getOrganization:getOrganization": () => ({
            accounts: ACCOUNTS.map(account),
            roots: [{ id: ROOT, arn: "", name: "Root", policyTypes: [] }],
            id: "o-abcdefghij",
            masterAccountId: PROD,
            nonMasterAccounts: [],
        }),
        "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": ou("nested"),
        "aws:organizations/getOrganizationalUnitChildAccounts:getOrganizationalUnitChildAccounts": ou("direct"),
        "aws:organizations/getResourceTags:getResourceTags": (args: any) => ({
            id: args.resourceId,
            resourceId: args.resourceId,
            tags: TAGS[args.resourceId] ?? {},
        }),
    };
}
const TOKENS = {
    org: "aws:organizations/getOrganization:getOrganization",
    nested: "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts",
    direct: "aws:organizations/getOrganizationalUnitChildAccounts:getOrganizationalUnitChildAccounts",
    tags: "aws:organizations/getResourceTags:getResourceTags",
    assignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
};

describe("account targets: the component under mocks", () => {
    for (const preview of [false, true]) {
        it(
            `creates one assignment per resolved account, named by account ` +
                `ID, with the matrix saying why (${preview ? "preview" : "update"})`,
            async () => {
                const args = seedArgs();
                args.assignments = [{ ...G, organizationalUnits: [WORKLOADS], accountNames: ["Data"] }];
                const rec = await record(() => new AwsIdentityCenterFederation("fed", args), { preview, invokes: orgInvokes() });
                assert.equal(rec.errors.length, 0, String(rec.errors[0]));
                assert.deepEqual(
                    rec
                        .ofType(TOKENS.assignment)
                        .map((r) => r.name)
                        .sort(),
                    [
                        `fed-assignment-GROUP_aws-administrators_Administrator_${PROD}`,
                        `fed-assignment-GROUP_aws-administrators_Administrator_${STAGING}`,
                        `fed-assignment-GROUP_aws-administrators_Administrator_${DATA}`,
                    ].sort(),
                );
                assert.equal(rec.invokesOf(TOKENS.nested).length, 1);
                assert.equal(rec.invokesOf(TOKENS.org).length, 1);
                assert.equal(rec.invokesOf(TOKENS.tags).length, 0, "no tag lookups without a tag filter");
                const matrix = await valueOf((rec.result as AwsIdentityCenterFederation).accessMatrix);
                assert.deepEqual(
                    matrix.map((r) => [r.accountId, r.selectedBy]),
                    [
                        [PROD, [`organizationalUnits: ${WORKLOADS}`]],
                        [STAGING, [`organizationalUnits: ${WORKLOADS}`]],
                        [DATA, ["accountNames: Data"]],
                    ],
                );
            },
        );
    }

    it("the same account by ID and by OU is the same resource (switching to an OU replaces nothing)", async () => {
        const byIds = seedArgs([PROD, STAGING]);
        const byOu = seedArgs();
        byOu.assignments = [{ ...G, organizationalUnits: [WORKLOADS] }];
        const a = await record(() => new AwsIdentityCenterFederation("fed", byIds));
        const b = await record(() => new AwsIdentityCenterFederation("fed", byOu), { invokes: orgInvokes() });
        const graph = (rec: typeof a) =>
            rec
                .ofType(TOKENS.assignment)
                .map((r) => [r.urn, JSON.stringify(r.inputs)])
                .sort();
        assert.deepEqual(graph(b), graph(a));
    });

    it("a missing OU fails the run with an error naming it, and no assignment is created", async () => {
        const args = seedArgs();
        args.assignments = [{ ...G, organizationalUnits: ["ou-ab12-missing1"] }];
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args), {
            invokes: orgInvokes({ missing: ["ou-ab12-missing1"] }),
        });
        assert.ok(
            rec.errors.some((e) => /ou-ab12-missing1 does not exist/.test(String(e))),
            String(rec.errors[0]),
        );
        assert.deepEqual(rec.ofType(TOKENS.assignment), []);
    });

    it("minimality: OU lookups ÷ distinct OUs = 1 however many assignments name them; tags looked up once per active account", async () => {
        const args = seedArgs();
        args.permissionSets = { ...args.permissionSets, ReadOnly: { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } };
        args.authentik.scimGroups = Array.from({ length: 20 }, (_, i) => `team-${i}`);
        args.assignments = Array.from({ length: 40 }, (_, i) => ({
            group: `team-${i % 20}`,
            permissionSet: i % 2 === 0 ? "Administrator" : "ReadOnly",
            organizationalUnits: i % 3 === 0 ? [WORKLOADS, DATA_OU] : [DATA_OU, WORKLOADS, ROOT],
            ...(i === 7 ? { accountTags: { env: "prod" } } : {}),
        }));
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args), { invokes: orgInvokes() });
        assert.equal(rec.errors.length, 0, String(rec.errors[0]));
        const distinctOus = new Set(args.assignments.flatMap((a) => a.organizationalUnits!)).size;
        assert.equal(rec.invokesOf(TOKENS.nested).length / distinctOus, 1);
        assert.equal(rec.invokesOf(TOKENS.org).length, 1);
        assert.equal(rec.invokesOf(TOKENS.tags).length, ACCOUNTS.filter((a) => a.state === "ACTIVE").length);
        // One resource per distinct (principal, permission set, account): the root covers all 3 active accounts.
        const tuples = new Set(rec.ofType(TOKENS.assignment).map((r) => r.name));
        assert.equal(rec.ofType(TOKENS.assignment).length, tuples.size);
        const pairs = new Set(args.assignments.map((a) => `${a.group}/${a.permissionSet}`)).size;
        assert.equal(tuples.size, pairs * 3);
    });
});
