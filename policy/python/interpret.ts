/**
 * Abstract interpretation of a parsed mapping: instead of running the Python, follow where each value comes from.
 *
 * The only facts tracked are the ones the policies need: "this string is `request.user.<attribute>` with these
 * normalisations applied", literal constants, dict/list literals (to find the `userName`, `photos` and `emails`
 * keys of a SCIM mapping), and local helper functions (inlined at each call). Everything else is `unknown`, with
 * the reason, so the policies can say honestly what they could not verify.
 *
 * Control flow is followed path-insensitively: both branches of an `if` are taken and a variable assigned in
 * only one of them becomes a union of its possible values; paths that end in `raise` (e.g. `SkipObject`) return
 * nothing. The result of a function is the union of all values it can `return` (a fall-through returns `None`).
 *
 * Dicts and lists are mutable and may be shared: each carries a {@link Ref}. A name read anywhere but as the object
 * of an attribute or item access marks what it holds as `escaped` (another name, container or function may now hold
 * it); a change through anything but the one name that owns an unescaped value marks it `mutated`, and a mutated
 * value is never trusted (expressions.ts says "not verifiable"). Calls the analysis cannot follow, and code it does
 * not model (lambdas, comprehensions), are assumed to change everything they can reach.
 *
 * Every analysis runs under a step budget: past it, the answer is "not verifiable".
 */
import type { Expr, Module, Stmt } from "./parse";

export type Normalisation = "lower" | "strip" | "casefold";

/** Identity of one mutable container, shared by every copy of its value. */
export interface Ref {
    id: number;
    escaped: boolean;
    mutated: boolean;
}

export type Value =
    | { t: "user" }
    | { t: "request" }
    /** A string derived from the user object: `request.user.<attribute>` then the normalisations, in order. */
    | { t: "derived"; attribute: string; norms: Normalisation[] }
    | { t: "const"; value: string | number | boolean | null }
    /** `open`: may hold keys we could not see (e.g. built with `**other` or `.update(unknown)`). */
    | { t: "dict"; entries: Map<string, Value>; open: boolean; ref: Ref }
    | { t: "list"; items: Value[]; ref: Ref }
    | { t: "func"; def: Extract<Stmt, { k: "def" }>; closure: Scope }
    | { t: "builtin"; name: string }
    | { t: "method"; self: Value; name: string }
    | { t: "unknown"; why: string }
    | { t: "union"; options: Value[] };

export interface Scope {
    vars: Map<string, Value>;
    parent?: Scope;
}

export interface FunctionResult {
    /** Every value a `return` can produce (fall-through is `None`). Empty if every path raises. */
    returns: Value[];
    /** The body contains `yield`: the call returns a generator object, whatever the returns say. */
    generator: boolean;
    /** Names read that were never defined (e.g. bare `user` in a SCIM mapping). */
    undefinedNames: Set<string>;
    /** Constructs the analysis does not follow at all; non-empty means nothing it found can be trusted. */
    unsupported: string[];
}

/** The mapping's handler parameters, by call site (authentik's SAML assertion processor and SCIM sync client). */
export type MappingContext = "saml" | "scim";

/** Thrown when an analysis exceeds its budget. */
export class AnalysisBudgetExceeded extends Error {
    constructor() {
        super("the expression is too complex to follow within the analysis budget");
    }
}

const MAX_CALL_DEPTH = 8;
const MAX_UNION = 32;
/** Evaluation steps per analysis: a size, not a time, so the same text gets the same verdict on every machine. */
const MAX_STEPS = 50_000;

/** Attributes of authentik's User model that are plain strings (or stringify to a stable identifier). */
const USER_STRING_ATTRIBUTES = new Set(["email", "username", "name", "uid", "uuid", "pk", "id", "path", "type"]);
const NORMALISING_METHODS: Record<string, Normalisation> = { lower: "lower", strip: "strip", casefold: "casefold" };
/** Container methods that neither change the container nor hand out its contents. */
const READ_ONLY_METHODS = new Set(["get", "count", "index", "__contains__", "__len__"]);
/** Builtins that never change their arguments. */
const PURE_BUILTINS = new Set([
    "str",
    "len",
    "bool",
    "int",
    "isinstance",
    "hasattr",
    "repr",
    "print",
    "type",
    "min",
    "max",
    "any",
    "all",
    "sum",
    "sorted",
    "list",
    "tuple",
    "set",
    "dict",
    "range",
    "enumerate",
    "zip",
    "getattr",
    "Exception",
    "ValueError",
    "SkipObject",
    "slugify",
    "regex_match",
    "regex_replace",
    "ip_address",
    "ip_network",
    "list_flatten",
]);

