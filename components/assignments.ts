import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { AccessMatrixRow, AssignmentArgs, IdentityAttribute, PrincipalIdsArgs, PrincipalWaitArgs } from "./args";
import { canonicalAssignmentArgs } from "./canonicalArgs";
import { deprecatedWiring } from "./deprecations";
import { errorsOf, formatProblem, Problem, warningsOf } from "./problems";
import { accessMatrix, renderAccessMatrixMarkdown } from "./aws/accessMatrix";
import { AssignablePermissionSet, createAccountAssignments } from "./aws/accountAssignments";
import { planWithTargets, targetLookups } from "./aws/accountTargets";
import { assignmentPrincipals, compareText, PlannedAssignment, planAssignments, targetsByOrganization } from "./aws/assignmentPlan";
import { lookupOrganization } from "./aws/organizationLookups";
import { deployTimeProblems, validateAssignmentsArgs } from "./aws/assignmentsValidation";
import { DEFAULT_PRINCIPAL_WAIT } from "../policy/rules/principalWait";
import { resolvePrincipals } from "./aws/principals";

/** Arguments of `AwsIdentityCenterAssignments`. */
export interface AwsIdentityCenterAssignmentsArgs {
    /** ARN of the IAM Identity Center instance (the core stack's `instanceArn` output). */
    instanceArn: pulumi.Input<string>;
    /** ID of its identity store, `d-xxxxxxxxxx` (the core stack's `identityStoreId` output). */
    identityStoreId: pulumi.Input<string>;
    /**
     * Permission set name → ARN, for at least every permission set the assignments name. The names must be known when
     * the program runs (they key the assignments' logical names); the ARNs may be Outputs, e.g. read from the core
     * stack by `coreStackInputs()`.
     */
    permissionSetArns: { [name: string]: pulumi.Input<string> };
    /** This slice of the organisation's access: who gets which permission set in which accounts. Order never matters. */
    assignments: AssignmentArgs[];
    /**
     * The groups the core stack's authentik SCIM provider pushes to Identity Center (its `scimGroups` output). Every
     * assigned group must be one of them or be declared in `principalIds.externalGroups`: any other group never
     * reaches Identity Center, and its lookup would fail. Checked before anything is created.
     */
    pushedGroups: pulumi.Input<string[]>;
    /** Pinned principal IDs that skip the wait and the lookup; external groups (looked up, not waited for). */
    principalIds?: PrincipalIdsArgs;
    /** The first-deploy wait for SCIM-provisioned principals. Defaults 300 s timeout, 2 s first delay, 30 s longest delay. */
    principalWait?: PrincipalWaitArgs;
    /** Region of the instance for the wait's own AWS SDK client. Default: `aws:region`, then `AWS_REGION`. */
    region?: string;
    /**
     * The core stack's identity attribute (its `identityAttribute` output): assigned users are checked by the rules
     * the SCIM user mapping applies for it. Default `email`, the federation's default.
     */
    identityAttribute?: IdentityAttribute;
}

/**
 * How the assignments join resources of the same program: the federation's wiring, not an argument a shard stack (or
 * another language, through Pulumi's schema) gives; hence apart from {@link AwsIdentityCenterAssignmentsArgs}.
 */
export interface AssignmentsWiring {
    /**
     * Resources after which authentik's SCIM sync can have created the principals: the waits depend on them. In the
     * federation: its SCIM provider, application, binding and sync trigger. In a shard stack: none (the core stack
     * was deployed first).
     */
    provisionedBy?: pulumi.Input<pulumi.Resource>[];
    /**
     * Permission set name → the resources its assignments wait for (its policy attachments), when the permission sets
     * are in this stack. In a shard stack: omit it (the core stack made them).
     */
    permissionSetDependencies?: { [name: string]: pulumi.Input<pulumi.Resource>[] };
    /**
     * The parent (resource or URN) that registered these assignments and waits before, when they move under this
     * component in the same stack: each child gets the alias `{ parent: previousParent }`, so existing stacks see
     * the move and nothing is replaced. The federation sets it to itself.
     */
    previousParent?: pulumi.Resource | pulumi.Input<string>;
}

