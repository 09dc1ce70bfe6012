import { strict as assert } from "node:assert";
import { AssignmentArgs } from "../components/args";
import { distinctPrincipals, normaliseInlinePolicy, planAssignments, scimGroupFilters } from "../components/aws/assignmentPlan";

const A = "111111111111";
const B = "222222222222";
const C = "333333333333";

const assignments: AssignmentArgs[] = [
    { group: "platform", permissionSet: "Admin", accounts: [B, A] },
    { group: "Auditors", permissionSet: "ReadOnly", accounts: [A, B, C] },
    { user: "alice@example.com", permissionSet: "ReadOnly", accounts: [C] },
    { group: "platform", permissionSet: "ReadOnly", accounts: [C] },
];

/** Deterministic Fisher–Yates with a small LCG, so a failure is reproducible. */
function shuffled<T>(items: readonly T[], seed: number): T[] {
    const out = [...items];
    let s = seed;
    for (let i = out.length - 1; i > 0; i--) {
        s = (s * 1103515245 + 12345) % 2147483648;
        const j = s % (i + 1);
        [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
}

describe("planAssignments", () => {
    it("makes one sorted entry per (principal type, principal, permission set, account), keyed by those", () => {
        const plan = planAssignments(assignments);
        assert.deepEqual(
            plan.map((p) => p.key),
            [
                // Code-unit order: upper case before lower case, whatever the machine's locale.
                ["GROUP", "Auditors", "ReadOnly", A],
                ["GROUP", "Auditors", "ReadOnly", B],
                ["GROUP", "Auditors", "ReadOnly", C],
                ["GROUP", "platform", "Admin", A],
                ["GROUP", "platform", "Admin", B],
                ["GROUP", "platform", "ReadOnly", C],
                ["USER", "alice@example.com", "ReadOnly", C],
            ],
        );
        assert.deepEqual(plan[6], {
            principalType: "USER",
            principal: "alice@example.com",
            permissionSet: "ReadOnly",
            accountId: C,
            key: ["USER", "alice@example.com", "ReadOnly", C],
            selectedBy: ["accounts"],
        });
    });

    it("collapses duplicates, within an entry and across entries", () => {
        const plan = planAssignments([
            { group: "platform", permissionSet: "Admin", accounts: [A, A, B] },
            { group: "platform", permissionSet: "Admin", accounts: [B] },
            { group: "platform", permissionSet: "Admin", accounts: [A] },
        ]);
        assert.deepEqual(
            plan.map((p) => p.accountId),
            [A, B],
        );
    });

    it("keeps a group and a user of the same name apart", () => {
        const plan = planAssignments([
            { group: "ops@example.com", permissionSet: "Admin", accounts: [A] },
            { user: "ops@example.com", permissionSet: "Admin", accounts: [A] },
        ]);
        assert.deepEqual(
            plan.map((p) => p.principalType),
            ["GROUP", "USER"],
        );
    });

    it("does not depend on the order of assignments or accounts", () => {
        const expected = planAssignments(assignments);
        for (let seed = 1; seed <= 20; seed++) {
            const input = shuffled(assignments, seed).map((a) => ({ ...a, accounts: shuffled(a.accounts!, seed + 100) }));
            assert.deepEqual(planAssignments(input), expected, `seed ${seed}`);
        }
    });

    it("adding an account only adds entries; every existing key stays", () => {
        const before = planAssignments(assignments);
        const grown = assignments.map((a, i) => (i === 0 ? { ...a, accounts: [...a.accounts!, C] } : a));
        const after = planAssignments(grown);
        const keysBefore = before.map((p) => JSON.stringify(p.key));
        const keysAfter = after.map((p) => JSON.stringify(p.key));
        assert.deepEqual(
            keysAfter.filter((k) => !keysBefore.includes(k)),
            [JSON.stringify(["GROUP", "platform", "Admin", C])],
        );
        assert.deepEqual(
            keysBefore.filter((k) => !keysAfter.includes(k)),
            [],
        );
    });

    it("treats no assignments as an empty plan and refuses an entry without exactly one principal", () => {
        assert.deepEqual(planAssignments(undefined), []);
        assert.deepEqual(planAssignments([]), []);
        assert.throws(() => planAssignments([{ permissionSet: "Admin", accounts: [A] }]), /assignments\[0\].*exactly one/);
        assert.throws(
            () => planAssignments([assignments[0], { group: "g", user: "u", permissionSet: "Admin", accounts: [A] }]),
            /assignments\[1\]/,
        );
    });
});

describe("distinctPrincipals", () => {
    it("lists each principal once, groups first, then by name", () => {
        assert.deepEqual(distinctPrincipals(planAssignments(shuffled(assignments, 7))), [
            { principalType: "GROUP", principal: "Auditors" },
            { principalType: "GROUP", principal: "platform" },
            { principalType: "USER", principal: "alice@example.com" },
        ]);
    });
});

describe("normaliseInlinePolicy", () => {
    it("turns formatted JSON text into compact text, keeping the user's key order", () => {
        const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Resource": "*", "Effect": "Allow", "Action": "s3:List*" } ]\n}';
        assert.equal(
            normaliseInlinePolicy(text),
            '{"Version":"2012-10-17","Statement":[{"Resource":"*","Effect":"Allow","Action":"s3:List*"}]}',
        );
    });

    it("serialises an object with JSON.stringify and gives the same text as the equivalent string", () => {
        const policy = { Version: "2012-10-17", Statement: { Effect: "Deny", Action: "iam:*", Resource: "*" } };
        assert.equal(normaliseInlinePolicy(policy), JSON.stringify(policy));
        assert.equal(normaliseInlinePolicy(JSON.stringify(policy, null, 4)), normaliseInlinePolicy(policy));
    });

    it("throws on text that is not JSON", () => {
        assert.throws(() => normaliseInlinePolicy("{ Version: 2012 }"), SyntaxError);
    });
});

describe("distinctPrincipals", () => {
    it("keeps a group and a user of the same name apart, groups first", () => {
        const plan = planAssignments([
            { user: "x@y.z", permissionSet: "Admin", accounts: [A] },
            { group: "x@y.z", permissionSet: "Admin", accounts: [A] },
        ]);
        assert.deepEqual(distinctPrincipals(plan), [
            { principalType: "GROUP", principal: "x@y.z" },
            { principalType: "USER", principal: "x@y.z" },
        ]);
    });
});

describe("scimGroupFilters", () => {
    it("is the sorted, distinct union of assigned groups that are not external and scimGroups; pinning changes nothing", () => {
        const groups = scimGroupFilters({
            assignments: [
                ...assignments,
                { group: "ct-auditors", permissionSet: "ReadOnly", accounts: [A] },
                { group: "platform", permissionSet: "Admin", accounts: [C] },
            ],
            authentik: { scimGroups: ["zeta", "Auditors", "ct-auditors-shadow"] },
            principalIds: { externalGroups: ["ct-auditors"] },
        });
        assert.deepEqual(groups, ["Auditors", "ct-auditors-shadow", "platform", "zeta"]);
        const pinnedOnly = scimGroupFilters({
            assignments: [{ group: "platform", permissionSet: "Admin", accounts: [C] }],
            principalIds: { groups: { platform: "e40884a8-9021-7098-ba89-1f2ab32bab88" } } as { externalGroups?: string[] },
        });
        assert.deepEqual(pinnedOnly, ["platform"], "a pinned authentik group is still pushed");
    });

    it("is empty without assignments or scimGroups, and never lists users", () => {
        assert.deepEqual(scimGroupFilters({}), []);
        assert.deepEqual(scimGroupFilters({ assignments: [{ user: "alice@example.com", permissionSet: "Admin", accounts: [A] }] }), []);
    });
});
