import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import * as yaml from "js-yaml";
import { AwsIdentityCenterFederation, inlinePolicyJson, validateFederationArgs } from "../components";
import { AwsIdentityCenterFederationArgs } from "../components/args";
import { formatProblem } from "../components/problems";
import { settingsProblems } from "../program/config";
import { record, Recording } from "./harness/mocks";
import { orgArgs } from "./harness/args";

/** The ReadOnly permission set's inline policy in orgArgs(), as a document. */
const DOCUMENT = { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }] };

/** orgArgs() with the inline policy in the 0.1.x shape: an object. */
function oldShapeArgs(): AwsIdentityCenterFederationArgs {
    const args = orgArgs();
    (args.permissionSets!.ReadOnly as { inlinePolicy: unknown }).inlinePolicy = structuredClone(DOCUMENT);
    return args;
}

/** Every registration as the engine saw it (type, name, parent, inputs), the dynamic providers' serialized code left out. */
function registrations(rec: Recording): string[] {
    return rec.resources
        .map((r) => {
            const { __provider, ...inputs } = r.inputs ?? {};
            void __provider;
            return JSON.stringify({ type: r.type, urn: r.urn, parent: r.parent, inputs });
        })
        .sort();
}

async function recordWithWarnings(args: AwsIdentityCenterFederationArgs): Promise<{ rec: Recording; warnings: string[] }> {
    const warnings: string[] = [];
    const warn = pulumi.log.warn;
    (pulumi.log as { warn: typeof warn }).warn = (msg: string) => {
        warnings.push(msg);
        return Promise.resolve();
    };
    try {
        return { rec: await record(() => new AwsIdentityCenterFederation("fed", args)), warnings };
    } finally {
        (pulumi.log as { warn: typeof warn }).warn = warn;
    }
}

describe("deprecated argument shapes (0.1.x, accepted until 0.3.0)", function () {
    this.timeout(60000);

    it("the orgArgs fixture uses the current shape: JSON text from inlinePolicyJson", () => {
        assert.equal(orgArgs().permissionSets!.ReadOnly.inlinePolicy, inlinePolicyJson(DOCUMENT));
    });

    it("inlinePolicy as an object registers the same resources as the JSON text, and warns naming field, old and new shape", async () => {
        const current = await recordWithWarnings(orgArgs());
        const old = await recordWithWarnings(oldShapeArgs());
        assert.deepEqual(old.rec.errors, []);
        assert.ok(current.rec.resources.some((r) => r.type === "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy"));
        // The component itself included: its recorded inputs hold the policy as text in both cases.
        assert.deepEqual(registrations(old.rec), registrations(current.rec));

        const deprecations = (ws: string[]) => ws.filter((w) => /deprecated shape/.test(w));
        assert.deepEqual(deprecations(current.warnings), []);
        const [warning, ...more] = deprecations(old.warnings);
        assert.deepEqual(more, []);
        assert.match(warning, /^permissionSets\.ReadOnly\.inlinePolicy = /);
        assert.match(
            warning,
            /inlinePolicy as an object \(0\.1\.x\) is accepted until 0\.3\.0; since 0\.2\.0 inlinePolicy is the policy's JSON text/,
        );
        assert.match(warning, /Fix: give JSON text: inlinePolicyJson\(\{\.\.\.\}\)/);
    });

    it("the old shape is still validated by the same rules, and the warning is not an error", () => {
        const args = oldShapeArgs();
        const { errors, warnings } = validateFederationArgs(args);
        assert.deepEqual(errors.map(formatProblem), []);
        assert.deepEqual(
            warnings.map((w) => w.field),
            ["permissionSets.ReadOnly.inlinePolicy"],
        );
        (args.permissionSets!.ReadOnly as { inlinePolicy: unknown }).inlinePolicy = { Version: "2012-10-17" };
        assert.ok(
            validateFederationArgs(args).errors.some(
                (e) => e.field === "permissionSets.ReadOnly.inlinePolicy" && /needs a Statement/.test(e.rule),
            ),
        );
    });

    it("the permissions boundary keeps its shape: one object, exactly one of its two fields", () => {
        const args = orgArgs();
        args.permissionSets!.ReadOnly.permissionsBoundary = {
            managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess",
            customerManagedPolicy: { name: "TeamBoundary" },
        };
        const { errors, warnings } = validateFederationArgs(args);
        assert.deepEqual(
            errors.map((e) => e.field),
            ["permissionSets.ReadOnly.permissionsBoundary"],
        );
        assert.match(errors[0].rule, /exactly one of managedPolicyArn or customerManagedPolicy/);
        assert.deepEqual(
            warnings.filter((w) => /deprecated/.test(w.rule)),
            [],
        );
    });

    it("stack config: the JSON text (a YAML block scalar) and the old mapping are both accepted", () => {
        const { identityCenter, ...rest } = orgArgs();
        const { scimToken, ...ic } = identityCenter;
        void scimToken;
        const settings = { ...rest, authentik: { ...rest.authentik, apiToken: undefined }, identityCenter: ic };
        const stackFile = [
            "inlinePolicy: |",
            ...JSON.stringify(DOCUMENT, null, 2)
                .split("\n")
                .map((l) => `  ${l}`),
        ].join("\n");
        const { inlinePolicy } = yaml.load(stackFile) as { inlinePolicy: string };
        assert.deepEqual(JSON.parse(inlinePolicy), DOCUMENT);
        settings.permissionSets!.ReadOnly.inlinePolicy = inlinePolicy;
        assert.deepEqual(settingsProblems(settings, { stackFile: "Pulumi.test.yaml" }).map(formatProblem), []);
        (settings.permissionSets!.ReadOnly as { inlinePolicy: unknown }).inlinePolicy = structuredClone(DOCUMENT);
        assert.deepEqual(settingsProblems(settings, { stackFile: "Pulumi.test.yaml" }).map(formatProblem), []);
    });

    it("inlinePolicyJson refuses what is not a policy document", () => {
        assert.equal(inlinePolicyJson({ Version: "2012-10-17", Statement: [] }), '{"Version":"2012-10-17","Statement":[]}');
        assert.throws(() => inlinePolicyJson([] as object), /a JSON object .* got a list/);
        assert.throws(() => inlinePolicyJson(null as unknown as object), TypeError);
        assert.throws(() => inlinePolicyJson("{}" as unknown as object), TypeError);
    });
});
