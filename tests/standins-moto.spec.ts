import { strict as assert } from "node:assert";
import {
    CreateGroupCommand,
    CreateGroupMembershipCommand,
    CreateUserCommand,
    ListGroupMembershipsCommand,
    type ListGroupMembershipsCommandOutput,
    type ListUsersCommandOutput,
    ListUsersCommand,
    type User,
} from "@aws-sdk/client-identitystore";
import { ListAccountsForParentCommand, ListTagsForResourceCommand } from "@aws-sdk/client-organizations";
import {
    identityCenter,
    motoClients,
    motoServerPath,
    seedOrganization,
    startMoto,
    type MotoClients,
    type MotoServer,
} from "./standins/moto";

describe("the moto stand-in for AWS Identity Center", function () {
    this.timeout(60000);
    let moto: MotoServer;
    let aws: MotoClients;

    before(async () => {
        moto = await startMoto();
        aws = motoClients(moto.endpoint);
    });
    after(async () => {
        aws?.destroy();
        await moto?.stop();
    });

    it("names the install command when moto_server is missing", () => {
        assert.throws(() => motoServerPath({ XDG_CACHE_HOME: "/nonexistent-cache" }), /pip" install -r requirements-test\.txt/);
        assert.throws(
            () => motoServerPath({ AWS_IC_AUTHENTIK_MOTO: "/nonexistent/moto_server" }),
            /AWS_IC_AUTHENTIK_MOTO=\/nonexistent\/moto_server does not exist/,
        );
    });

    it("provides one Identity Center instance; a reset replaces it and forgets the identity store", async () => {
        const first = await identityCenter(moto.endpoint);
        assert.match(first.instanceArn, /^arn:aws:sso:::instance\/ssoins-[a-z0-9]{16}$/);
        assert.match(first.identityStoreId, /^d-[a-z0-9]{10}$/);
        await aws.identityStore.send(
            new CreateUserCommand({
                IdentityStoreId: first.identityStoreId,
                UserName: "gone@example.com",
                DisplayName: "Gone",
                Name: { GivenName: "G", FamilyName: "One" },
            }),
        );
        await moto.reset();
        const second = await identityCenter(moto.endpoint);
        assert.notEqual(second.identityStoreId, first.identityStoreId);
        const left = await aws.identityStore.send(new ListUsersCommand({ IdentityStoreId: first.identityStoreId }));
        assert.deepEqual(left.Users, []);
    });

    it("stores users, a group and memberships and reads them back page by page with NextToken (MaxResults honoured)", async () => {
        await moto.reset();
        const { identityStoreId } = await identityCenter(moto.endpoint);
        const names = Array.from({ length: 7 }, (_, i) => `user${i}@example.com`);
        const userIds: string[] = [];
        for (const userName of names) {
            const out = await aws.identityStore.send(
                new CreateUserCommand({
                    IdentityStoreId: identityStoreId,
                    UserName: userName,
                    DisplayName: userName,
                    Name: { GivenName: "Test", FamilyName: userName },
                    Emails: [{ Value: userName, Primary: true, Type: "work" }],
                }),
            );
            userIds.push(out.UserId!);
        }
        const group = await aws.identityStore.send(new CreateGroupCommand({ IdentityStoreId: identityStoreId, DisplayName: "aws-admins" }));
        for (const userId of userIds.slice(0, 5)) {
            await aws.identityStore.send(
                new CreateGroupMembershipCommand({
                    IdentityStoreId: identityStoreId,
                    GroupId: group.GroupId!,
                    MemberId: { UserId: userId },
                }),
            );
        }

        const users: User[] = [];
        let pages = 0;
        let token: string | undefined;
        do {
            const page: ListUsersCommandOutput = await aws.identityStore.send(
                new ListUsersCommand({ IdentityStoreId: identityStoreId, MaxResults: 3, NextToken: token }),
            );
            assert.ok(page.Users!.length <= 3, `a page holds at most MaxResults users, got ${page.Users!.length}`);
            users.push(...page.Users!);
            token = page.NextToken;
            pages++;
        } while (token);
        assert.equal(pages, 3);
        assert.deepEqual(users.map((u) => u.UserName).sort(), [...names].sort());

        const memberIds: string[] = [];
        token = undefined;
        pages = 0;
        do {
            const page: ListGroupMembershipsCommandOutput = await aws.identityStore.send(
                new ListGroupMembershipsCommand({
                    IdentityStoreId: identityStoreId,
                    GroupId: group.GroupId!,
                    MaxResults: 2,
                    NextToken: token,
                }),
            );
            memberIds.push(...page.GroupMemberships!.map((m) => m.MemberId!.UserId!));
            token = page.NextToken;
            pages++;
        } while (token);
        assert.equal(pages, 3);
        assert.deepEqual(memberIds.sort(), userIds.slice(0, 5).sort());
    });

    it("seeds an organization: nested OUs, accounts placed in them, tags", async () => {
        await moto.reset();
        const seeded = await seedOrganization(moto.endpoint, {
            accounts: { Shared: {}, Prod: { ou: "Workloads/Prod", tags: { env: "prod" } }, Dev: { ou: "Workloads" } },
        });
        assert.deepEqual(Object.keys(seeded.ouIds).sort(), ["Workloads", "Workloads/Prod"]);
        assert.ok(Object.values(seeded.accountIds).every((id) => /^\d{12}$/.test(id)));
        const inProd = await aws.organizations.send(new ListAccountsForParentCommand({ ParentId: seeded.ouIds["Workloads/Prod"] }));
        assert.deepEqual(
            inProd.Accounts!.map((a) => a.Name),
            ["Prod"],
        );
        const tags = await aws.organizations.send(new ListTagsForResourceCommand({ ResourceId: seeded.accountIds.Prod }));
        assert.deepEqual(tags.Tags, [{ Key: "env", Value: "prod" }]);
    });

    it("refuses a second user with the same UserName (ConflictException), as AWS does", async () => {
        const { identityStoreId } = await identityCenter(moto.endpoint);
        const create = () =>
            aws.identityStore.send(
                new CreateUserCommand({
                    IdentityStoreId: identityStoreId,
                    UserName: "twin@example.com",
                    DisplayName: "Twin",
                    Name: { GivenName: "T", FamilyName: "Win" },
                }),
            );
        await create();
        await assert.rejects(create, (e: Error) => e.name === "ConflictException");
    });
});
