/**
 * `permission-set-limits` (mandatory): the AWS API limits of a permission set and its inline policy
 * (AWS CreatePermissionSet and PutInlinePolicyToPermissionSet API reference, IAM Identity Center quotas), plus an
 * organisation's own session maximum.
 * Broken limits otherwise surface as a failed `pulumi up` half-way through, or as a provider retry loop.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import {
    INLINE_POLICY_CHARSET,
    ISO_8601_DURATION,
    MAX_DESCRIPTION_LENGTH,
    MAX_INLINE_POLICY_LENGTH,
    MAX_INLINE_POLICY_NON_WHITESPACE,
    MAX_PERMISSION_SET_NAME_LENGTH,
    MAX_RELAY_STATE_LENGTH,
    MAX_SESSION_SECONDS,
    MIN_SESSION_SECONDS,
    parseIsoDurationSeconds,
    PERMISSION_SET_DESCRIPTION,
    PERMISSION_SET_NAME,
    RELAY_STATE,
} from "../limits";
import { nonWhitespaceLength } from "../rules/inlinePolicy";
import { violation } from "../messages";
import { AWS } from "../resourceTypes";
import { isUnknown } from "../unknowns";
import { configOf, forTypes } from "../kit";

export interface PermissionSetLimitsConfig {
    /** The longest session the organisation allows, ISO-8601 (AWS's own maximum is PT12H). */
    maxSessionDuration: string;
}

function hours(seconds: number): string {
    return seconds % 3600 === 0 ? `${seconds / 3600}h` : `${seconds}s`;
}

export const permissionSetLimits: ResourceValidationPolicy = {
    name: "permission-set-limits",
    description:
        "Permission sets must fit the IAM Identity Center API: an explicit name (no " +
        "auto-naming), 1-32 characters of [A-Za-z0-9_+=,.@-]; description up to 700 " +
        "characters of printable ASCII/Latin-1; sessionDuration an ISO-8601 duration between PT1H and the configured maximum " +
        "(default PT12H, AWS's limit); relayState up to 240 URL-path characters; inline policy valid JSON of Latin-1 characters, at most " +
        "32,768 characters and 10,240 non-whitespace characters.",
    enforcementLevel: "mandatory",
    configSchema: {
        properties: {
            maxSessionDuration: {
                type: "string",
                default: "PT12H",
                pattern: ISO_8601_DURATION.source,
                description: "Longest allowed permission-set session, ISO-8601 (e.g. PT8H). Values above PT12H are capped at AWS's PT12H.",
            },
        },
    },
    validateResource: forTypes([AWS.permissionSet, AWS.inlinePolicy], (props, args, report) => {
        const subject = { type: args.type, name: args.name, displayName: props.name };
        const say = (field: string, value: unknown, rule: string, fix: string) => report(violation({ subject, field, value, rule, fix }));

        if (args.type === AWS.inlinePolicy) {
            checkInlinePolicy(props.inlinePolicy, say);
            return;
        }

        const { name, description, sessionDuration, relayState } = props;
        if (name === undefined || name === null) {
            // AWS CreatePermissionSet requires Name; without it Pulumi auto-names the set `<logical name>-<random>`,
            // which may pass 32 characters and changes (replacing the set and its assignments) with the logical name.
            say(
                "name",
                undefined,
                `a permission set needs an explicit name: AWS CreatePermissionSet ` +
                    `requires it, and Pulumi's auto-name (logical name plus a random suffix) ` +
                    `can exceed ${MAX_PERMISSION_SET_NAME_LENGTH} characters and changes, ` +
                    `replacing the set and its account assignments, when the logical name does`,
                "set name explicitly (1-32 characters of [A-Za-z0-9_+=,.@-]), e.g. the name people see in the AWS access portal",
            );
        } else if (typeof name === "string" && !PERMISSION_SET_NAME.test(name)) {
            say(
                "name",
                name,
                name.length > MAX_PERMISSION_SET_NAME_LENGTH
                    ? `a permission set name has at most ${MAX_PERMISSION_SET_NAME_LENGTH} ` +
                          `characters (it is ${name.length}) (AWS CreatePermissionSet)`
                    : "a permission set name may only contain ASCII letters, digits and _+=,.@- (AWS CreatePermissionSet)",
                "shorten or rename it; note that renaming a permission set replaces it and every account assignment that uses it",
            );
        }
        if (typeof description === "string") {
            if (description.length === 0 || description.length > MAX_DESCRIPTION_LENGTH) {
                say(
                    "description",
                    description,
                    `a description has 1-${MAX_DESCRIPTION_LENGTH} characters (it is ${description.length}) (AWS CreatePermissionSet)`,
                    description.length === 0
                        ? "leave description unset instead of empty"
                        : `shorten it to ${MAX_DESCRIPTION_LENGTH} characters`,
                );
            } else if (!PERMISSION_SET_DESCRIPTION.test(description)) {
                const bad = [...description].filter((c) => !PERMISSION_SET_DESCRIPTION.test(c));
                say(
                    "description",
                    description,
                    `a description may only contain tab, newline, printable ASCII and Latin-1 characters; found ${bad
                        .slice(0, 5)
                        .map((c) => JSON.stringify(c))
                        .join(", ")} (AWS CreatePermissionSet)`,
                    "remove emoji and non-Latin-1 characters",
                );
            }
        }
        if (typeof sessionDuration === "string") {
            const config = configOf<PermissionSetLimitsConfig>(args, { maxSessionDuration: "PT12H" });
            const configured = parseIsoDurationSeconds(config.maxSessionDuration);
            const max = Math.min(
                configured !== undefined && configured >= MIN_SESSION_SECONDS ? configured : MAX_SESSION_SECONDS,
                MAX_SESSION_SECONDS,
            );
            const seconds = parseIsoDurationSeconds(sessionDuration);
            if (seconds === undefined) {
                say(
                    "sessionDuration",
                    sessionDuration,
                    "a session duration is an ISO-8601 duration such as PT1H or PT8H30M (AWS CreatePermissionSet)",
                    "write it as PT<hours>H",
                );
            } else if (seconds < MIN_SESSION_SECONDS || seconds > max) {
                const limit =
                    max < MAX_SESSION_SECONDS
                        ? `the organisation's maximum, ${config.maxSessionDuration} (policy config maxSessionDuration)`
                        : "AWS's maximum of PT12H";
                say(
                    "sessionDuration",
                    sessionDuration,
                    `a permission-set session lasts between PT1H and ${limit}; this one is ${hours(seconds)}`,
                    `use a duration between PT1H and ${max === MAX_SESSION_SECONDS ? "PT12H" : config.maxSessionDuration}`,
                );
            }
        }
        if (
            typeof relayState === "string" &&
            (relayState.length === 0 || relayState.length > MAX_RELAY_STATE_LENGTH || !RELAY_STATE.test(relayState))
        ) {
            say(
                "relayState",
                relayState,
                relayState.length > MAX_RELAY_STATE_LENGTH || relayState.length === 0
                    ? `a relay state has 1-${MAX_RELAY_STATE_LENGTH} characters (it is ${relayState.length}) (AWS CreatePermissionSet)`
                    : "a relay state may only contain URL characters (letters, digits " +
                          "and &$@#\\/%?=~-_'\"|!:,.;*+[]() {}) (AWS CreatePermissionSet)",
                "use the console path, e.g. https://console.aws.amazon.com/ec2/home, " +
                    "within 240 characters; leave it unset for the console home",
            );
        }
    }),
};

