import { createHash } from "node:crypto";
import { AwsIdentityCenterFederationArgs } from "../components/args";

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
export const PERMISSION_SET_TYPES: readonly string[] = [TYPES.permissionSet, TYPES.managedPolicy, TYPES.customerPolicy, TYPES.inlinePolicy, TYPES.boundary];

/** The authentik resources one federation needs, whatever the organisation's size. */
export const AUTHENTIK_RESOURCE_COUNT = 6; // NameID mapping, SCIM user mapping, SAML provider, SCIM provider, application, users binding

/** The first-deploy SCIM wait is a dynamic resource; its type token depends on the SDK's `type` argument. */
export function isWait(r: { type: string }): boolean {
    return r.type.startsWith("pulumi-nodejs:dynamic");
}
function isAuthentik(r: { type: string }): boolean {
    return r.type.startsWith("authentik:");
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
    /** Groups the SCIM provider must push: assigned groups that are not pinned, plus `authentik.scimGroups`. */
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
    const pushedGroups = new Set<string>(args.authentik.scimGroups ?? []);
    for (const a of args.assignments ?? []) {
        const type = a.group !== undefined ? "GROUP" : "USER";
        const name = (a.group ?? a.user)!;
        const pinned = type === "GROUP" ? name in pinnedGroups : name in pinnedUsers;
        principals.add(`${type}|${name}`);
        if (!pinned) lookedUp.add(`${type}|${name}`);
        if (type === "GROUP" && !pinned) pushedGroups.add(name);
        for (const account of a.accounts) triples.add(tripleKey(type, name, a.permissionSet, account));
    }
    const permissionSetResources = new Map<string, number>();
    for (const [name, ps] of Object.entries(args.permissionSets ?? {})) {
        const customer = new Set((ps.customerManagedPolicies ?? []).map((c) => `${c.path ?? "/"}${c.name}`));
        permissionSetResources.set(
            name,
            1 + new Set(ps.managedPolicies ?? []).size + customer.size + (ps.inlinePolicy !== undefined ? 1 : 0) + (ps.permissionsBoundary !== undefined ? 1 : 0),
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
    /** registered ÷ needed; 1 is the target (NaN when nothing is needed and nothing registered reads as 1). */
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
    /** Triples needed but not registered, and registered assignments that match no needed triple. */
    missingAssignments: number;
    unexpectedAssignments: number;
    /** Permission sets and attachments ÷ what the permission sets need. */
    permissionSetResources: Ratio;
    /** authentik resources ÷ the six one federation needs. */
    authentikResources: Ratio;
    /** SCIM waits ÷ distinct principals that are not pinned. */
    principalWaits: Ratio;
    /** identitystore getGroup/getUser calls ÷ distinct principals that are not pinned. */
    principalLookups: Ratio;
    /** aws.ssoadmin.getInstances calls (target: at most 1). */
    getInstances: number;
    /** Resources of any other type (the component itself excluded), `type name`. */
    otherResources: string[];
    /** True when every ratio is exactly 1, nothing is missing or extra, and getInstances ≤ 1. */
    ok: boolean;
}

/**
 * Minimality of one recorded plan of `args`. Assignments are matched to triples through their inputs (principal ID,
 * permission-set ARN from the recorded permission set's state, account), so a wrong principal or permission set
 * counts as missing + unexpected even when the totals agree.
 */
export function minimality(args: AwsIdentityCenterFederationArgs, rec: RecordingLike, ids: IdResolver): MinimalityReport {
    const needs = orgNeeds(args);
    const psByArn = new Map<string, string>();
    for (const r of rec.resources) if (r.type === TYPES.permissionSet && r.state?.arn) psByArn.set(r.state.arn, r.inputs.name);
    const principalById = new Map<string, string>();
    for (const p of needs.principals) {
        const [type, name] = [p.slice(0, p.indexOf("|")), p.slice(p.indexOf("|") + 1)] as ["GROUP" | "USER", string];
        const pinned = type === "GROUP" ? args.principalIds?.groups?.[name] : args.principalIds?.users?.[name];
        principalById.set(`${type}|${pinned ?? ids.principalId(type, name)}`, name);
    }

    const assignments = rec.resources.filter((r) => r.type === TYPES.assignment);
    const seen = new Set<string>();
    let unexpected = 0;
    for (const a of assignments) {
        const i = a.inputs;
        const principal = principalById.get(`${i.principalType}|${i.principalId}`);
        const ps = psByArn.get(i.permissionSetArn);
        const key = principal !== undefined && ps !== undefined && i.targetType === "AWS_ACCOUNT" ? tripleKey(i.principalType, principal, ps, i.targetId) : undefined;
        if (key === undefined || !needs.triples.has(key) || seen.has(key)) unexpected++;
        else seen.add(key);
    }

    const neededPs = [...needs.permissionSetResources.values()].reduce((s, n) => s + n, 0);
    const lookups = rec.invokes.filter((i) => i.token === TYPES.getGroup || i.token === TYPES.getUser).length;
    const known = new Set<string>([TYPES.component, TYPES.assignment, ...PERMISSION_SET_TYPES]);
    const report: MinimalityReport = {
        assignments: ratio(assignments.length, needs.triples.size),
        missingAssignments: needs.triples.size - seen.size,
        unexpectedAssignments: unexpected,
        permissionSetResources: ratio(rec.resources.filter((r) => PERMISSION_SET_TYPES.includes(r.type)).length, neededPs),
        authentikResources: ratio(rec.resources.filter(isAuthentik).length, AUTHENTIK_RESOURCE_COUNT),
        principalWaits: ratio(rec.resources.filter(isWait).length, needs.lookedUp.size),
        principalLookups: ratio(lookups, needs.lookedUp.size),
        getInstances: rec.invokes.filter((i) => i.token === TYPES.getInstances).length,
        otherResources: rec.resources.filter((r) => !known.has(r.type) && !isWait(r) && !isAuthentik(r)).map((r) => `${r.type} ${r.name}`),
        ok: false,
    };
    report.ok =
        [report.assignments, report.permissionSetResources, report.authentikResources, report.principalWaits, report.principalLookups].every((r) => r.ratio === 1) &&
        report.missingAssignments === 0 &&
        report.unexpectedAssignments === 0 &&
        report.getInstances <= 1 &&
        report.otherResources.length === 0;
    return report;
}

// --------------------------------------------------------------------------------------------------------------
// Stability
// --------------------------------------------------------------------------------------------------------------

/** JSON with object keys sorted: Pulumi compares property maps, not key order; array order does count. */
export function canonicalJson(value: unknown): string {
    return JSON.stringify(value, (_k, v) =>
        v !== null && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, v[k]])) : v,
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
    | { kind: "account-added"; account: string }
    | { kind: "shuffled" }
    | { kind: "permission-set-removed"; permissionSet: string };

export interface StabilityReport {
    change: OrgChange;
    diff: { added: number; removed: number; changed: number; unchanged: number };
    /** Changes the organisation's change does not explain (target: none). */
    unexplained: { added: string[]; removed: string[]; changed: string[] };
    /** Changes it does explain but that did not happen (target: none): the plan missed part of the change. */
    missing: { added: number; removed: number; changed: number };
    /**
     * Whether the component resource's own inputs changed. They are the arguments as written, so they follow every
     * edit (reordering included); they hold no cloud resource and are reported apart from `unexplained`.
     */
    componentInputsChanged: boolean;
    ok: boolean;
}

/**
 * Compares the plans of an organisation before and after `change` and sorts every difference into explained or
 * unexplained. What a change explains is decided from the arguments and the recorded inputs, not from names:
 * - account added: one new AccountAssignment per triple of the new account, nothing removed or changed;
 * - shuffled: nothing;
 * - permission set removed: the permission set, every resource whose permissionSetArn is its ARN, the waits of
 *   principals no assignment names any more, and the SCIM provider iff the set of pushed groups shrank.
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
    const component = (urn: string) => (b.get(urn) ?? a.get(urn))!.type === TYPES.component;

    const needsBefore = orgNeeds(beforeArgs);
    const needsAfter = orgNeeds(afterArgs);
    let expectAdded = (_urn: string) => false;
    let expectRemoved = (_urn: string) => false;
    let expectChanged = (_urn: string) => false;
    if (change.kind === "account-added") {
        const wanted = [...needsAfter.triples].filter((t) => !needsBefore.triples.has(t)).length;
        expectAdded = (urn) => a.get(urn)!.type === TYPES.assignment && a.get(urn)!.facts.targetId === change.account;
        const explained = diff.added.filter(expectAdded).length;
        return finish(change, diff, { added: expectAdded, removed: expectRemoved, changed: expectChanged }, { added: wanted - explained, removed: 0, changed: 0 }, component);
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
        const pushedShrank = [...needsBefore.pushedGroups].some((g) => !needsAfter.pushedGroups.has(g));
        expectChanged = (urn) => pushedShrank && b.get(urn)!.type === TYPES.scimProvider;
        const wantedRemoved = [...b.keys()].filter(expectRemoved).length;
        const wantedChanged = pushedShrank ? [...b.values()].filter((e) => e.type === TYPES.scimProvider).length : 0;
        return finish(
            change,
            diff,
            { added: expectAdded, removed: expectRemoved, changed: expectChanged },
            { added: 0, removed: wantedRemoved - diff.removed.filter(expectRemoved).length, changed: wantedChanged - diff.changed.filter(expectChanged).length },
            component,
        );
    }
    return finish(change, diff, { added: expectAdded, removed: expectRemoved, changed: expectChanged }, { added: 0, removed: 0, changed: 0 }, component);
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
    return {
        change,
        diff: { added: diff.added.length, removed: diff.removed.length, changed: diff.changed.length, unchanged: diff.unchanged },
        unexplained,
        missing,
        componentInputsChanged: diff.changed.some(component),
        ok: unexplained.added.length + unexplained.removed.length + unexplained.changed.length === 0 && missing.added + missing.removed + missing.changed === 0,
    };
}
