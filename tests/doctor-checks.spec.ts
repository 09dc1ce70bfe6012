/**
 * The doctor's pure parts with in-memory inputs: the credential-expiry rule (shared by the component, the policy
 * pack and the doctor), the new `identityCenter.scimTokenIssuedAt` input, the sign-in branches moto cannot
 * produce (a disabled or deleted AWS user, a stale stored answer), a healthy federation (exit 0) and the fix when
 * the Identity Store refuses the write.
 */
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { mockClient } from "aws-sdk-client-mock";
import { DeleteGroupMembershipCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { certificateExpiry, parseIsoDate, scimTokenAge } from "../policy/rules/credentialExpiry";
import { credentialExpiry, FEDERATION_TYPE } from "../policy/policies/credentialExpiry";
import { certificateNotAfter, certificateWarning, scimTokenWarning } from "../components/expiry";
import { validateScimTokenIssuedAt } from "../components/aws/validation";
import { validateFederationArgs } from "../components/federation";
import { checkSignIn } from "../doctor/checks/signIn";
import { metadataIdentity } from "../doctor/checks/expiry";
import { Identity } from "../doctor/identities";
import { declaredFrom, exitCodeOf, fixStaleAccess, planStaleAccessFix, StaleMembership } from "../doctor";
import { judge } from "../doctor";
import { AuthentikSnapshot, AwsSnapshot } from "../doctor/snapshot";
import { runPolicyOver } from "./harness/policyHarness";
import { worldSettings } from "./harness/doctorWorld";

const DAY = 86400000;
const NOW = new Date("2026-12-02T06:00:00Z");
const at = (days: number) => new Date(NOW.getTime() + days * DAY);

describe("credential expiry (policy/rules/credentialExpiry.ts)", () => {
    it("certificate: ok beyond 30 days, warning within 30, error within 7 and after", () => {
        assert.equal(certificateExpiry(at(31), NOW).severity, "ok");
        assert.equal(certificateExpiry(at(30), NOW).severity, "warning");
        assert.equal(certificateExpiry(at(8), NOW).severity, "warning");
        assert.equal(certificateExpiry(at(7), NOW).severity, "error");
        assert.equal(certificateExpiry(at(-1), NOW).severity, "error");
        assert.match(certificateExpiry(at(-1), NOW).message, /expired/);
    });
    it("SCIM token: warning from 335 days of age, error after a year", () => {
        assert.equal(scimTokenAge(at(-334), NOW).severity, "ok");
        assert.equal(scimTokenAge(at(-335), NOW).severity, "warning");
        assert.equal(scimTokenAge(at(-365), NOW).severity, "error");
    });
    it("parses ISO dates and timestamps, refuses the rest", () => {
        assert.equal(parseIsoDate("2026-01-31")?.toISOString(), "2026-01-31T00:00:00.000Z");
        assert.equal(parseIsoDate("2026-01-31T12:00:00Z")?.toISOString(), "2026-01-31T12:00:00.000Z");
        for (const bad of ["2026-02-30", "31.01.2026", "2026-1-31", "2026-01-31T12:00", "", 20260131])
            assert.equal(parseIsoDate(bad), undefined, String(bad));
    });
});

describe("identityCenter.scimTokenIssuedAt", () => {
    const args = (v: unknown) => ({
        ...worldSettings({
            identityStoreId: "d-1234567890",
            instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
            signingCertificate: "kp",
        }),
        identityCenter: {
            ...worldSettings({
                identityStoreId: "d-1234567890",
                instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
                signingCertificate: "kp",
            }).identityCenter,
            scimToken: "t",
            scimTokenIssuedAt: v,
        },
    });
    it("accepts an ISO date; refuses other text, other types and the future, naming the field", () => {
        assert.deepEqual(validateScimTokenIssuedAt({ scimTokenIssuedAt: "2026-01-31" }, NOW), []);
        for (const bad of ["yesterday", "2026-13-01", 20260131, "2027-06-01"]) {
            const [p, ...rest] = validateScimTokenIssuedAt({ scimTokenIssuedAt: bad as string }, NOW);
            assert.equal(rest.length, 0);
            assert.equal(p.field, "identityCenter.scimTokenIssuedAt");
            assert.equal(p.severity, "error");
        }
    });
    it("is a known key of the component's arguments and validated with them", () => {
        assert.deepEqual(validateFederationArgs(args("2026-01-31") as never).errors, []);
        assert.deepEqual(
            validateFederationArgs(args("soon") as never).errors.map((e) => e.field),
            ["identityCenter.scimTokenIssuedAt"],
        );
    });
});

describe("components/expiry.ts", () => {
    const pem = fs.readFileSync(path.join(__dirname, "fixtures", "test-only-localhost.crt"), "utf8");
    it("reads notAfter from the public certificate only", () => {
        assert.equal(certificateNotAfter(pem), "2126-11-04T21:27:10.000Z");
        assert.equal(certificateNotAfter("", "2027-01-01T00:00:00Z"), "2027-01-01T00:00:00.000Z");
        assert.equal(certificateNotAfter(undefined, ""), undefined);
    });
    it("warns for a certificate within 30 days and a token 335 days old, not otherwise", () => {
        assert.match(certificateWarning("kp", at(20).toISOString(), NOW)!, /expires on .* in 20 days\. Rotate it/);
        assert.equal(certificateWarning("kp", at(40).toISOString(), NOW), undefined);
        assert.match(scimTokenWarning(at(-340).toISOString().slice(0, 10), NOW)!, /340 days old/);
        assert.equal(scimTokenWarning(at(-100).toISOString().slice(0, 10), NOW), undefined);
        assert.equal(scimTokenWarning(undefined, NOW), undefined);
    });
});

describe("policy credential-expiry (advisory)", () => {
    const component = (props: Record<string, unknown>) => [{ type: FEDERATION_TYPE, name: "aws-identity-center", props }];
    it("reports a certificate close to expiry and an old SCIM token, not fresh ones", async () => {
        const soon = new Date(Date.now() + 10 * DAY).toISOString();
        const old = new Date(Date.now() - 340 * DAY).toISOString().slice(0, 10);
        const messages = (
            await runPolicyOver(credentialExpiry, component({ signingCertificateExpiry: soon, identityCenter: { scimTokenIssuedAt: old } }))
        ).map((r) => r.message);
        assert.equal(messages.length, 2);
        assert.match(messages[0], /signingCertificateExpiry = .*expires on/);
        assert.match(messages[1], /scimTokenIssuedAt = .*340 days old/);
        const fresh = await runPolicyOver(
            credentialExpiry,
            component({
                signingCertificateExpiry: new Date(Date.now() + 90 * DAY).toISOString(),
                scimTokenIssuedAt: new Date().toISOString().slice(0, 10),
            }),
        );
        assert.deepEqual(fresh, []);
    });
});

describe("doctor checks (in memory)", () => {
    const settings = worldSettings({
        identityStoreId: "d-1234567890",
        instanceArn: "arn:aws:sso:::instance/ssoins-1234567890abcdef",
        signingCertificate: "kp",
    });
    const declared = declaredFrom(settings);
    const user = (pk: number, username: string, groups: string[]) => ({
        pk,
        username,
        email: `${username}@example.com`,
        name: username,
        is_active: true,
        type: "internal" as const,
        uid: `uid${pk}`,
        groups,
    });
    const ak = (): AuthentikSnapshot => ({
        users: [user(1, "alice", ["u", "a"]), user(2, "bob", ["u", "a"]), user(3, "carol", ["u"])],
        groups: [
            { pk: "u", name: "aws-users", members: new Set([1, 2, 3]) },
            { pk: "a", name: "aws-admins", members: new Set([1, 2]) },
        ],
        scimLinks: [
            { userPk: 1, scimId: "U1", userName: "alice@example.com" },
            { userPk: 2, scimId: "U2", userName: "bob@example.com" },
            { userPk: 3, scimId: "U3", userName: "carol@example.com" },
        ],
        scimProviderPk: "2",
        certificate: { name: "kp", notAfter: at(200) },
    });
    const aws = (): AwsSnapshot => ({
        identityStoreId: "d-1234567890",
        users: [
            { userId: "U1", userName: "alice@example.com", disabled: false },
            { userId: "U2", userName: "bob@example.com", disabled: false },
            { userId: "U3", userName: "carol@example.com", disabled: false },
        ],
        groups: [
            {
                groupId: "G1",
                displayName: "aws-admins",
                members: new Map([
                    ["M1", "U1"],
                    ["M2", "U2"],
                ]),
            },
        ],
        permissionSets: [
            {
                name: "Administrator",
                arn: "arn:ps",
                managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                customerManagedPolicies: [],
                assignments: [{ accountId: "111111111111", principalType: "GROUP", principalId: "G1" }],
            },
        ],
    });
    const identities = new Map<number, Identity>(
        [1, 2, 3].map((pk) => [pk, { kind: "identity", userName: `${["alice", "bob", "carol"][pk - 1]}@example.com` }]),
    );

    it("a healthy federation has no findings but the skipped-check note, and exits 0", async () => {
        const { findings, stale } = await judge(declared, ak(), aws(), { now: NOW, identities });
        assert.deepEqual(
            findings.map((f) => f.check),
            ["check-skipped"],
        );
        assert.deepEqual(stale, []);
        assert.equal(exitCodeOf(findings), 0);
    });

    it("a disabled AWS user, a deleted AWS user and a stale stored answer each cannot sign in", () => {
        const a = aws();
        a.users[0].disabled = true;
        a.users.splice(2, 1);
        const k = ak();
        k.scimLinks[1].userName = "bob.old@example.com";
        const found = checkSignIn(declared, k, a, identities).map((f) => [f.subject, f.severity, f.evidence]);
        assert.equal(found.length, 3);
        assert.match(found[0][2], /is disabled/);
        assert.match(found[1][2], /stored AWS answer says userName "bob.old@example.com"/);
        assert.match(found[2][2], /AWS user U3, which no longer exists/);
        assert.ok(found.every((f) => f[1] === "error"));
    });

    it("reads issuer and certificate fingerprints from IdP metadata", () => {
        const pem = fs.readFileSync(path.join(__dirname, "fixtures", "test-only-localhost.crt"), "utf8");
        const b64 = pem.replace(/-----[^-]+-----/g, "").replace(/\s+/g, "");
        const id = metadataIdentity(
            `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" ` +
                `entityID="https://ak/x"><ds:X509Certificate>${b64}</ds:X509Certificate></md:EntityDescriptor>`,
        );
        assert.equal(id.entityId, "https://ak/x");
        assert.equal(id.fingerprints.length, 1);
        assert.match(id.fingerprints[0], /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    });

    it("the fix reports a refused write clearly and still removes the others", async () => {
        const client = new IdentitystoreClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
        const mock = mockClient(client);
        mock.on(DeleteGroupMembershipCommand, { MembershipId: "M1" }).rejects(
            Object.assign(new Error("User is not authorized to modify SCIM-provisioned groups"), { name: "AccessDeniedException" }),
        );
        mock.on(DeleteGroupMembershipCommand, { MembershipId: "M2" }).resolves({});
        const stale: StaleMembership[] = [
            {
                membershipId: "M1",
                groupId: "G1",
                groupName: "aws-admins",
                userId: "U1",
                userName: "alice@example.com",
                access: ["Administrator in 111111111111"],
            },
            { membershipId: "M2", groupId: "G1", groupName: "aws-admins", userId: "U2", userName: "bob@example.com", access: [] },
        ];
        assert.deepEqual(planStaleAccessFix(stale, "d-1"), [
            "would remove alice@example.com from aws-admins: DeleteGroupMembership d-1 M1 (revokes Administrator in 111111111111)",
            "would remove bob@example.com from aws-admins: DeleteGroupMembership d-1 M2",
        ]);
        const result = await fixStaleAccess(client, "d-1", stale);
        assert.deepEqual(
            result.removed.map((s) => s.membershipId),
            ["M2"],
        );
        assert.equal(result.refused.length, 1);
        assert.match(result.refused[0].reason, /refused the write.*detection only/);
        assert.equal(mock.commandCalls(DeleteGroupMembershipCommand).length, 2, "one call per printed change, nothing else");
    });
});

describe("npm run plan shows credential expiry", () => {
    it("reports an old scimTokenIssuedAt through the policy pack's credential-expiry advisory", async function () {
        this.timeout(120000);
        const os = await import("node:os");
        const yaml = await import("js-yaml");
        const { plan } = await import("../scripts/plan");
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-expiry-"));
        try {
            const doc = yaml.load(fs.readFileSync(path.join(__dirname, "..", "Pulumi.prod.yaml"), "utf8")) as {
                config: Record<string, { identityCenter: Record<string, unknown> }>;
            };
            const old = new Date(Date.now() - 340 * DAY).toISOString().slice(0, 10);
            doc.config["aws-identity-center-authentik:federation"].identityCenter.scimTokenIssuedAt = old;
            fs.writeFileSync(path.join(dir, "Pulumi.expiry.yaml"), yaml.dump(doc));
            const result = await plan({ stack: "expiry", dir });
            assert.match(result.text, new RegExp(`\\[advisory\\] credential-expiry: .*scimTokenIssuedAt = ${old}: .*340 days old`));
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe("pulumi up warns about expiring credentials", () => {
    it("warns for a signing certificate within 30 days and an old SCIM token, and outputs both", async function () {
        this.timeout(60000);
        const pulumi = await import("@pulumi/pulumi");
        const { record, valueOf } = await import("./harness/mocks");
        const { seedArgs } = await import("./harness/args");
        const { AwsIdentityCenterFederation } = await import("../components");
        const { selfSignedCertificate } = await import("./standins/authentik");
        const notAfter = new Date(Date.now() + 20 * DAY);
        const cert = selfSignedCertificate("aws-signing", new Date(Date.now() - DAY), notAfter);
        const issued = new Date(Date.now() - 340 * DAY).toISOString().slice(0, 10);
        const args = seedArgs();
        args.identityCenter.scimTokenIssuedAt = issued;
        const warned: string[] = [];
        const original = pulumi.log.warn;
        pulumi.log.warn = ((msg: string) => {
            warned.push(msg);
            return Promise.resolve();
        }) as typeof pulumi.log.warn;
        try {
            const rec = await record(() => new AwsIdentityCenterFederation("fed", args), {
                invokes: {
                    "authentik:index/getCertificateKeyPair:getCertificateKeyPair": (a: { name: string }) => ({
                        id: "kp-1",
                        name: a.name,
                        certificateData: cert.certificatePem,
                        keyData: "",
                        expiry: "",
                        fingerprint1: "",
                        fingerprint256: "",
                        subject: "",
                    }),
                },
            });
            const fed = rec.result as InstanceType<typeof AwsIdentityCenterFederation>;
            assert.equal(
                new Date((await valueOf(fed.signingCertificateExpiry))!).toISOString().slice(0, 16),
                notAfter.toISOString().slice(0, 16),
            );
            assert.equal(await valueOf(fed.scimTokenIssuedAt), issued);
            const fetched = rec.invokesOf("authentik:index/getCertificateKeyPair:getCertificateKeyPair")[0].args;
            assert.equal(fetched.fetchKey, false, "the private key is never fetched");
        } finally {
            pulumi.log.warn = original;
        }
        assert.ok(
            warned.some((w) => /SAML signing certificate .* expires on .* in (19|20) days/.test(w)),
            warned.join("\n"),
        );
        assert.ok(
            warned.some((w) => /SCIM token issued .* is 340 days old/.test(w)),
            warned.join("\n"),
        );
    });
});
