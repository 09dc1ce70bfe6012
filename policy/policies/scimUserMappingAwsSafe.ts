/**
 * `scim-user-mapping-aws-safe` (advisory): what the merged SCIM user sends must be acceptable to AWS. authentik
 * merges all user mappings in name order, appending lists (authentik source: authentik/lib/sync/outgoing/base.py,
 * `to_schema`): two mappings that return `emails` send two emails, which AWS rejects (no multi-valued user attributes:
 * https://docs.aws.amazon.com/singlesignon/latest/developerguide/limitations.html), and a `photos` value is rejected too
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/supported-attributes.html; goauthentik/authentik#5640).
 * `photos` is checked only when every user mapping of the provider is in the stack; a user mapping referenced only by ID
 * (e.g. authentik's managed "authentik default SCIM Mapping: User", which sends photos for avatar URLs and its own
 * emails list) is reported as unverifiable instead of passing silently.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { authentikName, awsScimProviders, mergedKey, scimUserMappings } from "../federation";
import { label } from "../messages";
import { Node, StackGraph } from "../stackGraph";

export const scimUserMappingAwsSafe: StackValidationPolicy = {
    name: "scim-user-mapping-aws-safe",
    description:
        "The user mappings of a SCIM provider that pushes to AWS must not send `photos` (AWS rejects the user), and at most one of " +
        "them may contribute `emails` (authentik appends lists across mappings; AWS accepts exactly one email). User mappings " +
        "outside the stack (referenced by ID) are reported, since the pack cannot verify what they send.",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        const graph = StackGraph.of(args.resources);
        for (const scim of awsScimProviders(graph)) {
            const set = scimUserMappings(graph, scim);
            const names = (nodes: Node[]) =>
                nodes.map((n) => label({ type: n.type, name: n.name, displayName: authentikName(n) })).join(", ");

            if (set.external.length > 0) {
                // Mappings run in name order and lists append: an outside mapping may add photos or a second email
                // after (or remove them before) anything the in-stack ones do. Unresolved references are preview only.
                const ids = set.external.map((id) => JSON.stringify(id)).join(", ");
                report(
                    `${label(scim)}: propertyMappings include ${ids}: user mapping(s) ` +
                        `not defined in this stack, so photos and emails cannot be verified: ` +
                        `authentik merges every user mapping in name order and appends lists, ` +
                        `and a mapping such as the managed "authentik default SCIM Mapping: User" ` +
                        `sends photos for avatar URLs and its own emails list, which IAM Identity ` +
                        `Center rejects (one email only, no photos: IAM Identity Center SCIM ` +
                        `limitations; goauthentik/authentik#5640). Fix: define every user ` +
                        `mapping of this provider in the stack, or check in authentik that ` +
                        `${ids} send neither photos nor a second email (a last-by-name mapping ` +
                        `returning "photos": None, as in authentik's AWS guide, removes photos)`,
                    scim.urn,
                );
            }
            const photos = mergedKey(set, "photos");
            if (photos.complete && photos.state === "sends") {
                report(
                    `${label(scim)}: photos = sent by ${names(photos.contributors)}: IAM Identity Center rejects SCIM users with photos ` +
                        `(IAM Identity Center SCIM limitations; goauthentik/authentik#5640). ` +
                        `Fix: return "photos": None from the last user mapping by name ` +
                        `(authentik applies None last-wins and then drops the key), or stop sending photos`,
                    photos.contributors[0].urn,
                );
            }
            const emails = mergedKey(set, "emails");
            if (emails.state === "sends" && emails.contributors.length > 1) {
                report(
                    `${label(scim)}: emails = contributed by ${emails.contributors.length} ` +
                        `mappings (${names(emails.contributors)}): authentik ` +
                        `appends the lists, so AWS receives several emails and rejects the ` +
                        `user (one primary email only: IAM Identity Center SCIM limitations). ` +
                        `Fix: let exactly one user mapping return "emails" (or return ` +
                        `"emails": None from the last one and build the single email there)`,
                    emails.contributors[1].urn,
                );
            }
        }
    },
};
