/**
 * The authentik side of a stack seen as AWS IAM Identity Center federation: which SCIM providers push to AWS,
 * which applications pair a SAML provider with a SCIM provider, which user mappings a SCIM provider applies and
 * in what order, and what the merged SCIM user will contain. Pure functions over a {@link StackGraph}.
 */
import { analyseScimUserMapping, Contribution, Derivation, ScimUserMappingAnalysis } from "./expressions";
import { AWS_ACS_URL, AWS_SCIM_HOST, AWS_SIGNIN_HOST } from "./limits";
import { AUTHENTIK } from "./resourceTypes";
import { Node, Refs, StackGraph } from "./stackGraph";
import { isUnknown } from "./unknowns";

/** `true`/`false` when the URL is known, `undefined` when it is unknown or not a URL-ish string. */
function hostOf(url: unknown): string | undefined {
    if (typeof url !== "string") return undefined;
    try {
        return new URL(url.trim()).hostname.toLowerCase();
    } catch {
        return undefined;
    }
}

/** Is this the URL of an IAM Identity Center SCIM endpoint? `undefined` while unknown. */
export function isAwsScimUrl(url: unknown): boolean | undefined {
    if (isUnknown(url)) return undefined;
    const host = hostOf(url);
    return host !== undefined && AWS_SCIM_HOST.test(host);
}

/** Is this an ACS URL exactly as AWS publishes it ({@link AWS_ACS_URL}: classic or dual-stack sign-in host, opaque ID)? */
export function isAwsAcsUrl(url: unknown): boolean {
    return typeof url === "string" && AWS_ACS_URL.test(url.trim());
}

/** Does this SAML provider talk to AWS (its ACS URL or audience is on an AWS host)? `undefined` while unknown. */
export function samlProviderTargetsAws(saml: Node): boolean | undefined {
    const values = [saml.props.acsUrl, saml.props.audience];
    if (
        values.some((v) => {
            const h = hostOf(v);
            return h !== undefined && AWS_SIGNIN_HOST.test(h);
        })
    )
        return true;
    return values.some(isUnknown) ? undefined : false;
}

export interface ApplicationView {
    app: Node;
    saml: Refs;
    scim: Refs;
}

/** Every application with the SAML providers (protocol) and SCIM providers (backchannel) it uses. */
export function applications(graph: StackGraph): ApplicationView[] {
    return graph.ofType(AUTHENTIK.application).map((app) => ({
        app,
        saml: graph.refs(app, "protocolProvider", [AUTHENTIK.samlProvider]),
        scim: graph.refs(app, "backchannelProviders", [AUTHENTIK.scimProvider]),
    }));
}

/** SCIM providers whose URL is known to be an AWS SCIM endpoint. */
export function awsScimProviders(graph: StackGraph): Node[] {
    return graph.ofType(AUTHENTIK.scimProvider).filter((n) => isAwsScimUrl(n.props.url) === true);
}

export interface SamlScimPair {
    app: Node;
    saml: Node;
    scim: Node;
    /** The pair federates with AWS (SCIM URL or SAML ACS/audience on an AWS host); `undefined` while unknown. */
    aws: boolean | undefined;
}

/** (application, SAML provider, SCIM provider) for every application that has both. */
export function samlScimPairs(graph: StackGraph): SamlScimPair[] {
    const pairs: SamlScimPair[] = [];
    for (const view of applications(graph)) {
        for (const saml of view.saml.nodes) {
            for (const scim of view.scim.nodes) {
                const scimAws = isAwsScimUrl(scim.props.url);
                const samlAws = samlProviderTargetsAws(saml);
                const aws =
                    scimAws === true || samlAws === true ? true : scimAws === undefined || samlAws === undefined ? undefined : false;
                pairs.push({ app: view.app, saml, scim, aws });
            }
        }
    }
    return pairs;
}

/** The name authentik knows a mapping by (it orders user mappings by it); the logical name if not set. */
export function authentikName(node: Node): string {
    return typeof node.props.name === "string" ? node.props.name : node.name;
}

/** The reason given for a mapping whose expression is not known yet: such a derivation is never reported. */
export const PREVIEW_UNKNOWN_REASON = "the expression is unknown during preview";

export interface ScimUserMappingSet {
    /** Mappings defined in the stack, in the order authentik applies them (by name). */
    inStack: { node: Node; analysis: ScimUserMappingAnalysis }[];
    /** IDs of mappings not defined in the stack (e.g. the managed default looked up by ID). */
    external: string[];
    /** Some mapping reference could not be resolved during preview. */
    unresolved: boolean;
}

