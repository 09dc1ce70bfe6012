import * as pulumi from "@pulumi/pulumi";
import { validateFederationArgs } from "../components/federation";
import { formatProblem } from "../components/problems";
import { argsFromSettings, FederationSettings, PROJECT, SCIM_TOKEN_KEY, SETTINGS_KEY } from "./settings";

/** A missing or malformed stack config value: says which key and the `pulumi config set` command that fixes it. */
export class ConfigError extends Error {
    constructor(readonly problems: string[]) {
        super(`Stack configuration is incomplete (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n${problems.map((p, i) => `  ${i + 1}. ${p}`).join("\n")}`);
        this.name = "ConfigError";
    }
}

const REQUIRED: { path: string; example: string; what: string }[] = [
    { path: "authentik.applicationName", example: "'AWS Console'", what: "the authentik application's name" },
    { path: "authentik.applicationSlug", example: "aws-console", what: "the authentik application's slug" },
    { path: "authentik.usersGroup", example: "aws-users", what: "the authentik group allowed to sign in and provisioned to AWS" },
    { path: "identityCenter.scimEndpoint", example: "https://scim.<region>.amazonaws.com/<tenant>/scim/v2/", what: "the IAM Identity Center SCIM endpoint" },
];

function get(obj: any, path: string): unknown {
    return path.split(".").reduce((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
}

/**
 * Checks the *shape* of the settings object read from stack config (the component checks the values), so that
 * a newcomer sees config keys and commands rather than a TypeError.
 */
export function checkSettingsShape(raw: unknown, stack: string): string[] {
    const problems: string[] = [];
    const file = `Pulumi.${stack}.yaml`;
    if (raw === undefined) {
        return [
            `missing config key ${PROJECT}:${SETTINGS_KEY} (the federation settings object). Add it to ${file} (see Pulumi.prod.yaml for a complete example) or start with: pulumi config set --path '${SETTINGS_KEY}.authentik.applicationSlug' aws-console`,
        ];
    }
    if (raw === null || typeof raw !== "object" || Array.isArray(raw)) {
        return [`${PROJECT}:${SETTINGS_KEY} must be an object (a YAML mapping in ${file}), got ${JSON.stringify(raw)}`];
    }
    for (const section of ["authentik", "identityCenter"]) {
        const v = (raw as any)[section];
        if (v !== undefined && (v === null || typeof v !== "object" || Array.isArray(v))) {
            problems.push(`${SETTINGS_KEY}.${section} must be an object, got ${JSON.stringify(v)}`);
        }
    }
    for (const r of REQUIRED) {
        const v = get(raw, r.path);
        if (v === undefined || v === null || v === "") {
            problems.push(`missing ${SETTINGS_KEY}.${r.path} (${r.what}). Fix: pulumi config set --path '${SETTINGS_KEY}.${r.path}' ${r.example}`);
        }
    }
    const ic = (raw as any).identityCenter ?? {};
    if (ic.samlMetadataXml === undefined && (ic.samlAcsUrl === undefined || ic.samlAudience === undefined)) {
        problems.push(
            `missing ${SETTINGS_KEY}.identityCenter.samlMetadataXml (or samlAcsUrl and samlAudience), AWS's SAML service-provider details. Fix: pulumi config set --path '${SETTINGS_KEY}.identityCenter.samlAcsUrl' https://<region>.signin.aws.amazon.com/platform/saml/acs/<id> and pulumi config set --path '${SETTINGS_KEY}.identityCenter.samlAudience' https://<region>.signin.aws.amazon.com/platform/saml/d-<id>`,
        );
    }
    if ("scimToken" in ic) {
        problems.push(`${SETTINGS_KEY}.identityCenter.scimToken must not be in the settings object (it would be stored in plain text). Fix: remove it and run: pulumi config set --secret ${SCIM_TOKEN_KEY} <token>`);
    }
    return problems;
}

/** Reads the settings object and the secret SCIM token from the current stack's config. */
export function readStackConfig(config: pulumi.Config = new pulumi.Config(PROJECT)): { settings: FederationSettings; scimToken: pulumi.Output<string> } {
    const stack = pulumi.getStack();
    let raw: unknown;
    const problems: string[] = [];
    try {
        raw = config.getObject<unknown>(SETTINGS_KEY);
    } catch (e) {
        problems.push(`${PROJECT}:${SETTINGS_KEY} is not valid structured config (${(e as Error).message}). Fix: edit it in Pulumi.${stack}.yaml`);
    }
    if (problems.length === 0) {
        const shape = checkSettingsShape(raw, stack);
        problems.push(...shape);
        // The component's own validation, in the same report, for every field the shape check did not already name:
        // a newcomer fixes the whole stack file in one round.
        if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) {
            const { errors } = validateFederationArgs(argsFromSettings(raw as FederationSettings, "(secret)"));
            for (const e of errors) {
                if (!shape.some((p) => p.includes(`${SETTINGS_KEY}.${e.field} `) || p.includes(`${SETTINGS_KEY}.${e.field}(`))) {
                    problems.push(`${SETTINGS_KEY}.${formatProblem(e)}`);
                }
            }
        }
    }
    const scimToken = config.getSecret(SCIM_TOKEN_KEY);
    if (scimToken === undefined) {
        problems.push(`missing secret config key ${PROJECT}:${SCIM_TOKEN_KEY} (the SCIM access token from IAM Identity Center → Settings → Automatic provisioning). Fix: pulumi config set --secret ${SCIM_TOKEN_KEY} <token>`);
    }
    if (problems.length > 0) throw new ConfigError(problems);
    return { settings: raw as FederationSettings, scimToken: scimToken! };
}
