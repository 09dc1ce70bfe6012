import { strict as assert } from "node:assert";
import { createHash } from "node:crypto";
import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederation, FederationValidationError, validateFederationArgs } from "../components";
import { generateMappings, NAMEID_FORMAT_EMAIL } from "../components/authentik/mappings";
import { SAML_NAMEID_POLICY_TYPE } from "../components/authentik/samlNameIdPolicy";
import { isSecretValue, record, unsecret, valueAndSecret, valueOf, withoutSecrets } from "./harness/mocks";
import { SCIM_ENDPOINT, SCIM_TOKEN, seedArgs } from "./harness/args";

const T = {
    samlMapping: "authentik:index/propertyMappingProviderSaml:PropertyMappingProviderSaml",
    scimMapping: "authentik:index/propertyMappingProviderScim:PropertyMappingProviderScim",
    saml: "authentik:index/providerSaml:ProviderSaml",
    scim: "authentik:index/providerScim:ProviderScim",
    app: "authentik:index/application:Application",
    binding: "authentik:index/policyBinding:PolicyBinding",
    component: "aws-identity-center:index:AwsIdentityCenterFederation",
};

describe("AwsIdentityCenterFederation: the authentik side", () => {
    it("registers exactly one of each authentik resource, parented to the component and named <name>-<role>", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()));
        const component = rec.ofType(T.component);
        assert.equal(component.length, 1);
        for (const [type, name] of [
            [T.samlMapping, "fed-nameid-mapping"],
            [T.scimMapping, "fed-scim-user-mapping"],
            [T.saml, "fed-saml-provider"],
            [T.scim, "fed-scim-provider"],
            [T.app, "fed-application"],
            [T.binding, "fed-users-binding"],
        ]) {
            const found = rec.ofType(type);
            assert.equal(found.length, 1, type);
            assert.equal(found[0].name, name);
            assert.equal(found[0].parent, component[0].urn, `${name} is parented to the component`);
        }
    });

    it(
        "configures the SAML provider from the AWS SP metadata: ACS, " +
            "audience, post binding, signed assertions, key pair, NameID mapping",
        async () => {
            const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()));
            const saml = rec.named("fed-saml-provider").inputs;
            assert.equal(
                saml.acsUrl,
                "https://ap-northeast-1.signin.aws.amazon.com/platform/saml/acs/4e52542de036a8ac-0bbb-4d87-a526-9cd6da8148bd",
            );
            assert.equal(saml.audience, "https://ap-northeast-1.signin.aws.amazon.com/platform/saml/d-9567b34c60");
            assert.equal(saml.spBinding, "post");
            assert.equal(saml.signAssertion, true);
            const keyPairLookup = rec.invokesOf("authentik:index/getCertificateKeyPair:getCertificateKeyPair");
            assert.equal(keyPairLookup.length, 1);
            assert.equal(
                saml.signingKp,
                `kp-${createHash("sha256").update("authentik Self-signed Certificate").digest("hex").slice(0, 8)}`,
                "the looked-up key pair's ID",
            );
            assert.equal(saml.nameIdMapping, rec.named("fed-nameid-mapping").id);
            assert.equal(saml.authorizationFlow, "flow-default-provider-authorization-implicit-consent");
            assert.equal(saml.invalidationFlow, "flow-default-provider-invalidation-flow");
            assert.equal(saml.issuerOverride, undefined, "no issuer override unless asked");
        },
    );

    it("never fetches the signing key pair's private key into state", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()));
        const kp = rec.invokesOf("authentik:index/getCertificateKeyPair:getCertificateKeyPair");
        assert.equal(kp.length, 1);
        assert.equal(kp[0].args.name, "authentik Self-signed Certificate");
        assert.equal(kp[0].args.fetchKey, false);
    });

    it("generates both mappings from the identity attribute, with the NameID format as samlName", async () => {
        for (const attr of ["email", "username"] as const) {
            const rec = await record(() => new AwsIdentityCenterFederation("fed", { ...seedArgs(), identityAttribute: attr }));
            const scimPk = rec.named("fed-scim-provider").id!;
            // The SCIM mapping is the same everywhere; the NameID mapping has this SCIM provider's pk baked in.
            const expected = {
                ...generateMappings({ identityAttribute: attr, excludeServiceAccounts: true, scimProviderPk: scimPk }),
                scimUserExpression: generateMappings({ identityAttribute: attr, excludeServiceAccounts: true }).scimUserExpression,
            };
            assert.match(expected.nameIdExpression, new RegExp(`scim_provider_pk = ${scimPk} `));
            const nameId = rec.named("fed-nameid-mapping").inputs;
            const scimUser = rec.named("fed-scim-user-mapping").inputs;
            assert.equal(nameId.expression, expected.nameIdExpression);
            assert.equal(scimUser.expression, expected.scimUserExpression);
            assert.equal(nameId.samlName, NAMEID_FORMAT_EMAIL);
            assert.ok(nameId.name.includes(attr) && nameId.name.includes("aws-console"), nameId.name);
        }
    });

    it(
        "configures the SCIM provider: endpoint, secret token, aws mode, " +
            "service accounts excluded, only our user mapping, managed group mapping",
        async () => {
            const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()));
            const scim = rec.named("fed-scim-provider").inputs;
            assert.equal(scim.url, SCIM_ENDPOINT);
            assert.ok(isSecretValue(scim.token), "token is a secret input");
            assert.equal(unsecret(scim.token), SCIM_TOKEN);
            assert.equal(scim.compatibilityMode, "aws");
            assert.equal(scim.excludeUsersServiceAccount, true);
            assert.equal(scim.dryRun, false);
            assert.deepEqual(scim.propertyMappings, [rec.named("fed-scim-user-mapping").id]);
            assert.deepEqual(scim.propertyMappingsGroups, ["pm-goauthentik.io/providers/scim/group"]);
            const managed = rec.invokesOf("authentik:index/getPropertyMappingProviderScim:getPropertyMappingProviderScim");
            assert.equal(managed.length, 1);
            assert.equal(managed[0].args.managed, "goauthentik.io/providers/scim/group");
        },
    );

    it("pushes only the groups that assignments name plus scimGroups, with one lookup per distinct group", async () => {
        const args = seedArgs();
        args.authentik.scimGroups = ["aws-auditors", "aws-administrators", "aws-users"];
        args.assignments!.push({ group: "aws-administrators", permissionSet: "Administrator", accounts: ["222222222222"] });
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        const scim = rec.named("fed-scim-provider").inputs;
        assert.deepEqual([...scim.groupFilters].sort(), ["akgroup-aws-administrators", "akgroup-aws-auditors", "akgroup-aws-users"]);
        const lookups = rec
            .invokesOf("authentik:index/getGroup:getGroup")
            .map((i) => i.args.name)
            .sort();
        assert.deepEqual(lookups, ["aws-administrators", "aws-auditors", "aws-users"], "usersGroup shares the lookup");
        for (const l of rec.invokesOf("authentik:index/getGroup:getGroup")) assert.equal(l.args.includeUsers, false);
    });

    it("wires the application to both providers by numeric ID and binds the users group to its uuid", async () => {
        const rec = await record(
            () =>
                new AwsIdentityCenterFederation("fed", {
                    ...seedArgs(),
                    authentik: { ...seedArgs().authentik, iconUrl: "https://example.com/aws.svg", openInNewTab: true },
                }),
        );
        const app = rec.named("fed-application");
        const samlId = rec.named("fed-saml-provider").id!;
        const scimId = rec.named("fed-scim-provider").id!;
        assert.match(samlId, /^\d+$/);
        assert.equal(app.inputs.protocolProvider, Number(samlId));
        assert.equal(typeof app.inputs.protocolProvider, "number");
        assert.deepEqual(app.inputs.backchannelProviders, [Number(scimId)]);
        assert.equal(app.inputs.name, "AWS Console");
        assert.equal(app.inputs.slug, "aws-console");
        assert.equal(app.inputs.metaLaunchUrl, "https://example.awsapps.com/start");
        assert.equal(app.inputs.metaIcon, "https://example.com/aws.svg");
        assert.equal(app.inputs.openInNewTab, true);
        assert.equal(app.inputs.policyEngineMode, "any", "any binding grants access");
        const binding = rec.named("fed-users-binding").inputs;
        assert.equal(binding.target, "appuuid-aws-console", "binding targets the application uuid, not its slug");
        assert.equal(binding.group, "akgroup-aws-users");
        assert.equal(binding.order, 0);
        assert.ok(rec.named("fed-users-binding").dependencies.includes(app.urn));
    });

    it("accepts explicit ACS URL and audience, flows, key pair, issuer and dry run", async () => {
        const args = seedArgs();
        args.identityCenter = {
            samlAcsUrl: "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/e4f71ab4-31d3-46cd-a105-2c2c38ec0032",
            samlAudience: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99677451d0",
            scimEndpoint: SCIM_ENDPOINT,
            scimToken: pulumi.secret(SCIM_TOKEN),
        };
        args.authentik = {
            ...args.authentik,
            authorizationFlow: "default-provider-authorization-explicit-consent",
            invalidationFlow: "custom-logout",
            signingCertificate: "aws-signing",
            issuer: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99677451d0",
            scimDryRun: true,
            excludeServiceAccounts: false,
        };
        // Dry run sends nothing to AWS: only possible when no assignment must wait for SCIM.
        args.principalIds = { groups: { "aws-administrators": "e40884a8-9021-7098-ba89-1f2ab32bab88" } };
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        const saml = rec.named("fed-saml-provider").inputs;
        assert.equal(saml.acsUrl, args.identityCenter.samlAcsUrl);
        assert.equal(saml.audience, args.identityCenter.samlAudience);
        assert.equal(saml.issuerOverride, args.authentik.issuer);
        assert.equal(saml.authorizationFlow, "flow-default-provider-authorization-explicit-consent");
        assert.equal(saml.invalidationFlow, "flow-custom-logout");
        assert.equal(rec.invokesOf("authentik:index/getCertificateKeyPair:getCertificateKeyPair")[0].args.name, "aws-signing");
        const scim = rec.named("fed-scim-provider").inputs;
        assert.equal(scim.dryRun, true);
        assert.equal(scim.excludeUsersServiceAccount, false);
    });

    it("looks each distinct flow slug up once", async () => {
        const args = seedArgs();
        args.authentik.invalidationFlow = "same-flow";
        args.authentik.authorizationFlow = "same-flow";
        const rec = await record(() => new AwsIdentityCenterFederation("fed", args));
        assert.equal(rec.invokesOf("authentik:index/getFlow:getFlow").length, 1);
    });

    it("keeps the SCIM token secret in the component's own inputs, even when passed as a plain string", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()));
        const own = rec.ofType(T.component)[0].inputs;
        // The SDK hoists secretness to the top-level property when deserializing; either way the token is inside a secret.
        assert.ok(isSecretValue(own.identityCenter) || isSecretValue(own.identityCenter.scimToken));
        const everything = JSON.stringify(
            rec.resources.map((r) => ({ ...r, inputs: withoutSecrets(r.inputs), state: withoutSecrets(r.state) })),
        );
        assert.ok(!everything.includes(SCIM_TOKEN), "the token appears nowhere outside a secret");
    });

    it("outputs the identity attribute, provider IDs, slug, IdP metadata; with API access no default-NameID-policy follow-up", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", { ...seedArgs(), identityAttribute: "username" }));
        const fed: AwsIdentityCenterFederation = rec.result;
        assert.equal(await valueOf(fed.identityAttribute), "username");
        assert.equal(await valueOf(fed.samlProviderId), rec.named("fed-saml-provider").id);
        assert.equal(await valueOf(fed.scimProviderId), rec.named("fed-scim-provider").id);
        assert.equal(await valueOf(fed.applicationSlug), "aws-console");
        assert.match(await valueOf(fed.idpMetadataXml), /EntityDescriptor/);
        const metadataCall = rec.invokesOf("authentik:index/getProviderSamlMetadata:getProviderSamlMetadata");
        assert.equal(metadataCall.length, 1);
        assert.equal(metadataCall[0].args.providerId, Number(rec.named("fed-saml-provider").id));
        const followUps = await valueOf(fed.followUps);
        assert.ok(!followUps.some((f) => f.includes("Default NameID Policy")), followUps.join("\n"));
        // authentik shows a mapping's event with the `custom_` prefix (Event.new): the follow-up names what an admin sees.
        assert.ok(
            followUps.some((f) => f.includes('action "custom_aws_identity_center_user_skipped"')),
            followUps.join("\n"),
        );
        const policy = rec.ofType(SAML_NAMEID_POLICY_TYPE);
        assert.equal(policy.length, 1);
        assert.equal(policy[0].inputs.providerId, rec.named("fed-saml-provider").id);
        assert.equal(policy[0].inputs.policy, NAMEID_FORMAT_EMAIL);
        assert.ok(policy[0].dependencies.includes(rec.named("fed-saml-provider").urn));
        const token = await valueAndSecret(fed.idpMetadataXml);
        assert.equal(token.secret, false, "the IdP metadata is public and stays readable");
    });

    it("reads the IdP metadata and SSO URL only once the application links the SAML provider (found on the real engine)", async () => {
        // authentik answers a SAML provider's metadata with "" and its url_sso_* with "-" until an application links
        // it (authentik/providers/saml/api/providers.py); on the real engine the invoke ran before the application.
        const rec = await record(() => new AwsIdentityCenterFederation("fed", { ...seedArgs(), identityAttribute: "username" }));
        const fed: AwsIdentityCenterFederation = rec.result;
        const [metadataCall] = rec.invokesOf("authentik:index/getProviderSamlMetadata:getProviderSamlMetadata");
        const application = rec.named("fed-application");
        assert.ok(
            metadataCall.calledAt > application.registeredAt!,
            `metadata read at ${metadataCall.calledAt}, application created at ${application.registeredAt}`,
        );
        // The SSO URL is the metadata's HTTP-POST SingleSignOnService, not the provider's create-time url_sso_post.
        const xml = await valueOf(fed.idpMetadataXml);
        const location = /SingleSignOnService[^>]*HTTP-POST[^>]*Location="([^"]+)"/.exec(xml)?.[1];
        assert.ok(location, xml);
        assert.equal(await valueOf(fed.idpSsoUrl), location);
    });

    it("survives preview, where provider IDs are unknown", async () => {
        const rec = await record(() => new AwsIdentityCenterFederation("fed", seedArgs()), { preview: true });
        assert.equal(rec.errors.length, 0, String(rec.errors[0]));
        assert.equal(rec.ofType(T.app).length, 1);
        assert.equal(rec.ofType(T.binding).length, 1);
    });
});

