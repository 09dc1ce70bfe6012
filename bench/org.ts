import { AssignmentArgs, AwsIdentityCenterFederationArgs, PermissionSetArgs, inlinePolicyJson } from "../components/args";
import { seedArgs } from "../tests/harness/args";

/**
 * Deterministic synthetic organisations for the benchmarks and the regression test. Same shape in, same
 * arguments out (no clock, no Math.random), so two runs plan exactly the same organisation and a difference
 * between two plans can only come from the mutation applied on purpose.
 */
export interface OrgShape {
    /** Number of AWS accounts. */
    accounts: number;
    /** Number of permission sets. */
    permissionSets: number;
    /** Groups per permission set; each gets its permission set in every account. */
    groupsPerPermissionSet: number;
    /** Users with a direct assignment (permission set `i mod P` in the first `min(3, accounts)` accounts). Default 0. */
    users?: number;
    /**
     * Add redundant entries (overlapping account subsets, repeated accounts) that must collapse: the triple count
     * stays the same, only the input gets longer. Default false.
     */
    duplicates?: boolean;
    /** Pin the principal IDs of this many groups (pinned groups are neither waited for nor looked up; still pushed). Default 0. */
    pinnedGroups?: number;
}

/** The shapes of issue 6: 10 permission sets × 2 groups × 30 or 300 accounts = 600 or 6,000 assignments. */
export const SIZES = {
    small: { accounts: 30, permissionSets: 10, groupsPerPermissionSet: 2 },
    large: { accounts: 300, permissionSets: 10, groupsPerPermissionSet: 2 },
    /** Issue 14: 30,000 assignments. */
    xlarge: { accounts: 1500, permissionSets: 10, groupsPerPermissionSet: 2 },
} as const satisfies { [size: string]: OrgShape };

/** A 12-digit account ID; a prime stride keeps them spread out but distinct and ordered. */
export function accountId(i: number): string {
    return String(100000000000 + 7919 * (i + 1));
}

const PS_NAMES = [
    "Administrator",
    "ReadOnly",
    "Billing",
    "NetworkAdmin",
    "SecurityAudit",
    "Developer",
    "DataScientist",
    "SupportUser",
    "DatabaseAdmin",
    "ViewOnly",
];

export function permissionSetName(i: number): string {
    const base = PS_NAMES[i % PS_NAMES.length];
    return i < PS_NAMES.length ? base : `${base}${Math.floor(i / PS_NAMES.length)}`;
}

/**
 * Group display names as real directories have them: half are slug-like, half carry spaces and a slash (and one
 * in ten a non-ASCII letter), so the stable-name encoding is part of what is measured.
 */
export function groupName(psIndex: number, k: number): string {
    const ps = permissionSetName(psIndex);
    if (k % 2 === 0) return `aws-${ps.toLowerCase()}-${k}`;
    return psIndex % 10 === 3 ? `Équipe ${ps} / ${k}` : `Platform ${ps} / team ${k}`;
}

export function userName(j: number): string {
    return `user${j}@example.com`;
}

/** A deterministic pinned group ID (UUID shape, the form Identity Center uses). */
export function pinnedGroupId(n: number): string {
    const h = (0x10000000 + n).toString(16).padStart(8, "0").slice(-8);
    return `${h}-0000-4000-8000-${h}0000`;
}

/** Permission sets of four kinds in turn, so every attachment type is registered in proportion. */
export function permissionSet(i: number): PermissionSetArgs {
    const name = permissionSetName(i);
    const common = { description: `${name} access (generated)`, sessionDuration: `PT${1 + (i % 12)}H` };
    switch (i % 4) {
        case 0:
            return { ...common, managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] };
        case 1:
            return {
                ...common,
                managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
                inlinePolicy: inlinePolicyJson({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }],
                }),
            };
        case 2:
            return {
                ...common,
                managedPolicies: ["arn:aws:iam::aws:policy/PowerUserAccess"],
                customerManagedPolicies: [{ name: "DenyBilling" }, { name: `Boundary${i}`, path: "/teams/" }],
                permissionsBoundary: { customerManagedPolicy: { name: `Boundary${i}`, path: "/teams/" } },
            };
        default:
            return {
                ...common,
                relayState: "https://console.aws.amazon.com/ec2/home",
                customerManagedPolicies: [{ name: `Team${i}` }],
                inlinePolicy: JSON.stringify(
                    { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:Describe*", Resource: "*" }] },
                    null,
                    2,
                ),
                permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
                tags: { team: `team-${i}`, generated: "true" },
            };
    }
}

