/**
 * `npm run doctor -- --stack NAME [--json] [--outputs FILE] [--concurrency N] [--fix-stale-access [--yes]]`
 *
 * Reads authentik (authentik:url / authentik:token from the stack file, else AUTHENTIK_URL / AUTHENTIK_TOKEN) and
 * IAM Identity Center (the AWS SDK's default credential chain or aws:profile, in identityCenter.region / aws:region)
 * and reports who cannot sign in, stale access, orphans, drift and expiry. Exit codes: 0 healthy, 1 findings of
 * severity error, 2 cannot run (names what is missing). `--fix-stale-access` removes exactly the stale memberships
 * it prints, after confirmation (or `--yes`); nothing else is ever written.
 */
import * as path from "node:path";
import * as readline from "node:readline/promises";
import { parseArgs } from "node:util";
import {
    awsClients,
    diagnose,
    DoctorCannotRun,
    EXIT,
    exitCodeOf,
    fixStaleAccess,
    formatReport,
    planStaleAccessFix,
    readStack,
} from "../doctor";

const USAGE = "usage: npm run doctor -- --stack NAME [--json] [--outputs FILE] [--concurrency N] [--fix-stale-access [--yes]]";

export interface DoctorIo {
    out: (text: string) => void;
    err: (text: string) => void;
    /** Asks a yes/no question; default: stdin. */
    confirm?: (question: string) => Promise<boolean>;
    env?: NodeJS.ProcessEnv;
    /** Where the stack files are (default: the repository root). */
    dir?: string;
    /** Tests: an AWS endpoint and static credentials (moto). */
    awsEndpoint?: string;
    awsCredentials?: { accessKeyId: string; secretAccessKey: string };
}

async function askStdin(question: string): Promise<boolean> {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    try {
        return /^y(es)?$/i.test((await rl.question(question)).trim());
    } finally {
        rl.close();
    }
}

export async function runDoctor(argv: string[], io: DoctorIo): Promise<number> {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                stack: { type: "string", short: "s" },
                json: { type: "boolean", default: false },
                outputs: { type: "string" },
                concurrency: { type: "string", default: "8" },
                "fix-stale-access": { type: "boolean", default: false },
                yes: { type: "boolean", short: "y", default: false },
            },
            strict: true,
        }));
    } catch (e) {
        io.err(`${(e as Error).message}\n${USAGE}`);
        return EXIT.cannotRun;
    }
    if (!values.stack) {
        io.err(`--stack is required\n${USAGE}`);
        return EXIT.cannotRun;
    }
    const concurrency = Number(values.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
        io.err(`--concurrency must be an integer from 1 to 64, got ${values.concurrency}`);
        return EXIT.cannotRun;
    }
    const env = io.env ?? process.env;
    try {
        const stack = readStack(values.stack, { dir: io.dir ?? path.join(__dirname, ".."), outputsFile: values.outputs, env });
        const { authentikUrl, authentikToken, region, profile } = stack.access;
        if (!authentikUrl)
            throw new DoctorCannotRun("the authentik endpoint", "pulumi config set authentik:url https://<authentik> (or AUTHENTIK_URL)");
        if (!authentikToken)
            throw new DoctorCannotRun(
                "the authentik API token",
                "export AUTHENTIK_TOKEN=<token> (an encrypted authentik:token cannot be read without the Pulumi CLI)",
            );
        if (!region)
            throw new DoctorCannotRun(
                "the AWS region of IAM Identity Center",
                "pulumi config set aws:region <region> (or identityCenter.region, or AWS_REGION)",
            );
        const aws = awsClients({ region, profile, endpoint: io.awsEndpoint, credentials: io.awsCredentials });
        let last = 0;
        const progress = (message: string) => {
            const now = Date.now();
            if (now - last < 500) return;
            last = now;
            io.err(`doctor: ${message}`);
        };
        const result = await diagnose({
            declared: stack.declared,
            outputs: stack.outputs,
            applicationSlug: stack.settings.authentik.applicationSlug,
            authentik: { url: authentikUrl, token: authentikToken },
            aws,
            identityStoreId: stack.settings.identityCenter.identityStoreId,
            instanceArn: stack.settings.identityCenter.instanceArn,
            concurrency,
            progress,
        });
        if (values.json) io.out(JSON.stringify({ findings: result.findings, stale: result.stale, calls: result.calls }, null, 2));
        else io.out(formatReport(result.findings));
        if (!values["fix-stale-access"]) return exitCodeOf(result.findings);

        const storeId = result.aws.identityStoreId;
        if (result.stale.length === 0) {
            io.err("fix-stale-access: no stale memberships: nothing to remove");
            return exitCodeOf(result.findings);
        }
        const plan = planStaleAccessFix(result.stale, storeId);
        io.err(
            `fix-stale-access: ${plan.length} membership(s) to remove, nothing else is changed:\n${plan.map((l) => `  ${l}`).join("\n")}`,
        );
        const go = values.yes || (await (io.confirm ?? askStdin)(`Remove these ${plan.length} membership(s) from ${storeId}? [y/N] `));
        if (!go) {
            io.err("fix-stale-access: not confirmed; nothing was changed");
            return exitCodeOf(result.findings);
        }
        const fixed = await fixStaleAccess(aws.identityStore, storeId, result.stale);
        for (const s of fixed.removed) io.err(`removed ${s.userName} from ${s.groupName} (${s.membershipId})`);
        for (const r of fixed.refused) io.err(`NOT removed ${r.membership.userName} from ${r.membership.groupName}: ${r.reason}`);
        // Stale access that could not be removed is still an error; removed stale access no longer is.
        const removed = new Set(fixed.removed.map((s) => `user ${s.userName} in group ${s.groupName}`));
        return exitCodeOf(result.findings.filter((f) => !(f.check === "stale-access" && removed.has(f.subject))));
    } catch (e) {
        if (e instanceof DoctorCannotRun) {
            io.err(`doctor: cannot run: missing ${e.missing}.\n  Fix: ${e.fix}`);
            return EXIT.cannotRun;
        }
        throw e;
    }
}

if (require.main === module) {
    runDoctor(process.argv.slice(2), { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) }).then(
        (code) => process.exit(code),
        (e) => {
            process.stderr.write(`doctor: ${(e as Error).stack ?? e}\n`);
            process.exit(EXIT.cannotRun);
        },
    );
}
