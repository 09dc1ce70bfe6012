/** Assignments: exactly one principal, group and user names SCIM can produce, known permission sets, 12-digit accounts. */
import { AssignmentArgs, IdentityAttribute } from "../../args";
import { identityProblem } from "../../authentik/mappings";
import { Problem } from "../../problems";
import { compareText } from "../assignmentPlan";
import * as L from "../../../policy/rules/awsLimits";
import { CREATE_ASSIGNMENT, firstBadCharacter, IDENTITY_STORE, isPlainObject, Problems, untrimmedName } from "./kit";

export interface AssignmentValidationOptions {
    /** Groups the SCIM provider pushes to Identity Center (its groupFilters, see `scimGroupFilters`). */
    pushedGroups: ReadonlySet<string>;
    /** Groups managed outside authentik (`principalIds.externalGroups`): they exist in Identity Center already. */
    externalGroups: ReadonlySet<string>;
    /** Users whose Identity Center ID is pinned in `principalIds.users`; their userName is taken as given. */
    pinnedUsers?: ReadonlySet<string>;
    /**
     * The identity attribute in force: an assigned user must be a userName the SCIM user mapping can produce for it
     * (with `email`, one Django's EmailValidator accepts, as authentik's SCIM client checks every email it sends).
     */
    identityAttribute: IdentityAttribute;
}

function checkReserved(p: Problems, field: string, name: string): void {
    if (L.RESERVED_PRINCIPAL_NAMES.includes(name)) {
        p.error(
            field,
            name,
            `${IDENTITY_STORE} CreateGroup/CreateUser: ${L.RESERVED_PRINCIPAL_NAMES.map((n) => `"${n}"`).join(" and ")} ` +
                `are reserved names, SCIM cannot create them`,
            'rename the authentik group or user, e.g. to "aws-administrators"',
        );
    }
}

function checkGroup(p: Problems, field: string, group: unknown, opts: AssignmentValidationOptions): void {
    const rule =
        `${IDENTITY_STORE} CreateGroup: DisplayName is 1–${L.MAX_GROUP_DISPLAY_NAME_LENGTH} ` +
        `letters, marks, symbols, numbers, punctuation and spaces`;
    if (!p.expectString(field, group, rule)) return;
    if (untrimmedName(p, field, group, "group")) return;
    if (group.length === 0 || group.length > L.MAX_GROUP_DISPLAY_NAME_LENGTH || !L.GROUP_DISPLAY_NAME.test(group)) {
        const bad = firstBadCharacter(group, L.GROUP_DISPLAY_NAME);
        p.error(
            field,
            group,
            rule,
            group.length === 0
                ? "give the authentik group's name"
                : bad !== undefined
                  ? `rename the group without ${bad}`
                  : "shorten the group's name",
        );
    }
    checkReserved(p, field, group);
    if (!opts.pushedGroups.has(group) && !opts.externalGroups.has(group)) {
        p.error(
            field,
            group,
            "authentik SCIM provider (2026.2+): only groups in its groupFilters reach Identity " +
                "Center, and this group is neither pushed nor declared external, so it would never be found",
            `add "${group}" to authentik.scimGroups, or, if the group is managed outside authentik, list it in principalIds.externalGroups`,
        );
    }
}

function checkUser(p: Problems, field: string, user: unknown, opts: AssignmentValidationOptions): void {
    const rule = `${IDENTITY_STORE} User: UserName is 1–${L.MAX_USER_NAME_LENGTH} letters, marks, symbols, numbers and punctuation`;
    if (!p.expectString(field, user, rule)) return;
    if (untrimmedName(p, field, user, "user")) return;
    if (user.length === 0 || user.length > L.MAX_USER_NAME_LENGTH || !L.USER_NAME.test(user)) {
        const bad = firstBadCharacter(user, L.USER_NAME);
        p.error(
            field,
            user,
            rule,
            user.length === 0 ? "give the user's userName (their email)" : bad !== undefined ? `remove ${bad}` : "shorten the userName",
        );
        return;
    }
    checkReserved(p, field, user);
    if (opts.pinnedUsers?.has(user)) return; // Managed outside authentik: its userName is whatever that source made it.
    const normalised = user.trim().toLowerCase();
    if (normalised !== user) {
        p.error(
            field,
            user,
            "component identity mapping: the SCIM userName authentik sends is " +
                "trimmed and lower-cased, so this name never matches a provisioned user",
            `write it as "${normalised}"`,
        );
    } else {
        // The very rules the generated mappings apply in authentik for this attribute: a name they would skip is never provisioned.
        const why = identityProblem(user, opts.identityAttribute);
        if (why !== undefined) {
            p.error(
                field,
                user,
                `component identity mapping: authentik never provisions this userName, because ${why}`,
                "give the user's email address as userName, or pin the user's ID in principalIds.users",
            );
        }
    }
}

