import { strict as assert } from "node:assert";
import {
    AccessDeniedException,
    GetGroupIdCommand,
    GetUserIdCommand,
    IdentitystoreClient,
    InternalServerException,
    ResourceNotFoundException,
    ThrottlingException,
    ValidationException,
} from "@aws-sdk/client-identitystore";
import { mockClient } from "aws-sdk-client-mock";
import { findPrincipal, PrincipalWaitRequest, waitForPrincipal } from "../components/aws/principalPolling";

const mockIdentityStore = () => mockClient(IdentitystoreClient);

const STORE = "d-906752b26f";
const GROUP_ID = "e40884a8-9021-7098-ba89-1f2ab32bab88";
const USER_ID = "94f1e0b3-c394-48d5-8ab1-2c122a167074";

const notFound = (type: "GROUP" | "USER" | "IDENTITY_STORE" = "GROUP") =>
    new ResourceNotFoundException({ message: `${type} not found`, $metadata: { httpStatusCode: 404 }, ResourceType: type });

/** A fake clock: `sleep` records the delay and advances `now`, so nothing really waits. */
function fakeClock() {
    let t = 1_000_000;
    const sleeps: number[] = [];
    return {
        sleeps,
        deps: {
            now: () => t,
            sleep: async (ms: number) => {
                sleeps.push(ms);
                t += ms;
            },
            random: () => 0,
        },
        elapsed: () => t - 1_000_000,
    };
}

function groupRequest(overrides: Partial<PrincipalWaitRequest> = {}): PrincipalWaitRequest {
    return {
        kind: "group",
        identityStoreId: STORE,
        name: "aws-admins",
        timeoutMs: 300_000,
        initialDelayMs: 2_000,
        maxDelayMs: 30_000,
        ...overrides,
    };
}

