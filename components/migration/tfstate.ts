/**
 * Reading a Terraform state file (format version 4, the format of Terraform ≥ 0.12 and OpenTofu): every resource
 * instance, managed or data, inside modules and with `count`/`for_each` keys, with its Terraform address.
 *
 * The format is Terraform's `internal/states/statefile` version 4: `{ version: 4, resources: [{ module?, mode,
 * type, name, provider, instances: [{ index_key?, attributes, ... }] }] }`. Pure: no file access here.
 */

export interface TfInstance {
    /** The Terraform address, e.g. `module.sso.aws_ssoadmin_account_assignment.this["admins/111111111111"]`. */
    address: string;
    mode: "managed" | "data";
    type: string;
    /** `module.a.module.b` or "" for the root module. */
    module: string;
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- provider-defined JSON, checked field by field in translate.ts
    attributes: { [key: string]: any };
}

export class TfStateError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "TfStateError";
    }
}

/** An instance key as Terraform writes it in an address: `[0]` for count, `["key"]` for for_each. */
function indexSuffix(key: unknown): string {
    if (key === undefined || key === null) return "";
    return typeof key === "number" ? `[${key}]` : `[${JSON.stringify(String(key))}]`;
}

/** Every resource instance of a version-4 state, in file order. Throws a {@link TfStateError} on another format. */
export function parseTfState(text: string): TfInstance[] {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON.parse's result, checked field by field below
    let doc: any;
    try {
        doc = JSON.parse(text);
    } catch (e) {
        throw new TfStateError(
            `the Terraform state is not JSON (${(e as Error).message}); pass the file that \`terraform state pull\` prints`,
        );
    }
    if (doc === null || typeof doc !== "object" || doc.version !== 4) {
        throw new TfStateError(
            `unsupported Terraform state format version ${JSON.stringify(doc?.version)}: this reads version 4 ` +
                `(Terraform 0.12 and later); run \`terraform state pull > terraform.tfstate\` with a current Terraform`,
        );
    }
    const out: TfInstance[] = [];
    for (const r of Array.isArray(doc.resources) ? doc.resources : []) {
        const mode = r.mode === "data" ? "data" : "managed";
        const module = typeof r.module === "string" ? r.module : "";
        const base = `${module ? `${module}.` : ""}${mode === "data" ? "data." : ""}${r.type}.${r.name}`;
        for (const inst of Array.isArray(r.instances) ? r.instances : []) {
            // Deposed objects (create_before_destroy leftovers) are not the current object: never adopt them.
            if (inst.deposed !== undefined) continue;
            out.push({ address: `${base}${indexSuffix(inst.index_key)}`, mode, type: r.type, module, attributes: inst.attributes ?? {} });
        }
    }
    return out;
}

/** A Terraform address quoted for a POSIX shell (`terraform state rm '<address>'`). */
export function shellQuote(text: string): string {
    return `'${text.replace(/'/g, `'\\''`)}'`;
}
