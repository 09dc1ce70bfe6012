import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { isExternalGroup, pinnedIdOf } from "../../policy/rules/principalWait";
import { PrincipalIdsArgs } from "../args";
import { childName } from "../naming";
import { PlannedPrincipal } from "./assignmentPlan";
import { ScimPrincipalWait } from "./scimPrincipalWait";

export interface PrincipalWaitSettings {
    timeoutSeconds: number;
    initialDelaySeconds: number;
    maxDelaySeconds: number;
}

export interface ResolvePrincipalsInputs {
    identityStoreId: pulumi.Input<string>;
    /** Region for the wait's own AWS SDK client; undefined lets the SDK's default chain decide. */
    region?: string;
    /** Named AWS profile for the wait's own client (`aws:profile`). */
    profile?: string;
    /** Pinned IDs, and the groups managed outside authentik (looked up without waiting for SCIM). */
    pinned: PrincipalIdsArgs;
    wait: PrincipalWaitSettings;
    /** The resources after which authentik's SCIM sync can create principals (SCIM provider, application, binding). */
    provisionedBy: pulumi.Input<pulumi.Resource>[];
    /** Aliases of the waits (their URNs before they moved under another parent): the move must not re-create them. */
    aliases?: pulumi.Input<pulumi.Alias>[];
}

export function principalKey(p: PlannedPrincipal): string {
    return `${p.principalType}:${p.principal}`;
}

/**
 * Resolves each distinct principal to its Identity Center ID: a pinned ID as given, otherwise one
 * `identitystore.getGroup`/`getUser` lookup. The lookup runs after a {@link ScimPrincipalWait} that polls with
 * bounded back-off until authentik's SCIM sync has created the principal, so a first deploy does not fail with
 * "group not found" (the classic failure of the Terraform modules this replaces). On later runs the wait is
 * unchanged (no polling) and the lookup re-reads the ID, so a group re-created by SCIM is picked up.
 */
export function resolvePrincipals(
    name: string,
    parent: pulumi.Resource,
    inp: ResolvePrincipalsInputs,
    principals: PlannedPrincipal[],
): Map<string, pulumi.Output<string>> {
    const ids = new Map<string, pulumi.Output<string>>();
    for (const p of principals) {
        const key = principalKey(p);
        if (ids.has(key)) continue;
        const pinned = pinnedIdOf(inp.pinned, p.principalType, p.principal);
        if (pinned !== undefined) {
            ids.set(key, pulumi.output(pinned));
            continue;
        }
        const kind = p.principalType === "GROUP" ? "group" : "user";
        // A group managed outside authentik exists already: look it up, do not wait for SCIM.
        const external = isExternalGroup(inp.pinned, p.principalType, p.principal);
        const wait = external
            ? undefined
            : new ScimPrincipalWait(
                  childName(name, `wait-${kind}`, p.principal),
                  {
                      kind,
                      name: p.principal,
                      identityStoreId: inp.identityStoreId,
                      region: inp.region,
                      profile: inp.profile,
                      timeoutSeconds: inp.wait.timeoutSeconds,
                      initialDelaySeconds: inp.wait.initialDelaySeconds,
                      maxDelaySeconds: inp.wait.maxDelaySeconds,
                  },
                  { parent, dependsOn: inp.provisionedBy, ...(inp.aliases ? { aliases: inp.aliases } : {}) },
              );
        const invokeOpts = { parent, dependsOn: wait ? [wait] : [] };
        // Attribute paths as the Identity Store API documents them (GetGroupId: "displayName"; GetUserId: "userName"),
        // the same the wait uses.
        if (p.principalType === "GROUP") {
            ids.set(
                key,
                aws.identitystore.getGroupOutput(
                    {
                        identityStoreId: inp.identityStoreId,
                        alternateIdentifier: { uniqueAttribute: { attributePath: "displayName", attributeValue: p.principal } },
                    },
                    invokeOpts,
                ).groupId,
            );
        } else {
            ids.set(
                key,
                aws.identitystore.getUserOutput(
                    {
                        identityStoreId: inp.identityStoreId,
                        alternateIdentifier: { uniqueAttribute: { attributePath: "userName", attributeValue: p.principal } },
                    },
                    invokeOpts,
                ).userId,
            );
        }
    }
    return ids;
}
