/**
 * STAND-IN for the `terraform-provider` plugin 1.1.3 (pulumi-terraform-bridge's dynamic provider) parameterized with
 * `goauthentik/authentik` 2026.5.0, i.e. for terraform-provider-authentik behind the bridge.
 *
 * Why: the Go module proxy refuses both `goauthentik.io/terraform-provider-authentik@v2026.5.0` and
 * `github.com/pulumi/pulumi-terraform-bridge/dynamic@v1.1.3` ("403 Forbidden … This module version is not
 * available", see scripts/e2e/toolchain.sh and vendor/authentik/README.md), so neither can be built here.
 *
 * What stays real: `vendor/authentik` as shipped registers its parameterized package with the engine
 * (`RegisterPackage` → the engine calls this plugin's `Parameterize` with the SDK's base64 parameter and gets back
 * `authentik` 2026.5.0, exactly as with the bridge); resources and invokes then arrive under the `authentik:index/*`
 * tokens. The engine attaches to this process with `PULUMI_DEBUG_PROVIDERS=terraform-provider:<port>`.
 *
 * What it does per token, from tests/fixtures/authentik-sdk-2026.5.json (the 2026.5.0 schema: Pulumi property →
 * Terraform attribute, types, defaults, secrets, the `<res>Id` property SDKv2 resources get): Check applies the
 * schema defaults, auto-names `name` like the bridge (`<resource name>-<7 random hex>`, kept on update) and rejects
 * missing required inputs; Create/Read/Update/Delete send the Terraform attributes to authentik's REST API
 * (`/api/v3/…`, the endpoints terraform-provider-authentik's resource_*.go call) and return every schema property,
 * the ID property included; secret inputs stay secret in outputs (`token`). Invokes map to the list/detail endpoints
 * the provider's data sources use. Provider config (`authentik:url`, `authentik:token`) comes from Configure.
 * Simplified: every input change updates in place (authentik's objects are all updatable by PUT/PATCH, the
 * Terraform schema marks none of these ForceNew), no import, no `pulumi refresh` drift detection beyond Read.
 */
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import * as provider from "@pulumi/pulumi/provider";

interface Prop {
    tf: string;
    type: string;
    required?: boolean;
    default?: unknown;
    secret?: boolean;
    computed?: boolean;
    autoName?: boolean;
}
interface ResourceSchema {
    token: string;
    tf: string;
    idProperty: string;
    inputs: Record<string, Prop>;
}
interface FunctionSchema {
    token: string;
    tf: string;
    args: Record<string, Prop>;
    result: Record<string, Prop>;
}
const SCHEMA: {
    resources: Record<string, ResourceSchema>;
    functions: Record<string, FunctionSchema>;
    pulumiPackage: { parameterJson: string };
} = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "fixtures", "authentik-sdk-2026.5.json"), "utf8"));
const PACKAGE = { name: "authentik", version: "2026.5.0" };
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_VALUE = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Where each Terraform resource lives in authentik's API, and the field its ID is. */
const ENDPOINTS: Record<string, { path: string; id: string }> = {
    authentik_provider_saml: { path: "providers/saml", id: "pk" },
    authentik_provider_scim: { path: "providers/scim", id: "pk" },
    authentik_application: { path: "core/applications", id: "slug" },
    authentik_property_mapping_provider_saml: { path: "propertymappings/provider/saml", id: "pk" },
    authentik_property_mapping_provider_scim: { path: "propertymappings/provider/scim", id: "pk" },
    authentik_policy_binding: { path: "policies/bindings", id: "pk" },
};
/** Terraform attribute → API field where they differ (terraform-provider-authentik resource_application.go). */
const API_FIELD: Record<string, Record<string, string>> = { authentik_application: { protocol_provider: "provider" } };
/** Computed Terraform attributes read from another API field (resource_application.go: `uuid` is the app's pk). */
const COMPUTED_FROM: Record<string, Record<string, string>> = { authentik_application: { uuid: "pk" } };

const config = { url: process.env.AUTHENTIK_URL ?? "", token: process.env.AUTHENTIK_TOKEN ?? "" };

