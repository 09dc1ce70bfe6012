import * as fs from "node:fs";
import * as path from "node:path";
import type { ConfigMap } from "@pulumi/pulumi/automation";
import { isLoopback } from "../components/authentik/validation";
import { validateFederationArgs } from "../components/federation";
import { formatProblem, Problem } from "../components/problems";
import { argsFromSettings, FederationSettings, PROJECT, SCIM_TOKEN_KEY } from "../program/settings";

/** A config value for `extraConfig`: plain values are stored in clear text, `{ value, secret: true }` encrypted. */
export type ExtraConfigValue = string | number | boolean | { value: string; secret?: boolean };

/** Where and how the stack's workspace lives; all optional (defaults: a temp dir and the CLI's logged-in backend). */
export interface WorkspaceSettings {
    /** Working directory of the workspace (one per stack: never share it between environments run concurrently). */
    workDir?: string;
    /** Environment variables for the CLI and the providers it starts, e.g. `{ AWS_PROFILE: "prod-admin" }`. */
    envVars?: { [key: string]: string };
    /** State backend, e.g. `s3://my-state-bucket` or `file:///var/pulumi`; default: the CLI's current login. */
    backendUrl?: string;
    /** Secrets provider for new stacks, e.g. `awskms://alias/pulumi`; default: the backend's. */
    secretsProvider?: string;
}

/** One environment: a stack, the federation settings it deploys, and the credentials it needs. */
export interface EnvironmentSpec {
    /** Stack name: `prod`, `org/prod` or `org/project/prod`. */
    stack: string;
    /** The component's settings (everything but the SCIM token). Built into the inline program. */
    settings: FederationSettings;
    /** IAM Identity Center SCIM access token: stored as a *secret* stack config value, never in the program. */
    scimToken: string;
    /** AWS region of the IAM Identity Center instance (`aws:region`). */
    awsRegion: string;
    /** authentik provider configuration; the token is stored as a secret. */
    authentik: { url: string; token: string; insecure?: boolean };
    /** Attach this repository's CrossGuard pack (policy/) to preview and up. Default true. */
    policyPack?: boolean;
    /** Path to a policy pack config JSON file (`--policy-pack-config`); relative paths resolve from the cwd. */
    policyPackConfig?: string;
    /** More stack config, `namespace:key` → value (e.g. `aws:profile`). Must not repeat the keys set above. */
    extraConfig?: { [key: string]: ExtraConfigValue };
    /** Workspace location, environment variables, backend and secrets provider. */
    workspace?: WorkspaceSettings;
}

/** Config keys this module sets from the typed fields; `extraConfig` may not override them. */
export const MANAGED_CONFIG_KEYS = [
    "aws:region",
    "authentik:url",
    "authentik:token",
    "authentik:insecure",
    `${PROJECT}:${SCIM_TOKEN_KEY}`,
] as const;

/** An `EnvironmentSpec` that cannot be deployed; lists every problem (field, value, rule, fix) at once. */
export class EnvironmentValidationError extends Error {
    constructor(
        readonly stack: string,
        readonly problems: Problem[],
    ) {
        super(
            `Environment "${stack}" has ${problems.length} invalid field${problems.length === 1 ? "" : "s"}; ` +
                `no stack was touched:\n${problems.map((p, i) => `  ${i + 1}. ${formatProblem(p)}`).join("\n")}`,
        );
        this.name = "EnvironmentValidationError";
    }
}

// Pulumi stack names: letters, digits, `-`, `_`, `.`, optionally qualified as org/stack or org/project/stack.
const STACK_NAME = /^([A-Za-z0-9_.-]+\/){0,2}[A-Za-z0-9_.-]+$/;
// AWS region codes: partition prefix, geography, number (eu-central-1, us-gov-west-1, cn-north-1, eusc-de-east-1).
const AWS_REGION = /^[a-z]{2,5}(-[a-z]+)+-\d+$/;
// Config keys whose values are credentials by name: refuse them as plain text.
const SECRET_LOOKING_KEY = /token|password|passphrase|secret|private.?key|credential/i;

function isObject(v: unknown): v is { [key: string]: unknown } {
    return v !== null && typeof v === "object" && !Array.isArray(v);
}

function blank(v: unknown): boolean {
    return typeof v !== "string" || v.trim() === "";
}

/**
 * Checks an environment before any stack is created or selected. Secret values are never echoed: problems
 * about them report `(empty)` or `(hidden)`.
 */