function checkAccounts(p: Problems, field: string, accounts: unknown, otherSelectors = false): void {
    const rule = `${CREATE_ASSIGNMENT}: TargetId is a 12-digit AWS account ID`;
    if (!Array.isArray(accounts)) {
        p.error(
            field,
            accounts,
            `${CREATE_ASSIGNMENT}: accounts is a list of 12-digit account IDs`,
            `write it as a list: ["123456789012"]`,
        );
        return;
    }
    if (accounts.length === 0 && !otherSelectors) {
        p.error(
            field,
            accounts,
            "an assignment grants access in at least one account (an empty list creates nothing)",
            "list the account IDs, or remove the assignment",
        );
    }
    accounts.forEach((account: unknown, i) => {
        const itemField = `${field}[${i}]`;
        if (typeof account === "number") {
            const digits = Number.isSafeInteger(account) && account >= 0 ? String(account) : undefined;
            p.error(
                itemField,
                account,
                `${rule}, given as a string: this one is a number (YAML reads unquoted digits as a number, ` +
                    `and \`pulumi config set --path\` stores digits as a number), so a leading zero is ` +
                    `lost${digits !== undefined && digits.length < 12 ? ` (this one has ${digits.length} digits)` : ""}`,
                `quote it in the stack file ("${digits !== undefined ? digits.padStart(12, "0") : "123456789012"}"; ` +
                    `check the digits), or set it with: pulumi config set --path 'federation.${itemField}' ` +
                    `--type string ${digits !== undefined ? digits.padStart(12, "0") : "<account id>"}`,
            );
        } else if (p.expectString(itemField, account, rule) && !L.ACCOUNT_ID.test(account)) {
            const digits = account.replace(/[\s-]/g, "");
            p.error(
                itemField,
                account,
                rule,
                L.ACCOUNT_ID.test(digits)
                    ? `write it without separators: "${digits}"`
                    : "use the account's 12-digit ID (AWS Organizations console)",
            );
        }
    });
}

const ORGANIZATIONS = "AWS Organizations";

/** OU/root IDs, the nested flag, tag filters and account names; at least one way of selecting accounts. */
function checkTargets(p: Problems, base: string, a: { [key: string]: unknown }): void {
    const selectors = ["accounts", "organizationalUnits", "accountTags", "accountNames"].filter((k) => a[k] !== undefined);
    if (selectors.length === 0) {
        p.error(
            base,
            a,
            "an assignment selects accounts: give accounts, organizationalUnits, " +
                "accountTags or accountNames (any combination; their union is used)",
            `add accounts: ["123456789012"] or organizationalUnits: ["ou-abcd-12345678"]`,
        );
    }
    if (a.accounts !== undefined) checkAccounts(p, `${base}.accounts`, a.accounts, selectors.length > 1);
    const ous = a.organizationalUnits;
    if (ous !== undefined) {
        const rule =
            `${ORGANIZATIONS}: an organizational unit ID is ou-<4–32 lower-case letters or digits>-<8–32 ` +
            `lower-case letters or digits>, the root ID r-<4–32 lower-case letters or digits>`;
        if (!Array.isArray(ous) || ous.length === 0) {
            p.error(
                `${base}.organizationalUnits`,
                ous,
                `${ORGANIZATIONS}: organizationalUnits is a non-empty list of OU or root IDs`,
                `write it as a list: ["ou-abcd-12345678"]`,
            );
        } else {
            ous.forEach((ou: unknown, i) => {
                const field = `${base}.organizationalUnits[${i}]`;
                if (p.expectString(field, ou, rule) && !L.OU_ID.test(ou) && !L.ROOT_ID.test(ou)) {
                    const lower = ou.trim().toLowerCase();
                    p.error(
                        field,
                        ou,
                        rule,
                        L.OU_ID.test(lower) || L.ROOT_ID.test(lower)
                            ? `write it as "${lower}"`
                            : "copy the ID from AWS Organizations → AWS accounts (an OU's ID starts with ou-, the root's with r-)",
                    );
                }
            });
        }
    }
    if (a.includeNestedOus !== undefined) {
        if (typeof a.includeNestedOus !== "boolean") {
            p.error(
                `${base}.includeNestedOus`,
                a.includeNestedOus,
                "includeNestedOus is true (default: accounts in nested OUs too) or false (the OU's own accounts only)",
                "write true or false",
            );
        } else if (ous === undefined) {
            p.warning(
                `${base}.includeNestedOus`,
                a.includeNestedOus,
                "includeNestedOus only applies to organizationalUnits, which this assignment does not give",
                "remove it, or add organizationalUnits",
            );
        }
    }
    const tags = a.accountTags;
    if (tags !== undefined) {
        const rule = `${ORGANIZATIONS}: account tags are { key: value } with keys of 1–128 and values of 0–256 characters`;
        if (!isPlainObject(tags) || Object.keys(tags).length === 0) {
            p.error(`${base}.accountTags`, tags, `${rule}; at least one tag, all must match`, `write it as { environment: "prod" }`);
        } else {
            for (const [k, v] of Object.entries(tags)) {
                const field = `${base}.accountTags[${JSON.stringify(k)}]`;
                if (k.length === 0 || k.length > 128) p.error(field, k, rule, "use a tag key of 1–128 characters");
                if (p.expectString(field, v, rule) && v.length > 256) p.error(field, v, rule, "use a tag value of at most 256 characters");
            }
        }
    }
    const names = a.accountNames;
    if (names !== undefined) {
        if (!Array.isArray(names) || names.length === 0) {
            p.error(
                `${base}.accountNames`,
                names,
                `${ORGANIZATIONS}: accountNames is a non-empty list of account names`,
                `write it as a list: ["Production"]`,
            );
        } else {
            names.forEach((n: unknown, i) => {
                const field = `${base}.accountNames[${i}]`;
                if (p.expectString(field, n, `${ORGANIZATIONS}: an account name`) && n.trim().length === 0)
                    p.error(field, n, `${ORGANIZATIONS}: an account name is not empty`, "give the name AWS Organizations shows");
            });
        }
    }
}

