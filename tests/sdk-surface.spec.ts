// Checks the local @pulumi/authentik subset (vendor/authentik) against the 2026.5.0 reference surface
// (tests/fixtures/authentik-sdk-2026.5.json, a copy of the shared reference): statically, by reading the
// TypeScript interfaces with the compiler API (names, types, `?`), and at runtime under Pulumi mocks (tokens,
// secrets, required-property errors, package parameterization).
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import * as pulumi from "@pulumi/pulumi";
import * as authentik from "../vendor/authentik";

const SDK_DIR = path.join(__dirname, "..", "vendor", "authentik");
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "authentik-sdk-2026.5.json"), "utf8"));
const SDK_PACKAGE_JSON = JSON.parse(fs.readFileSync(path.join(SDK_DIR, "package.json"), "utf8"));
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

interface FieldSpec {
    type: string;
    tsType?: string;
    required?: boolean;
    optional?: boolean;
    secret?: boolean;
    outputOptional?: boolean;
}
type Fields = Record<string, FieldSpec>;
interface ResourceSpec {
    token: string;
    inputs: Fields;
    outputs: string[];
}
interface FunctionSpec {
    token: string;
    argsOptional: boolean;
    args: Fields;
    result: Fields;
    types?: Record<string, Fields>;
}

const RESOURCES: Record<string, ResourceSpec> = FIXTURE.resources;
const FUNCTIONS: Record<string, FunctionSpec> = FIXTURE.functions;

const lowerFirst = (s: string) => s[0].toLowerCase() + s.slice(1);
const upperFirst = (s: string) => s[0].toUpperCase() + s.slice(1);

// ---------------------------------------------------------------------------------------------------------------
// Static side: TypeScript declarations → canonical member descriptions.

interface Member {
    optional: boolean; // has `?`
    type: string; // canonical type: Input/Output wrappers and `undefined` removed
    allowsUndefined: boolean; // `undefined` appears in the (possibly wrapped) union
}

function canon(node: ts.TypeNode, sf: ts.SourceFile): string {
    if (ts.isParenthesizedTypeNode(node)) {
        return canon(node.type, sf);
    }
    if (ts.isTypeReferenceNode(node)) {
        const name = node.typeName.getText(sf);
        if ((name === "pulumi.Input" || name === "pulumi.Output") && node.typeArguments?.length === 1) {
            return canon(node.typeArguments[0], sf);
        }
        return name;
    }
    if (ts.isUnionTypeNode(node)) {
        const parts = node.types.filter((t) => t.kind !== ts.SyntaxKind.UndefinedKeyword).map((t) => canon(t, sf));
        return [...new Set(parts)].sort().join(" | ");
    }
    if (ts.isArrayTypeNode(node)) {
        return canon(node.elementType, sf) + "[]";
    }
    if (ts.isTypeLiteralNode(node) && node.members.length === 1 && ts.isIndexSignatureDeclaration(node.members[0])) {
        const sig = node.members[0];
        return `{[key: ${canon(sig.parameters[0].type!, sf)}]: ${canon(sig.type, sf)}}`;
    }
    return node.getText(sf);
}

function allowsUndefined(node: ts.TypeNode): boolean {
    if (ts.isParenthesizedTypeNode(node)) {
        return allowsUndefined(node.type);
    }
    if (ts.isTypeReferenceNode(node) && node.typeArguments?.length === 1) {
        return allowsUndefined(node.typeArguments[0]);
    }
    return ts.isUnionTypeNode(node) && node.types.some((t) => t.kind === ts.SyntaxKind.UndefinedKeyword);
}

function member(name: ts.PropertyName, type: ts.TypeNode | undefined, q: boolean, sf: ts.SourceFile): [string, Member] {
    assert.ok(type, `member ${name.getText(sf)} has no type annotation`);
    return [name.getText(sf), { optional: q, type: canon(type, sf), allowsUndefined: allowsUndefined(type) }];
}

