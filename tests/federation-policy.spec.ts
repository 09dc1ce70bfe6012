import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederation } from "../components";
import { runPackOverResources } from "../policy/runner";
import { policies } from "../policy/policies";
import { record } from "./harness/mocks";
import { orgArgs, seedArgs } from "./harness/args";

const SCIM_MAPPING = "authentik:index/propertyMappingProviderScim:PropertyMappingProviderScim";

/** A stack transformation that rewrites one child's inputs, as a user "overriding" the component would. */
function override(type: string, patch: (props: any) => any): pulumi.ResourceTransformation {
    return (a) => (a.type === type ? { props: patch(a.props), opts: a.opts } : undefined);
}

describe("the policy pack over what AwsIdentityCenterFederation registers", function () {
    this.timeout(60000);

    it("finds nothing wrong with the component's resources, for both identity attributes and in preview", async () => {
        for (const identityAttribute of ["email", "username"] as const) {
            for (const preview of [false, true]) {
                const rec = await record(() => new AwsIdentityCenterFederation("fed", { ...seedArgs(), identityAttribute }), { preview });
                const violations = await runPackOverResources(rec.resources);
                assert.deepEqual(
                    violations.filter((v) => v.kind === "violation"),
                    [],
                    `${identityAttribute} preview=${preview}`,
                );
            }
        }
    });

    it("on a larger organisation, reports exactly the one expected advisory (admin access given to a user)", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", orgArgs()));
        const violations = await runPackOverResources(rec.resources);
        // orgArgs gives AdministratorAccess to a user: exactly the advisory policy speaks up.
        assert.deepEqual(
            violations.map((v) => `${v.enforcementLevel} ${v.policy}`),
            ["advisory no-admin-to-individual-users"],
        );
        assert.ok(policies.length >= 10);
    });

    it("reports a mandatory violation naming both mappings when the SCIM user mapping is overridden to send the username", async () => {
        const rec = await record(
            () =>
                new AwsIdentityCenterFederation("fed", seedArgs(), {
                    transformations: [
                        override(SCIM_MAPPING, (p) => ({
                            ...p,
                            expression:
                                'return {"userName": request.user.username, "name": ' +
                                '{"givenName": "a", "familyName": "b"}, "displayName": "a b"}',
                        })),
                    ],
                }),
        );
        const violations = (await runPackOverResources(rec.resources)).filter((v) => v.enforcementLevel === "mandatory");
        const mismatch = violations.filter((v) => v.policy === "saml-nameid-matches-scim-userName");
        assert.equal(mismatch.length, 1, JSON.stringify(violations, null, 1));
        assert.match(mismatch[0].message, /email/);
        assert.match(mismatch[0].message, /username/);
        assert.match(mismatch[0].message, /AWS Identity Center NameID/);
        assert.match(mismatch[0].message, /AWS Identity Center SCIM user/);
    });

    it("reports the loss of scoping and of aws mode when the SCIM provider is overridden", async () => {
        const rec = await record(
            () =>
                new AwsIdentityCenterFederation("fed", seedArgs(), {
                    transformations: [
                        override("authentik:index/providerScim:ProviderScim", (p) => ({
                            ...p,
                            groupFilters: [],
                            compatibilityMode: "default",
                            excludeUsersServiceAccount: false,
                        })),
                    ],
                }),
        );
        const names = (await runPackOverResources(rec.resources))
            .filter((v) => v.enforcementLevel === "mandatory")
            .map((v) => v.policy)
            .sort();
        assert.deepEqual(names, ["scim-aws-compatibility-mode", "scim-excludes-service-accounts", "scim-provisioning-scoped"]);
    });

    it("flags a NameID mapping swapped for one it cannot read as unverifiable (advisory, mandatory on request)", async () => {
        const rec = await record(
            () =>
                new AwsIdentityCenterFederation("fed", seedArgs(), {
                    transformations: [
                        override("authentik:index/providerSaml:ProviderSaml", (p) => ({
                            ...p,
                            nameIdMapping: "managed-email-mapping-uuid",
                        })),
                    ],
                }),
        );
        const advisory = await runPackOverResources(rec.resources);
        assert.ok(
            advisory.some(
                (v) =>
                    v.policy === "identity-mappings-verifiable" &&
                    v.enforcementLevel === "advisory" &&
                    v.message.includes("managed-email-mapping-uuid"),
            ),
            JSON.stringify(advisory),
        );
        const strict = await runPackOverResources(rec.resources, { "identity-mappings-verifiable": "mandatory" });
        assert.ok(strict.some((v) => v.policy === "identity-mappings-verifiable" && v.enforcementLevel === "mandatory"));
    });
});
