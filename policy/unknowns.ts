/**
 * Values that are unknown during `pulumi preview`, and a safe way to read resource properties that may hold them.
 *
 * The policy SDK hands policies their properties wrapped in `unknownCheckingProxy`: reading a property whose
 * value is not known yet throws `UnknownValueError`, and the analyzer then skips the WHOLE policy for that resource
 * (or the whole stack) with an advisory "can't run policy ... during preview". For a stack policy that would hide
 * every check as soon as one provider ID is computed. So policies here never read props directly: they take a
 * {@link snapshot}, a plain copy in which every unknown value is the {@link UNKNOWN} marker, and decide per value.
 */
import { UnknownValueError } from "@pulumi/policy";
import { specialSecretSig, specialSigKey, unknownValue } from "@pulumi/pulumi/runtime/rpc";

/** Marker for a value that is not known during preview. Compare with {@link isUnknown}. */
export const UNKNOWN: unique symbol = Symbol("unknown during preview");
export type Unknown = typeof UNKNOWN;

// The SDKs' own wire constants, imported rather than copied: the string sentinel and the secret signature are
// declared by @pulumi/pulumi (runtime/rpc); the per-type sentinels are @pulumi/policy's (proxy.js, not in its typings).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as Record<
    | "unknownBooleanValue"
    | "unknownNumberValue"
    | "unknownStringValue"
    | "unknownArrayValue"
    | "unknownAssetValue"
    | "unknownArchiveValue"
    | "unknownObjectValue",
    string
>;

/** The sentinels the engine uses on the wire for unknown values, one per type. */
export const UNKNOWN_SENTINELS = {
    boolean: proxy.unknownBooleanValue,
    number: proxy.unknownNumberValue,
    string: unknownValue,
    array: proxy.unknownArrayValue,
    asset: proxy.unknownAssetValue,
    archive: proxy.unknownArchiveValue,
    object: proxy.unknownObjectValue,
} as const;
const SENTINEL_SET = new Set<unknown>(Object.values(UNKNOWN_SENTINELS));

/** The signature the engine puts on secret values (`{ [SECRET_SIG]: SECRET_VALUE_SIG, value }`). */
const SECRET_SIG = specialSigKey;
const SECRET_VALUE_SIG = specialSecretSig;

export function isUnknown(v: unknown): v is Unknown {
    return v === UNKNOWN;
}

/** True for anything that means "not known": our marker, an engine sentinel, or `@pulumi/pulumi`'s `unknown`. */
export function isUnknownLike(v: unknown): boolean {
    return (
        v === UNKNOWN ||
        SENTINEL_SET.has(v) ||
        (typeof v === "object" && v !== null && (v as Record<string, unknown>).__pulumiUnknown === true)
    );
}

function isUnknownError(e: unknown): boolean {
    return e instanceof UnknownValueError || (e instanceof Error && e.constructor?.name === "UnknownValueError");
}

function readKey(obj: object, k: string | number): unknown {
    try {
        return (obj as Record<string | number, unknown>)[k];
    } catch (e) {
        if (isUnknownError(e)) return UNKNOWN;
        throw e;
    }
}

/**
 * A plain deep copy of `value` (usually a proxied `props`): unknowns become {@link UNKNOWN}, secrets are unwrapped
 * (a policy checks shapes, it never prints a secret: messages only ever show non-secret fields).
 */
export function snapshot(value: unknown, depth = 0): unknown {
    if (isUnknownLike(value)) return UNKNOWN;
    if (value === null || typeof value !== "object" || depth > 32) return value;
    const sig = readKey(value, SECRET_SIG);
    if (sig === SECRET_VALUE_SIG) return snapshot(readKey(value, "value"), depth + 1);
    if (Array.isArray(value)) {
        const length = readKey(value, "length");
        if (typeof length !== "number") return UNKNOWN;
        const out: unknown[] = [];
        for (let i = 0; i < length; i++) out.push(snapshot(readKey(value, i), depth + 1));
        return out;
    }
    const out: Record<string, unknown> = {};
    let keys: string[];
    try {
        keys = Object.keys(value);
    } catch (e) {
        if (isUnknownError(e)) return UNKNOWN;
        throw e;
    }
    // defineProperty, not assignment: a property named "__proto__" stays a property and never becomes the prototype.
    for (const k of keys)
        Object.defineProperty(out, k, {
            value: snapshot(readKey(value, k), depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
        });
    return out;
}

/** True when `v` or anything inside it is unknown. */
export function containsUnknown(v: unknown): boolean {
    if (isUnknown(v)) return true;
    if (Array.isArray(v)) return v.some(containsUnknown);
    if (v !== null && typeof v === "object") return Object.values(v).some(containsUnknown);
    return false;
}