/** Builtins and authentik globals that the analysis knows by name (authentik's BaseEvaluator globals). */
const KNOWN_GLOBALS = [
    "str",
    "getattr",
    "len",
    "bool",
    "int",
    "list",
    "dict",
    "set",
    "tuple",
    "sorted",
    "repr",
    "isinstance",
    "any",
    "all",
    "min",
    "max",
    "print",
    "hasattr",
    "range",
    "enumerate",
    "zip",
    "map",
    "filter",
    "sum",
    "type",
    "Exception",
    "ValueError",
    "ak_call_policy",
    "ak_create_event",
    "ak_create_jwt",
    "ak_create_jwt_raw",
    "ak_is_group_member",
    "ak_logger",
    "ak_send_email",
    "ak_user_by",
    "ak_user_has_authenticator",
    "ip_address",
    "ip_network",
    "list_flatten",
    "regex_match",
    "regex_replace",
    "requests",
    "resolve_dns",
    "reverse_dns",
    "slugify",
    "SkipObject",
];

export function unknown(why: string): Value {
    return { t: "unknown", why };
}

/** Flattens nested unions into a list of alternatives (never contains a union). */
export function alternatives(v: Value): Value[] {
    return v.t === "union" ? v.options.flatMap(alternatives) : [v];
}

function key(v: Value): string {
    switch (v.t) {
        case "dict":
            return `dict#${v.ref.id}(${[...v.entries].map(([k, e]) => `${k}:${key(e)}`).join(",")}${v.open ? ",..." : ""})`;
        case "list":
            return `list#${v.ref.id}(${v.items.map(key).join(",")})`;
        case "func":
            return `func:${v.def.name}`;
        case "method":
            return `method:${key(v.self)}.${v.name}`;
        case "union":
            return `union(${v.options.map(key).join("|")})`;
        default:
            return JSON.stringify(v);
    }
}

export function union(values: Value[]): Value {
    const seen = new Map<string, Value>();
    for (const v of values.flatMap(alternatives)) seen.set(key(v), v);
    const options = [...seen.values()];
    if (options.length === 1) return options[0];
    if (options.length === 0) return unknown("no value");
    if (options.length > MAX_UNION) return unknown("too many possible values");
    return { t: "union", options };
}

function lookup(scope: Scope, name: string): Value | undefined {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
        const v = s.vars.get(name);
        if (v !== undefined) return v;
    }
    return undefined;
}

/** What one analysis shares across every function it inlines. */
interface State {
    refs: Ref[];
    unsupported: string[];
    steps: number;
}

interface Frame {
    returns: Value[];
    generator: boolean;
    depth: number;
    undefinedNames: Set<string>;
    state: State;
}

function newRef(state: State): Ref {
    const ref: Ref = { id: state.refs.length, escaped: false, mutated: false };
    state.refs.push(ref);
    return ref;
}

function tick(frame: Frame): void {
    const st = frame.state;
    if (++st.steps > MAX_STEPS) throw new AnalysisBudgetExceeded();
}

/** Calls `f` on every container reachable from `v`. */
function eachContainer(v: Value, f: (ref: Ref) => void, seen = new Set<Ref>()): void {
    for (const a of alternatives(v)) {
        if (a.t === "dict" || a.t === "list") {
            if (seen.has(a.ref)) continue;
            seen.add(a.ref);
            f(a.ref);
            for (const inner of a.t === "dict" ? a.entries.values() : a.items) eachContainer(inner, f, seen);
        } else if (a.t === "method") {
            eachContainer(a.self, f, seen);
        }
    }
}

function escape(v: Value): void {
    eachContainer(v, (r) => (r.escaped = true));
}

function mutate(v: Value): void {
    eachContainer(v, (r) => {
        r.escaped = true;
        r.mutated = true;
    });
}

