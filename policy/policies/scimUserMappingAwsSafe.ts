/**
 * `scim-user-mapping-aws-safe` (advisory): what the merged SCIM user sends must be acceptable to AWS. authentik
 * merges all user mappings in name order, appending lists (authentik.md S1b): two mappings that return `emails` send
 * two emails, which AWS rejects (one email only, aws-identity-center.md row 34), and a `photos` value is rejected too
 * (row 35; authentik#5640). Only reported when every user mapping of the provider is in the stack.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { authentikName, awsScimProviders, mergedKey, scimUserMappings } from "../federation";
import { label } from "../messages";
import { Node, StackGraph } from "../stackGraph";

export const scimUserMappingAwsSafe: StackValidationPolicy = {
    name: "scim-user-mapping-aws-safe",
    description:
        "The user mappings of a SCIM provider that pushes to AWS must not send `photos` (AWS rejects the user), and at most one of " +
        "them may contribute `emails` (authentik appends lists across mappings; AWS accepts exactly one email).",
    enforcementLevel: "advisory",
    validateStack: (args, report) => {
        const graph = new StackGraph(args.resources);
        for (const scim of awsScimProviders(graph)) {
            const set = scimUserMappings(graph, scim);
            const names = (nodes: Node[]) => nodes.map((n) => label({ type: n.type, name: n.name, displayName: authentikName(n) })).join(", ");

            const photos = mergedKey(set, "photos");
            if (photos.complete && photos.state === "sends") {
                report(
                    `${label(scim)}: photos = sent by ${names(photos.contributors)}: IAM Identity Center rejects SCIM users with photos ` +
                    `(IAM Identity Center SCIM limitations; goauthentik/authentik#5640). Fix: return "photos": None from the last user mapping by name ` +
                    `(authentik applies None last-wins and then drops the key), or stop sending photos`,
                    photos.contributors[0].urn,
                );
            }
            const emails = mergedKey(set, "emails");
            if (emails.state === "sends" && emails.contributors.length > 1) {
                report(
                    `${label(scim)}: emails = contributed by ${emails.contributors.length} mappings (${names(emails.contributors)}): authentik ` +
                    `appends the lists, so AWS receives several emails and rejects the user (one primary email only: IAM Identity Center SCIM limitations). ` +
                    `Fix: let exactly one user mapping return "emails" (or return "emails": None from the last one and build the single email there)`,
                    emails.contributors[1].urn,
                );
            }
        }
    },
};
