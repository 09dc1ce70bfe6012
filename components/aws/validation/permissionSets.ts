/** Permission sets: name, description, session duration, relay state, attached policies (counted), tags. */
import { PermissionSetArgs } from "../../args";
import { Problem } from "../../problems";
import * as L from "../../../policy/rules/awsLimits";
import {
    ATTACH_CUSTOMER_MANAGED,
    ATTACH_MANAGED,
    CREATE_PERMISSION_SET,
    fieldPath,
    firstBadCharacter,
    isPlainObject,
    Problems,
    QUOTAS,
    untrimmedName,
} from "./kit";
import { checkAwsManagedArn, checkBoundary, checkCustomerManagedReference, checkInlinePolicy } from "./permissionSetPolicies";

function checkDescription(p: Problems, field: string, value: unknown): void {
    const rule =
        `${CREATE_PERMISSION_SET}: Description is 1–${L.MAX_DESCRIPTION_LENGTH} ` +
        `characters of tab, newline, printable ASCII and Latin-1`;
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
    const rule =
        `${CREATE_PERMISSION_SET}: SessionDuration is an ISO-8601 duration ` +
        `from PT${L.MIN_SESSION_HOURS}H to PT${L.MAX_SESSION_HOURS}H`;
    if (!p.expectString(field, value, rule)) return;
    const seconds = L.parseIsoDurationSeconds(value);
    if (seconds === undefined) {
        const upper = value.trim().toUpperCase();
        const fix =
            L.parseIsoDurationSeconds(upper) !== undefined
                ? `write it in upper case without spaces: "${upper}"`
                : `write it like "PT4H" (4 hours) or "PT90M" (90 minutes)`;
        p.error(field, value, rule, fix);
        return;
    }
    if (seconds < L.MIN_SESSION_SECONDS || seconds > L.MAX_SESSION_SECONDS) {
        const fix =
            seconds < L.MIN_SESSION_SECONDS ? `use at least "PT${L.MIN_SESSION_HOURS}H"` : `use at most "PT${L.MAX_SESSION_HOURS}H"`;
        p.error(field, value, `${rule} (this one is ${seconds} seconds)`, fix);
    }
}