/** Code the analysis cannot see ran: every container another holder can reach may have changed. */
function mutateEscaped(frame: Frame): void {
    for (const r of frame.state.refs) if (r.escaped) r.mutated = true;
}

/** True when `v` holds a container that may have been changed behind the analysis' back. */
export function isTainted(v: Value): boolean {
    let tainted = false;
    eachContainer(v, (r) => (tainted ||= r.mutated));
    return tainted;
}

/** Interprets a mapping body as authentik runs it for `context`. */
export function interpretMapping(module: Module, context: MappingContext): FunctionResult {
    const globals: Scope = { vars: new Map() };
    for (const g of KNOWN_GLOBALS) globals.vars.set(g, { t: "builtin", name: g });
    const handler: Scope = { vars: new Map(), parent: globals };
    handler.vars.set("request", { t: "request" });
    if (context === "saml") {
        // SAML attribute / NameID mappings: handler(user, http_request, request, provider).
        handler.vars.set("user", { t: "user" });
        handler.vars.set("http_request", unknown("http_request"));
        handler.vars.set("provider", unknown("provider"));
    } else {
        // SCIM user mappings: handler(request, provider, connection); no bare `user`.
        handler.vars.set("provider", unknown("provider"));
        handler.vars.set("connection", unknown("connection"));
    }
    const state: State = { refs: [], unsupported: [], steps: 0 };
    const frame: Frame = { returns: [], generator: false, depth: 0, undefinedNames: new Set(), state };
    runFunctionBody(module.body, handler, frame);
    return { returns: frame.returns, generator: frame.generator, undefinedNames: frame.undefinedNames, unsupported: state.unsupported };
}

function runFunctionBody(body: Stmt[], scope: Scope, frame: Frame): void {
    const fellThrough = !execBlock(body, scope, frame);
    if (fellThrough) frame.returns.push({ t: "const", value: null });
}

/** Runs statements in `scope`. Returns true when every path through the block ends (return/raise). */
function execBlock(body: Stmt[], scope: Scope, frame: Frame): boolean {
    for (const stmt of body) {
        if (execStmt(stmt, scope, frame)) return true;
    }
    return false;
}

function copyScope(scope: Scope): Scope {
    return { vars: new Map(scope.vars), parent: scope.parent };
}

/** After branches: a variable is the union of its values on the branches that did not end. */
function mergeInto(target: Scope, branches: { scope: Scope; ended: boolean }[]): boolean {
    const live = branches.filter((b) => !b.ended);
    if (live.length === 0) return true;
    const names = new Set(live.flatMap((b) => [...b.scope.vars.keys()]));
    for (const name of names) {
        const values = live.map((b) => b.scope.vars.get(name) ?? lookup(target, name) ?? unknown(`${name} may be unset`));
        target.vars.set(name, union(values));
    }
    return false;
}

