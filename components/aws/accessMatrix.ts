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
        .map(({ principalType, principal, permissionSet, accountId, selectedBy }) => ({
            principalType,
            principal,
            permissionSet,
            accountId,
            selectedBy: [...selectedBy],
        }))
        .sort(compareRows);
}

/** Default cap of the Markdown rendering, in bytes (UTF-8): a stack output and a pull-request comment stay readable. */
export const ACCESS_MATRIX_MARKDOWN_MAX_BYTES = 256 * 1024;

export interface AccessMatrixMarkdownOptions {
    /** Account ID → readable name; a named account reads `Name (123456789012)`. */
    accountNames?: { [accountId: string]: string };
    /** Largest rendering in bytes (UTF-8), summary line included. Default {@link ACCESS_MATRIX_MARKDOWN_MAX_BYTES}. */
    maxBytes?: number;
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
 * The access matrix as a Markdown table with one row per principal (`group: x`, `user: y`; groups first, then by
 * name) and one cell listing its access as `PermissionSet: account, account; OtherSet: account`, all sorted.
 * Deterministic: the same rows in any order render the same text.
 *
 * Its size is linear in the assignments (a principals × accounts grid is not: 20,000 users in 3 of 1,000 accounts
 * each made a 58 MB grid), and capped at `maxBytes`: past the cap the table ends at a whole row and a summary line
 * says how many principals and assignments are not shown. The full matrix is always the structured `accessMatrix`.
 */
export function renderAccessMatrixMarkdown(rows: readonly AccessMatrixRow[], opts: AccessMatrixMarkdownOptions = {}): string {
    const maxBytes = opts.maxBytes ?? ACCESS_MATRIX_MARKDOWN_MAX_BYTES;
    if (!Number.isInteger(maxBytes) || maxBytes < 1024)
        throw new RangeError(`maxBytes must be an integer of at least 1024, got ${maxBytes}`);
    const sorted = [...rows].sort(compareRows);
    const account = (id: string) => {
        // Own properties only: an account ID must not pick up a name from Object.prototype.
        const name = opts.accountNames !== undefined && Object.hasOwn(opts.accountNames, id) ? opts.accountNames[id] : undefined;
        return name === undefined ? id : `${name} (${id})`;
    };
    // Principal label → permission set → accounts (a Set: duplicate rows collapse). Insertion order follows the sort.
    const grid = new Map<string, Map<string, Set<string>>>();
    for (const r of sorted) {
        const label = principalLabel(r.principalType, r.principal);
        let sets = grid.get(label);
        if (sets === undefined) grid.set(label, (sets = new Map()));
        let accounts = sets.get(r.permissionSet);
        if (accounts === undefined) sets.set(r.permissionSet, (accounts = new Set()));
        accounts.add(r.accountId);
    }
    const lines = ["| Principal | Access (permission set: accounts) |", "| --- | --- |"];
    // Room for the summary line, so that the capped text never exceeds maxBytes.
    const reserve = 400;
    let bytes = lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0);
    let shownPrincipals = 0;
    let shownAssignments = 0;
    for (const [label, sets] of grid) {
        const access = [...sets].map(([ps, accounts]) => `${ps}: ${[...accounts].map(account).join(", ")}`).join("; ");
        const line = `| ${cell(label)} | ${cell(access)} |`;
        const size = Buffer.byteLength(line) + 1;
        if (bytes + size > maxBytes - reserve) break;
        lines.push(line);
        bytes += size;
        shownPrincipals++;
        for (const accounts of sets.values()) shownAssignments += accounts.size;
    }
    if (shownPrincipals < grid.size) {
        const total = [...grid.values()].reduce((n, sets) => n + [...sets.values()].reduce((m, a) => m + a.size, 0), 0);
        lines.push(
            "",
            `_Showing ${shownPrincipals} of ${grid.size} principals ` +
                `(${shownAssignments} of ${total} assignments): this rendering is capped at ` +
                `${Math.floor(maxBytes / 1024)} KiB. The full matrix is the \`accessMatrix\` output, one row per assignment._`,
        );
    }
    return `${lines.join("\n")}\n`;
}
