/**
 * The identity invariant, proven on authentik's client behaviour (scripts/authentik_eval.py simulates its SCIM full
 * sync against an in-memory AWS Identity Store), for both identity attributes:
 *   no two authentik users can sign in as the same AWS user; every provisioned user's NameID equals the userName AWS
 *   holds for them; no sync page is aborted;
 * over the corpus and over histories (emails changed, users skipped after provisioning, the provider re-created),
 * and a deliberately broken variant (duplicate check removed) must violate it.
 */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { IdentityAttribute } from "../components/args";
import { generateMappings, SKIP_EVENT_ACTION, SKIP_EVENT_TTL_SECONDS } from "../components/authentik/mappings";
import {
    AuthentikUser,
    evaluateBatch,
    EvaluatorInput,
    identityInvariant,
    simulatedMappings,
    SyncSimulation,
    SyncStep,
} from "../scripts/mappingCheck";
import { corpusPk } from "./harness/userCorpus";

const CORPUS: AuthentikUser[] = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "authentik-users.json"), "utf8"));
const ATTRS: IdentityAttribute[] = ["email", "username"];
const SYNC: SyncStep = { sync: true };

/** Named histories; all run in ONE python process. */
const CASES: { [name: string]: EvaluatorInput } = {};
const add = (name: string, attr: IdentityAttribute, steps: SyncStep[], extra: Partial<EvaluatorInput> = {}) => {
    CASES[name] = { ...simulatedMappings({ identityAttribute: attr, excludeServiceAccounts: true }), users: CORPUS, steps, ...extra };
};
for (const attr of ATTRS) {
    add(`${attr}: two full syncs`, attr, [SYNC, SYNC]);
    CASES[`${attr}: broken variant (no duplicate check)`] = {
        ...generateMappings({
            identityAttribute: attr,
            excludeServiceAccounts: true,
            scimProviderPk: "2",
            unsafeWithoutCollisionCheck: true,
        }),
        users: CORPUS,
    };
}
const cher = corpusPk("cher");
const mary = corpusPk("mary.jane");
add("email changed, not synced yet", "email", [SYNC, { update: [{ pk: cher, email: "cher.new@example.com" }] }]);
add("email changed, then synced", "email", [SYNC, { update: [{ pk: cher, email: "cher.new@example.com" }] }, SYNC]);
add("email changed to another user's", "email", [SYNC, { update: [{ pk: cher, email: "Mary.Jane@example.com" }] }, SYNC]);
add("skipped after provisioning", "email", [SYNC, { update: [{ pk: cher, email: "a,b@example.com" }] }, SYNC]);
const recreated = generateMappings({ identityAttribute: "email", excludeServiceAccounts: true, scimProviderPk: "3" }).nameIdExpression;
add("provider re-created, not synced yet", "email", [SYNC, { recreateProvider: { pk: 3, nameIdExpression: recreated } }]);
add("provider re-created, then synced", "email", [SYNC, { recreateProvider: { pk: 3, nameIdExpression: recreated } }, SYNC]);
add("skip reason changes", "email", [SYNC, { update: [{ pk: corpusPk("no-email"), email: "not-an-email" }] }, SYNC]);
add("skip events after the TTL", "email", [SYNC, { advanceHours: SKIP_EVENT_TTL_SECONDS / 3600 + 1 }, SYNC]);
// A username-mode mapping that forgets Django's rule for the emails entry: authentik's schema stops the page.
const usernameMappings = simulatedMappings({ identityAttribute: "username", excludeServiceAccounts: true });
CASES["username: emails not checked with Django's rule"] = {
    nameIdExpression: usernameMappings.nameIdExpression,
    scimUserExpression: usernameMappings.scimUserExpression.replace(" and django_accepts(email)", ""),
    users: CORPUS,
};
// Many users: events are written once per skipped user and reason, not on every sync.
const MANY: AuthentikUser[] = Array.from({ length: 1000 }, (_, i) => ({
    pk: 50000 + i,
    username: `user${i}`,
    email: i % 10 === 0 ? "" : `user${i}@example.com`,
    name: `User ${i}`,
    is_active: true,
    type: "internal",
}));
CASES["1000 users, two full syncs"] = {
    ...simulatedMappings({ identityAttribute: "email", excludeServiceAccounts: true }),
    users: MANY,
    steps: [SYNC, SYNC],
};

