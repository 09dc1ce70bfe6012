/** `identityCenter.scimTokenIssuedAt`: an ISO date that is not in the future. Its age is judged by policy/rules/credentialExpiry.ts. */
import { IdentityCenterArgs } from "../../args";
import { Problem } from "../../problems";
import { parseIsoDate } from "../../../policy/rules/credentialExpiry";
import { Problems } from "./kit";

const FIX = "give the day IAM Identity Center generated the token as YYYY-MM-DD (Settings → Automatic provisioning shows it), or omit it";

export function validateScimTokenIssuedAt(
    identityCenter: Pick<IdentityCenterArgs, "scimTokenIssuedAt"> | undefined,
    now: Date = new Date(),
): Problem[] {
    const p = new Problems();
    const value = identityCenter?.scimTokenIssuedAt;
    if (value === undefined) return p.list;
    const field = "identityCenter.scimTokenIssuedAt";
    const rule = "an ISO-8601 date (YYYY-MM-DD) or timestamp with a zone (2026-01-31T12:00:00Z)";
    if (!p.expectString(field, value, rule)) return p.list;
    const date = parseIsoDate(value);
    if (date === undefined) {
        p.error(field, value, rule, FIX);
    } else if (date.getTime() > now.getTime() + 24 * 60 * 60 * 1000) {
        p.error(field, value, "the SCIM token's issue date cannot be in the future (the age warnings would never fire)", FIX);
    }
    return p.list;
}
