/**
 * Relating the resources of a stack for stack policies: which SAML and SCIM providers an application uses, which
 * mappings a provider uses, which bindings target an application, which permission set an assignment grants.
 *
 * Resources refer to each other by ID in their props. Two ways to follow such a reference, in this order:
 * 1. `propertyDependencies[prop]`: the engine's record of which resources an input came from. It works during
 *    preview, when the IDs themselves are still unknown, and it is how awsguard relates resources.
 * 2. The value itself, matched against the IDs the other resources expose in their outputs (`id`, the bridged
 *    `<res>Id` output, an application's `uuid`/`slug`, a permission set's `arn`). Needed when propertyDependencies
 *    are absent (older engines, hand-built resources). Only what the analyzer passes is read: `PolicyResource` has
 *    no physical ID, so a reference whose target exposes none of these is `external` (not verifiable), never a
 *    silent pass. authentik provider IDs are integer strings while `Application.protocolProvider`
 *    is a number, so IDs are compared as text.
 * A known value that matches nothing in the stack is `external`: an object managed elsewhere (a managed mapping
 * looked up by ID, a group). A value that is unknown and not explained by propertyDependencies is `unresolved`.
 */
import type { PolicyResource } from "@pulumi/policy";
import { idProperties } from "./resourceTypes";
import { isUnknown, snapshot } from "./unknowns";
import type { Subject } from "./messages";

export interface Node extends Subject {
    resource: PolicyResource;
    type: string;
    name: string;
    urn: string;
    /** Plain copy of the props; unknown values are the UNKNOWN marker. */
    props: PolicyResource["props"];
    /** Every known ID-like value other resources may use to point at this one. */
    ids: Set<string>;
}

export interface Refs {
    /** Resources of the requested types that the property refers to. */
    nodes: Node[];
    /** Known ID values that match no resource in the stack (objects managed elsewhere). */
    external: string[];
    /** Some reference could not be resolved (unknown value, not explained by propertyDependencies). */
    unresolved: boolean;
    /** The property is definitely not set (no value, no dependency). */
    unset: boolean;
}

function idText(v: unknown): string | undefined {
    if (typeof v === "number" && Number.isFinite(v)) return String(v);
    if (typeof v === "string" && v.trim() !== "") {
        const t = v.trim();
        // "42" and 42 are the same authentik provider; "042" is not an authentik ID anyway.
        return /^\d+$/.test(t) ? String(Number(t)) : t;
    }
    return undefined;
}

export class StackGraph {
    readonly nodes: Node[];
    private readonly byUrn = new Map<string, Node>();
    /** Nodes by type, and per type the first node carrying each ID: lookups stay O(1) on 10,000-resource stacks. */
    private readonly byType = new Map<string, Node[]>();
    private readonly byTypeAndId = new Map<string, Map<string, Node>>();
    private static readonly cache = new WeakMap<readonly PolicyResource[], StackGraph>();

    /**
     * The graph of a stack's resources, built once per resource list: every stack policy of the pack reads the same
     * list (the runner shares it), and snapshotting 10,000 resources' props is most of a stack policy's cost. The
     * graph is read-only, so sharing it cannot leak one policy's state into another.
     */
    static of(resources: readonly PolicyResource[]): StackGraph {
        let graph = StackGraph.cache.get(resources);
        if (graph === undefined) {
            graph = new StackGraph(resources);
            StackGraph.cache.set(resources, graph);
        }
        return graph;
    }

    constructor(resources: readonly PolicyResource[]) {
        this.nodes = resources.map((resource) => {
            const props = (snapshot(resource.props) ?? {}) as PolicyResource["props"];
            const ids = new Set<string>();
            for (const v of idProperties(resource.type).map((p) => props[p])) {
                const t = isUnknown(v) ? undefined : idText(v);
                if (t !== undefined) ids.add(t);
            }
            const displayName = props.name;
            const node: Node = { resource, type: resource.type, name: resource.name, urn: resource.urn, props, ids, displayName };
            return node;
        });
        for (const n of this.nodes) {
            this.byUrn.set(n.urn, n);
            let list = this.byType.get(n.type);
            if (list === undefined) this.byType.set(n.type, (list = []));
            list.push(n);
            let ids = this.byTypeAndId.get(n.type);
            if (ids === undefined) this.byTypeAndId.set(n.type, (ids = new Map()));
            for (const id of n.ids) if (!ids.has(id)) ids.set(id, n);
        }
    }