/** Plain JSON (protobuf Structs take no `undefined`). */
const json = <T>(v: T): T => JSON.parse(JSON.stringify(v ?? {}));
const isSecret = (v: any) => v !== null && typeof v === "object" && v[SECRET_SIG] === SECRET_VALUE;
const reveal = (v: any) => (isSecret(v) ? v.value : v);
const secret = (value: unknown) => ({ [SECRET_SIG]: SECRET_VALUE, value });

async function api(method: string, apiPath: string, body?: unknown): Promise<any> {
    if (!config.url) throw new Error("authentik: the provider's url is not configured (pulumi config set authentik:url …)");
    const res = await fetch(`${config.url.replace(/\/+$/, "")}/api/v3/${apiPath}`, {
        method,
        headers: { authorization: `Bearer ${config.token}`, "content-type": "application/json", accept: "application/json" },
        body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`authentik API ${method} /api/v3/${apiPath}: HTTP ${res.status} ${text.slice(0, 500)}`);
    return text ? JSON.parse(text) : {};
}

function resourceSchema(urn: string): ResourceSchema {
    const token = urn.split("::")[2].split("$").pop()!;
    const found = Object.values(SCHEMA.resources).find((r) => r.token === token);
    if (!found) throw new Error(`the authentik stand-in does not implement ${token}`);
    return found;
}

/** Pulumi inputs → the Terraform/API body (secrets revealed, computed attributes left out). */
function toBody(schema: ResourceSchema, inputs: any): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    const rename = API_FIELD[schema.tf] ?? {};
    for (const [k, p] of Object.entries(schema.inputs)) {
        if (p.computed || !Object.hasOwn(inputs, k) || k === "metaIcon") continue;
        body[Object.hasOwn(rename, p.tf) ? rename[p.tf] : p.tf] = reveal(inputs[k]);
    }
    if (schema.tf === "authentik_property_mapping_provider_saml") body.saml_name = reveal(inputs.samlName);
    return body;
}

/** Every schema property in the outputs: inputs (with defaults), computed ones from the API object. */
function toOutputs(schema: ResourceSchema, id: string, inputs: any, obj: any): Record<string, unknown> {
    const outs: Record<string, unknown> = {};
    for (const [k, p] of Object.entries(schema.inputs)) {
        if (k === schema.idProperty) outs[k] = id;
        else if (p.computed) outs[k] = obj?.[COMPUTED_FROM[schema.tf]?.[p.tf] ?? p.tf] ?? "";
        else if (Object.hasOwn(inputs, k)) outs[k] = p.secret && !isSecret(inputs[k]) ? secret(inputs[k]) : inputs[k];
    }
    return outs;
}

async function save(schema: ResourceSchema, id: string | undefined, inputs: any): Promise<{ id: string; outs: any }> {
    const ep = ENDPOINTS[schema.tf];
    const body = toBody(schema, inputs);
    const obj = id === undefined ? await api("POST", `${ep.path}/`, body) : await api("PUT", `${ep.path}/${id}/`, body);
    const newId = String(obj[ep.id]);
    if (schema.tf === "authentik_application" && inputs.metaIcon !== undefined) {
        // The provider sets an icon URL through its own endpoint (resource_application.go: SetIconUrl).
        await api("POST", `${ep.path}/${newId}/set_icon_url/`, { url: reveal(inputs.metaIcon) });
    }
    return { id: newId, outs: toOutputs(schema, newId, inputs, obj) };
}