/**
 * The SCIM provider's user mappings. authentik applies them ordered by name in the database collation (authentik source:
 * authentik/providers/scim/clients/users.py, `property_mappings.all().order_by("name")`); code-unit order is used here,
 * which matches the C collation and the `zz …` naming authentik's AWS guide suggests
 * (website/integrations/cloud-providers/aws/index.mdx, https://integrations.goauthentik.io/cloud-providers/aws/).
 */
export function scimUserMappings(graph: StackGraph, scim: Node): ScimUserMappingSet {
    const refs = graph.refs(scim, "propertyMappings", [AUTHENTIK.scimMapping]);
    const inStack = refs.nodes
        .map((node) => ({ node, analysis: analyseScimUserMapping(isUnknown(node.props.expression) ? undefined : node.props.expression) }))
        .map((m) =>
            isUnknown(m.node.props.expression)
                ? {
                      node: m.node,
                      analysis: {
                          userName: { kind: "unknown", reason: PREVIEW_UNKNOWN_REASON } as Derivation,
                          photos: "unknown" as Contribution,
                          emails: "unknown" as Contribution,
                      },
                  }
                : m,
        )
        .sort((a, b) => (authentikName(a.node) < authentikName(b.node) ? -1 : authentikName(a.node) > authentikName(b.node) ? 1 : 0));
    return { inStack, external: refs.external, unresolved: refs.unresolved };
}

export interface EffectiveUserName {
    derivation: Derivation;
    /** The mapping whose `userName` wins (the last one, by name, that sets it). */
    from?: Node;
    /** Set when mappings outside the stack could change the result: the derivation is then not verifiable. */
    caveat?: string;
    /** The derivation is unknown only because values are unknown during preview. */
    preview?: boolean;
}

/** What the merged SCIM user's `userName` is derived from: a scalar, so the last mapping (by name) that sets it wins. */
export function effectiveScimUserName(set: ScimUserMappingSet): EffectiveUserName {
    let current: EffectiveUserName | undefined;
    for (const m of set.inStack) {
        const d = m.analysis.userName;
        // A mapping that fails (NameError, …) stops the sync for everybody, whatever the others do.
        if (d.kind === "invalid") return { derivation: d, from: m.node };
        if (d.kind !== "absent") current = { derivation: d, from: m.node };
    }
    const outside = set.external.length > 0 || set.unresolved;
    const outsideText =
        set.external.length > 0
            ? `user mapping(s) ${set.external.map((e) => JSON.stringify(e)).join(", ")}`
            : "user mappings unknown during preview";
    if (!current) {
        if (outside) {
            return {
                derivation: { kind: "unknown", reason: `userName is set only by ${outsideText}, which are not defined in this stack` },
                preview: set.external.length === 0,
            };
        }
        return { derivation: { kind: "absent" } };
    }
    if (current.derivation.kind === "unknown" && current.derivation.reason === PREVIEW_UNKNOWN_REASON) current.preview = true;
    if (outside) {
        // Only a statement about the in-stack mappings: an outside one sorting after them (e.g. authentik's managed
        // "authentik default SCIM Mapping: User", userName = username) would set userName instead.
        current.caveat = `unless ${outsideText} sort after it by name and set userName (authentik applies user mappings in name order)`;
    }
    return current;
}

export interface MergedKey {
    /** `sends`: the merged user carries the key; `removes`/`absent`: it does not; `unknown`: cannot tell. */
    state: Contribution;
    /** Mappings whose value ends up in the merged user (for lists, all of them: lists append). */
    contributors: Node[];
    /** Every mapping of the provider was analysed (none outside the stack, none unresolved). */
    complete: boolean;
}

/**
 * Replays authentik's deep merge for one top-level key (authentik source: authentik/lib/sync/outgoing/base.py, `to_schema`
 * merges each mapping's result with `deepmerge.always_merger`): lists append across mappings, `None` overrides what came
 * before (and is then dropped by `delete_none_values`, authentik/policies/utils.py).
 */
export function mergedKey(set: ScimUserMappingSet, key: "photos" | "emails"): MergedKey {
    let contributors: Node[] = [];
    let uncertain = false;
    let removed = false;
    for (const m of set.inStack) {
        switch (m.analysis[key]) {
            case "sends":
                contributors.push(m.node);
                break;
            case "removes":
                // None overrides everything merged before it, including what we could not analyse.
                contributors = [];
                uncertain = false;
                removed = true;
                break;
            case "unknown":
                uncertain = true;
                break;
        }
    }
    const state: Contribution = uncertain ? "unknown" : contributors.length > 0 ? "sends" : removed ? "removes" : "absent";
    return { state, contributors, complete: set.external.length === 0 && !set.unresolved };
}
