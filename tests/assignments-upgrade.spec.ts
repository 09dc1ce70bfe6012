import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { AwsIdentityCenterFederation } from "../components";
import { canonicalJson } from "../bench/measure";
import { generateOrg } from "../bench/org";
import { RecordedResource, record } from "./harness/mocks";

/**
 * Upgrading an existing stack across the move of account assignments and SCIM waits from the federation into its
 * AwsIdentityCenterAssignments child. tests/fixtures/state-before-assignments-component.json holds the URNs and input
 * hashes the federation registered before the move (see its note). The engine matches a registration to state by its
 * URN or by one of its aliases; this applies the engine's alias rule (pulumi/pulumi pkg/resource/deploy: an alias
 * spec's empty name, type, stack and project are the resource's own; `parentUrn` replaces the parent; the parent's
 * qualified type, unless it is the root stack, prefixes the type with `$`) and requires that every old resource is
 * matched with unchanged inputs: no delete, no create, no replacement.
 */
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "state-before-assignments-component.json"), "utf8")) as {
    resources: { urn: string; inputs: string }[];
};
const SHAPE = { accounts: 3, permissionSets: 4, groupsPerPermissionSet: 2, users: 2, duplicates: true, pinnedGroups: 1 };

function urnParts(urn: string): { stack: string; project: string; qualifiedType: string; name: string } {
    const [head, project, qualifiedType, ...name] = urn.split("::");
    return { stack: head.replace(/^urn:pulumi:/, ""), project, qualifiedType, name: name.join("::") };
}

function urnOf(stack: string, project: string, parentUrn: string | undefined, type: string, name: string): string {
    const parentType = parentUrn ? urnParts(parentUrn).qualifiedType : undefined;
    const qualified = parentType && !parentType.endsWith("pulumi:pulumi:Stack") ? `${parentType}$${type}` : type;
    return `urn:pulumi:${stack}::${project}::${qualified}::${name}`;
}

/** The URNs the engine would look for in state for this registration: its own, then each alias's. */
export function candidateUrns(r: RecordedResource): string[] {
    const own = urnParts(r.urn);
    return [
        r.urn,
        ...r.aliases.map(
            (a) =>
                a.urn ??
                urnOf(
                    a.stack ?? own.stack,
                    a.project ?? own.project,
                    a.noParent ? undefined : (a.parentUrn ?? r.parent),
                    a.type ?? r.type,
                    a.name ?? r.name,
                ),
        ),
    ];
}

function inputsHash(r: RecordedResource): string {
    const { __provider, ...inputs } = r.inputs ?? {};
    void __provider;
    return createHash("sha256").update(canonicalJson(inputs)).digest("hex").slice(0, 16);
}

describe("upgrade across the assignments component (existing stacks)", () => {
    let resources: RecordedResource[];
    before(async () => {
        const args = generateOrg(SHAPE);
        args.principalIds = { ...args.principalIds, externalGroups: [] };
        const rec = await record(() => new AwsIdentityCenterFederation("org", args));
        assert.deepEqual(rec.errors, []);
        resources = rec.resources;
    });

    it("moves assignments and waits under the new component, each aliased to the federation", () => {
        const fed = resources.find((r) => r.type === "aws-identity-center:index:AwsIdentityCenterFederation")!;
        const child = resources.find((r) => r.type === "aws-identity-center:index:AwsIdentityCenterAssignments")!;
        assert.equal(child.parent, fed.urn);
        const moved = resources.filter((r) => r.parent === child.urn);
        assert.equal(moved.filter((r) => r.type === "aws:ssoadmin/accountAssignment:AccountAssignment").length, 30);
        assert.equal(moved.filter((r) => r.type === "pulumi-nodejs:dynamic:ScimPrincipalWait").length, 9);
        for (const r of moved) assert.deepEqual(r.aliases, [{ parentUrn: fed.urn }], r.name);
        // Without the alias the URN is a new one: the alias is what carries the resource over.
        for (const r of moved) assert.ok(!FIXTURE.resources.some((o) => o.urn === r.urn), `${r.name} has a new URN`);
    });

    it("matches every resource of the old state, with the same inputs: nothing is created, deleted or replaced", () => {
        const byCandidate = new Map<string, RecordedResource>();
        for (const r of resources.filter((x) => x.custom)) for (const u of candidateUrns(r)) byCandidate.set(u, r);
        const missing = FIXTURE.resources.filter((o) => !byCandidate.has(o.urn)).map((o) => o.urn);
        assert.deepEqual(missing, [], "old resources that no registration claims would be deleted");
        // The SCIM sync trigger's scope holds a digest of the mappings, which this version changes on purpose (issue 9:
        // the NameID follows what AWS holds): it re-syncs once, an update of the trigger only. Everything else is equal.
        const changed = FIXTURE.resources
            .filter((o) => inputsHash(byCandidate.get(o.urn)!) !== o.inputs)
            .filter((o) => byCandidate.get(o.urn)!.type !== "pulumi-nodejs:dynamic:ScimSyncTrigger")
            .map((o) => o.urn);
        assert.deepEqual(changed, [], "changed inputs would update (assignments: replace)");
        const old = new Set(FIXTURE.resources.map((o) => o.urn));
        const created = resources
            .filter((r) => r.custom && /^(aws:|pulumi-nodejs:dynamic)/.test(r.type))
            .filter((r) => !candidateUrns(r).some((u) => old.has(u)))
            // New in this version, not a moved resource: it sets the SAML provider's Default NameID Policy.
            .filter((r) => r.type !== "pulumi-nodejs:dynamic:SamlNameIdPolicy")
            .map((r) => r.urn);
        assert.deepEqual(created, [], "AWS-side registrations no old resource matches would be created");
    });
});
