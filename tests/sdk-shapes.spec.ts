import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { typeCheckAsConsumer } from "./harness/consumerTypeCheck";

/**
 * The component works with both shapes of the authentik SDK a consumer can have:
 *  - only the typed subset the package ships (vendor/authentik): the consumer imports nothing from @pulumi/authentik;
 *  - the full SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0` generates beside it,
 *    whose `Provider` the consumer passes to the component and whose data sources read the component's outputs.
 * A consumer's code written against the subset compiles unchanged against the full SDK.
 *
 * The full SDK cannot be generated here (no Pulumi CLI, no provider plugin): STAND-IN. `fullSdkDeclarations` writes
 * the declarations the generated SDK ships (`bin/index.d.ts`: classes extending pulumi.ProviderResource /
 * CustomResource, `<Name>Args` interfaces of `pulumi.Input`s, `get<X>` / `get<X>Output` functions) from the
 * provider's published schema for 2026.5.0 as recorded in tests/fixtures/authentik-sdk-2026.5.json (the contract
 * tests/sdk-surface.spec.ts checks the subset against), as separate classes: nothing of the subset's code is reused.
 */
const ROOT = path.join(__dirname, "..");
const FIXTURE = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "authentik-sdk-2026.5.json"), "utf8"));

interface Prop {
    type: string;
    tsType?: string;
    required?: boolean;
    secret?: boolean;
    optional?: boolean;
    outputOptional?: boolean;
}

function tsType(p: Prop, input: boolean): string {
    if (p.tsType) return p.tsType;
    const m = /^(\w+)\[\]$/.exec(p.type);
    if (m) return input ? `pulumi.Input<pulumi.Input<${m[1]}>[]>` : `${m[1]}[]`;
    return input ? `pulumi.Input<${p.type}>` : p.type;
}

function argsInterface(name: string, props: Record<string, Prop>): string {
    const fields = Object.entries(props).map(
        ([k, p]) => `    ${k}${p.required ? "" : "?"}: ${p.tsType ? `pulumi.Input<${p.tsType}>` : tsType(p, true)};`,
    );
    return `export interface ${name} {\n${fields.join("\n")}\n}`;
}

export function fullSdkDeclarations(): string {
    const out = ['import * as pulumi from "@pulumi/pulumi";'];
    out.push(argsInterface("ProviderArgs", FIXTURE.providerConfig.inputs));
    out.push(
        `export declare class Provider extends pulumi.ProviderResource {\n    static isInstance(obj: any): ` +
            `obj is Provider;\n    constructor(name: string, args: ProviderArgs, opts?: pulumi.ResourceOptions);\n}`,
    );
    for (const [name, r] of Object.entries(FIXTURE.resources as Record<string, { inputs: Record<string, Prop> }>)) {
        const required = Object.values(r.inputs).some((p) => p.required);
        const outputs = Object.entries(r.inputs).map(
            ([k, p]) => `    readonly ${k}: pulumi.Output<${tsType(p, false)}${p.outputOptional ? " | undefined" : ""}>;`,
        );
        out.push(argsInterface(`${name}Args`, r.inputs));
        out.push(
            `export declare class ${name} extends pulumi.CustomResource {\n    static isInstance(obj: ` +
                `any): obj is ${name};\n${outputs.join("\n")}\n    constructor(name: string, ` +
                `args${required ? "" : "?"}: ${name}Args, opts?: pulumi.CustomResourceOptions);\n}`,
        );
    }
    for (const [name, f] of Object.entries(
        FIXTURE.functions as Record<string, { args: Record<string, Prop>; result: Record<string, Prop>; argsOptional?: boolean }>,
    )) {
        const Name = name.charAt(0).toUpperCase() + name.slice(1);
        const plainArgs = Object.entries(f.args).map(([k, p]) => `    ${k}${p.required ? "" : "?"}: ${tsType(p, false)};`);
        const result = Object.entries(f.result).map(([k, p]) => `    readonly ${k}${p.optional ? "?" : ""}: ${tsType(p, false)};`);
        const q = f.argsOptional ? "?" : "";
        out.push(`export interface ${Name}Args {\n${plainArgs.join("\n")}\n}`);
        out.push(argsInterface(`${Name}OutputArgs`, f.args));
        out.push(`export interface ${Name}Result {\n${result.join("\n")}\n}`);
        out.push(`export declare function ${name}(args${q}: ${Name}Args, opts?: pulumi.InvokeOptions): Promise<${Name}Result>;`);
        out.push(
            `export declare function ${name}Output(args${q}: ${Name}OutputArgs, ` +
                `opts?: pulumi.InvokeOutputOptions): pulumi.Output<${Name}Result>;`,
        );
    }
    return out.join("\n\n") + "\n";
}

