/**
 * The Python front end of the identity analysis: `@lezer/python` parses the mapping text, this adapter turns the
 * syntax tree into the small AST the interpreter (interpret.ts) follows.
 *
 * Lezer's grammar is more permissive than CPython's (it recovers from errors and accepts Python 2 forms), so the
 * adapter refuses, as a {@link PythonSyntaxError}, every tree with an error node and every construct CPython would
 * not compile inside authentik's `def handler(...)` wrapper: the analysis then says "not verifiable" instead of
 * judging text that authentik cannot run. What the interpreter does not model (comprehensions, lambdas, slices,
 * `await`) becomes an `opaque` node that lists the names it touches, so the interpreter can forget what it knew
 * about them. tests/policy-python-fuzz.spec.ts checks the adapter against CPython's compiler.
 */
import { parser } from "@lezer/python";
import type { SyntaxNode } from "@lezer/common";

export type Expr =
    | { k: "name"; id: string }
    | { k: "const"; value: string | number | boolean | null }
    | { k: "fstring"; parts: Expr[] }
    | { k: "attr"; obj: Expr; name: string }
    | { k: "call"; fn: Expr; args: Expr[]; kwargs: { name: string; value: Expr }[]; starred: boolean }
    | { k: "subscript"; obj: Expr; index: Expr }
    | { k: "dict"; entries: { key: Expr | null; value: Expr }[] }
    | { k: "list"; items: Expr[] }
    | { k: "starred"; value: Expr }
    | { k: "boolop"; op: "or" | "and"; values: Expr[] }
    | { k: "not"; operand: Expr }
    | { k: "ifexp"; test: Expr; body: Expr; orelse: Expr }
    | { k: "binop"; op: string; left: Expr; right: Expr }
    /** `target := value`. */
    | { k: "named"; target: string; value: Expr }
    | { k: "yield"; value?: Expr }
    /** Not modelled. `names`: every name read or bound inside (a lambda or comprehension may mutate or capture them). */
    | { k: "opaque"; what: string; names: string[]; binds?: string[] };

export interface Handler {
    /** `except E as name`. */
    name?: string;
    test?: Expr;
    body: Stmt[];
}

export type Stmt =
    | { k: "return"; value?: Expr; line: number }
    | { k: "assign"; targets: Expr[]; value: Expr }
    | { k: "augassign"; target: Expr; value: Expr }
    | { k: "expr"; value: Expr }
    | { k: "if"; test: Expr; body: Stmt[]; orelse: Stmt[] }
    | { k: "loop"; target?: Expr; iter?: Expr; body: Stmt[]; orelse: Stmt[] }
    | { k: "try"; body: Stmt[]; handlers: Handler[]; orelse: Stmt[]; finalbody: Stmt[] }
    | { k: "with"; items: { value: Expr; target?: string }[]; body: Stmt[] }
    | { k: "def"; name: string; async: boolean; params: { name: string; default?: Expr }[]; body: Stmt[] }
    | { k: "raise"; value?: Expr }
    | { k: "import"; names: string[] }
    | { k: "del"; targets: Expr[] }
    | { k: "assert"; test: Expr }
    /** A construct the analysis does not follow at all (class bodies, `global`, `match`, star imports). */
    | { k: "unsupported"; what: string }
    | { k: "simple" }; // pass, break, continue

export interface Module {
    body: Stmt[];
    /** Every name the text binds anywhere (assignment, loop, `as`, parameter, import, def, walrus, pattern). */
    bound: Set<string>;
}

export class PythonSyntaxError extends Error {
    /** `line` 0: about the text as a whole. */
    constructor(
        message: string,
        readonly line: number,
    ) {
        super(line > 0 ? `line ${line}: ${message}` : message);
        this.name = "PythonSyntaxError";
    }
}

/** Deeper trees are refused (CPython's own parser stops at 200 nested parentheses). */
const MAX_TREE_DEPTH = 300;
/** Bracket nesting read at all; deeper text is refused before parsing, which would be slow. */
const MAX_BRACKET_DEPTH = 100;
/**
 * Longest text analysed. authentik mappings are a few lines; past this the answer is "not verifiable" at once, so
 * that no input can stall `pulumi preview` (every input returns within 100 ms; tests/policy-python-fuzz.spec.ts).
 * Limits are sizes, never times: the same text gets the same verdict on every machine.
 */
export const MAX_SOURCE_LENGTH = 16_384;

const KEYWORD_NODES = new Set([
    "if",
    "elif",
    "else",
    "for",
    "while",
    "in",
    "not",
    "and",
    "or",
    "is",
    "lambda",
    "def",
    "class",
    "return",
    "yield",
    "from",
    "import",
    "as",
    "try",
    "except",
    "finally",
    "with",
    "pass",
    "break",
    "continue",
    "del",
    "raise",
    "global",
    "nonlocal",
    "assert",
    "async",
    "await",
    "print",
    "match",
    "case",
    "type",
]);