/** The organisation's component arguments (the seed's authentik and Identity Center settings). */
export function generateOrg(shape: OrgShape): AwsIdentityCenterFederationArgs {
    const base = seedArgs();
    const accounts = Array.from({ length: shape.accounts }, (_, i) => accountId(i));
    const permissionSets: { [name: string]: PermissionSetArgs } = {};
    const assignments: AssignmentArgs[] = [];
    const pinned: { [displayName: string]: string } = {};
    let groupCount = 0;
    for (let i = 0; i < shape.permissionSets; i++) {
        const ps = permissionSetName(i);
        permissionSets[ps] = permissionSet(i);
        for (let k = 0; k < shape.groupsPerPermissionSet; k++) {
            const group = groupName(i, k);
            if (groupCount < (shape.pinnedGroups ?? 0)) pinned[group] = pinnedGroupId(groupCount);
            groupCount++;
            assignments.push({ group, permissionSet: ps, accounts: [...accounts] });
            if (shape.duplicates) {
                // The same access written again the way it happens in real files: a second, overlapping entry.
                const half = accounts.slice(0, Math.ceil(accounts.length / 2));
                assignments.push({ group, permissionSet: ps, accounts: [...half].reverse().concat(half.slice(0, 1)) });
            }
        }
    }
    for (let j = 0; j < (shape.users ?? 0); j++) {
        assignments.push({ user: userName(j), permissionSet: permissionSetName(j % shape.permissionSets), accounts: accounts.slice(0, 3) });
    }
    return {
        ...base,
        // A group pushed by SCIM but assigned nothing (e.g. used by a later stack): counts as pushed, never waited for.
        authentik: { ...base.authentik, scimGroups: ["aws-auditors"] },
        permissionSets,
        assignments,
        ...(Object.keys(pinned).length > 0 ? { principalIds: { groups: pinned } } : {}),
    };
}

// --------------------------------------------------------------------------------------------------------------
// The three changes of the stability benchmark. Each returns new arguments and leaves its input untouched.
// --------------------------------------------------------------------------------------------------------------

function clone<T>(v: T): T {
    return structuredClone(v);
}

/** One more account, given the same access as the others (appended to every assignment entry). */
export function withAccountAdded(args: AwsIdentityCenterFederationArgs, account: string): AwsIdentityCenterFederationArgs {
    const out = clone(args);
    for (const a of out.assignments ?? []) (a.accounts ??= []).push(account);
    return out;
}

/** The permission set and every assignment entry that names it removed. */
export function withPermissionSetRemoved(args: AwsIdentityCenterFederationArgs, psName: string): AwsIdentityCenterFederationArgs {
    const out = clone(args);
    delete out.permissionSets![psName];
    out.assignments = (out.assignments ?? []).filter((a) => a.permissionSet !== psName);
    return out;
}

/** A deterministic Fisher–Yates shuffle (LCG), so a failing shuffle can be replayed from its seed. */
export function shuffle<T>(xs: readonly T[], seed: number): T[] {
    const a = [...xs];
    let s = seed >>> 0 || 1;
    for (let i = a.length - 1; i > 0; i--) {
        s = (Math.imul(s, 1103515245) + 12345) >>> 0;
        const j = s % (i + 1);
        [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
}

function shuffleKeys<V>(o: { [k: string]: V }, seed: number): { [k: string]: V } {
    return Object.fromEntries(shuffle(Object.entries(o), seed));
}

/**
 * The same organisation written in another order: assignment entries, their account lists, permission-set keys,
 * policy lists, SCIM groups and pinned IDs all shuffled. Nothing it describes changes.
 */
export function shuffledArgs(args: AwsIdentityCenterFederationArgs, seed: number): AwsIdentityCenterFederationArgs {
    const out = clone(args);
    out.assignments = shuffle(out.assignments ?? [], seed).map((a, i) => ({ ...a, accounts: shuffle(a.accounts ?? [], seed + i + 1) }));
    const sets: { [name: string]: PermissionSetArgs } = {};
    for (const [name, ps] of Object.entries(shuffleKeys(out.permissionSets ?? {}, seed + 7))) {
        sets[name] = {
            ...ps,
            ...(ps.managedPolicies ? { managedPolicies: shuffle(ps.managedPolicies, seed + 11) } : {}),
            ...(ps.customerManagedPolicies ? { customerManagedPolicies: shuffle(ps.customerManagedPolicies, seed + 13) } : {}),
            ...(ps.tags ? { tags: shuffleKeys(ps.tags, seed + 17) } : {}),
        };
    }
    out.permissionSets = sets;
    if (out.authentik.scimGroups) out.authentik.scimGroups = shuffle(out.authentik.scimGroups, seed + 19);
    if (out.principalIds?.groups) out.principalIds.groups = shuffleKeys(out.principalIds.groups, seed + 23);
    return out;
}
