/**
 * Static analysis of authentik property-mapping expressions: which user attribute a SAML NameID mapping or a
 * SCIM user mapping derives the identity from, with which normalisation, and whether a SCIM user mapping
 * contributes `photos` or `emails`.
 *
 * Why static: the policy pack runs inside `pulumi preview`, with no authentik to ask. The analysis parses the
 * Python (python/parse.ts) and follows values through assignments, helper functions and branches
 * (python/interpret.ts), so it recognises the hand-written forms (`return request.user.email`,
 * `"userName": request.user.username`, `.strip().lower()`, a local assigned from `request.user.X`) and the
 * component's generated expressions (components/authentik/mappings.ts: `identity = (request.user.email or
 * "").strip().lower()` in a shared block). Anything it cannot follow is `unknown`, with the reason: a policy
 * must never turn a guess into a violation.
 *
 * Comments are ignored on purpose: a header comment that names the identity attribute is a claim, the code is
 * what authentik runs.
 */
import { Module, parsePython, PythonSyntaxError } from "./python/parse";
import {
    alternatives,
    AnalysisBudgetExceeded,
    FunctionResult,
    interpretMapping,
    isTainted,
    MappingContext,
    Normalisation,
    Value,
} from "./python/interpret";

export type { Normalisation, MappingContext } from "./python/interpret";

/** Where an identity string comes from. */
export type Derivation =
    /** `request.user.<attribute>` with these normalisations (canonical order, no duplicates). */
    | { kind: "attribute"; attribute: string; normalisations: Normalisation[] }
    /** The SCIM mapping does not set `userName` at all. */
    | { kind: "absent" }
    /** The analysis could not tell; `reason` says why. Never a violation on its own. */
    | { kind: "unknown"; reason: string }
    /** Definitely broken whatever the user (e.g. bare `user` in a SCIM mapping, `yield` in a NameID mapping). */
    | { kind: "invalid"; reason: string };

/**
 * What a SCIM user mapping does to one top-level key of the merged SCIM user:
 * `sends` a value (on at least one path), `removes` it (always `None`, which overrides earlier mappings and is
 * then dropped by authentik), `absent` (never sets it, or only an empty list, which appends nothing), `unknown`.
 */
export type Contribution = "sends" | "removes" | "absent" | "unknown";

export interface ScimUserMappingAnalysis {
    userName: Derivation;
    photos: Contribution;
    emails: Contribution;
}

const NORM_ORDER: Normalisation[] = ["strip", "lower", "casefold"];

function canonicalNorms(norms: Normalisation[]): Normalisation[] {
    const set = new Set(norms);
    // casefold() is lower() and more; after casefold, lower() changes nothing, and vice versa.
    if (set.has("casefold")) set.delete("lower");
    return NORM_ORDER.filter((n) => set.has(n));
}

/** Python's textwrap.dedent: mapping text indented as a whole is still a valid handler body. */
function dedent(text: string): string {
    const lines = text.replace(/\r\n?/g, "\n").split("\n");
    const indents = lines.filter((l) => l.trim() !== "").map((l) => /^[ \t]*/.exec(l)![0].length);
    const common = indents.length ? Math.min(...indents) : 0;
    return lines.map((l) => l.slice(Math.min(common, /^[ \t]*/.exec(l)![0].length))).join("\n");
}

type Analysed = { ok: true; module: Module; result: FunctionResult } | { ok: false; reason: string };

/** Parses and interprets; anything the analysis cannot follow as a whole is `ok: false` with the reason. */
function analyse(expression: unknown, context: MappingContext): Analysed {
    if (typeof expression !== "string") return { ok: false, reason: "the expression is not a string" };
    let module: Module;
    try {
        module = parsePython(dedent(expression));
    } catch (e) {
        const detail = e instanceof PythonSyntaxError ? e.message : String(e);
        return { ok: false, reason: `could not analyse the expression (${detail})` };
    }
    let result: FunctionResult;
    try {
        result = interpretMapping(module, context);
    } catch (e) {
        if (e instanceof AnalysisBudgetExceeded || e instanceof RangeError)
            return { ok: false, reason: e instanceof RangeError ? "the expression is nested too deeply to follow" : (e as Error).message };
        throw e;
    }
    if (result.unsupported.length > 0) {
        return {
            ok: false,
            reason: `the expression uses ${[...new Set(result.unsupported)].join(", ")}, which the analysis does not follow`,
        };
    }
    return { ok: true, module, result };
}

