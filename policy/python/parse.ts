/**
 * A recursive-descent parser for the Python subset of authentik mapping expressions (see tokenize.ts).
 *
 * It keeps what the identity analysis needs (names, attribute access, calls, literals, dicts, control flow,
 * helper functions) and turns everything it does not model (comprehensions, lambdas, star-arguments) into an
 * `opaque` node: the analysis then says "unknown" instead of guessing.
 */
import { PythonSyntaxError, Token, tokenize } from "./tokenize";

export type Expr =
    | { k: "name"; id: string }
    | { k: "const"; value: string | number | boolean | null }
    | { k: "fstring" }
    | { k: "attr"; obj: Expr; name: string }
    | { k: "call"; fn: Expr; args: Expr[]; kwargs: { name: string; value: Expr }[] }
    | { k: "subscript"; obj: Expr; index: Expr }
    | { k: "dict"; entries: { key: Expr | null; value: Expr }[] }
    | { k: "list"; items: Expr[] }
    | { k: "boolop"; op: "or" | "and"; values: Expr[] }
    | { k: "not"; operand: Expr }
    | { k: "ifexp"; test: Expr; body: Expr; orelse: Expr }
    | { k: "binop"; op: string; left: Expr; right: Expr }
    | { k: "yield"; value?: Expr }
    | { k: "opaque"; what: string };

export type Stmt =
    | { k: "return"; value?: Expr; line: number }
    | { k: "assign"; targets: Expr[]; value: Expr }
    | { k: "augassign"; target: Expr }
    | { k: "expr"; value: Expr }
    | { k: "if"; test: Expr; body: Stmt[]; orelse: Stmt[] }
    | { k: "loop"; target?: Expr; body: Stmt[]; orelse: Stmt[] }
    | { k: "try"; body: Stmt[]; handlers: Stmt[][]; orelse: Stmt[]; finalbody: Stmt[] }
    | { k: "with"; body: Stmt[] }
    | { k: "def"; name: string; params: { name: string; default?: Expr }[]; body: Stmt[] }
    | { k: "raise" }
    | { k: "import"; names: string[] }
    | { k: "simple" }; // pass, break, continue, global, nonlocal, del, assert

export { PythonSyntaxError };

const COMPARE_OPS = new Set(["<", ">", "==", ">=", "<=", "!="]);
const BINARY_PRECEDENCE: Record<string, number> = {
    "|": 1, "^": 2, "&": 3, "<<": 4, ">>": 4, "+": 5, "-": 5, "*": 6, "/": 6, "//": 6, "%": 6, "@": 6,
};
const AUG_ASSIGN = new Set(["+=", "-=", "*=", "/=", "//=", "%=", "**=", ">>=", "<<=", "&=", "|=", "^=", "@="]);

class Parser {
    private pos = 0;
    constructor(private readonly tokens: Token[]) {}

    private get tok(): Token {
        return this.tokens[this.pos];
    }
    private peek(offset = 1): Token {
        return this.tokens[Math.min(this.pos + offset, this.tokens.length - 1)];
    }
    private is(kind: Token["kind"], text?: string): boolean {
        return this.tok.kind === kind && (text === undefined || this.tok.text === text);
    }
    private isOp(text: string): boolean {
        return this.is("op", text);
    }
    private isKeyword(text: string): boolean {
        return this.is("name", text);
    }
    private next(): Token {
        const t = this.tok;
        if (t.kind !== "eof") this.pos++;
        return t;
    }
    private expectOp(text: string): void {
        if (!this.isOp(text)) this.fail(`expected '${text}'`);
        this.next();
    }
    private fail(message: string): never {
        const t = this.tok;
        throw new PythonSyntaxError(`${message}, found ${t.kind} ${JSON.stringify(t.text)}`, t.line);
    }

    parseModule(): Stmt[] {
        const body: Stmt[] = [];
        while (!this.is("eof")) {
            if (this.is("newline")) {
                this.next();
                continue;
            }
            body.push(...this.statement());
        }
        return body;
    }

    private block(): Stmt[] {
        this.expectOp(":");
        if (!this.is("newline")) return this.simpleStatements();
        this.next();
        if (!this.is("indent")) this.fail("expected an indented block");
        this.next();
        const body: Stmt[] = [];
        while (!this.is("dedent") && !this.is("eof")) {
            if (this.is("newline")) {
                this.next();
                continue;
            }
            body.push(...this.statement());
        }
        if (this.is("dedent")) this.next();
        return body;
    }