class Adapter {
    readonly bound = new Set<string>();
    private readonly lineStarts: number[] = [0];
    /** Loop / function nesting, for `break` outside a loop and `await` outside `async def` (CPython compile errors). */
    private loopDepth = 0;
    private asyncDepth = 0;

    constructor(private readonly src: string) {
        for (let i = 0; i < src.length; i++) if (src.charCodeAt(i) === 10) this.lineStarts.push(i + 1);
    }

    line(pos: number): number {
        let lo = 0;
        let hi = this.lineStarts.length - 1;
        while (lo < hi) {
            const mid = (lo + hi + 1) >> 1;
            if (this.lineStarts[mid] <= pos) lo = mid;
            else hi = mid - 1;
        }
        return lo + 1;
    }

    fail(node: SyntaxNode | number, message: string): never {
        throw new PythonSyntaxError(message, this.line(typeof node === "number" ? node : node.from));
    }

    text(n: SyntaxNode): string {
        return this.src.slice(n.from, n.to);
    }

    children(n: SyntaxNode): SyntaxNode[] {
        const out: SyntaxNode[] = [];
        for (let c = n.firstChild; c; c = c.nextSibling) if (c.name !== "Comment") out.push(c);
        return out;
    }

    // ---------------------------------------------------------------- statements

    col(pos: number): number {
        return pos - this.lineStarts[this.line(pos) - 1];
    }

    /** True when only indentation precedes `pos` on its line. */
    startsLine(pos: number): boolean {
        return /^[ \t]*$/.test(this.src.slice(this.lineStarts[this.line(pos) - 1], pos));
    }

    /**
     * A block's statements: those that start a line share one column, deeper than the statement owning the block
     * (lezer does not check CPython's "unindent does not match any outer indentation level").
     */
    block(nodes: SyntaxNode[], ownerCol = -1): Stmt[] {
        let column: number | undefined;
        for (const n of nodes) {
            if (!this.startsLine(n.from)) continue;
            const c = this.col(n.from);
            if (column === undefined) column = c;
            if (c !== column || c <= ownerCol) this.fail(n, "unindent does not match any outer indentation level");
        }
        return nodes.flatMap((n) => this.statement(n));
    }

    body(n: SyntaxNode | undefined | null): Stmt[] {
        if (!n || n.name !== "Body") return this.fail(n ?? 0, "expected a block");
        const owner = n.parent ?? n;
        return this.block(
            this.children(n).filter((c) => c.name !== ":"),
            this.col(owner.from),
        );
    }

    /** `elif` / `else` / `except` / `finally` start their own line, level with the statement they continue. */
    clauses(n: SyntaxNode, c: SyntaxNode[]): void {
        for (const x of c) {
            if (!["elif", "else", "except", "finally"].includes(x.name)) continue;
            if (!this.startsLine(x.from) || this.col(x.from) !== this.col(n.from))
                this.fail(x, `'${x.name}' is not level with its statement`);
        }
    }

