/**
 * The offline plan: `npm run plan [-- --stack prod] [--users users.json] [--json] [--policy-config file.json]`.
 *
 * Runs the real program (index.ts → program/program.ts) against `Pulumi.<stack>.yaml` with the Pulumi engine
 * mocked, then prints what `pulumi up` would register (secrets masked), the access matrix, the policy pack's
 * verdict over those resources and a simulated SCIM full sync of a sample of users (who is provisioned as which AWS
 * user, who is skipped and why, who can sign in as whom; `--json`: one object per user on stdout). No credentials, no
 * network, no Pulumi CLI. Exit codes: 0 ok; 1 a mandatory policy violation or a mapping mismatch; 2 invalid
 * config or arguments.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { FederationValidationError } from "../components";
import type { PolicyPackConfig } from "@pulumi/policy";
import { parsePolicyPackConfig, PolicyPackConfigError } from "../policy/packConfig";
import { policies as packPolicies } from "../policy/policies";
import { runPackOverResources, PolicyViolationRecord } from "../policy/runner";
import { ConfigError } from "../program/config";
import { runFromStackConfig } from "../program/program";
import { FederationSettings, PROJECT, SCIM_TOKEN_KEY, SETTINGS_KEY } from "../program/settings";
import { readStackFile, StackConfig, StackFileError } from "../program/stackFile";
import { formatProblem, Problem } from "../components/problems";
import { AuthentikUser, formatMappingCheck, MappingCheckResult, runMappingCheck, UserVerdict, userVerdicts } from "./mappingCheck";
import { MockOptions, record, RecordedResource, valueOf, withoutSecrets } from "./offlineEngine";

const ROOT = path.join(__dirname, "..");
export const PLACEHOLDER_TOKEN = "offline-plan-placeholder-token";
/** A small, realistic sample of authentik users (the hard-case corpus for the tests is tests/fixtures/authentik-users.json). */
export const SAMPLE_USERS = path.join(__dirname, "sample-users.json");

export interface PlanOptions {
    stack: string;
    usersFile?: string;
    /** Also return the per-user verdicts as JSON (the CLI prints them on stdout, the plan text on stderr). */
    json?: boolean;
    policyConfigFile?: string;
    /** Where the stack files are (default: the repository root). */
    dir?: string;
    /** Answers of the mocked engine (tests: e.g. an account without Identity Center). */
    mocks?: MockOptions;
}

export interface PlanResult {
    exitCode: number;
    text: string;
    resources: RecordedResource[];
    violations: PolicyViolationRecord[];
    mappingCheck?: MappingCheckResult;
    /** One object per user of the simulated sync. */
    verdicts?: UserVerdict[];
}

export function parseArgs(argv: string[]): PlanOptions {
    const opts: PlanOptions = { stack: "prod" };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new UsageError(`${a} needs a value`);
            return v;
        };
        if (a === "--stack" || a === "-s") opts.stack = value();
        else if (a === "--users") opts.usersFile = value();
        else if (a === "--json") opts.json = true;
        else if (a === "--policy-config") opts.policyConfigFile = value();
        else throw new UsageError(`unknown argument ${a}`);
    }
    return opts;
}

export class UsageError extends Error {}

/** A multi-line value (a mapping expression) as its first line and a line count. */
function oneLine(v: unknown): unknown {
    return typeof v === "string" && v.includes("\n") ? `${v.split("\n")[0]} … (${v.split("\n").length} lines)` : v;
}

function describeInputs(r: RecordedResource): string {
    const { __provider, ...inputs } = (r.inputs ?? {}) as Record<string, unknown>;
    void __provider;
    return Object.entries(withoutSecrets(inputs) as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, raw]) => {
            const v = oneLine(raw);
            return `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`;
        })
        .join(", ");
}

