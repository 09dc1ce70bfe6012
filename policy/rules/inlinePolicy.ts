/**
 * The inline-policy size rule, written once. IAM Identity Center quotas
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/limits.html): an inline policy has at most 10,240
 * characters that are not whitespace. Whitespace here is JSON's (space, tab, LF, CR): the only whitespace a policy
 * document can hold outside its strings, and the characters AWS's own minified-policy size counts leave out.
 */
import { MAX_INLINE_POLICY_NON_WHITESPACE } from "./awsLimits";

const JSON_WHITESPACE = /[ \t\n\r]/g;

/** Characters of `text` that count against the inline-policy quota. */
export function nonWhitespaceLength(text: string): number {
    return text.replace(JSON_WHITESPACE, "").length;
}

/** True when the inline policy's text is over the non-whitespace quota. */
export function overInlinePolicyQuota(text: string): boolean {
    return nonWhitespaceLength(text) > MAX_INLINE_POLICY_NON_WHITESPACE;
}