    statement(n: SyntaxNode): Stmt[] {
        const c = this.children(n);
        switch (n.name) {
            case "StatementGroup":
                return this.block(c.filter((x) => x.name !== ";"));
            case "ExpressionStatement":
                return [{ k: "expr", value: this.exprList(c, n) }];
            case "AssignStatement":
                return [this.assignment(n, c)];
            case "UpdateStatement": {
                const op = c.findIndex((x) => x.name === "UpdateOp");
                const target = this.exprList(c.slice(0, op), n);
                this.checkTarget(target, n, false);
                return [{ k: "augassign", target, value: this.exprList(c.slice(op + 1), n) }];
            }
            case "ReturnStatement":
                return [{ k: "return", value: c.length > 1 ? this.exprList(c.slice(1), n) : undefined, line: this.line(n.from) }];
            case "YieldStatement":
                return [{ k: "expr", value: this.yieldOf(c, n) }];
            case "RaiseStatement": {
                const parts = c.slice(1);
                if (parts.some((x) => x.name === ",")) this.fail(n, "Python 2 `raise E, value` is not Python 3");
                return [{ k: "raise", value: parts.length > 0 ? this.expr(parts[0]) : undefined }];
            }
            case "PassStatement":
                return [{ k: "simple" }];
            case "BreakStatement":
            case "ContinueStatement":
                if (this.loopDepth === 0) this.fail(n, `'${this.text(c[0])}' outside loop`);
                return [{ k: "simple" }];
            case "DeleteStatement": {
                const targets = c
                    .slice(1)
                    .filter((x) => x.name !== ",")
                    .map((x) => this.expr(x));
                for (const t of targets) this.checkTarget(t, n, true);
                return [{ k: "del", targets }];
            }
            case "AssertStatement":
                return [{ k: "assert", test: this.expr(c[1]) }];
            case "ImportStatement":
                return [this.importOf(n, c)];
            case "ScopeStatement":
                return [{ k: "unsupported", what: `\`${this.text(c[0])}\`` }];
            case "PrintStatement":
                return this.fail(n, "Python 2 print statement");
            case "IfStatement":
                this.clauses(n, c);
                return [this.ifOf(c, 0)];
            case "WhileStatement": {
                this.clauses(n, c);
                const test = this.expr(c[1]);
                const { body, orelse } = this.loopBodies(c.slice(2));
                return [{ k: "loop", iter: test, body, orelse }];
            }
            case "ForStatement":
                this.clauses(n, c);
                return [this.forOf(n, c)];
            case "TryStatement":
                this.clauses(n, c);
                return [this.tryOf(n, c)];
            case "WithStatement":
                return [this.withOf(n, c)];
            case "FunctionDefinition":
                return [this.defOf(n, c)];
            case "DecoratedStatement": {
                // Decorators run at definition time and may replace the function: what a call returns is unknown.
                const def = c[c.length - 1];
                for (const d of c.slice(0, -1)) this.collectNames(d, []);
                if (def.name === "FunctionDefinition") {
                    const name = this.text(this.children(def).find((x) => x.name === "VariableName")!);
                    this.defOf(def, this.children(def));
                    this.bound.add(name);
                    return [
                        { k: "assign", targets: [{ k: "name", id: name }], value: { k: "opaque", what: "decorated function", names: [] } },
                    ];
                }
                return this.statement(def);
            }
            case "ClassDefinition": {
                const name = c.find((x) => x.name === "VariableName");
                if (name) this.bound.add(this.text(name));
                this.collectNames(n, []);
                return [{ k: "unsupported", what: "a class definition" }];
            }
            case "MatchStatement":
                this.collectNames(n, []);
                return [{ k: "unsupported", what: "a match statement" }];
            case "TypeDefinition":
                return [{ k: "unsupported", what: "a type alias" }];
            default:
                return this.fail(n, `unexpected ${n.name}`);
        }
    }

    assignment(n: SyntaxNode, c: SyntaxNode[]): Stmt {
        const typeDef = c.findIndex((x) => x.name === "TypeDef");
        const groups: SyntaxNode[][] = [[]];
        for (const x of c) {
            if (x.name === "AssignOp") groups.push([]);
            else if (x.name !== "TypeDef") groups[groups.length - 1].push(x);
        }
        if (typeDef >= 0 && groups.length === 1) {
            // `x: int` alone: an annotation, binds nothing at run time.
            return { k: "simple" };
        }
        const last = groups.pop()!;
        const value =
            last.length === 1 && last[0].name === "YieldExpression"
                ? this.yieldOf(this.children(last[0]), last[0])
                : this.exprList(last, n);
        const targets = groups.map((g) => this.exprList(g, n));
        for (const t of targets) this.checkTarget(t, n, false);
        return { k: "assign", targets, value };
    }

    /** CPython refuses to assign to or delete anything but names, attributes, subscripts and tuples/lists of them. */
    checkTarget(t: Expr, n: SyntaxNode, del: boolean): void {
        switch (t.k) {
            case "name":
                this.bound.add(t.id);
                return;
            case "attr":
            case "subscript":
                return;
            case "list":
                for (const i of t.items) this.checkTarget(i, n, del);
                return;
            case "starred":
                if (del) this.fail(n, "cannot delete a starred expression");
                this.checkTarget(t.value, n, del);
                return;
            case "opaque":
                // A slice (`a[1:2] = ...`) is a subscript the analysis does not model; anything else is not a target.
                if (t.what === "subscript") return;
                return this.fail(n, `cannot assign to ${t.what}`);
            default:
                return this.fail(n, `cannot ${del ? "delete" : "assign to"} ${t.k === "const" ? "a literal" : `an expression (${t.k})`}`);
        }
    }

    ifOf(c: SyntaxNode[], start: number): Stmt {
        // c: if test Body (elif test Body)* (else Body)?
        const test = this.expr(c[start + 1]);
        const body = this.body(c[start + 2]);
        const rest = c.slice(start + 3);
        if (rest.length === 0) return { k: "if", test, body, orelse: [] };
        if (rest[0].name === "elif") {
            if (rest[1]?.name === "Body") this.fail(rest[0], "elif without a condition");
            return { k: "if", test, body, orelse: [this.ifOf(rest, 0)] };
        }
        return { k: "if", test, body, orelse: this.body(rest[1]) };
    }

    loopBodies(c: SyntaxNode[]): { body: Stmt[]; orelse: Stmt[] } {
        this.loopDepth++;
        const body = this.body(c[0]);
        this.loopDepth--;
        const orelse = c[1]?.name === "else" ? this.body(c[2]) : [];
        return { body, orelse };
    }

