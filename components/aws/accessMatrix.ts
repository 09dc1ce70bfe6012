import { AccessMatrixRow } from "../args";
import { compareText, PlannedAssignment } from "./assignmentPlan";

function compareRows(a: AccessMatrixRow, b: AccessMatrixRow): number {
    return (
        compareText(a.principalType, b.principalType) ||
        compareText(a.principal, b.principal) ||
        compareText(a.permissionSet, b.permissionSet) ||
        compareText(a.accountId, b.accountId)
    );
}

/** One row per account assignment, sorted by principal type, principal, permission set, account. */
export function accessMatrix(plan: readonly PlannedAssignment[]): AccessMatrixRow[] {
    return plan
        .map(({ principalType, principal, permissionSet, accountId, selectedBy }) => ({ principalType, principal, permissionSet, accountId, selectedBy: [...selectedBy] }))
        .sort(compareRows);
}

export interface AccessMatrixMarkdownOptions {
    /** Account ID → readable name; a named account's column reads `Name (123456789012)`. */
    accountNames?: { [accountId: string]: string };
}

/**
 * Group display names may contain `|` (which would split a table cell) and newlines (which would end the row).
 * GFM lets a cell hold a literal pipe written as `\|`.
 */
function cell(text: string): string {
    return text.replace(/\r\n|\r|\n/g, " ").replace(/\|/g, "\\|");
}

function principalLabel(type: AccessMatrixRow["principalType"], principal: string): string {
    return `${type === "GROUP" ? "group" : "user"}: ${principal}`;
}

/**
 * The access matrix as a Markdown table: one row per principal (`group: x`, `user: y`; groups first, then by name),
 * one column per account (by account ID), each cell the principal's permission sets in that account, sorted and
 * comma-separated, or empty. Deterministic: the same rows in any order render the same text.
 */
export function renderAccessMatrixMarkdown(rows: readonly AccessMatrixRow[], opts: AccessMatrixMarkdownOptions = {}): string {
    const sorted = [...rows].sort(compareRows);
    const accounts = [...new Set(sorted.map((r) => r.accountId))].sort(compareText);
    // Principal label → account → permission sets (a Set: duplicate rows collapse).
    const grid = new Map<string, Map<string, Set<string>>>();
    for (const r of sorted) {
        const label = principalLabel(r.principalType, r.principal);
        let byAccount = grid.get(label);
        if (byAccount === undefined) grid.set(label, (byAccount = new Map()));
        let sets = byAccount.get(r.accountId);
        if (sets === undefined) byAccount.set(r.accountId, (sets = new Set()));
        sets.add(r.permissionSet);
    }
    const header = ["Principal", ...accounts.map((id) => {
        const name = opts.accountNames !== undefined && Object.hasOwn(opts.accountNames, id) ? opts.accountNames[id] : undefined;
        return name === undefined ? id : `${name} (${id})`;
    })];
    const lines = [`| ${header.map(cell).join(" | ")} |`, `|${header.map(() => " --- ").join("|")}|`];
    // Insertion order of `grid` follows the sorted rows: groups before users, then by name.
    for (const [label, byAccount] of grid) {
        const cols = [label, ...accounts.map((id) => [...(byAccount.get(id) ?? [])].sort(compareText).join(", "))];
        lines.push(`| ${cols.map(cell).join(" | ")} |`);
    }
    return `${lines.join("\n")}\n`;
}