function execStmt(stmt: Stmt, scope: Scope, frame: Frame): boolean {
    tick(frame);
    switch (stmt.k) {
        case "return": {
            // At the handler's own level a returned name is not shared any more: the mapping is over.
            const value = !stmt.value
                ? { t: "const" as const, value: null }
                : frame.depth === 0
                  ? evaluateBorrowed(stmt.value, scope, frame)
                  : evaluate(stmt.value, scope, frame);
            frame.returns.push(value);
            return true;
        }
        case "raise":
            if (stmt.value) evaluate(stmt.value, scope, frame);
            return true;
        case "assign": {
            const value = evaluate(stmt.value, scope, frame);
            for (const target of stmt.targets) assign(target, value, scope, frame);
            return false;
        }
        case "augassign": {
            evaluate(stmt.value, scope, frame);
            // `x += [...]` changes a list in place.
            const current = evaluateBorrowed(stmt.target, scope, frame);
            mutate(current);
            if (stmt.target.k === "name") scope.vars.set(stmt.target.id, unknown(`${stmt.target.id} is modified in place`));
            else changeThrough(stmt.target, scope, frame);
            return false;
        }
        case "expr":
            evaluate(stmt.value, scope, frame);
            return false;
        case "assert":
            evaluate(stmt.test, scope, frame);
            return false;
        case "del":
            for (const t of stmt.targets) deleteTarget(t, scope, frame);
            return false;
        case "if": {
            evaluate(stmt.test, scope, frame);
            const a = copyScope(scope);
            const b = copyScope(scope);
            const endedA = execBlock(stmt.body, a, frame);
            const endedB = execBlock(stmt.orelse, b, frame);
            return mergeInto(scope, [
                { scope: a, ended: endedA },
                { scope: b, ended: endedB },
            ]);
        }
        case "loop": {
            // Zero, one or two iterations: enough to see every assignment the body can make, and to see in the
            // second pass what the first one changed.
            if (stmt.iter) mutateIfUnmodelled(escapeValue(evaluate(stmt.iter, scope, frame)), frame);
            const before = copyScope(scope);
            const once = copyScope(scope);
            const pass = (s: Scope) => {
                if (stmt.target) assign(stmt.target, unknown("loop variable"), s, frame);
                execBlock(stmt.body, s, frame);
            };
            pass(once);
            const twice = copyScope(once);
            mergeInto(twice, [
                { scope: before, ended: false },
                { scope: once, ended: false },
            ]);
            pass(twice);
            const afterElse = copyScope(twice);
            execBlock(stmt.orelse, afterElse, frame);
            mergeInto(scope, [
                { scope: before, ended: false },
                { scope: once, ended: false },
                { scope: twice, ended: false },
                { scope: afterElse, ended: false },
            ]);
            return false;
        }
        case "try": {
            const body = copyScope(scope);
            const endedBody = execBlock([...stmt.body, ...stmt.orelse], body, frame);
            const branches = [{ scope: body, ended: endedBody }];
            for (const handler of stmt.handlers) {
                // The handler may start after any statement of the body: it sees the body's assignments as possible.
                const h = copyScope(scope);
                mergeInto(h, [
                    { scope: body, ended: false },
                    { scope, ended: false },
                ]);
                if (handler.test) evaluate(handler.test, h, frame);
                if (handler.name) h.vars.set(handler.name, unknown("exception"));
                const ended = execBlock(handler.body, h, frame);
                if (handler.name) h.vars.set(handler.name, unknown(`${handler.name} is deleted after the except block`));
                branches.push({ scope: h, ended });
            }
            const ended = mergeInto(scope, branches);
            return execBlock(stmt.finalbody, scope, frame) || ended;
        }
        case "with":
            for (const item of stmt.items) {
                const v = evaluate(item.value, scope, frame);
                mutate(v); // __enter__/__exit__ run code we do not see
                if (item.target) scope.vars.set(item.target, unknown("context manager value"));
            }
            return execBlock(stmt.body, scope, frame);
        case "def":
            for (const p of stmt.params) if (p.default) evaluate(p.default, scope, frame);
            scope.vars.set(stmt.name, { t: "func", def: stmt, closure: scope });
            return false;
        case "import":
            for (const n of stmt.names) scope.vars.set(n, unknown(`module ${n}`));
            return false;
        case "unsupported":
            frame.state.unsupported.push(stmt.what);
            return false;
        case "simple":
            return false;
    }
}

function escapeValue(v: Value): Value {
    escape(v);
    return v;
}

/** Iterating or calling something unknown runs code the analysis cannot see. */
function mutateIfUnmodelled(v: Value, frame: Frame): void {
    if (alternatives(v).some((a) => a.t === "unknown" || a.t === "func")) mutateEscaped(frame);
}

