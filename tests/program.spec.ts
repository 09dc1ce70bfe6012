import { strict as assert } from "node:assert";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { validateFederationArgs } from "../components";
import { ConfigError, checkSettingsShape } from "../program/config";
import { runFromStackConfig } from "../program/program";
import { argsFromSettings, FederationSettings } from "../program/settings";
import { readStackFile } from "../program/stackFile";
import { record, unsecret, isSecretValue, valueOf } from "./harness/mocks";

const ROOT = path.join(__dirname, "..");
const TOKEN_KEY = "aws-identity-center-authentik:scimToken";

function withConfig<T>(values: { [k: string]: string }, secretKeys: string[], fn: () => T): T {
    pulumi.runtime.setAllConfig(values, secretKeys);
    return fn();
}

describe("the program (index.ts) and its stack config", () => {
    afterEach(() => pulumi.runtime.setAllConfig({}, []));

    it("Pulumi.prod.yaml reproduces the icteam setup and is valid", () => {
        const { values, encrypted } = readStackFile(path.join(ROOT, "Pulumi.prod.yaml"));
        assert.deepEqual(encrypted, [], "no secret is committed in the stack file");
        assert.equal(values["aws:region"], "eu-central-1");
        const settings: FederationSettings = JSON.parse(values["aws-identity-center-authentik:federation"]);
        assert.equal(settings.identityAttribute, "username");
        assert.deepEqual(settings.authentik, {
            applicationName: "AWS Console (icteam)",
            applicationSlug: "aws-console-icteam",
            launchUrl: "https://icteam.awsapps.com/start",
            iconUrl: "https://www.svgrepo.com/download/448266/aws.svg",
            openInNewTab: true,
            signingCertificate: "authentik Self-signed Certificate",
            usersGroup: "aws-users",
            excludeServiceAccounts: true,
            issuer: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99677451d0",
        });
        assert.equal(
            settings.identityCenter.samlAcsUrl,
            "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/e4f71ab4-31d3-46cd-a105-2c2c38ec0032",
        );
        assert.equal(settings.identityCenter.samlAudience, "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99677451d0");
        assert.deepEqual(settings.permissionSets, {
            Administrator: {
                description: "Administrator access for all accounts",
                sessionDuration: "PT8H",
                managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            },
        });
        assert.equal(settings.assignments![0].group, "aws-administrators");
        const { errors } = validateFederationArgs(argsFromSettings(settings, "token"));
        assert.deepEqual(errors, []);
    });

    it("builds the federation from stack config with the token as a secret", async () => {
        const { values } = readStackFile(path.join(ROOT, "Pulumi.prod.yaml"));
        const rec = await record(() => withConfig({ ...values, [TOKEN_KEY]: "tok" }, [TOKEN_KEY], () => runFromStackConfig()));
        assert.equal(rec.ofType("aws-identity-center:index:AwsIdentityCenterFederation").length, 1);
        assert.equal(rec.named("aws-identity-center-application").inputs.slug, "aws-console-icteam");
        const scim = rec.named("aws-identity-center-scim-provider").inputs;
        assert.ok(isSecretValue(scim.token));
        assert.equal(unsecret(scim.token), "tok");
        assert.equal(await valueOf(rec.result.identityAttribute), "username");
        assert.equal(((await valueOf(rec.result.accessMatrix)) as unknown[]).length, 1);
    });

    it("names the missing token key and the command that sets it", () => {
        const { values } = readStackFile(path.join(ROOT, "Pulumi.prod.yaml"));
        assert.throws(
            () => withConfig(values, [], () => runFromStackConfig()),
            (e: any) =>
                e instanceof ConfigError &&
                /aws-identity-center-authentik:scimToken/.test(e.message) &&
                /pulumi config set --secret scimToken/.test(e.message),
        );
    });

    it("names the missing settings key and how to add it", () => {
        assert.throws(
            () => withConfig({ [TOKEN_KEY]: "tok" }, [TOKEN_KEY], () => runFromStackConfig()),
            (e: any) =>
                e instanceof ConfigError &&
                /aws-identity-center-authentik:federation/.test(e.message) &&
                /pulumi config set --path/.test(e.message),
        );
    });

    it("reports malformed structured config, and every missing required key with its command", () => {
        assert.throws(
            () =>
                withConfig({ "aws-identity-center-authentik:federation": "{not json", [TOKEN_KEY]: "t" }, [TOKEN_KEY], () =>
                    runFromStackConfig(),
                ),
            (e: any) => e instanceof ConfigError && /not valid structured config/.test(e.message),
        );
        const problems = checkSettingsShape(
            { authentik: { applicationName: "A" }, identityCenter: { scimToken: "tok-1234-secret" } },
            "dev",
        );
        const text = problems.join("\n");
        for (const key of [
            "authentik.applicationSlug",
            "authentik.usersGroup",
            "identityCenter.scimEndpoint",
            "identityCenter.samlMetadataXml",
        ]) {
            assert.ok(text.includes(key), key);
        }
        assert.match(text, /pulumi config set --path 'federation.authentik.usersGroup' aws-users/);
        assert.match(text, /must not be in the settings object/);
        assert.ok(!text.includes("tok-1234-secret"), "a misplaced token is not echoed");
        assert.match(checkSettingsShape([1], "dev")[0], /must be a mapping \(the federation settings\), got a list/);
        // One of the two SAML URLs is not enough, and an empty string is as missing as an absent key.
        const half = checkSettingsShape(
            {
                authentik: { applicationName: "A", applicationSlug: "", usersGroup: "g" },
                identityCenter: { scimEndpoint: "x", samlAcsUrl: "https://a" },
            },
            "dev",
        ).join("\n");
        assert.match(half, /samlMetadataXml \(or samlAcsUrl and samlAudience\)/);
        assert.match(half, /pulumi config set --path 'federation\.identityCenter\.samlAudience'/);
        assert.match(
            half,
            /missing federation\.authentik\.applicationSlug .*pulumi config set --path 'federation\.authentik\.applicationSlug'/,
        );
    });

    it("refuses plain-text tokens in the stack config, and accepts them encrypted", async () => {
        const { values } = readStackFile(path.join(ROOT, "Pulumi.prod.yaml"));
        const settingsKey = "aws-identity-center-authentik:federation";
        const settings = JSON.parse(values[settingsKey]);
        settings.authentik.apiToken = "plain-api-token-value";
        const withApiToken = {
            ...values,
            [settingsKey]: JSON.stringify(settings),
            [TOKEN_KEY]: "plain-scim-token-value",
            "authentik:token": "plain-authentik-token",
        };
        assert.throws(
            () => withConfig(withApiToken, [], () => runFromStackConfig({ stackFile: "Pulumi.dev.yaml" })),
            (e: any) => {
                assert.ok(e instanceof ConfigError);
                assert.deepEqual(
                    e.details.map((p: any) => p.field).sort(),
                    ["authentik:token", TOKEN_KEY, "federation.authentik.apiToken"].sort(),
                );
                assert.match(e.message, /Pulumi\.dev\.yaml/);
                assert.match(e.message, /pulumi config set --secret scimToken/);
                assert.match(e.message, /pulumi config set --secret authentik:token/);
                for (const secret of ["plain-api-token-value", "plain-scim-token-value", "plain-authentik-token"])
                    assert.ok(!e.message.includes(secret));
                return true;
            },
        );
        // Encrypted in the stack file (`pulumi config set --secret --path ...`): the engine marks the whole key secret.
        const rec = await record(() => withConfig(withApiToken, [settingsKey, TOKEN_KEY, "authentik:token"], () => runFromStackConfig()));
        assert.equal(rec.ofType("aws-identity-center:index:AwsIdentityCenterFederation").length, 1);
    });

    it("names an unknown key of the project's namespace with the nearest known one", () => {
        const { values } = readStackFile(path.join(ROOT, "Pulumi.prod.yaml"));
        assert.throws(
            () =>
                withConfig({ ...values, [TOKEN_KEY]: "t", "aws-identity-center-authentik:scimTokens": "x" }, [TOKEN_KEY], () =>
                    runFromStackConfig(),
                ),
            (e: any) =>
                e instanceof ConfigError &&
                new RegExp(
                    /aws-identity-center-authentik:scimTokens = \(not shown\): unknown config key.*/.source +
                        /did you mean aws-identity-center-authentik:scimToken\?/.source,
                ).test(e.message),
        );
    });
});
