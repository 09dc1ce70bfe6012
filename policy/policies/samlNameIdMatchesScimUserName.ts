/**
 * `saml-nameid-matches-scim-userName` (mandatory): the pack's reason to exist. See identityPair.ts for the rule.
 */
import type { StackValidationPolicy } from "@pulumi/policy";
import { samlScimPairs } from "../federation";
import { checkIdentityPair } from "../identityPair";
import { StackGraph } from "../stackGraph";
import { configOf } from "../kit";

export interface IdentityPairConfig {
    /** Check only applications that federate with AWS (SCIM URL or SAML ACS/audience on an AWS host). */
    awsOnly: boolean;
}

export const IDENTITY_PAIR_CONFIG_SCHEMA = {
    properties: {
        awsOnly: {
            type: "boolean" as const,
            default: true,
            description: "Check only applications whose SCIM URL or SAML ACS URL/audience is on an AWS host. Set false to apply the rule to every SAML+SCIM application.",
        },
    },
};

export const samlNameIdMatchesScimUserName: StackValidationPolicy = {
    name: "saml-nameid-matches-scim-userName",
    description:
        "For every application with a SAML protocol provider and a SCIM backchannel provider, the SAML NameID mapping and the SCIM " +
        "user mappings must derive the identity from the same user attribute with the same normalisation (e.g. both " +
        "`(request.user.email or \"\").strip().lower()`), and the SAML provider must have a NameID mapping. AWS IAM Identity Center " +
        "signs a user in only when the NameID equals the SCIM-provisioned userName.",
    enforcementLevel: "mandatory",
    configSchema: IDENTITY_PAIR_CONFIG_SCHEMA,
    validateStack: (args, report) => {
        const config = configOf<IdentityPairConfig>(args, { awsOnly: true });
        const graph = new StackGraph(args.resources);
        for (const pair of samlScimPairs(graph)) {
            if (config.awsOnly && pair.aws !== true) continue;
            for (const f of checkIdentityPair(graph, pair)) {
                if (f.kind === "violation") report(f.message, f.urn);
            }
        }
    },
};
