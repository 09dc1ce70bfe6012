/**
 * The core invariant of the pack: for an application that signs people in over SAML and provisions them over
 * SCIM, the SAML NameID and the SCIM `userName` must be the same string for every user. AWS matches the NameID
 * against the Identity Center userName and nothing else (https://docs.aws.amazon.com/singlesignon/latest/userguide/troubleshooting.html;
 * https://integrations.goauthentik.io/cloud-providers/aws/), and authentik's defaults disagree (no NameID mapping → hashed
 * uid or email, authentik/providers/saml/processors/assertion.py; default SCIM mapping → username,
 * blueprints/system/providers-scim.yaml; both in github.com/goauthentik/authentik).
 *
 * {@link checkIdentityPair} compares the two derivations (expressions.ts) and returns findings. Two policies read
 * them: `saml-nameid-matches-scim-userName` reports what is provably wrong, `identity-mappings-verifiable` reports
 * what cannot be checked statically (a NameID mapping looked up by ID, SCIM user mappings outside the stack, which
 * may set userName whatever the in-stack ones do). Values unknown during preview produce no finding at all.
 */
import type { StackValidationArgs } from "@pulumi/policy";
import { analyseNameIdExpression, Derivation, derivationExpression, describeDerivation, sameDerivation } from "./expressions";
import { authentikName, effectiveScimUserName, SamlScimPair, samlScimPairs, scimUserMappings } from "./federation";
import { configOf } from "./kit";
import { label } from "./messages";
import { AUTHENTIK } from "./resourceTypes";
import { Node, StackGraph } from "./stackGraph";
import { isUnknown } from "./unknowns";

export type FindingKind = "violation" | "unverifiable";

/** Config of both identity policies. */
export interface IdentityPairConfig {
    /** Check only applications that federate with AWS (SCIM URL or SAML ACS/audience on an AWS host). */
    awsOnly: boolean;
}

export const IDENTITY_PAIR_CONFIG_SCHEMA = {
    properties: {
        awsOnly: {
            type: "boolean" as const,
            default: true,
            description:
                "Check only applications whose SCIM URL or SAML ACS URL/audience is on " +
                "an AWS host. Set false to apply the rule to every SAML+SCIM application.",
        },
    },
};

/** The body of both identity policies: every SAML+SCIM pair in scope, its findings of one kind reported. */
export function reportIdentityFindings(
    args: StackValidationArgs,
    report: (message: string, urn?: string) => void,
    kind: FindingKind,
): void {
    const config = configOf<IdentityPairConfig>(args, { awsOnly: true });
    const graph = StackGraph.of(args.resources);
    for (const pair of samlScimPairs(graph)) {
        if (config.awsOnly && pair.aws !== true) continue;
        for (const f of checkIdentityPair(graph, pair)) {
            if (f.kind === kind) report(f.message, f.urn);
        }
    }
}

export interface Finding {
    kind: FindingKind;
    message: string;
    urn: string;
}

const WHY =
    "AWS IAM Identity Center signs a person in only when the SAML NameID equals the userName that " +
    "SCIM provisioned (IAM Identity Center troubleshooting guide; authentik AWS integration guide)";
const COMPONENT_HINT = "AwsIdentityCenterFederation derives both from its single identityAttribute";

function mappingLabel(n: Node): string {
    return label({ type: n.type, name: n.name, displayName: authentikName(n) });
}

function suggestion(d: Derivation): string | undefined {
    return d.kind === "attribute" ? derivationExpression(d) : undefined;
}