    private statement(): Stmt[] {
        const t = this.tok;
        if (t.kind === "op" && t.text === "@") {
            // Decorators: skip the decorator line; the decorated def follows.
            while (!this.is("newline") && !this.is("eof")) this.next();
            this.next();
            return [];
        }
        if (t.kind === "name") {
            switch (t.text) {
                case "if":
                    return [this.ifStatement()];
                case "for":
                case "while": {
                    this.next();
                    let target: Expr | undefined;
                    if (t.text === "for") {
                        target = this.targetList();
                        if (!this.isKeyword("in")) this.fail("expected 'in'");
                        this.next();
                        this.testList();
                    } else {
                        this.test();
                    }
                    const body = this.block();
                    const orelse = this.elseBlock();
                    return [{ k: "loop", target, body, orelse }];
                }
                case "try":
                    return [this.tryStatement()];
                case "with": {
                    this.next();
                    while (!this.isOp(":")) {
                        if (this.is("eof") || this.is("newline")) this.fail("expected ':'");
                        this.next();
                    }
                    return [{ k: "with", body: this.block() }];
                }
                case "def":
                    return [this.defStatement()];
                case "class": {
                    this.next();
                    while (!this.isOp(":")) this.next();
                    this.block();
                    return [{ k: "simple" }];
                }
                case "async":
                    this.next();
                    return this.statement();
            }
        }
        return this.simpleStatements();
    }

    private elseBlock(): Stmt[] {
        if (this.isKeyword("else") && this.peek().kind === "op" && this.peek().text === ":") {
            this.next();
            return this.block();
        }
        return [];
    }

    private ifStatement(): Stmt {
        this.next(); // if / elif
        const test = this.namedTest();
        const body = this.block();
        let orelse: Stmt[] = [];
        if (this.isKeyword("elif")) {
            orelse = [this.ifStatement()];
        } else {
            orelse = this.elseBlock();
        }
        return { k: "if", test, body, orelse };
    }

    private tryStatement(): Stmt {
        this.next();
        const body = this.block();
        const handlers: Stmt[][] = [];
        let orelse: Stmt[] = [];
        let finalbody: Stmt[] = [];
        while (this.isKeyword("except")) {
            this.next();
            while (!this.isOp(":")) {
                if (this.is("eof") || this.is("newline")) this.fail("expected ':'");
                this.next();
            }
            handlers.push(this.block());
        }
        orelse = this.elseBlock();
        if (this.isKeyword("finally")) {
            this.next();
            finalbody = this.block();
        }
        return { k: "try", body, handlers, orelse, finalbody };
    }

    private defStatement(): Stmt {
        this.next();
        if (!this.is("name")) this.fail("expected a function name");
        const name = this.next().text;
        this.expectOp("(");
        const params: { name: string; default?: Expr }[] = [];
        while (!this.isOp(")")) {
            if (this.isOp("*") || this.isOp("**") || this.isOp("/")) {
                this.next();
                if (this.is("name")) params.push({ name: this.next().text });
            } else {
                if (!this.is("name")) this.fail("expected a parameter name");
                const p: { name: string; default?: Expr } = { name: this.next().text };
                if (this.isOp(":")) {
                    this.next();
                    this.test();
                }
                if (this.isOp("=")) {
                    this.next();
                    p.default = this.test();
                }
                params.push(p);
            }
            if (!this.isOp(",")) break;
            this.next();
        }
        this.expectOp(")");
        if (this.isOp("->")) {
            this.next();
            this.test();
        }
        return { k: "def", name, params, body: this.block() };
    }

    private simpleStatements(): Stmt[] {
        const out: Stmt[] = [this.smallStatement()];
        while (this.isOp(";")) {
            this.next();
            if (this.is("newline") || this.is("eof")) break;
            out.push(this.smallStatement());
        }
        if (this.is("newline")) this.next();
        else if (!this.is("eof") && !this.is("dedent")) this.fail("expected end of statement");
        return out;
    }