/** Runs the plan and returns its text and exit code (the CLI wrapper below prints and exits). */
export async function plan(opts: PlanOptions): Promise<PlanResult> {
    const out: string[] = [];
    const say = (line = "") => out.push(line);
    const dir = opts.dir ?? ROOT;
    const file = path.join(dir, `Pulumi.${opts.stack}.yaml`);
    const fail = (exitCode: number, message: string): PlanResult => {
        say(message);
        return { exitCode, text: out.join("\n"), resources: [], violations: [] };
    };
    if (!fs.existsSync(file))
        return fail(
            2,
            `No stack file ${path.relative(process.cwd(), file) || file}: create it or ` +
                `pass --stack <name> (stacks here: ${listStacks(dir).join(", ") || "none"}).`,
        );

    let stackConfig: StackConfig;
    try {
        stackConfig = readStackFile(file);
    } catch (e) {
        if (e instanceof StackFileError) return fail(2, invalid(e.file, e.problems));
        throw e;
    }
    const { values, encrypted, encryptedPaths } = stackConfig;
    const stackFile = path.basename(file);
    const tokenKey = `${PROJECT}:${SCIM_TOKEN_KEY}`;
    const settingsKey = `${PROJECT}:${SETTINGS_KEY}`;
    say(`Offline plan of stack "${opts.stack}" (${stackFile}); the Pulumi engine, AWS and authentik are mocked.`);
    // Encrypted values only the Pulumi CLI can read: secrets get a placeholder; plain config cannot be planned.
    const problems: Problem[] = [...stackConfig.problems];
    const secretKeys: string[] = [];
    for (const key of encrypted) {
        if (key === tokenKey || key === "authentik:token") continue;
        problems.push(encryptedProblem(key, stackFile));
    }
    for (const [key, paths] of Object.entries(encryptedPaths)) {
        secretKeys.push(key);
        for (const at of paths) {
            if (key === settingsKey && at === "authentik.apiToken") continue;
            problems.push(encryptedProblem(`${key.startsWith(`${PROJECT}:`) ? key.slice(PROJECT.length + 1) : key}.${at}`, stackFile));
        }
    }
    if (values[tokenKey] === undefined) {
        values[tokenKey] = PLACEHOLDER_TOKEN;
        if (encrypted.includes(tokenKey)) secretKeys.push(tokenKey);
        const tokenState = encrypted.includes(tokenKey) ? "encrypted (only the Pulumi CLI can read it)" : "not set";
        const setHint = encrypted.includes(tokenKey) ? "" : ` Set the real one with: pulumi config set --secret ${SCIM_TOKEN_KEY} <token>`;
        say(`Note: ${tokenKey} is ${tokenState}; using a placeholder token for the plan.${setHint}`);
        if (!encrypted.includes(tokenKey)) secretKeys.push(tokenKey);
    }

    // The authentik provider's own config: a real deployment has it; the plan stands in for it so that it shows the
    // same graph (the component starts the SCIM sync through authentik's API when it has access).
    if (values["authentik:url"] === undefined) {
        values["authentik:url"] = "https://authentik.invalid";
        say(
            "Note: authentik:url is not set; planning with a placeholder. Set " +
                "it with: pulumi config set authentik:url https://<your authentik>",
        );
    }
    if (values["authentik:token"] === undefined) {
        values["authentik:token"] = PLACEHOLDER_TOKEN;
        secretKeys.push("authentik:token");
        say(
            `Note: authentik:token is ${encrypted.includes("authentik:token") ? "encrypted" : "not set"}; ` +
                `planning with a placeholder. Set it with: pulumi config set --secret authentik:token <API token>`,
        );
    }
    const settingsText = values[settingsKey];
    const placeholders = settingsText ? findPlaceholders(safeJson(settingsText)) : [];

    pulumi.runtime.setAllConfig(values, secretKeys);
    let rec: Awaited<ReturnType<typeof record>>;
    try {
        // The stack file's own problems join the program's in one report, before anything is registered.
        rec = await record(() => runFromStackConfig({ stackFile, stackFileProblems: problems }), { ...opts.mocks, stack: opts.stack });
    } catch (e) {
        if (e instanceof ConfigError) return fail(2, invalid(stackFile, e.details));
        if (e instanceof FederationValidationError) return fail(2, invalid(stackFile, e.problems));
        throw e;
    } finally {
        pulumi.runtime.setAllConfig({}, []);
    }
    if (rec.errors.length > 0) return fail(2, `\nThe program failed while resolving values:\n${rec.errors.map(String).join("\n")}`);

    const custom = rec.resources.filter((r) => r.custom).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    say("");
    say(`Resources (${custom.length}, plus the component):`);
    for (const r of custom) say(`  + ${r.type}  ${r.name}\n      ${describeInputs(r)}`);

    const outputs = rec.result as Record<string, pulumi.Output<unknown>>;
    say("");
    say("Access matrix:");
    say(
        String(await valueOf(outputs.accessMatrixMarkdown))
            .trimEnd()
            .replace(/^/gm, "  "),
    );

    let policyConfig: PolicyPackConfig = {};
    if (opts.policyConfigFile) {
        if (!fs.existsSync(opts.policyConfigFile))
            return fail(2, `No policy config file ${opts.policyConfigFile}: create it or drop --policy-config.`);
        try {
            policyConfig = parsePolicyPackConfig(fs.readFileSync(opts.policyConfigFile, "utf8"), opts.policyConfigFile, packPolicies);
        } catch (e) {
            if (e instanceof PolicyPackConfigError) return fail(2, `\n${e.message}`);
            throw e;
        }
    }
    const violations = await runPackOverResources(rec.resources, policyConfig);
    const mandatory = violations.filter((v) => v.kind === "violation" && v.enforcementLevel === "mandatory");
    say("");
    say(`Policy pack: ${mandatory.length} mandatory violation(s), ${violations.length - mandatory.length} advisory note(s).`);
    for (const v of violations) say(`  [${v.enforcementLevel}] ${v.policy}: ${v.message}${v.urn ? ` (${v.urn.split("::").pop()})` : ""}`);

    const settings = JSON.parse(values[`${PROJECT}:${SETTINGS_KEY}`]) as FederationSettings;
    const usersFile = opts.usersFile ?? SAMPLE_USERS;
    const users = loadUsers(usersFile);
    const check = await runMappingCheck(
        {
            identityAttribute: settings.identityAttribute ?? "email",
            excludeServiceAccounts: settings.authentik.excludeServiceAccounts ?? true,
        },
        users,
    );
    const verdicts = userVerdicts(users, check.simulation);
    say("");
    say(
        `Simulated SCIM full sync (identity attribute "${settings.identityAttribute ?? "email"}") ` +
            `of ${users.length} users from ${opts.usersFile ? usersFile : "the bundled sample"}:`,
    );
    say(formatMappingCheck(check).replace(/^/gm, "  "));
    for (const v of verdicts) {
        say(
            v.outcome === "provisioned"
                ? `  + ${v.username}: provisioned as AWS user ${v.awsUserName}; signs in as ${v.signsInAs ?? "nobody"}`
                : `  - ${v.username}: skipped: ${v.reason}${v.signsInAs ? `; STILL signs in as ${v.signsInAs}` : "; cannot sign in"}`,
        );
    }

    if (placeholders.length > 0) {
        say("");
        say("Check before deploying (these look like placeholders, not real values):");
        for (const p of placeholders) say(`  ! ${p}`);
    }

    const followUps = (await valueOf(outputs.followUps)) as string[];
    say("");
    say("After `pulumi up`, once per environment:");
    for (const f of followUps) say(`  - ${f}`);

    // Collisions fail too: two authentik users with one AWS userName (or primary email) would share one AWS identity.
    // Two authentik users with one identity are skipped (fail closed), but the data needs fixing: that fails too.
    const duplicates = verdicts.filter((v) => v.outcome === "skipped" && / is also the (email|username) of /.test(v.reason ?? "")).length;
    const broken =
        check.counts.mismatched + check.counts.invalid + check.counts.error + check.collisions.length + check.invariant.length + duplicates;
    const exitCode = mandatory.length > 0 || broken > 0 ? 1 : 0;
    say("");
    say(
        exitCode === 0
            ? "Plan OK."
            : `Plan FAILED: ${mandatory.length} mandatory policy violation(s); ${broken} user ` +
                  `problem(s) (NameID ≠ the userName AWS holds, a SCIM body AWS would reject, an aborted ` +
                  `sync page, or two users sharing one identity, who are skipped until it is unique).`,
    );
    return { exitCode, text: out.join("\n"), resources: rec.resources, violations, mappingCheck: check, verdicts };
}

