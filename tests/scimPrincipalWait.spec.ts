import { strict as assert } from "node:assert";
import * as pulumi from "@pulumi/pulumi";
import {
    AccessDeniedException,
    GetGroupIdCommand,
    GetUserIdCommand,
    IdentitystoreClient,
    ResourceNotFoundException,
} from "@aws-sdk/client-identitystore";
import { mockClient } from "aws-sdk-client-mock";
import { scimPrincipalWaitProvider, ScimPrincipalWaitState } from "../components/aws/scimPrincipalWait";

// The dynamic provider host loads providers with this module (a dependency of @pulumi/pulumi).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const requireFromString: (code: string) => { handler(): pulumi.dynamic.ResourceProvider } = require("require-from-string");

const mockIdentityStore = () => mockClient(IdentitystoreClient);

const STORE = "d-906752b26f";
const GROUP_ID = "e40884a8-9021-7098-ba89-1f2ab32bab88";
const NEW_GROUP_ID = "a1b2c3d4-0000-4000-8000-1f2ab32bab88";

const state = (overrides: Partial<ScimPrincipalWaitState> = {}): ScimPrincipalWaitState => ({
    kind: "group",
    name: "aws-admins",
    identityStoreId: STORE,
    region: "us-east-1",
    timeoutSeconds: 5,
    initialDelaySeconds: 0.001,
    maxDelaySeconds: 0.002,
    ...overrides,
});

describe("ScimPrincipalWait provider", () => {
    // Installed per suite and restored after it, so the stub never leaks into other spec files.
    let mock: ReturnType<typeof mockIdentityStore>;
    before(() => {
        mock = mockIdentityStore();
    });
    after(() => mock.restore());
    let provider: pulumi.dynamic.ResourceProvider;

    before(async function () {
        // Exactly what pulumi.dynamic.Resource stores in the state and the provider host evaluates: if the provider
        // captured a live client or anything unserializable, this would throw or the copy would not work.
        const serialized = await pulumi.runtime.serializeFunction(() => scimPrincipalWaitProvider, { allowSecrets: true });
        assert.equal(serialized.containsSecrets, false);
        provider = requireFromString(serialized.text).handler();
    });
    beforeEach(() => mock.reset());

    it("diff: timing knobs and region update in place, principal identity replaces", async () => {
        const olds = { ...state(), principalId: GROUP_ID };
        const noChange = await provider.diff!(GROUP_ID, olds, state());
        assert.deepEqual({ changes: noChange.changes, replaces: noChange.replaces }, { changes: false, replaces: [] });

        const timing = await provider.diff!(GROUP_ID, olds, state({ timeoutSeconds: 600, maxDelaySeconds: 60, region: "eu-west-1" }));
        assert.equal(timing.changes, true);
        assert.deepEqual(timing.replaces, []);

        for (const [key, value] of [
            ["name", "other"],
            ["kind", "user"],
            ["identityStoreId", "d-0000000000"],
        ] as const) {
            const d = await provider.diff!(GROUP_ID, olds, state({ [key]: value }));
            assert.equal(d.changes, true, key);
            assert.deepEqual(d.replaces, [key]);
        }
    });

    it("update keeps the principal ID without looking anything up", async () => {
        const result = await provider.update!(GROUP_ID, { ...state(), principalId: GROUP_ID }, state({ timeoutSeconds: 900 }));
        assert.equal(result.outs.principalId, GROUP_ID);
        assert.equal(result.outs.timeoutSeconds, 900);
        assert.equal(mock.calls().length, 0);
    });

    it("create waits for the group and outputs its ID", async () => {
        mock.on(GetGroupIdCommand)
            .rejectsOnce(new ResourceNotFoundException({ message: "GROUP not found", $metadata: {}, ResourceType: "GROUP" }))
            .resolves({ GroupId: GROUP_ID, IdentityStoreId: STORE });
        const result = await provider.create(state());
        assert.equal(result.id, GROUP_ID);
        assert.equal(result.outs.principalId, GROUP_ID);
        assert.equal(result.outs.name, "aws-admins");
        assert.equal(mock.commandCalls(GetGroupIdCommand).length, 2);
    });

    it("create fails with the IAM permission for a user when access is denied", async () => {
        mock.on(GetUserIdCommand).rejects(new AccessDeniedException({ message: "denied", $metadata: {} }));
        await assert.rejects(provider.create(state({ kind: "user", name: "alice@example.com" })), /identitystore:GetUserId/);
    });

    it("read picks up a re-created principal's new ID and reports a deleted one as gone", async () => {
        mock.on(GetGroupIdCommand)
            .resolvesOnce({ GroupId: NEW_GROUP_ID, IdentityStoreId: STORE })
            .rejectsOnce(new ResourceNotFoundException({ message: "GROUP not found", $metadata: {}, ResourceType: "GROUP" }));
        const refreshed = await provider.read!(GROUP_ID, { ...state(), principalId: GROUP_ID });
        assert.equal(refreshed.id, GROUP_ID);
        assert.equal(refreshed.props.principalId, NEW_GROUP_ID);
        const gone = await provider.read!(GROUP_ID, { ...state(), principalId: GROUP_ID });
        assert.equal(gone.id, undefined);
        assert.equal(mock.commandCalls(GetGroupIdCommand).length, 2);
    });
});