    private smallStatement(): Stmt {
        const t = this.tok;
        if (t.kind === "name") {
            switch (t.text) {
                case "return": {
                    this.next();
                    if (this.is("newline") || this.isOp(";") || this.is("eof") || this.is("dedent")) return { k: "return", line: t.line };
                    return { k: "return", value: this.testList(), line: t.line };
                }
                case "raise":
                    this.skipToStatementEnd();
                    return { k: "raise" };
                case "pass":
                case "break":
                case "continue":
                case "global":
                case "nonlocal":
                case "del":
                case "assert":
                    this.skipToStatementEnd();
                    return { k: "simple" };
                case "import": {
                    this.next();
                    const names: string[] = [];
                    while (!this.is("newline") && !this.isOp(";") && !this.is("eof")) {
                        const dotted = this.dottedName();
                        if (this.isKeyword("as")) {
                            this.next();
                            names.push(this.next().text);
                        } else {
                            names.push(dotted.split(".")[0]);
                        }
                        if (this.isOp(",")) this.next();
                    }
                    return { k: "import", names };
                }
                case "from": {
                    this.next();
                    while (!this.isKeyword("import")) {
                        if (this.is("newline") || this.is("eof")) this.fail("expected 'import'");
                        this.next();
                    }
                    this.next();
                    const names: string[] = [];
                    const paren = this.isOp("(");
                    if (paren) this.next();
                    while (this.is("name") || this.isOp("*")) {
                        let n = this.next().text;
                        if (this.isKeyword("as")) {
                            this.next();
                            n = this.next().text;
                        }
                        names.push(n);
                        if (this.isOp(",")) this.next();
                    }
                    if (paren) this.expectOp(")");
                    return { k: "import", names };
                }
            }
        }

        const first = this.testList(true);
        if (this.isOp("=")) {
            const targets: Expr[] = [first];
            let value: Expr = first;
            while (this.isOp("=")) {
                this.next();
                value = this.testList(true);
                targets.push(value);
            }
            targets.pop();
            return { k: "assign", targets, value };
        }
        if (this.isOp(":")) {
            // Annotated assignment: `x: str = value` or a bare annotation.
            this.next();
            this.test();
            if (this.isOp("=")) {
                this.next();
                return { k: "assign", targets: [first], value: this.testList(true) };
            }
            return { k: "simple" };
        }
        if (this.is("op") && AUG_ASSIGN.has(this.tok.text)) {
            this.next();
            this.testList(true);
            return { k: "augassign", target: first };
        }
        return { k: "expr", value: first };
    }

    private skipToStatementEnd(): void {
        this.next();
        let depth = 0;
        while (!this.is("eof")) {
            if (depth === 0 && (this.is("newline") || this.isOp(";") || this.is("dedent"))) return;
            if (this.isOp("(") || this.isOp("[") || this.isOp("{")) depth++;
            if (this.isOp(")") || this.isOp("]") || this.isOp("}")) depth--;
            this.next();
        }
    }

    private dottedName(): string {
        let n = this.next().text;
        while (this.isOp(".")) {
            this.next();
            n += "." + this.next().text;
        }
        return n;
    }

    /** Assignment targets of a `for`: names, tuples, attribute or subscript targets. */
    private targetList(): Expr {
        const items: Expr[] = [this.orExpr()];
        while (this.isOp(",")) {
            this.next();
            if (this.isKeyword("in")) break;
            items.push(this.orExpr());
        }
        return items.length === 1 ? items[0] : { k: "list", items };
    }

    /** `a, b, c` → a tuple (as a list node); a single expression stays itself. */
    private testList(allowYield = false): Expr {
        if (allowYield && this.isKeyword("yield")) return this.yieldExpr();
        const first = this.isOp("*") ? this.starred() : this.namedTest();
        if (!this.isOp(",")) return first;
        const items = [first];
        while (this.isOp(",")) {
            this.next();
            if (this.endsTestList()) break;
            items.push(this.isOp("*") ? this.starred() : this.namedTest());
        }
        return { k: "list", items };
    }

    private endsTestList(): boolean {
        return this.is("newline") || this.is("eof") || this.isOp("=") || this.isOp(")") || this.isOp(";") || this.isOp(":") ||
            (this.is("op") && AUG_ASSIGN.has(this.tok.text));
    }

    private yieldExpr(): Expr {
        this.next();
        if (this.isKeyword("from")) {
            this.next();
            this.test();
            return { k: "yield" };
        }
        if (this.is("newline") || this.isOp(")") || this.is("eof")) return { k: "yield" };
        return { k: "yield", value: this.testList() };
    }

    private starred(): Expr {
        this.next();
        this.orExpr();
        return { k: "opaque", what: "starred expression" };
    }

    private namedTest(): Expr {
        const e = this.test();
        if (this.isOp(":=")) {
            this.next();
            this.test();
            return { k: "opaque", what: "assignment expression" };
        }
        return e;
    }

    private test(): Expr {
        if (this.isKeyword("lambda")) {
            this.next();
            while (!this.isOp(":")) this.next();
            this.next();
            this.test();
            return { k: "opaque", what: "lambda" };
        }
        const body = this.orTest();
        if (this.isKeyword("if")) {
            this.next();
            const test = this.orTest();
            if (!this.isKeyword("else")) this.fail("expected 'else'");
            this.next();
            const orelse = this.test();
            return { k: "ifexp", test, body, orelse };
        }
        return body;
    }

