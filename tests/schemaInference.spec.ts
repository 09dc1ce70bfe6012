import { strict as assert } from "node:assert";
import * as path from "node:path";
import { ComponentProvider } from "@pulumi/pulumi/provider/experimental";
import { AwsIdentityCenterAssignments, AwsIdentityCenterFederation } from "../components";
import * as S from "../components/argsSchema";

/**
 * The public argument types must stay inside what Pulumi's schema inference supports (interfaces, `pulumi.Input`,
 * optional fields, string enums; no union other than `T | undefined`), so that a multi-language release
 * (PulumiPlugin.yaml + `componentProviderHost`) needs no breaking change. This runs Pulumi's own inference, the
 * `ComponentProvider.getSchema` that `componentProviderHost` serves (@pulumi/pulumi provider/experimental, offline: it
 * only reads TypeScript), over the package's entry point, and checks what it infers against the unknown-key table.
 */

const FIXTURES = path.join(__dirname, "fixtures", "schema-inference");
/** The package name `__pulumiType` tokens start with. */
const PACKAGE = "aws-identity-center";

interface PropertySpec {
    type?: string;
    $ref?: string;
    description?: string;
    items?: PropertySpec;
    additionalProperties?: PropertySpec;
}
interface ObjectTypeSpec {
    type: string;
    properties?: { [name: string]: PropertySpec };
    required?: string[];
    enum?: { name: string; value: string; description?: string }[];
}
interface PackageSchema {
    resources: {
        [token: string]: {
            inputProperties: { [name: string]: PropertySpec };
            requiredInputs: string[];
            properties: { [name: string]: PropertySpec };
            description?: string;
        };
    };
    types: { [token: string]: ObjectTypeSpec };
}

async function inferSchema(dir: string, components: ComponentProvider["options"]["components"], name = PACKAGE): Promise<PackageSchema> {
    return JSON.parse(await new ComponentProvider({ components, dirname: dir, name }).getSchema()) as PackageSchema;
}

const ref = (type: string) => `#/types/${PACKAGE}:index:${type}`;

/** Every description found in a property tree, with where it was. */
function descriptions(props: { [name: string]: PropertySpec }, where: string): [string, string | undefined][] {
    return Object.entries(props).map(([k, v]) => [`${where}.${k}`, v.description]);
}

describe("Pulumi schema inference over the public argument types", function () {
    this.timeout(240000);
    let schema: PackageSchema;

    before(async () => {
        schema = await inferSchema(FIXTURES, [AwsIdentityCenterFederation, AwsIdentityCenterAssignments]);
    });

    it("infers both components under their stable __pulumiType tokens", () => {
        assert.deepEqual(
            Object.keys(schema.resources).sort(),
            [AwsIdentityCenterAssignments.__pulumiType, AwsIdentityCenterFederation.__pulumiType].sort(),
        );
    });

    it("infers exactly the arguments the unknown-key table knows, object by object", () => {
        const federation = schema.resources[AwsIdentityCenterFederation.__pulumiType];
        assert.deepEqual(Object.keys(federation.inputProperties).sort(), Object.keys(fieldsOf(S.FEDERATION_ARGS)).sort());
        assert.deepEqual(federation.requiredInputs, ["authentik", "identityCenter"]);
        const tables: [string, S.Shape][] = [
            ["AuthentikArgs", S.AUTHENTIK],
            ["IdentityCenterArgs", S.IDENTITY_CENTER],
            ["PermissionSetArgs", S.PERMISSION_SET],
            ["CustomerManagedPolicyReference", S.CUSTOMER_MANAGED_POLICY_REFERENCE],
            ["PermissionsBoundary", S.PERMISSIONS_BOUNDARY],
            ["AssignmentArgs", S.ASSIGNMENT],
            ["PrincipalIdsArgs", S.PRINCIPAL_IDS],
            ["PrincipalWaitArgs", S.PRINCIPAL_WAIT],
        ];
        for (const [type, table] of tables) {
            const inferred = schema.types[`${PACKAGE}:index:${type}`];
            assert.ok(inferred?.properties, `type ${type} is inferred as an object`);
            assert.deepEqual(Object.keys(inferred.properties).sort(), Object.keys(fieldsOf(table)).sort(), type);
        }
    });

    it("has the reshaped fields: inline policy as JSON text, one boundary object, string enums", () => {
        const t = (name: string) => schema.types[`${PACKAGE}:index:${name}`];
        assert.deepEqual(t("PermissionSetArgs").properties!.inlinePolicy.type, "string");
        assert.equal(t("PermissionSetArgs").properties!.permissionsBoundary.$ref, ref("PermissionsBoundary"));
        // Exactly one of the two is a rule the component checks; to the schema both are optional.
        assert.deepEqual(t("PermissionsBoundary").required, []);
        assert.equal(t("PermissionsBoundary").properties!.customerManagedPolicy.$ref, ref("CustomerManagedPolicyReference"));
        assert.equal(
            schema.resources[AwsIdentityCenterFederation.__pulumiType].inputProperties.identityAttribute.$ref,
            ref("IdentityAttribute"),
        );
        assert.equal(t("IdentityAttribute").type, "string");
        assert.deepEqual(
            t("IdentityAttribute").enum!.map(({ name, value }) => [name, value]),
            [
                ["Email", "email"],
                ["Username", "username"],
            ],
        );
        assert.deepEqual(
            t("PrincipalType").enum!.map((e) => e.value),
            ["GROUP", "USER"],
        );
        assert.equal(t("AccessMatrixRow").properties!.principalType.$ref, ref("PrincipalType"));
        // The secrets stay Inputs (not plain), so another language can pass a secret Output.
        assert.equal((t("IdentityCenterArgs").properties!.scimToken as { plain?: boolean }).plain, undefined);
    });

    it("infers no loose or internal types: no Any, no resource class as a type", () => {
        const text = JSON.stringify(schema);
        assert.doesNotMatch(text, /pulumi\.json#\/Any/);
        assert.deepEqual(
            Object.keys(schema.types).filter((k) => /:(Resource|ComponentResource|CustomResource)$/.test(k)),
            [],
        );
    });

    it("documents every input, output, type and enum value", () => {
        const all: [string, string | undefined][] = [];
        for (const [token, r] of Object.entries(schema.resources)) {
            all.push(
                [token, r.description],
                ...descriptions(r.inputProperties, `${token} input`),
                ...descriptions(r.properties, `${token} output`),
            );
        }
        for (const [token, t] of Object.entries(schema.types)) {
            all.push(...descriptions(t.properties ?? {}, token));
            for (const e of t.enum ?? []) all.push([`${token}.${e.name}`, e.description]);
        }
        // A {@link} in a doc comment reaches the schema as "[object Object]": write names in backticks instead.
        const bad = all.filter(([, d]) => d === undefined || d.trim() === "" || d.includes("[object Object]")).map(([w]) => w);
        assert.deepEqual(bad, []);
    });

    it("refuses a union (negative control: the 0.1.x inlinePolicy shape)", async () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const { WithUnion } = require("./fixtures/schema-inference/union") as typeof import("./fixtures/schema-inference/union");
        await assert.rejects(
            inferSchema(path.join(FIXTURES, "union"), [WithUnion], "schema-fixture"),
            /Union types are not supported for .*'WithUnionArgs\.inlinePolicy'/,
        );
    });
});

function fieldsOf(shape: S.Shape): { readonly [key: string]: S.Shape } {
    assert.equal(shape.kind, "object");
    return (shape as { fields: { [key: string]: S.Shape } }).fields;
}