describe("waitForPrincipal", () => {
    // Installed per suite and restored after it, so the stub never leaks into other spec files.
    let mock: ReturnType<typeof mockIdentityStore>;
    before(() => {
        mock = mockIdentityStore();
    });
    after(() => mock.restore());
    let client: IdentitystoreClient;

    beforeEach(() => {
        mock.reset();
        client = new IdentitystoreClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
    });

    it("returns at once when the group already exists, looking it up by displayName", async () => {
        mock.on(GetGroupIdCommand).resolves({ GroupId: GROUP_ID, IdentityStoreId: STORE });
        const clock = fakeClock();
        const result = await waitForPrincipal(client, groupRequest(), clock.deps);
        assert.deepEqual(result, { id: GROUP_ID, polls: 1 });
        assert.deepEqual(clock.sleeps, []);
        const calls = mock.commandCalls(GetGroupIdCommand);
        assert.equal(calls.length, 1);
        assert.deepEqual(calls[0].args[0].input, {
            IdentityStoreId: STORE,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "displayName", AttributeValue: "aws-admins" } },
        });
    });

    it("keeps polling while the group is not found, with growing delays capped at maxDelayMs", async () => {
        const chain = mock.on(GetGroupIdCommand);
        for (let i = 0; i < 6; i++) chain.rejectsOnce(notFound());
        chain.resolves({ GroupId: GROUP_ID, IdentityStoreId: STORE });
        const clock = fakeClock();
        const result = await waitForPrincipal(client, groupRequest({ initialDelayMs: 1_000, maxDelayMs: 10_000 }), clock.deps);
        assert.deepEqual(result, { id: GROUP_ID, polls: 7 });
        assert.deepEqual(clock.sleeps, [1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
        assert.equal(mock.commandCalls(GetGroupIdCommand).length, 7);
    });

    it("jitter only shortens a delay (by at most 10%), so the cap holds", async () => {
        const chain = mock.on(GetGroupIdCommand);
        for (let i = 0; i < 5; i++) chain.rejectsOnce(notFound());
        chain.resolves({ GroupId: GROUP_ID, IdentityStoreId: STORE });
        const clock = fakeClock();
        await waitForPrincipal(client, groupRequest({ initialDelayMs: 1_000, maxDelayMs: 4_000 }), { ...clock.deps, random: () => 0.5 });
        assert.deepEqual(clock.sleeps, [950, 1_900, 3_800, 3_800, 3_800]);
    });

    it("times out with a message naming the group, the store, the time waited and what to check", async () => {
        mock.on(GetGroupIdCommand).rejects(notFound());
        const clock = fakeClock();
        await assert.rejects(
            waitForPrincipal(client, groupRequest({ timeoutMs: 60_000, initialDelayMs: 2_000, maxDelayMs: 30_000 }), clock.deps),
            (e: Error) => {
                assert.match(e.message, /Timed out after 60 s/);
                assert.match(e.message, /group "aws-admins"/);
                assert.match(e.message, /d-906752b26f/);
                assert.match(e.message, /group filter/);
                assert.match(e.message, /application's scope/);
                assert.match(e.message, /dry-run/);
                assert.match(e.message, /SCIM token/);
                assert.match(e.message, /principalIds\.groups/);
                return true;
            },
        );
        // Delays 2, 4, 8, 16, 30 s, then the remaining 0 s... never sleeps past the deadline.
        assert.deepEqual(clock.sleeps, [2_000, 4_000, 8_000, 16_000, 30_000]);
        assert.equal(clock.elapsed(), 60_000);
        // The last lookup happens at the deadline.
        assert.equal(mock.commandCalls(GetGroupIdCommand).length, 6);
    });

    it("retries throttling and server errors, then finds the group", async () => {
        mock.on(GetGroupIdCommand)
            .rejectsOnce(new ThrottlingException({ message: "Rate exceeded", $metadata: { httpStatusCode: 400 } }))
            .rejectsOnce(new InternalServerException({ message: "boom", $metadata: { httpStatusCode: 500 }, RequestId: "r" }))
            .rejectsOnce(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))
            .resolves({ GroupId: GROUP_ID, IdentityStoreId: STORE });
        const clock = fakeClock();
        const result = await waitForPrincipal(client, groupRequest(), clock.deps);
        assert.deepEqual(result, { id: GROUP_ID, polls: 4 });
        assert.deepEqual(clock.sleeps, [2_000, 4_000, 8_000]);
    });

    it("reports the last transient error when throttling lasts until the timeout", async () => {
        mock.on(GetGroupIdCommand).rejects(new ThrottlingException({ message: "Rate exceeded", $metadata: {} }));
        const clock = fakeClock();
        await assert.rejects(
            waitForPrincipal(client, groupRequest({ timeoutMs: 10_000 }), clock.deps),
            /Timed out after 10 s.*ThrottlingException: Rate exceeded/s,
        );
    });

    it("fails at once on access denied, naming the IAM permission", async () => {
        mock.on(GetGroupIdCommand).rejects(new AccessDeniedException({ message: "not authorized", $metadata: { httpStatusCode: 403 } }));
        const clock = fakeClock();
        await assert.rejects(waitForPrincipal(client, groupRequest(), clock.deps), (e: Error) => {
            assert.match(e.message, /identitystore:GetGroupId/);
            assert.match(e.message, /AccessDeniedException: not authorized/);
            assert.match(e.message, /"aws-admins"/);
            return true;
        });
        assert.deepEqual(clock.sleeps, []);
        assert.equal(mock.commandCalls(GetGroupIdCommand).length, 1);
    });

    it("fails at once on a validation error and when the identity store itself does not exist", async () => {
        mock.on(GetGroupIdCommand).rejects(new ValidationException({ message: "bad id", $metadata: { httpStatusCode: 400 } }));
        await assert.rejects(waitForPrincipal(client, groupRequest(), fakeClock().deps), /ValidationException: bad id.*identityStoreId/s);
        mock.reset();
        mock.on(GetGroupIdCommand).rejects(notFound("IDENTITY_STORE"));
        const clock = fakeClock();
        await assert.rejects(waitForPrincipal(client, groupRequest(), clock.deps), /identity store d-906752b26f does not exist/);
        assert.deepEqual(clock.sleeps, []);
    });

    it("waits for a user by userName with GetUserId, and names GetUserId when denied", async () => {
        mock.on(GetUserIdCommand).rejectsOnce(notFound("USER")).resolves({ UserId: USER_ID, IdentityStoreId: STORE });
        const clock = fakeClock();
        const result = await waitForPrincipal(client, { ...groupRequest(), kind: "user", name: "alice@example.com" }, clock.deps);
        assert.deepEqual(result, { id: USER_ID, polls: 2 });
        assert.deepEqual(mock.commandCalls(GetUserIdCommand)[0].args[0].input, {
            IdentityStoreId: STORE,
            AlternateIdentifier: { UniqueAttribute: { AttributePath: "userName", AttributeValue: "alice@example.com" } },
        });
        assert.equal(mock.commandCalls(GetGroupIdCommand).length, 0);

        mock.reset();
        mock.on(GetUserIdCommand).rejects(new AccessDeniedException({ message: "denied", $metadata: {} }));
        await assert.rejects(
            waitForPrincipal(client, { ...groupRequest(), kind: "user", name: "alice@example.com" }, fakeClock().deps),
            /identitystore:GetUserId/,
        );
    });

    it("user timeout names the user and the user-side checks", async () => {
        mock.on(GetUserIdCommand).rejects(notFound("USER"));
        await assert.rejects(
            waitForPrincipal(client, { ...groupRequest({ timeoutMs: 5_000 }), kind: "user", name: "bob@example.com" }, fakeClock().deps),
            (e: Error) => {
                assert.match(e.message, /user "bob@example.com" in identity store d-906752b26f/);
                assert.match(e.message, /usersGroup/);
                assert.match(e.message, /principalIds\.users/);
                return true;
            },
        );
    });

    it("retries every transient error class: a 500, each network error code, and anything the SDK marks retryable", async () => {
        const transient: object[] = [
            Object.assign(new Error("internal"), { name: "InternalFailure", $metadata: { httpStatusCode: 500 } }),
            Object.assign(new Error("retryable"), { name: "SomeSdkError", $retryable: {}, $metadata: { httpStatusCode: 400 } }),
            ...["ECONNRESET", "ECONNREFUSED", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EAI_AGAIN", "ENETUNREACH", "EHOSTUNREACH"].map((code) =>
                Object.assign(new Error(code), { code }),
            ),
        ];
        for (const error of transient) {
            mock.reset();
            mock.on(GetGroupIdCommand)
                .rejectsOnce(error as Error)
                .resolves({ GroupId: GROUP_ID, IdentityStoreId: STORE });
            const clock = fakeClock();
            const found = await waitForPrincipal(client, groupRequest(), clock.deps);
            assert.equal(found.id, GROUP_ID, JSON.stringify(error));
            assert.equal(found.polls, 2, `${(error as Error).message} is retried once`);
        }
    });

    it("fails at once on a client error that is neither not-found nor retryable", async () => {
        mock.on(GetGroupIdCommand).rejects(
            Object.assign(new Error("bad"), { name: "SomeClientError", $metadata: { httpStatusCode: 400 } }),
        );
        const clock = fakeClock();
        await assert.rejects(waitForPrincipal(client, groupRequest(), clock.deps));
        assert.equal(clock.sleeps.length, 0);
    });
});

describe("findPrincipal", () => {
    // Installed per suite and restored after it, so the stub never leaks into other spec files.
    let mock: ReturnType<typeof mockIdentityStore>;
    before(() => {
        mock = mockIdentityStore();
    });
    after(() => mock.restore());
    const client = new IdentitystoreClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "y" } });
    beforeEach(() => mock.reset());

    it("returns the ID, or undefined when the principal is gone, and explains other errors", async () => {
        mock.on(GetGroupIdCommand).resolvesOnce({ GroupId: GROUP_ID, IdentityStoreId: STORE }).rejectsOnce(notFound());
        assert.equal(await findPrincipal(client, { kind: "group", identityStoreId: STORE, name: "g" }), GROUP_ID);
        assert.equal(await findPrincipal(client, { kind: "group", identityStoreId: STORE, name: "g" }), undefined);
        mock.on(GetGroupIdCommand).rejects(new AccessDeniedException({ message: "denied", $metadata: {} }));
        await assert.rejects(findPrincipal(client, { kind: "group", identityStoreId: STORE, name: "g" }), /identitystore:GetGroupId/);
    });
});
