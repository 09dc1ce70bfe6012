/**
 * The identity each authentik user has in AWS, computed by the component's own generated mappings run under CPython
 * by the project's mapping harness (scripts/authentik_eval.py, a simulated authentik SCIM sync): the doctor never
 * re-derives the normalisation, the e-mail rules or the duplicate-identity skip.
 */
import { IdentityAttribute } from "../components/args";
import { AuthentikUser, EvaluatedUser, simulatedMappings, simulateSync } from "../scripts/mappingCheck";

export type Identity =
    /** The SCIM user mapping sends this `userName`; the NameID mapping returns it once AWS holds it for this person. */
    | { kind: "identity"; userName: string }
    /** The mapping skips the person (SkipObject), with its reason. */
    | { kind: "skipped"; reason: string }
    /** The SCIM body fails authentik's validation or the mapping raised: authentik stops the sync of this user. */
    | { kind: "error"; reason: string };

/** One harness result as an {@link Identity}. */
export function identityOf(r: EvaluatedUser): Identity {
    if (r.skipped) return { kind: "skipped", reason: r.reason?.trim() || "skipped by the SCIM user mapping without a reason" };
    if (r.error) return { kind: "error", reason: r.error };
    const userName = r.scimBody?.userName;
    if (typeof userName === "string" && userName !== "") return { kind: "identity", userName };
    return { kind: "error", reason: r.syncDetail ?? "the SCIM user mapping produced no userName" };
}

/**
 * Identities of `users` (all authentik users: the duplicate-identity rule looks at everyone, as authentik's ORM
 * query does), by user pk. One python process.
 */
export async function computeIdentities(
    users: AuthentikUser[],
    opts: { identityAttribute: IdentityAttribute; excludeServiceAccounts: boolean },
): Promise<Map<number, Identity>> {
    const mappings = simulatedMappings({ identityAttribute: opts.identityAttribute, excludeServiceAccounts: opts.excludeServiceAccounts });
    // Pages of one: the doctor wants each person's own verdict, not the effect of a neighbour's invalid e-mail on a
    // 100-user page (authentik stops the rest of the page; that neighbour is reported for their own error).
    const sim = await simulateSync({
        ...mappings,
        users,
        excludeServiceAccounts: opts.excludeServiceAccounts,
        pageSize: 1,
        nameIds: false,
    });
    const byPk = new Map<number, Identity>();
    for (const r of sim.results) if (r.pk !== undefined) byPk.set(r.pk, identityOf(r));
    return byPk;
}
