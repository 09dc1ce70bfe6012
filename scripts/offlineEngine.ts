import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
// eslint-disable-next-line @typescript-eslint/no-require-imports
const rpc = require("@pulumi/pulumi/runtime/rpc");

/**
 * The offline engine: a recording mock engine for `pulumi.runtime.setMocks`, used by the tests and by the
 * offline plan (`npm run plan`), in the style of pulumi-awsx's tests: every resource
 * registration and every invoke is captured with its token, name, inputs, parent and dependencies, and the
 * mock answers with realistic IDs (authentik provider IDs are integer strings, applications are identified
 * by slug and carry a uuid, permission sets have ARNs).
 */
export interface RecordedResource {
    type: string;
    name: string;
    inputs: any;
    custom: boolean;
    provider?: string;
    urn: string;
    parent: string;
    dependencies: string[];
    propertyDependencies: { [prop: string]: string[] };
    id?: string;
    state?: any;
    /** Position in the engine's event sequence when the registration completed (the resource then "exists"). */
    registeredAt?: number;
    /** The aliases as the SDK sent them: structured specs (empty fields: the resource's own) or whole URNs. */
    aliases: RecordedAlias[];
}

/** One alias of a registration. A spec's missing name/type/stack/project mean the resource's own; no parent field means its own parent. */
export interface RecordedAlias {
    urn?: string;
    name?: string;
    type?: string;
    stack?: string;
    project?: string;
    parentUrn?: string;
    noParent?: boolean;
}

export interface RecordedInvoke {
    token: string;
    args: any;
    provider?: string;
    /** Position in the engine's event sequence when the invoke was made. */
    calledAt: number;
}

export interface MockOptions {
    preview?: boolean;
    /** The mocked stack's name (what `pulumi.getStack()` returns); default "test". */
    stack?: string;
    /** Override or extend invoke answers by token; return undefined to fall back to the default. */
    invokes?: { [token: string]: (args: any) => any };
    /** Extra state for resources by type. */
    stateFor?: (type: string, name: string, inputs: any) => any;
}

export interface Recording {
    resources: RecordedResource[];
    invokes: RecordedInvoke[];
    errors: unknown[];
    /** Resources of one type (token). */
    ofType(type: string): RecordedResource[];
    /** The one resource with this logical name. */
    named(name: string): RecordedResource;
    invokesOf(token: string): RecordedInvoke[];
}

/** The SDK's signature key of secret values on the wire, and the value that marks a secret. */
export const SECRET_SIG: string = rpc.specialSigKey;
export function isSecretValue(v: any): boolean {
    return v !== null && typeof v === "object" && v[SECRET_SIG] === rpc.specialSecretSig;
}
export function unsecret(v: any): any {
    return isSecretValue(v) ? v.value : v;
}
/** A deep copy with every secret replaced by "[secret]": what may be shown or searched for leaks. */
export function withoutSecrets(v: any): any {
    if (isSecretValue(v)) return "[secret]";
    if (Array.isArray(v)) return v.map(withoutSecrets);
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, withoutSecrets(x)]));
    return v;
}

export const MOCK_INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-72236e90633f0325";
export const MOCK_IDENTITY_STORE_ID = "d-906752b26f";

