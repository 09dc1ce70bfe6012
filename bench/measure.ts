import { createHash } from "node:crypto";
import { AwsIdentityCenterFederationArgs } from "../components/args";
import { SAML_NAMEID_POLICY_TYPE } from "../components/authentik/samlNameIdPolicy";
import { SCIM_SYNC_TRIGGER_TYPE } from "../components/authentik/scimSyncTrigger";
import { SCIM_PRINCIPAL_WAIT_TYPE } from "../components/aws/scimPrincipalWait";

/**
 * Pure measurements over a recorded plan: how many resources and lookups the component registered against how
 * many the organisation needs (minimality), and what changed between two plans (stability).
 *
 * The expectations here are derived from the arguments on their own, not with the component's planning
 * functions: a bug shared by the component and its yardstick would otherwise cancel out.
 */

/** The part of a recorded registration these measurements read (tests/harness/mocks.ts records more). */
export interface ResourceRecord {
    type: string;
    name: string;
    urn: string;
    inputs: any;
    custom?: boolean;
    /** Mock state (outputs); the permission-set ARN is read from it. */
    state?: any;
}
export interface InvokeRecord {
    token: string;
    args: any;
}
export interface RecordingLike {
    resources: readonly ResourceRecord[];
    invokes: readonly InvokeRecord[];
}

export const TYPES = {
    component: "aws-identity-center:index:AwsIdentityCenterFederation",
    assignmentsComponent: "aws-identity-center:index:AwsIdentityCenterAssignments",
    permissionSet: "aws:ssoadmin/permissionSet:PermissionSet",
    managedPolicy: "aws:ssoadmin/managedPolicyAttachment:ManagedPolicyAttachment",
    customerPolicy: "aws:ssoadmin/customerManagedPolicyAttachment:CustomerManagedPolicyAttachment",
    inlinePolicy: "aws:ssoadmin/permissionSetInlinePolicy:PermissionSetInlinePolicy",
    boundary: "aws:ssoadmin/permissionsBoundaryAttachment:PermissionsBoundaryAttachment",
    assignment: "aws:ssoadmin/accountAssignment:AccountAssignment",
    scimProvider: "authentik:index/providerScim:ProviderScim",
    getInstances: "aws:ssoadmin/getInstances:getInstances",
    getGroup: "aws:identitystore/getGroup:getGroup",
    getUser: "aws:identitystore/getUser:getUser",
} as const;

/** Permission-set resources: the set itself and its four attachment kinds. */
export const PERMISSION_SET_TYPES: readonly string[] = [
    TYPES.permissionSet,
    TYPES.managedPolicy,
    TYPES.customerPolicy,
    TYPES.inlinePolicy,
    TYPES.boundary,
];

/** The authentik resources one federation needs, whatever the organisation's size. */
export const AUTHENTIK_RESOURCE_COUNT = 6; // NameID mapping, SCIM user mapping, SAML provider, SCIM provider, application, users binding

/** The package's component resources: the federation and the assignments component it creates its assignments with. */
export function isComponent(type: string): boolean {
    return type === TYPES.component || type === TYPES.assignmentsComponent;
}

/** The first-deploy SCIM wait, one per principal that is not pinned. */
export function isWait(r: { type: string }): boolean {
    return r.type === SCIM_PRINCIPAL_WAIT_TYPE;
}
/**
 * The federation's fixed resources: the authentik side and, when the authentik API is reachable, the SCIM sync
 * trigger and the SAML Default NameID Policy.
 */
function isFederationSingleton(r: { type: string }): boolean {
    return r.type.startsWith("authentik:") || r.type === SCIM_SYNC_TRIGGER_TYPE || r.type === SAML_NAMEID_POLICY_TYPE;
}

/**
 * Whether the component can start authentik's SCIM sync itself (then it registers one sync trigger): API URL and
 * token from the arguments or the environment (the bench sets no `authentik:url`/`authentik:token` config).
 */
function syncConfigured(args: AwsIdentityCenterFederationArgs): boolean {
    return Boolean((args.authentik.apiUrl ?? process.env.AUTHENTIK_URL) && (args.authentik.apiToken ?? process.env.AUTHENTIK_TOKEN));
}

// --------------------------------------------------------------------------------------------------------------
// What an organisation needs
// --------------------------------------------------------------------------------------------------------------

