import { strict as assert } from "node:assert";
import { FEDERATION_ARGS, Shape } from "../components/argsSchema";
import { validateFederationArgs } from "../components/federation";
import { editDistance, nearestKey, unknownKeyProblems } from "../components/unknownKeys";
import { orgArgs, seedArgs } from "./harness/args";

/** Every key path the table knows, `*` for user-chosen names and `[]` for list items. */
function knownPaths(shape: Shape, base = ""): string[] {
    switch (shape.kind) {
        case "value":
            return [];
        case "list":
            return knownPaths(shape.of, `${base}[]`);
        case "map":
            return knownPaths(shape.of, `${base}.*`);
        case "object":
            return Object.entries(shape.fields).flatMap(([k, s]) => [`${base}.${k}`, ...knownPaths(s, `${base}.${k}`)]);
    }
}

describe("unknown keys in the federation arguments", () => {
    it("the table lists every field of the arguments, nested (a field added to args.ts and not here fails tsc)", () => {
        const paths = knownPaths(FEDERATION_ARGS);
        for (const p of [
            ".authentik.apiToken",
            ".identityCenter.scimToken",
            ".permissionSets.*.permissionsBoundary.customerManagedPolicy.path",
            ".permissionSets.*.customerManagedPolicies[].name",
            ".assignments[].accounts",
            ".principalIds.externalGroups",
            ".principalWait.maxDelaySeconds",
        ]) {
            assert.ok(paths.includes(p), p);
        }
    });

    it("a valid, feature-complete configuration has no unknown key", () => {
        assert.deepEqual(unknownKeyProblems(orgArgs()), []);
        assert.deepEqual(unknownKeyProblems(seedArgs()), []);
    });

    it("a typo anywhere is an error naming the field, the known keys and the nearest one", () => {
        const args: any = orgArgs();
        args.assigments = args.assignments;
        args.permissionSets.ReadOnly.managedPolicy = ["arn:aws:iam::aws:policy/ReadOnlyAccess"];
        args.permissionSets.ReadOnly.customerManagedPolicies[1].Path = "/x/";
        args.assignments[0].acounts = ["111111111111"];
        args.authentik.usersgroup = "x";
        args.principalWait = { timeout: 5 };
        const problems = unknownKeyProblems(args);
        const byField = new Map(problems.map((p) => [p.field, p]));
        assert.deepEqual([...byField.keys()].sort(), [
            "assigments",
            "assignments[0].acounts",
            "authentik.usersgroup",
            "permissionSets.ReadOnly.customerManagedPolicies[1].Path",
            "permissionSets.ReadOnly.managedPolicy",
            "principalWait.timeout",
        ]);
        assert.match(byField.get("permissionSets.ReadOnly.managedPolicy")!.fix, /did you mean "managedPolicies"/);
        assert.match(byField.get("assigments")!.fix, /did you mean "assignments"/);
        assert.match(byField.get("authentik.usersgroup")!.fix, /did you mean "usersGroup"/);
        assert.match(byField.get("principalWait.timeout")!.fix, /did you mean "timeoutSeconds"/);
        assert.match(byField.get("permissionSets.ReadOnly.customerManagedPolicies[1].Path")!.fix, /"path"/);
        assert.match(byField.get("assignments[0].acounts")!.rule, /keys of assignments\[0\] are group, user, permissionSet, accounts/);
    });

    it("a key far from every known key gets no suggestion, and the validation reports it as an error", () => {
        const args: any = seedArgs();
        args.identityCenter.zzzzzzzz = 1;
        const { errors } = validateFederationArgs(args);
        const e = errors.find((p) => p.field === "identityCenter.zzzzzzzz");
        assert.ok(e);
        assert.match(e.fix, /remove the key/);
    });

    it("names in user-chosen maps (permission sets, tags, pinned IDs) are not keys to check, including prototype names", () => {
        const args: any = seedArgs();
        args.permissionSets = { constructor: {}, toString: { tags: { __proto__x: "v", hasOwnProperty: "v" } } };
        args.principalIds = { groups: { constructor: "e40884a8-9021-7098-ba89-1f2ab32bab88" } };
        assert.deepEqual(unknownKeyProblems(args), []);
        // A JSON-parsed "__proto__" is an own key: it is a typo in a fixed-key object.
        const parsed = JSON.parse('{"authentik": {"__proto__": {"x": 1}}}');
        assert.deepEqual(
            unknownKeyProblems(parsed).map((p) => p.field),
            ["authentik.__proto__"],
        );
    });

    it("edit distance is case-insensitive Levenshtein; nearestKey accepts only near keys", () => {
        assert.equal(editDistance("kitten", "sitting"), 3);
        assert.equal(editDistance("ScimGroups", "scimGroups"), 0);
        assert.equal(nearestKey("scimGroup", ["scimGroups", "usersGroup"]), "scimGroups");
        assert.equal(nearestKey("colour", ["accounts", "group"]), undefined);
    });
});
