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
    it("renders principals by accounts, permission sets comma-separated, empty cells empty", () => {
        assert.equal(
            renderAccessMatrixMarkdown(accessMatrix(plan)),
            [
                "| Principal | 111111111111 | 222222222222 |",
                "| --- | --- | --- |",
                "| group: auditors | ReadOnly | ReadOnly |",
                "| group: platform | Admin | Admin, ReadOnly |",
                "| user: alice@example.com |  | ReadOnly |",
                "",
            ].join("\n"),
        );
    });

    it("names accounts when given names, and is the same for rows in any order", () => {
        const rows = accessMatrix(plan);
        const text = renderAccessMatrixMarkdown([...rows].reverse(), { accountNames: { [PROD]: "Production" } });
        assert.equal(text, renderAccessMatrixMarkdown(rows, { accountNames: { [PROD]: "Production" } }));
        assert.equal(text.split("\n")[0], "| Principal | 111111111111 | Production (222222222222) |");
    });

    it("escapes | and flattens newlines in names so the table keeps its shape", () => {
        const rows: AccessMatrixRow[] = [
            { principalType: "GROUP", principal: "ops | on-call\nteam", permissionSet: "Admin", accountId: DEV, selectedBy: ["accounts"] },
        ];
        const text = renderAccessMatrixMarkdown(rows, { accountNames: { [DEV]: "dev|sandbox" } });
        assert.equal(
            text,
            ["| Principal | dev\\|sandbox (111111111111) |", "| --- | --- |", "| group: ops \\| on-call team | Admin |", ""].join("\n"),
        );
        // Every line has the same number of unescaped cell separators.
        const separators = text.trimEnd().split("\n").map((line) => line.replace(/\\\|/g, "").split("|").length);
        assert.deepEqual(new Set(separators).size, 1);
    });

    it("renders only the header for no assignments", () => {
        assert.equal(renderAccessMatrixMarkdown([]), "| Principal |\n| --- |\n");
    });
});
