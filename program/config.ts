import * as pulumi from "@pulumi/pulumi";
import { FEDERATION_ARGS, Shape } from "../components/argsSchema";
import { validateFederationArgs } from "../components/federation";
import { formatProblem, Problem } from "../components/problems";
import { nearestKey } from "../components/unknownKeys";
import { argsFromSettings, FederationSettings, PROJECT, SCIM_TOKEN_KEY, SETTINGS_KEY } from "./settings";

// The SDK's own test for "this config key holds a secret" (it reads the secret keys the engine passes to the
// program); exported by @pulumi/pulumi's runtime/config module but not declared in its typings.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { isConfigSecret } = require("@pulumi/pulumi/runtime/config") as { isConfigSecret(key: string): boolean };

/** A missing or malformed stack config value: every problem names the key, the value, the rule and the fix. */
export class ConfigError extends Error {
    /** The problems, each formatted as one line. */
    readonly problems: string[];
    constructor(
        readonly details: Problem[],
        stackFile?: string,
    ) {
        const problems = details.map(formatProblem);
        super(
            `Stack configuration${stackFile ? ` (${stackFile})` : ""} has ${problems.length} ` +
                `problem${problems.length === 1 ? "" : "s"}:\n${problems.map((p, i) => `  ${i + 1}. ${p}`).join("\n")}`,
        );
        this.name = "ConfigError";
        this.problems = problems;
    }
}

/** The config keys of this project's namespace the program reads. */
const KNOWN_KEYS = [SETTINGS_KEY, SCIM_TOKEN_KEY];

const REQUIRED: { path: string; example: string; what: string }[] = [
    { path: "authentik.applicationName", example: "'AWS Console'", what: "the authentik application's name" },
    { path: "authentik.applicationSlug", example: "aws-console", what: "the authentik application's slug" },
    { path: "authentik.usersGroup", example: "aws-users", what: "the authentik group allowed to sign in and provisioned to AWS" },
    {
        path: "identityCenter.scimEndpoint",
        example: "https://scim.<region>.amazonaws.com/<tenant>/scim/v2/",
        what: "the IAM Identity Center SCIM endpoint",
    },
];