interface Declarations {
    interfaces: Map<string, Map<string, Member>>;
    classProps: Map<string, Map<string, Member>>; // `declare public readonly` properties per class
    functions: Map<string, ts.FunctionDeclaration>;
    source: ts.SourceFile;
}

const declCache = new Map<string, Declarations>();
function declarations(file: string): Declarations {
    const cached = declCache.get(file);
    if (cached) {
        return cached;
    }
    const full = path.join(SDK_DIR, file);
    const sf = ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true);
    const d: Declarations = { interfaces: new Map(), classProps: new Map(), functions: new Map(), source: sf };
    for (const st of sf.statements) {
        if (ts.isInterfaceDeclaration(st)) {
            d.interfaces.set(
                st.name.text,
                new Map(st.members.filter(ts.isPropertySignature).map((m) => member(m.name, m.type, !!m.questionToken, sf))),
            );
        } else if (ts.isClassDeclaration(st) && st.name) {
            d.classProps.set(
                st.name.text,
                new Map(
                    st.members
                        .filter(ts.isPropertyDeclaration)
                        .filter((m) => !(ts.getCombinedModifierFlags(m) & ts.ModifierFlags.Static))
                        .map((m) => member(m.name, m.type, !!m.questionToken, sf)),
                ),
            );
        } else if (ts.isFunctionDeclaration(st) && st.name) {
            d.functions.set(st.name.text, st);
        }
    }
    declCache.set(file, d);
    return d;
}

/** Canonical form of a reference type ("string[]", or tsType for objects) by parsing it like the SDK source. */
function expectedType(spec: FieldSpec): string {
    const text = spec.type === "object" ? spec.tsType! : spec.type;
    const sf = ts.createSourceFile("expected.ts", `type X = ${text};`, ts.ScriptTarget.ES2022, true);
    return canon((sf.statements[0] as ts.TypeAliasDeclaration).type, sf);
}

type Requiredness = (name: string, spec: FieldSpec) => boolean;

/**
 * Every difference between declared members and the reference: missing, extra, wrong type, wrong `?`.
 * `nullable` (optional) says whether `undefined` must (true) or must not (false) appear inside the type.
 */
function compareMembers(
    label: string,
    actual: Map<string, Member> | undefined,
    expected: Fields,
    required: Requiredness,
    nullable?: (name: string, spec: FieldSpec) => boolean,
): string[] {
    if (!actual) {
        return [`${label}: not declared`];
    }
    const problems: string[] = [];
    for (const [name, spec] of Object.entries(expected)) {
        const m = actual.get(name);
        if (!m) {
            problems.push(`${label}.${name}: missing`);
            continue;
        }
        const want = expectedType(spec);
        if (m.type !== want) {
            problems.push(`${label}.${name}: type ${m.type}, reference ${want}`);
        }
        if (m.optional === required(name, spec)) {
            problems.push(
                `${label}.${name}: ${m.optional ? "optional" : "required"}, reference ${required(name, spec) ? "required" : "optional"}`,
            );
        }
        if (nullable && m.allowsUndefined !== nullable(name, spec)) {
            problems.push(
                `${label}.${name}: ${m.allowsUndefined ? "allows" : "excludes"} ` +
                    `undefined, reference ${nullable(name, spec) ? "allows" : "excludes"} it`,
            );
        }
    }
    for (const name of actual.keys()) {
        if (!(name in expected)) {
            problems.push(`${label}.${name}: not in the reference`);
        }
    }
    return problems;
}

const isRequired: Requiredness = (_n, s) => !!s.required;
const neverRequired: Requiredness = () => false;
const resultRequired: Requiredness = (_n, s) => !s.optional;
const alwaysPresent: Requiredness = () => true; // class properties and nested output types carry no `?`