/** Findings for one (application, SAML provider, SCIM provider). */
export function checkIdentityPair(graph: StackGraph, pair: SamlScimPair): Finding[] {
    const { app, saml, scim } = pair;
    const findings: Finding[] = [];
    const where = `Application "${app.name}" (SAML provider "${saml.name}", SCIM provider "${scim.name}")`;

    const mappings = scimUserMappings(graph, scim);
    const userName = effectiveScimUserName(mappings);
    const scimText = userName.from
        ? `${describeDerivation(userName.derivation)} (${mappingLabel(userName.from)}${userName.caveat ? `; ${userName.caveat}` : ""})`
        : describeDerivation(userName.derivation);

    // --- SCIM side problems that make the pair fail whatever the NameID is.
    if (userName.derivation.kind === "invalid") {
        findings.push({
            kind: "violation",
            urn: userName.from?.urn ?? scim.urn,
            message:
                `${where}: SCIM userName = ${scimText}: ${userName.derivation.reason}. Fix: correct the ` +
                `SCIM user mapping so that it returns {"userName": <the same expression as the NameID>, ...}`,
        });
        return findings;
    }
    // Unknown only because preview has not computed it yet: the update's own check will see the value.
    if (userName.preview) return findings;
    if (userName.derivation.kind === "absent") {
        findings.push({
            kind: "violation",
            urn: scim.urn,
            message:
                `${where}: SCIM userName = (not set by any user mapping): AWS requires userName on ` +
                `every user (IAM Identity Center SCIM CreateUser) and ${WHY}. Fix: add a SCIM user ` +
                `mapping returning {"userName": <the NameID expression>, ...}; ${COMPONENT_HINT}`,
        });
        return findings;
    }

    // --- The NameID side.
    const refs = graph.refs(saml, "nameIdMapping", [AUTHENTIK.samlMapping]);
    const scimSuggestion = suggestion(userName.derivation);
    if (refs.unset) {
        findings.push({
            kind: "violation",
            urn: saml.urn,
            message:
                `${where}: nameIdMapping = (not set): without a NameID mapping authentik sends the hashed user uid ` +
                `(persistent/unspecified NameID format) or the email (emailAddress format), while SCIM sets userName ` +
                `from ${scimText}; ${WHY}. Fix: set nameIdMapping to a SAML property mapping that ` +
                `returns ${scimSuggestion ? `\`${scimSuggestion}\`` : "the same value as the SCIM userName"}; ${COMPONENT_HINT}`,
        });
        return findings;
    }
    const nameIdNode = refs.nodes[0];
    if (!nameIdNode) {
        if (refs.external.length > 0) {
            const id = refs.external[0];
            const scimOutside =
                mappings.external.length > 0
                    ? ` The SCIM userName cannot be verified either: user ` +
                      `mapping(s) ${mappings.external.map((e) => JSON.stringify(e)).join(", ")} are not defined in ` +
                      `the stack and may set it; check them too, or define every SCIM user mapping in the stack.`
                    : "";
            findings.push({
                kind: "unverifiable",
                urn: saml.urn,
                message:
                    `${where}: nameIdMapping = ${JSON.stringify(id)}: this NameID mapping is not defined in the stack ` +
                    `(a managed or hand-made mapping looked up by ID), so its expression cannot be compared with the ` +
                    `SCIM userName, which is ${scimText}; ${WHY}. Fix: check in authentik that mapping ${JSON.stringify(id)} ` +
                    `returns exactly ${scimSuggestion ? `\`${scimSuggestion}\`` : "the SCIM userName"} (the managed ` +
                    `"authentik default SAML Mapping: Username" returns request.user.username as is, "…: Email" ` +
                    `request.user.email as is), or define the NameID mapping in the stack so this pack can verify it; to ` +
                    `require that, set "identity-mappings-verifiable" to mandatory in the policy pack config.${scimOutside}`,
            });
        }
        // Otherwise the reference is unknown during preview: nothing to say yet.
        return findings;
    }

    const expression = nameIdNode.props.expression;
    if (isUnknown(expression)) return findings;
    const nameId = analyseNameIdExpression(expression);
    const nameIdText = `${describeDerivation(nameId)} (${mappingLabel(nameIdNode)})`;
    const nameIdSuggestion = suggestion(nameId);

    if (nameId.kind === "invalid") {
        findings.push({
            kind: "violation",
            urn: nameIdNode.urn,
            message:
                `${where}: NameID = ${nameIdText}: ${nameId.reason}. Fix: make the NameID mapping ` +
                `return ${scimSuggestion ? `\`${scimSuggestion}\`` : "the same value as the SCIM userName"}`,
        });
        return findings;
    }
    // --- SCIM user mappings outside the stack: any of them may sort last and set userName (they run in name order and
    // the last one wins: authentik/providers/scim/clients/users.py, authentik/lib/sync/outgoing/base.py), so
    // neither agreement nor disagreement can be proven. Never a violation; the companion policy names them.
    if (mappings.external.length > 0) {
        const ids = mappings.external.map((id) => JSON.stringify(id)).join(", ");
        findings.push({
            kind: "unverifiable",
            urn: scim.urn,
            message:
                `${where}: SCIM propertyMappings include ${ids}: user mapping(s) not defined in this stack (e.g. authentik's managed ` +
                `"authentik default SCIM Mapping: User", which sets userName from request.user.username), so the SCIM userName cannot ` +
                `be verified: authentik applies user mappings in name order and the last one that sets userName wins. In the stack: ` +
                `SCIM userName = ${scimText}, NameID = ${nameIdText}; ${WHY}. Fix: define every SCIM user mapping of this provider ` +
                `in the stack (drop the ones referenced by ID: one mapping can set all AWS needs), or check in authentik that ` +
                `mapping(s) ${ids} do not set userName or return exactly ${nameIdSuggestion ? `\`${nameIdSuggestion}\`` : "the NameID"}; ` +
                `to require verifiable mappings, set "identity-mappings-verifiable" to mandatory in the policy pack config`,
        });
        return findings;
    }
    // A mapping reference unknown during preview may be anything: the update's own check will see it.
    if (mappings.unresolved) return findings;
    if (nameId.kind === "unknown" || userName.derivation.kind === "unknown") {
        findings.push({
            kind: "unverifiable",
            urn: nameIdNode.urn,
            message:
                `${where}: NameID = ${nameIdText}, SCIM userName = ${scimText}: the pack cannot tell statically whether ` +
                `the two agree; ${WHY}. Fix: write both as a plain read of the same user attribute with the same ` +
                `normalisation (e.g. \`return (request.user.email or "").strip().lower()\` and {"userName": (request.user.email ` +
                `or "").strip().lower()}), or verify them by hand with authentik's property-mapping test API`,
        });
        return findings;
    }
    if (!sameDerivation(nameId, userName.derivation)) {
        const nameIdExpr = nameIdSuggestion!;
        const userNameExpr = scimSuggestion!;
        findings.push({
            kind: "violation",
            urn: nameIdNode.urn,
            message:
                `${where}: NameID ≠ SCIM userName: the NameID mapping ${mappingLabel(nameIdNode)} derives the NameID ` +
                `from ${describeDerivation(nameId)}, but the SCIM user mapping ${userName.from ? mappingLabel(userName.from) : "(none)"} ` +
                `derives userName from ${describeDerivation(userName.derivation)}; ${WHY}, so these users are ` +
                `provisioned but cannot sign in. Fix: derive both from the same attribute with the same normalisation: ` +
                `either make the SCIM mapping return {"userName": ${nameIdExpr}, ...} or make the NameID mapping ` +
                `\`return ${userNameExpr}\` (authentik's AWS guide uses the email on both sides); ${COMPONENT_HINT}`,
        });
    }
    return findings;
}