function checkRelayState(p: Problems, field: string, value: unknown): void {
    const rule =
        `${CREATE_PERMISSION_SET}: RelayState is 1–${L.MAX_RELAY_STATE_LENGTH} ` +
        `URL characters (letters, digits and &$@#\\/%?=~-_'"|!:,.;*+[]() {})`;
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

function checkTags(p: Problems, field: string, value: unknown): void {
    const source = `${CREATE_PERMISSION_SET}: Tags`;
    if (!isPlainObject(value)) {
        p.error(field, value, `${source} are a map of key to value`, `write them as { key: "value" }`);
        return;
    }
    const keys = Object.keys(value);
    if (keys.length > L.MAX_TAGS) {
        p.error(
            field,
            `${keys.length} tags`,
            `${source}: at most ${L.MAX_TAGS} tags per permission set`,
            `remove ${keys.length - L.MAX_TAGS} tags`,
        );
    }
    for (const key of keys) {
        const tagField = fieldPath(field, key);
        const keyRule = `${source}: a tag key is 1–${L.MAX_TAG_KEY_LENGTH} letters, digits, spaces and _.:/=+-@`;
        if (key.length === 0 || key.length > L.MAX_TAG_KEY_LENGTH) {
            p.error(
                tagField,
                key,
                `${keyRule} (this one has ${key.length})`,
                key.length === 0 ? "give the tag a key" : `shorten the key to ${L.MAX_TAG_KEY_LENGTH} characters`,
            );
        }
        const badKey = firstBadCharacter(key, L.TAG_CHARSET);
        if (badKey !== undefined) p.error(tagField, key, keyRule, `remove or replace ${badKey} in the key`);
        const tagValue = value[key];
        const valueRule = `${source}: a tag value is 0–${L.MAX_TAG_VALUE_LENGTH} letters, digits, spaces and _.:/=+-@`;
        if (!p.expectString(tagField, tagValue, valueRule)) continue;
        if (tagValue.length > L.MAX_TAG_VALUE_LENGTH) {
            p.error(
                tagField,
                tagValue,
                `${valueRule} (this one has ${tagValue.length})`,
                `shorten the value to ${L.MAX_TAG_VALUE_LENGTH} characters`,
            );
        }
        const badValue = firstBadCharacter(tagValue, L.TAG_CHARSET);
        if (badValue !== undefined) p.error(tagField, tagValue, valueRule, `remove or replace ${badValue} in the value`);
    }
}

function checkPermissionSet(p: Problems, name: string, ps: unknown): void {
    const base = fieldPath("permissionSets", name);
    if (untrimmedName(p, base, name, "permission set")) {
        // Said once, with the trimmed name as the fix.
    } else if (!L.PERMISSION_SET_NAME.test(name)) {
        const suggestion = name.replace(/[^\w+=,.@-]/g, "-").slice(0, L.MAX_PERMISSION_SET_NAME_LENGTH);
        p.error(
            base,
            name,
            `${CREATE_PERMISSION_SET}: Name is 1–${L.MAX_PERMISSION_SET_NAME_LENGTH} characters ` +
                `of ASCII letters, digits and _+=,.@- (the key in permissionSets is the name)`,
            suggestion.length > 0
                ? `rename it, e.g. to "${suggestion}" (and update the assignments that use it)`
                : "give the permission set a name",
        );
    }
    if (!isPlainObject(ps)) {
        p.error(
            base,
            ps,
            `${CREATE_PERMISSION_SET}: a permission set is an object of settings`,
            "give at least {} (or description, policies, ...)",
        );
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
            p.error(
                field,
                set.managedPolicies,
                `${ATTACH_MANAGED}: managedPolicies is a list of ARNs`,
                `write it as a list: ["arn:aws:iam::aws:policy/ReadOnlyAccess"]`,
            );
        } else {
            set.managedPolicies.forEach((arn: unknown, i) => {
                const itemField = `${field}[${i}]`;
                checkAwsManagedArn(p, itemField, arn, ATTACH_MANAGED, `${base}.customerManagedPolicies`);
                if (typeof arn !== "string") return;
                if (attached.has(arn))
                    p.warning(
                        itemField,
                        arn,
                        `${ATTACH_MANAGED}: a policy is attached once; this one is listed twice`,
                        "remove the duplicate",
                    );
                attached.add(arn);
            });
        }
    }
    if (set.customerManagedPolicies !== undefined) {
        const field = `${base}.customerManagedPolicies`;
        if (!Array.isArray(set.customerManagedPolicies)) {
            p.error(
                field,
                set.customerManagedPolicies,
                `${ATTACH_CUSTOMER_MANAGED}: customerManagedPolicies is a list of { name, path? }`,
                `write it as a list: [{ name: "MyPolicy" }]`,
            );
        } else {
            set.customerManagedPolicies.forEach((ref: unknown, i) => {
                const itemField = `${field}[${i}]`;
                const identity = checkCustomerManagedReference(p, itemField, ref, ATTACH_CUSTOMER_MANAGED);
                if (identity === undefined) return;
                const key = `customer:${identity}`;
                if (attached.has(key))
                    p.warning(
                        itemField,
                        ref,
                        `${ATTACH_CUSTOMER_MANAGED}: a policy is attached once; this name and path are listed twice`,
                        "remove the duplicate",
                    );
                attached.add(key);
            });
        }
    }
    if (attached.size > L.MAX_POLICIES_PER_PERMISSION_SET) {
        p.error(
            base,
            `${attached.size} policies`,
            `${QUOTAS}: at most ${L.MAX_POLICIES_PER_PERMISSION_SET} AWS-managed ` +
                `and customer-managed policies per permission set (not increasable)`,
            `remove ${attached.size - L.MAX_POLICIES_PER_PERMISSION_SET}, or ` +
                `merge permissions into a customer-managed or the inline policy`,
        );
    } else if (attached.size > L.IAM_DEFAULT_MANAGED_POLICIES_PER_ROLE) {
        p.warning(
            base,
            `${attached.size} policies`,
            `${QUOTAS}: IAM allows ${L.IAM_DEFAULT_MANAGED_POLICIES_PER_ROLE} managed policies per ` +
                `role by default, and the role this permission set creates in each account is bound by it`,
            `raise the IAM quota "Managed policies per role" in every target account, ` +
                `or use at most ${L.IAM_DEFAULT_MANAGED_POLICIES_PER_ROLE} policies`,
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
        p.error(
            "permissionSets",
            permissionSets,
            "permissionSets is a map of permission set name to settings",
            `write it as { Admin: { managedPolicies: [...] } }`,
        );
        return p.list;
    }
    for (const [name, ps] of Object.entries(permissionSets)) checkPermissionSet(p, name, ps);
    return p.list;
}