/** Thrown before any resource is registered when the arguments have at least one error. Lists all of them. */
export class AssignmentsValidationError extends Error {
    constructor(
        componentName: string,
        readonly problems: Problem[],
    ) {
        super(
            `AwsIdentityCenterAssignments "${componentName}" has ${problems.length} ` +
                `invalid argument${problems.length === 1 ? "" : "s"}; nothing was created:\n${problems
                    .map((p, i) => `  ${i + 1}. ${formatProblem(p)}`)
                    .join("\n")}`,
        );
        this.name = "AssignmentsValidationError";
    }
}

/**
 * A slice of an organisation's account assignments on an existing IAM Identity Center instance: one
 * `aws.ssoadmin.AccountAssignment` per (principal, permission set, account), one SCIM wait and one lookup per
 * principal, named from those keys. `AwsIdentityCenterFederation` creates its assignments with this component;
 * a large organisation runs it in shard stacks (e.g. one per OU) beside one core stack that holds the federation and
 * the permission sets, so no single program holds every assignment (see the README, "Performance").
 */
export class AwsIdentityCenterAssignments extends pulumi.ComponentResource {
    static readonly __pulumiType = "aws-identity-center:index:AwsIdentityCenterAssignments";

    /** One row per account assignment, sorted: the full matrix as data. */
    declare readonly accessMatrix: pulumi.Output<AccessMatrixRow[]>;
    /** The access matrix as Markdown, one row per principal, at most `ACCESS_MATRIX_MARKDOWN_MAX_BYTES`. */
    declare readonly accessMatrixMarkdown: pulumi.Output<string>;
    /** Number of account assignments in this slice. */
    declare readonly assignmentCount: pulumi.Output<number>;

