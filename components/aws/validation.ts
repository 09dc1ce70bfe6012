import { identityProblem } from "../authentik/mappings";
import {
    AssignmentArgs,
    AwsIdentityCenterFederationArgs,
    CustomerManagedPolicyReference,
    IdentityCenterArgs,
    PermissionSetArgs,
    PrincipalIdsArgs,
    PrincipalWaitArgs,
} from "../args";
import { Problem } from "../problems";
import { compareText, normaliseInlinePolicy, scimGroupFilters } from "./assignmentPlan";
import * as L from "./limits";

// The rule "an assigned group is pushed or pinned" and the SCIM provider's groupFilters share this definition.
export { scimGroupFilters } from "./assignmentPlan";

// Rule sources, named once so every message cites them the same way.
const CREATE_PERMISSION_SET = "AWS CreatePermissionSet";
const ATTACH_MANAGED = "AWS AttachManagedPolicyToPermissionSet";
const ATTACH_CUSTOMER_MANAGED = "AWS AttachCustomerManagedPolicyReferenceToPermissionSet";
const PUT_INLINE = "AWS PutInlinePolicyToPermissionSet";
const PUT_BOUNDARY = "AWS PutPermissionsBoundaryToPermissionSet";
const QUOTAS = "IAM Identity Center quotas";
const CREATE_ASSIGNMENT = "AWS CreateAccountAssignment";
const IDENTITY_STORE = "AWS Identity Store API";

// ---------------------------------------------------------------------------------------------------------
// Small helpers
// ---------------------------------------------------------------------------------------------------------