    ofType(type: string): Node[] {
        return [...(this.byType.get(type) ?? [])];
    }

    /** The first node (in stack order) of one of `types` whose IDs include `id`. */
    private byId(types: readonly string[], id: string): Node | undefined {
        let best: Node | undefined;
        for (const type of types) {
            const hit = this.byTypeAndId.get(type)?.get(id);
            if (hit !== undefined && (best === undefined || this.nodes.indexOf(hit) < this.nodes.indexOf(best))) best = hit;
        }
        return best;
    }

    nodeOf(resource: PolicyResource): Node | undefined {
        return this.byUrn.get(resource.urn);
    }

    /** The resources of `types` that `from.props[prop]` refers to. */
    refs(from: Node, prop: string, types: readonly string[]): Refs {
        const deps: Node[] = [];
        let depList: PolicyResource[];
        try {
            depList = from.resource.propertyDependencies?.[prop] ?? [];
        } catch {
            depList = [];
        }
        for (const d of depList) {
            const n = d && this.byUrn.get(d.urn);
            if (n && types.includes(n.type) && !deps.includes(n)) deps.push(n);
        }

        const raw = from.props[prop];
        const values: unknown[] = isUnknown(raw) || raw === undefined || raw === null || raw === "" ? [] : Array.isArray(raw) ? raw : [raw];
        const unknownCount = values.filter(isUnknown).length;

        const matched: Node[] = [];
        const unmatched: string[] = [];
        for (const v of values) {
            if (isUnknown(v)) continue;
            const t = idText(v);
            if (t === undefined) continue;
            const hit = this.byId(types, t);
            if (hit) {
                if (!matched.includes(hit)) matched.push(hit);
            } else {
                unmatched.push(t);
            }
        }
        const nodes = [...deps, ...matched.filter((m) => !deps.includes(m))];
        // A dependency whose own ID we cannot see probably IS one of the unmatched values or one of the unknown ones.
        let anonymousDeps = deps.filter((d) => !matched.includes(d) && d.ids.size === 0).length;
        const external = unmatched.slice();
        while (anonymousDeps > 0 && external.length > 0) {
            external.shift();
            anonymousDeps--;
        }
        let unresolved: boolean;
        if (isUnknown(raw)) {
            // A scalar with a dependency refers to exactly that resource. A list that is unknown as a whole may
            // also hold IDs with no resource behind them (lookups), which propertyDependencies cannot show.
            unresolved = isListProperty(prop) || deps.length === 0;
        } else {
            unresolved = unknownCount > deps.filter((d) => !matched.includes(d)).length;
        }
        const unset = !isUnknown(raw) && values.length === 0 && depList.length === 0;
        return { nodes, external, unresolved, unset };
    }

    /** Resources of `fromType` whose `prop` refers to `target`; `unresolved` if some might but we cannot tell. */
    referrers(target: Node, fromType: string, prop: string): { nodes: Node[]; unresolved: boolean } {
        const nodes: Node[] = [];
        let unresolved = false;
        for (const n of this.ofType(fromType)) {
            const r = this.refs(n, prop, [target.type]);
            if (r.nodes.includes(target)) nodes.push(n);
            else if (r.unresolved) unresolved = true;
        }
        return { nodes, unresolved };
    }
}

/**
 * Properties that hold a list of IDs: `backchannelProviders`, `propertyMappings`, `propertyMappingsGroups`, `groupFilters`
 * of the authentik SDK (vendor/authentik/application.ts, providerScim.ts) and `managedPolicyArns` of
 * https://www.pulumi.com/registry/packages/aws/api-docs/ssoadmin/managedpolicyattachmentsexclusive/.
 */
const LIST_PROPERTIES = new Set([
    "backchannelProviders",
    "propertyMappings",
    "propertyMappingsGroups",
    "groupFilters",
    "managedPolicyArns",
]);
function isListProperty(prop: string): boolean {
    return LIST_PROPERTIES.has(prop);
}
