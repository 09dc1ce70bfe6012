/**
 * Policy pack config (`--policy-pack-config`, the plan's `--policy-config`) checked the way the Pulumi engine checks
 * it before any policy runs (Pulumi docs, "Configuring policy packs"): every entry is an enforcement level or an
 * object with an optional `enforcementLevel`; levels are `advisory`, `mandatory`, `remediate` or `disabled`; each
 * policy's entry is validated against the policy's `configSchema` as a JSON schema of an object (here with ajv; the
 * engine uses a Go JSON-schema library, so schema `pattern`s must also be valid RE2: tests/policy-config.spec.ts).
 *
 * Two checks go further than the engine, because a typo must not silently disable a check: an entry for a policy the
 * pack does not have, and a key a policy's schema does not list, are errors too (with the nearest known name).
 *
 * All problems are reported at once, each with the field, the value, the rule and a fix.
 */
import Ajv, { ErrorObject } from "ajv";
import type { EnforcementLevel, Policies, PolicyConfigSchema, PolicyPackConfig } from "@pulumi/policy";

export const ENFORCEMENT_LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

export class PolicyPackConfigError extends Error {
    constructor(
        readonly source: string,
        readonly problems: string[],
    ) {
        super(`Invalid policy pack config (${source}), no policy was run:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
        this.name = "PolicyPackConfigError";
    }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validators = new WeakMap<object, ReturnType<typeof ajv.compile>>();

function shown(v: unknown): string {
    const text = JSON.stringify(v) ?? String(v);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
    const row = Array.from({ length: b.length + 1 }, (_, i) => i);
    for (let i = 1; i <= a.length; i++) {
        let prev = row[0];
        row[0] = i;
        for (let j = 1; j <= b.length; j++) {
            const cur = row[j];
            row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
            prev = cur;
        }
    }
    return row[b.length];
}

function nearest(name: string, known: readonly string[]): string {
    const best = [...known].sort((x, y) => distance(name, x) - distance(name, y))[0];
    return best !== undefined && distance(name, best) <= Math.max(2, Math.floor(name.length / 3)) ? `; did you mean "${best}"?` : "";
}

/** The JSON schema the engine validates one policy's entry against: an object of the schema's properties. */
function entrySchema(schema: PolicyConfigSchema | undefined): object {
    return {
        type: "object",
        properties: { ...(schema?.properties ?? {}), enforcementLevel: { type: "string", enum: ENFORCEMENT_LEVELS } },
        ...(schema?.required && schema.required.length > 0 ? { required: schema.required } : {}),
    };
}

function validatorOf(policy: { configSchema?: PolicyConfigSchema }) {
    const key = policy.configSchema ?? policy;
    let v = validators.get(key);
    if (v === undefined) {
        v = ajv.compile(entrySchema(policy.configSchema));
        validators.set(key, v);
    }
    return v;
}

function describeError(policy: string, entry: Record<string, unknown>, e: ErrorObject, schema: PolicyConfigSchema | undefined): string {
    const field = e.instancePath.replace(/^\//, "").replace(/\//g, ".");
    const top = field.split(".")[0];
    const where = field ? `${policy}.${field}` : policy;
    const value = field
        ? field.split(".").reduce<unknown>((o, k) => (o && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined), entry)
        : entry;
    const prop = top && schema?.properties ? (schema.properties as Record<string, { description?: string }>)[top] : undefined;
    const fix =
        top === "enforcementLevel"
            ? `use one of ${ENFORCEMENT_LEVELS.map((l) => `"${l}"`).join(", ")}`
            : prop?.description
              ? `expected: ${prop.description}`
              : "correct the value";
    if (e.keyword === "required") {
        return (
            `${policy}: "${(e.params as { missingProperty: string }).missingProperty}" ` +
            `is required by the policy's config schema. Fix: set it`
        );
    }
    return `${where} = ${shown(value)}: ${e.message ?? "invalid"} (JSON schema rule "${e.keyword}"). Fix: ${fix}`;
}

/**
 * Checks `config` (parsed JSON) against `policies`; returns every problem (empty: valid). `source` names the file
 * in messages.
 */
