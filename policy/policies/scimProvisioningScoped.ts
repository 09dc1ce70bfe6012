/**
 * `scim-provisioning-scoped` (mandatory): since authentik 2026.2 a SCIM provider has no `filter_group`. Users are
 * scoped by the policy bindings of the application that uses the provider as backchannel (no bindings → every
 * user), groups by `groupFilters` (empty → every group) (authentik 2026.2 SCIM provider scoping). Either gap pushes the whole
 * directory to AWS.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { awsScimProviders } from "../federation";
import { violation } from "../messages";
import { AUTHENTIK } from "../resourceTypes";
import { StackGraph } from "../stackGraph";
import { isUnknown } from "../unknowns";

export const scimProvisioningScoped: StackValidationPolicy = {
    name: "scim-provisioning-scoped",
    description:
        "A SCIM provider that pushes to AWS IAM Identity Center must have non-empty groupFilters, and its application must have at " +
        "least one enabled policy binding (e.g. the group of AWS users). Otherwise authentik (2026.2+) pushes every authentik group " +
        "and every user to AWS.",
    enforcementLevel: "mandatory",
    validateStack: (args, report) => {
        const graph = StackGraph.of(args.resources);
        for (const scim of awsScimProviders(graph)) {
            const subject = scim;
            const filters = scim.props.groupFilters;
            const deps = scim.resource.propertyDependencies?.groupFilters ?? [];
            if (!isUnknown(filters) && (!Array.isArray(filters) || filters.length === 0) && deps.length === 0) {
                report(
                    violation({
                        subject,
                        field: "groupFilters",
                        value: filters,
                        rule:
                            "with no group filter authentik (2026.2+) pushes every authentik group to AWS; " +
                            "group filters are the only scope for groups (authentik 2026.2 SCIM provider scoping)",
                        fix: "set groupFilters to the UUIDs of the authentik groups AWS needs (those your account assignments name)",
                    }),
                    scim.urn,
                );
            }

            for (const app of graph.referrers(scim, AUTHENTIK.application, "backchannelProviders").nodes) {
                const bindings = graph.referrers(app, AUTHENTIK.policyBinding, "target");
                if (bindings.unresolved) continue;
                // Disabled bindings are ignored by authentik; an unknown `enabled` may well be true.
                const active = bindings.nodes.filter((b) => b.props.enabled !== false);
                if (active.length > 0) continue;
                const disabled = bindings.nodes.length - active.length;
                report(
                    violation({
                        subject: app,
                        field: "policy bindings",
                        value: disabled > 0 ? `${disabled} disabled binding(s), no enabled one` : "(none)",
                        rule:
                            `the application uses the AWS SCIM provider "${scim.name}" as backchannel; since authentik ` +
                            `2026.2 SCIM provisions exactly the users the application's bindings allow, and an ` +
                            `application without bindings allows every user (authentik 2026.2 SCIM provider scoping)`,
                        fix:
                            "add a PolicyBinding with target = the application's uuid and " +
                            "group = the authentik group whose members should exist in AWS",
                    }),
                    app.urn,
                );
            }
        }
    },
};