function hex(text: string, n: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, n);
}
/** A deterministic Identity Center principal ID (UUID shape) for a display name or userName. */
export function mockPrincipalId(name: string): string {
    const h = hex(name, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
export function mockPermissionSetArn(psName: string): string {
    return `arn:aws:sso:::permissionSet/ssoins-72236e90633f0325/ps-${hex(psName, 16)}`;
}

const DEFAULT_INVOKES: { [token: string]: (args: any) => any } = {
    "authentik:index/getFlow:getFlow": (a) => ({
        id: `flow-${a.slug}`,
        slug: a.slug,
        name: a.slug,
        title: a.slug,
        designation: "authorization",
        authentication: "none",
    }),
    "authentik:index/getCertificateKeyPair:getCertificateKeyPair": (a) => ({
        id: `kp-${hex(a.name, 8)}`,
        name: a.name,
        certificateData: "",
        keyData: "",
        expiry: "",
        fingerprint1: "",
        fingerprint256: "",
        subject: "",
    }),
    "authentik:index/getGroup:getGroup": (a) => ({
        id: `akgroup-${a.name}`,
        name: a.name,
        numPk: 1,
        users: [],
        usersObjs: [],
        attributes: "{}",
        isSuperuser: false,
        parentName: "",
        parents: [],
    }),
    "authentik:index/getPropertyMappingProviderScim:getPropertyMappingProviderScim": (a) => ({
        id: `pm-${a.managed ?? a.name}`,
        ids: [],
        expression: "",
        managed: a.managed,
    }),
    "authentik:index/getPropertyMappingProviderSaml:getPropertyMappingProviderSaml": (a) => ({
        id: `pm-${a.managed ?? a.name}`,
        ids: [],
        expression: "",
        samlName: "",
        friendlyName: "",
        managed: a.managed,
    }),
    "authentik:index/getProviderSamlMetadata:getProviderSamlMetadata": (a) => ({
        id: String(a.providerId),
        providerId: a.providerId,
        // authentik's shape (MetadataProcessor): the IdP descriptor with its HTTP-POST single sign-on service.
        metadata:
            `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ` +
            `entityID="https://authentik.example.com/application/saml/${a.providerId}/">` +
            `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
            `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" ` +
            `Location="https://authentik.example.com/application/saml/provider-${a.providerId}/sso/binding/post/"/>` +
            `</md:IDPSSODescriptor></md:EntityDescriptor>`,
    }),
    "aws:ssoadmin/getInstances:getInstances": () => ({
        arns: [MOCK_INSTANCE_ARN],
        identityStoreIds: [MOCK_IDENTITY_STORE_ID],
        id: "eu-central-1",
        region: "eu-central-1",
    }),
    "aws:identitystore/getGroup:getGroup": (a) => {
        const dn = a.alternateIdentifier?.uniqueAttribute?.attributeValue;
        return {
            groupId: mockPrincipalId(`group:${dn}`),
            displayName: dn,
            identityStoreId: a.identityStoreId,
            id: mockPrincipalId(`group:${dn}`),
            externalIds: [],
            description: "",
        };
    },
    "aws:identitystore/getUser:getUser": (a) => {
        const un = a.alternateIdentifier?.uniqueAttribute?.attributeValue;
        return {
            userId: mockPrincipalId(`user:${un}`),
            userName: un,
            identityStoreId: a.identityStoreId,
            id: mockPrincipalId(`user:${un}`),
        };
    },
};

/** `{ providerSamlId: id }` for an authentik resource, nothing for others. */
function bridgedIdOutput(type: string, id: string): Record<string, string> {
    const m = /^authentik:index\/\w+:(\w+)$/.exec(type);
    return m ? { [`${m[1].charAt(0).toLowerCase()}${m[1].slice(1)}Id`]: id } : {};
}

let providerCounter = 0;
function idAndState(type: string, name: string, inputs: any): { id: string; state: any } {
    switch (type) {
        case "authentik:index/providerSaml:ProviderSaml":
        case "authentik:index/providerScim:ProviderScim": {
            // authentik provider IDs are integer primary keys rendered as strings.
            const id = String(40 + (++providerCounter % 1000));
            const extra = type.endsWith("ProviderSaml")
                ? { urlSsoPost: `https://authentik.example.com/application/saml/${inputs.name}/sso/binding/post/` }
                : {};
            return { id, state: { ...inputs, ...extra } };
        }
        case "authentik:index/application:Application":
            return { id: inputs.slug, state: { ...inputs, uuid: `appuuid-${inputs.slug}` } };
        case "aws:ssoadmin/permissionSet:PermissionSet": {
            const arn = mockPermissionSetArn(inputs.name);
            return { id: `${arn},${inputs.instanceArn}`, state: { ...inputs, arn } };
        }
        default:
            if (type.startsWith("pulumi-nodejs:dynamic:")) {
                // The SCIM principal wait: its provider would poll Identity Center; the mock answers at once.
                return { id: `wait-${name}`, state: { ...inputs, principalId: mockPrincipalId(`${inputs.kind}:${inputs.name}`) } };
            }
            return { id: `${name}-id`, state: inputs };
    }
}

/**
 * Runs `program` under fresh mocks and waits until every registration and invoke has settled.
 * Errors thrown by the program itself propagate; errors inside outputs are collected in `errors`.
 */
export async function record(program: () => unknown, options: MockOptions = {}): Promise<Recording & { result: any }> {
    const resources: RecordedResource[] = [];
    const invokes: RecordedInvoke[] = [];
    const errors: unknown[] = [];
    const states = new Map<string, any>();
    providerCounter = 0;
    let sequence = 0;

    await pulumi.runtime.setMocks(
        {
            newResource(args: pulumi.runtime.MockResourceArgs) {
                const answer = idAndState(args.type, args.name, args.inputs);
                const extra = options.stateFor?.(args.type, args.name, args.inputs) ?? {};
                // SDKv2-bridged authentik resources repeat their ID as the `<res>Id` output (authentik provider docs):
                // that, not a physical ID, is what the policy analyzer sees.
                const state = { ...answer.state, ...bridgedIdOutput(args.type, answer.id), ...extra };
                states.set(`${args.type}::${args.name}`, state);
                return { id: answer.id, state };
            },
            call(args: pulumi.runtime.MockCallArgs) {
                invokes.push({ token: args.token, args: args.inputs, provider: args.provider, calledAt: ++sequence });
                const custom = options.invokes?.[args.token]?.(args.inputs);
                if (custom !== undefined) return custom;
                const def = DEFAULT_INVOKES[args.token];
                if (!def) throw new Error(`mock: no answer for invoke ${args.token}`);
                return def(args.inputs);
            },
        },
        "aws-identity-center",
        options.stack ?? "test",
        options.preview ?? false,
    );

    // Wrap the mock monitor to see what MockResourceArgs hides: parent, dependencies and the URN.
    const monitor: any = pulumi.runtime.getMonitor();
    const originalRegister = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req: any, callback: any) => {
        const rec: RecordedResource = {
            type: req.getType(),
            name: req.getName(),
            inputs: rpc.deserializeProperties(req.getObject()),
            custom: req.getCustom(),
            provider: req.getProvider() || undefined,
            urn: "",
            parent: req.getParent(),
            dependencies: req.getDependenciesList(),
            propertyDependencies: {},
            aliases: (req.getAliasesList?.() ?? []).map((a: any): RecordedAlias => {
                if (a.hasSpec && !a.hasSpec()) return { urn: a.getUrn() };
                const spec = a.getSpec();
                const out: RecordedAlias = {};
                if (spec.getName()) out.name = spec.getName();
                if (spec.getType()) out.type = spec.getType();
                if (spec.getStack()) out.stack = spec.getStack();
                if (spec.getProject()) out.project = spec.getProject();
                if (spec.getParenturn()) out.parentUrn = spec.getParenturn();
                if (spec.getNoparent()) out.noParent = true;
                return out;
            }),
        };
        const pd = req.getPropertydependenciesMap();
        pd.forEach((v: any, k: string) => {
            rec.propertyDependencies[k] = v.getUrnsList();
        });
        resources.push(rec);
        return originalRegister(req, (err: any, resp: any) => {
            if (resp) {
                rec.urn = resp.getUrn();
                rec.id = resp.getId() || undefined;
                rec.state = states.get(`${rec.type}::${rec.name}`);
                rec.registeredAt = ++sequence;
            }
            callback(err, resp);
        });
    };
    const onRejection = (reason: unknown) => errors.push(reason);
    process.on("unhandledRejection", onRejection);
    let result: any;
    try {
        result = await program();
        await settle();
    } finally {
        process.off("unhandledRejection", onRejection);
    }

    return {
        result,
        resources,
        invokes,
        errors,
        ofType: (type) => resources.filter((r) => r.type === type),
        named: (name) => {
            const found = resources.filter((r) => r.name === name);
            if (found.length !== 1)
                throw new Error(`expected one resource named ${name}, found ${found.length}: ${resources.map((r) => r.name).join(", ")}`);
            return found[0];
        },
        invokesOf: (token) => invokes.filter((i) => i.token === token),
    };
}

/** Waits until the SDK's RPC queue is empty (all registrations, invokes and outputs resolved). */
export async function settle(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings");
    await settings.waitForRPCs();
    // Outputs may resolve one tick after the last RPC; drain the microtask/macrotask queues a few times.
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** Resolves an Output's value (undefined when unknown during preview). */
export function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) =>
        o.apply((v) => {
            resolve(v);
            return v;
        }),
    );
}

/** Resolves an Output's value and its secretness. */
export async function valueAndSecret<T>(o: pulumi.Output<T>): Promise<{ value: T; secret: boolean }> {
    const secret = await (o as any).isSecret;
    const value = await valueOf(o);
    return { value, secret };
}
