/**
 * `npm run bench:doctor [-- --users N --groups G]` (issue 13): the doctor over a seeded federation of N users
 * (default 10,000) in G groups (default 500) against the local stand-ins: moto's Identity Store and SSO Admin
 * (tests/standins/moto.ts) and the authentik API stand-in (tests/standins/authentik). Seeding is not timed; the
 * diagnosis is (both readers, the mapping harness over every user, every check).
 *
 * Targets: diagnosed in < 60 s; API calls ÷ (users + groups + memberships pages) ≤ 1.1, where the pages are what
 * any reader must fetch at the page sizes used: authentik users, groups and SCIM-provider users, and the Identity
 * Store's ListUsers, ListGroups and ListGroupMemberships (per group) at 100 per page (AWS's maximum).
 *
 * The seeded world is a synced federation (what the stand-in's SCIM sync would produce, written directly for
 * speed; seeding moto takes minutes): every user in `aws-users` and in one of the G groups, linked to its AWS user; a few planted problems
 * (stale memberships, an orphan user) so the report is not empty. Prints one JSON document on stdout.
 */
import { parseArgs } from "node:util";
import { randomUUID } from "node:crypto";
import { CreateGroupCommand, CreateGroupMembershipCommand, CreateUserCommand } from "@aws-sdk/client-identitystore";
import { CreatePermissionSetCommand } from "@aws-sdk/client-sso-admin";
import { awsClients, declaredFrom, diagnose } from "../doctor";
import { mapLimit } from "../doctor/readers/pool";
import { identityCenter, MOTO_CREDENTIALS, MOTO_REGION, motoClients, startMoto } from "../tests/standins/moto";
import { startAuthentikStandin } from "../tests/standins/authentik";
import { createFederation, worldSettings } from "../tests/harness/doctorWorld";

