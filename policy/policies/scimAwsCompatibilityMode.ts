/**
 * `scim-aws-compatibility-mode` (mandatory): IAM Identity Center's SCIM API needs authentik's `aws` compatibility
 * mode (no PATCH: group membership goes out as PUT with the full member list; authentik source:
 * authentik/providers/scim/clients/base.py, `get_service_provider_config`, and clients/groups.py), as step 4 of
 * authentik's AWS guide says (https://integrations.goauthentik.io/cloud-providers/aws/).
 */
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { isAwsScimUrl } from "../federation";
import { violation } from "../messages";
import { AUTHENTIK } from "../resourceTypes";
import { isUnknown } from "../unknowns";
import { forTypes } from "../kit";

export const scimAwsCompatibilityMode: ResourceValidationPolicy = {
    name: "scim-aws-compatibility-mode",
    description:
        "A SCIM provider whose URL is an AWS IAM Identity Center SCIM endpoint (https://scim.<region>.amazonaws.com/...) must " +
        'set compatibilityMode: "aws"; authentik\'s default mode uses PATCH ' +
        "requests that Identity Center does not handle the way authentik expects.",
    enforcementLevel: "mandatory",
    validateResource: forTypes([AUTHENTIK.scimProvider], (props, args, report) => {
        if (isAwsScimUrl(props.url) !== true) return;
        const mode = props.compatibilityMode;
        if (isUnknown(mode) || mode === "aws") return;
        report(
            violation({
                subject: { type: args.type, name: args.name, displayName: props.name },
                field: "compatibilityMode",
                value: mode ?? '(not set: authentik uses "default")',
                rule:
                    `the URL ${JSON.stringify(props.url)} is an AWS IAM Identity Center SCIM endpoint, which ` +
                    `needs authentik's AWS compatibility mode (PUT instead of PATCH; authentik AWS guide)`,
                fix: 'set compatibilityMode: "aws"',
            }),
        );
    }),
};
