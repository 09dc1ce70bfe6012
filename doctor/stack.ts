/**
 * What the doctor needs from a stack: its settings (the stack file, read as the offline plan reads it), its outputs
 * when they can be read, and the access it is told to use (authentik URL/token, AWS region/profile).
 */
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { AccessMatrixRow } from "../components/args";
import { AUTHENTIK_DEFAULTS } from "../components/authentik/resources";
import { accessMatrix } from "../components/aws/accessMatrix";
import { planAssignments, scimGroupFilters, targetsByOrganization } from "../components/aws/assignmentPlan";
import { FederationSettings, PROJECT, SETTINGS_KEY } from "../program/settings";
import { readStackFile, StackFileError } from "../program/stackFile";
import { formatProblem } from "../components/problems";
import { DoctorCannotRun } from "./findings";
import { Declared } from "./snapshot";

/** The stack outputs the doctor reads (program/program.ts `federationOutputs`). */
export interface StackOutputs {
    idpMetadataXml?: string;
    samlProviderId?: string;
    scimProviderId?: string;
    instanceArn?: string;
    identityStoreId?: string;
    permissionSetArns?: { [name: string]: string };
    accessMatrix?: AccessMatrixRow[];
}

export interface StackAccess {
    authentikUrl?: string;
    authentikToken?: string;
    region?: string;
    profile?: string;
}

export interface StackInfo {
    settings: FederationSettings;
    declared: Declared;
    outputs: StackOutputs;
    access: StackAccess;
}

/** The stack's `Declared` view from its settings and (optionally) outputs. */
export function declaredFrom(settings: FederationSettings, outputs: StackOutputs = {}): Declared {
    const assignments = settings.assignments ?? [];
    const byOrganization = assignments.some(targetsByOrganization);
    const matrix = outputs.accessMatrix ?? accessMatrix(planAssignments(assignments.map((a) => ({ ...a, accounts: a.accounts ?? [] }))));
    return {
        identityAttribute: settings.identityAttribute ?? "email",
        excludeServiceAccounts: settings.authentik.excludeServiceAccounts ?? true,
        usersGroup: settings.authentik.usersGroup,
        scimGroups: scimGroupFilters(settings),
        externalGroups: settings.principalIds?.externalGroups ?? [],
        permissionSets: Object.fromEntries(
            Object.entries(settings.permissionSets ?? {}).map(([name, ps]) => [
                name,
                {
                    managedPolicies: ps.managedPolicies ?? [],
                    customerManagedPolicies: (ps.customerManagedPolicies ?? []).map((c) => ({ name: c.name, path: c.path ?? "/" })),
                },
            ]),
        ),
        accessMatrix: matrix,
        accessMatrixIncomplete: outputs.accessMatrix === undefined && byOrganization,
        scimTokenIssuedAt: settings.identityCenter.scimTokenIssuedAt,
        signingCertificate: settings.authentik.signingCertificate ?? AUTHENTIK_DEFAULTS.signingCertificate,
        idpMetadataXml: outputs.idpMetadataXml,
    };
}

/** `pulumi stack output --json` when the Pulumi CLI is there and logged in; else no outputs (the checks that need them say so). */
function pulumiOutputs(stack: string, dir: string): StackOutputs | undefined {
    try {
        const text = execFileSync("pulumi", ["stack", "output", "--json", "--stack", stack], {
            cwd: dir,
            encoding: "utf8",
            stdio: ["ignore", "pipe", "ignore"],
            timeout: 60_000,
        });
        return JSON.parse(text) as StackOutputs;
    } catch {
        return undefined;
    }
}

/** Reads `Pulumi.<stack>.yaml` in `dir`, outputs from `outputsFile` or the Pulumi CLI, access from config then environment. */
export function readStack(stack: string, opts: { dir: string; outputsFile?: string; env?: NodeJS.ProcessEnv }): StackInfo {
    const env = opts.env ?? process.env;
    const file = path.join(opts.dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file)) throw new DoctorCannotRun(`no stack file ${file}`, "pass --stack <name> of a stack in this directory");
    let config;
    try {
        config = readStackFile(file);
    } catch (e) {
        if (e instanceof StackFileError)
            throw new DoctorCannotRun(
                `${e.file} cannot be read: ${e.problems.map(formatProblem).join("; ")}`,
                "fix the stack file (npm run plan shows every problem)",
            );
        throw e;
    }
    const raw = config.values[`${PROJECT}:${SETTINGS_KEY}`];
    if (raw === undefined) throw new DoctorCannotRun(`${file} has no ${PROJECT}:${SETTINGS_KEY}`, "check the stack name");
    const settings = JSON.parse(raw) as FederationSettings;
    const outputs = opts.outputsFile
        ? (JSON.parse(fs.readFileSync(opts.outputsFile, "utf8")) as StackOutputs)
        : (pulumiOutputs(stack, opts.dir) ?? {});
    const plain = (key: string) => (config.encrypted.includes(key) ? undefined : config.values[key]);
    const access: StackAccess = {
        authentikUrl: settings.authentik.apiUrl ?? plain("authentik:url") ?? env.AUTHENTIK_URL,
        // An encrypted authentik:token needs the Pulumi CLI to decrypt: the environment variable is the way in.
        authentikToken: env.AUTHENTIK_TOKEN ?? plain("authentik:token"),
        region: settings.identityCenter.region ?? plain("aws:region") ?? env.AWS_REGION,
        profile: plain("aws:profile") ?? env.AWS_PROFILE,
    };
    return { settings, declared: declaredFrom(settings, outputs), outputs, access };
}
