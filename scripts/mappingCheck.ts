/**
 * The mapping check: runs the generated NameID and SCIM user expressions over real (or corpus) authentik users
 * with scripts/authentik_eval.py, which evaluates them exactly as authentik does, then judges every result
 * against AWS's rules with an oracle written independently of the generator.
 *
 * A user is, in order of precedence:
 *   error       the NameID or SCIM expression raised (authentik would stop the sync / fall back to the uid);
 *   mismatched  the NameID differs from the SCIM userName, or SCIM skips a user the NameID still names;
 *   invalid     the SCIM body breaks an AWS rule (the AWS SCIM developer guide's CreateUser and limitations pages,
 *               and the SAML NameID format);
 *   skipped     SCIM skipped the user with a reason and the NameID fell back to the uid (fails closed);
 *   provisioned everything agrees and AWS would accept the body.
 * Two users with the same userName, or the same primary email, are a collision: AWS requires both to be unique
 * (AWS SCIM developer guide, CreateUser: userName and the primary email are unique), so the second SCIM create fails.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import { generateMappings, MappingOptions } from "../components/authentik/mappings";
import { harnessPython } from "./pythonEnv";

/** An authentik user as the authentik API returns it (`GET /core/users/`); only these fields are read. */
export interface AuthentikUser {
    pk: number;
    username: string;
    email?: string | null;
    name?: string | null;
    is_active?: boolean;
    type?: "internal" | "external" | "service_account" | "internal_service_account";
    uid?: string;
    uuid?: string;
    path?: string;
    attributes?: { [key: string]: unknown };
    avatar?: string;
    groups?: string[];
    groups_obj?: { name: string }[];
}

/** One `ak_logger` call made by an expression. */
export interface LogRecord {
    level: string;
    event: string;
    fields: { [key: string]: unknown };
}

/** What authentik would do for one user (output of scripts/authentik_eval.py). */
export interface EvaluatedUser {
    username: string;
    uid: string;
    pk?: number;
    /** After the simulated sync(s): an AWS user is linked to this person and the last sync did not skip them. */
    outcome?: "provisioned" | "skipped";
    /** The userName AWS holds for the AWS user this person is linked to (null: none). */
    awsUserName?: string | null;
    awsUserId?: string | null;
    /** The AWS userName the SAML NameID would be matched to (null: the sign-in fails). */
    signsInAs?: string | null;
    /** What the SCIM client did for this user in the last sync (created, linked after 409, unchanged, ...). */
    syncDetail?: string | null;
    /** The SCIM mapping raised SkipObject. */
    skipped: boolean;
    /** The SkipObject message. */
    reason?: string;
    /** The NameID text authentik would send (the uid when the mapping returned None or failed). */
    nameId: string;
    /** True when the NameID is authentik's uid fallback rather than the mapping's value. */
    nameIdFallback: boolean;
    nameIdError?: string;
    /** The SCIM request body authentik would send. */
    scimBody?: { [key: string]: unknown };
    /** The SCIM sync failed for this user (StopSync). */
    error?: string;
    warnings: LogRecord[];
}

/** One step of a simulated history (default: one full sync). */
export type SyncStep =
    | { sync: true }
    | { update: ({ pk: number } & Partial<AuthentikUser>)[] }
    | { advanceHours: number }
    | { recreateProvider: { pk: number; nameIdExpression?: string } };

/** Input of the evaluator. `scimUserMappings` (several, run in name order and merged) replaces `scimUserExpression`. */
export interface EvaluatorInput {
    nameIdExpression: string;
    scimUserExpression?: string;
    scimUserMappings?: { name: string; expression: string }[];
    nameIdMappingName?: string;
    users: AuthentikUser[];
    provider?: { saml?: { [k: string]: unknown }; scim?: { pk?: number; [k: string]: unknown } };
    /** authentik's sync_page_size (default 100). */
    pageSize?: number;
    /** The SCIM provider leaves service accounts out of its scope (default true). */
    excludeServiceAccounts?: boolean;
    /** `false`: skip the NameID mapping (the results' nameId is then the uid fallback); for callers that need only the SCIM side. */
    nameIds?: boolean;
    steps?: SyncStep[];
}

/** One simulated full sync. */
export interface SyncRun {
    pages: number;
    abortedPages: { page: number; at: string; reason: string; notSynced: string[] }[];
    /** SCIM requests sent to AWS, by method. */
    requests: { [method: string]: number };
    /** authentik Events the mappings recorded. */
    events: number;
}

