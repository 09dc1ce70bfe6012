import type { PolicyResourceLike } from "../policy/runner";
import { ResourceRecord, TYPES } from "./measure";
import { accountId } from "./org";
import { median } from "./timing";

/**
 * Synthetic stacks for the policy-scaling benchmark, grown from a real recorded plan: the template's authentik
 * resources, permission sets and waits stay as they are (a federation has a handful of those), and its account
 * assignments are repeated for more accounts until the stack has exactly `size` resources. So the policies see
 * what they see in a real stack, mostly AccountAssignments, with valid mappings, ARNs and principal IDs.
 */
export interface TemplateResource extends ResourceRecord {
    parent?: string;
    dependencies?: string[];
    propertyDependencies?: { [prop: string]: string[] };
    id?: string;
}

export function syntheticStack(template: readonly TemplateResource[], size: number): PolicyResourceLike[] {
    const assignments = template.filter((r) => r.type === TYPES.assignment);
    const fixed = template.filter((r) => r.type !== TYPES.assignment);
    if (assignments.length === 0) throw new Error("policy bench: the template has no account assignments to repeat");
    const firstAccount = assignments[0].inputs.targetId as string;
    const perAccount = assignments.filter((a) => a.inputs.targetId === firstAccount);
    const out: PolicyResourceLike[] = fixed.map(toPolicyResource);
    for (let k = 0; out.length < size; k++) {
        const account = accountId(100000 + k);
        for (const a of perAccount) {
            if (out.length >= size) break;
            const name = a.name.endsWith(firstAccount) ? `${a.name.slice(0, -firstAccount.length)}${account}` : `${a.name}-${account}`;
            const inputs = { ...a.inputs, targetId: account };
            out.push({
                ...toPolicyResource(a),
                name,
                urn: `${a.urn.slice(0, a.urn.lastIndexOf("::"))}::${name}`,
                id: `${name}-id`,
                inputs,
                state: { ...inputs },
            });
        }
    }
    return out;
}

function toPolicyResource(r: TemplateResource): PolicyResourceLike {
    return {
        type: r.type,
        name: r.name,
        urn: r.urn,
        ...(r.id !== undefined ? { id: r.id } : {}),
        inputs: r.inputs,
        state: r.state ?? r.inputs,
        ...(r.parent ? { parent: r.parent } : {}),
        dependencies: r.dependencies ?? [],
        propertyDependencies: r.propertyDependencies ?? {},
    };
}

export interface PolicyTiming {
    resources: number;
    assignments: number;
    /** Wall time of each run of the whole pack, ms. */
    runsMs: number[];
    medianMs: number;
    violations: number;
}

/** Runs `run` over `stack` `reps` times (after one untimed warm-up) and reports the median. */
export async function timePolicyPack(
    stack: readonly PolicyResourceLike[],
    reps: number,
    run: (resources: readonly PolicyResourceLike[]) => Promise<readonly unknown[]>,
): Promise<PolicyTiming> {
    const violations = (await run(stack)).length;
    const runsMs: number[] = [];
    for (let i = 0; i < reps; i++) {
        const t0 = performance.now();
        await run(stack);
        runsMs.push(performance.now() - t0);
    }
    return {
        resources: stack.length,
        assignments: stack.filter((r) => r.type === TYPES.assignment).length,
        runsMs,
        medianMs: median(runsMs),
        violations,
    };
}