    forOf(n: SyntaxNode, c: SyntaxNode[]): Stmt {
        let i = 0;
        if (c[i].name === "async") {
            if (this.asyncDepth === 0) this.fail(n, "'async for' outside async function");
            i++;
        }
        const inAt = c.findIndex((x) => x.name === "in");
        const bodyAt = c.findIndex((x) => x.name === "Body");
        const target = this.exprList(c.slice(i + 1, inAt), n);
        this.checkTarget(target, n, false);
        const iter = this.exprList(c.slice(inAt + 1, bodyAt), n);
        const { body, orelse } = this.loopBodies(c.slice(bodyAt));
        return { k: "loop", target, iter, body, orelse };
    }

    tryOf(n: SyntaxNode, c: SyntaxNode[]): Stmt {
        const out: Extract<Stmt, { k: "try" }> = { k: "try", body: this.body(c[1]), handlers: [], orelse: [], finalbody: [] };
        let i = 2;
        while (i < c.length) {
            const kw = c[i].name;
            if (kw === "except") {
                const handler: Handler = { body: [] };
                i++;
                if (c[i]?.name === "*") i++;
                if (c[i] && c[i].name !== "Body") {
                    handler.test = this.expr(c[i++]);
                    if (c[i]?.name === ",") this.fail(c[i], "Python 2 `except E, name` is not Python 3");
                    if (c[i]?.name === "as") {
                        handler.name = this.text(c[i + 1]);
                        this.bound.add(handler.name);
                        i += 2;
                    }
                }
                handler.body = this.body(c[i++]);
                out.handlers.push(handler);
            } else if (kw === "else") {
                if (out.handlers.length === 0) this.fail(c[i], "try/else without except");
                out.orelse = this.body(c[i + 1]);
                i += 2;
            } else if (kw === "finally") {
                out.finalbody = this.body(c[i + 1]);
                i += 2;
            } else {
                this.fail(c[i], `unexpected ${kw} in try`);
            }
        }
        if (out.handlers.length === 0 && c.every((x) => x.name !== "finally")) this.fail(n, "try without except or finally");
        return out;
    }

    withOf(n: SyntaxNode, c: SyntaxNode[]): Stmt {
        let i = 1;
        if (c[0].name === "async") {
            if (this.asyncDepth === 0) this.fail(n, "'async with' outside async function");
            i = 2;
        }
        const items: { value: Expr; target?: string }[] = [];
        for (; i < c.length && c[i].name !== "Body"; i++) {
            if (c[i].name === ",") continue;
            const item: { value: Expr; target?: string } = { value: this.expr(c[i]) };
            if (c[i + 1]?.name === "as") {
                item.target = this.text(c[i + 2]);
                this.bound.add(item.target);
                i += 2;
            }
            items.push(item);
        }
        return { k: "with", items, body: this.body(c[i]) };
    }

    defOf(n: SyntaxNode, c: SyntaxNode[]): Extract<Stmt, { k: "def" }> {
        const isAsync = c[0].name === "async";
        const name = this.text(c.find((x) => x.name === "VariableName")!);
        this.bound.add(name);
        const paramList = c.find((x) => x.name === "ParamList")!;
        const params = this.params(paramList);
        const savedLoop = this.loopDepth;
        const savedAsync = this.asyncDepth;
        this.loopDepth = 0;
        this.asyncDepth = isAsync ? 1 : 0;
        const body = this.body(c.find((x) => x.name === "Body"));
        this.loopDepth = savedLoop;
        this.asyncDepth = savedAsync;
        return { k: "def", name, async: isAsync, params, body };
    }

    params(list: SyntaxNode): { name: string; default?: Expr }[] {
        const out: { name: string; default?: Expr }[] = [];
        const seen = new Set<string>();
        const c = this.children(list).filter((x) => x.name !== "(" && x.name !== ")");
        let star: "" | "*" | "**" = "";
        for (let i = 0; i < c.length; i++) {
            const x = c[i];
            if (x.name === "*" || x.name === "**") star = x.name;
            else if (x.name === ",") star = "";
            else if (x.name === "VariableName") {
                const pname = this.text(x);
                if (seen.has(pname)) this.fail(x, `duplicate argument '${pname}'`);
                seen.add(pname);
                this.bound.add(pname);
                const p: { name: string; default?: Expr } = { name: pname };
                if (c[i + 1]?.name === "TypeDef") i++;
                if (c[i + 1]?.name === "AssignOp") {
                    p.default = this.expr(c[i + 2]);
                    i += 2;
                }
                // `*args` / `**kwargs` are not positional parameters: the interpreter sees them as unknown.
                out.push(star ? { name: pname, default: { k: "opaque", what: `${star}${pname}`, names: [] } } : p);
            }
        }
        return out;
    }

