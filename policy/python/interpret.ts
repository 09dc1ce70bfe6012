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
 */
import type { Expr, Stmt } from "./parse";

export type Normalisation = "lower" | "strip" | "casefold";

export type Value =
    | { t: "user" }
    | { t: "request" }
    /** A string derived from the user object: `request.user.<attribute>` then the normalisations, in order. */
    | { t: "derived"; attribute: string; norms: Normalisation[] }
    | { t: "const"; value: string | number | boolean | null }
    /** `open`: may hold keys we could not see (e.g. built with `**other` or `.update(unknown)`). */
    | { t: "dict"; entries: Map<string, Value>; open: boolean }
    | { t: "list"; items: Value[] }
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
}

/** The mapping's handler parameters, by call site (authentik.md S1 table). */
export type MappingContext = "saml" | "scim";

const MAX_CALL_DEPTH = 8;
const MAX_UNION = 32;

/** Attributes of authentik's User model that are plain strings (or stringify to a stable identifier). */
const USER_STRING_ATTRIBUTES = new Set(["email", "username", "name", "uid", "uuid", "pk", "id", "path", "type"]);
const NORMALISING_METHODS: Record<string, Normalisation> = { lower: "lower", strip: "strip", casefold: "casefold" };

/** Builtins and authentik globals that the analysis knows by name (authentik.md S1 "Globals"). */
const KNOWN_GLOBALS = [
    "str", "getattr", "len", "bool", "int", "list", "dict", "set", "tuple", "sorted", "repr", "isinstance", "any", "all",
    "min", "max", "print", "hasattr", "range", "enumerate", "zip", "map", "filter", "sum", "type", "Exception", "ValueError",
    "ak_call_policy", "ak_create_event", "ak_create_jwt", "ak_create_jwt_raw", "ak_is_group_member", "ak_logger",
    "ak_send_email", "ak_user_by", "ak_user_has_authenticator", "ip_address", "ip_network", "list_flatten",
    "regex_match", "regex_replace", "requests", "resolve_dns", "reverse_dns", "slugify", "SkipObject",
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
            return `dict(${[...v.entries].map(([k, e]) => `${k}:${key(e)}`).join(",")}${v.open ? ",..." : ""})`;
        case "list":
            return `list(${v.items.map(key).join(",")})`;
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

interface Frame {
    returns: Value[];
    generator: boolean;
    depth: number;
    undefinedNames: Set<string>;
}

/** Interprets a mapping body as authentik runs it for `context`. */
export function interpretMapping(body: Stmt[], context: MappingContext): FunctionResult {
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
    const frame: Frame = { returns: [], generator: false, depth: 0, undefinedNames: new Set() };
    runFunctionBody(body, handler, frame);
    return { returns: frame.returns, generator: frame.generator, undefinedNames: frame.undefinedNames };
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
    switch (stmt.k) {
        case "return":
            frame.returns.push(stmt.value ? evaluate(stmt.value, scope, frame) : { t: "const", value: null });
            return true;
        case "raise":
            return true;
        case "assign": {
            const value = evaluate(stmt.value, scope, frame);
            for (const target of stmt.targets) assign(target, value, scope, frame);
            return false;
        }
        case "augassign":
            if (stmt.target.k === "name") scope.vars.set(stmt.target.id, unknown(`${stmt.target.id} is modified in place`));
            return false;
        case "expr":
            if (!mutateDict(stmt.value, scope, frame)) evaluate(stmt.value, scope, frame);
            return false;
        case "if": {
            evaluate(stmt.test, scope, frame);
            const a = copyScope(scope);
            const b = copyScope(scope);
            const endedA = execBlock(stmt.body, a, frame);
            const endedB = execBlock(stmt.orelse, b, frame);
            return mergeInto(scope, [{ scope: a, ended: endedA }, { scope: b, ended: endedB }]);
        }
        case "loop": {
            // Zero or one iteration: enough to see every assignment the body can make.
            const before = copyScope(scope);
            const inside = copyScope(scope);
            if (stmt.target) assign(stmt.target, unknown("loop variable"), inside, frame);
            execBlock(stmt.body, inside, frame);
            const afterElse = copyScope(scope);
            execBlock(stmt.orelse, afterElse, frame);
            mergeInto(scope, [{ scope: before, ended: false }, { scope: inside, ended: false }, { scope: afterElse, ended: false }]);
            return false;
        }
        case "try": {
            const body = copyScope(scope);
            const endedBody = execBlock([...stmt.body, ...stmt.orelse], body, frame);
            const branches = [{ scope: body, ended: endedBody }];
            for (const handler of stmt.handlers) {
                const h = copyScope(scope);
                branches.push({ scope: h, ended: execBlock(handler, h, frame) });
            }
            const ended = mergeInto(scope, branches);
            return execBlock(stmt.finalbody, scope, frame) || ended;
        }
        case "with":
            return execBlock(stmt.body, scope, frame);
        case "def":
            scope.vars.set(stmt.name, { t: "func", def: stmt, closure: scope });
            return false;
        case "import":
            for (const n of stmt.names) scope.vars.set(n, unknown(`module ${n}`));
            return false;
        case "simple":
            return false;
    }
}

function assign(target: Expr, value: Value, scope: Scope, frame: Frame): void {
    switch (target.k) {
        case "name":
            scope.vars.set(target.id, value);
            return;
        case "list": {
            const v = alternatives(value);
            const seq = v.length === 1 && v[0].t === "list" && v[0].items.length === target.items.length ? v[0].items : undefined;
            target.items.forEach((t, i) => assign(t, seq ? seq[i] : unknown("unpacked value"), scope, frame));
            return;
        }
        case "subscript": {
            // `result["userName"] = ...` on a local dict: update the entry.
            if (target.obj.k !== "name") return;
            const current = lookup(scope, target.obj.id);
            const k = evaluate(target.index, scope, frame);
            if (!current) return;
            scope.vars.set(target.obj.id, union(alternatives(current).map((d) => setEntry(d, k, value))));
            return;
        }
        default:
            return;
    }
}

/** `d.update({...})`, `d.pop("k", ...)`, `d.setdefault("k", v)` on a local dict. Returns false if not such a call. */
function mutateDict(e: Expr, scope: Scope, frame: Frame): boolean {
    if (e.k !== "call" || e.fn.k !== "attr" || e.fn.obj.k !== "name") return false;
    const name = e.fn.obj.id;
    const method = e.fn.name;
    const current = lookup(scope, name);
    if (!current || !alternatives(current).some((d) => d.t === "dict")) return false;
    const args = e.args.map((a) => evaluate(a, scope, frame));
    const update = (d: Value): Value => {
        if (d.t !== "dict") return d;
        const entries = new Map(d.entries);
        const k = args[0];
        const constKey = k && k.t === "const" && typeof k.value === "string" ? k.value : undefined;
        switch (method) {
            case "update": {
                const src = k ? alternatives(k) : [];
                if (src.length === 1 && src[0].t === "dict" && e.kwargs.length === 0) {
                    for (const [ek, ev] of src[0].entries) entries.set(ek, ev);
                    return { t: "dict", entries, open: d.open || src[0].open };
                }
                for (const kw of e.kwargs) entries.set(kw.name, evaluate(kw.value, scope, frame));
                return { t: "dict", entries, open: d.open || src.length > 0 };
            }
            case "pop":
                if (constKey === undefined) return { t: "dict", entries, open: true };
                entries.delete(constKey);
                return { t: "dict", entries, open: d.open };
            case "setdefault":
                if (constKey === undefined) return { t: "dict", entries, open: true };
                if (!entries.has(constKey)) entries.set(constKey, args[1] ?? { t: "const", value: null });
                return { t: "dict", entries, open: d.open };
            default:
                return d;
        }
    };
    if (!["update", "pop", "setdefault"].includes(method)) return false;
    scope.vars.set(name, union(alternatives(current).map(update)));
    return true;
}

function setEntry(d: Value, k: Value, value: Value): Value {
    if (d.t !== "dict") return d;
    const entries = new Map(d.entries);
    if (k.t === "const" && typeof k.value === "string") {
        entries.set(k.value, value);
        return { t: "dict", entries, open: d.open };
    }
    return { t: "dict", entries, open: true };
}

export function evaluate(e: Expr, scope: Scope, frame: Frame): Value {
    switch (e.k) {
        case "const":
            return { t: "const", value: e.value };
        case "fstring":
            return unknown("f-string");
        case "name": {
            const v = lookup(scope, e.id);
            if (v === undefined) {
                frame.undefinedNames.add(e.id);
                return unknown(`name '${e.id}' is not defined`);
            }
            return v;
        }
        case "attr":
            return mapValue(evaluate(e.obj, scope, frame), (o) => getAttribute(o, e.name));
        case "subscript": {
            const index = evaluate(e.index, scope, frame);
            return mapValue(evaluate(e.obj, scope, frame), (o) => getItem(o, index));
        }
        case "call": {
            const args = e.args.map((a) => evaluate(a, scope, frame));
            const kwargs = e.kwargs.map((kw) => ({ name: kw.name, value: evaluate(kw.value, scope, frame) }));
            return mapValue(evaluate(e.fn, scope, frame), (fn) => call(fn, args, kwargs, frame));
        }
        case "dict": {
            const entries = new Map<string, Value>();
            let open = false;
            for (const entry of e.entries) {
                const value = evaluate(entry.value, scope, frame);
                if (entry.key === null) {
                    const spread = alternatives(value);
                    if (spread.length === 1 && spread[0].t === "dict") {
                        for (const [k, v] of spread[0].entries) entries.set(k, v);
                        open = open || spread[0].open;
                    } else {
                        open = true;
                    }
                    continue;
                }
                const k = evaluate(entry.key, scope, frame);
                if (k.t === "const" && typeof k.value === "string") entries.set(k.value, value);
                else open = true;
            }
            return { t: "dict", entries, open };
        }
        case "list":
            return { t: "list", items: e.items.map((i) => evaluate(i, scope, frame)) };
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
        case "binop":
            evaluate(e.left, scope, frame);
            evaluate(e.right, scope, frame);
            return unknown(`result of '${e.op}'`);
        case "yield":
            frame.generator = true;
            if (e.value) evaluate(e.value, scope, frame);
            return unknown("yield");
        case "opaque":
            return unknown(e.what);
    }
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
    if (o.t === "dict" && index.t === "const" && typeof index.value === "string") {
        return o.entries.get(index.value) ?? (o.open ? unknown(`key ${index.value}`) : unknown(`missing key ${index.value}`));
    }
    if (o.t === "list" && index.t === "const" && typeof index.value === "number") {
        const i = index.value < 0 ? o.items.length + index.value : index.value;
        return o.items[i] ?? unknown("index out of range");
    }
    return unknown(o.t === "unknown" ? `${o.why}[...]` : "subscript");
}

function call(fn: Value, args: Value[], kwargs: { name: string; value: Value }[], frame: Frame): Value {
    if (fn.t === "func") return callFunction(fn, args, kwargs, frame);
    if (fn.t === "builtin") {
        switch (fn.name) {
            case "str":
                // str() of a string (or of an identifier attribute) keeps its derivation.
                return args.length === 1 ? mapValue(args[0], (a) => (a.t === "derived" || (a.t === "const" && typeof a.value === "string") ? a : unknown("str()"))) : unknown("str()");
            case "getattr":
                if (args.length >= 2 && args[1].t === "const" && typeof args[1].value === "string") {
                    const attrName = args[1].value;
                    return mapValue(args[0], (a) => getAttribute(a, attrName));
                }
                return unknown("getattr");
            default:
                return unknown(`${fn.name}()`);
        }
    }
    if (fn.t === "method") return callMethod(fn.self, fn.name, args);
    if (fn.t === "unknown") return unknown(`${fn.why}()`);
    return unknown("call");
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
        if (name === "strip") return { t: "const", value: self.value.trim() };
    }
    if (self.t === "dict" && name === "get" && args.length >= 1) {
        const k = args[0];
        if (k.t === "const" && typeof k.value === "string" && self.entries.has(k.value)) return self.entries.get(k.value)!;
        return unknown("dict.get");
    }
    return unknown(`${self.t === "builtin" ? self.name : self.t}.${name}()`);
}

function callFunction(fn: Extract<Value, { t: "func" }>, args: Value[], kwargs: { name: string; value: Value }[], frame: Frame): Value {
    if (frame.depth >= MAX_CALL_DEPTH) return unknown(`recursion in ${fn.def.name}()`);
    const local: Scope = { vars: new Map(), parent: fn.closure };
    fn.def.params.forEach((p, i) => {
        const kw = kwargs.find((k) => k.name === p.name);
        const value = kw?.value ?? args[i] ?? (p.default ? evaluate(p.default, fn.closure, frame) : unknown(`missing argument ${p.name}`));
        local.vars.set(p.name, value);
    });
    const inner: Frame = { returns: [], generator: false, depth: frame.depth + 1, undefinedNames: frame.undefinedNames };
    runFunctionBody(fn.def.body, local, inner);
    if (inner.generator) return unknown(`${fn.def.name}() is a generator`);
    if (inner.returns.length === 0) return unknown(`${fn.def.name}() always raises`);
    return union(inner.returns);
}