const invokes: Record<string, (args: any) => Promise<any>> = {
    async "authentik:index/getFlow:getFlow"(a) {
        const q = new URLSearchParams();
        for (const k of ["slug", "designation", "authentication"]) if (a[k] !== undefined) q.set(k, a[k]);
        const flow = one((await api("GET", `flows/instances/?${q}`)).results, `flow ${JSON.stringify(a)}`);
        return {
            authentication: flow.authentication,
            designation: flow.designation,
            id: flow.pk,
            name: flow.name,
            slug: flow.slug,
            title: flow.title,
        };
    },
    async "authentik:index/getGroup:getGroup"(a) {
        const includeUsers = a.includeUsers ?? true;
        const g =
            a.pk !== undefined
                ? await api("GET", `core/groups/${a.pk}/?include_users=${includeUsers}`)
                : one(
                      (await api("GET", `core/groups/?name=${encodeURIComponent(a.name)}&include_users=${includeUsers}`)).results,
                      `group ${a.name}`,
                  );
        if (!g) throw new Error(`authentik: group ${a.pk} not found`);
        return {
            attributes: JSON.stringify(g.attributes ?? {}),
            id: g.pk,
            includeUsers,
            isSuperuser: g.is_superuser ?? false,
            name: g.name,
            numPk: g.num_pk,
            parentName: g.parent_name ?? "",
            parents: g.parents ?? [],
            pk: g.pk,
            users: includeUsers ? (g.users ?? []) : [],
            usersObjs: includeUsers ? (g.users_obj ?? []) : [],
        };
    },
    async "authentik:index/getCertificateKeyPair:getCertificateKeyPair"(a) {
        const kp = one(
            (await api("GET", `crypto/certificatekeypairs/?name=${encodeURIComponent(a.name)}`)).results,
            `certificate key pair ${a.name}`,
        );
        const fetchCertificate = a.fetchCertificate ?? true;
        const fetchKey = a.fetchKey ?? true;
        const cert = fetchCertificate ? (await api("GET", `crypto/certificatekeypairs/${kp.pk}/view_certificate/`)).data : "";
        const key = fetchKey ? (await api("GET", `crypto/certificatekeypairs/${kp.pk}/view_private_key/`)).data : "";
        return {
            certificateData: cert,
            expiry: kp.cert_expiry ?? "",
            fetchCertificate,
            fetchKey,
            fingerprint1: kp.fingerprint_sha1 ?? "",
            fingerprint256: kp.fingerprint_sha256 ?? "",
            id: kp.pk,
            keyData: secret(key),
            name: kp.name,
            subject: kp.cert_subject ?? "",
        };
    },
    async "authentik:index/getPropertyMappingProviderSaml:getPropertyMappingProviderSaml"(a) {
        return mappingLookup("saml", a);
    },
    async "authentik:index/getPropertyMappingProviderScim:getPropertyMappingProviderScim"(a) {
        return mappingLookup("scim", a);
    },
    async "authentik:index/getProviderSamlMetadata:getProviderSamlMetadata"(a) {
        let id = a.providerId;
        if (id === undefined)
            id = one((await api("GET", `providers/saml/?name=${encodeURIComponent(a.name)}`)).results, `SAML provider ${a.name}`).pk;
        const md = await api("GET", `providers/saml/${id}/metadata/?download=false`);
        if (!md) throw new Error(`authentik: SAML provider ${id} not found`);
        return { id: String(id), metadata: md.metadata, name: a.name ?? "", providerId: Number(id) };
    },
};

async function mappingLookup(kind: "saml" | "scim", a: any) {
    const base = `propertymappings/provider/${kind}/`;
    if (a.managedLists !== undefined) {
        const ids: string[] = [];
        for (const m of a.managedLists)
            ids.push(one((await api("GET", `${base}?managed=${encodeURIComponent(m)}`)).results, `${kind} mapping ${m}`).pk);
        return { id: "-1", ids, managedLists: a.managedLists };
    }
    const q = new URLSearchParams();
    if (a.managed !== undefined) q.set("managed", a.managed);
    if (a.name !== undefined) q.set("name", a.name);
    const m = one((await api("GET", `${base}?${q}`)).results, `${kind} property mapping ${JSON.stringify(a)}`);
    return {
        expression: m.expression,
        id: m.pk,
        ids: [m.pk],
        managed: m.managed ?? "",
        name: m.name,
        ...(kind === "saml" ? { friendlyName: m.friendly_name ?? "", samlName: m.saml_name } : {}),
    };
}

function one(results: any[] | undefined, what: string): any {
    if (!results || results.length === 0) throw new Error(`authentik: no ${what} found`);
    if (results.length > 1) throw new Error(`authentik: more than one ${what} found`);
    return results[0];
}