function assign(target: Expr, value: Value, scope: Scope, frame: Frame): void {
    switch (target.k) {
        case "name":
            scope.vars.set(target.id, value);
            return;
        case "list": {
            const v = alternatives(value);
            const starred = target.items.some((t) => t.k === "starred");
            const seq =
                !starred && v.length === 1 && v[0].t === "list" && v[0].items.length === target.items.length ? v[0].items : undefined;
            escape(value);
            target.items.forEach((t, i) => assign(t.k === "starred" ? t.value : t, seq ? seq[i] : unknown("unpacked value"), scope, frame));
            return;
        }
        case "starred":
            assign(target.value, unknown("unpacked value"), scope, frame);
            return;
        case "subscript": {
            escape(value);
            const k = evaluate(target.index, scope, frame);
            if (target.obj.k === "name") {
                // `result["userName"] = ...` on a local dict: update the entry.
                const current = lookup(scope, target.obj.id);
                if (!current) {
                    evaluate(target.obj, scope, frame);
                    return;
                }
                if (alternatives(current).some((a) => a.t === "dict" && a.ref.escaped)) mutate(current);
                if (alternatives(current).some((a) => a.t !== "dict")) mutateFrom(current, frame);
                scope.vars.set(target.obj.id, union(alternatives(current).map((d) => setEntry(d, k, value))));
                return;
            }
            changeThrough(target, scope, frame);
            return;
        }
        case "attr":
            // Setting an attribute may change the user object or anything else the analysis reads.
            evaluate(target.obj, scope, frame);
            frame.state.unsupported.push("an attribute assignment");
            return;
        default:
            return;
    }
}

/** A change through `target`'s object, which is not a plain local name: whatever it reaches may now differ. */
function changeThrough(target: Expr, scope: Scope, frame: Frame): void {
    const obj = target.k === "subscript" || target.k === "attr" ? target.obj : target;
    mutateFrom(evaluateBorrowed(obj, scope, frame), frame);
}

/** `v` is being changed: its containers are mutated; if it is unknown, it may be any container that escaped. */
function mutateFrom(v: Value, frame: Frame): void {
    mutate(v);
    if (alternatives(v).some((a) => a.t !== "dict" && a.t !== "list")) mutateEscaped(frame);
}

function deleteTarget(t: Expr, scope: Scope, frame: Frame): void {
    if (t.k === "name") {
        scope.vars.set(t.id, unknown(`${t.id} was deleted`));
        return;
    }
    if (t.k === "list") {
        for (const i of t.items) deleteTarget(i, scope, frame);
        return;
    }
    if (t.k === "subscript" && t.obj.k === "name") {
        const current = lookup(scope, t.obj.id);
        const k = evaluate(t.index, scope, frame);
        if (current) {
            if (alternatives(current).some((a) => a.t !== "dict" || a.ref.escaped)) mutateFrom(current, frame);
            scope.vars.set(t.obj.id, union(alternatives(current).map((d) => removeEntry(d, k))));
            return;
        }
    }
    changeThrough(t, scope, frame);
}

function removeEntry(d: Value, k: Value): Value {
    if (d.t !== "dict") return d;
    const entries = new Map(d.entries);
    if (k.t === "const" && typeof k.value === "string") {
        entries.delete(k.value);
        return { ...d, entries };
    }
    return { ...d, entries, open: true };
}

/**
 * `d.update(...)`, `d.pop(k, ...)`, `d.setdefault(k, v)`, `l.append(...)`, ...: a method call that changes a container.
 * On a local name holding an unshared dict the change is followed; anything else marks the container mutated.
 */
function callContainerMethod(
    e: Extract<Expr, { k: "call" }>,
    fnExpr: Extract<Expr, { k: "attr" }>,
    self: Value,
    args: Value[],
    kwargs: { name: string; value: Value }[],
    scope: Scope,
    frame: Frame,
): Value {
    const method = fnExpr.name;
    const alts = alternatives(self);
    if (READ_ONLY_METHODS.has(method)) return callMethod(self, method, args);
    if (method === "copy" && alts.every((a) => a.t === "dict")) {
        escape(self);
        return union(alts.map((d) => (d.t === "dict" ? { ...d, entries: new Map(d.entries), ref: newRef(frame.state) } : d)));
    }
    const followable =
        fnExpr.obj.k === "name" &&
        !e.starred &&
        alts.every((a) => a.t === "dict" && !a.ref.escaped) &&
        ["update", "pop", "setdefault"].includes(method);
    if (!followable) {
        for (const a of [...args, ...kwargs.map((k) => k.value)]) escape(a);
        mutateFrom(self, frame);
        return unknown(`${method}()`);
    }
    const name = (fnExpr.obj as { id: string }).id;
    let result: Value = unknown(`${method}()`);
    const update = (d: Value): Value => {
        if (d.t !== "dict") return d;
        const entries = new Map(d.entries);
        const k = args[0];
        const constKey = k && k.t === "const" && typeof k.value === "string" ? k.value : undefined;
        switch (method) {
            case "update": {
                const src = k ? alternatives(k) : [];
                if (src.length === 1 && src[0].t === "dict") {
                    for (const [ek, ev] of src[0].entries) entries.set(ek, ev);
                    for (const kw of kwargs) entries.set(kw.name, kw.value);
                    return { ...d, entries, open: d.open || src[0].open };
                }
                for (const kw of kwargs) entries.set(kw.name, kw.value);
                return { ...d, entries, open: d.open || src.length > 0 };
            }
            case "pop":
                if (constKey === undefined) return { ...d, entries, open: true };
                result = entries.get(constKey) ?? args[1] ?? unknown("KeyError");
                entries.delete(constKey);
                return { ...d, entries };
            default: // setdefault
                if (constKey === undefined) return { ...d, entries, open: true };
                if (!entries.has(constKey)) entries.set(constKey, args[1] ?? { t: "const", value: null });
                result = entries.get(constKey)!;
                return { ...d, entries };
        }
    };
    for (const a of args) escape(a);
    scope.vars.set(name, union(alts.map(update)));
    return result;
}