    private orTest(): Expr {
        const values = [this.andTest()];
        while (this.isKeyword("or")) {
            this.next();
            values.push(this.andTest());
        }
        return values.length === 1 ? values[0] : { k: "boolop", op: "or", values };
    }

    private andTest(): Expr {
        const values = [this.notTest()];
        while (this.isKeyword("and")) {
            this.next();
            values.push(this.notTest());
        }
        return values.length === 1 ? values[0] : { k: "boolop", op: "and", values };
    }

    private notTest(): Expr {
        if (this.isKeyword("not")) {
            this.next();
            return { k: "not", operand: this.notTest() };
        }
        return this.comparison();
    }

    private comparison(): Expr {
        let left = this.orExpr();
        while (true) {
            let op: string | undefined;
            if (this.is("op") && COMPARE_OPS.has(this.tok.text)) op = this.next().text;
            else if (this.isKeyword("in")) op = this.next().text;
            else if (this.isKeyword("not") && this.peek().kind === "name" && this.peek().text === "in") {
                this.next();
                this.next();
                op = "not in";
            } else if (this.isKeyword("is")) {
                this.next();
                op = "is";
                if (this.isKeyword("not")) {
                    this.next();
                    op = "is not";
                }
            }
            if (op === undefined) return left;
            left = { k: "binop", op, left, right: this.orExpr() };
        }
    }

    /** Binary arithmetic and bitwise operators by precedence climbing. */
    private orExpr(minPrec = 1): Expr {
        let left = this.unary();
        while (this.is("op") && BINARY_PRECEDENCE[this.tok.text] !== undefined && BINARY_PRECEDENCE[this.tok.text] >= minPrec) {
            const op = this.next().text;
            const right = this.orExpr(BINARY_PRECEDENCE[op] + 1);
            left = { k: "binop", op, left, right };
        }
        return left;
    }

    private unary(): Expr {
        if (this.isOp("-") || this.isOp("+") || this.isOp("~")) {
            const op = this.next().text;
            const operand = this.unary();
            return { k: "binop", op: `unary${op}`, left: operand, right: operand };
        }
        if (this.isKeyword("await")) {
            this.next();
            return this.unary();
        }
        const base = this.power();
        return base;
    }

    private power(): Expr {
        let e = this.atomWithTrailers();
        if (this.isOp("**")) {
            this.next();
            e = { k: "binop", op: "**", left: e, right: this.unary() };
        }
        return e;
    }

    private atomWithTrailers(): Expr {
        let e = this.atom();
        while (true) {
            if (this.isOp(".")) {
                this.next();
                if (!this.is("name")) this.fail("expected an attribute name");
                e = { k: "attr", obj: e, name: this.next().text };
            } else if (this.isOp("(")) {
                e = this.callTrailer(e);
            } else if (this.isOp("[")) {
                this.next();
                const index = this.subscriptList();
                this.expectOp("]");
                e = { k: "subscript", obj: e, index };
            } else {
                return e;
            }
        }
    }

    private subscriptList(): Expr {
        // Slices (`a[1:]`, `a[::2]`) are opaque; plain indexes are kept.
        let sliced = false;
        let index: Expr = { k: "opaque", what: "slice" };
        const part = () => {
            if (!this.isOp(":") && !this.isOp("]") && !this.isOp(",")) index = this.test();
            while (this.isOp(":")) {
                sliced = true;
                this.next();
                if (!this.isOp(":") && !this.isOp("]") && !this.isOp(",")) this.test();
            }
        };
        part();
        while (this.isOp(",")) {
            sliced = true;
            this.next();
            if (this.isOp("]")) break;
            part();
        }
        return sliced ? { k: "opaque", what: "slice" } : index;
    }

    private callTrailer(fn: Expr): Expr {
        this.expectOp("(");
        const args: Expr[] = [];
        const kwargs: { name: string; value: Expr }[] = [];
        let opaque = false;
        while (!this.isOp(")")) {
            if (this.isOp("*") || this.isOp("**")) {
                this.next();
                this.test();
                opaque = true;
            } else if (this.is("name") && this.peek().kind === "op" && this.peek().text === "=") {
                const name = this.next().text;
                this.next();
                kwargs.push({ name, value: this.test() });
            } else {
                const arg = this.namedTest();
                if (this.isKeyword("for") || this.isKeyword("async")) {
                    this.skipComprehension(")");
                    args.push({ k: "opaque", what: "generator expression" });
                    break;
                }
                args.push(arg);
            }
            if (!this.isOp(",")) break;
            this.next();
        }
        this.expectOp(")");
        if (opaque) return { k: "opaque", what: "call with * or ** arguments" };
        return { k: "call", fn, args, kwargs };
    }

