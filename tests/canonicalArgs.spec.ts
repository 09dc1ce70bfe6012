import { strict as assert } from "node:assert";
import { canonicalArgs } from "../components/canonicalArgs";
import { AwsIdentityCenterFederation } from "../components";
import { record } from "./harness/mocks";
import { orgArgs } from "./harness/args";

describe("canonicalArgs: the component's own inputs do not depend on list order", () => {
    it("sorts and de-duplicates order-free lists and regroups assignments", () => {
        const a = orgArgs();
        a.authentik.scimGroups = ["z", "a", "z"];
        a.permissionSets!.ReadOnly.managedPolicies = [
            "arn:aws:iam::aws:policy/b",
            "arn:aws:iam::aws:policy/a",
            "arn:aws:iam::aws:policy/b",
        ];
        a.permissionSets!.ReadOnly.customerManagedPolicies = [{ name: "Y" }, { name: "X", path: "/p/" }, { name: "Y", path: "/" }];
        a.assignments = [
            { group: "g", permissionSet: "ReadOnly", accounts: ["222222222222"] },
            { group: "g", permissionSet: "ReadOnly", accounts: ["111111111111", "222222222222"] },
            { user: "u@example.com", permissionSet: "Administrator", accounts: ["333333333333"] },
        ];
        const c = canonicalArgs(a);
        assert.deepEqual(c.authentik.scimGroups, ["a", "z"]);
        assert.deepEqual(c.permissionSets!.ReadOnly.managedPolicies, ["arn:aws:iam::aws:policy/a", "arn:aws:iam::aws:policy/b"]);
        assert.deepEqual(c.permissionSets!.ReadOnly.customerManagedPolicies, [
            { name: "Y", path: "/" },
            { name: "X", path: "/p/" },
        ]);
        assert.deepEqual(c.assignments, [
            { group: "g", permissionSet: "ReadOnly", accounts: ["111111111111", "222222222222"] },
            { user: "u@example.com", permissionSet: "Administrator", accounts: ["333333333333"] },
        ]);
        assert.deepEqual(a.authentik.scimGroups, ["z", "a", "z"], "the caller's arguments are not mutated");
    });

    it("is what the component registers as its inputs (secrets aside)", async () => {
        const shuffled = orgArgs();
        shuffled.authentik.scimGroups = ["aws-auditors", "aws-auditors"];
        shuffled.assignments = [...shuffled.assignments!].reverse();
        const inputsOf = async (args: typeof shuffled) => {
            const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
            const own = rec.ofType("aws-identity-center:index:AwsIdentityCenterFederation")[0].inputs;
            return JSON.stringify({ a: own.assignments, g: own.authentik?.value?.scimGroups ?? own.authentik?.scimGroups });
        };
        assert.equal(await inputsOf(shuffled), await inputsOf(orgArgs()));
    });
});