const standIn: provider.Provider = {
    version: "1.1.3",
    async parameterizeValue(name, version, value) {
        // The bridge accepts its parameter as the JSON the SDK recorded; the package it then serves is authentik.
        const parsed = JSON.parse(value);
        if (JSON.stringify(parsed) !== SCHEMA.pulumiPackage.parameterJson || name !== PACKAGE.name || version !== PACKAGE.version) {
            throw new Error(
                `the authentik stand-in serves only ${PACKAGE.name} ${PACKAGE.version} ` +
                    `(${SCHEMA.pulumiPackage.parameterJson}), got ${name} ${version} ${value}`,
            );
        }
        return PACKAGE;
    },
    async parameterizeArgs(args) {
        throw new Error(`the authentik stand-in serves only the recorded parameter, not arguments ${args.join(" ")}`);
    },
    async check(urn, olds, news) {
        const schema = resourceSchema(urn);
        const inputs: any = { ...news };
        const failures: provider.CheckFailure[] = [];
        for (const [k, p] of Object.entries(schema.inputs)) {
            if (!Object.hasOwn(inputs, k) && p.default !== undefined) inputs[k] = p.default;
            if (k === "name" && !Object.hasOwn(inputs, "name") && Object.hasOwn(schema.inputs.name ?? {}, "tf")) {
                inputs.name = olds?.name ?? `${urn.split("::").pop()}-${crypto.randomBytes(4).toString("hex").slice(0, 7)}`;
            }
            if (p.required && !Object.hasOwn(inputs, k))
                failures.push({
                    property: k,
                    reason: `Missing required argument: The argument "${p.tf}" is required, but no definition was found.`,
                });
        }
        return { inputs, failures };
    },
    async diff(_id, urn, olds, news) {
        const schema = resourceSchema(urn);
        const changed = Object.keys(schema.inputs).filter(
            (k) =>
                !schema.inputs[k].computed &&
                (news[k] === UNKNOWN || JSON.stringify(reveal(olds[k]) ?? null) !== JSON.stringify(reveal(news[k]) ?? null)),
        );
        return { changes: changed.length > 0, replaces: [] };
    },
    async create(urn, inputs) {
        const { id, outs } = await save(resourceSchema(urn), undefined, inputs);
        return { id, outs: json(outs) };
    },
    async update(id, urn, _olds, news) {
        return { outs: json((await save(resourceSchema(urn), id, news)).outs) };
    },
    async read(id, urn, props) {
        const schema = resourceSchema(urn);
        const obj = await api("GET", `${ENDPOINTS[schema.tf].path}/${id}/`);
        return obj === undefined ? { id: "", props: {} } : { id, props: json(toOutputs(schema, id, props ?? {}, obj)) };
    },
    async delete(id, urn) {
        await api("DELETE", `${ENDPOINTS[resourceSchema(urn).tf].path}/${id}/`);
    },
    async invoke(token, args) {
        if (!Object.hasOwn(invokes, token)) throw new Error(`the authentik stand-in does not implement the invoke ${token}`);
        return { outputs: json(await invokes[token](args)) };
    },
};

/**
 * The SDK's provider server answers Configure without handing the variables to the implementation; the bridge reads
 * `url` and `token` from them. Wrap the service's configure handler to read them first.
 */
function captureConfigure(): void {
    const grpcPath = require.resolve("@grpc/grpc-js", { paths: [path.dirname(require.resolve("@pulumi/pulumi/package.json"))] });
    // The very module instance the SDK's provider server uses (a copy under another path would not be patched).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const grpc = require(grpcPath);
    const addService = grpc.Server.prototype.addService;
    grpc.Server.prototype.addService = function (service: any, impl: any) {
        const configure = impl.configure?.bind(impl);
        if (configure) {
            impl.configure = (call: any, cb: any) => {
                const args = call.request.getArgs()?.toJavaScript() ?? {};
                const vars = Object.fromEntries(call.request.getVariablesMap().entries());
                config.url = reveal(args.url) ?? vars["authentik:config:url"] ?? vars["authentik:url"] ?? config.url;
                config.token = reveal(args.token) ?? vars["authentik:config:token"] ?? vars["authentik:token"] ?? config.token;
                configure(call, cb);
            };
        }
        return addService.call(this, service, impl);
    };
}

captureConfigure();
void provider.main(standIn, process.argv.slice(2));