const TARGETS = { seconds: 60, ratio: 1.1 } as const;

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            users: { type: "string", default: "10000" },
            groups: { type: "string", default: "500" },
            "authentik-page-size": { type: "string", default: "1000" },
        },
    });
    const nUsers = Number(values.users);
    const nGroups = Number(values.groups);
    const akPageSize = Number(values["authentik-page-size"]);
    const log = (m: string) => process.stderr.write(`bench:doctor: ${m}\n`);

    const moto = await startMoto();
    const aws = motoClients(moto.endpoint);
    const ic = await identityCenter(moto.endpoint);
    // No identity store target: its simulated sync does nothing (the synced state is seeded directly below).
    const ak = await startAuthentikStandin({ syncDelayMs: 10 });
    try {
        const t0 = Date.now();
        const groupName = (g: number) => `team-${String(g).padStart(4, "0")}`;
        for (let g = 0; g < nGroups; g++) ak.seed.group(groupName(g));
        ak.seed.group("aws-users");
        const fed = await createFederation(ak, {
            groupFilters: [groupName(0)],
            usersGroup: "aws-users",
            signingCertificate: "authentik Self-signed Certificate",
            slug: "aws-console",
        });
        ak.store.scimProviders.get(fed.scimPk)!.group_filters = [...ak.store.groups.values()]
            .filter((g) => g.name.startsWith("team-"))
            .map((g) => g.pk);

        const users = Array.from({ length: nUsers }, (_, i) =>
            ak.seed.user({
                username: `user${i}`,
                name: `User Number${i}`,
                email: `user${i}@example.com`,
                groups: ["aws-users", groupName(i % nGroups)],
            }),
        );
        // Seeding through moto's HTTP API is the slow part (about 6 minutes for 10,000 users on 2 busy cores); more
        // than 4 requests in flight made moto_server answer HTTP 500.
        const seedClient = awsClients({ region: MOTO_REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }).identityStore;
        const createUser = async (userName: string, displayName: string): Promise<string> =>
            (
                await seedClient.send(
                    new CreateUserCommand({
                        IdentityStoreId: ic.identityStoreId,
                        UserName: userName,
                        DisplayName: displayName,
                        Name: { GivenName: "User", FamilyName: displayName.replace(/\s+/g, "-") },
                    }),
                )
            ).UserId!;
        const groupIds = await mapLimit(
            Array.from({ length: nGroups }, (_, g) => g),
            4,
            async (g) =>
                (await seedClient.send(new CreateGroupCommand({ IdentityStoreId: ic.identityStoreId, DisplayName: groupName(g) })))
                    .GroupId!,
        );
        log(`seeded ${nGroups} groups (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        const userIds = await mapLimit(users, 4, (u) => createUser(u.email, u.name));
        log(`seeded ${nUsers} users (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        users.forEach((u, i) => {
            const id = randomUUID();
            ak.store.scimUsers.set(id, {
                id,
                scim_id: userIds[i],
                user: u.pk,
                provider: fed.scimPk,
                attributes: { id: userIds[i], userName: u.email },
            });
        });
        await mapLimit(users, 4, (_, i) =>
            seedClient.send(
                new CreateGroupMembershipCommand({
                    IdentityStoreId: ic.identityStoreId,
                    GroupId: groupIds[i % nGroups],
                    MemberId: { UserId: userIds[i] },
                }),
            ),
        );
        log(`seeded ${nUsers} memberships (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
        // Planted: 5 people removed from their authentik group (stale in AWS), one AWS user nobody is linked to.
        for (let i = 0; i < 5; i++) ak.seed.removeMember(groupName(i % nGroups), users[i].pk);
        await createUser("ghost@example.com", "Ghost");
        await aws.ssoAdmin.send(new CreatePermissionSetCommand({ InstanceArn: ic.instanceArn, Name: "Administrator" }));

        const settings = {
            ...worldSettings({
                ...ic,
                signingCertificate: "authentik Self-signed Certificate",
                scimGroups: Array.from({ length: nGroups }, (_, g) => groupName(g)),
            }),
        };
        settings.assignments = [{ group: groupName(0), permissionSet: "Administrator", accounts: ["111111111111"] }];
        const memory0 = process.memoryUsage().rss;
        const started = Date.now();
        const result = await diagnose({
            declared: declaredFrom(settings),
            applicationSlug: fed.slug,
            authentik: { url: ak.url, token: ak.token },
            aws: awsClients({ region: MOTO_REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }),
            identityStoreId: ic.identityStoreId,
            instanceArn: ic.instanceArn,
            authentikPageSize: akPageSize,
            progress: (m) => log(m),
        });
        const seconds = (Date.now() - started) / 1000;
        const pages = (n: number, size: number) => Math.max(1, Math.ceil(n / size));
        const membersPerGroup = Array.from({ length: nGroups }, (_, g) => Math.floor(nUsers / nGroups) + (g < nUsers % nGroups ? 1 : 0));
        const minimumPages = {
            authentikUsers: pages(nUsers, akPageSize),
            authentikGroups: pages(nGroups + 1, akPageSize),
            authentikScimUsers: pages(nUsers, akPageSize),
            awsUsers: pages(nUsers + 1, 100),
            awsGroups: pages(nGroups, 100),
            awsMemberships: membersPerGroup.reduce((n, m) => n + pages(m, 100), 0),
        };
        const pageTotal = Object.values(minimumPages).reduce((a, b) => a + b, 0);
        const calls = Object.values(result.calls).reduce((a, b) => a + b, 0);
        const byCheck: { [check: string]: number } = {};
        for (const f of result.findings) byCheck[f.check] = (byCheck[f.check] ?? 0) + 1;
        const report = {
            users: nUsers,
            groups: nGroups,
            seconds,
            calls: result.calls,
            callsTotal: calls,
            minimumPages,
            pageTotal,
            ratio: calls / pageTotal,
            findings: byCheck,
            rssMB: Math.round(Math.max(memory0, process.memoryUsage().rss) / 1024 / 1024),
            targets: TARGETS,
            ok: seconds < TARGETS.seconds && calls / pageTotal <= TARGETS.ratio,
        };
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        log(
            `${nUsers} users, ${nGroups} groups: ${seconds.toFixed(1)} s, ${calls} calls / ${pageTotal} ` +
                `pages = ${report.ratio.toFixed(3)} (targets < ${TARGETS.seconds} s, ≤ ${TARGETS.ratio})`,
        );
        process.exitCode = report.ok ? 0 : 1;
    } finally {
        await ak.stop();
        aws.destroy();
        await moto.stop();
    }
}

void main();