function setEntry(d: Value, k: Value, value: Value): Value {
    if (d.t !== "dict") return d;
    const entries = new Map(d.entries);
    if (k.t === "const" && typeof k.value === "string") {
        entries.set(k.value, value);
        return { ...d, entries };
    }
    return { ...d, entries, open: true };
}

/** Evaluates `e` as the object of an access: a plain name is read without being shared. */
function evaluateBorrowed(e: Expr, scope: Scope, frame: Frame): Value {
    if (e.k === "name") {
        const v = lookup(scope, e.id);
        if (v !== undefined) return v;
    }
    return evaluate(e, scope, frame);
}

export function evaluate(e: Expr, scope: Scope, frame: Frame): Value {
    tick(frame);
    switch (e.k) {
        case "const":
            return { t: "const", value: e.value };
        case "fstring":
            for (const p of e.parts) evaluate(p, scope, frame);
            return unknown("f-string");
        case "name": {
            const v = lookup(scope, e.id);
            if (v === undefined) {
                frame.undefinedNames.add(e.id);
                return unknown(`name '${e.id}' is not defined`);
            }
            // Read as a value: another name, container or function may now hold it.
            escape(v);
            return v;
        }
        case "named": {
            const v = evaluate(e.value, scope, frame);
            scope.vars.set(e.target, v);
            return v;
        }
        case "starred":
            return evaluate(e.value, scope, frame);
        case "attr":
            return mapValue(evaluateBorrowed(e.obj, scope, frame), (o) => getAttribute(o, e.name));
        case "subscript": {
            const index = evaluate(e.index, scope, frame);
            return mapValue(evaluateBorrowed(e.obj, scope, frame), (o) => getItem(o, index));
        }
        case "call":
            return evaluateCall(e, scope, frame);
        case "dict": {
            const entries = new Map<string, Value>();
            let open = false;
            for (const entry of e.entries) {
                if (entry.key === null) {
                    const value = evaluateBorrowed(entry.value, scope, frame);
                    const spread = alternatives(value);
                    if (spread.length === 1 && spread[0].t === "dict" && !spread[0].ref.mutated) {
                        for (const [k, v] of spread[0].entries) {
                            escape(v);
                            entries.set(k, v);
                        }
                        open = open || spread[0].open;
                    } else {
                        escape(value);
                        open = true;
                    }
                    continue;
                }
                const k = evaluate(entry.key, scope, frame);
                const value = evaluate(entry.value, scope, frame);
                if (k.t === "const" && typeof k.value === "string") entries.set(k.value, value);
                else {
                    // A key we cannot read may equal any key seen so far, or a later one.
                    open = true;
                }
            }
            return { t: "dict", entries, open, ref: newRef(frame.state) };
        }
        case "list": {
            const items = e.items.map((i) => evaluate(i, scope, frame));
            if (e.items.some((i) => i.k === "starred")) return unknown("a sequence with *unpacking");
            return { t: "list", items, ref: newRef(frame.state) };
        }
        case "boolop": {
            const values = e.values.map((v) => evaluate(v, scope, frame));
            if (e.op === "and") return values[values.length - 1];
            // `x or ""` / `x or None`: the fallback only applies when x is empty, which no identity survives
            // (authentik skips or rejects empty identities), so the derivation is that of x.
            const meaningful = values.filter((v, i) => i === 0 || !isEmptyFallback(v));
            return union(meaningful);
        }
        case "not":
            evaluate(e.operand, scope, frame);
            return unknown("boolean");
        case "ifexp":
            evaluate(e.test, scope, frame);
            return union([evaluate(e.body, scope, frame), evaluate(e.orelse, scope, frame)]);
        case "binop": {
            // Operators may run dunder methods of unknown objects; on containers they do not change them.
            const l = evaluate(e.left, scope, frame);
            const r = evaluate(e.right, scope, frame);
            mutateIfUnmodelled(l, frame);
            mutateIfUnmodelled(r, frame);
            return unknown(`result of '${e.op}'`);
        }
        case "yield":
            frame.generator = true;
            if (e.value) evaluate(e.value, scope, frame);
            return unknown("yield");
        case "opaque":
            // A lambda or comprehension may change or keep anything it names, and call any function.
            for (const name of e.names) {
                const v = lookup(scope, name);
                if (v !== undefined) mutate(v);
            }
            for (const name of e.binds ?? []) scope.vars.set(name, unknown(`${name} is assigned in ${e.what}`));
            if (e.names.length > 0) mutateEscaped(frame);
            return unknown(e.what);
    }
}