    importOf(n: SyntaxNode, c: SyntaxNode[]): Stmt {
        const names: string[] = [];
        if (c[0].name === "from") {
            const at = c.findIndex((x) => x.name === "import");
            const rest = c.slice(at + 1).filter((x) => x.name !== "(" && x.name !== ")" && x.name !== ",");
            if (rest.some((x) => x.name === "*")) return { k: "unsupported", what: "`from … import *`" };
            for (let i = 0; i < rest.length; i++) {
                if (rest[i + 1]?.name === "as") {
                    names.push(this.text(rest[i + 2]));
                    i += 2;
                } else if (rest[i].name === "VariableName") {
                    names.push(this.text(rest[i]));
                }
            }
        } else {
            // import a.b.c [as d], e: binds d, or the first component a.
            const rest = c.slice(1).filter((x) => x.name !== "(" && x.name !== ")");
            let first: string | undefined;
            for (let i = 0; i < rest.length; i++) {
                const x = rest[i];
                if (x.name === ",") {
                    if (first) names.push(first);
                    first = undefined;
                } else if (x.name === "as") {
                    first = this.text(rest[i + 1]);
                    i++;
                } else if (x.name === "VariableName" && first === undefined) {
                    first = this.text(x);
                }
            }
            if (first) names.push(first);
        }
        for (const name of names) this.bound.add(name);
        return { k: "import", names };
    }

    // ---------------------------------------------------------------- expressions

    /** `a, b` (a tuple) or a single expression. */
    exprList(nodes: SyntaxNode[], at: SyntaxNode): Expr {
        const items: Expr[] = [];
        let comma = false;
        for (let i = 0; i < nodes.length; i++) {
            const x = nodes[i];
            if (x.name === ",") comma = true;
            else if (x.name === "*") {
                items.push({ k: "starred", value: this.expr(nodes[++i]) });
            } else items.push(this.expr(x));
        }
        if (items.length === 0) return this.fail(at, "expected an expression");
        if (!comma && items.length === 1 && items[0].k !== "starred") return items[0];
        return { k: "list", items };
    }

    yieldOf(c: SyntaxNode[], n: SyntaxNode): Expr {
        // yield [from] value
        const rest = c.slice(1);
        if (rest[0]?.name === "from") return { k: "yield", value: this.expr(rest[1]) };
        return { k: "yield", value: rest.length > 0 ? this.exprList(rest, n) : undefined };
    }

    opaque(n: SyntaxNode, what: string): Expr {
        const names: string[] = [];
        const binds: string[] = [];
        this.collectNames(n, names, binds);
        return { k: "opaque", what, names, binds };
    }

    /** Every VariableName under `n`; walrus targets are bound names too (and listed in `binds`). */
    collectNames(n: SyntaxNode, out: string[], binds: string[] = []): void {
        const cursor = n.cursor();
        const end = n.to;
        do {
            if (cursor.from >= end && cursor.node !== n) break;
            if (cursor.name === "VariableName") {
                const id = this.src.slice(cursor.from, cursor.to);
                out.push(id);
                const parent = cursor.node.parent;
                const next = cursor.node.nextSibling;
                const bindsHere = next?.name === "AssignOp" && this.text(next) === ":=";
                const binder =
                    parent &&
                    [
                        "CapturePattern",
                        "AsPattern",
                        "ParamList",
                        "ClassDefinition",
                        "FunctionDefinition",
                        "KeywordPattern",
                        "StarPattern",
                    ].includes(parent.name);
                if (bindsHere) binds.push(id);
                if (bindsHere || binder || this.isCompTarget(cursor.node)) this.bound.add(id);
            }
            if (cursor.name === "await" && this.asyncDepth === 0) this.fail(cursor.from, "'await' outside async function");
        } while (cursor.next() && cursor.from < end);
    }

    /** `for x in` inside a comprehension binds x (in the comprehension only, but bound all the same). */
    private isCompTarget(n: SyntaxNode): boolean {
        for (let s = n.nextSibling; s; s = s.nextSibling) {
            if (s.name === "in") {
                for (let p = n.prevSibling; p; p = p.prevSibling) if (p.name === "for") return true;
                return false;
            }
            if (s.name !== "," && s.name !== "VariableName" && s.name !== "TupleExpression") return false;
        }
        return false;
    }

