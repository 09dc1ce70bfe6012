import type { OpMap } from "@pulumi/pulumi/automation";

export type Operation = "preview" | "up" | "refresh" | "destroy";

/** Resource counts of one operation, by what happened (or, for preview, what would happen). */
export interface ChangeCounts {
    create: number;
    update: number;
    delete: number;
    replace: number;
    same: number;
}

/**
 * Maps Pulumi's per-step counts onto the five a person reads. A replacement is reported by the engine as
 * `replace` plus its `create-replacement`/`delete-replaced` steps: only `replace` is counted, so one replaced
 * resource counts once. Other steps (read, refresh, import, discard) are left in the raw map.
 */
export function changeCounts(ops: OpMap | undefined): ChangeCounts {
    const n = (k: keyof OpMap) => ops?.[k] ?? 0;
    return { create: n("create"), update: n("update"), delete: n("delete"), replace: n("replace"), same: n("same") };
}

const WORDS: { [op in Operation]: { create: string; update: string; delete: string; replace: string } } = {
    preview: { create: "to create", update: "to update", delete: "to delete", replace: "to replace" },
    up: { create: "created", update: "updated", delete: "deleted", replace: "replaced" },
    refresh: { create: "created", update: "updated", delete: "deleted", replace: "replaced" },
    destroy: { create: "created", update: "updated", delete: "deleted", replace: "replaced" },
};

/** One line for logs and chat: `prod up: 3 created, 1 replaced, 12 unchanged`. */
export function summaryText(stack: string, operation: Operation, c: ChangeCounts): string {
    const w = WORDS[operation];
    const parts = (["create", "update", "replace", "delete"] as const).filter((k) => c[k] > 0).map((k) => `${c[k]} ${w[k]}`);
    if (parts.length === 0) parts.push("no changes");
    if (c.same > 0) parts.push(`${c.same} unchanged`);
    return `${stack} ${operation}: ${parts.join(", ")}`;
}