export function validateEnvironment(env: EnvironmentSpec): Problem[] {
    const problems: Problem[] = [];
    const p = (field: string, value: unknown, rule: string, fix: string) => problems.push({ field, value, rule, fix });

    if (blank(env.stack) || !STACK_NAME.test(env.stack)) {
        p(
            "stack",
            env.stack,
            "a Pulumi stack name uses letters, digits, '-', '_' and '.', optionally as org/stack or org/project/stack",
            'use e.g. "prod" or "acme/prod"',
        );
    }
    if (blank(env.awsRegion) || !AWS_REGION.test(env.awsRegion)) {
        p(
            "awsRegion",
            env.awsRegion,
            "must be the AWS region code of the IAM Identity Center instance",
            'use e.g. "eu-central-1" (the region in the SCIM endpoint URL)',
        );
    }
    if (blank(env.scimToken)) {
        p(
            "scimToken",
            env.scimToken === undefined ? undefined : "(empty)",
            "the SCIM access token is required",
            "IAM Identity Center → Settings → Automatic provisioning → generate token; pass it here (it is stored as a secret)",
        );
    }
    const ak = env.authentik ?? ({} as EnvironmentSpec["authentik"]);
    let url: URL | undefined;
    try {
        url = blank(ak.url) ? undefined : new URL(ak.url);
    } catch {
        url = undefined;
    }
    if (!url || (url.protocol !== "https:" && url.protocol !== "http:")) {
        p("authentik.url", ak.url, "must be the authentik base URL (http or https)", 'use e.g. "https://authentik.example.com"');
    } else if (url.protocol === "http:" && !isLoopback(url.hostname)) {
        p(
            "authentik.url",
            ak.url,
            "the authentik API token would travel in clear text over http:// (only a loopback address such as http://localhost is allowed)",
            `use https: ${JSON.stringify(ak.url.replace(/^http:/i, "https:"))}`,
        );
    }
    if (blank(ak.token)) {
        p(
            "authentik.token",
            ak.token === undefined ? undefined : "(empty)",
            "an authentik API token is required",
            "authentik → Directory → Tokens and App passwords → create an " +
                "API token for a user allowed to manage providers and applications",
        );
    }
    if (ak.insecure !== undefined && typeof ak.insecure !== "boolean") {
        p("authentik.insecure", ak.insecure, "must be a boolean", "use true only for a test instance with a self-signed certificate");
    }
    if (env.policyPack !== undefined && typeof env.policyPack !== "boolean") {
        p("policyPack", env.policyPack, "must be a boolean", "omit it (the pack is attached by default) or set false to skip it");
    }
    if (env.policyPackConfig !== undefined && env.policyPack === false) {
        p(
            "policyPackConfig",
            env.policyPackConfig,
            "a policy pack config has no effect when policyPack is false",
            "remove policyPackConfig, or drop policyPack: false",
        );
    } else if (env.policyPackConfig !== undefined && !fs.existsSync(path.resolve(env.policyPackConfig))) {
        p(
            "policyPackConfig",
            env.policyPackConfig,
            `no such file (resolved to ${path.resolve(env.policyPackConfig)})`,
            "give the path of a policy pack config JSON file, absolute or relative to the current directory",
        );
    }
    for (const [key, value] of Object.entries(env.extraConfig ?? {})) {
        const field = `extraConfig["${key}"]`;
        if (!/^[^:\s]+:[^:\s]+$/.test(key)) {
            p(field, key, "config keys are namespaced as <namespace>:<key>", `use e.g. "aws:profile"`);
        } else if ((MANAGED_CONFIG_KEYS as readonly string[]).includes(key)) {
            p(
                field,
                "(hidden)",
                "this key is set from the environment's typed fields",
                "remove it from extraConfig and use awsRegion, authentik.* or scimToken",
            );
        } else if (
            value === null ||
            !["string", "number", "boolean", "object"].includes(typeof value) ||
            (typeof value === "object" && typeof value.value !== "string")
        ) {
            p(
                field,
                "(hidden)",
                "must be a string, number, boolean or { value: string, secret?: boolean }",
                `use e.g. { value: "...", secret: true }`,
            );
        } else if (SECRET_LOOKING_KEY.test(key) && !(typeof value === "object" && value.secret === true)) {
            p(field, "(hidden)", "looks like a credential and would be stored in plain text", `pass it as { value: "...", secret: true }`);
        }
    }

    const settings = env.settings as unknown;
    if (settings === null || typeof settings !== "object" || Array.isArray(settings)) {
        p(
            "settings",
            settings,
            "must be the federation settings object",
            "pass the component's arguments without identityCenter.scimToken",
        );
    } else if (isObject(env.settings.identityCenter) && Object.hasOwn(env.settings.identityCenter, "scimToken")) {
        p(
            "settings.identityCenter.scimToken",
            "(hidden)",
            "the SCIM token must not be part of the settings (they are captured in the program, the token must be secret config)",
            "remove it from settings and pass it as scimToken",
        );
    } else if (isObject(env.settings.authentik) && typeof env.settings.authentik.apiToken === "string") {
        p(
            "settings.authentik.apiToken",
            "(hidden)",
            "an authentik API token as plain text in the settings is captured in the program in clear, outside Pulumi's secrets",
            "remove it from settings and pass it as authentik.token (stored as the secret " +
                "authentik:token, which the component uses), or as pulumi.secret(token)",
        );
    } else {
        // The component validates again when the program runs; doing it here fails before a stack is touched.
        // A placeholder token: the token's own problems are reported above without its value.
        try {
            const { errors } = validateFederationArgs(argsFromSettings(env.settings, "placeholder"));
            problems.push(...errors.map((e) => ({ ...e, field: `settings.${e.field}` })));
        } catch (e) {
            p(
                "settings",
                "(see rule)",
                `could not be validated: ${(e as Error).message}`,
                "compare the settings with the component's argument types (components/args.ts)",
            );
        }
    }
    return problems;
}