function resourceProblems(name: string, spec: ResourceSpec): string[] {
    const d = declarations(`${lowerFirst(name)}.ts`);
    const outputs: Fields = { ...spec.inputs };
    for (const o of spec.outputs) {
        outputs[o] = { type: "string" };
    }
    return [
        ...compareMembers(`${name}Args`, d.interfaces.get(`${name}Args`), spec.inputs, isRequired),
        ...compareMembers(`${name}State`, d.interfaces.get(`${name}State`), spec.inputs, neverRequired),
        // Output<T | undefined> exactly for Optional-only TF fields (outputOptional), Output<T> otherwise.
        ...compareMembers(name, d.classProps.get(name), outputs, alwaysPresent, (_n, s) => !!s.outputOptional),
    ];
}

function functionProblems(fn: string, spec: FunctionSpec): string[] {
    const d = declarations(`${fn}.ts`);
    const Up = upperFirst(fn);
    const problems = [
        ...compareMembers(`${Up}Args`, d.interfaces.get(`${Up}Args`), spec.args, isRequired),
        ...compareMembers(`${Up}OutputArgs`, d.interfaces.get(`${Up}OutputArgs`), spec.args, isRequired),
        ...compareMembers(`${Up}Result`, d.interfaces.get(`${Up}Result`), spec.result, resultRequired),
    ];
    for (const f of [fn, `${fn}Output`]) {
        const decl = d.functions.get(f);
        if (!decl) {
            problems.push(`${f}: not declared`);
            continue;
        }
        const argsParam = decl.parameters[0];
        if (!!argsParam?.questionToken !== spec.argsOptional) {
            problems.push(`${f}: args ${argsParam?.questionToken ? "optional" : "required"}, reference argsOptional=${spec.argsOptional}`);
        }
    }
    for (const [typeName, fields] of Object.entries(spec.types ?? {})) {
        const out = declarations(path.join("types", "output.ts"));
        problems.push(...compareMembers(`outputs.${typeName}`, out.interfaces.get(typeName), fields, alwaysPresent));
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------------------
// Runtime side: Pulumi mocks that record what the SDK sends.

interface Recorded {
    type: string;
    name: string;
    inputs: any;
    id?: string;
}
const created: Recorded[] = [];
const calls: { token: string; inputs: any }[] = [];
const registrations: pulumi.runtime.RegisterPackageArgs[] = [];

function sample(spec: FieldSpec, name: string): unknown {
    switch (spec.type) {
        case "string":
            return `v-${name}`;
        case "number":
            return 7;
        case "boolean":
            return true;
        case "string[]":
            return [`v-${name}`];
        case "number[]":
            return [7];
        case "object":
            return { k: "v" };
        default:
            throw new Error(`no sample for ${spec.type}`);
    }
}
function sampleArgs(fields: Fields, omit?: string): Record<string, unknown> {
    return Object.fromEntries(
        Object.entries(fields)
            .filter(([n]) => n !== omit)
            .map(([n, s]) => [n, sample(s, n)]),
    );
}
function settle<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        o.apply((v) => {
            resolve(v);
            return v;
        }),
    );
}
const isSecretWrapper = (v: unknown) => typeof v === "object" && v !== null && SECRET_SIG in v;

const resourceClass = (name: string): any => (authentik as any)[name];
const fnImpl = (name: string): any => (authentik as any)[name];

// The runtime module object, whose registerPackage the SDK's utilities.getPackage() calls at call time.
const runtimeModule: { registerPackage: typeof pulumi.runtime.registerPackage } = require("@pulumi/pulumi/runtime");