export interface OrgNeeds {
    /** Distinct `TYPE|principal|permissionSet|account` triples (the principal carries its type). */
    triples: Set<string>;
    /** Distinct principals named by assignments, `GROUP|name` / `USER|name`. */
    principals: Set<string>;
    /** Principals whose ID is not pinned: each needs one wait and one lookup. */
    lookedUp: Set<string>;
    /** Groups the SCIM provider must push: assigned groups that are not external, plus `authentik.scimGroups`. */
    pushedGroups: Set<string>;
    /** Permission set name → the resources it needs (itself + distinct managed + distinct customer-managed + inline + boundary). */
    permissionSetResources: Map<string, number>;
}

export function tripleKey(principalType: string, principal: string, permissionSet: string, account: string): string {
    return JSON.stringify([principalType, principal, permissionSet, account]);
}

export function orgNeeds(args: AwsIdentityCenterFederationArgs): OrgNeeds {
    const triples = new Set<string>();
    const principals = new Set<string>();
    const pinnedGroups = args.principalIds?.groups ?? {};
    const pinnedUsers = args.principalIds?.users ?? {};
    const lookedUp = new Set<string>();
    const externalGroups = new Set(args.principalIds?.externalGroups ?? []);
    const pushedGroups = new Set<string>(args.authentik.scimGroups ?? []);
    for (const a of args.assignments ?? []) {
        const type = a.group !== undefined ? "GROUP" : "USER";
        const name = (a.group ?? a.user)!;
        const pinned = type === "GROUP" ? name in pinnedGroups : name in pinnedUsers;
        principals.add(`${type}|${name}`);
        if (!pinned) lookedUp.add(`${type}|${name}`);
        // Pinning skips the lookup only; authentik still pushes the group unless it is external.
        if (type === "GROUP" && !externalGroups.has(name)) pushedGroups.add(name);
        for (const account of a.accounts ?? []) triples.add(tripleKey(type, name, a.permissionSet, account));
    }
    const permissionSetResources = new Map<string, number>();
    for (const [name, ps] of Object.entries(args.permissionSets ?? {})) {
        const customer = new Set((ps.customerManagedPolicies ?? []).map((c) => `${c.path ?? "/"}${c.name}`));
        permissionSetResources.set(
            name,
            1 +
                new Set(ps.managedPolicies ?? []).size +
                customer.size +
                (ps.inlinePolicy !== undefined ? 1 : 0) +
                (ps.permissionsBoundary !== undefined ? 1 : 0),
        );
    }
    return { triples, principals, lookedUp, pushedGroups, permissionSetResources };
}

// --------------------------------------------------------------------------------------------------------------
// Minimality
// --------------------------------------------------------------------------------------------------------------

export interface Ratio {
    registered: number;
    needed: number;
    /**
     * registered ÷ needed; 1 is the target. Nothing needed and nothing registered counts as 1, anything registered
     * for no need as Infinity.
     */
    ratio: number;
}
function ratio(registered: number, needed: number): Ratio {
    return { registered, needed, ratio: needed === 0 ? (registered === 0 ? 1 : Infinity) : registered / needed };
}

/** How to map recorded IDs back to names: the mock's principal IDs and permission-set ARNs. */
export interface IdResolver {
    principalId(principalType: "GROUP" | "USER", name: string): string;
}

export interface MinimalityReport {
    /** AccountAssignments ÷ distinct (principal, permission set, account) triples. */
    assignments: Ratio;
    /**
     * Triples needed but not registered, and registered assignments that match no needed triple or repeat one.
     * Only when the assignments' inputs were recorded (undefined from counts alone).
     */
    missingAssignments?: number;
    unexpectedAssignments?: number;
    /** Permission sets and attachments ÷ what the permission sets need. */
    permissionSetResources: Ratio;
    /** authentik resources (and the SCIM sync trigger, when the authentik API is configured) ÷ the 6 (or 7) one federation needs. */
    authentikResources: Ratio;
    /** SCIM waits ÷ distinct principals that are not pinned. */
    principalWaits: Ratio;
    /** identitystore getGroup/getUser calls ÷ distinct principals that are not pinned. */
    principalLookups: Ratio;
    /** aws.ssoadmin.getInstances calls (target: at most 1). */
    getInstances: number;
    /** Registrations of any other type (the component itself excluded), `type ×count`. */
    otherResources: string[];
    /** True when every ratio is exactly 1, nothing is missing or extra, and getInstances ≤ 1. */
    ok: boolean;
}