/**
 * Every problem in `assignments`: exactly one principal, valid and pushed (or pinned) group names, userNames the
 * identity mapping can produce, known permission sets, 12-digit accounts.
 */
export function validateAssignments(
    assignments: AssignmentArgs[] | undefined,
    permissionSetNames: Iterable<string>,
    opts: AssignmentValidationOptions,
): Problem[] {
    const p = new Problems();
    if (assignments === undefined) return p.list;
    if (!Array.isArray(assignments)) {
        p.error("assignments", assignments, "assignments is a list of { group | user, permissionSet, accounts }", "write it as a list");
        return p.list;
    }
    const known = [...new Set(permissionSetNames)].sort(compareText);
    assignments.forEach((a: unknown, i) => {
        const base = `assignments[${i}]`;
        if (!isPlainObject(a)) {
            p.error(
                base,
                a,
                "an assignment is { group | user, permissionSet, accounts }",
                `write it as { group: "...", permissionSet: "...", accounts: ["123456789012"] }`,
            );
            return;
        }
        const hasGroup = a.group !== undefined;
        const hasUser = a.user !== undefined;
        if (hasGroup === hasUser) {
            p.error(
                base,
                { group: a.group, user: a.user },
                `${CREATE_ASSIGNMENT}: an assignment has exactly one principal (PrincipalType GROUP or USER)`,
                hasGroup
                    ? "split it into one assignment for the group and one for the user"
                    : 'add group: "<authentik group name>" or user: "<userName>"',
            );
        } else if (hasGroup) {
            checkGroup(p, `${base}.group`, a.group, opts);
        } else {
            checkUser(p, `${base}.user`, a.user, opts);
        }
        const psRule = "an assignment's permissionSet names a key of permissionSets";
        if (
            p.expectString(`${base}.permissionSet`, a.permissionSet, psRule) &&
            !untrimmedName(p, `${base}.permissionSet`, a.permissionSet, "permission set") &&
            !known.includes(a.permissionSet)
        ) {
            const wanted = a.permissionSet.toLowerCase();
            const close = known.find((k) => k.toLowerCase() === wanted);
            const fix =
                close !== undefined
                    ? `did you mean "${close}"? Names are case-sensitive`
                    : known.length > 0
                      ? `use one of ${known.map((k) => `"${k}"`).join(", ")}, or define permissionSets.${a.permissionSet}`
                      : `define permissionSets.${a.permissionSet}`;
            p.error(`${base}.permissionSet`, a.permissionSet, `${psRule}; there is no permission set with this name`, fix);
        }
        checkTargets(p, base, a);
    });
    return p.list;
}