    expr(n: SyntaxNode): Expr {
        const c = this.children(n);
        switch (n.name) {
            case "VariableName":
                return { k: "name", id: this.text(n) };
            case "Number":
                return this.numberOf(n);
            case "String":
                return this.stringOf(n);
            case "FormatString":
                return this.fstringOf(n);
            case "ContinuedString":
                return this.continuedOf(n, c);
            case "None":
                return { k: "const", value: null };
            case "Boolean":
                return { k: "const", value: this.text(n) === "True" };
            case "Ellipsis":
            case "...":
                return { k: "opaque", what: "Ellipsis", names: [] };
            case "ParenthesizedExpression": {
                const inner = c[1];
                if (inner.name === "YieldExpression") return this.yieldOf(this.children(inner), inner);
                if (inner.name === "*") return this.fail(n, "cannot use a starred expression here");
                return this.expr(inner);
            }
            case "TupleExpression":
            case "ArrayExpression":
                return this.sequenceOf(n, c);
            case "DictionaryExpression":
                return this.dictOf(n, c);
            case "SetExpression":
                return { k: "call", fn: { k: "name", id: "set" }, args: [this.sequenceOf(n, c)], kwargs: [], starred: false };
            case "ComprehensionExpression":
            case "ArrayComprehensionExpression":
            case "DictionaryComprehensionExpression":
            case "SetComprehensionExpression":
                return this.opaque(n, "a comprehension");
            case "LambdaExpression":
                return this.opaque(n, "a lambda");
            case "AwaitExpression":
                if (this.asyncDepth === 0) this.fail(n, "'await' outside async function");
                return this.opaque(n, "await");
            case "YieldExpression":
                return this.fail(n, "yield must be parenthesised here");
            case "NamedExpression": {
                if (c[0].name !== "VariableName") this.fail(n, "cannot use assignment expressions with this target");
                const target = this.text(c[0]);
                this.bound.add(target);
                return { k: "named", target, value: this.expr(c[2]) };
            }
            case "MemberExpression":
                return this.memberOf(n, c);
            case "CallExpression":
                return this.callOf(n, c);
            case "UnaryExpression":
                if (c[0].name === "not") return { k: "not", operand: this.expr(c[1]) };
                return { k: "binop", op: this.text(c[0]), left: { k: "const", value: 0 }, right: this.expr(c[1]) };
            case "BinaryExpression":
                return this.binaryOf(n, c);
            case "ConditionalExpression":
                // body if test else orelse
                return { k: "ifexp", body: this.expr(c[0]), test: this.expr(c[2]), orelse: this.expr(c[4]) };
            default:
                if (KEYWORD_NODES.has(n.name)) return this.fail(n, `unexpected keyword '${this.text(n)}'`);
                return this.fail(n, `unexpected ${n.name}`);
        }
    }

    binaryOf(n: SyntaxNode, c: SyntaxNode[]): Expr {
        const left = this.expr(c[0]);
        const right = this.expr(c[c.length - 1]);
        const op = c
            .slice(1, -1)
            .map((x) => this.text(x))
            .join(" ");
        if (op === "or" || op === "and") {
            const values = left.k === "boolop" && left.op === op ? [...left.values, right] : [left, right];
            return { k: "boolop", op, values };
        }
        return { k: "binop", op, left, right };
    }

    sequenceOf(n: SyntaxNode, c: SyntaxNode[]): Expr {
        const items: Expr[] = [];
        const inner = c.slice(1, -1);
        for (let i = 0; i < inner.length; i++) {
            const x = inner[i];
            if (x.name === ",") continue;
            if (x.name === "*") items.push({ k: "starred", value: this.expr(inner[++i]) });
            else items.push(this.expr(x));
        }
        return { k: "list", items };
    }

    dictOf(n: SyntaxNode, c: SyntaxNode[]): Expr {
        const entries: { key: Expr | null; value: Expr }[] = [];
        const inner = c.slice(1, -1);
        for (let i = 0; i < inner.length; i++) {
            const x = inner[i];
            if (x.name === ",") continue;
            if (x.name === "**") {
                entries.push({ key: null, value: this.expr(inner[++i]) });
                continue;
            }
            if (inner[i + 1]?.name !== ":") return this.fail(x, "expected ':' in a dict");
            entries.push({ key: this.expr(x), value: this.expr(inner[i + 2]) });
            i += 2;
        }
        return { k: "dict", entries };
    }

    memberOf(n: SyntaxNode, c: SyntaxNode[]): Expr {
        const obj = this.expr(c[0]);
        if (c[1].name === ".") {
            const prop = c[2];
            if (!prop || prop.name !== "PropertyName") return this.fail(n, "expected an attribute name");
            const name = this.text(prop);
            if (KEYWORD_NODES.has(name) && !["print", "match", "case", "type"].includes(name)) this.fail(prop, `'${name}' is a keyword`);
            return { k: "attr", obj, name };
        }
        // obj [ index ]: a single plain index is modelled; slices and tuples are not.
        const inner = c.slice(2, -1);
        if (inner.length === 1 && inner[0].name !== ":") return { k: "subscript", obj, index: this.expr(inner[0]) };
        const names: string[] = [];
        for (const x of inner) this.collectNames(x, names);
        this.collectNames(c[0], names);
        return { k: "subscript", obj, index: { k: "opaque", what: "a slice", names } };
    }

