import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { Problem } from "../components/problems";
import { PROJECT } from "./settings";

/** A stack's config as the Pulumi engine hands it to a program: `namespace:key` → string (objects as JSON). */
export interface StackConfig {
    values: { [key: string]: string };
    /** Keys whose value is encrypted (`secure:`) in the stack file: they cannot be read without the Pulumi CLI. */
    encrypted: string[];
    /**
     * Encrypted values inside a structured key, as `key` → paths (`authentik.apiToken`). The plan reads them as a
     * placeholder string and treats the whole key as secret, as the engine does.
     */
    encryptedPaths: { [key: string]: string[] };
    /** Values the engine could not pass on faithfully (`.inf`, `.nan`), as problems naming the stack file and line. */
    problems: Problem[];
}

/** The stack file cannot be read as YAML: every problem names the file, line and column. */
export class StackFileError extends Error {
    constructor(
        readonly file: string,
        readonly problems: Problem[],
    ) {
        super(`${file} cannot be read`);
        this.name = "StackFileError";
    }
}

/** Larger stack files are refused before parsing: real ones are a few KB, even with SP metadata inline. */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;

/** What an encrypted value in a structured key reads as during the offline plan. */
export const ENCRYPTED_PLACEHOLDER = "offline-plan-encrypted-value";

/** The field as messages name it: `federation.principalWait.timeoutSeconds` for this project's keys. */
function configPath(key: string, at: string): string {
    const short = key.startsWith(`${PROJECT}:`) ? key.slice(PROJECT.length + 1) : key;
    return at === "" ? short : at.startsWith("[") ? `${short}${at}` : `${short}.${at}`;
}

function lineAt(text: string, line: number): string {
    return text.split(/\r?\n/)[line] ?? "";
}

function isSecure(value: unknown): boolean {
    return (
        value !== null &&
        typeof value === "object" &&
        !Array.isArray(value) &&
        Object.keys(value).length === 1 &&
        Object.hasOwn(value, "secure")
    );
}

/** `base.key` or `base[i]`, the path syntax of `pulumi config set --path`. */
function join(base: string, key: string | number): string {
    if (typeof key === "number") return `${base}[${key}]`;
    return /^[A-Za-z_$][\w$]*$/.test(key) ? (base ? `${base}.${key}` : key) : `${base}[${JSON.stringify(key)}]`;
}

/**
 * Reads `Pulumi.<stack>.yaml` the way the engine presents it to a program, without the Pulumi CLI: structured
 * values become JSON text, scalars become strings, and `secure:` values are reported, not decrypted. YAML that
 * does not parse, duplicate keys and a stack file that is not a mapping throw a {@link StackFileError}.
 */
export function readStackFile(file: string): StackConfig {
    const name = path.basename(file);
    const size = fs.statSync(file).size;
    if (size > MAX_STACK_FILE_BYTES) {
        throw new StackFileError(name, [
            {
                field: name,
                shown: `${(size / 1024 / 1024).toFixed(1)} MB`,
                value: size,
                rule:
                    `a stack file is at most ${MAX_STACK_FILE_BYTES / 1024 / 1024} MB (real ones are a few ` +
                    `KB; IAM Identity Center's SP metadata is about 5 KB), so it is refused before parsing`,
                fix: "check that the file is the stack's config and that no large file was pasted into it",
            },
        ]);
    }
    const text = fs.readFileSync(file, "utf8");
    // Non-finite numbers, as written, in document order (the walk below meets them in the same order).
    const nonFinite: { raw: string; line: number }[] = [];
    const opened: number[] = [];
    let doc: unknown;
    try {
        doc = yaml.load(text, {
            filename: name,
            // The YAML 1.2 core schema, as the engine's YAML reader: no timestamps or binary turned into other types.
            schema: yaml.CORE_SCHEMA,
            listener(event, state) {
                if (event === "open") opened.push(state.position);
                else {
                    const start = opened.pop() ?? state.position;
                    if (typeof state.result === "number" && !Number.isFinite(state.result) && state.kind === "scalar") {
                        nonFinite.push({ raw: text.slice(start, state.position).trim(), line: state.line + 1 });
                    }
                }
            },
        });
    } catch (e) {
        if (!(e instanceof yaml.YAMLException)) throw e;
        const line = e.mark ? e.mark.line + 1 : undefined;
        const column = e.mark ? e.mark.column + 1 : undefined;
        const duplicate = /duplicated mapping key/.test(e.reason);
        throw new StackFileError(name, [
            {
                field: line !== undefined ? `${name} line ${line}, column ${column}` : name,
                shown: line !== undefined ? JSON.stringify(lineAt(text, line - 1).trim()) : "(the file)",
                value: undefined,
                rule: duplicate
                    ? "YAML: a key appears twice in one mapping, and one of the two values would be silently lost"
                    : `YAML does not parse: ${e.reason}`,
                fix: duplicate
                    ? "keep one of the two keys (merge their values), and check the other one's indentation"
                    : "fix the YAML at that line: indentation with spaces, a ':' after each key, quotes around values with ':' or '#'",
            },
        ]);
    }
    const problems: Problem[] = [];
    if (doc === undefined || doc === null) doc = {};
    if (typeof doc !== "object" || Array.isArray(doc)) {
        throw new StackFileError(name, [
            {
                field: name,
                value: doc,
                rule: "a stack file is a YAML mapping with a `config:` key",
                fix: "start the file with `config:` and the keys under it (see Pulumi.prod.yaml)",
            },
        ]);
    }
    const config = (doc as { config?: unknown }).config ?? {};
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new StackFileError(name, [
            {
                field: `${name} config`,
                value: config,
                rule: "`config:` is a mapping of `namespace:key` to value",
                fix: "indent the config keys under `config:`, e.g. `  aws:region: eu-central-1`",
            },
        ]);
    }
    const values: { [key: string]: string } = {};
    const encrypted: string[] = [];
    const encryptedPaths: { [key: string]: string[] } = {};
    let nth = 0;
    // Copies a value, replacing nested `secure:` values by a placeholder and non-finite numbers by null (reported).
    const copy = (key: string, v: unknown, at: string): unknown => {
        if (isSecure(v)) {
            (encryptedPaths[key] ??= []).push(at);
            return ENCRYPTED_PLACEHOLDER;
        }
        if (typeof v === "number" && !Number.isFinite(v)) {
            const written = nonFinite[nth++];
            problems.push({
                field: configPath(key, at),
                shown: written?.raw ?? String(v),
                value: v,
                rule:
                    `${name}${written ? ` line ${written.line}` : ""}: YAML's ${written?.raw ?? ".inf"} is ` +
                    `not a number Pulumi config can carry (config is JSON, which has no infinity or NaN)`,
                fix: "give a finite number, or remove the key for the default",
            });
            return null;
        }
        if (Array.isArray(v)) return v.map((x, i) => copy(key, x, join(at, i)));
        if (v !== null && typeof v === "object") {
            return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(key, x, join(at, k))]));
        }
        return v;
    };
    for (const [key, value] of Object.entries(config)) {
        if (isSecure(value)) {
            encrypted.push(key);
            continue;
        }
        const plain = copy(key, value, "");
        values[key] = typeof plain === "string" ? plain : JSON.stringify(plain);
    }
    return { values, encrypted, encryptedPaths, problems };
}