/** The stack config for an environment: credentials as secrets, the rest in clear. Pure. */
export function stackConfig(env: EnvironmentSpec): ConfigMap {
    const config: ConfigMap = {
        "aws:region": { value: env.awsRegion, secret: false },
        "authentik:url": { value: env.authentik.url, secret: false },
        "authentik:token": { value: env.authentik.token, secret: true },
        // Always written so that turning it off in code turns it off in the stack (setAllConfig never removes keys).
        "authentik:insecure": { value: String(env.authentik.insecure ?? false), secret: false },
        [`${PROJECT}:${SCIM_TOKEN_KEY}`]: { value: env.scimToken, secret: true },
    };
    for (const [key, v] of Object.entries(env.extraConfig ?? {})) {
        config[key] = typeof v === "object" ? { value: v.value, secret: v.secret === true } : { value: String(v), secret: false };
    }
    return config;
}

/** Every secret value of an environment, to be redacted from streamed output and error messages. */
export function secretValues(env: EnvironmentSpec): string[] {
    return Object.values(stackConfig(env))
        .filter((c) => c.secret && c.value !== "")
        .map((c) => c.value);
}

/**
 * The package root (the directory with this package's package.json), found by walking up so that it works from
 * the TypeScript sources, from compiled output and from node_modules.
 */
export function packageRoot(from: string = __dirname): string {
    for (let dir = from; ; dir = path.dirname(dir)) {
        const pkg = path.join(dir, "package.json");
        if (fs.existsSync(pkg)) {
            try {
                if (JSON.parse(fs.readFileSync(pkg, "utf8")).name === PROJECT) return dir;
            } catch {
                // not ours (or unreadable): keep walking
            }
        }
        if (path.dirname(dir) === dir) return path.resolve(__dirname, "..");
    }
}

/** Absolute path of the repository's CrossGuard policy pack (policy/, holding PulumiPolicy.yaml). */
export function policyPackDir(): string {
    return path.join(packageRoot(), "policy");
}

/** The `policyPacks`/`policyPackConfigs` options for preview and up. Throws if the pack is missing. */
export function policyOptions(env: Pick<EnvironmentSpec, "stack" | "policyPack" | "policyPackConfig">): {
    policyPacks: string[];
    policyPackConfigs?: string[];
} {
    if (env.policyPack === false) return { policyPacks: [] };
    const dir = policyPackDir();
    if (!fs.existsSync(path.join(dir, "PulumiPolicy.yaml"))) {
        throw new EnvironmentValidationError(env.stack, [
            {
                field: "policyPack",
                value: env.policyPack ?? true,
                rule: `the policy pack directory ${dir} has no PulumiPolicy.yaml`,
                // The npm package ships the policies (aws-identity-center-authentik/policy), not the pack directory.
                fix: dir.split(path.sep).includes("node_modules")
                    ? "the installed package does not ship the pack directory: set policyPack: false and attach " +
                      "your own pack built from aws-identity-center-authentik/policy (e.g. with --policy-pack)"
                    : "restore policy/ from the repository, or set policyPack: false to deploy without the CrossGuard checks",
            },
        ]);
    }
    return env.policyPackConfig === undefined
        ? { policyPacks: [dir] }
        : { policyPacks: [dir], policyPackConfigs: [path.resolve(env.policyPackConfig)] };
}