    constructor(
        name: string,
        args: AwsIdentityCenterAssignmentsArgs,
        opts?: pulumi.ComponentResourceOptions,
        wiringArg: AssignmentsWiring = {},
    ) {
        // Validate before anything is registered, the component itself included.
        const legacy = deprecatedWiring(args as unknown as { [key: string]: unknown });
        const wiring: AssignmentsWiring = { ...legacy.wiring, ...wiringArg };
        const problems = [...validateAssignmentsArgs(args as unknown as { [key: string]: unknown }), ...legacy.problems];
        const errors = errorsOf(problems);
        if (errors.length > 0) throw new AssignmentsValidationError(name, errors);

        const usedSets = [...new Set(args.assignments.map((a) => a.permissionSet))].sort(compareText);
        super(
            AwsIdentityCenterAssignments.__pulumiType,
            name,
            // Plain data only: an input that is an Output from another resource or stack would fail the component's
            // own registration with it, hiding the clear error of the gate below.
            {
                permissionSets: usedSets,
                // Canonical (order-free), so a reordered stack file does not even update the component.
                assignments: canonicalAssignmentArgs(args.assignments),
                principalIds: args.principalIds,
                principalWait: args.principalWait,
            },
            opts,
        );
        for (const w of warningsOf(problems)) pulumi.log.warn(formatProblem(w), this);

        // Values from the core stack are only known at deploy time: every child takes them through one gate that
        // checks them all, so a bad or missing value fails before any assignment or wait is created (nothing is
        // half-applied). Permission sets of this stack (the federation) are validated by name already and are not
        // gated: that would make every assignment depend on every permission set.
        const external = new Set(args.principalIds?.externalGroups ?? []);
        const principals = assignmentPrincipals(args.assignments);
        const assignedGroups = principals.filter((p) => p.principalType === "GROUP").map((p) => p.principal);
        const foreignSets = wiring.permissionSetDependencies === undefined ? usedSets : [];
        const gate = pulumi
            .all([
                args.instanceArn,
                args.identityStoreId,
                args.pushedGroups,
                pulumi.all(Object.fromEntries(foreignSets.map((n) => [n, args.permissionSetArns[n]]))),
            ])
            .apply(([instanceArn, identityStoreId, pushedGroups, arns]) => {
                const found = deployTimeProblems({
                    instanceArn,
                    identityStoreId,
                    pushedGroups,
                    permissionSetArns: arns,
                    assignedGroups,
                    externalGroups: external,
                });
                if (found.length > 0) throw new AssignmentsValidationError(name, found);
                return { instanceArn, identityStoreId, arns: arns as { [n: string]: string } };
            });
        const permissionSets = new Map<string, AssignablePermissionSet>(
            usedSets.map((n) => [
                n,
                {
                    arn: foreignSets.includes(n) ? gate.apply((g) => g.arns[n]) : args.permissionSetArns[n],
                    attachments: wiring.permissionSetDependencies?.[n] ?? [],
                },
            ]),
        );
        const previous = wiring.previousParent;
        const aliases: pulumi.Input<pulumi.Alias>[] | undefined = previous === undefined ? undefined : [{ parent: previous }];

        const entries = this.planAssignments(name, args.assignments);
        if (principals.length > 0) {
            const principalIds = resolvePrincipals(
                name,
                this,
                {
                    identityStoreId: gate.identityStoreId,
                    region: args.region ?? aws.config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION,
                    profile: aws.config.profile,
                    pinned: args.principalIds ?? {},
                    wait: { ...DEFAULT_PRINCIPAL_WAIT, ...definedOnly(args.principalWait ?? {}) },
                    provisionedBy: wiring.provisionedBy ?? [],
                    aliases,
                },
                principals,
            );
            const create = (plan: PlannedAssignment[]) =>
                createAccountAssignments(name, this, gate.instanceArn, plan, permissionSets, principalIds, aliases);
            if (Array.isArray(entries)) create(entries);
            // Targets resolved through AWS Organizations: the assignments follow the organization at every run, each
            // still named from its (principal, permission set, account ID) key.
            else entries.apply((plan) => create(plan).length);
        }

        const rows = pulumi.output(entries).apply((plan) => accessMatrix(plan as PlannedAssignment[]));
        this.accessMatrix = rows;
        this.accessMatrixMarkdown = rows.apply((r) => renderAccessMatrixMarkdown(r));
        this.assignmentCount = rows.apply((r) => r.length);
        // Only the count goes to state: the matrix is the stack's to export (the federation exports its own), and
        // recording it here as well would store up to tens of thousands of rows twice.
        this.registerOutputs({ assignmentCount: this.assignmentCount });
    }

    /**
     * The assignment plan: computed right away for account IDs; for organizational units, tags and names, from one
     * AWS Organizations lookup per distinct thing. A missing OU or an unknown account name fails the run before any
     * assignment is registered, and fails the preview `pulumi up` runs first. (Other resources cannot wait for the
     * lookups: the SDK runs invokes only once the pending registrations are done, so gating them would deadlock.)
     */
    private planAssignments(
        name: string,
        assignments: readonly AssignmentArgs[],
    ): PlannedAssignment[] | pulumi.Output<PlannedAssignment[]> {
        if (!assignments.some(targetsByOrganization)) return planAssignments(assignments);
        return lookupOrganization(this, targetLookups(assignments)).apply((org) => {
            const { plan, problems } = planWithTargets(assignments, org);
            const errors = errorsOf(problems);
            if (errors.length > 0) throw new AssignmentsValidationError(name, errors);
            for (const w of warningsOf(problems)) pulumi.log.warn(formatProblem(w), this);
            return plan;
        });
    }
}

function definedOnly<T extends object>(o: T): Partial<T> {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
