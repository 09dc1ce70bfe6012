/**
 * The doctor against moto's Identity Center and the authentik API stand-in (tests/standins): a seeded federation
 * with one of every problem planted reports each exactly once and nothing else; paging past one page; throttling
 * retried (authentik 429, Identity Store ThrottlingException); the exit codes; the fix removes exactly the printed
 * memberships.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import {
    AttachManagedPolicyToPermissionSetCommand,
    CreateAccountAssignmentCommand,
    CreatePermissionSetCommand,
} from "@aws-sdk/client-sso-admin";
import {
    CreateGroupCommand,
    CreateUserCommand,
    ListGroupMembershipsCommand,
    ListGroupsCommand,
    ListUsersCommand,
} from "@aws-sdk/client-identitystore";
import { awsClients, declaredFrom, diagnose, Finding } from "../doctor";
import { runDoctor } from "../scripts/doctor";
import { identityCenter, MOTO_CREDENTIALS, MOTO_REGION, motoClients, MotoClients, MotoServer, startMoto } from "./standins/moto";
import { AuthentikStandin, startAuthentikStandin } from "./standins/authentik";
import { createFederation, FederationObjects, throttlingProxy, worldSettings } from "./harness/doctorWorld";

const DAY = 86400000;
const SIGNING = "aws-signing";

/** Findings as `check subject` lines, sorted: what the report says, without the prose. */
function summary(findings: Finding[]): string[] {
    return findings.map((f) => `${f.severity} ${f.check} ${f.subject}`).sort();
}