/** The derivation of one value that should be an identity string. */
function derivationOf(values: Value[], what: string): Derivation {
    const alts = values.flatMap(alternatives);
    if (alts.some(isTainted)) return { kind: "unknown", reason: `${what} comes from a dict or list that is changed through another name` };
    const unknown = alts.find((a) => a.t === "unknown");
    if (unknown && unknown.t === "unknown") return { kind: "unknown", reason: `${what} depends on ${unknown.why}` };
    const derived = alts.filter((a): a is Extract<Value, { t: "derived" }> => a.t === "derived");
    if (derived.length !== alts.length) {
        const other = alts.find((a) => a.t !== "derived")!;
        const shown = other.t === "const" ? `the constant ${JSON.stringify(other.value)}` : `a ${other.t}`;
        return { kind: "unknown", reason: `${what} can be ${shown}, not a user attribute` };
    }
    const shapes = new Map(
        derived.map((d) => {
            const norms = canonicalNorms(d.norms);
            return [`${d.attribute}|${norms.join(",")}`, { attribute: d.attribute, norms }];
        }),
    );
    if (shapes.size !== 1) {
        const list = [...shapes.values()].map((s) =>
            describeDerivation({ kind: "attribute", attribute: s.attribute, normalisations: s.norms }),
        );
        return { kind: "unknown", reason: `${what} differs by branch: ${list.join(" or ")}` };
    }
    const only = [...shapes.values()][0];
    return { kind: "attribute", attribute: only.attribute, normalisations: only.norms };
}

/**
 * The identity a SAML NameID mapping produces (context: `user, http_request, request, provider`).
 *
 * Paths that return `None` or raise are ignored when other paths return an identity: authentik then falls back
 * to the hashed uid for that user (authentik source: authentik/providers/saml/processors/assertion.py, `get_name_id`),
 * which matches no AWS userName, i.e. that user cannot sign in; the component's mapping does this on purpose for users
 * who cannot be represented in AWS.
 */
export function analyseNameIdExpression(expression: unknown): Derivation {
    const analysed = analyse(expression, "saml");
    if (!analysed.ok) return { kind: "unknown", reason: analysed.reason };
    const { result } = analysed;
    if (result.generator) {
        return {
            kind: "invalid",
            reason: "the NameID mapping uses `yield`, so authentik would send str(<generator object>) as the NameID; return a plain string",
        };
    }
    const values = result.returns.flatMap(alternatives).filter((v) => !(v.t === "const" && v.value === null));
    if (values.length === 0) {
        return {
            kind: "invalid",
            reason:
                result.returns.length === 0
                    ? "the NameID mapping raises on every path, so authentik always sends the hashed uid"
                    : "the NameID mapping always returns None, so authentik always sends the hashed uid",
        };
    }
    return derivationOf(values, "the NameID");
}

function contributionOf(dicts: Extract<Value, { t: "dict" }>[], k: string): Contribution {
    const per = dicts.map((d): Contribution => {
        const v = d.entries.get(k);
        if (v === undefined) return d.open ? "unknown" : "absent";
        if (isTainted(v)) return "unknown";
        const alts = alternatives(v);
        if (alts.every((a) => a.t === "const" && a.value === null)) return "removes";
        const nonNull = alts.filter((a) => !(a.t === "const" && a.value === null));
        if (nonNull.every((a) => a.t === "list" && a.items.length === 0)) return "absent";
        return "sends";
    });
    if (per.includes("sends")) return "sends";
    if (per.includes("unknown")) return "unknown";
    if (per.length > 0 && per.every((c) => c === "removes")) return "removes";
    if (per.every((c) => c === "absent")) return "absent";
    return "unknown";
}

/**
 * A SCIM user mapping (context: `request, provider, connection`): how it sets `userName`, and whether it
 * contributes `photos` / `emails` to the merged user (authentik source: authentik/lib/sync/outgoing/base.py and
 * authentik/providers/scim/clients/users.py: results are deep-merged in name order, lists append, `None` overrides and
 * is then removed).
 */
