import * as fs from "node:fs";
import * as path from "node:path";
import { AwsIdentityCenterFederationArgs, inlinePolicyJson } from "../../components/args";

export const SP_METADATA_XML = fs.readFileSync(path.join(__dirname, "..", "fixtures", "aws-sp-metadata.xml"), "utf8");
// Same region as the SP metadata fixture (ap-northeast-1): one Identity Center instance.
export const SCIM_ENDPOINT = "https://scim.ap-northeast-1.amazonaws.com/Hw59fdecb43-083d-4307-b59f-ef4a9eb90ca6/scim/v2/";
export const SCIM_TOKEN = "scim-token-do-not-leak";

/** The seed setup: group aws-administrators gets Administrator (PT8H, AdministratorAccess) in the listed accounts. */
export function seedArgs(accounts: string[] = ["111111111111"]): AwsIdentityCenterFederationArgs {
    return {
        identityAttribute: "email",
        authentik: {
            applicationName: "AWS Console",
            applicationSlug: "aws-console",
            launchUrl: "https://example.awsapps.com/start",
            usersGroup: "aws-users",
            // What a real deployment has anyway (the authentik provider needs them): lets the component start the SCIM sync.
            apiUrl: "https://authentik.example.com",
            apiToken: "authentik-api-token",
        },
        identityCenter: {
            samlMetadataXml: SP_METADATA_XML,
            scimEndpoint: SCIM_ENDPOINT,
            scimToken: SCIM_TOKEN,
        },
        permissionSets: {
            Administrator: {
                description: "Administrator access for all accounts",
                sessionDuration: "PT8H",
                managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            },
        },
        assignments: [{ group: "aws-administrators", permissionSet: "Administrator", accounts }],
    };
}

/** A larger organisation: several permission sets, groups, a user, and every attachment kind. */
export function orgArgs(): AwsIdentityCenterFederationArgs {
    const base = seedArgs(["111111111111", "222222222222"]);
    return {
        ...base,
        authentik: { ...base.authentik, scimGroups: ["aws-auditors"] },
        permissionSets: {
            ...base.permissionSets,
            ReadOnly: {
                description: "Read-only access",
                sessionDuration: "PT4H",
                managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
                customerManagedPolicies: [{ name: "DenyBilling" }, { name: "TeamBoundary", path: "/teams/" }],
                inlinePolicy: inlinePolicyJson({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }],
                }),
                permissionsBoundary: { customerManagedPolicy: { name: "TeamBoundary", path: "/teams/" } },
                tags: { team: "platform" },
            },
        },
        assignments: [
            { group: "aws-administrators", permissionSet: "Administrator", accounts: ["111111111111"] },
            { group: "aws-readonly", permissionSet: "ReadOnly", accounts: ["111111111111", "222222222222"] },
            { group: "Platform Team / EU", permissionSet: "ReadOnly", accounts: ["222222222222"] },
            { user: "alice@example.com", permissionSet: "Administrator", accounts: ["222222222222"] },
        ],
    };
}
