/**
 * The doctor: who cannot sign in, who kept access they lost, what the stack did not declare and what expires,
 * read from live authentik and IAM Identity Center. Read-only; {@link fixStaleAccess} is the one write, and only
 * when asked for.
 *
 * `diagnose` is the entry point for platform tooling; `npm run doctor` (scripts/doctor.ts) is its CLI.
 */
import { checkAccess } from "./checks/access";
import { checkDrift } from "./checks/drift";
import { checkExpiry } from "./checks/expiry";
import { checkSignIn, usersInScope } from "./checks/signIn";
import { Finding, sortFindings, StaleMembership } from "./findings";
import { computeIdentities, Identity } from "./identities";
import { AuthentikAccess, readAuthentik } from "./readers/authentik";
import { AwsClients, readAws } from "./readers/aws";
import { CallCounter, Progress } from "./readers/pool";
import { AuthentikSnapshot, AwsSnapshot, Declared } from "./snapshot";
import { StackOutputs } from "./stack";

export { DoctorCannotRun, EXIT, exitCodeOf, Finding, formatReport, StaleMembership } from "./findings";
export { awsClients } from "./readers/aws";
export { declaredFrom, readStack } from "./stack";
export { fixStaleAccess, planStaleAccessFix } from "./fix";

/** Every check over snapshots already read: pure apart from the mapping harness (one python process). */
export async function judge(
    declared: Declared,
    ak: AuthentikSnapshot,
    aws: AwsSnapshot,
    opts: { now?: Date; identities?: Map<number, Identity> } = {},
): Promise<{ findings: Finding[]; stale: StaleMembership[] }> {
    const identities =
        opts.identities ??
        (usersInScope(declared, ak).length > 0
            ? await computeIdentities(ak.users, {
                  identityAttribute: declared.identityAttribute,
                  excludeServiceAccounts: declared.excludeServiceAccounts,
              })
            : new Map<number, Identity>());
    const access = checkAccess(declared, ak, aws);
    const findings: Finding[] = [
        ...checkSignIn(declared, ak, aws, identities),
        ...access.findings,
        ...checkDrift(declared, aws),
        ...checkExpiry(declared, ak, opts.now ?? new Date()),
    ];
    if (declared.idpMetadataXml === undefined) {
        findings.push({
            check: "check-skipped",
            severity: "info",
            subject: "IdP metadata",
            evidence: "the stack's idpMetadataXml output could not be read, so the metadata AWS holds was not compared with authentik's",
            fix: "run the doctor where `pulumi stack output` works, or pass --outputs <file of `pulumi stack output --json`>",
        });
    }
    if (declared.accessMatrixIncomplete) {
        findings.push({
            check: "check-skipped",
            severity: "info",
            subject: "account assignments",
            evidence:
                "assignments select accounts by OU, tag or name and the accessMatrix " +
                "output could not be read, so assignment drift was not judged",
            fix: "pass --outputs <file of `pulumi stack output --json`>",
        });
    }
    return { findings: sortFindings(findings), stale: access.stale };
}

export interface DiagnoseInput {
    declared: Declared;
    outputs?: StackOutputs;
    applicationSlug: string;
    authentik: AuthentikAccess;
    aws: AwsClients;
    identityStoreId?: string;
    instanceArn?: string;
    now?: Date;
    concurrency?: number;
    /** Page sizes (defaults 100): tests page past one page with small ones. */
    authentikPageSize?: number;
    awsPageSize?: number;
    progress?: Progress;
    /** Test hook: the fetch the authentik client uses. */
    fetchApi?: Parameters<typeof readAuthentik>[1]["fetchApi"];
}

export interface Diagnosis {
    findings: Finding[];
    stale: StaleMembership[];
    /** API calls made, by system. */
    calls: { [kind: string]: number };
    authentik: AuthentikSnapshot;
    aws: AwsSnapshot;
}

function accountsByPermissionSet(declared: Declared): { [name: string]: string[] } {
    const out = new Map<string, string[]>();
    for (const r of declared.accessMatrix) out.set(r.permissionSet, [...(out.get(r.permissionSet) ?? []), r.accountId]);
    return Object.fromEntries(out);
}

/** Reads both sides (in parallel) and runs every check. Throws {@link DoctorCannotRun} when a side cannot be read. */
export async function diagnose(input: DiagnoseInput): Promise<Diagnosis> {
    const counter = new CallCounter();
    const outputs = input.outputs ?? {};
    const [ak, aws] = await Promise.all([
        readAuthentik(input.authentik, {
            applicationSlug: input.applicationSlug,
            signingCertificate: input.declared.signingCertificate,
            scimProviderId: outputs.scimProviderId,
            samlProviderId: outputs.samlProviderId,
            counter,
            progress: input.progress,
            concurrency: input.concurrency,
            pageSize: input.authentikPageSize,
            fetchApi: input.fetchApi,
        }),
        readAws(input.aws, {
            identityStoreId: input.identityStoreId ?? outputs.identityStoreId,
            instanceArn: input.instanceArn ?? outputs.instanceArn,
            permissionSets: Object.keys(input.declared.permissionSets),
            permissionSetArns: outputs.permissionSetArns,
            declaredAccounts: accountsByPermissionSet(input.declared),
            pageSize: input.awsPageSize,
            counter,
            progress: input.progress,
            concurrency: input.concurrency,
        }),
    ]);
    input.progress?.(`checking ${ak.users.length} authentik users against ${aws.users.length} AWS users`);
    const { findings, stale } = await judge(input.declared, ak, aws, { now: input.now });
    return { findings, stale, calls: counter.toJSON(), authentik: ak, aws };
}