/** Registrations by type and invokes by token: all a count-only minimality check needs (bench/engine.ts gives these). */
export interface Counts {
    resources: ReadonlyMap<string, number>;
    invokes: ReadonlyMap<string, number>;
}

export function countsOf(rec: RecordingLike): Counts {
    const resources = new Map<string, number>();
    const invokes = new Map<string, number>();
    for (const r of rec.resources) resources.set(r.type, (resources.get(r.type) ?? 0) + 1);
    for (const i of rec.invokes) invokes.set(i.token, (invokes.get(i.token) ?? 0) + 1);
    return { resources, invokes };
}

function sum(m: ReadonlyMap<string, number>, keep: (key: string) => boolean): number {
    let n = 0;
    for (const [k, v] of m) if (keep(k)) n += v;
    return n;
}

/** Minimality from counts alone (no inputs): the ratios, without matching assignments to triples. */
export function minimalityFromCounts(args: AwsIdentityCenterFederationArgs, counts: Counts): MinimalityReport {
    const needs = orgNeeds(args);
    const neededPs = [...needs.permissionSetResources.values()].reduce((s, n) => s + n, 0);
    const known = (t: string) =>
        isComponent(t) ||
        t === TYPES.assignment ||
        PERMISSION_SET_TYPES.includes(t) ||
        isWait({ type: t }) ||
        isFederationSingleton({ type: t });
    const report: MinimalityReport = {
        assignments: ratio(counts.resources.get(TYPES.assignment) ?? 0, needs.triples.size),
        permissionSetResources: ratio(
            sum(counts.resources, (t) => PERMISSION_SET_TYPES.includes(t)),
            neededPs,
        ),
        authentikResources: ratio(
            sum(counts.resources, (t) => isFederationSingleton({ type: t })),
            AUTHENTIK_RESOURCE_COUNT + (syncConfigured(args) ? 2 : 0),
        ),
        principalWaits: ratio(
            sum(counts.resources, (t) => isWait({ type: t })),
            needs.lookedUp.size,
        ),
        principalLookups: ratio(
            sum(counts.invokes, (t) => t === TYPES.getGroup || t === TYPES.getUser),
            needs.lookedUp.size,
        ),
        getInstances: counts.invokes.get(TYPES.getInstances) ?? 0,
        otherResources: [...counts.resources].filter(([t]) => !known(t)).map(([t, n]) => `${t} ×${n}`),
        ok: false,
    };
    report.ok = judgeMinimality(report);
    return report;
}

function judgeMinimality(r: MinimalityReport): boolean {
    return (
        [r.assignments, r.permissionSetResources, r.authentikResources, r.principalWaits, r.principalLookups].every((x) => x.ratio === 1) &&
        (r.missingAssignments ?? 0) === 0 &&
        (r.unexpectedAssignments ?? 0) === 0 &&
        r.getInstances <= 1 &&
        r.otherResources.length === 0
    );
}

/**
 * Minimality of one recorded plan of `args`. Assignments are matched to triples through their inputs (principal ID,
 * permission-set ARN from the recorded permission set's state, account), so a wrong principal or permission set
 * counts as missing + unexpected even when the totals agree.
 */
export function minimality(args: AwsIdentityCenterFederationArgs, rec: RecordingLike, ids: IdResolver): MinimalityReport {
    const report = minimalityFromCounts(args, countsOf(rec));
    const needs = orgNeeds(args);
    const psByArn = new Map<string, string>();
    for (const r of rec.resources) if (r.type === TYPES.permissionSet && r.state?.arn) psByArn.set(r.state.arn, r.inputs.name);
    const principalById = new Map<string, string>();
    for (const p of needs.principals) {
        const bar = p.indexOf("|");
        const type = p.slice(0, bar) as "GROUP" | "USER";
        const name = p.slice(bar + 1);
        const pinned = type === "GROUP" ? args.principalIds?.groups?.[name] : args.principalIds?.users?.[name];
        principalById.set(`${type}|${pinned ?? ids.principalId(type, name)}`, name);
    }
    const seen = new Set<string>();
    let unexpected = 0;
    for (const a of rec.resources.filter((r) => r.type === TYPES.assignment)) {
        const i = a.inputs;
        const principal = principalById.get(`${i.principalType}|${i.principalId}`);
        const ps = psByArn.get(i.permissionSetArn);
        const key =
            principal !== undefined && ps !== undefined && i.targetType === "AWS_ACCOUNT"
                ? tripleKey(i.principalType, principal, ps, i.targetId)
                : undefined;
        if (key === undefined || !needs.triples.has(key) || seen.has(key)) unexpected++;
        else seen.add(key);
    }
    report.missingAssignments = needs.triples.size - seen.size;
    report.unexpectedAssignments = unexpected;
    report.ok = judgeMinimality(report);
    return report;
}