describe("AwsIdentityCenterFederation: bad input", () => {
    it("reports every problem at once, naming field, value, rule and fix, before registering anything", async () => {
        let error: unknown;
        const rec = await record(() => {
            try {
                new AwsIdentityCenterFederation("fed", {
                    identityAttribute: "mail" as any,
                    authentik: { applicationName: "", applicationSlug: "AWS Console!", usersGroup: "", launchUrl: "not a url" },
                    identityCenter: {
                        samlAcsUrl: "https://evil.example.com/acs",
                        scimEndpoint: "https://scim.example.com/v2",
                        scimToken: "",
                    },
                    permissionSets: { "Bad Name!": { sessionDuration: "PT13H" } },
                    assignments: [{ group: "g", permissionSet: "Missing", accounts: ["12345"] }],
                });
            } catch (e) {
                error = e;
            }
        });
        assert.ok(error instanceof FederationValidationError, String(error));
        const fields = error.problems.map((p) => p.field);
        for (const f of [
            "identityAttribute",
            "authentik.applicationName",
            "authentik.applicationSlug",
            "authentik.usersGroup",
            "authentik.launchUrl",
            "identityCenter.samlAcsUrl",
            "identityCenter.samlAudience",
            "identityCenter.scimEndpoint",
            "identityCenter.scimToken",
        ]) {
            assert.ok(fields.includes(f), `${f} reported; got ${fields.join(", ")}`);
        }
        assert.ok(
            fields.some((f) => f.startsWith("permissionSets")),
            "AWS-side problems are in the same report",
        );
        assert.ok(
            fields.some((f) => f.startsWith("assignments[0]")),
            "assignment problems are in the same report",
        );
        assert.match(error.message, /identityAttribute = "mail": must be "email" or "username"/);
        assert.match(error.message, /Fix: /);
        assert.ok(!error.message.includes(SCIM_TOKEN));
        assert.equal(rec.resources.length, 0, "nothing registered, not even the component");
        assert.equal(rec.invokes.length, 0);
    });

    it("checks the edges of each rule: slug length, https endpoints, blank tokens, region names", () => {
        const problemsFor = (mutate: (a: ReturnType<typeof seedArgs>) => void) => {
            const a = seedArgs();
            mutate(a);
            return validateFederationArgs(a).errors.map((p) => p.field);
        };
        assert.deepEqual(
            problemsFor((a) => (a.authentik.applicationSlug = "a".repeat(50))),
            [],
        );
        assert.deepEqual(
            problemsFor((a) => (a.authentik.applicationSlug = "a".repeat(51))),
            ["authentik.applicationSlug"],
        );
        const urls = (a: ReturnType<typeof seedArgs>) => {
            delete a.identityCenter.samlMetadataXml;
            a.identityCenter.samlAcsUrl =
                "https://ap-northeast-1.signin.aws.amazon.com/platform/saml/acs/e4f71ab4-31d3-46cd-a105-2c2c38ec0032";
            a.identityCenter.samlAudience = "https://ap-northeast-1.signin.aws.amazon.com/platform/saml/d-99677451d0";
        };
        assert.deepEqual(problemsFor(urls), []);
        assert.deepEqual(
            problemsFor((a) => (urls(a), (a.identityCenter.samlAcsUrl = a.identityCenter.samlAcsUrl!.replace("https:", "http:")))),
            ["identityCenter.samlAcsUrl"],
        );
        assert.deepEqual(
            problemsFor((a) => (urls(a), (a.identityCenter.samlAudience = a.identityCenter.samlAudience!.replace("https:", "http:")))),
            ["identityCenter.samlAudience"],
        );
        assert.deepEqual(
            problemsFor((a) => (a.identityCenter.scimEndpoint = a.identityCenter.scimEndpoint.replace("https:", "http:"))),
            ["identityCenter.scimEndpoint"],
        );
        assert.deepEqual(
            problemsFor((a) => (a.authentik.apiToken = "   ")),
            ["authentik.apiToken"],
        );
        assert.deepEqual(
            problemsFor((a) => (a.identityCenter.scimToken = " ")),
            ["identityCenter.scimToken"],
        );
        assert.deepEqual(
            problemsFor((a) => (a.identityCenter.region = "ap-northeast-1")),
            [],
        );
        for (const region of ["Frankfurt", "eu-central", "EU-CENTRAL-1"]) {
            assert.deepEqual(
                problemsFor((a) => (a.identityCenter.region = region)),
                ["identityCenter.region"],
                region,
            );
        }
    });

    it("rejects SP metadata that is not IAM Identity Center's", async () => {
        for (const [xml, why] of [
            ["<not-xml", /well-formed/],
            ["<EntityDescriptor entityID='x'/>", /SAML 2.0 metadata/],
            [
                '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ' +
                    'entityID="x"><md:IDPSSODescriptor/></md:EntityDescriptor>',
                /SPSSODescriptor/,
            ],
        ] as const) {
            const args = seedArgs();
            args.identityCenter.samlMetadataXml = xml;
            assert.throws(
                () => new AwsIdentityCenterFederation("fed", args),
                (e: any) => {
                    assert.ok(e instanceof FederationValidationError);
                    const p = e.problems.find((q: any) => q.field === "identityCenter.samlMetadataXml");
                    assert.ok(p, e.message);
                    assert.match(p.rule, why);
                    return true;
                },
            );
        }
    });

    it("refuses a setup that would push every authentik group to AWS (empty group filter)", () => {
        const args = { ...seedArgs(), permissionSets: undefined, assignments: undefined };
        assert.throws(
            () => new AwsIdentityCenterFederation("fed", args),
            (e: any) =>
                e instanceof FederationValidationError &&
                e.problems.some((p) => p.field === "authentik.scimGroups" && /every authentik group/.test(p.rule)),
        );
        assert.doesNotThrow(
            () => new AwsIdentityCenterFederation("fed2", { ...args, authentik: { ...args.authentik, scimGroups: ["aws-readonly"] } }),
        );
    });

    it("warns when the SAML and SCIM endpoints name different regions", () => {
        const args = seedArgs();
        assert.equal(validateFederationArgs(args).warnings.length, 0, "the consistent seed has no warning");
        // The metadata names ap-northeast-1.
        args.identityCenter.scimEndpoint = args.identityCenter.scimEndpoint.replace("ap-northeast-1", "eu-central-1");
        const { errors, warnings } = validateFederationArgs(args);
        assert.deepEqual(errors, []);
        const w = warnings.find((p) => /same region/.test(p.rule));
        assert.ok(w, JSON.stringify(warnings));
        assert.match(String(w!.value), /ap-northeast-1/);
        assert.match(String(w!.value), /eu-central-1/);
        args.identityCenter.scimEndpoint = args.identityCenter.scimEndpoint.replace("eu-central-1", "ap-northeast-1");
        assert.equal(validateFederationArgs(args).warnings.filter((p) => /same region/.test(p.rule)).length, 0);
        args.identityCenter.region = "us-east-1";
        assert.equal(validateFederationArgs(args).warnings.filter((p) => /same region/.test(p.rule)).length, 1);
        delete args.identityCenter.region;
        // The AWS provider's region (aws:region) takes part too: assignments would go to another region's instance.
        const provider = validateFederationArgs(args, { awsRegion: "us-east-1" }).warnings.find((p) => /same region/.test(p.rule));
        assert.ok(provider);
        assert.match(String(provider!.value), /aws:region: us-east-1/);
        assert.equal(validateFederationArgs(args, { awsRegion: "ap-northeast-1" }).warnings.length, 0);
    });

    it("rejects metadata XML and explicit URLs together, and neither", () => {
        const both = seedArgs();
        both.identityCenter.samlAcsUrl = "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/x";
        assert.throws(() => new AwsIdentityCenterFederation("fed", both), /not both/);
        const neither = seedArgs();
        delete neither.identityCenter.samlMetadataXml;
        assert.throws(() => new AwsIdentityCenterFederation("fed", neither), /samlMetadataXml = \(not set\)/);
    });
});
