import { strict as assert } from "node:assert";
import { AccessMatrixRow } from "../components/args";
import { accessMatrix, renderAccessMatrixMarkdown } from "../components/aws/accessMatrix";
import { planAssignments } from "../components/aws/assignmentPlan";

const PROD = "222222222222";
const DEV = "111111111111";

const plan = planAssignments([
    { user: "alice@example.com", permissionSet: "ReadOnly", accounts: [PROD] },
    { group: "platform", permissionSet: "ReadOnly", accounts: [PROD] },
    { group: "platform", permissionSet: "Admin", accounts: [PROD, DEV] },
    { group: "auditors", permissionSet: "ReadOnly", accounts: [DEV, PROD] },
]);

describe("accessMatrix", () => {
    it("has one row per assignment, sorted by principal type, principal, permission set, account, without keys", () => {
        assert.deepEqual(accessMatrix([...plan].reverse()), [
            { principalType: "GROUP", principal: "auditors", permissionSet: "ReadOnly", accountId: DEV, selectedBy: ["accounts"] },
            { principalType: "GROUP", principal: "auditors", permissionSet: "ReadOnly", accountId: PROD, selectedBy: ["accounts"] },
            { principalType: "GROUP", principal: "platform", permissionSet: "Admin", accountId: DEV, selectedBy: ["accounts"] },
            { principalType: "GROUP", principal: "platform", permissionSet: "Admin", accountId: PROD, selectedBy: ["accounts"] },
            { principalType: "GROUP", principal: "platform", permissionSet: "ReadOnly", accountId: PROD, selectedBy: ["accounts"] },
            { principalType: "USER", principal: "alice@example.com", permissionSet: "ReadOnly", accountId: PROD, selectedBy: ["accounts"] },
        ]);
    });
});

describe("renderAccessMatrixMarkdown", () => {
    it("renders one row per principal, its permission sets with their accounts, all sorted", () => {
        assert.equal(
            renderAccessMatrixMarkdown(accessMatrix(plan)),
            [
                "| Principal | Access (permission set: accounts) |",
                "| --- | --- |",
                "| group: auditors | ReadOnly: 111111111111, 222222222222 |",
                "| group: platform | Admin: 111111111111, 222222222222; ReadOnly: 222222222222 |",
                "| user: alice@example.com | ReadOnly: 222222222222 |",
                "",
            ].join("\n"),
        );
    });

    it("names accounts when given names, and is the same for rows in any order", () => {
        const rows = accessMatrix(plan);
        const text = renderAccessMatrixMarkdown([...rows].reverse(), { accountNames: { [PROD]: "Production" } });
        assert.equal(text, renderAccessMatrixMarkdown(rows, { accountNames: { [PROD]: "Production" } }));
        assert.equal(text.split("\n")[2], "| group: auditors | ReadOnly: 111111111111, Production (222222222222) |");
    });

    it("escapes | and flattens newlines in names so the table keeps its shape", () => {
        const rows: AccessMatrixRow[] = [
            { principalType: "GROUP", principal: "ops | on-call\nteam", permissionSet: "Admin", accountId: DEV, selectedBy: ["accounts"] },
        ];
        const text = renderAccessMatrixMarkdown(rows, { accountNames: { [DEV]: "dev|sandbox" } });
        assert.equal(
            text,
            [
                "| Principal | Access (permission set: accounts) |",
                "| --- | --- |",
                "| group: ops \\| on-call team | Admin: dev\\|sandbox (111111111111) |",
                "",
            ].join("\n"),
        );
        // Every line has the same number of unescaped cell separators.
        const separators = text
            .trimEnd()
            .split("\n")
            .map((line) => line.replace(/\\\|/g, "").split("|").length);
        assert.deepEqual(new Set(separators).size, 1);
    });

    it("renders only the header for no assignments", () => {
        assert.equal(renderAccessMatrixMarkdown([]), "| Principal | Access (permission set: accounts) |\n| --- | --- |\n");
    });

    it("stays under its cap at whole rows and says what it left out", () => {
        const rows: AccessMatrixRow[] = Array.from({ length: 500 }, (_, i) => ({
            principalType: "USER" as const,
            principal: `user${String(i).padStart(3, "0")}@example.com`,
            permissionSet: "ReadOnly",
            accountId: DEV,
            selectedBy: ["accounts"],
        }));
        const text = renderAccessMatrixMarkdown(rows, { maxBytes: 4096 });
        assert.ok(Buffer.byteLength(text) <= 4096, `${Buffer.byteLength(text)} bytes`);
        const shown = text.split("\n").filter((l) => l.startsWith("| user:")).length;
        assert.ok(shown > 10 && shown < 500);
        assert.match(
            text,
            new RegExp(
                `_Showing ${shown} of 500 principals \\(${shown} of 500 assignments\\): this ` +
                    `rendering is capped at 4 KiB\\. The full matrix is the \`accessMatrix\` output`,
            ),
        );
        assert.equal(renderAccessMatrixMarkdown(rows).includes("_Showing"), false, "the default cap holds 500 principals whole");
        assert.throws(() => renderAccessMatrixMarkdown(rows, { maxBytes: 100 }), /maxBytes must be an integer of at least 1024/);
    });

    it("is linear in the assignments: 20,000 users in 3 of 1,000 accounts each stay within 512 KB", () => {
        const accounts = Array.from({ length: 1000 }, (_, i) => String(100000000000 + 7919 * (i + 1)));
        const rows: AccessMatrixRow[] = [];
        for (let j = 0; j < 20000; j++) {
            for (let k = 0; k < 3; k++)
                rows.push({
                    principalType: "USER",
                    principal: `user${j}@example.com`,
                    permissionSet: `Set${j % 10}`,
                    accountId: accounts[(j * 7 + k * 331) % 1000],
                    selectedBy: ["accounts"],
                });
        }
        const uncapped = renderAccessMatrixMarkdown(rows, { maxBytes: 64 * 1024 * 1024 });
        // One row per principal: about 90 bytes per user, not 1,000 cells per user.
        assert.ok(Buffer.byteLength(uncapped) < 20000 * 120, `${Buffer.byteLength(uncapped)} bytes uncapped`);
        assert.ok(Buffer.byteLength(renderAccessMatrixMarkdown(rows)) <= 256 * 1024);
    });
});
