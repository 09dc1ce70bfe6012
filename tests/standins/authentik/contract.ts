/**
 * authentik's published API contract, as the `@goauthentik/api` 2026.5.6 npm package ships it: its OpenAPI
 * `schema.yml` (validated with ajv) and its generated models' `instanceOfX` / `XFromJSON`. Used by the stand-in's
 * spec to check every response, and usable by any test that wants to check what it reads or writes.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as authentikApi from "@goauthentik/api";
import Ajv, { type ValidateFunction } from "ajv";
import * as yaml from "js-yaml";

type Schema = Record<string, unknown>;
interface Operation {
    parameters?: { name?: string; in?: string; $ref?: string }[];
    responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
}
export interface OpenApi {
    paths: Record<string, Record<string, Operation>>;
    components: {
        schemas: Record<string, Schema & { properties?: Record<string, Schema>; required?: string[] }>;
        parameters: Record<string, { name: string }>;
    };
}

let cached: Contract | undefined;

export class Contract {
    readonly spec: OpenApi;
    private readonly ajv: Ajv;
    private readonly validators = new Map<string, ValidateFunction>();
    private readonly templates: { template: string; regex: RegExp }[];

    constructor() {
        const file = path.join(path.dirname(require.resolve("@goauthentik/api/package.json")), "schema.yml");
        this.spec = yaml.load(fs.readFileSync(file, "utf8")) as OpenApi;
        // OpenAPI 3.0 `nullable` is an ajv keyword; formats are not checked (no ajv-formats dependency).
        this.ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
        this.ajv.addSchema(
            { $id: "authentik.json", components: { schemas: openApiNullable(this.spec.components.schemas) } },
            "authentik.json",
        );
        this.templates = Object.keys(this.spec.paths)
            // Literal segments before parameters: `/providers/saml/import_metadata/` wins over `/providers/saml/{id}/`.
            .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
            .map((template) => ({ template, regex: new RegExp(`^${template.replace(/\{[^}]+\}/g, "[^/]+")}$`) }));
    }

    /** The path template of an API path (`/providers/saml/3/` → `/providers/saml/{id}/`), or undefined. */
    template(apiPath: string): string | undefined {
        const p = apiPath.startsWith("/") ? apiPath : `/${apiPath}`;
        return this.templates.find((t) => t.regex.test(p))?.template;
    }

    operation(method: string, apiPath: string): Operation | undefined {
        const t = this.template(apiPath);
        return t ? this.spec.paths[t][method.toLowerCase()] : undefined;
    }

    /** The query parameter names an operation declares (components parameters resolved). */
    queryParameters(method: string, apiPath: string): string[] {
        return (this.operation(method, apiPath)?.parameters ?? [])
            .map((p) => (p.$ref ? this.spec.components.parameters[p.$ref.split("/").pop()!] : p) as { name: string; in?: string })
            .filter((p) => p.in === undefined || p.in === "query")
            .map((p) => p.name);
    }

    /** The schema name of the response body for (method, path, status); `undefined` for no body (e.g. 204). */
    responseSchema(method: string, apiPath: string, status: number): string | undefined {
        const op = this.operation(method, apiPath);
        if (!op) return undefined;
        if (status === 403 || status === 404) return "GenericError";
        if (status === 400) return "ValidationError";
        const ref = Object.values(op.responses[String(status)]?.content ?? {})[0]?.schema?.$ref;
        return ref?.split("/").pop();
    }

    private validator(schemaName: string): ValidateFunction {
        let v = this.validators.get(schemaName);
        if (!v) {
            v = this.ajv.compile({ $ref: `authentik.json#/components/schemas/${schemaName}` });
            this.validators.set(schemaName, v);
        }
        return v;
    }

    /**
     * Problems of one response: its operation must exist in the schema, its body must validate against the declared
     * schema, and the body (and each item of a paginated list) must pass the generated model's `instanceOfX`
     * and `XFromJSON`. Returns an empty list when it conforms.
     */
    check(method: string, apiPath: string, status: number, body: unknown): string[] {
        const where = `${method} /api/v3/${apiPath.replace(/^\//, "")} → ${status}`;
        if (!this.operation(method, apiPath)) return [`${where}: no such operation in schema.yml`];
        const name = this.responseSchema(method, apiPath, status);
        if (name === undefined) return body === undefined ? [] : [`${where}: schema.yml declares no body, got one`];
        const problems: string[] = [];
        const v = this.validator(name);
        if (!v(body)) problems.push(...(v.errors ?? []).map((e) => `${where}: ${name}${e.instancePath} ${e.message}`));
        problems.push(...modelProblems(name, body).map((p) => `${where}: ${p}`));
        if (name.startsWith("Paginated")) {
            const item = (this.spec.components.schemas[name].properties?.results as { items?: { $ref?: string } })?.items?.$ref
                ?.split("/")
                .pop();
            ((body as { results?: unknown[] }).results ?? []).forEach((r, i) =>
                problems.push(...modelProblems(item!, r).map((p) => `${where}: results[${i}] ${p}`)),
            );
        }
        return problems;
    }
}

/**
 * OpenAPI 3.0's `nullable: true` beside `allOf`/`$ref` (no `type`) → `anyOf` with `null`, the one form ajv cannot
 * read as is; `nullable` enums gain `null`.
 */
function openApiNullable(node: unknown): unknown {
    if (Array.isArray(node)) return node.map(openApiNullable);
    if (typeof node !== "object" || node === null) return node;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(node)) out[k] = openApiNullable(v);
    if (out.nullable === true && out.type === undefined) {
        delete out.nullable;
        return { anyOf: [out, { type: "null" }] };
    }
    if (out.nullable === true && Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
    return out;
}

/** `instanceOfX(XFromJSON(json))` of @goauthentik/api for one object. */
export function modelProblems(model: string, value: unknown): string[] {
    const api = authentikApi as unknown as Record<string, ((v: unknown) => unknown) | undefined>;
    const instanceOf = api[`instanceOf${model}`];
    const fromJson = api[`${model}FromJSON`];
    if (!instanceOf || !fromJson) return [`@goauthentik/api has no model ${model}`];
    if (typeof value !== "object" || value === null) return [`${model}: not an object`];
    // XFromJSON maps the wire names (snake_case) onto the model's; instanceOfX then checks the required ones.
    let parsed: unknown;
    try {
        parsed = fromJson(value);
    } catch (e) {
        return [`${model}FromJSON threw: ${(e as Error).message}`];
    }
    return instanceOf(parsed) === true ? [] : [`instanceOf${model}(${model}FromJSON(body)) is false (a required field is missing)`];
}

/** The parsed contract (schema.yml takes ~1 s to parse: once per process). */
export function authentikContract(): Contract {
    cached ??= new Contract();
    return cached;
}