function checkInlinePolicy(policy: unknown, say: (field: string, value: unknown, rule: string, fix: string) => void): void {
    if (isUnknown(policy) || policy === undefined || policy === null) return;
    const text = typeof policy === "string" ? policy : JSON.stringify(policy);
    const shown = `${text.length} characters`;
    if (typeof policy === "string") {
        try {
            JSON.parse(policy);
        } catch (e) {
            say(
                "inlinePolicy",
                shown,
                `an inline policy must be valid IAM policy JSON (${(e as Error).message})`,
                "fix the JSON, e.g. build it with JSON.stringify or aws.iam.getPolicyDocument",
            );
            return;
        }
    }
    if (text.length > MAX_INLINE_POLICY_LENGTH) {
        say(
            "inlinePolicy",
            shown,
            `an inline policy has at most ${MAX_INLINE_POLICY_LENGTH} characters (AWS PutInlinePolicyToPermissionSet)`,
            "move statements into customer-managed policies attached by name",
        );
    }
    const nonWhitespace = nonWhitespaceLength(text);
    if (nonWhitespace > MAX_INLINE_POLICY_NON_WHITESPACE) {
        say(
            "inlinePolicy",
            `${nonWhitespace} non-whitespace characters`,
            `IAM Identity Center allows at most ${MAX_INLINE_POLICY_NON_WHITESPACE} ` +
                `non-whitespace characters in an inline policy (IAM Identity Center quotas)`,
            "move statements into customer-managed policies attached by name, or merge statements with wildcards",
        );
    }
    if (text.length > 0 && !INLINE_POLICY_CHARSET.test(text)) {
        const bad = [...text].filter((c) => !INLINE_POLICY_CHARSET.test(c));
        say(
            "inlinePolicy",
            shown,
            `an inline policy may only contain tab, newline and Latin-1 characters; found ${bad
                .slice(0, 5)
                .map((c) => JSON.stringify(c))
                .join(", ")} (AWS PutInlinePolicyToPermissionSet)`,
            "remove non-Latin-1 characters (e.g. in Sid values or conditions)",
        );
    }
}