    /** Skips `for ... in ... [if ...]` up to the bracket that closes the comprehension (left in place). */
    private skipComprehension(close: string): void {
        let depth = 0;
        while (!this.is("eof")) {
            if (depth === 0 && this.isOp(close)) return;
            if (this.isOp("(") || this.isOp("[") || this.isOp("{")) depth++;
            if (this.isOp(")") || this.isOp("]") || this.isOp("}")) depth--;
            this.next();
        }
        this.fail(`expected '${close}'`);
    }

    private atom(): Expr {
        const t = this.tok;
        if (t.kind === "name") {
            this.next();
            if (t.text === "None") return { k: "const", value: null };
            if (t.text === "True") return { k: "const", value: true };
            if (t.text === "False") return { k: "const", value: false };
            return { k: "name", id: t.text };
        }
        if (t.kind === "number") {
            this.next();
            const n = Number(t.text.replace(/_/g, ""));
            return Number.isFinite(n) ? { k: "const", value: n } : { k: "opaque", what: "number" };
        }
        if (t.kind === "string") {
            // Adjacent literals concatenate; one f-string makes the whole value run-time computed.
            let value = "";
            let formatted = false;
            while (this.is("string")) {
                const s = this.next();
                value += s.text;
                formatted = formatted || !!s.formatted;
            }
            return formatted ? { k: "fstring" } : { k: "const", value };
        }
        if (t.kind === "op") {
            switch (t.text) {
                case "(": {
                    this.next();
                    if (this.isOp(")")) {
                        this.next();
                        return { k: "list", items: [] };
                    }
                    if (this.isKeyword("yield")) {
                        const y = this.yieldExpr();
                        this.expectOp(")");
                        return y;
                    }
                    const first = this.isOp("*") ? this.starred() : this.namedTest();
                    if (this.isKeyword("for") || this.isKeyword("async")) {
                        this.skipComprehension(")");
                        this.expectOp(")");
                        return { k: "opaque", what: "generator expression" };
                    }
                    if (this.isOp(")")) {
                        this.next();
                        return first;
                    }
                    const items = [first];
                    while (this.isOp(",")) {
                        this.next();
                        if (this.isOp(")")) break;
                        items.push(this.isOp("*") ? this.starred() : this.namedTest());
                    }
                    this.expectOp(")");
                    return { k: "list", items };
                }
                case "[": {
                    this.next();
                    const items: Expr[] = [];
                    while (!this.isOp("]")) {
                        items.push(this.isOp("*") ? this.starred() : this.namedTest());
                        if (this.isKeyword("for") || this.isKeyword("async")) {
                            this.skipComprehension("]");
                            this.expectOp("]");
                            return { k: "opaque", what: "list comprehension" };
                        }
                        if (!this.isOp(",")) break;
                        this.next();
                    }
                    this.expectOp("]");
                    return { k: "list", items };
                }
                case "{":
                    return this.dictOrSet();
                case "...":
                    this.next();
                    return { k: "const", value: null };
            }
        }
        return this.fail("unexpected token");
    }

    private dictOrSet(): Expr {
        this.expectOp("{");
        const entries: { key: Expr | null; value: Expr }[] = [];
        const items: Expr[] = [];
        let isDict: boolean | undefined;
        while (!this.isOp("}")) {
            if (this.isOp("**")) {
                this.next();
                entries.push({ key: null, value: this.orExpr() });
                isDict = true;
            } else if (this.isOp("*")) {
                items.push(this.starred());
                isDict = false;
            } else {
                const key = this.test();
                if (this.isOp(":")) {
                    this.next();
                    const value = this.test();
                    entries.push({ key, value });
                    isDict = true;
                } else {
                    items.push(key);
                    isDict = false;
                }
                if (this.isKeyword("for") || this.isKeyword("async")) {
                    this.skipComprehension("}");
                    this.expectOp("}");
                    return { k: "opaque", what: isDict ? "dict comprehension" : "set comprehension" };
                }
            }
            if (!this.isOp(",")) break;
            this.next();
        }
        this.expectOp("}");
        if (isDict === false) return { k: "list", items };
        return { k: "dict", entries };
    }
}

/** Parses a mapping expression (a function body). Throws {@link PythonSyntaxError}. */
export function parsePython(source: string): Stmt[] {
    return new Parser(tokenize(source)).parseModule();
}