/** An `ak_create_event` call. */
export interface RecordedEvent {
    action: string;
    app: string;
    [k: string]: unknown;
}

/** Everything one simulated history produced. */
export interface SyncSimulation {
    results: EvaluatedUser[];
    runs: SyncRun[];
    events: RecordedEvent[];
    /** Most ORM queries one evaluation ran, per mapping. */
    queries: { scimMax: number; nameIdMax: number };
}

/** The SCIM provider pk of the simulation (the evaluator's default); the NameID mapping must be generated for it. */
export const SIMULATED_SCIM_PROVIDER_PK = "2";

/** Both mappings for the simulated SCIM provider. */
export function simulatedMappings(opts: Omit<MappingOptions, "scimProviderPk">) {
    return generateMappings({ ...opts, scimProviderPk: SIMULATED_SCIM_PROVIDER_PK });
}

export type UserStatus = "provisioned" | "skipped" | "mismatched" | "invalid" | "error";

export interface UserCheck extends EvaluatedUser {
    status: UserStatus;
    /** AWS rules the SCIM body or NameID breaks. */
    problems: string[];
    /** Why NameID and SCIM disagree. */
    mismatch?: string;
}

export interface Mismatch {
    username: string;
    nameId: string;
    scimUserName: string | null;
    detail: string;
}

/**
 * Which AWS uniqueness rule a collision breaks: SCIM `userName` (AWS SCIM CreateUser: userName) or the primary email
 * (AWS SCIM CreateUser: one email, marked primary).
 */
export type CollisionKind = "userName" | "email";

/** Users whose SCIM bodies share a value AWS requires to be unique; AWS would reject all but the first. */
export interface Collision {
    kind: CollisionKind;
    /** The shared value, lower-cased (AWS compared case-insensitively, the safe assumption). */
    value: string;
    /** authentik usernames of the colliding users, in input order. */
    usernames: string[];
}

export interface MappingCheckResult {
    users: UserCheck[];
    /** {@link identityInvariant} over the simulated sync (empty when only evaluated users were judged). */
    invariant: string[];
    runs: SyncRun[];
    counts: { total: number } & { [S in UserStatus]: number };
    mismatches: Mismatch[];
    collisions: Collision[];
    /** No mismatch, no invalid body, no error, no collision, no invariant violation. */
    ok: boolean;
}

const EVALUATOR = path.join(__dirname, "authentik_eval.py");

/** One configuration's evaluator output: the users, or why the expressions do not compile. */
export type EvaluatorOutput = (SyncSimulation & { compileError?: undefined }) | { compileError: string; results?: undefined };

function runEvaluator(stdin: unknown, python: string = harnessPython()): Promise<unknown> {
    return new Promise((resolve, reject) => {
        const child = spawn(python, [EVALUATOR], { stdio: ["pipe", "pipe", "pipe"] });
        const out: Buffer[] = [];
        const err: Buffer[] = [];
        child.stdout.on("data", (b: Buffer) => out.push(b));
        child.stderr.on("data", (b: Buffer) => err.push(b));
        child.on("error", (e) => reject(new Error(`cannot run ${python} ${EVALUATOR}: ${e.message}`)));
        child.on("close", (code) => {
            const stdout = Buffer.concat(out).toString("utf8");
            try {
                resolve(JSON.parse(stdout));
            } catch {
                const stderr = Buffer.concat(err).toString("utf8").trim();
                reject(new Error(`${EVALUATOR} exited with ${code}: ${stderr || stdout.slice(0, 500)}`));
            }
        });
        child.stdin.end(JSON.stringify(stdin));
    });
}

/** Evaluates several configurations in ONE python process (each over all its users). */
export async function evaluateBatch(inputs: EvaluatorInput[], python?: string): Promise<EvaluatorOutput[]> {
    const out = (await runEvaluator(inputs, python)) as { batch?: EvaluatorOutput[] };
    if (!Array.isArray(out.batch) || out.batch.length !== inputs.length) {
        throw new Error(`${EVALUATOR} returned no batch result for ${inputs.length} configurations`);
    }
    return out.batch;
}

/** Simulates one configuration's history (one python process); rejects if an expression does not compile. */
export async function simulateSync(input: EvaluatorInput, python?: string): Promise<SyncSimulation> {
    const out = (await runEvaluator(input, python)) as EvaluatorOutput;
    if (out.compileError !== undefined) throw new Error(`a mapping expression does not compile: ${out.compileError}`);
    if (!Array.isArray(out.results)) throw new Error(`${EVALUATOR} returned no results`);
    return out;
}

