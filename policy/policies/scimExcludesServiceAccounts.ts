/**
 * `scim-excludes-service-accounts` (mandatory): authentik service accounts (outposts, integrations) are users too;
 * without the exclusion SCIM provisions them into AWS as people who could be granted access.
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAwsScimUrl } from "../federation";
import { violation } from "../messages";
import { AUTHENTIK } from "../resourceTypes";
import { isUnknown } from "../unknowns";
import { forTypes } from "../kit";

export const scimExcludesServiceAccounts: ResourceValidationPolicy = {
    name: "scim-excludes-service-accounts",
    description:
        "A SCIM provider that pushes to AWS IAM Identity Center must set excludeUsersServiceAccount: true, so authentik's " +
        "service accounts (type service_account and internal_service_account) never become Identity Center users.",
    enforcementLevel: "mandatory",
    validateResource: forTypes([AUTHENTIK.scimProvider], (props, args, report) => {
        if (isAwsScimUrl(props.url) !== true) return;
        const exclude = props.excludeUsersServiceAccount;
        if (isUnknown(exclude) || exclude === true) return;
        report(
            violation({
                subject: { type: args.type, name: args.name, displayName: props.name },
                field: "excludeUsersServiceAccount",
                value: exclude,
                rule:
                    "without it authentik provisions its service accounts (outposts, " +
                    "API integrations) to AWS as users (authentik SCIM provider docs)",
                fix: "set excludeUsersServiceAccount: true",
            }),
        );
    }),
};
