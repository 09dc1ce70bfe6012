import { strict as assert } from "node:assert";
import { AwsIdentityCenterFederation, validateFederationArgs } from "../components";
import { AwsIdentityCenterFederationArgs } from "../components/args";
import { SCIM_PRINCIPAL_WAIT_TYPE } from "../components/aws/scimPrincipalWait";
import { isExternalGroup, pinnedIdOf, waitsForScim } from "../policy/rules/principalWait";
import { snapshot } from "../policy/unknowns";
import { seedArgs } from "./harness/args";
import { mockPrincipalId, record } from "./harness/mocks";

/**
 * Names that are also properties of Object.prototype. A lookup that is not own-property-only reads a group named
 * `constructor` as "pinned" (to Object's constructor function): its assignment was registered with no principal ID,
 * no wait and no lookup. Every name here must be treated as the plain name it is.
 */
const PROTO_NAMES = ["constructor", "toString", "__proto__", "hasOwnProperty", "valueOf"];
const PINNED = "e40884a8-9021-7098-ba89-1f2ab32bab88";
const ASSIGNMENT = "aws:ssoadmin/accountAssignment:AccountAssignment";
const GET_GROUP = "aws:identitystore/getGroup:getGroup";

function withGroup(group: string, extra: Partial<AwsIdentityCenterFederationArgs> = {}): AwsIdentityCenterFederationArgs {
    const base = seedArgs();
    // JSON, as the stack config arrives: "__proto__" is then an own key, as YAML and JSON make it.
    return JSON.parse(
        JSON.stringify({ ...base, assignments: [{ group, permissionSet: "Administrator", accounts: ["111111111111"] }], ...extra }),
    );
}

describe("names that are Object.prototype properties", () => {
    it("the shared rule reads pinned IDs and external groups by own property only", () => {
        for (const name of PROTO_NAMES) {
            assert.equal(pinnedIdOf({ groups: {}, users: {} }, "GROUP", name), undefined, name);
            assert.equal(pinnedIdOf({ groups: {}, users: {} }, "USER", name), undefined, name);
            assert.equal(pinnedIdOf({}, "GROUP", name), undefined, name);
            assert.equal(isExternalGroup({ externalGroups: [] }, "GROUP", name), false, name);
            assert.equal(waitsForScim({ groups: {} }, "GROUP", name), true, name);
            const pins = JSON.parse(JSON.stringify({ groups: { [name]: PINNED } }));
            if (name === "__proto__") pins.groups = JSON.parse(`{"__proto__": "${PINNED}"}`);
            assert.equal(pinnedIdOf(pins, "GROUP", name), PINNED, `${name} pinned as an own key`);
            assert.equal(waitsForScim(pins, "GROUP", name), false, name);
        }
    });

    for (const name of PROTO_NAMES) {
        it(`a group named ${name} is waited for and looked up, and its assignment gets the looked-up ID`, async () => {
            const args = withGroup(name, { principalIds: { groups: {} } });
            assert.deepEqual(validateFederationArgs(args).errors, []);
            const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
            const waits = rec.ofType(SCIM_PRINCIPAL_WAIT_TYPE);
            assert.deepEqual(
                waits.map((w) => w.inputs.name),
                [name],
                "waits for SCIM",
            );
            assert.deepEqual(
                rec.invokesOf(GET_GROUP).map((i) => i.args.alternateIdentifier.uniqueAttribute.attributeValue),
                [name],
                "one lookup",
            );
            const [assignment] = rec.ofType(ASSIGNMENT);
            assert.equal(
                assignment.inputs.principalId,
                mockPrincipalId(`group:${name}`),
                "the ID the lookup returned, never a prototype value",
            );
        });

        it(`a permission set named ${name} is one permission set, and an undefined one is an error`, async () => {
            const base = seedArgs();
            const defined = JSON.parse(
                JSON.stringify({
                    ...base,
                    permissionSets: JSON.parse(`{${JSON.stringify(name)}: {"description": "x"}}`),
                    assignments: [{ group: "aws-administrators", permissionSet: name, accounts: ["111111111111"] }],
                }),
            );
            assert.deepEqual(validateFederationArgs(defined).errors, []);
            const rec = await record(() => new AwsIdentityCenterFederation("fed", defined));
            assert.deepEqual(
                rec.ofType("aws:ssoadmin/permissionSet:PermissionSet").map((p) => p.inputs.name),
                [name],
            );
            assert.equal(rec.ofType(ASSIGNMENT).length, 1);
            const undefinedSet = {
                ...base,
                assignments: [{ group: "aws-administrators", permissionSet: name, accounts: ["111111111111"] }],
            };
            const errors = validateFederationArgs(undefinedSet).errors;
            assert.deepEqual(
                errors.map((e) => e.field),
                ["assignments[0].permissionSet"],
                name,
            );
        });

        it(`a user named ${name} is not taken as pinned; pinned as an own key it is`, async () => {
            const base = seedArgs();
            const args = {
                ...base,
                authentik: { ...base.authentik, scimGroups: ["aws-users"] },
                assignments: [{ user: name, permissionSet: "Administrator", accounts: ["111111111111"] }],
                principalIds: { users: {} },
            };
            const errors = validateFederationArgs(args).errors;
            assert.ok(
                errors.some((e) => e.field === "assignments[0].user"),
                `${name}: not an email, and not pinned`,
            );
            const pinned = { ...args, principalIds: { users: JSON.parse(`{${JSON.stringify(name)}: "${PINNED}"}`) } };
            assert.deepEqual(validateFederationArgs(pinned).errors, []);
            const rec = await record(() => new AwsIdentityCenterFederation("fed", pinned));
            assert.equal(rec.ofType(SCIM_PRINCIPAL_WAIT_TYPE).length, 0);
            assert.equal(rec.ofType(ASSIGNMENT)[0].inputs.principalId, PINNED);
        });

        it(`scimDryRun with a group named ${name} that nothing pins is refused (the dry-run guard)`, () => {
            const base = seedArgs();
            const args = withGroup(name, { authentik: { ...base.authentik, scimDryRun: true }, principalIds: { groups: {} } });
            assert.deepEqual(
                validateFederationArgs(args).errors.map((e) => e.field),
                ["authentik.scimDryRun"],
            );
        });
    }

    it("tags named like prototype properties are plain tags", () => {
        const base = seedArgs();
        const args = {
            ...base,
            permissionSets: {
                Administrator: {
                    ...base.permissionSets!.Administrator,
                    tags: JSON.parse('{"constructor": "a", "__proto__": "b", "toString": "c"}'),
                },
            },
        };
        assert.deepEqual(validateFederationArgs(args).errors, []);
    });
});

describe("the policy pack's copies of resource properties", () => {
    it("keep a property named __proto__ as a property, never as the prototype", () => {
        const props = JSON.parse('{"groupFilters": ["a"], "__proto__": {"polluted": true}, "constructor": "c"}');
        const copy = snapshot(props) as Record<string, unknown>;
        assert.equal(Object.getPrototypeOf(copy), Object.prototype);
        assert.equal((copy as { polluted?: unknown }).polluted, undefined);
        assert.ok(Object.hasOwn(copy, "__proto__"));
        assert.deepEqual(Object.keys(copy), ["groupFilters", "__proto__", "constructor"]);
    });
});