/** The per-user results of {@link simulateSync}. */
export async function evaluateMappings(input: EvaluatorInput, python?: string): Promise<EvaluatedUser[]> {
    return (await simulateSync(input, python)).results;
}

// ------------------------------------------------------------------------------------------------
// The oracle: AWS rules, written from the AWS SCIM developer guide (createuser.html, limitations.html), not from the generator.
// ------------------------------------------------------------------------------------------------
const CORE_USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
/** Row 32: letters, marks, symbols, numbers, punctuation; the newer API doc excludes < > ; : %. */
const USERNAME_CHARSET = /^[\p{L}\p{M}\p{S}\p{N}\p{P}]+$/u;
const USERNAME_EXCLUDED = /[<>;:%]/u;
/** Section 1.2: displayName charset (also allows tab, newline, carriage return and space). */
const DISPLAY_NAME_CHARSET = /^[\p{L}\p{M}\p{S}\p{N}\p{P}\t\n\r ]+$/u;
/** Row 30: reserved for users and groups. */
const RESERVED_NAMES = ["administrator", "awsadministrators"];
/** Row 35: attributes AWS rejects on a user. */
const UNSUPPORTED_ATTRIBUTES = ["photos", "password", "ims", "x509Certificates", "entitlements", "groups"];
/** Row 34: multi-valued attributes AWS accepts with at most one value, marked primary. */
const SINGLE_VALUE_LISTS = ["emails", "phoneNumbers", "addresses"];
/** Row 37: the NameID must be an email address (RFC 2822 shape: local@domain.tld, no whitespace). */
const NAMEID_EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/u;

/** Length in characters (code points), which is how AWS states its limits. */
function chars(s: string): number {
    return [...s].length;
}

function isBlank(v: unknown): boolean {
    return typeof v !== "string" || v.trim() === "";
}

function checkName(field: string, v: unknown, required: boolean, problems: string[]): void {
    if (v === undefined && !required) return;
    if (typeof v !== "string") {
        problems.push(`${field} must be a string, got ${JSON.stringify(v)} (AWS SCIM CreateUser: required attributes)`);
    } else if (isBlank(v)) {
        problems.push(`${field} ${JSON.stringify(v)} is empty or blank: AWS rejects the user (AWS SCIM CreateUser: required attributes)`);
    } else if (chars(v) > 1024) {
        problems.push(`${field} is ${chars(v)} characters, over 1024 (Identity Store API User/Group DisplayName)`);
    }
}