const out: { [name: string]: SyncSimulation } = {};

describe("identity invariant under authentik's SCIM client (simulated full syncs against an in-memory AWS)", function () {
    this.timeout(120000);
    before(async () => {
        const names = Object.keys(CASES);
        const outputs = await evaluateBatch(names.map((n) => CASES[n]));
        names.forEach((n, i) => {
            const o = outputs[i];
            assert.ok(o.results, `${n}: compile error ${o.compileError}`);
            out[n] = o as SyncSimulation;
        });
    });
    const u = (name: string, username: string) => {
        const r = out[name].results.find((x) => x.username === username);
        assert.ok(r, `${name}: no ${username}`);
        return r;
    };

    for (const attr of ATTRS) {
        it(`${attr}: holds over the corpus, in one query per SCIM evaluation, two per NameID`, () => {
            const sim = out[`${attr}: two full syncs`];
            assert.deepEqual(identityInvariant(sim), []);
            assert.ok(sim.results.filter((r) => r.outcome === "provisioned").length > 60);
            assert.ok(sim.queries.scimMax <= 1, `SCIM mapping ran ${sim.queries.scimMax} queries`);
            assert.ok(sim.queries.nameIdMax <= 2, `NameID mapping ran ${sim.queries.nameIdMax} queries`);
        });

        it(`${attr}: the second full sync sends nothing (unchanged bodies) and records no new skip events`, () => {
            const [first, second] = out[`${attr}: two full syncs`].runs;
            assert.ok((first.requests.POST ?? 0) > 60);
            // Only the user AWS refused (username mode: a second primary email) is tried again, as authentik does.
            assert.deepEqual(second.requests, attr === "email" ? {} : { POST: 1, GET: 1 });
            assert.ok(first.events > 5);
            assert.equal(second.events, 0);
        });

        it(`${attr}: the broken variant (duplicate check removed) violates the invariant`, () => {
            const violations = identityInvariant(out[`${attr}: broken variant (no duplicate check)`]);
            assert.ok(violations.length > 0, "the invariant checker must catch two people on one AWS user");
            // Linked to the first one's AWS user after 409: the NameID guard keeps both out, which the invariant reports.
            const [sharer, aws] = attr === "email" ? ["alice.second", "alice@x.io"] : ["bob.case@example.com", "bob.case@example.com"];
            assert.match(
                u(`${attr}: broken variant (no duplicate check)`, sharer).syncDetail ?? "",
                new RegExp(`linked to the existing AWS user '${aws}' after 409`),
            );
            assert.ok(
                violations.some((v) => v.includes(`"${sharer}" is provisioned as "${aws}" but the NameID is the uid fallback`)),
                violations.join("\n"),
            );
        });
    }

    it("a duplicate is skipped on both sides, naming the other account; both events are recorded", () => {
        const name = "email: two full syncs";
        for (const [who, other] of [
            ["alice.first", "alice.second"],
            ["alice.second", "alice.first"],
        ]) {
            const r = u(name, who);
            assert.equal(r.outcome, "skipped");
            assert.match(r.reason ?? "", new RegExp(`is also the email of '${other.replace(".", "\\.")}'`));
            assert.equal(r.signsInAs, null);
            const events = out[name].events.filter((e) => e.username === who);
            assert.equal(events.length, 1);
            assert.deepEqual(
                [events[0].action, events[0].reason, events[0].scim_provider],
                [SKIP_EVENT_ACTION, r.reason, "aws-identity-center-scim"],
            );
        }
    });

    it("a duplicate the database's case-insensitive match sees one way only (Kelvin sign K): still one person per AWS user", () => {
        const name = "email: two full syncs";
        const a = u(name, "kelvin.ascii");
        const b = u(name, "kelvin.sign");
        // PostgreSQL's UPPER keeps K, so kelvin.ascii's query misses kelvin.sign; the reverse query finds it.
        assert.deepEqual([a.outcome, a.signsInAs], ["provisioned", "kelvin@example.com"]);
        assert.deepEqual([b.outcome, b.signsInAs], ["skipped", null]);
        assert.match(b.reason ?? "", /is also the email of 'kelvin\.ascii'/);
    });

    it("two people linked to one AWS user (as authentik does after a 409) are both refused a NameID", () => {
        const name = "email: broken variant (no duplicate check)";
        const [first, second] = [u(name, "alice.first"), u(name, "alice.second")];
        assert.equal(first.awsUserId, second.awsUserId);
        assert.deepEqual([first.signsInAs, second.signsInAs], [null, null]);
        assert.ok(second.warnings.some((w) => /linked to the same AWS user as 1 other authentik user/.test(String(w.fields.reason))));
    });

    it("email changed after provisioning: no NameID until AWS holds the new userName, then the new one", () => {
        const before = u("email changed, not synced yet", "cher");
        assert.deepEqual([before.awsUserName, before.nameIdFallback, before.signsInAs], ["cher@example.com", true, null]);
        assert.ok(
            before.warnings.some((w) =>
                /AWS holds userName 'cher@example.com' for this user, not 'cher.new@example.com'/.test(String(w.fields.reason)),
            ),
        );
        const after = u("email changed, then synced", "cher");
        assert.deepEqual(
            [after.awsUserName, after.nameId, after.signsInAs, after.syncDetail],
            ["cher.new@example.com", "cher.new@example.com", "cher.new@example.com", "updated (PUT)"],
        );
        assert.equal(before.outcome, "skipped", "not provisioned as they are now");
        for (const n of ["email changed, not synced yet", "email changed, then synced"]) assert.deepEqual(identityInvariant(out[n]), [], n);
    });

    it("email changed to another user's: both are skipped, and nobody signs in as the other", () => {
        const name = "email changed to another user's";
        for (const who of ["cher", "mary.jane"]) {
            const r = u(name, who);
            assert.equal(r.outcome, "skipped", who);
            assert.equal(r.signsInAs, null, who);
        }
        assert.equal(u(name, "mary.jane").awsUserName, "mary.jane@example.com", "AWS keeps her user");
        assert.equal(u(name, "cher").awsUserName, "cher@example.com", "and his old one: nobody holds the other's");
        assert.deepEqual(identityInvariant(out[name]), []);
        void mary;
    });

    it("skipped after provisioning: the AWS user stays (stale) but the NameID is refused", () => {
        const r = u("skipped after provisioning", "cher");
        assert.deepEqual([r.outcome, r.awsUserName, r.signsInAs, r.nameIdFallback], ["skipped", "cher@example.com", null, true]);
        assert.match(r.reason ?? "", /validate_email/);
        assert.deepEqual(identityInvariant(out["skipped after provisioning"]), []);
    });

    it("provider re-created: nobody signs in until the new provider has linked them, then everyone as before", () => {
        const before = out["provider re-created, not synced yet"];
        assert.ok(before.results.every((r) => r.signsInAs === null));
        const after = out["provider re-created, then synced"];
        assert.deepEqual(identityInvariant(after), []);
        assert.equal(u("provider re-created, then synced", "cher").signsInAs, "cher@example.com");
        assert.match(
            u("provider re-created, then synced", "cher").syncDetail ?? "",
            /linked to the existing AWS user 'cher@example.com' after 409/,
        );
    });

    it("skip events: again when the reason changes or after the TTL, never for an unchanged reason", () => {
        const changed = out["skip reason changes"];
        assert.equal(changed.runs[1].events, 1, "only the user whose reason changed");
        assert.equal(changed.events.filter((e) => e.username === "no-email").length, 2);
        const ttl = out["skip events after the TTL"];
        assert.equal(ttl.runs[1].events, ttl.runs[0].events);
        const many = out["1000 users, two full syncs"];
        assert.deepEqual(
            many.runs.map((r) => r.events),
            [100, 0],
        );
        assert.deepEqual(identityInvariant(many), []);
    });

    it("no page is aborted by our mappings; one that sends an email Django rejects aborts its page, and the invariant says so", () => {
        const ours = out["username: two full syncs"];
        assert.deepEqual(u("username: two full syncs", "django.rejects@example.com").outcome, "provisioned");
        assert.ok(ours.runs.every((r) => r.abortedPages.length === 0));
        const broken = out["username: emails not checked with Django's rule"];
        assert.ok(broken.runs[0].abortedPages.length > 0);
        assert.ok(identityInvariant(broken).some((v) => /page \d+ aborted at/.test(v)));
    });
});
