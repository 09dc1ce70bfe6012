/**
 * A tokenizer for the subset of Python 3 that authentik property-mapping expressions are written in.
 *
 * authentik indents the mapping text into `def handler(...)` and execs it (authentik.md S1), so a mapping is a
 * function body: statements, nested blocks, helper `def`s, comments, every string prefix. The tokenizer keeps
 * Python's layout rules (INDENT/DEDENT, no NEWLINE inside brackets, `\` continuations) so that the parser can
 * follow control flow; it does not need to be a complete Python lexer, only to never mis-read what it accepts.
 */

export type TokenKind = "name" | "number" | "string" | "op" | "newline" | "indent" | "dedent" | "eof";

export interface Token {
    kind: TokenKind;
    /** Identifier, operator text, or the decoded value of a string literal. */
    text: string;
    /** For strings: an f-string (its value is computed at run time, so the text is not the value). */
    formatted?: boolean;
    line: number;
}

export class PythonSyntaxError extends Error {
    constructor(message: string, readonly line: number) {
        super(`line ${line}: ${message}`);
        this.name = "PythonSyntaxError";
    }
}

// Longest first, so `**=` wins over `**` and `*`.
const OPERATORS = [
    "**=", "//=", ">>=", "<<=", "...", "->", ":=",
    "**", "//", "<<", ">>", "<=", ">=", "==", "!=", "+=", "-=", "*=", "/=", "%=", "&=", "|=", "^=", "@=",
    "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")", "[", "]", "{", "}", ",", ":", ".", ";", "=",
];

const STRING_PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR])?(?='|")/;

const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", "'": "'", '"': '"', a: "\x07", b: "\b", f: "\f", v: "\v" };

function decodeEscapes(body: string): string {
    return body.replace(/\\(.)/gs, (whole, ch: string) => (ch in ESCAPES ? ESCAPES[ch] : ch === "\n" ? "" : whole));
}

export function tokenize(source: string): Token[] {
    const text = source.replace(/\r\n?/g, "\n");
    const tokens: Token[] = [];
    const indents: number[] = [0];
    let i = 0;
    let line = 1;
    let depth = 0; // bracket nesting: newlines inside brackets are not statement ends
    let atLineStart = true;

    const push = (kind: TokenKind, tokenText: string, extra: Partial<Token> = {}) => {
        tokens.push({ kind, text: tokenText, line, ...extra });
    };

    while (i < text.length) {
        if (atLineStart && depth === 0) {
            // Measure indentation; blank and comment-only lines do not count.
            let col = 0;
            let j = i;
            while (j < text.length && (text[j] === " " || text[j] === "\t")) {
                col += text[j] === "\t" ? 8 - (col % 8) : 1;
                j++;
            }
            if (j >= text.length || text[j] === "\n" || text[j] === "#") {
                while (j < text.length && text[j] !== "\n") j++;
                i = j + 1;
                line++;
                continue;
            }
            i = j;
            atLineStart = false;
            if (col > indents[indents.length - 1]) {
                indents.push(col);
                push("indent", "");
            } else {
                while (col < indents[indents.length - 1]) {
                    indents.pop();
                    push("dedent", "");
                }
                if (col !== indents[indents.length - 1]) throw new PythonSyntaxError("inconsistent dedent", line);
            }
        }

        const ch = text[i];
        if (ch === "\n") {
            if (depth === 0) {
                push("newline", "");
                atLineStart = true;
            }
            i++;
            line++;
            continue;
        }
        if (ch === " " || ch === "\t" || ch === "\f") {
            i++;
            continue;
        }
        if (ch === "#") {
            while (i < text.length && text[i] !== "\n") i++;
            continue;
        }
        if (ch === "\\" && text[i + 1] === "\n") {
            i += 2;
            line++;
            continue;
        }

        const prefix = STRING_PREFIX.exec(text.slice(i, i + 3));
        if (prefix) {
            const p = prefix[0].toLowerCase();
            let j = i + prefix[0].length;
            const quote = text.startsWith(text[j].repeat(3), j) ? text[j].repeat(3) : text[j];
            j += quote.length;
            const start = j;
            const startLine = line;
            while (true) {
                if (j >= text.length) throw new PythonSyntaxError("unterminated string", startLine);
                if (text[j] === "\\") {
                    if (text[j + 1] === "\n") line++;
                    j += 2;
                    continue;
                }
                if (text.startsWith(quote, j)) break;
                if (text[j] === "\n") {
                    if (quote.length === 1) throw new PythonSyntaxError("newline in string", startLine);
                    line++;
                }
                j++;
            }
            const body = text.slice(start, j);
            tokens.push({
                kind: "string",
                text: p.includes("r") ? body : decodeEscapes(body),
                formatted: p.includes("f") || undefined,
                line: startLine,
            });
            i = j + quote.length;
            continue;
        }

        const ident = /^[A-Za-z_\u00C0-\uFFFF][A-Za-z0-9_\u00C0-\uFFFF]*/.exec(text.slice(i, i + 256));
        if (ident) {
            push("name", ident[0]);
            i += ident[0].length;
            continue;
        }
        const num = /^(?:0[xXoObB][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?)[jJ]?/.exec(text.slice(i, i + 64));
        if (num && num[0] !== ".") {
            push("number", num[0]);
            i += num[0].length;
            continue;
        }
        const op = OPERATORS.find((o) => text.startsWith(o, i));
        if (op) {
            if (op === "(" || op === "[" || op === "{") depth++;
            if (op === ")" || op === "]" || op === "}") depth = Math.max(0, depth - 1);
            push("op", op);
            i += op.length;
            continue;
        }
        throw new PythonSyntaxError(`unexpected character ${JSON.stringify(ch)}`, line);
    }
    if (!atLineStart) push("newline", "");
    while (indents.length > 1) {
        indents.pop();
        push("dedent", "");
    }
    push("eof", "");
    return tokens;
}