/** Every AWS rule a SCIM user body breaks (empty list = AWS accepts it). */
export function validateAwsScimBody(body: unknown): string[] {
    const problems: string[] = [];
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
        return [`the SCIM user body must be a JSON object, got ${JSON.stringify(body)}`];
    }
    const b = body as { [key: string]: unknown };

    const userName = b.userName;
    if (typeof userName !== "string" || userName === "") {
        problems.push(
            `userName is required and must be a non-empty string, got ${JSON.stringify(userName)} (AWS SCIM CreateUser: userName)`,
        );
    } else {
        if (chars(userName) > 128) problems.push(`userName is ${chars(userName)} characters, over 128 (AWS SCIM CreateUser: userName)`);
        if (!USERNAME_CHARSET.test(userName)) {
            problems.push(
                `userName ${JSON.stringify(userName)} has characters outside ` +
                    `letters/marks/symbols/numbers/punctuation (AWS SCIM CreateUser: userName)`,
            );
        }
        if (USERNAME_EXCLUDED.test(userName))
            problems.push(`userName ${JSON.stringify(userName)} contains one of < > ; : % (AWS SCIM CreateUser: userName)`);
        if (RESERVED_NAMES.includes(userName.toLowerCase()))
            problems.push(`userName ${JSON.stringify(userName)} is reserved by AWS (Identity Store API CreateUser: reserved names)`);
    }

    checkName("displayName", b.displayName, true, problems);
    if (typeof b.displayName === "string" && !isBlank(b.displayName) && !DISPLAY_NAME_CHARSET.test(b.displayName)) {
        problems.push(
            `displayName ${JSON.stringify(b.displayName)} has characters AWS does not accept (Identity Store API User/Group DisplayName)`,
        );
    }

    const name = b.name;
    if (typeof name !== "object" || name === null || Array.isArray(name)) {
        problems.push(
            `name must be an object with givenName and familyName, got ${JSON.stringify(name)} (AWS SCIM CreateUser: required attributes)`,
        );
    } else {
        const n = name as { [key: string]: unknown };
        checkName("name.givenName", n.givenName, true, problems);
        checkName("name.familyName", n.familyName, true, problems);
        checkName("name.formatted", n.formatted, false, problems);
    }

    for (const attr of SINGLE_VALUE_LISTS) {
        const list = b[attr];
        if (list === undefined) continue;
        if (!Array.isArray(list)) {
            problems.push(`${attr} must be a list, got ${JSON.stringify(list)}`);
            continue;
        }
        if (list.length > 1)
            problems.push(`${attr} has ${list.length} values; AWS accepts at most one (AWS SCIM CreateUser: one email, marked primary)`);
        list.forEach((entry, i) => {
            const e = (typeof entry === "object" && entry !== null ? entry : {}) as { [key: string]: unknown };
            if (e.primary !== true)
                problems.push(`${attr}[${i}] is not marked primary: true (AWS SCIM CreateUser: one email, marked primary)`);
            if ("display" in e) problems.push(`${attr}[${i}].display is not supported (AWS SCIM limitations)`);
            if (attr === "emails" && isBlank(e.value))
                problems.push(`emails[${i}].value must be a non-empty string (AWS SCIM CreateUser: one email, marked primary)`);
        });
    }

    for (const attr of UNSUPPORTED_ATTRIBUTES) {
        if (attr in b) problems.push(`${attr} is not supported by AWS and fails the request (AWS SCIM limitations)`);
    }
    const enterprise = b[ENTERPRISE_SCHEMA] as { manager?: { displayName?: unknown } } | undefined;
    if (enterprise?.manager && "displayName" in enterprise.manager) {
        problems.push(`manager.displayName is not supported (AWS SCIM limitations)`);
    }

    if ("active" in b && typeof b.active !== "boolean") problems.push(`active must be a boolean, got ${JSON.stringify(b.active)}`);
    if ("schemas" in b && !(Array.isArray(b.schemas) && b.schemas.includes(CORE_USER_SCHEMA))) {
        problems.push(`schemas must include ${CORE_USER_SCHEMA}`);
    }
    return problems;
}

/** Row 37: what AWS needs of the NameID text on its own (equality with userName is checked separately). */
export function validateAwsNameId(nameId: string): string[] {
    return NAMEID_EMAIL.test(nameId)
        ? []
        : [`NameID ${JSON.stringify(nameId)} is not an email address (IAM Identity Center SAML: NameID in emailAddress format)`];
}

function judge(u: EvaluatedUser): UserCheck {
    if (u.error || u.nameIdError) {
        return { ...u, status: "error", problems: [u.error ?? "", u.nameIdError ?? ""].filter((s) => s !== "") };
    }
    if (u.syncDetail?.startsWith("not synced")) return { ...u, status: "error", problems: [u.syncDetail] };
    if (u.skipped) {
        const problems = u.reason?.trim() ? [] : ["skipped without a reason (the admin cannot tell why)"];
        if (!u.nameIdFallback) {
            const mismatch = `SCIM skips the user but the NameID mapping still returns ${JSON.stringify(u.nameId)}`;
            return { ...u, status: "mismatched", problems, mismatch };
        }
        return { ...u, status: problems.length ? "invalid" : "skipped", problems };
    }
    if (u.scimBody === undefined && u.outcome === "skipped") {
        // Outside the SCIM provider's scope (e.g. a service account it excludes): never sent to AWS.
        if (!u.nameIdFallback) {
            return {
                ...u,
                status: "mismatched",
                problems: [],
                mismatch: `not provisioned (${u.syncDetail}) but the NameID mapping returns ${JSON.stringify(u.nameId)}`,
            };
        }
        return { ...u, status: "skipped", problems: [], reason: u.syncDetail ?? "not synced" };
    }
    const body = u.scimBody ?? {};
    const problems = validateAwsScimBody(body);
    if (u.outcome === "skipped") {
        // AWS did not take the user: no NameID may name them.
        const why = u.syncDetail ?? "AWS holds no user for them";
        if (!u.nameIdFallback) {
            return { ...u, status: "mismatched", problems, mismatch: `${why}, but the NameID mapping returns ${JSON.stringify(u.nameId)}` };
        }
        return { ...u, status: "invalid", problems: [...problems, why] };
    }
    problems.push(...validateAwsNameId(u.nameId));
    const userName = body.userName;
    if (u.awsUserName !== undefined && u.nameId !== u.awsUserName) {
        const why = u.nameIdFallback ? "the NameID mapping gave no value (uid fallback)" : "they differ";
        const mismatch = `NameID ${JSON.stringify(u.nameId)} != the userName AWS holds, ${JSON.stringify(u.awsUserName)}: ${why}`;
        return { ...u, status: "mismatched", problems, mismatch };
    }
    if (u.nameId !== userName) {
        const why = u.nameIdFallback ? "the NameID mapping gave no value (uid fallback)" : "they differ";
        const mismatch = `NameID ${JSON.stringify(u.nameId)} != SCIM userName ${JSON.stringify(userName)}: ${why}`;
        return { ...u, status: "mismatched", problems, mismatch };
    }
    return { ...u, status: problems.length ? "invalid" : "provisioned", problems };
}

