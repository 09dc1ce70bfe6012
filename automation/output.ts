import type { OutputMap } from "@pulumi/pulumi/automation";

/** What a secret stack output is replaced with unless the caller asks for secrets. */
export const SECRET_MASK = "[secret]";

/** Stack outputs as plain values; secret ones masked unless `reveal`. */
export function plainOutputs(outputs: OutputMap, reveal = false): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, o] of Object.entries(outputs)) out[k] = o.secret && !reveal ? SECRET_MASK : o.value;
    return out;
}

/** Replaces every occurrence of each secret by the mask (longest first, so a secret containing another goes whole). */
export function redact(text: string, secrets: readonly string[]): string {
    let out = text;
    for (const s of [...secrets].filter((x) => x.length > 0).sort((a, b) => b.length - a.length)) out = out.split(s).join(SECRET_MASK);
    return out;
}

/**
 * Redacts an error's message and stack in place, keeping its class (callers test `instanceof
 * ConcurrentUpdateError`). The CLI masks secrets it knows about; this guards against a provider echoing one.
 */
export function redactError(e: unknown, secrets: readonly string[]): unknown {
    if (e instanceof Error) {
        e.message = redact(e.message, secrets);
        if (e.stack) e.stack = redact(e.stack, secrets);
        return e;
    }
    return typeof e === "string" ? redact(e, secrets) : e;
}

/**
 * Turns the CLI's output chunks (arbitrary slices of its stdout) into whole lines, redacted. Buffering to whole
 * lines is what makes redaction reliable: a secret split across two chunks is whole in the line.
 */
export class LineSink {
    private buffer = "";
    constructor(
        private readonly emit: (line: string) => void,
        private readonly secrets: readonly string[],
    ) {}

    readonly write = (chunk: string): void => {
        this.buffer += chunk;
        const lines = this.buffer.split(/\r?\n/);
        this.buffer = lines.pop() ?? "";
        for (const line of lines) this.emit(redact(line, this.secrets));
    };

    /** Emits a last line without a newline, if any. */
    flush(): void {
        if (this.buffer !== "") this.emit(redact(this.buffer, this.secrets));
        this.buffer = "";
    }
}