// --------------------------------------------------------------------------------------------------------------
// Stability
// --------------------------------------------------------------------------------------------------------------

/** JSON with object keys sorted: Pulumi compares property maps, not key order; array order does count. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_k, v) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(
                  Object.keys(v)
                      .sort()
                      .map((k) => [k, v[k]]),
              )
            : v,
    );
}

export interface SnapshotEntry {
    type: string;
    name: string;
    /** sha256 of the canonical inputs (the dynamic provider's serialized code is large; a hash compares the same). */
    inputs: string;
    /** Enough of the inputs to classify a change (account, permission-set ARN, wait target). */
    facts: { targetId?: string; permissionSetArn?: string; name?: string; kind?: string; arn?: string };
}
/** URN → what Pulumi would diff. */
export type Snapshot = Map<string, SnapshotEntry>;

export function snapshot(rec: RecordingLike): Snapshot {
    const out: Snapshot = new Map();
    for (const r of rec.resources) {
        if (out.has(r.urn)) throw new Error(`two registrations share the URN ${r.urn}`);
        const i = r.inputs ?? {};
        out.set(r.urn, {
            type: r.type,
            name: r.name,
            inputs: createHash("sha256").update(canonicalJson(i)).digest("hex"),
            facts: { targetId: i.targetId, permissionSetArn: i.permissionSetArn, name: i.name, kind: i.kind, arn: r.state?.arn },
        });
    }
    return out;
}

export interface SnapshotDiff {
    added: string[];
    removed: string[];
    /** Same URN, different inputs. Every AccountAssignment input forces replacement, so there "changed" means "replaced". */
    changed: string[];
    unchanged: number;
}

export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotDiff {
    const added = [...after.keys()].filter((u) => !before.has(u)).sort();
    const removed = [...before.keys()].filter((u) => !after.has(u)).sort();
    const changed: string[] = [];
    let unchanged = 0;
    for (const [urn, b] of before) {
        const a = after.get(urn);
        if (a === undefined) continue;
        if (a.inputs !== b.inputs) changed.push(urn);
        else unchanged++;
    }
    return { added, removed, changed: changed.sort(), unchanged };
}

/** A change to the organisation, and so which resources it is allowed to touch. */
export type OrgChange =
    { kind: "account-added"; account: string } | { kind: "shuffled" } | { kind: "permission-set-removed"; permissionSet: string };

export interface StabilityReport {
    change: OrgChange;
    diff: { added: number; removed: number; changed: number; unchanged: number };
    /** Changes the organisation's change does not explain (target: none). */
    unexplained: { added: string[]; removed: string[]; changed: string[] };
    /** Changes it does explain but that did not happen (target: none): the plan missed part of the change. */
    missing: { added: number; removed: number; changed: number };
    /**
     * Whether the component resource's own inputs changed. The Node SDK stores them in state and the engine diffs a
     * component's inputs like any other (no provider: any difference is an update), so `pulumi preview` shows
     * `~ update` for the component when they differ. No cloud resource changes, so this is reported apart from
     * `unexplained`; it counts against `ok` only when the change is a pure reordering.
     */
    componentInputsChanged: boolean;
    /** How many component resources (the federation, its assignments component) had their inputs changed. */
    componentsChanged: number;
    /** Nothing unexplained, nothing missing, and for a reordering not even a component update. */
    ok: boolean;
}

/**
 * Compares the plans of an organisation before and after `change` and sorts every difference into explained or
 * unexplained. What a change explains is decided from the arguments and the recorded inputs, not from names:
 * - account added: one new AccountAssignment per triple of the new account, nothing removed or changed;
 * - shuffled: nothing;
 * - permission set removed: the permission set, every resource whose permissionSetArn is its ARN, the waits of
 *   principals no assignment names any more, and the SCIM provider and sync trigger iff the pushed groups shrank.
 */