/**
 * The identity invariant over a simulated history, for any identity attribute: no two authentik users can sign in
 * as the same AWS user, nobody signs in as an AWS user they are not linked to, every provisioned user's NameID is
 * the userName AWS holds for them, and no sync page was aborted. Returns the violations (empty: it holds).
 */
export function identityInvariant(sim: Pick<SyncSimulation, "results" | "runs">): string[] {
    const violations: string[] = [];
    const bySignIn = new Map<string, string[]>();
    for (const u of sim.results) {
        if (u.signsInAs === null || u.signsInAs === undefined) continue;
        const key = u.signsInAs.toLowerCase();
        bySignIn.set(key, [...(bySignIn.get(key) ?? []), u.username]);
        if (u.awsUserName === null || u.awsUserName === undefined || u.awsUserName.toLowerCase() !== key) {
            violations.push(
                `${JSON.stringify(u.username)} can sign in as AWS user ${JSON.stringify(u.signsInAs)}, ` +
                    `which is not the AWS user linked to them (${JSON.stringify(u.awsUserName ?? null)})`,
            );
        }
    }
    for (const [awsUser, usernames] of bySignIn) {
        if (usernames.length > 1)
            violations.push(`${usernames.map((n) => JSON.stringify(n)).join(", ")} can all sign in as AWS user ${JSON.stringify(awsUser)}`);
    }
    for (const u of sim.results) {
        if (u.outcome === "provisioned" && (u.nameIdFallback || u.nameId !== u.awsUserName)) {
            violations.push(
                `${JSON.stringify(u.username)} is provisioned as ${JSON.stringify(u.awsUserName)} ` +
                    `but the NameID is ${u.nameIdFallback ? "the uid fallback" : JSON.stringify(u.nameId)}`,
            );
        }
    }
    sim.runs.forEach((run, i) => {
        for (const a of run.abortedPages) {
            violations.push(
                `sync ${i + 1}: page ${a.page} aborted at ${JSON.stringify(a.at)} (${a.reason}); not synced: ${a.notSynced.length} user(s)`,
            );
        }
    });
    return violations;
}

/** One line of `npm run plan -- --users FILE --json`: the verdict for one person. */
export interface UserVerdict {
    username: string;
    email: string;
    outcome: "provisioned" | "skipped";
    reason: string | null;
    /** The SAML NameID authentik would send, or null when the mapping gives none (authentik then sends the uid). */
    nameId: string | null;
    awsUserName: string | null;
    signsInAs: string | null;
}

export function userVerdicts(users: AuthentikUser[], sim: Pick<SyncSimulation, "results">): UserVerdict[] {
    const byPk = new Map(users.map((u) => [u.pk, u]));
    return sim.results.map((r) => {
        const provisioned = r.outcome === "provisioned";
        return {
            username: r.username,
            email: (r.pk !== undefined ? byPk.get(r.pk)?.email : undefined) ?? "",
            outcome: provisioned ? "provisioned" : "skipped",
            reason: provisioned ? null : (r.reason ?? r.error ?? r.syncDetail ?? null),
            nameId: r.nameIdFallback ? null : r.nameId,
            awsUserName: r.awsUserName ?? null,
            signsInAs: r.signsInAs ?? null,
        };
    });
}

