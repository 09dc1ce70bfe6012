/** Identity Center IDs: the instance ARN, the identity store ID and the pinned principal IDs. */
import { IdentityCenterArgs, PrincipalIdsArgs } from "../../args";
import { Problem } from "../../problems";
import * as L from "../../../policy/rules/awsLimits";
import { CREATE_ASSIGNMENT, CREATE_PERMISSION_SET, fieldPath, IDENTITY_STORE, isPlainObject, Problems, untrimmedName } from "./kit";

function checkPinned(p: Problems, field: string, map: unknown, kind: "group" | "user"): void {
    if (map === undefined) return;
    if (!isPlainObject(map)) {
        p.error(
            field,
            map,
            `principalIds.${kind}s maps a ${kind === "group" ? "display name" : "userName"} to an Identity Center ${kind} ID`,
            `write it as { "<name>": "<id>" }`,
        );
        return;
    }
    const rule = `${CREATE_ASSIGNMENT}: PrincipalId is a UUID (or the legacy <10 hex>-<UUID> form)`;
    const fix =
        `copy the ${kind} ID from the IAM Identity Center console (${kind === "group" ? "Groups" : "Users"} → ` +
        `the ${kind} → ${kind === "group" ? "Group" : "User"} ID) or from \`aws identitystore get-${kind}-id\``;
    for (const [name, id] of Object.entries(map)) {
        const idField = fieldPath(field, name);
        untrimmedName(p, idField, name, kind);
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
            p.error(
                "identityCenter.instanceArn",
                arn,
                rule,
                "copy the ARN from IAM Identity Center → Settings → Instance ARN, or omit it to look it up",
            );
        }
    }
    const storeId = identityCenter?.identityStoreId;
    if (storeId !== undefined) {
        const rule = `${IDENTITY_STORE}: IdentityStoreId is d- and 10 hex digits (or a UUID)`;
        if (p.expectString("identityCenter.identityStoreId", storeId, rule) && !L.IDENTITY_STORE_ID.test(storeId)) {
            p.error(
                "identityCenter.identityStoreId",
                storeId,
                rule,
                'copy it from IAM Identity Center → Settings → Identity source (e.g. "d-906752b26f"), or omit it to look it up',
            );
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
                p.error(
                    "principalIds.externalGroups",
                    ext,
                    "principalIds.externalGroups is a list of Identity Center group display names",
                    'write it as ["AWSControlTowerAdmins"]',
                );
            } else if (ext !== undefined) {
                ext.forEach((g, i) => untrimmedName(p, `principalIds.externalGroups[${i}]`, g, "group"));
            }
        }
    }
    return p.list;
}