    callOf(n: SyntaxNode, c: SyntaxNode[]): Expr {
        const fn = this.expr(c[0]);
        const argList = c[1];
        const a = this.children(argList).slice(1, -1);
        const args: Expr[] = [];
        const kwargs: { name: string; value: Expr }[] = [];
        let starred = false;
        const seen = new Set<string>();
        // Split on top-level commas: each argument is one of `test [compFor]`, `name = test`, `*test`, `**test`.
        const groups: SyntaxNode[][] = [[]];
        for (const x of a) {
            if (x.name === ",") groups.push([]);
            else groups[groups.length - 1].push(x);
        }
        if (groups[groups.length - 1].length === 0) groups.pop();
        for (const g of groups) {
            if (g.length === 0) return this.fail(argList, "empty argument");
            if (g[0].name === "*" || g[0].name === "**") {
                starred = true;
                args.push({ k: "starred", value: this.expr(g[1]) });
            } else if (g.length >= 3 && g[0].name === "VariableName" && g[1].name === "AssignOp") {
                const value = this.expr(g[2]);
                if (this.text(g[1]) === ":=") {
                    const target = this.text(g[0]);
                    this.bound.add(target);
                    args.push({ k: "named", target, value });
                } else {
                    const kw = this.text(g[0]);
                    if (seen.has(kw)) this.fail(g[0], `keyword argument repeated: ${kw}`);
                    seen.add(kw);
                    kwargs.push({ name: kw, value });
                }
                if (g.length > 3) return { k: "opaque", what: "a generator argument", names: this.namesOf(g) };
            } else if (g.length === 1) {
                if (kwargs.length > 0 && !starred) this.fail(g[0], "positional argument follows keyword argument");
                args.push(this.expr(g[0]));
            } else {
                // `f(x for x in y)`: a generator expression.
                if (groups.length > 1) this.fail(argList, "generator expression must be parenthesised");
                return { k: "opaque", what: "a generator argument", names: this.namesOf([c[0], ...g]) };
            }
        }
        return { k: "call", fn, args, kwargs, starred };
    }

    namesOf(nodes: SyntaxNode[]): string[] {
        const names: string[] = [];
        for (const x of nodes) this.collectNames(x, names);
        return names;
    }

    numberOf(n: SyntaxNode): Expr {
        const text = this.text(n).replace(/_/g, "");
        if (/[jJ]$/.test(text)) return { k: "opaque", what: "a complex number", names: [] };
        if (/^0\d*[1-9]\d*$/.test(text)) this.fail(n, "leading zeros in decimal integer literals are not permitted");
        let value: number;
        if (/^0[xX]/.test(text)) value = parseInt(text.slice(2), 16);
        else if (/^0[oO]/.test(text)) value = parseInt(text.slice(2), 8);
        else if (/^0[bB]/.test(text)) value = parseInt(text.slice(2), 2);
        else value = Number(text);
        if (!Number.isFinite(value)) return { k: "opaque", what: "a number", names: [] };
        return { k: "const", value };
    }

    /** Splits `rb'''…'''` into prefix, quote and body. */
    stringParts(n: SyntaxNode): { prefix: string; body: string } {
        const text = this.text(n);
        const prefix = /^[A-Za-z]*/.exec(text)![0].toLowerCase();
        const rest = text.slice(prefix.length);
        const q = rest.startsWith('"""') || rest.startsWith("'''") ? rest.slice(0, 3) : rest.charAt(0);
        if (!rest.endsWith(q) || rest.length < 2 * q.length) this.fail(n, "unterminated string literal");
        if (!/^(|r|u|b|br|rb|f|fr|rf)$/.test(prefix)) this.fail(n, `invalid string prefix '${prefix}'`);
        return { prefix, body: rest.slice(q.length, rest.length - q.length) };
    }

    stringOf(n: SyntaxNode): Expr {
        const { prefix, body } = this.stringParts(n);
        if (prefix.includes("b")) return { k: "opaque", what: "a bytes literal", names: [] };
        if (prefix.includes("r")) return { k: "const", value: body };
        const decoded = decodeEscapes(body);
        if (decoded === undefined) return { k: "opaque", what: "a string with a \\N{…} escape", names: [] };
        return { k: "const", value: decoded };
    }

    fstringOf(n: SyntaxNode): Expr {
        this.stringParts(n);
        const parts: Expr[] = [];
        for (const c of this.children(n)) {
            if (c.name === "FormatReplacement") parts.push(this.opaque(c, "an f-string field"));
        }
        return { k: "fstring", parts };
    }

    continuedOf(n: SyntaxNode, c: SyntaxNode[]): Expr {
        const parts = c.map((x) => (x.name === "FormatString" ? this.fstringOf(x) : this.stringOf(x)));
        const bytes = c.map((x) => x.name === "String" && this.stringParts(x).prefix.includes("b"));
        if (bytes.some((b) => b) && !bytes.every((b) => b)) this.fail(n, "cannot mix bytes and nonbytes literals");
        if (parts.some((p) => p.k === "fstring"))
            return { k: "fstring", parts: parts.filter((p) => p.k === "fstring").flatMap((p) => (p as { parts: Expr[] }).parts) };
        if (parts.every((p) => p.k === "const")) return { k: "const", value: parts.map((p) => (p as { value: string }).value).join("") };
        return { k: "opaque", what: "a string the analysis cannot decode", names: [] };
    }
}

