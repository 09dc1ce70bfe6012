import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import * as packLimits from "../policy/limits";
import { enforcementLevelOf, policyConfigOf, toEngineValue } from "../policy/runner";
import { snapshot, UNKNOWN, UNKNOWN_SENTINELS } from "../policy/unknowns";
import { createResourceValidationArgs, runPackOverResources } from "./harness/policyHarness";
import { federationStack, T } from "./harness/policyStacks";

describe("policy/runner: runPackOverResources", () => {
    const naive: ResourceValidationPolicy = {
        name: "naive",
        description: "reads a prop without guarding against unknowns",
        enforcementLevel: "mandatory",
        validateResource: (args, report) => {
            if (args.props.url !== "ok") report(`url is ${args.props.url}`);
        },
    };
    const stackCounter: StackValidationPolicy = {
        name: "stack-counter",
        description: "reports the resources it sees and how they are linked",
        configSchema: { properties: { greeting: { type: "string", default: "hello" } } },
        validateStack: (args, report) => {
            const cfg = args.getConfig<{ greeting: string }>();
            for (const r of args.resources) {
                report(
                    `${cfg.greeting} ${r.name} parent=${r.parent?.name ?? "-"} deps=${r.dependencies.map((d) => d.name).join(",")} ` +
                        `url-deps=${(r.propertyDependencies.url ?? []).map((d) => d.name).join(",")}`,
                    r.urn,
                );
            }
        },
    };
    const resources = [
        { type: "x:index:Parent", name: "parent", urn: "urn:p", props: {} },
        {
            type: "x:index:Child",
            name: "child",
            urn: "urn:c",
            parent: "urn:p",
            dependencies: ["urn:p"],
            propertyDependencies: { url: ["urn:p"] },
            inputs: { url: "ok" },
            state: { url: "bad" },
        },
    ];

    it("runs resource policies on inputs and stack policies on state, with levels and config", async () => {
        const records = await runPackOverResources(resources, { "stack-counter": { greeting: "hi" } }, { policies: [naive, stackCounter] });
        assert.deepEqual(records, [
            { policy: "naive", message: "url is undefined", urn: "urn:p", enforcementLevel: "mandatory", kind: "violation" },
            {
                policy: "stack-counter",
                message: "hi parent parent=- deps= url-deps=",
                urn: "urn:p",
                enforcementLevel: "advisory",
                kind: "violation",
            },
            {
                policy: "stack-counter",
                message: "hi child parent=parent deps=parent url-deps=parent",
                urn: "urn:c",
                enforcementLevel: "advisory",
                kind: "violation",
            },
        ]);
        const defaults = await runPackOverResources(resources.slice(1), {}, { policies: [stackCounter] });
        assert.match(defaults[0].message, /^hello child/);
    });

    it("honours config enforcement levels: string form, object form, disabled, remediate", async () => {
        assert.deepEqual(
            await runPackOverResources(
                resources,
                { naive: "disabled", "stack-counter": { enforcementLevel: "disabled" } },
                { policies: [naive, stackCounter] },
            ),
            [],
        );
        const remediate = await runPackOverResources(resources.slice(0, 1), { naive: "remediate" }, { policies: [naive] });
        assert.equal(remediate[0].enforcementLevel, "mandatory");
        assert.equal(enforcementLevelOf({ name: "p" }, { all: "mandatory" }), "mandatory");
        assert.equal(enforcementLevelOf({ name: "p", enforcementLevel: "advisory" }, { all: "mandatory" }), "mandatory");
        assert.equal(enforcementLevelOf({ name: "p", enforcementLevel: "mandatory" }, { all: "advisory", p: "disabled" }), "disabled");
        assert.equal(enforcementLevelOf({ name: "p" }, {}), "advisory");
        assert.equal(
            enforcementLevelOf({ name: "p", enforcementLevel: "advisory" }, { p: { enforcementLevel: "mandatory" } }),
            "mandatory",
        );
        assert.deepEqual(policyConfigOf(stackCounter, { "stack-counter": { enforcementLevel: "advisory", extra: 1 } }), {
            greeting: "hello",
            extra: 1,
        });
    });

    it("reports a policy that reads an unknown value the way the analyzer does (advisory preview skip)", async () => {
        const records = await runPackOverResources(
            [{ type: "x:index:R", name: "r", urn: "urn:r", props: { url: UNKNOWN } }],
            {},
            { policies: [naive] },
        );
        assert.equal(records.length, 1);
        assert.equal(records[0].kind, "preview-skip");
        assert.equal(records[0].enforcementLevel, "advisory");
        assert.match(records[0].message, /can't run policy 'naive' during preview: string value at \.url can't be known during preview/);
    });

    it("fails loudly, naming the policy, when a policy crashes", async () => {
        const crashing: StackValidationPolicy = {
            name: "crashing",
            description: "throws",
            validateStack: () => {
                throw new TypeError("boom");
            },
        };
        await assert.rejects(runPackOverResources([], {}, { policies: [crashing] }), /policy 'crashing': boom/);
    });

    it("accepts mock recordings: @pulumi/pulumi unknowns and secrets", async () => {
        assert.equal(toEngineValue(pulumi.unknown), UNKNOWN_SENTINELS.string);
        assert.deepEqual(
            toEngineValue({
                a: [pulumi.unknown, { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" }],
                b: undefined,
            }),
            { a: [UNKNOWN_SENTINELS.string, "s"] },
        );
        const recorded = federationStack().map((r) => ({ ...r, inputs: r.props, state: r.props, props: undefined }));
        recorded.find((r) => r.type === T.scimProvider)!.state!.compatibilityMode = pulumi.unknown;
        assert.deepEqual(await runPackOverResources(recorded), []);
    });
});

describe("policy/unknowns", () => {
    it("uses the same unknown sentinels as the policy SDK", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const proxy = require("@pulumi/policy/proxy");
        assert.deepEqual(UNKNOWN_SENTINELS, {
            boolean: proxy.unknownBooleanValue,
            number: proxy.unknownNumberValue,
            string: proxy.unknownStringValue,
            array: proxy.unknownArrayValue,
            asset: proxy.unknownAssetValue,
            archive: proxy.unknownArchiveValue,
            object: proxy.unknownObjectValue,
        });
    });

    it("snapshots proxied props: unknowns become the marker, known values stay, secrets unwrap", () => {
        const args = createResourceValidationArgs("x:index:R", {
            a: "known",
            b: UNKNOWN,
            list: ["x", UNKNOWN],
            nested: { c: UNKNOWN, d: 1 },
            secret: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" },
        });
        assert.throws(() => args.props.b, /can't be known during preview/);
        assert.deepEqual(snapshot(args.props), { a: "known", b: UNKNOWN, list: ["x", UNKNOWN], nested: { c: UNKNOWN, d: 1 }, secret: "s" });
    });
});

describe("policy/limits", () => {
    it("parses the ISO-8601 durations IAM Identity Center accepts", () => {
        for (const [d, seconds] of [
            ["PT1H", 3600],
            ["PT12H", 43200],
            ["PT8H30M", 30600],
            ["P1D", 86400],
            ["PT90M", 5400],
            ["-PT1H", -3600],
            ["PT1.5S", 1.5],
        ] as const) {
            assert.equal(packLimits.parseIsoDurationSeconds(d), seconds, d);
        }
        assert.equal(packLimits.parseIsoDurationSeconds("8h"), undefined);
    });

    it("recognises AWS endpoints without accepting look-alikes", () => {
        assert.ok(packLimits.AWS_SCIM_HOST.test("scim.eu-central-1.amazonaws.com"));
        assert.ok(packLimits.AWS_SCIM_HOST.test("scim.cn-north-1.amazonaws.com.cn"));
        assert.ok(!packLimits.AWS_SCIM_HOST.test("scim.eu-central-1.amazonaws.com.evil.example"));
        assert.ok(packLimits.AWS_ACS_URL.test("https://us-east-1.sso.signin.aws/platform/saml/acs/d4563f17-f40b-4e75-ab03-224b7162c54e"));
        assert.ok(!packLimits.AWS_ACS_URL.test("http://us-east-1.signin.aws.amazon.com/platform/saml/acs/x"));
        assert.ok(packLimits.ADMINISTRATOR_ACCESS_ARN.test("arn:aws-us-gov:iam::aws:policy/AdministratorAccess"));
        assert.ok(!packLimits.ADMINISTRATOR_ACCESS_ARN.test("arn:aws:iam::aws:policy/AdministratorAccess-Amplify"));
    });
});

describe("policy/runner: only what the analyzer passes (issue 15)", () => {
    const mismatch = { nameIdExpression: "return request.user.username", propertyDependencies: false } as const;

    it("hands policies no physical `id` (PolicyResource has none)", async () => {
        const { makePolicyResources } = await import("../policy/runner");
        const resources = makePolicyResources(federationStack().map((r) => ({ ...r, id: "physical-id" })));
        for (const r of resources) assert.equal(Object.prototype.hasOwnProperty.call(r, "id"), false, r.urn);
    });

    it("finds a NameID mismatch without propertyDependencies through the `<res>Id` outputs", async () => {
        const violations = await runPackOverResources(federationStack(mismatch));
        const mandatory = violations.filter((v) => v.policy === "saml-nameid-matches-scim-userName");
        assert.equal(mandatory.length, 1, JSON.stringify(violations));
        assert.equal(mandatory[0].enforcementLevel, "mandatory");
    });

    it("says not verifiable, never passes silently, when the reference cannot be resolved from what is passed", async () => {
        // No propertyDependencies and no ID in the outputs: only a physical `id`, which the analyzer never passes.
        const stack = federationStack(mismatch).map((r) => {
            const props = { ...(r.props ?? {}) };
            const own = Object.keys(props).find((k) => /^propertyMapping\w+Id$/.test(k));
            if (own === undefined) return r;
            const id = String(props[own]);
            delete props[own];
            return { ...r, props, id };
        });
        const violations = await runPackOverResources(stack);
        assert.equal(violations.filter((v) => v.policy === "saml-nameid-matches-scim-userName").length, 0, JSON.stringify(violations));
        const unverifiable = violations.filter((v) => v.policy === "identity-mappings-verifiable");
        assert.ok(unverifiable.length >= 1, JSON.stringify(violations));
        // Mandatory on request, as the pack's config allows.
        const strict = await runPackOverResources(stack, { "identity-mappings-verifiable": "mandatory" });
        assert.ok(strict.some((v) => v.policy === "identity-mappings-verifiable" && v.enforcementLevel === "mandatory"));
    });
});
