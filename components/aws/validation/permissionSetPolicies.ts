/** The policies attached to a permission set: AWS-managed ARNs, customer-managed references, the inline policy, the boundary. */
import { CustomerManagedPolicyReference } from "../../args";
import { normaliseInlinePolicy } from "../assignmentPlan";
import * as L from "../../../policy/rules/awsLimits";
import { nonWhitespaceLength } from "../../../policy/rules/inlinePolicy";
import { firstBadCharacter, hasOwn, isPlainObject, Problems, PUT_BOUNDARY, PUT_INLINE, QUOTAS, typeName } from "./kit";

export function checkAwsManagedArn(p: Problems, field: string, value: unknown, source: string, customerManagedHint: string): void {
    const rule = `${source}: ManagedPolicyArn must be an AWS-managed policy ARN (arn:<partition>:iam::aws:policy/...)`;
    if (!p.expectString(field, value, rule)) return;
    const customer = L.CUSTOMER_MANAGED_POLICY_ARN.exec(value);
    if (customer !== null) {
        p.error(
            field,
            value,
            `${source}: customer-managed policy ARNs (with an account ID) are rejected; Identity Center attaches ` +
                `customer-managed policies by name and path, in every account the permission set is assigned to`,
            `move it to ${customerManagedHint} as { name: ${JSON.stringify(customer[3])}, ` +
                `path: ${JSON.stringify(customer[2])} } and make sure that policy exists in every target account`,
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
export function checkCustomerManagedReference(p: Problems, field: string, value: unknown, source: string): string | undefined {
    if (!isPlainObject(value)) {
        p.error(
            field,
            value,
            `${source}: a customer-managed policy reference is { name, path? }`,
            `write it as { name: "MyPolicy", path: "/" }`,
        );
        return undefined;
    }
    const ref = value as unknown as CustomerManagedPolicyReference;
    let ok = true;
    const nameRule = `${source}: CustomerManagedPolicyReference Name is 1–128 characters of letters, digits and _+=,.@-`;
    if (p.expectString(`${field}.name`, ref.name, nameRule)) {
        if (!L.CUSTOMER_MANAGED_POLICY_NAME.test(ref.name)) {
            const fromArn = L.CUSTOMER_MANAGED_POLICY_ARN.exec(ref.name);
            const fix =
                fromArn !== null
                    ? `give the policy name only: name: ${JSON.stringify(fromArn[3])}, path: ${JSON.stringify(fromArn[2])}`
                    : ref.name.length > 128
                      ? "shorten the name to 128 characters"
                      : "use the IAM policy's name exactly as IAM shows it";
            p.error(`${field}.name`, ref.name, nameRule, fix);
            ok = false;
        }
    } else ok = false;
    const path = ref.path ?? "/";
    if (ref.path !== undefined) {
        const pathRule =
            `${source}: CustomerManagedPolicyReference Path is ` +
            `1–${L.MAX_CUSTOMER_MANAGED_POLICY_PATH_LENGTH} characters, starts and ends with "/"`;
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

export function checkInlinePolicy(p: Problems, field: string, value: unknown): void {
    const rule = `${PUT_INLINE}: InlinePolicy is one IAM policy document in JSON`;
    if (typeof value !== "string" && !isPlainObject(value)) {
        p.error(
            field,
            value,
            `${rule} (got ${typeName(value)})`,
            `give the policy as JSON text with Version and Statement, e.g. inlinePolicyJson({ Version: "2012-10-17", Statement: [...] })`,
        );
        return;
    }
    let text: string;
    try {
        text = normaliseInlinePolicy(value);
    } catch (e) {
        p.error(
            field,
            value,
            `${rule}; it is not valid JSON (${(e as Error).message})`,
            "fix the JSON syntax (in code, build the text with inlinePolicyJson or JSON.stringify)",
        );
        return;
    }
    const doc: unknown = JSON.parse(text);
    if (!isPlainObject(doc)) {
        p.error(
            field,
            value,
            `IAM policy grammar: a policy document is a JSON object (got ${typeName(doc)})`,
            `wrap the statements: { "Version": "2012-10-17", "Statement": [...] }`,
        );
        return;
    }
    if (!hasOwn(doc, "Statement") || !(isPlainObject(doc.Statement) || (Array.isArray(doc.Statement) && doc.Statement.length > 0))) {
        p.error(
            field,
            value,
            "IAM policy grammar: a policy document needs a Statement (an object or a non-empty list)",
            `add "Statement": [{ "Effect": "Allow", "Action": ..., "Resource": ... }]`,
        );
    }
    if (!hasOwn(doc, "Version")) {
        p.warning(
            field,
            value,
            `IAM policy grammar: without "Version" IAM assumes 2008-10-17, which disables policy variables`,
            `add "Version": "2012-10-17"`,
        );
    } else if (typeof doc.Version !== "string" || !L.IAM_POLICY_VERSIONS.includes(doc.Version)) {
        p.error(
            `${field}.Version`,
            doc.Version,
            `IAM policy grammar: Version is one of ${L.IAM_POLICY_VERSIONS.map((v) => `"${v}"`).join(", ")}`,
            `use "Version": "2012-10-17"`,
        );
    }
    // Limits apply to the text the component sends, i.e. the compact form.
    const bad = firstBadCharacter(text, L.INLINE_POLICY_CHARSET);
    if (bad !== undefined) {
        p.error(field, value, `${PUT_INLINE}: InlinePolicy may hold only tab, newline and Latin-1 characters`, `remove or replace ${bad}`);
    }
    if (text.length > L.MAX_INLINE_POLICY_LENGTH) {
        p.error(
            field,
            value,
            `${PUT_INLINE}: InlinePolicy is at most ${L.MAX_INLINE_POLICY_LENGTH} characters (this one has ${text.length})`,
            "split the permissions into customer-managed policies",
        );
    }
    const nonWhitespace = nonWhitespaceLength(text);
    if (nonWhitespace > L.MAX_INLINE_POLICY_NON_WHITESPACE) {
        p.error(
            field,
            value,
            `${QUOTAS}: an inline policy has at most ${L.MAX_INLINE_POLICY_NON_WHITESPACE} ` +
                `non-whitespace characters (this one has ${nonWhitespace})`,
            "shorten it (wildcards in actions, fewer statements) or move part of it to customer-managed policies",
        );
    }
}

export function checkBoundary(p: Problems, field: string, value: unknown): void {
    const rule = `${PUT_BOUNDARY}: a permissions boundary is exactly one of managedPolicyArn or customerManagedPolicy`;
    if (!isPlainObject(value)) {
        p.error(
            field,
            value,
            rule,
            `write { managedPolicyArn: "arn:aws:iam::aws:policy/..." } or { customerManagedPolicy: { name: "...", path: "/" } }`,
        );
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
