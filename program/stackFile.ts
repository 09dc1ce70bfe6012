import * as fs from "node:fs";
import * as yaml from "js-yaml";

/** A stack's config as the Pulumi engine hands it to a program: `namespace:key` → string (objects as JSON). */
export interface StackConfig {
    values: { [key: string]: string };
    /** Keys whose value is encrypted (`secure:`) in the stack file: they cannot be read without the Pulumi CLI. */
    encrypted: string[];
}

/**
 * Reads `Pulumi.<stack>.yaml` the way the engine presents it to a program, without the Pulumi CLI: structured
 * values become JSON text, scalars become strings, and `secure:` values are reported, not decrypted.
 */
export function readStackFile(file: string): StackConfig {
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: { [key: string]: unknown } } | undefined;
    const values: { [key: string]: string } = {};
    const encrypted: string[] = [];
    for (const [key, value] of Object.entries(doc?.config ?? {})) {
        if (value && typeof value === "object" && !Array.isArray(value) && "secure" in (value as object)) {
            encrypted.push(key);
        } else if (typeof value === "string") {
            values[key] = value;
        } else {
            values[key] = JSON.stringify(value);
        }
    }
    return { values, encrypted };
}
