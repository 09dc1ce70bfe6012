/**
 * `account-assignment-valid` (mandatory): an account assignment's target and principal as the API accepts them
 * (https://docs.aws.amazon.com/singlesignon/latest/APIReference/API_AccountAssignment.html). Every input of an
 * assignment forces replacement, so a wrong value found late costs a delete-and-create, i.e. minutes of lost access.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { ACCOUNT_ID, PRINCIPAL_ID, PRINCIPAL_TYPES, TARGET_TYPES } from "../limits";
import { violation } from "../messages";
import { AWS } from "../resourceTypes";
import { isUnknown } from "../unknowns";
import { forTypes } from "../kit";

export const accountAssignmentValid: ResourceValidationPolicy = {
    name: "account-assignment-valid",
    description:
        'Account assignments must target a 12-digit AWS account ID with targetType "AWS_ACCOUNT" and name a principal of type ' +
        '"USER" or "GROUP" by its Identity Center ID (a UUID).',
    enforcementLevel: "mandatory",
    validateResource: forTypes([AWS.accountAssignment], (props, args, report) => {
        const subject = { type: args.type, name: args.name };
        const say = (field: string, value: unknown, rule: string, fix: string) => report(violation({ subject, field, value, rule, fix }));
        const { targetId, targetType, principalType, principalId } = props;

        if (!isUnknown(targetId) && !(typeof targetId === "string" && ACCOUNT_ID.test(targetId))) {
            say(
                "targetId",
                targetId,
                "the target of an account assignment is an AWS account ID of exactly 12 digits (AWS CreateAccountAssignment)",
                'use the account ID as a string, with its leading zeros (e.g. "012345678901", not 12345678901)',
            );
        }
        if (!isUnknown(targetType) && !TARGET_TYPES.includes(targetType)) {
            say(
                "targetType",
                targetType,
                "AWS_ACCOUNT is the only target type, and @pulumi/aws requires it since 7.14.0",
                'set targetType: "AWS_ACCOUNT"',
            );
        }
        if (!isUnknown(principalType) && !PRINCIPAL_TYPES.includes(principalType)) {
            say(
                "principalType",
                principalType,
                "a principal is a USER or a GROUP (AWS CreateAccountAssignment)",
                'set principalType: "GROUP" (preferred) or "USER"',
            );
        }
        if (typeof principalId === "string" && !PRINCIPAL_ID.test(principalId)) {
            say(
                "principalId",
                principalId,
                "a principal ID is the Identity Center user or group ID (a UUID, or the legacy <10 hex>-<UUID>), not a name",
                "look the ID up with aws.identitystore.getGroup / getUser " +
                    "(alternateIdentifier.uniqueAttribute) instead of passing the display name",
            );
        }
    }),
};