function evaluateCall(e: Extract<Expr, { k: "call" }>, scope: Scope, frame: Frame): Value {
    const fnExpr = e.fn;
    const fn = fnExpr.k === "attr" ? undefined : evaluate(fnExpr, scope, frame);
    const self = fnExpr.k === "attr" ? evaluateBorrowed(fnExpr.obj, scope, frame) : undefined;
    const args = e.args.map((a) => evaluate(a, scope, frame));
    const kwargs = e.kwargs.map((kw) => ({ name: kw.name, value: evaluate(kw.value, scope, frame) }));
    if (self !== undefined && fnExpr.k === "attr") {
        if (alternatives(self).some((a) => a.t === "dict" || a.t === "list")) {
            if (alternatives(self).every((a) => a.t === "dict" || a.t === "list"))
                return callContainerMethod(e, fnExpr, self, args, kwargs, scope, frame);
            mutateFrom(self, frame);
        }
        const method = mapValue(self, (o) => getAttribute(o, fnExpr.name));
        return mapValue(method, (m) => callValue(m, e, args, kwargs, frame));
    }
    return mapValue(fn!, (f) => callValue(f, e, args, kwargs, frame));
}

function callValue(
    fn: Value,
    e: Extract<Expr, { k: "call" }>,
    args: Value[],
    kwargs: { name: string; value: Value }[],
    frame: Frame,
): Value {
    const all = [...args, ...kwargs.map((k) => k.value)];
    if (fn.t === "func" && !e.starred) return callFunction(fn, args, kwargs, frame);
    if (fn.t === "builtin" && !e.starred) {
        if (!PURE_BUILTINS.has(fn.name)) for (const a of all) mutateFrom(a, frame);
        return callBuiltin(fn.name, args);
    }
    if (fn.t === "method") return callMethod(fn.self, fn.name, args);
    // Something the analysis cannot follow runs: it may change whatever it was given or can reach.
    for (const a of all) mutate(a);
    mutateEscaped(frame);
    if (fn.t === "unknown") return unknown(`${fn.why}()`);
    return unknown("call");
}

function isEmptyFallback(v: Value): boolean {
    return v.t === "const" && (v.value === "" || v.value === null);
}

function mapValue(v: Value, f: (alt: Value) => Value): Value {
    if (v.t !== "union") return f(v);
    return union(v.options.map(f));
}

function getAttribute(o: Value, name: string): Value {
    switch (o.t) {
        case "request":
            return name === "user" ? { t: "user" } : unknown(`request.${name}`);
        case "user":
            if (USER_STRING_ATTRIBUTES.has(name)) return { t: "derived", attribute: name, norms: [] };
            return unknown(`request.user.${name}`);
        case "unknown":
            return unknown(`${o.why}.${name}`);
        case "derived":
        case "const":
        case "dict":
        case "list":
        case "builtin":
            return { t: "method", self: o, name };
        default:
            return unknown(`attribute ${name}`);
    }
}