describe("@pulumi/authentik subset surface (vendor/authentik vs 2026.5.0 reference)", () => {
    let originalRegisterPackage: typeof pulumi.runtime.registerPackage;

    before(() => {
        // setMocks is process-global: set ours at the start of this suite, and record everything we need.
        pulumi.runtime.setMocks(
            {
                newResource: (args: pulumi.runtime.MockResourceArgs) => {
                    created.push({ type: args.type, name: args.name, inputs: args.inputs, id: args.id });
                    return { id: args.id ?? `${args.name}-id`, state: args.inputs };
                },
                call: (args: pulumi.runtime.MockCallArgs) => {
                    calls.push({ token: args.token, inputs: args.inputs });
                    return { id: "fn-id" };
                },
            },
            "sdk-surface",
            "test",
            false,
        );
        originalRegisterPackage = runtimeModule.registerPackage;
        runtimeModule.registerPackage = (args) => {
            registrations.push(args);
            return originalRegisterPackage(args);
        };
    });
    after(() => {
        runtimeModule.registerPackage = originalRegisterPackage;
    });

    it("the fixture lists the 6 resources and 6 functions of the subset", () => {
        assert.deepEqual(Object.keys(RESOURCES).sort(), [
            "Application",
            "PolicyBinding",
            "PropertyMappingProviderSaml",
            "PropertyMappingProviderScim",
            "ProviderSaml",
            "ProviderScim",
        ]);
        assert.deepEqual(Object.keys(FUNCTIONS).sort(), [
            "getCertificateKeyPair",
            "getFlow",
            "getGroup",
            "getPropertyMappingProviderSaml",
            "getPropertyMappingProviderScim",
            "getProviderSamlMetadata",
        ]);
    });

    describe("static declarations (TypeScript compiler API)", () => {
        for (const [name, spec] of Object.entries(RESOURCES)) {
            it(`${name}: Args/State interfaces and Output properties match the reference inputs`, () => {
                assert.deepEqual(resourceProblems(name, spec), []);
            });
        }
        for (const [fn, spec] of Object.entries(FUNCTIONS)) {
            it(`${fn}: Args/OutputArgs/Result match the reference`, () => {
                assert.deepEqual(functionProblems(fn, spec), []);
            });
        }
        it("ProviderArgs matches the provider configuration of the reference", () => {
            const d = declarations("provider.ts");
            assert.deepEqual(
                compareMembers("ProviderArgs", d.interfaces.get("ProviderArgs"), FIXTURE.providerConfig.inputs, isRequired),
                [],
            );
        });
        it("config getters exist for every provider config key", () => {
            const keys = (FIXTURE.providerConfig.configKeys as string[]).map((k) => k.replace(/^authentik:/, "")).sort();
            assert.deepEqual(Object.keys(authentik.config).sort(), keys);
        });
    });

    describe("sanity: the static comparison detects deliberate mistakes", () => {
        const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
        it("flipped requiredness, wrong type, missing and extra inputs are all reported", () => {
            const spec = clone(RESOURCES.ProviderScim);
            spec.inputs.url.required = false; // SDK says required
            spec.inputs.syncPageSize.type = "string"; // SDK says number
            spec.inputs.filterGroup = { type: "string", required: false }; // removed in 2026.5
            delete spec.inputs.groupFilters; // SDK has it
            const problems = resourceProblems("ProviderScim", spec);
            for (const expected of [
                "ProviderScimArgs.url: required, reference optional",
                "ProviderScimArgs.syncPageSize: type number, reference string",
                "ProviderScimArgs.filterGroup: missing",
                "ProviderScimArgs.groupFilters: not in the reference",
                "ProviderScim.groupFilters: not in the reference",
            ]) {
                assert.ok(problems.includes(expected), `expected "${expected}" in ${JSON.stringify(problems)}`);
            }
        });
        it("output optionality, list element types and result optionality are reported", () => {
            const saml = clone(RESOURCES.ProviderSaml);
            saml.inputs.urlSsoPost.outputOptional = true; // SDK: Output<string>
            saml.inputs.propertyMappings.type = "number[]"; // SDK: string[]
            const p = resourceProblems("ProviderSaml", saml);
            assert.ok(p.includes("ProviderSaml.urlSsoPost: excludes undefined, reference allows it"), JSON.stringify(p));
            assert.ok(p.includes("ProviderSamlArgs.propertyMappings: type string[], reference number[]"), JSON.stringify(p));
            const group = clone(FUNCTIONS.getGroup);
            group.result.pk.optional = false;
            group.argsOptional = false;
            group.types!.GetGroupUsersObj.pk.type = "string";
            const g = functionProblems("getGroup", group);
            for (const expected of [
                "GetGroupResult.pk: optional, reference required",
                "getGroup: args optional, reference argsOptional=false",
                "outputs.GetGroupUsersObj.pk: type number, reference string",
            ]) {
                assert.ok(g.includes(expected), `expected "${expected}" in ${JSON.stringify(g)}`);
            }
        });
    });

    describe("runtime under mocks", () => {
        for (const [name, spec] of Object.entries(RESOURCES)) {
            it(`${name}: reaches newResource as ${spec.token} with every input, secrets wrapped`, async () => {
                const Cls = resourceClass(name);
                assert.equal(Cls.__pulumiType, spec.token);
                const res = new Cls(`full-${name}`, sampleArgs(spec.inputs));
                assert.ok(Cls.isInstance(res));
                await settle(res.urn);
                const rec = created.find((r) => r.name === `full-${name}`);
                assert.ok(rec, `newResource not called for ${name}`);
                assert.equal(rec.type, spec.token);
                assert.deepEqual(Object.keys(rec.inputs).sort(), Object.keys(spec.inputs).sort());
                for (const [input, s] of Object.entries(spec.inputs)) {
                    assert.equal(isSecretWrapper(rec.inputs[input]), !!s.secret, `${name}.${input} secret=${!!s.secret}`);
                }
            });
            for (const req of Object.keys(spec.inputs).filter((i) => spec.inputs[i].required)) {
                it(`${name}: a missing '${req}' throws naming it`, () => {
                    const Cls = resourceClass(name);
                    assert.throws(
                        () => new Cls(`missing-${name}-${req}`, sampleArgs(spec.inputs, req)),
                        (e: Error) => e.message === `Missing required property '${req}'`,
                    );
                });
            }
        }

        it("ProviderScim token arrives as a secret wrapper holding the plain value", async () => {
            const scim = new authentik.ProviderScim("scim-secret", { url: "https://scim.example", token: "s3cr3t" });
            await settle(scim.urn);
            const rec = created.find((r) => r.name === "scim-secret")!;
            assert.deepEqual(rec.inputs.token, { [SECRET_SIG]: "1b47061264138c4ac30d75fd1eb44270", value: "s3cr3t" });
            assert.equal(rec.inputs.url, "https://scim.example");
            assert.equal(await pulumi.isSecret(scim.token), true);
        });

        it("static get() reads an existing resource by id with the right token", async () => {
            const got = authentik.ProviderSaml.get("got-saml", "42");
            await settle(got.urn);
            const rec = created.find((r) => r.name === "got-saml")!;
            assert.equal(rec.type, RESOURCES.ProviderSaml.token);
            assert.equal(rec.id, "42");
        });

        it("the index module and package are registered for rehydration from URNs", () => {
            const mod = pulumi.runtime.getResourceModule("authentik", "index", FIXTURE.packageVersion);
            assert.ok(mod?.construct, "registerResourceModule(authentik, index) missing");
            const urn = "urn:pulumi:test::sdk-surface::authentik:index/application:Application::app";
            const app = mod.construct("app", RESOURCES.Application.token, urn);
            assert.ok(authentik.Application.isInstance(app));
            const pkg = pulumi.runtime.getResourcePackage("authentik", FIXTURE.packageVersion);
            assert.ok(pkg?.constructProvider, "registerResourcePackage(authentik) missing");
            assert.throws(() => mod.construct("x", "authentik:index/nope:Nope", urn), /unknown resource type/);
        });

        it("Provider registers as pulumi:providers:authentik with url/token required and secrets wrapped", async () => {
            const prov = new authentik.Provider("ak", { url: "https://ak.example", token: "tok", headers: { h: "v" } });
            await settle(prov.urn);
            const rec = created.find((r) => r.name === "ak")!;
            assert.equal(rec.type, FIXTURE.providerConfig.token);
            assert.ok(isSecretWrapper(rec.inputs.token));
            assert.ok(isSecretWrapper(rec.inputs.headers));
            assert.equal(rec.inputs.url, "https://ak.example");
            assert.throws(() => new authentik.Provider("ak2", { token: "t" } as any), /Missing required property 'url'/);
            assert.throws(() => new authentik.Provider("ak3", { url: "u" } as any), /Missing required property 'token'/);
        });

        for (const [fn, spec] of Object.entries(FUNCTIONS)) {
            it(`${fn}/${fn}Output: invoke ${spec.token} and pass every arg`, async () => {
                const args = sampleArgs(spec.args);
                calls.length = 0;
                await fnImpl(fn)(args);
                await settle(fnImpl(`${fn}Output`)(args));
                assert.equal(calls.length, 2);
                for (const c of calls) {
                    assert.equal(c.token, spec.token);
                    assert.deepEqual(Object.keys(c.inputs).sort(), Object.keys(spec.args).sort());
                }
            });
            if (spec.argsOptional) {
                it(`${fn}: may be called without args`, async () => {
                    calls.length = 0;
                    await fnImpl(fn)();
                    assert.equal(calls[0]?.token, spec.token);
                });
            }
        }

        it("getPackage registers terraform-provider parameterized as authentik 2026.5.0", async () => {
            registrations.length = 0;
            const { getPackage } = await import("../vendor/authentik/utilities");
            const ref = await getPackage();
            assert.equal(typeof ref, "string");
            assert.equal(registrations.length, 1);
            const r = registrations[0];
            assert.equal(r.baseProviderName, FIXTURE.pulumiPackage.baseProvider);
            assert.equal(r.baseProviderName, "terraform-provider");
            assert.equal(r.baseProviderVersion, SDK_PACKAGE_JSON.pulumi.version);
            assert.equal(r.baseProviderDownloadUrl, "");
            assert.equal(r.packageName, "authentik");
            assert.equal(r.packageVersion, FIXTURE.packageVersion);
            assert.equal(r.base64Parameter, FIXTURE.pulumiPackage.base64Parameter);
            assert.equal(Buffer.from(r.base64Parameter, "base64").toString("utf8"), FIXTURE.pulumiPackage.parameterJson);
        });

        it("every resource and invoke goes through getPackage (registrations are recorded)", async () => {
            registrations.length = 0;
            const b = new authentik.PolicyBinding("pb-reg", { target: "t", order: 0 });
            await settle(b.urn);
            await authentik.getFlow({ slug: "s" });
            assert.ok(registrations.length >= 2, `registerPackage called ${registrations.length} times`);
            assert.ok(registrations.every((r) => r.packageName === "authentik"));
        });
    });

    it("vendor/authentik/package.json carries the same parameterization as the generated one", () => {
        const p = SDK_PACKAGE_JSON;
        assert.equal(p.name, FIXTURE.pulumiPackage.npmName);
        assert.equal(p.version, FIXTURE.packageVersion);
        // No entry point: the subset is imported by relative path from the component, never resolved as a package.
        assert.equal(p.main, undefined);
        assert.equal(p.private, true);
        assert.equal(p.pulumi.resource, true);
        assert.equal(p.pulumi.name, FIXTURE.pulumiPackage.baseProvider);
        assert.match(p.pulumi.version, /^\d+\.\d+\.\d+$/);
        assert.equal(p.pulumi.parameterization.name, "authentik");
        assert.equal(p.pulumi.parameterization.version, FIXTURE.packageVersion);
        assert.equal(p.pulumi.parameterization.value, FIXTURE.pulumiPackage.base64Parameter);
        assert.equal(Buffer.from(p.pulumi.parameterization.value, "base64").toString("utf8"), FIXTURE.pulumiPackage.parameterJson);
    });
});