describe("doctor (moto + authentik stand-in)", function () {
    this.timeout(180000);
    let moto: MotoServer;
    let aws: MotoClients;
    let ak: AuthentikStandin;
    let ic: { instanceArn: string; identityStoreId: string };
    let fed: FederationObjects;
    let dir: string;
    let outputsFile: string;
    const now = new Date();

    const PLANTED = [
        "warning cannot-sign-in user dave",
        "error cannot-sign-in user erin",
        "error cannot-sign-in user gina",
        "error stale-access user bob@example.com in group aws-admins",
        "warning orphan-user AWS user ghost@example.com",
        "warning orphan-group AWS group console-admins",
        "warning group-missing-in-aws group aws-auditors",
        "warning permission-set-drift permission set Administrator",
        "warning assignment-drift user ghost@example.com → Administrator in 111111111111",
        `warning certificate-expiry certificate ${SIGNING}`,
        "warning scim-token-age AWS SCIM token",
        "error idp-metadata-stale IdP metadata in IAM Identity Center",
    ].sort();

    before(async () => {
        moto = await startMoto();
        aws = motoClients(moto.endpoint);
        ic = await identityCenter(moto.endpoint);
        ak = await startAuthentikStandin({
            identityStore: { endpoint: moto.endpoint, identityStoreId: ic.identityStoreId },
            syncDelayMs: 20,
        });
        ak.seed.keyPair({ name: SIGNING, notAfter: new Date(now.getTime() + 20 * DAY) });
        ak.seed.user({ username: "alice", name: "Alice Liddell", email: "alice@example.com", groups: ["aws-users", "aws-admins"] });
        const bob = ak.seed.user({ username: "bob", name: "Bob Builder", email: "bob@example.com", groups: ["aws-users", "aws-admins"] });
        ak.seed.user({ username: "dave", name: "Dave Ops", email: "dave..ops@example.com", groups: ["aws-users", "aws-admins"] });
        const gina = ak.seed.user({ username: "gina", name: "Gina Lee", email: "gina@example.com", groups: ["aws-users", "aws-admins"] });
        fed = await createFederation(ak, { groupFilters: ["aws-admins"], usersGroup: "aws-users", signingCertificate: SIGNING });
        // Bob leaves the group: in compatibility mode aws the removal never reaches AWS (authentik#23005).
        ak.seed.removeMember("aws-admins", bob.pk);
        // Gina's email changes: the update cannot reach AWS (moto has no UpdateUser; on AWS a 409 does the same).
        ak.seed.updateUser(gina.pk, { email: "gina.new@example.com" });
        await ak.sync(fed.scimPk);
        // Erin joins after the last sync: not provisioned yet.
        ak.seed.user({ username: "erin", name: "Erin Hall", email: "erin@example.com", groups: ["aws-users"] });

        // Made in AWS by hand: an orphan user and group, a permission set with an extra policy and an extra assignment.
        const ghost = await aws.identityStore.send(
            new CreateUserCommand({
                IdentityStoreId: ic.identityStoreId,
                UserName: "ghost@example.com",
                DisplayName: "Ghost",
                Name: { GivenName: "G", FamilyName: "Host" },
            }),
        );
        await aws.identityStore.send(new CreateGroupCommand({ IdentityStoreId: ic.identityStoreId, DisplayName: "console-admins" }));
        const ps = await aws.ssoAdmin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: "Administrator" }));
        const psArn = ps.PermissionSet!.PermissionSetArn!;
        for (const arn of ["arn:aws:iam::aws:policy/AdministratorAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess"]) {
            await aws.ssoAdmin.send(
                new AttachManagedPolicyToPermissionSetCommand({
                    InstanceArn: ic.instanceArn,
                    PermissionSetArn: psArn,
                    ManagedPolicyArn: arn,
                }),
            );
        }
        const groups = (await aws.identityStore.send(new ListGroupsCommand({ IdentityStoreId: ic.identityStoreId }))).Groups ?? [];
        const admins = groups.find((g) => g.DisplayName === "aws-admins")!;
        for (const [type, id] of [
            ["GROUP", admins.GroupId!],
            ["USER", ghost.UserId!],
        ] as const) {
            await aws.ssoAdmin.send(
                new CreateAccountAssignmentCommand({
                    InstanceArn: ic.instanceArn,
                    PermissionSetArn: psArn,
                    TargetId: "111111111111",
                    TargetType: "AWS_ACCOUNT",
                    PrincipalType: type,
                    PrincipalId: id,
                }),
            );
        }

        // The stack: its file, and its outputs with the IdP metadata AWS was given before authentik's issuer changed.
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "doctor-"));
        const settings = worldSettings({
            ...ic,
            signingCertificate: SIGNING,
            scimGroups: ["aws-auditors"],
            scimTokenIssuedAt: new Date(now.getTime() - 340 * DAY).toISOString().slice(0, 10),
        });
        fs.writeFileSync(
            path.join(dir, "Pulumi.test.yaml"),
            yaml.dump({ config: { "aws:region": MOTO_REGION, "aws-identity-center-authentik:federation": settings } }),
        );
        const metadata = (await (
            await fetch(`${ak.url}/api/v3/providers/saml/${fed.samlPk}/metadata/`, { headers: { Authorization: `Bearer ${ak.token}` } })
        ).json()) as { metadata: string };
        const uploaded = metadata.metadata.replace(
            /entityID="[^"]*"/,
            'entityID="https://authentik.example.com/application/saml/aws-console/sso/binding/redirect/"',
        );
        assert.notEqual(uploaded, metadata.metadata);
        outputsFile = path.join(dir, "outputs.json");
        fs.writeFileSync(
            outputsFile,
            JSON.stringify({ idpMetadataXml: uploaded, scimProviderId: String(fed.scimPk), samlProviderId: String(fed.samlPk) }),
        );
    });
    after(async () => {
        await ak?.stop();
        aws?.destroy();
        await moto?.stop();
        if (dir) fs.rmSync(dir, { recursive: true, force: true });
    });

    function input(extra: Partial<Parameters<typeof diagnose>[0]> = {}): Parameters<typeof diagnose>[0] {
        const settings = yaml.load(fs.readFileSync(path.join(dir, "Pulumi.test.yaml"), "utf8")) as { config: Record<string, unknown> };
        const s = settings.config["aws-identity-center-authentik:federation"] as ReturnType<typeof worldSettings>;
        const outputs = JSON.parse(fs.readFileSync(outputsFile, "utf8"));
        return {
            declared: declaredFrom(s, outputs),
            outputs,
            applicationSlug: fed.slug,
            authentik: { url: ak.url, token: ak.token },
            aws: awsClients({ region: MOTO_REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }),
            identityStoreId: ic.identityStoreId,
            instanceArn: ic.instanceArn,
            now,
            ...extra,
        };
    }

    it("reports every planted problem exactly once and nothing else", async () => {
        const result = await diagnose(input());
        assert.deepEqual(summary(result.findings), PLANTED);
        const stale = result.findings.find((f) => f.check === "stale-access")!;
        assert.match(stale.evidence, /Administrator in 111111111111/, "the access it still grants, from the access matrix");
        assert.match(result.findings.find((f) => f.subject === "user dave")!.evidence, /validate_email/);
        assert.match(result.findings.find((f) => f.subject === "user gina")!.evidence, /gina\.new@example\.com.*gina@example\.com/);
        assert.match(result.findings.find((f) => f.check === "permission-set-drift")!.evidence, /ReadOnlyAccess/);
        assert.deepEqual(
            result.stale.map((s) => [s.userName, s.groupName]),
            [["bob@example.com", "aws-admins"]],
        );
    });

    it("pages past one page on both sides and finds the same", async () => {
        const before = ak.requests.length;
        const counted = { pages: 0 };
        const result = await diagnose(input({ authentikPageSize: 2, awsPageSize: 2 }));
        assert.deepEqual(summary(result.findings), PLANTED);
        const userPages = ak.requests.slice(before).filter((r) => r.path === "core/users/");
        assert.ok(userPages.length >= 3, `5 users in pages of 2: ${userPages.length} requests`);
        counted.pages = result.calls.identitystore;
        // At least: users (4 in AWS → 2 pages), groups (2 → 1), memberships (aws-admins: 3 → 2, console-admins: 0 → 1).
        assert.ok(counted.pages >= 6, `Identity Store calls: ${counted.pages}`);
        const single = await diagnose(input());
        assert.ok(single.calls.identitystore < counted.pages, "pages of 100 take fewer calls");
    });

    it("retries throttling: authentik's 429 and the Identity Store's ThrottlingException", async () => {
        let refused = 0;
        ak.faults.push((req) =>
            req.path === "core/users/" && refused++ < 2 ? { status: 429, body: { detail: "Request was throttled." } } : undefined,
        );
        const proxy = await throttlingProxy(moto.endpoint, 3);
        try {
            const result = await diagnose(
                input({ aws: awsClients({ region: MOTO_REGION, endpoint: proxy.endpoint, credentials: MOTO_CREDENTIALS }) }),
            );
            assert.deepEqual(summary(result.findings), PLANTED);
            assert.equal(refused, 3, "two 429s answered, then the fault stood aside");
            assert.equal(proxy.throttled(), 3);
        } finally {
            ak.faults.length = 0;
            await proxy.close();
        }
    });

    const io = (lines: { out: string[]; err: string[] }, extra: Record<string, unknown> = {}) => ({
        out: (t: string) => lines.out.push(t),
        err: (t: string) => lines.err.push(t),
        env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: ak.token },
        dir,
        awsEndpoint: moto.endpoint,
        awsCredentials: MOTO_CREDENTIALS,
        ...extra,
    });

    it("exit codes: 1 with errors (JSON report), 2 naming what is missing", async () => {
        const lines = { out: [] as string[], err: [] as string[] };
        assert.equal(await runDoctor(["--stack", "test", "--outputs", outputsFile, "--json"], io(lines)), 1);
        const report = JSON.parse(lines.out.join("\n")) as { findings: Finding[] };
        assert.equal(report.findings.length, PLANTED.length);

        const noToken = { out: [] as string[], err: [] as string[] };
        assert.equal(await runDoctor(["--stack", "test"], io(noToken, { env: { AUTHENTIK_URL: ak.url } })), 2);
        assert.match(noToken.err.join("\n"), /missing the authentik API token/);

        const badToken = { out: [] as string[], err: [] as string[] };
        assert.equal(
            await runDoctor(
                ["--stack", "test", "--outputs", outputsFile],
                io(badToken, { env: { AUTHENTIK_URL: ak.url, AUTHENTIK_TOKEN: "wrong" } }),
            ),
            2,
        );
        assert.match(badToken.err.join("\n"), /missing a valid authentik API token \(authentik answered HTTP 403 .*Token invalid/);

        const noAws = { out: [] as string[], err: [] as string[] };
        assert.equal(await runDoctor(["--stack", "test", "--outputs", outputsFile], io(noAws, { awsEndpoint: "http://127.0.0.1:9" })), 2);
        assert.match(noAws.err.join("\n"), /cannot run: missing/);

        const noStack = { out: [] as string[], err: [] as string[] };
        assert.equal(await runDoctor(["--stack", "nope"], io(noStack)), 2);
        assert.equal(await runDoctor(["--bogus"], io(noStack)), 2);
    });

    it("--fix-stale-access prints the changes, does nothing unconfirmed, then removes exactly those", async () => {
        const state = async () => {
            const users = (await aws.identityStore.send(new ListUsersCommand({ IdentityStoreId: ic.identityStoreId }))).Users ?? [];
            const groups = (await aws.identityStore.send(new ListGroupsCommand({ IdentityStoreId: ic.identityStoreId }))).Groups ?? [];
            const members: string[] = [];
            for (const g of groups) {
                for (const m of (
                    await aws.identityStore.send(
                        new ListGroupMembershipsCommand({ IdentityStoreId: ic.identityStoreId, GroupId: g.GroupId! }),
                    )
                ).GroupMemberships ?? []) {
                    members.push(`${g.DisplayName} ${users.find((u) => u.UserId === m.MemberId?.UserId)?.UserName}`);
                }
            }
            return { users: users.map((u) => u.UserName).sort(), groups: groups.map((g) => g.DisplayName).sort(), members: members.sort() };
        };
        const before = await state();
        const declined = { out: [] as string[], err: [] as string[] };
        assert.equal(
            await runDoctor(
                ["--stack", "test", "--outputs", outputsFile, "--fix-stale-access"],
                io(declined, { confirm: async () => false }),
            ),
            1,
        );
        const printed = declined.err.filter((l) => l.includes("would remove"));
        assert.equal(printed.length, 1);
        assert.match(printed[0], /would remove bob@example\.com from aws-admins: DeleteGroupMembership .*Administrator in 111111111111/);
        assert.match(declined.err.join("\n"), /not confirmed; nothing was changed/);
        assert.deepEqual(await state(), before);

        const applied = { out: [] as string[], err: [] as string[] };
        assert.equal(
            await runDoctor(["--stack", "test", "--outputs", outputsFile, "--fix-stale-access", "--yes"], io(applied)),
            1,
            "other errors remain",
        );
        assert.match(applied.err.join("\n"), /removed bob@example\.com from aws-admins/);
        const after = await state();
        assert.deepEqual(
            after,
            { ...before, members: before.members.filter((m) => m !== "aws-admins bob@example.com") },
            "exactly the printed membership, nothing else",
        );

        const again = await diagnose(input());
        assert.deepEqual(
            summary(again.findings),
            PLANTED.filter((l) => !l.includes("stale-access")),
        );
    });
});