const ARGS = `{
    authentik: { applicationName: "AWS Console", applicationSlug: "aws-console", usersGroup: "aws-users" },
    identityCenter: {
        samlAcsUrl: "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/e4f71ab4-31d3-46cd-a105-2c2c38ec0032",
        samlAudience: "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-99677451d0",
        scimEndpoint: "https://scim.eu-central-1.amazonaws.com/Hw59fdecb43-083d-4307-b59f-ef4a9eb90ca6/scim/v2/",
        scimToken: pulumi.secret("scim-token"),
    },
    permissionSets: { ReadOnly: { managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"] } },
    assignments: [{ group: "aws-readers", permissionSet: "ReadOnly", accounts: ["111111111111"] }],
}`;

/** A consumer that has only the package: the component brings its authentik SDK subset along. */
const SUBSET_ONLY = `import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederation } from "aws-identity-center-authentik";
export const fed = new AwsIdentityCenterFederation("aws", ${ARGS});
`;

/** A consumer with @pulumi/authentik of its own: an explicit provider for the component and a data source of its own. */
const WITH_SDK =
    `import * as pulumi from "@pulumi/pulumi";
import * as authentik from "@pulumi/authentik";
import { AwsIdentityCenterFederation } from "aws-identity-center-authentik";
const provider = new authentik.Provider("authentik", { url: "https://authentik.example.com", token: pulumi.secret("t"), insecure: false });
const fed = new AwsIdentityCenterFederation("aws", ${ARGS}, { providers: { authentik: provider } });
const metadata = authentik.getProviderSamlMetadataOutput({ providerId: fed.samlProviderId.apply(Number) }, { provider });
export const idpMetadata: pulumi.Output<string> = metadata.metadata;
export const binding = new authentik.PolicyBinding("extra", { target: fed.applicationSlug, group: "group-uuid", order: 10 }, ` +
    `{ provider, dependsOn: [fed] });
`;

describe("the component with both shapes of the authentik SDK", function () {
    this.timeout(180000);

    it("compiles with the shipped subset alone, with the full generated SDK, and with the subset imported as @pulumi/authentik", () => {
        const dir = path.join(ROOT, "tests", "__sdk_shapes__");
        const full = path.join(dir, "full");
        const subset = path.join(dir, "subset");
        const files = new Map<string, string>([
            [path.join(dir, "only", "index.ts"), SUBSET_ONLY],
            [path.join(full, "index.ts"), WITH_SDK],
            [path.join(full, "node_modules", "@pulumi", "authentik", "index.d.ts"), fullSdkDeclarations()],
            [path.join(full, "broken.ts"), WITH_SDK.replace("insecure: false", "insecure: false, tokne: 1")],
            [path.join(subset, "index.ts"), WITH_SDK],
            [
                path.join(subset, "node_modules", "@pulumi", "authentik", "index.d.ts"),
                `export * from ${JSON.stringify(
                    path
                        .relative(path.join(subset, "node_modules", "@pulumi", "authentik"), path.join(ROOT, "vendor", "authentik"))
                        .split(path.sep)
                        .join("/"),
                )};\n`,
            ],
        ]);
        const roots = [
            path.join(dir, "only", "index.ts"),
            path.join(full, "index.ts"),
            path.join(subset, "index.ts"),
            path.join(full, "broken.ts"),
        ];
        const [only, withFull, withSubset, broken] = typeCheckAsConsumer(files, roots);
        assert.deepEqual(only, [], "subset only");
        assert.deepEqual(withFull, [], "with the full generated SDK");
        assert.deepEqual(withSubset, [], "with the subset as @pulumi/authentik");
        assert.ok(
            broken.some((d) => /tokne/.test(d)),
            `the full-SDK stand-in really types the provider's arguments: ${broken.join("; ")}`,
        );
    });

    it("the full-SDK stand-in declares every resource and function of the recorded schema", () => {
        const decl = fullSdkDeclarations();
        for (const name of [...Object.keys(FIXTURE.resources), "Provider"]) assert.match(decl, new RegExp(`export declare class ${name} `));
        for (const name of Object.keys(FIXTURE.functions)) assert.match(decl, new RegExp(`export declare function ${name}Output\\(`));
    });
});
