/**
 * `--fix-stale-access`: removes from Identity Center exactly the group memberships the doctor found stale, with
 * DeleteGroupMembership (https://docs.aws.amazon.com/singlesignon/latest/IdentityStoreAPIReference/API_DeleteGroupMembership.html),
 * and nothing else. The Identity Store may refuse writes to users and groups that SCIM provisions; that is reported
 * per membership and the rest is left as detection only.
 */
import { DeleteGroupMembershipCommand, IdentitystoreClient } from "@aws-sdk/client-identitystore";
import { StaleMembership } from "./findings";

/** One dry-run line per change, in a stable order. */
export function planStaleAccessFix(stale: readonly StaleMembership[], identityStoreId: string): string[] {
    return [...stale]
        .sort(
            (a, b) =>
                a.groupName.localeCompare(b.groupName) ||
                a.userName.localeCompare(b.userName) ||
                a.membershipId.localeCompare(b.membershipId),
        )
        .map(
            (s) =>
                `would remove ${s.userName} from ${s.groupName}: ` +
                `DeleteGroupMembership ${identityStoreId} ${s.membershipId}${s.access.length ? ` (revokes ${s.access.join(", ")})` : ""}`,
        );
}

export interface FixResult {
    removed: StaleMembership[];
    refused: { membership: StaleMembership; reason: string }[];
}

/** Deletes each stale membership (sequentially: a handful, and each result is reported). */
export async function fixStaleAccess(
    client: IdentitystoreClient,
    identityStoreId: string,
    stale: readonly StaleMembership[],
): Promise<FixResult> {
    const result: FixResult = { removed: [], refused: [] };
    for (const s of stale) {
        try {
            await client.send(new DeleteGroupMembershipCommand({ IdentityStoreId: identityStoreId, MembershipId: s.membershipId }));
            result.removed.push(s);
        } catch (e) {
            const err = e as { name?: string; message?: string };
            const why =
                err.name === "AccessDeniedException"
                    ? `the Identity Store refused the write (${err.message}): memberships of ` +
                      `SCIM-provisioned groups may only be changed by SCIM here, so this stays detection ` +
                      `only; remove the person in authentik and re-save the group, or ask AWS support`
                    : `${err.name ?? "error"}: ${err.message}`;
            result.refused.push({ membership: s, reason: why });
        }
    }
    return result;
}