/** Judges already-evaluated users (the offline plan can feed a saved evaluator output). */
export function checkEvaluated(evaluated: EvaluatedUser[], sim?: Pick<SyncSimulation, "runs">): MappingCheckResult {
    const users = evaluated.map(judge);
    const counts = { total: users.length, provisioned: 0, skipped: 0, mismatched: 0, invalid: 0, error: 0 };
    for (const u of users) counts[u.status]++;

    const mismatches: Mismatch[] = users
        .filter((u) => u.status === "mismatched")
        .map((u) => ({
            username: u.username,
            nameId: u.nameId,
            scimUserName: typeof u.scimBody?.userName === "string" ? u.scimBody.userName : null,
            detail: u.mismatch ?? "",
        }));

    const byUserName = collisionsBy("userName", users, (body) => body.userName);
    // In email mode the primary email IS the userName, so a shared email is already a userName collision;
    // report it once. In username mode distinct usernames can share an email: that needs its own report.
    const sameUsers = new Set(byUserName.map((c) => c.usernames.join("\n")));
    const byEmail = collisionsBy("email", users, primaryEmail).filter((c) => !sameUsers.has(c.usernames.join("\n")));
    const collisions = [...byUserName, ...byEmail];

    const runs = sim?.runs ?? [];
    const invariant = sim ? identityInvariant({ results: evaluated, runs }) : [];
    const ok = counts.mismatched === 0 && counts.invalid === 0 && counts.error === 0 && collisions.length === 0 && invariant.length === 0;
    return { users, invariant, runs, counts, mismatches, collisions, ok };
}

/** The value of the email AWS stores as primary (AWS SCIM CreateUser: at most one, marked primary). */
function primaryEmail(body: { [key: string]: unknown }): unknown {
    const emails = Array.isArray(body.emails) ? (body.emails as unknown[]) : [];
    const primary = emails.find((e) => typeof e === "object" && e !== null && (e as { primary?: unknown }).primary === true);
    return (primary as { value?: unknown } | undefined)?.value;
}

/** Groups users with a SCIM body by a value AWS requires to be unique, compared case-insensitively. */
function collisionsBy(kind: CollisionKind, users: UserCheck[], valueOf: (body: { [key: string]: unknown }) => unknown): Collision[] {
    const groups = new Map<string, string[]>();
    for (const u of users) {
        const v = u.scimBody ? valueOf(u.scimBody) : undefined;
        if (typeof v !== "string" || v === "") continue;
        const key = v.toLowerCase();
        groups.set(key, [...(groups.get(key) ?? []), u.username]);
    }
    return [...groups.entries()].filter(([, names]) => names.length > 1).map(([value, usernames]) => ({ kind, value, usernames }));
}

function plural(n: number, noun: string): string {
    return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** Evaluates `mappings` for every user as authentik would and judges the outcome. One python3 process. */
/** Simulates one full sync of `users` with the mappings for `opts` and judges the outcome. One python process. */
export async function runMappingCheck(
    opts: Omit<MappingOptions, "scimProviderPk">,
    users: AuthentikUser[],
): Promise<MappingCheckResult & { simulation: SyncSimulation }> {
    const mappings = simulatedMappings(opts);
    const simulation = await simulateSync({ ...mappings, users, excludeServiceAccounts: opts.excludeServiceAccounts });
    return { ...checkEvaluated(simulation.results, simulation), simulation };
}

/** A short human-readable report: counts, then every mismatch, invalid body, error and collision. */
export function formatMappingCheck(result: MappingCheckResult): string {
    const c = result.counts;
    const count = (kind: CollisionKind) => result.collisions.filter((col) => col.kind === kind).length;
    const lines = [
        `mapping check: ${c.total} users: ${c.provisioned} provisioned, ${c.skipped} skipped, ` +
            `${c.mismatched} mismatched, ${c.invalid} invalid, ${c.error} errors, ` +
            `${plural(count("userName"), "userName collision")}, ${plural(count("email"), "email collision")}`,
    ];
    for (const m of result.mismatches) lines.push(`  mismatch  ${m.username}: ${m.detail}`);
    for (const u of result.users) {
        if (u.status === "invalid" || u.status === "error") lines.push(`  ${u.status.padEnd(8)}  ${u.username}: ${u.problems.join("; ")}`);
    }
    for (const v of result.invariant) lines.push(`  INVARIANT ${v}`);
    for (const run of result.runs) for (const a of run.abortedPages) lines.push(`  aborted   page ${a.page} at ${a.at}: ${a.reason}`);
    for (const col of result.collisions) {
        const rule =
            col.kind === "userName" ? "AWS userName must be unique, SCIM CreateUser" : "AWS primary email must be unique, SCIM CreateUser";
        lines.push(`  collision ${col.kind} ${col.value}: ${col.usernames.join(", ")} (${rule})`);
    }
    return lines.join("\n");
}