export function analyseScimUserMapping(expression: unknown): ScimUserMappingAnalysis {
    const analysed = analyse(expression, "scim");
    if (!analysed.ok) {
        return { userName: { kind: "unknown", reason: analysed.reason }, photos: "unknown", emails: "unknown" };
    }
    const { result, module } = analysed;
    // Bare `user` is a NameError only if nothing in the text ever binds it (a walrus, a loop, an import may).
    if (result.undefinedNames.has("user") && !module.bound.has("user")) {
        const reason =
            "the SCIM mapping reads bare `user`, which is not defined for SCIM " +
            "mappings (NameError: authentik stops the sync); use `request.user`";
        return { userName: { kind: "invalid", reason }, photos: "unknown", emails: "unknown" };
    }
    if (result.generator) {
        const reason = "the SCIM mapping uses `yield`, so it returns a generator, not a dict";
        return { userName: { kind: "invalid", reason }, photos: "unknown", emails: "unknown" };
    }
    // A path returning None skips this mapping for that user; raising skips the user.
    const alts = result.returns.flatMap(alternatives).filter((v) => !(v.t === "const" && v.value === null));
    const notDict = alts.find((a) => a.t !== "dict");
    if (notDict) {
        const why = notDict.t === "unknown" ? notDict.why : `a ${notDict.t}`;
        return {
            userName: { kind: "unknown", reason: `the mapping returns ${why}, not a dict literal` },
            photos: "unknown",
            emails: "unknown",
        };
    }
    const dicts = alts as Extract<Value, { t: "dict" }>[];
    if (dicts.some((d) => d.ref.mutated)) {
        const reason = "the returned dict may be changed through another name (an alias, a call or code the analysis does not follow)";
        return { userName: { kind: "unknown", reason }, photos: "unknown", emails: "unknown" };
    }
    if (dicts.length === 0) return { userName: { kind: "absent" }, photos: "absent", emails: "absent" };

    const withUserName = dicts.filter((d) => d.entries.has("userName"));
    let userName: Derivation;
    if (withUserName.length === 0) {
        userName = dicts.some((d) => d.open)
            ? { kind: "unknown", reason: "the returned dict is built from values the analysis cannot see" }
            : { kind: "absent" };
    } else {
        userName = derivationOf(
            withUserName.map((d) => d.entries.get("userName")!),
            "userName",
        );
    }
    return { userName, photos: contributionOf(dicts, "photos"), emails: contributionOf(dicts, "emails") };
}

/** Convenience: only the `userName` derivation of a SCIM user mapping. */
export function analyseScimUserName(expression: unknown): Derivation {
    return analyseScimUserMapping(expression).userName;
}

/** Convenience: what a SCIM user mapping does to one key (`photos`, `emails`). */
export function scimContribution(expression: unknown, key: "photos" | "emails"): Contribution {
    return analyseScimUserMapping(expression)[key];
}

/** True when both derivations are known and produce the same string for every user. */
export function sameDerivation(a: Derivation, b: Derivation): boolean {
    return (
        a.kind === "attribute" &&
        b.kind === "attribute" &&
        a.attribute === b.attribute &&
        a.normalisations.join(",") === b.normalisations.join(",")
    );
}

const NORM_WORDS: Record<Normalisation, string> = { strip: "stripped", lower: "lower-cased", casefold: "case-folded" };

/** Human text, e.g. `request.user.email, stripped and lower-cased`. */
export function describeDerivation(d: Derivation): string {
    switch (d.kind) {
        case "attribute": {
            const words = d.normalisations.map((n) => NORM_WORDS[n]);
            const how = words.length === 0 ? "as is" : words.join(" and ");
            return `request.user.${d.attribute}, ${how}`;
        }
        case "absent":
            return "not set";
        case "unknown":
            return `unknown (${d.reason})`;
        case "invalid":
            return `invalid (${d.reason})`;
    }
}

/** Python text computing the same value, for fix suggestions, e.g. `(request.user.email or "").strip().lower()`. */
export function derivationExpression(d: Extract<Derivation, { kind: "attribute" }>): string {
    const base = `request.user.${d.attribute}`;
    if (d.normalisations.length === 0) return base;
    return `(${base} or "")${d.normalisations.map((n) => `.${n}()`).join("")}`;
}