/** The report for invalid configuration: every problem, numbered, and that nothing was planned. */
function invalid(stackFile: string, problems: Problem[]): string {
    const lines = problems.map((p, i) => `  ${i + 1}. ${formatProblem(p)}`);
    return (
        `\nInvalid configuration, nothing would be created (${stackFile}, ${problems.length} ` +
        `problem${problems.length === 1 ? "" : "s"}):\n${lines.join("\n")}`
    );
}

function encryptedProblem(field: string, stackFile: string): Problem {
    return {
        field,
        shown: "(encrypted: secure: …)",
        value: undefined,
        rule: `is encrypted in ${stackFile}, but it is plain config (only tokens are secrets), and the offline plan cannot decrypt it`,
        fix: `set it in clear text: pulumi config set --path '${field}' <value> (without --secret)`,
    };
}

function safeJson(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}

/**
 * AWS's SCIM tenant IDs as seen in the console: 11 alphanumerics, then a UUID tail (IAM Identity Center console,
 * Settings → Automatic provisioning).
 */
const SCIM_TENANT = /^[A-Za-z0-9]{11}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Values that pass validation but are almost certainly not real: an account ID of one repeated digit, a SCIM
 * endpoint whose tenant segment does not look like the ones IAM Identity Center issues. Warnings, not errors.
 */