const SIMPLE_ESCAPES: Record<string, string> = {
    "\\": "\\",
    "'": "'",
    '"': '"',
    a: "\x07",
    b: "\b",
    f: "\f",
    n: "\n",
    r: "\r",
    t: "\t",
    v: "\v",
    "\n": "",
};

/** Python's escape decoding for a non-raw str literal; `undefined` for `\N{…}` (named characters are not modelled). */
export function decodeEscapes(body: string): string | undefined {
    if (!body.includes("\\")) return body;
    let out = "";
    for (let i = 0; i < body.length; i++) {
        const ch = body[i];
        if (ch !== "\\") {
            out += ch;
            continue;
        }
        const e = body[i + 1];
        if (e === undefined) return undefined;
        if (e in SIMPLE_ESCAPES) {
            out += SIMPLE_ESCAPES[e];
            i++;
        } else if (e === "\r") {
            i += body[i + 2] === "\n" ? 2 : 1;
        } else if (/[0-7]/.test(e)) {
            const m = /^[0-7]{1,3}/.exec(body.slice(i + 1))![0];
            out += String.fromCodePoint(parseInt(m, 8));
            i += m.length;
        } else if (e === "x" || e === "u" || e === "U") {
            const len = e === "x" ? 2 : e === "u" ? 4 : 8;
            const hex = body.slice(i + 2, i + 2 + len);
            if (!new RegExp(`^[0-9a-fA-F]{${len}}$`).test(hex)) return undefined; // CPython: SyntaxError
            const cp = parseInt(hex, 16);
            if (cp > 0x10ffff) return undefined;
            out += String.fromCodePoint(cp);
            i += 1 + len;
        } else if (e === "N") {
            return undefined;
        } else {
            // An unknown escape keeps its backslash (CPython warns but runs it).
            out += "\\";
        }
    }
    return out;
}

/**
 * Parses a mapping body (the text authentik indents into `def handler(...)`). Throws {@link PythonSyntaxError}
 * for anything CPython would refuse, or that is nested too deeply to analyse.
 */
export function parsePython(source: string): Module {
    if (source.length > MAX_SOURCE_LENGTH) {
        throw new PythonSyntaxError(
            `the expression has ${source.length} characters, more than the ${MAX_SOURCE_LENGTH} the analysis reads`,
            0,
        );
    }
    checkLayout(source);
    // No wall-clock limit: a verdict must not depend on the machine's speed. The length and nesting limits bound
    // the parse (16 KB parse in ~15 ms once warm).
    const tree = parser.parse(source);
    let depth = 0;
    let error: number | undefined;
    tree.iterate({
        enter: (node) => {
            if (error !== undefined) return false;
            if (node.type.isError) {
                error = node.from;
                return false;
            }
            if (++depth > MAX_TREE_DEPTH) {
                error = -node.from - 1;
                return false;
            }
            return undefined;
        },
        leave: () => {
            depth--;
        },
    });
    const adapter = new Adapter(source);
    if (error !== undefined) {
        if (error < 0) adapter.fail(-error - 1, "nested too deeply to analyse");
        adapter.fail(error, "invalid syntax");
    }
    const top = tree.topNode;
    const body = adapter.block(adapter.children(top));
    return { body, bound: adapter.bound };
}

/**
 * Cheap checks before parsing: bracket nesting (deep nesting is slow to parse and CPython refuses it anyway) and
 * indentation mixing tabs and spaces (CPython's TabError; lezer does not check it). Both err on the side of refusing.
 */
function checkLayout(source: string): void {
    let depth = 0;
    let line = 1;
    let indentChars = "";
    let atLineStart = true;
    for (let i = 0; i < source.length; i++) {
        const ch = source[i];
        if (ch === "\n") {
            line++;
            atLineStart = true;
            continue;
        }
        if (atLineStart) {
            if (ch === " " || ch === "\t") {
                if (!indentChars.includes(ch)) indentChars += ch;
                if (indentChars.length > 1) throw new PythonSyntaxError("inconsistent use of tabs and spaces in indentation", line);
                continue;
            }
            atLineStart = false;
        }
        if (ch === "(" || ch === "[" || ch === "{") {
            if (++depth > MAX_BRACKET_DEPTH) throw new PythonSyntaxError(`more than ${MAX_BRACKET_DEPTH} nested brackets`, line);
        } else if (ch === ")" || ch === "]" || ch === "}") {
            depth = Math.max(0, depth - 1);
        }
    }
}

// The first parses of a process run cold (lezer's tables and the JIT warm up: ~100 ms for a small mapping); do that
// once when the pack loads, so that no mapping's analysis pays it and hits the budget.
parser.parse(
    'def f(a, b=1):\n    if a and not b or c:\n        return {"k": [a.b(c)[0], f"{d}"], **e}\n    x = y if z else w\n    return x\n',
);