export function policyPackConfigProblems(config: unknown, policies: Policies): string[] {
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        return [
            `the config is ${shown(config)}: it must be a JSON object of policy name → enforcement level or ` +
                `settings. Fix: e.g. {"all": "mandatory", "permission-set-limits": {"maxSessionDuration": "PT8H"}}`,
        ];
    }
    const byName = new Map(policies.map((p) => [p.name, p]));
    const known = ["all", ...byName.keys()];
    const problems: string[] = [];
    for (const [name, entry] of Object.entries(config as Record<string, unknown>)) {
        const policy = byName.get(name);
        if (name !== "all" && policy === undefined) {
            problems.push(
                `"${name}" is not a policy of this pack, so its setting would be ` +
                    `ignored${nearest(name, known)} Fix: use one of ${known.map((k) => `"${k}"`).join(", ")}`,
            );
            continue;
        }
        if (typeof entry === "string") {
            if (!ENFORCEMENT_LEVELS.includes(entry as EnforcementLevel)) {
                problems.push(
                    `${name} = ${shown(entry)}: not an enforcement level${nearest(entry, ENFORCEMENT_LEVELS)} ` +
                        `Fix: use one of ${ENFORCEMENT_LEVELS.map((l) => `"${l}"`).join(", ")}`,
                );
            }
            continue;
        }
        if (entry === null || typeof entry !== "object" || Array.isArray(entry)) {
            problems.push(
                `${name} = ${shown(entry)}: must be an enforcement level or an object of settings. ` +
                    `Fix: e.g. "${name}": "mandatory" or "${name}": {"enforcementLevel": "mandatory"}`,
            );
            continue;
        }
        const record = entry as Record<string, unknown>;
        const schema = policy?.configSchema;
        const allowed = ["enforcementLevel", ...Object.keys(name === "all" ? {} : (schema?.properties ?? {}))];
        const settingsOf = name === "all" ? '"all" (only enforcementLevel)' : `policy ${name}`;
        const choices = allowed.map((a) => `"${a}"`).join(", ");
        for (const k of Object.keys(record)) {
            if (!allowed.includes(k))
                problems.push(
                    `${name}.${k} = ${shown(record[k])}: not a setting of ${settingsOf}${nearest(k, allowed)} Fix: use one of ${choices}`,
                );
        }
        const validate = validatorOf(policy ?? {});
        if (!validate(record)) {
            for (const e of validate.errors ?? []) {
                if (e.keyword === "additionalProperties") continue;
                problems.push(describeError(name, record, e, schema));
            }
        }
    }
    return problems;
}

/** Throws {@link PolicyPackConfigError} with every problem of `config`. */
export function assertValidPolicyPackConfig(config: unknown, policies: Policies, source = "policy pack config"): PolicyPackConfig {
    const problems = policyPackConfigProblems(config, policies);
    if (problems.length > 0) throw new PolicyPackConfigError(source, problems);
    return config as PolicyPackConfig;
}

/** Line and column (1-based) of a character offset. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, offset).split("\n");
    return { line: before.length, column: before[before.length - 1].length + 1 };
}

/**
 * Offset of the first JSON syntax error in `text` (V8 does not always say where: `Unexpected token '}', ... is not
 * valid JSON`). A small recursive-descent reader of JSON's grammar, used only after JSON.parse has failed.
 */
export function jsonErrorOffset(text: string): number {
    let i = 0;
    const ws = () => {
        while (i < text.length && " \t\n\r".includes(text[i])) i++;
    };
    const fail = (): never => {
        throw i;
    };
    const literal = (word: string) => (text.startsWith(word, i) ? (i += word.length) : fail());
    const str = () => {
        if (text[i] !== '"') fail();
        i++;
        while (i < text.length && text[i] !== '"') {
            if (text.charCodeAt(i) < 0x20) fail();
            if (text[i] === "\\") {
                i++;
                if (text[i] === "u") {
                    if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
                    i += 4;
                } else if (!'"\\/bfnrt'.includes(text[i] ?? "x")) fail();
            }
            i++;
        }
        if (i >= text.length) fail();
        i++;
    };
    const value = (depth: number): void => {
        if (depth > 512) fail();
        ws();
        const c = text[i];
        if (c === "{" || c === "[") {
            const close = c === "{" ? "}" : "]";
            i++;
            ws();
            if (text[i] === close) {
                i++;
                return;
            }
            for (;;) {
                if (c === "{") {
                    ws();
                    str();
                    ws();
                    if (text[i] !== ":") fail();
                    i++;
                }
                value(depth + 1);
                ws();
                if (text[i] === ",") i++;
                else if (text[i] === close) {
                    i++;
                    return;
                } else fail();
            }
        }
        if (c === '"') return str();
        if (c === "t") return void literal("true");
        if (c === "f") return void literal("false");
        if (c === "n") return void literal("null");
        const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
        if (!m) fail();
        i += m![0].length;
    };
    try {
        value(0);
        ws();
        if (i < text.length) fail();
    } catch (at) {
        if (typeof at === "number") return at;
        throw at;
    }
    return text.length;
}

/** Parses the text of a config file; malformed JSON names the file, line and column. */
export function parsePolicyPackConfig(text: string, file: string, policies: Policies): PolicyPackConfig {
    let data: unknown;
    try {
        data = text.trim() === "" ? {} : JSON.parse(text);
    } catch (e) {
        const message = (e as Error).message;
        const { line, column } = lineColumn(text, jsonErrorOffset(text));
        const where = `line ${line}, column ${column}`;
        throw new PolicyPackConfigError(file, [
            `${file}: not valid JSON at ${where}: ${message
                .replace(/ in JSON at position \d+.*$/, "")
                .replace(/\s*\(line \d+ column \d+\)/, "")
                .replace(/, ".*" is not valid JSON$/s, "")}. Fix: correct the JSON there`,
        ]);
    }
    return assertValidPolicyPackConfig(data, policies, file);
}