export function findPlaceholders(settings: unknown): string[] {
    const found: string[] = [];
    // The user's settings as parsed, not yet validated: every field is read defensively.
    const s = (settings ?? {}) as { identityCenter?: { scimEndpoint?: unknown }; assignments?: unknown };
    const endpoint: unknown = s.identityCenter?.scimEndpoint;
    if (typeof endpoint === "string") {
        const tenant = endpoint.replace(/\/+$/, "").split("/").slice(-3, -2)[0] ?? "";
        if (!SCIM_TENANT.test(tenant))
            found.push(
                `federation.identityCenter.scimEndpoint tenant "${tenant}" does not look ` +
                    `like an IAM Identity Center tenant ID; copy the endpoint from the console`,
            );
    }
    const accounts = new Set<string>();
    for (const a of Array.isArray(s.assignments) ? s.assignments : []) {
        for (const id of Array.isArray(a?.accounts) ? a.accounts : [])
            if (typeof id === "string" && /^(\d)\1{11}$/.test(id)) accounts.add(id);
    }
    for (const id of accounts) found.push(`account ${id} in federation.assignments is a placeholder; list the real account IDs`);
    return found;
}

function listStacks(dir: string): string[] {
    return fs
        .readdirSync(dir)
        .map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1])
        .filter((s): s is string => !!s);
}

/** Users as authentik's API lists them: a JSON array, or a page `{ results: [...] }`. */
export function loadUsers(file: string): AuthentikUser[] {
    let data: unknown;
    try {
        data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new UsageError(
            `${file}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : `not valid JSON (${(e as Error).message})`}. ` +
                'Fix: give --users a JSON array of authentik users, or an API page {"results": [...]}',
        );
    }
    const users = Array.isArray(data) ? data : (data as { results?: unknown } | null)?.results;
    if (!Array.isArray(users)) throw new UsageError(`${file}: expected a JSON array of users or an authentik API page {"results": [...]}`);
    return users;
}

if (require.main === module) {
    (async () => {
        let opts: PlanOptions;
        try {
            opts = parseArgs(process.argv.slice(2));
        } catch (e) {
            console.error(
                `${(e as Error).message}\nUsage: npm run plan -- [--stack <name>] ` +
                    `[--users <users.json>] [--json] [--policy-config <file.json>]`,
            );
            process.exit(2);
        }
        try {
            const result = await plan(opts);
            if (opts.json) {
                // stdout: only the verdicts, one object per user and line; the plan text goes to stderr.
                console.error(result.text);
                console.log(`[\n${(result.verdicts ?? []).map((v) => JSON.stringify(v)).join(",\n")}\n]`);
            } else {
                console.log(result.text);
            }
            process.exit(result.exitCode);
        } catch (e) {
            console.error(e instanceof UsageError ? e.message : e);
            process.exit(2);
        }
    })();
}