function isObject(v: unknown): v is { [key: string]: unknown } {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function typeName(v: unknown): string {
    return v === null
        ? "null"
        : Array.isArray(v)
          ? "a list"
          : isObject(v)
            ? "a mapping"
            : typeof v === "string"
              ? "a string"
              : `a ${typeof v}`;
}

function get(obj: unknown, path: string): unknown {
    return path.split(".").reduce<unknown>((o, k) => (isObject(o) && Object.hasOwn(o, k) ? o[k] : undefined), obj);
}

function join(base: string, key: string | number): string {
    return typeof key === "number"
        ? `${base}[${key}]`
        : /^[A-Za-z_$][\w$]*$/.test(key)
          ? `${base}.${key}`
          : `${base}[${JSON.stringify(key)}]`;
}

/**
 * Mappings and lists where the arguments need them. A wrong one is reported here and left out of the copy the
 * component validates (so no validator meets a string where it expects a mapping); its own problems are then the
 * ones said here.
 */
function containerProblems(value: unknown, shape: Shape, field: string, out: Problem[]): unknown {
    if (shape.kind === "value" || value === undefined) return value;
    if (shape.kind === "list") {
        if (!Array.isArray(value)) {
            out.push({
                field,
                value,
                rule: `must be a list (a YAML sequence), got ${typeName(value)}`,
                fix: `write it as a list, one "- item" per line, or remove ${field}`,
            });
            return undefined;
        }
        return value.map((item, i) => containerProblems(item, shape.of, join(field, i), out));
    }
    if (!isObject(value)) {
        const what =
            shape.kind === "map" ? "a mapping of names to settings" : `a mapping with the keys ${Object.keys(shape.fields).join(", ")}`;
        out.push({
            field,
            value,
            rule: `must be ${what}, got ${typeName(value)}`,
            fix: `indent its keys under ${field.split(".").pop()}: (see Pulumi.prod.yaml), or remove ${field}`,
        });
        return undefined;
    }
    // fromEntries defines own properties: a "__proto__" key stays a key (and an unknown one), never a prototype.
    return Object.fromEntries(
        Object.entries(value).map(([k, v]) => {
            const inner = shape.kind === "map" ? shape.of : Object.hasOwn(shape.fields, k) ? shape.fields[k] : { kind: "value" as const };
            return [k, containerProblems(v, inner, join(field, k), out)];
        }),
    );
}

/** The settings object's problems, in the order a person fixes them: shape, required keys, secrets, values. */
export function settingsProblems(raw: unknown, opts: { stackFile: string; settingsSecret?: boolean }): Problem[] {
    const file = opts.stackFile;
    const key = `${PROJECT}:${SETTINGS_KEY}`;
    if (raw === undefined) {
        return [
            {
                field: key,
                value: undefined,
                rule: `the federation settings object is required in ${file}`,
                fix:
                    `add it to ${file} (see Pulumi.prod.yaml for a complete example) or start with: ` +
                    `pulumi config set --path '${SETTINGS_KEY}.authentik.applicationSlug' aws-console`,
            },
        ];
    }
    if (!isObject(raw)) {
        return [
            {
                field: SETTINGS_KEY,
                value: raw,
                rule: `${key} must be a mapping (the federation settings), got ${typeName(raw)}`,
                fix: `write the settings as a YAML mapping under ${key}: in ${file} (see Pulumi.prod.yaml)`,
            },
        ];
    }
    const problems: Problem[] = [];
    const sane = containerProblems(raw, FEDERATION_ARGS, SETTINGS_KEY, problems) as FederationSettings;
    for (const r of REQUIRED) {
        const v = get(sane, r.path);
        const parent = get(sane, r.path.split(".")[0]);
        if ((v === undefined || v === null || v === "") && (parent === undefined || isObject(parent))) {
            problems.push({
                field: `${SETTINGS_KEY}.${r.path}`,
                value: v,
                rule: `missing ${SETTINGS_KEY}.${r.path} (${r.what})`,
                fix: `pulumi config set --path '${SETTINGS_KEY}.${r.path}' ${r.example}`,
            });
        }
    }
    const ic = isObject(sane.identityCenter) ? sane.identityCenter : undefined;
    if (ic !== undefined && ic.samlMetadataXml === undefined && (ic.samlAcsUrl === undefined || ic.samlAudience === undefined)) {
        problems.push({
            field: `${SETTINGS_KEY}.identityCenter.samlMetadataXml`,
            value: undefined,
            rule:
                `missing ${SETTINGS_KEY}.identityCenter.samlMetadataXml (or ` +
                `samlAcsUrl and samlAudience), AWS's SAML service-provider details`,
            fix:
                `pulumi config set --path '${SETTINGS_KEY}.identityCenter.samlAcsUrl' ` +
                `https://<region>.signin.aws.amazon.com/platform/saml/acs/<id> and pulumi config set --path ` +
                `'${SETTINGS_KEY}.identityCenter.samlAudience' https://<region>.signin.aws.amazon.com/platform/saml/d-<id>`,
        });
    }
    if (ic !== undefined && Object.hasOwn(ic, "scimToken")) {
        problems.push({
            field: `${SETTINGS_KEY}.identityCenter.scimToken`,
            shown: "(hidden)",
            value: undefined,
            rule: `the SCIM token must not be in the settings object (in ${file} it would be stored in plain text)`,
            fix: `remove it from the settings and run: pulumi config set --secret ${SCIM_TOKEN_KEY} <token>`,
        });
    }
    const ak = isObject(sane.authentik) ? sane.authentik : undefined;
    if (ak !== undefined && typeof ak.apiToken === "string" && !opts.settingsSecret) {
        problems.push({
            field: `${SETTINGS_KEY}.authentik.apiToken`,
            shown: "(hidden)",
            value: undefined,
            rule: `an authentik API token written in plain text in ${file} is readable by anyone with the repository`,
            fix:
                `remove it and run: pulumi config set --secret authentik:token <token> (the component uses it ` +
                `by default), or: pulumi config set --secret --path '${SETTINGS_KEY}.authentik.apiToken' <token>`,
        });
    }
    // The component's own validation of the values, for every field not already named above.
    const named = (field: string) =>
        problems.some((p) => p.field === field || field.startsWith(`${p.field}.`) || field.startsWith(`${p.field}[`));
    const withToken = argsFromSettings(sane, "(secret)");
    const { errors } = validateFederationArgs(withToken);
    for (const e of errors) {
        const field = `${SETTINGS_KEY}.${e.field}`;
        if (!named(field)) problems.push({ ...e, field });
    }
    return problems;
}

/** The settings' problems as lines (field = value: rule. Fix: fix). */
export function checkSettingsShape(raw: unknown, stack: string): string[] {
    return settingsProblems(raw, { stackFile: `Pulumi.${stack}.yaml` }).map(formatProblem);
}

export interface ReadStackConfigOptions {
    /** The stack file to name in messages; default `Pulumi.<stack>.yaml`. */
    stackFile?: string;
    /**
     * Problems already found in the stack file (the offline plan's YAML reading): they join this report, and a
     * problem of the program's about the same field is left out, since the stack file's says it as written.
     */
    stackFileProblems?: Problem[];
}

function mergeProblems(first: Problem[], second: Problem[]): Problem[] {
    const fields = new Set(first.map((p) => p.field));
    return [...first, ...second.filter((p) => !fields.has(p.field))];
}

/** Reads the settings object and the secret SCIM token from the current stack's config. */
export function readStackConfig(
    config: pulumi.Config = new pulumi.Config(PROJECT),
    opts: ReadStackConfigOptions = {},
): { settings: FederationSettings; scimToken: pulumi.Output<string> } {
    const file = opts.stackFile ?? `Pulumi.${pulumi.getStack()}.yaml`;
    const problems: Problem[] = [];
    // Unknown keys of this project's namespace: a typo in `federation` would otherwise read as "missing settings".
    for (const fullKey of Object.keys(pulumi.runtime.allConfig())) {
        if (!fullKey.startsWith(`${PROJECT}:`)) continue;
        const k = fullKey.slice(PROJECT.length + 1);
        if (KNOWN_KEYS.includes(k)) continue;
        const near = nearestKey(k, KNOWN_KEYS);
        problems.push({
            field: fullKey,
            shown: "(not shown)",
            value: undefined,
            rule: `unknown config key in ${file}: the program reads only ${KNOWN_KEYS.map((x) => `${PROJECT}:${x}`).join(" and ")}`,
            fix: near !== undefined ? `did you mean ${PROJECT}:${near}? Rename the key` : `remove it: pulumi config rm ${fullKey}`,
        });
    }
    let raw: unknown;
    let readable = true;
    try {
        raw = config.getObject<unknown>(SETTINGS_KEY);
    } catch (e) {
        readable = false;
        problems.push({
            field: `${PROJECT}:${SETTINGS_KEY}`,
            shown: "(not shown)",
            value: undefined,
            rule: `is not valid structured config (${(e as Error).message})`,
            fix: `edit it in ${file} as a YAML mapping`,
        });
    }
    if (readable)
        problems.push(...settingsProblems(raw, { stackFile: file, settingsSecret: isConfigSecret(`${PROJECT}:${SETTINGS_KEY}`) }));
    const tokenKey = `${PROJECT}:${SCIM_TOKEN_KEY}`;
    const scimToken = config.getSecret(SCIM_TOKEN_KEY);
    if (scimToken === undefined) {
        problems.push({
            field: tokenKey,
            value: undefined,
            rule: "the SCIM access token (IAM Identity Center → Settings → Automatic provisioning) is required, as a secret",
            fix: `pulumi config set --secret ${SCIM_TOKEN_KEY} <token>`,
        });
    }
    for (const [k, command] of [
        [tokenKey, `pulumi config set --secret ${SCIM_TOKEN_KEY} <token>`],
        ["authentik:token", "pulumi config set --secret authentik:token <token>"],
    ] as const) {
        if (pulumi.runtime.getConfig(k) !== undefined && !isConfigSecret(k)) {
            problems.push({
                field: k,
                shown: "(hidden)",
                value: undefined,
                rule: `the token is written in plain text in ${file}, where anyone with the repository can read it`,
                fix: `${command} (it replaces the plain value with an encrypted one), then rotate the token`,
            });
        }
    }
    const all = mergeProblems(opts.stackFileProblems ?? [], problems);
    if (all.length > 0) throw new ConfigError(all, file);
    return { settings: raw as FederationSettings, scimToken: scimToken! };
}
