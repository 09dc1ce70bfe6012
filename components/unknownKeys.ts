/**
 * Unknown keys are errors: a typo such as `managedPolicy` for `managedPolicies` would otherwise yield a permission set
 * with no policy at all. Walks the arguments against the table in `argsSchema.ts` and suggests the nearest known key.
 */
import { FEDERATION_ARGS, Shape } from "./argsSchema";
import { Problem } from "./problems";

/** Levenshtein distance, case-insensitive (a wrong case is one of the commonest typos). */
export function editDistance(a: string, b: string): number {
    const s = a.toLowerCase();
    const t = b.toLowerCase();
    let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
    for (let i = 1; i <= s.length; i++) {
        const current = [i];
        for (let j = 1; j <= t.length; j++) {
            current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
        }
        previous = current;
    }
    return previous[t.length];
}

/** The known key nearest to `key`, when it is near enough to be a typo (at most a third of its length, min 2). */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
    let best: string | undefined;
    let bestDistance = Infinity;
    for (const k of known) {
        const d = editDistance(key, k);
        if (d < bestDistance || (d === bestDistance && best !== undefined && k < best)) {
            best = k;
            bestDistance = d;
        }
    }
    const prefix =
        best !== undefined && (best.toLowerCase().startsWith(key.toLowerCase()) || key.toLowerCase().startsWith(best.toLowerCase()));
    return best !== undefined && (bestDistance <= Math.max(2, Math.floor(key.length / 3)) || prefix) ? best : undefined;
}

/** `base.key` when the key reads as an identifier, `base["key"]` otherwise. */
function join(base: string, key: string): string {
    const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
    return base === "" ? (safe.startsWith(".") ? key : safe) : `${base}${safe}`;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return typeof value === "object" && value !== null && !Array.isArray(value) && !isOutputLike(value);
}

/** A Pulumi Output or other Input wrapper is opaque to key checking (`pulumi.secret(...)` as apiToken). */
function isOutputLike(value: object): boolean {
    return (
        Object.prototype.hasOwnProperty.call(value, "__pulumiOutput") ||
        typeof (value as { apply?: unknown }).apply === "function" ||
        typeof (value as { then?: unknown }).then === "function"
    );
}

function walk(value: unknown, shape: Shape, field: string, out: Problem[]): void {
    if (shape.kind === "value") return;
    if (shape.kind === "list") {
        if (Array.isArray(value)) value.forEach((item, i) => walk(item, shape.of, `${field}[${i}]`, out));
        return;
    }
    // Wrong types are the value validators' to report, with their own rule; here only keys.
    if (!isPlainObject(value)) return;
    if (shape.kind === "map") {
        for (const key of Object.keys(value)) walk(value[key], shape.of, join(field, key), out);
        return;
    }
    const known = Object.keys(shape.fields);
    for (const key of Object.keys(value)) {
        if (Object.prototype.hasOwnProperty.call(shape.fields, key)) {
            walk(value[key], shape.fields[key], join(field, key), out);
            continue;
        }
        const near = nearestKey(key, known);
        const where = field === "" ? "the federation settings" : field;
        out.push({
            field: join(field, key),
            value: value[key],
            rule: `unknown key (the keys of ${where} are ${known.join(", ")}; an unknown key is never silently ignored)`,
            fix: near !== undefined ? `did you mean "${near}"? Rename the key` : `remove the key, or use one of the keys listed`,
            severity: "error",
        });
    }
}

/** Every key of `args` that the federation arguments do not know, with the nearest known key suggested. */
export function unknownKeyProblems(args: unknown, shape: Shape = FEDERATION_ARGS, field = ""): Problem[] {
    const out: Problem[] = [];
    walk(args, shape, field, out);
    return out;
}