function getItem(o: Value, index: Value): Value {
    if ((o.t === "dict" || o.t === "list") && o.ref.mutated) return unknown("a container changed through another name");
    if (o.t === "dict" && index.t === "const" && typeof index.value === "string") {
        return o.entries.get(index.value) ?? (o.open ? unknown(`key ${index.value}`) : unknown(`missing key ${index.value}`));
    }
    if (o.t === "list" && index.t === "const" && typeof index.value === "number" && Number.isInteger(index.value)) {
        const i = index.value < 0 ? o.items.length + index.value : index.value;
        return o.items[i] ?? unknown("index out of range");
    }
    return unknown(o.t === "unknown" ? `${o.why}[...]` : "subscript");
}

function callBuiltin(name: string, args: Value[]): Value {
    switch (name) {
        case "str":
            // str() of a string (or of an identifier attribute) keeps its derivation.
            return args.length === 1
                ? mapValue(args[0], (a) => (a.t === "derived" || (a.t === "const" && typeof a.value === "string") ? a : unknown("str()")))
                : unknown("str()");
        case "getattr":
            if (args.length === 2 && args[1].t === "const" && typeof args[1].value === "string") {
                const attrName = args[1].value;
                return mapValue(args[0], (a) => getAttribute(a, attrName));
            }
            return unknown("getattr");
        default:
            return unknown(`${name}()`);
    }
}

function callMethod(self: Value, name: string, args: Value[]): Value {
    if (self.t === "derived") {
        const norm = NORMALISING_METHODS[name];
        // `strip("x")` removes other characters than whitespace: not the normalisation we compare.
        if (norm && args.length === 0) {
            return { t: "derived", attribute: self.attribute, norms: [...self.norms, norm] };
        }
        return unknown(`${self.attribute}.${name}()`);
    }
    if (self.t === "const" && typeof self.value === "string" && args.length === 0) {
        if (name === "lower") return { t: "const", value: self.value.toLowerCase() };
    }
    if (self.t === "dict" && name === "get" && args.length >= 1 && args.length <= 2 && !self.ref.mutated) {
        const k = args[0];
        if (k.t === "const" && typeof k.value === "string" && self.entries.has(k.value)) return self.entries.get(k.value)!;
        return unknown("dict.get");
    }
    return unknown(`${self.t === "builtin" ? self.name : self.t}.${name}()`);
}

function callFunction(fn: Extract<Value, { t: "func" }>, args: Value[], kwargs: { name: string; value: Value }[], frame: Frame): Value {
    const all = [...args, ...kwargs.map((k) => k.value)];
    if (fn.def.async || frame.depth >= MAX_CALL_DEPTH) {
        // Not followed: it may change whatever it was given or can reach.
        for (const a of all) mutate(a);
        mutateEscaped(frame);
        return unknown(fn.def.async ? `${fn.def.name}() returns a coroutine` : `recursion in ${fn.def.name}()`);
    }
    const local: Scope = { vars: new Map(), parent: fn.closure };
    const names = new Set(fn.def.params.map((p) => p.name));
    if (args.length > fn.def.params.length || kwargs.some((k) => !names.has(k.name)))
        return unknown(`${fn.def.name}() called with other arguments than it takes (TypeError)`);
    for (const [i, p] of fn.def.params.entries()) {
        const kw = kwargs.find((k) => k.name === p.name);
        const value = kw?.value ?? args[i] ?? (p.default ? evaluate(p.default, fn.closure, frame) : unknown(`missing argument ${p.name}`));
        local.vars.set(p.name, value);
    }
    const inner: Frame = {
        returns: [],
        generator: false,
        depth: frame.depth + 1,
        undefinedNames: frame.undefinedNames,
        state: frame.state,
    };
    runFunctionBody(fn.def.body, local, inner);
    if (inner.generator) return unknown(`${fn.def.name}() is a generator`);
    if (inner.returns.length === 0) return unknown(`${fn.def.name}() always raises`);
    return union(inner.returns);
}