/** `base.key` when the key reads as an identifier, `base["key"]` otherwise (names may hold dots or spaces). */
export function fieldPath(base: string, key: string): string {
    return /^[A-Za-z_$][\w$]*$/.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

function isPlainObject(value: unknown): value is { [key: string]: unknown } {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasOwn(obj: object, key: string): boolean {
    return Object.prototype.hasOwnProperty.call(obj, key);
}

/** The first character `allowed` rejects, described for a message: `"😀" (U+1F600) at position 4`. */
function firstBadCharacter(text: string, allowed: RegExp): string | undefined {
    let position = 0;
    for (const ch of text) {
        if (!allowed.test(ch)) {
            const code = ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, "0");
            return `${JSON.stringify(ch)} (U+${code}) at position ${position}`;
        }
        position += ch.length;
    }
    return undefined;
}

function typeName(value: unknown): string {
    return value === null ? "null" : Array.isArray(value) ? "array" : typeof value;
}

class Problems {
    readonly list: Problem[] = [];
    error(field: string, value: unknown, rule: string, fix: string): void {
        this.list.push({ field, value, rule, fix, severity: "error" });
    }
    warning(field: string, value: unknown, rule: string, fix: string): void {
        this.list.push({ field, value, rule, fix, severity: "warning" });
    }
    /** Reports a wrong type and returns false, so callers can skip the checks that need the right type. */
    expectString(field: string, value: unknown, rule: string): value is string {
        if (typeof value === "string") return true;
        this.error(field, value, `${rule} (must be a string, got ${typeName(value)})`, "give the value as a string (quote it in YAML)");
        return false;
    }
}

// ---------------------------------------------------------------------------------------------------------
// Permission sets
// ---------------------------------------------------------------------------------------------------------

function checkDescription(p: Problems, field: string, value: unknown): void {
    const rule = `${CREATE_PERMISSION_SET}: Description is 1–${L.MAX_DESCRIPTION_LENGTH} characters of tab, newline, printable ASCII and Latin-1`;
    if (!p.expectString(field, value, rule)) return;
    if (value.length === 0) {
        p.error(field, value, rule, "omit the description instead of leaving it empty");
    } else if (value.length > L.MAX_DESCRIPTION_LENGTH) {
        p.error(field, value, `${rule} (this one has ${value.length})`, `shorten it to ${L.MAX_DESCRIPTION_LENGTH} characters`);
    }
    const bad = firstBadCharacter(value, L.PERMISSION_SET_DESCRIPTION);
    if (bad !== undefined) {
        p.error(field, value, `${rule} (no emoji, CJK or other characters beyond Latin-1)`, `remove or replace ${bad}`);
    }
}

function checkSessionDuration(p: Problems, field: string, value: unknown): void {
    const rule = `${CREATE_PERMISSION_SET}: SessionDuration is an ISO-8601 duration from PT${L.MIN_SESSION_HOURS}H to PT${L.MAX_SESSION_HOURS}H`;
    if (!p.expectString(field, value, rule)) return;
    const seconds = L.parseIsoDurationSeconds(value);
    if (seconds === undefined) {
        const upper = value.trim().toUpperCase();
        const fix = L.parseIsoDurationSeconds(upper) !== undefined
            ? `write it in upper case without spaces: "${upper}"`
            : `write it like "PT4H" (4 hours) or "PT90M" (90 minutes)`;
        p.error(field, value, rule, fix);
        return;
    }
    if (seconds < L.MIN_SESSION_SECONDS || seconds > L.MAX_SESSION_SECONDS) {
        const fix = seconds < L.MIN_SESSION_SECONDS
            ? `use at least "PT${L.MIN_SESSION_HOURS}H"`
            : `use at most "PT${L.MAX_SESSION_HOURS}H"`;
        p.error(field, value, `${rule} (this one is ${seconds} seconds)`, fix);
    }
}

function checkRelayState(p: Problems, field: string, value: unknown): void {
    const rule = `${CREATE_PERMISSION_SET}: RelayState is 1–${L.MAX_RELAY_STATE_LENGTH} URL characters (letters, digits and &$@#\\/%?=~-_'"|!:,.;*+[]() {})`;
    if (!p.expectString(field, value, rule)) return;
    if (value.length === 0) {
        p.error(field, value, rule, "omit relayState instead of leaving it empty");
        return;
    }
    if (value.length > L.MAX_RELAY_STATE_LENGTH) {
        p.error(field, value, `${rule} (this one has ${value.length})`, `shorten it to ${L.MAX_RELAY_STATE_LENGTH} characters`);
    }
    const bad = firstBadCharacter(value, L.RELAY_STATE);
    if (bad !== undefined) p.error(field, value, rule, `percent-encode or remove ${bad}`);
}

function checkAwsManagedArn(p: Problems, field: string, value: unknown, source: string, customerManagedHint: string): void {
    const rule = `${source}: ManagedPolicyArn must be an AWS-managed policy ARN (arn:<partition>:iam::aws:policy/...)`;
    if (!p.expectString(field, value, rule)) return;
    const customer = L.CUSTOMER_MANAGED_POLICY_ARN.exec(value);
    if (customer !== null) {
        p.error(
            field,
            value,
            `${source}: customer-managed policy ARNs (with an account ID) are rejected; Identity Center attaches customer-managed policies by name and path, in every account the permission set is assigned to`,
            `move it to ${customerManagedHint} as { name: ${JSON.stringify(customer[3])}, path: ${JSON.stringify(customer[2])} } and make sure that policy exists in every target account`,
        );
        return;
    }
    if (!L.AWS_MANAGED_POLICY_ARN.test(value)) {
        p.error(field, value, rule, `use the ARN of an AWS-managed policy, e.g. "arn:aws:iam::aws:policy/ReadOnlyAccess"`);
        return;
    }
    if (value.length < L.MIN_MANAGED_POLICY_ARN_LENGTH || value.length > L.MAX_MANAGED_POLICY_ARN_LENGTH) {
        p.error(field, value, `${rule}, ${L.MIN_MANAGED_POLICY_ARN_LENGTH}–${L.MAX_MANAGED_POLICY_ARN_LENGTH} characters`, "check the ARN");
    }
}

/** Validates a customer-managed reference; returns its `path+name` identity when well-formed. */
function checkCustomerManagedReference(p: Problems, field: string, value: unknown, source: string): string | undefined {
    if (!isPlainObject(value)) {
        p.error(field, value, `${source}: a customer-managed policy reference is { name, path? }`, `write it as { name: "MyPolicy", path: "/" }`);
        return undefined;
    }
    const ref = value as unknown as CustomerManagedPolicyReference;
    let ok = true;
    const nameRule = `${source}: CustomerManagedPolicyReference Name is 1–128 characters of letters, digits and _+=,.@-`;
    if (p.expectString(`${field}.name`, ref.name, nameRule)) {
        if (!L.CUSTOMER_MANAGED_POLICY_NAME.test(ref.name)) {
            const fromArn = L.CUSTOMER_MANAGED_POLICY_ARN.exec(ref.name);
            const fix = fromArn !== null
                ? `give the policy name only: name: ${JSON.stringify(fromArn[3])}, path: ${JSON.stringify(fromArn[2])}`
                : ref.name.length > 128 ? "shorten the name to 128 characters" : "use the IAM policy's name exactly as IAM shows it";
            p.error(`${field}.name`, ref.name, nameRule, fix);
            ok = false;
        }
    } else ok = false;
    const path = ref.path ?? "/";
    if (ref.path !== undefined) {
        const pathRule = `${source}: CustomerManagedPolicyReference Path is 1–${L.MAX_CUSTOMER_MANAGED_POLICY_PATH_LENGTH} characters, starts and ends with "/"`;
        if (p.expectString(`${field}.path`, ref.path, pathRule)) {
            if (!L.CUSTOMER_MANAGED_POLICY_PATH.test(ref.path) || ref.path.length > L.MAX_CUSTOMER_MANAGED_POLICY_PATH_LENGTH) {
                const trimmed = ref.path.replace(/^\/*|\/*$/g, "");
                p.error(`${field}.path`, ref.path, pathRule, `write it like "/${trimmed}${trimmed ? "/" : ""}", or omit it for "/"`);
                ok = false;
            }
        } else ok = false;
    }
    return ok ? `${path}${ref.name}` : undefined;
}

function checkInlinePolicy(p: Problems, field: string, value: unknown): void {
    const rule = `${PUT_INLINE}: InlinePolicy is one IAM policy document in JSON`;
    if (typeof value !== "string" && !isPlainObject(value)) {
        p.error(field, value, `${rule} (got ${typeName(value)})`, "give the policy as JSON text or as an object with Version and Statement");
        return;
    }
    let text: string;
    try {
        text = normaliseInlinePolicy(value);
    } catch (e) {
        p.error(field, value, `${rule}; it is not valid JSON (${(e as Error).message})`, "fix the JSON syntax, or give the policy as an object");
        return;
    }
    const doc: unknown = JSON.parse(text);
    if (!isPlainObject(doc)) {
        p.error(field, value, `IAM policy grammar: a policy document is a JSON object (got ${typeName(doc)})`, `wrap the statements: { "Version": "2012-10-17", "Statement": [...] }`);
        return;
    }
    if (!hasOwn(doc, "Statement") || !(isPlainObject(doc.Statement) || (Array.isArray(doc.Statement) && doc.Statement.length > 0))) {
        p.error(field, value, "IAM policy grammar: a policy document needs a Statement (an object or a non-empty list)", `add "Statement": [{ "Effect": "Allow", "Action": ..., "Resource": ... }]`);
    }
    if (!hasOwn(doc, "Version")) {
        p.warning(field, value, `IAM policy grammar: without "Version" IAM assumes 2008-10-17, which disables policy variables`, `add "Version": "2012-10-17"`);
    } else if (typeof doc.Version !== "string" || !L.IAM_POLICY_VERSIONS.includes(doc.Version)) {
        p.error(`${field}.Version`, doc.Version, `IAM policy grammar: Version is one of ${L.IAM_POLICY_VERSIONS.map((v) => `"${v}"`).join(", ")}`, `use "Version": "2012-10-17"`);
    }
    // Limits apply to the text the component sends, i.e. the compact form.
    const bad = firstBadCharacter(text, L.INLINE_POLICY_CHARSET);
    if (bad !== undefined) {
        p.error(field, value, `${PUT_INLINE}: InlinePolicy may hold only tab, newline and Latin-1 characters`, `remove or replace ${bad}`);
    }
    if (text.length > L.MAX_INLINE_POLICY_LENGTH) {
        p.error(field, value, `${PUT_INLINE}: InlinePolicy is at most ${L.MAX_INLINE_POLICY_LENGTH} characters (this one has ${text.length})`, "split the permissions into customer-managed policies");
    }
    const nonWhitespace = text.replace(/[ \t\n\r]/g, "").length;
    if (nonWhitespace > L.MAX_INLINE_POLICY_NON_WHITESPACE) {
        p.error(
            field,
            value,
            `${QUOTAS}: an inline policy has at most ${L.MAX_INLINE_POLICY_NON_WHITESPACE} non-whitespace characters (this one has ${nonWhitespace})`,
            "shorten it (wildcards in actions, fewer statements) or move part of it to customer-managed policies",
        );
    }
}

function checkBoundary(p: Problems, field: string, value: unknown): void {
    const rule = `${PUT_BOUNDARY}: a permissions boundary is exactly one of managedPolicyArn or customerManagedPolicy`;
    if (!isPlainObject(value)) {
        p.error(field, value, rule, `write { managedPolicyArn: "arn:aws:iam::aws:policy/..." } or { customerManagedPolicy: { name: "...", path: "/" } }`);
        return;
    }
    const hasManaged = value.managedPolicyArn !== undefined;
    const hasCustomer = value.customerManagedPolicy !== undefined;
    if (hasManaged === hasCustomer) {
        p.error(field, value, rule, hasManaged ? "remove one of the two" : "give managedPolicyArn or customerManagedPolicy");
        return;
    }
    if (hasManaged) {
        checkAwsManagedArn(p, `${field}.managedPolicyArn`, value.managedPolicyArn, PUT_BOUNDARY, `${field}.customerManagedPolicy`);
    } else {
        checkCustomerManagedReference(p, `${field}.customerManagedPolicy`, value.customerManagedPolicy, PUT_BOUNDARY);
    }
}

function checkTags(p: Problems, field: string, value: unknown): void {
    const source = `${CREATE_PERMISSION_SET}: Tags`;
    if (!isPlainObject(value)) {
        p.error(field, value, `${source} are a map of key to value`, `write them as { key: "value" }`);
        return;
    }
    const keys = Object.keys(value);
    if (keys.length > L.MAX_TAGS) {
        p.error(field, `${keys.length} tags`, `${source}: at most ${L.MAX_TAGS} tags per permission set`, `remove ${keys.length - L.MAX_TAGS} tags`);
    }
    for (const key of keys) {
        const tagField = fieldPath(field, key);
        const keyRule = `${source}: a tag key is 1–${L.MAX_TAG_KEY_LENGTH} letters, digits, spaces and _.:/=+-@`;
        if (key.length === 0 || key.length > L.MAX_TAG_KEY_LENGTH) {
            p.error(tagField, key, `${keyRule} (this one has ${key.length})`, key.length === 0 ? "give the tag a key" : `shorten the key to ${L.MAX_TAG_KEY_LENGTH} characters`);
        }
        const badKey = firstBadCharacter(key, L.TAG_CHARSET);
        if (badKey !== undefined) p.error(tagField, key, keyRule, `remove or replace ${badKey} in the key`);
        const tagValue = value[key];
        const valueRule = `${source}: a tag value is 0–${L.MAX_TAG_VALUE_LENGTH} letters, digits, spaces and _.:/=+-@`;
        if (!p.expectString(tagField, tagValue, valueRule)) continue;
        if (tagValue.length > L.MAX_TAG_VALUE_LENGTH) {
            p.error(tagField, tagValue, `${valueRule} (this one has ${tagValue.length})`, `shorten the value to ${L.MAX_TAG_VALUE_LENGTH} characters`);
        }
        const badValue = firstBadCharacter(tagValue, L.TAG_CHARSET);
        if (badValue !== undefined) p.error(tagField, tagValue, valueRule, `remove or replace ${badValue} in the value`);
    }
}

function checkPermissionSet(p: Problems, name: string, ps: unknown): void {
    const base = fieldPath("permissionSets", name);
    if (!L.PERMISSION_SET_NAME.test(name)) {
        const suggestion = name.replace(/[^\w+=,.@-]/g, "-").slice(0, L.MAX_PERMISSION_SET_NAME_LENGTH);
        p.error(
            base,
            name,
            `${CREATE_PERMISSION_SET}: Name is 1–${L.MAX_PERMISSION_SET_NAME_LENGTH} characters of ASCII letters, digits and _+=,.@- (the key in permissionSets is the name)`,
            suggestion.length > 0 ? `rename it, e.g. to "${suggestion}" (and update the assignments that use it)` : "give the permission set a name",
        );
    }
    if (!isPlainObject(ps)) {
        p.error(base, ps, `${CREATE_PERMISSION_SET}: a permission set is an object of settings`, "give at least {} (or description, policies, ...)");
        return;
    }
    const set = ps as PermissionSetArgs;
    if (set.description !== undefined) checkDescription(p, `${base}.description`, set.description);
    if (set.sessionDuration !== undefined) checkSessionDuration(p, `${base}.sessionDuration`, set.sessionDuration);
    if (set.relayState !== undefined) checkRelayState(p, `${base}.relayState`, set.relayState);

    // Counted by identity: the wiring attaches each distinct ARN / name+path once.
    const attached = new Set<string>();
    if (set.managedPolicies !== undefined) {
        const field = `${base}.managedPolicies`;
        if (!Array.isArray(set.managedPolicies)) {
            p.error(field, set.managedPolicies, `${ATTACH_MANAGED}: managedPolicies is a list of ARNs`, `write it as a list: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]`);
        } else {
            set.managedPolicies.forEach((arn: unknown, i) => {
                const itemField = `${field}[${i}]`;
                checkAwsManagedArn(p, itemField, arn, ATTACH_MANAGED, `${base}.customerManagedPolicies`);
                if (typeof arn !== "string") return;
                if (attached.has(arn)) p.warning(itemField, arn, `${ATTACH_MANAGED}: a policy is attached once; this one is listed twice`, "remove the duplicate");
                attached.add(arn);
            });
        }
    }
    if (set.customerManagedPolicies !== undefined) {
        const field = `${base}.customerManagedPolicies`;
        if (!Array.isArray(set.customerManagedPolicies)) {
            p.error(field, set.customerManagedPolicies, `${ATTACH_CUSTOMER_MANAGED}: customerManagedPolicies is a list of { name, path? }`, `write it as a list: [{ name: "MyPolicy" }]`);
        } else {
            set.customerManagedPolicies.forEach((ref: unknown, i) => {
                const itemField = `${field}[${i}]`;
                const identity = checkCustomerManagedReference(p, itemField, ref, ATTACH_CUSTOMER_MANAGED);
                if (identity === undefined) return;
                const key = `customer:${identity}`;
                if (attached.has(key)) p.warning(itemField, ref, `${ATTACH_CUSTOMER_MANAGED}: a policy is attached once; this name and path are listed twice`, "remove the duplicate");
                attached.add(key);
            });
        }
    }
    if (attached.size > L.MAX_POLICIES_PER_PERMISSION_SET) {
        p.error(
            base,
            `${attached.size} policies`,
            `${QUOTAS}: at most ${L.MAX_POLICIES_PER_PERMISSION_SET} AWS-managed and customer-managed policies per permission set (not increasable)`,
            `remove ${attached.size - L.MAX_POLICIES_PER_PERMISSION_SET}, or merge permissions into a customer-managed or the inline policy`,
        );
    } else if (attached.size > L.IAM_DEFAULT_MANAGED_POLICIES_PER_ROLE) {
        p.warning(
            base,
            `${attached.size} policies`,
            `${QUOTAS}: IAM allows ${L.IAM_DEFAULT_MANAGED_POLICIES_PER_ROLE} managed policies per role by default, and the role this permission set creates in each account is bound by it`,
            `raise the IAM quota "Managed policies per role" in every target account, or use at most ${L.IAM_DEFAULT_MANAGED_POLICIES_PER_ROLE} policies`,
        );
    }
    if (set.inlinePolicy !== undefined) checkInlinePolicy(p, `${base}.inlinePolicy`, set.inlinePolicy);
    if (set.permissionsBoundary !== undefined) checkBoundary(p, `${base}.permissionsBoundary`, set.permissionsBoundary);
    if (set.tags !== undefined) checkTags(p, `${base}.tags`, set.tags);
}

/** Every problem in `permissionSets` (names, settings, policies, boundary, tags), in input order. */
export function validatePermissionSets(permissionSets: { [name: string]: PermissionSetArgs } | undefined): Problem[] {
    const p = new Problems();
    if (permissionSets === undefined) return p.list;
    if (!isPlainObject(permissionSets)) {
        p.error("permissionSets", permissionSets, "permissionSets is a map of permission set name to settings", `write it as { Admin: { managedPolicies: [...] } }`);
        return p.list;
    }
    for (const [name, ps] of Object.entries(permissionSets)) checkPermissionSet(p, name, ps);
    return p.list;
}

// ---------------------------------------------------------------------------------------------------------
// Assignments
// ---------------------------------------------------------------------------------------------------------

export interface AssignmentValidationOptions {
    /** Groups the SCIM provider pushes to Identity Center (its groupFilters, see `scimGroupFilters`). */
    pushedGroups: ReadonlySet<string>;
    /** Groups managed outside authentik (`principalIds.externalGroups`): they exist in Identity Center already. */
    externalGroups: ReadonlySet<string>;
    /** Users whose Identity Center ID is pinned in `principalIds.users`; their userName is taken as given. */
    pinnedUsers?: ReadonlySet<string>;
}

function checkReserved(p: Problems, field: string, name: string): void {
    if (L.RESERVED_PRINCIPAL_NAMES.includes(name)) {
        p.error(field, name, `${IDENTITY_STORE} CreateGroup/CreateUser: ${L.RESERVED_PRINCIPAL_NAMES.map((n) => `"${n}"`).join(" and ")} are reserved names, SCIM cannot create them`, "rename the authentik group or user, e.g. to \"aws-administrators\"");
    }
}

function checkGroup(p: Problems, field: string, group: unknown, opts: AssignmentValidationOptions): void {
    const rule = `${IDENTITY_STORE} CreateGroup: DisplayName is 1–${L.MAX_GROUP_DISPLAY_NAME_LENGTH} letters, marks, symbols, numbers, punctuation and spaces`;
    if (!p.expectString(field, group, rule)) return;
    if (group.length === 0 || group.length > L.MAX_GROUP_DISPLAY_NAME_LENGTH || !L.GROUP_DISPLAY_NAME.test(group)) {
        const bad = firstBadCharacter(group, L.GROUP_DISPLAY_NAME);
        p.error(field, group, rule, group.length === 0 ? "give the authentik group's name" : bad !== undefined ? `rename the group without ${bad}` : "shorten the group's name");
    }
    checkReserved(p, field, group);
    if (!opts.pushedGroups.has(group) && !opts.externalGroups.has(group)) {
        p.error(
            field,
            group,
            "authentik SCIM provider (2026.2+): only groups in its groupFilters reach Identity Center, and this group is neither pushed nor declared external, so it would never be found",
            `add "${group}" to authentik.scimGroups, or, if the group is managed outside authentik, list it in principalIds.externalGroups`,
        );
    }
}

function checkUser(p: Problems, field: string, user: unknown, opts: AssignmentValidationOptions): void {
    const rule = `${IDENTITY_STORE} User: UserName is 1–${L.MAX_USER_NAME_LENGTH} letters, marks, symbols, numbers and punctuation`;
    if (!p.expectString(field, user, rule)) return;
    if (user.length === 0 || user.length > L.MAX_USER_NAME_LENGTH || !L.USER_NAME.test(user)) {
        const bad = firstBadCharacter(user, L.USER_NAME);
        p.error(field, user, rule, user.length === 0 ? "give the user's userName (their email)" : bad !== undefined ? `remove ${bad}` : "shorten the userName");
        return;
    }
    checkReserved(p, field, user);
    if (opts.pinnedUsers?.has(user)) return; // Managed outside authentik: its userName is whatever that source made it.
    const normalised = user.trim().toLowerCase();
    if (normalised !== user) {
        p.error(field, user, "component identity mapping: the SCIM userName authentik sends is trimmed and lower-cased, so this name never matches a provisioned user", `write it as "${normalised}"`);
    } else {
        // The very rules the generated mappings apply in authentik: a name they would skip is never provisioned.
        const why = identityProblem(user);
        if (why !== undefined) {
            p.error(field, user, `component identity mapping: authentik never provisions this userName, because ${why}`, "give the user's email address as userName, or pin the user's ID in principalIds.users");
        }
    }
}

function checkAccounts(p: Problems, field: string, accounts: unknown): void {
    const rule = `${CREATE_ASSIGNMENT}: TargetId is a 12-digit AWS account ID`;
    if (!Array.isArray(accounts)) {
        p.error(field, accounts, `${CREATE_ASSIGNMENT}: accounts is a list of 12-digit account IDs`, `write it as a list: ["123456789012"]`);
        return;
    }
    if (accounts.length === 0) {
        p.error(field, accounts, "an assignment grants access in at least one account (an empty list creates nothing)", "list the account IDs, or remove the assignment");
    }
    accounts.forEach((account: unknown, i) => {
        const itemField = `${field}[${i}]`;
        if (typeof account === "number") {
            p.error(itemField, account, `${rule} given as a string (a YAML number loses leading zeros)`, `quote it: "${String(account).padStart(12, "0")}" (check the digits)`);
        } else if (p.expectString(itemField, account, rule) && !L.ACCOUNT_ID.test(account)) {
            const digits = account.replace(/[\s-]/g, "");
            p.error(itemField, account, rule, L.ACCOUNT_ID.test(digits) ? `write it without separators: "${digits}"` : "use the account's 12-digit ID (AWS Organizations console)");
        }
    });
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
            p.error(base, a, "an assignment is { group | user, permissionSet, accounts }", `write it as { group: "...", permissionSet: "...", accounts: ["123456789012"] }`);
            return;
        }
        const hasGroup = a.group !== undefined;
        const hasUser = a.user !== undefined;
        if (hasGroup === hasUser) {
            p.error(
                base,
                { group: a.group, user: a.user },
                `${CREATE_ASSIGNMENT}: an assignment has exactly one principal (PrincipalType GROUP or USER)`,
                hasGroup ? "split it into one assignment for the group and one for the user" : "add group: \"<authentik group name>\" or user: \"<userName>\"",
            );
        } else if (hasGroup) {
            checkGroup(p, `${base}.group`, a.group, opts);
        } else {
            checkUser(p, `${base}.user`, a.user, opts);
        }
        const psRule = "an assignment's permissionSet names a key of permissionSets";
        if (p.expectString(`${base}.permissionSet`, a.permissionSet, psRule) && !known.includes(a.permissionSet)) {
            const wanted = a.permissionSet.toLowerCase();
            const close = known.find((k) => k.toLowerCase() === wanted);
            const fix = close !== undefined
                ? `did you mean "${close}"? Names are case-sensitive`
                : known.length > 0
                    ? `use one of ${known.map((k) => `"${k}"`).join(", ")}, or define permissionSets.${a.permissionSet}`
                    : `define permissionSets.${a.permissionSet}`;
            p.error(`${base}.permissionSet`, a.permissionSet, `${psRule}; there is no permission set with this name`, fix);
        }
        checkAccounts(p, `${base}.accounts`, a.accounts);
    });
    return p.list;
}

// ---------------------------------------------------------------------------------------------------------
// Identity Center IDs, pinned principals, the wait
// ---------------------------------------------------------------------------------------------------------

function checkPinned(p: Problems, field: string, map: unknown, kind: "group" | "user"): void {
    if (map === undefined) return;
    if (!isPlainObject(map)) {
        p.error(field, map, `principalIds.${kind}s maps a ${kind === "group" ? "display name" : "userName"} to an Identity Center ${kind} ID`, `write it as { "<name>": "<id>" }`);
        return;
    }
    const rule = `${CREATE_ASSIGNMENT}: PrincipalId is a UUID (or the legacy <10 hex>-<UUID> form)`;
    const fix = `copy the ${kind} ID from the IAM Identity Center console (${kind === "group" ? "Groups" : "Users"} → the ${kind} → ${kind === "group" ? "Group" : "User"} ID) or from \`aws identitystore get-${kind}-id\``;
    for (const [name, id] of Object.entries(map)) {
        const idField = fieldPath(field, name);
        if (p.expectString(idField, id, rule) && !L.PRINCIPAL_ID.test(id)) p.error(idField, id, rule, fix);
    }
}

/** Formats of the given instance ARN and identity store ID, and of the pinned principal IDs. */
export function validateIdentityCenterIds(
    identityCenter: Pick<IdentityCenterArgs, "instanceArn" | "identityStoreId"> | undefined,
    principalIds: PrincipalIdsArgs | undefined,
): Problem[] {
    const p = new Problems();
    const arn = identityCenter?.instanceArn;
    if (arn !== undefined) {
        const rule = `${CREATE_PERMISSION_SET}: InstanceArn is arn:<partition>:sso:::instance/ssoins-<16 characters>`;
        if (p.expectString("identityCenter.instanceArn", arn, rule) && !L.INSTANCE_ARN.test(arn)) {
            p.error("identityCenter.instanceArn", arn, rule, "copy the ARN from IAM Identity Center → Settings → Instance ARN, or omit it to look it up");
        }
    }
    const storeId = identityCenter?.identityStoreId;
    if (storeId !== undefined) {
        const rule = `${IDENTITY_STORE}: IdentityStoreId is d- and 10 hex digits (or a UUID)`;
        if (p.expectString("identityCenter.identityStoreId", storeId, rule) && !L.IDENTITY_STORE_ID.test(storeId)) {
            p.error("identityCenter.identityStoreId", storeId, rule, "copy it from IAM Identity Center → Settings → Identity source (e.g. \"d-906752b26f\"), or omit it to look it up");
        }
    }
    if (principalIds !== undefined) {
        if (!isPlainObject(principalIds)) {
            p.error("principalIds", principalIds, "principalIds is { groups?, users? }", `write it as { groups: { "<name>": "<id>" } }`);
        } else {
            checkPinned(p, "principalIds.groups", principalIds.groups, "group");
            checkPinned(p, "principalIds.users", principalIds.users, "user");
            const ext = principalIds.externalGroups;
            if (ext !== undefined && (!Array.isArray(ext) || ext.some((g) => typeof g !== "string" || g.length === 0))) {
                p.error("principalIds.externalGroups", ext, "principalIds.externalGroups is a list of Identity Center group display names", 'write it as ["AWSControlTowerAdmins"]');
            }
        }
    }
    return p.list;
}

/** The wait's knobs: positive numbers, a timeout of at most an hour (one authentik full-sync cycle). */
export function validatePrincipalWait(wait: PrincipalWaitArgs | undefined): Problem[] {
    const p = new Problems();
    if (wait === undefined) return p.list;
    if (!isPlainObject(wait)) {
        p.error("principalWait", wait, "principalWait is { timeoutSeconds?, initialDelaySeconds?, maxDelaySeconds? }", "write it as an object, or omit it for the defaults");
        return p.list;
    }
    for (const knob of ["timeoutSeconds", "initialDelaySeconds", "maxDelaySeconds"] as const) {
        const value = wait[knob];
        if (value === undefined) continue;
        const field = `principalWait.${knob}`;
        if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
            p.error(field, value, "the SCIM principal wait needs a positive number of seconds", `give a number such as ${L.DEFAULT_PRINCIPAL_WAIT[knob]} (the default), or omit it`);
        } else if (knob === "timeoutSeconds" && value > L.MAX_PRINCIPAL_WAIT_SECONDS) {
            p.error(field, value, `the SCIM principal wait is at most ${L.MAX_PRINCIPAL_WAIT_SECONDS} seconds (authentik runs a full SCIM sync every hour, so a longer wait only hides a configuration problem)`, `use at most ${L.MAX_PRINCIPAL_WAIT_SECONDS}, or pin the principal's ID in principalIds`);
        }
    }
    const initial = wait.initialDelaySeconds ?? L.DEFAULT_PRINCIPAL_WAIT.initialDelaySeconds;
    const max = wait.maxDelaySeconds ?? L.DEFAULT_PRINCIPAL_WAIT.maxDelaySeconds;
    if (typeof initial === "number" && typeof max === "number" && initial > 0 && max > 0 && initial > max) {
        p.warning("principalWait.initialDelaySeconds", initial, `the first delay is capped by maxDelaySeconds (${max})`, "make initialDelaySeconds at most maxDelaySeconds");
    }
    return p.list;
}

/**
 * All AWS-side problems at once: permission sets, assignments (against the groups the SCIM provider pushes),
 * Identity Center IDs, pinned principals and the wait. The authentik arguments and the SAML/SCIM URLs are
 * validated elsewhere. `opts.pushedGroups` overrides the groups taken as pushed (default `scimGroupFilters(args)`),
 * e.g. for a policy that reads the real SCIM provider's filter.
 */
export function validateAwsSide(args: AwsIdentityCenterFederationArgs, opts: { pushedGroups?: ReadonlySet<string> } = {}): Problem[] {
    const pinnedUserMap = isPlainObject(args.principalIds?.users) ? args.principalIds!.users! : {};
    const externalGroups = new Set(Array.isArray(args.principalIds?.externalGroups) ? args.principalIds!.externalGroups!.filter((g) => typeof g === "string") : []);
    const permissionSetNames = isPlainObject(args.permissionSets) ? Object.keys(args.permissionSets) : [];
    const problems = [
        ...validatePermissionSets(args.permissionSets),
        ...validateAssignments(args.assignments, permissionSetNames, {
            pushedGroups: opts.pushedGroups ?? new Set(scimGroupFilters(args)),
            externalGroups,
            pinnedUsers: new Set(Object.keys(pinnedUserMap)),
        }),
        ...validateIdentityCenterIds(args.identityCenter, args.principalIds),
        ...validatePrincipalWait(args.principalWait),
    ];
    // An external group already exists in Identity Center; authentik pushing a group of the same name makes SCIM
    // create a second group with that display name, which the identity store rejects (display names are unique, 409).
    const scimGroups = Array.isArray(args.authentik?.scimGroups) ? args.authentik.scimGroups : [];
    scimGroups.forEach((g, i) => {
        if (typeof g === "string" && externalGroups.has(g)) {
            problems.push({
                field: `authentik.scimGroups[${i}]`,
                value: g,
                rule: `${IDENTITY_STORE} CreateGroup: display names are unique; this group is declared external (principalIds.externalGroups) and authentik would push a group of the same name`,
                fix: `remove "${g}" from authentik.scimGroups, or from principalIds.externalGroups if authentik owns the group`,
                severity: "error",
            });
        }
    });
    // In dry-run authentik sends nothing, so a first deploy would wait for groups and users that never arrive.
    if (args.authentik?.scimDryRun === true) {
        const pinnedGroupIds = isPlainObject(args.principalIds?.groups) ? args.principalIds!.groups! : {};
        const waited = (Array.isArray(args.assignments) ? args.assignments : []).flatMap((a) =>
            typeof a?.group === "string" && !externalGroups.has(a.group) && !(a.group in pinnedGroupIds) ? [a.group]
            : typeof a?.user === "string" && !(a.user in pinnedUserMap) ? [a.user]
            : [],
        );
        if (waited.length > 0) {
            problems.push({
                field: "authentik.scimDryRun",
                value: true,
                rule: `authentik SCIM dry-run sends nothing to AWS, so the assignments' principals (${[...new Set(waited)].slice(0, 5).map((n) => JSON.stringify(n)).join(", ")}) would never appear and the first-deploy wait would time out`,
                fix: "deploy with scimDryRun off, or pin the principals' IDs in principalIds, or leave assignments out until the dry run looks right",
                severity: "error",
            });
        }
    }
    return problems;
}