export function stability(
    beforeArgs: AwsIdentityCenterFederationArgs,
    before: RecordingLike,
    afterArgs: AwsIdentityCenterFederationArgs,
    after: RecordingLike,
    change: OrgChange,
): StabilityReport {
    const b = snapshot(before);
    const a = snapshot(after);
    const diff = diffSnapshots(b, a);
    const component = (urn: string) => isComponent((b.get(urn) ?? a.get(urn))!.type);

    const needsBefore = orgNeeds(beforeArgs);
    const needsAfter = orgNeeds(afterArgs);
    let expectAdded = (_urn: string) => false;
    let expectRemoved = (_urn: string) => false;
    let expectChanged = (_urn: string) => false;
    if (change.kind === "account-added") {
        const wanted = [...needsAfter.triples].filter((t) => !needsBefore.triples.has(t)).length;
        expectAdded = (urn) => a.get(urn)!.type === TYPES.assignment && a.get(urn)!.facts.targetId === change.account;
        const explained = diff.added.filter(expectAdded).length;
        return finish(
            change,
            diff,
            { added: expectAdded, removed: expectRemoved, changed: expectChanged },
            { added: wanted - explained, removed: 0, changed: 0 },
            component,
        );
    }
    if (change.kind === "permission-set-removed") {
        const psArn = [...b.values()].find((e) => e.type === TYPES.permissionSet && e.facts.name === change.permissionSet)?.facts.arn;
        const goneWaits = new Set([...needsBefore.lookedUp].filter((p) => !needsAfter.lookedUp.has(p)));
        expectRemoved = (urn) => {
            const e = b.get(urn)!;
            if (e.type === TYPES.permissionSet) return e.facts.name === change.permissionSet;
            if (psArn !== undefined && e.facts.permissionSetArn === psArn) return true;
            return isWait(e) && goneWaits.has(`${e.facts.kind === "user" ? "USER" : "GROUP"}|${e.facts.name}`);
        };
        // Fewer pushed groups narrow the SCIM provider's groupFilters and the sync trigger's scope (a re-sync).
        const pushedShrank = [...needsBefore.pushedGroups].some((g) => !needsAfter.pushedGroups.has(g));
        const followsGroupFilter = (e: SnapshotEntry) => e.type === TYPES.scimProvider || e.type === SCIM_SYNC_TRIGGER_TYPE;
        expectChanged = (urn) => pushedShrank && followsGroupFilter(b.get(urn)!);
        const wantedRemoved = [...b.keys()].filter(expectRemoved).length;
        const wantedChanged = pushedShrank ? [...b.values()].filter(followsGroupFilter).length : 0;
        return finish(
            change,
            diff,
            { added: expectAdded, removed: expectRemoved, changed: expectChanged },
            {
                added: 0,
                removed: wantedRemoved - diff.removed.filter(expectRemoved).length,
                changed: wantedChanged - diff.changed.filter(expectChanged).length,
            },
            component,
        );
    }
    return finish(
        change,
        diff,
        { added: expectAdded, removed: expectRemoved, changed: expectChanged },
        { added: 0, removed: 0, changed: 0 },
        component,
    );
}

function finish(
    change: OrgChange,
    diff: SnapshotDiff,
    explains: { added: (u: string) => boolean; removed: (u: string) => boolean; changed: (u: string) => boolean },
    missing: StabilityReport["missing"],
    component: (urn: string) => boolean,
): StabilityReport {
    const unexplained = {
        added: diff.added.filter((u) => !explains.added(u)),
        removed: diff.removed.filter((u) => !explains.removed(u)),
        changed: diff.changed.filter((u) => !component(u) && !explains.changed(u)),
    };
    const componentsChanged = diff.changed.filter(component).length;
    const componentInputsChanged = componentsChanged > 0;
    return {
        change,
        diff: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, unchanged: diff.unchanged },
        unexplained,
        missing,
        componentInputsChanged,
        componentsChanged,
        ok:
            unexplained.added.length + unexplained.removed.length + unexplained.changed.length === 0 &&
            missing.added + missing.removed + missing.changed === 0 &&
            !(change.kind === "shuffled" && componentInputsChanged),
    };
}
