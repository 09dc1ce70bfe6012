import { strict as assert } from "node:assert";
import { AwsIdentityCenterFederationArgs, PermissionSetArgs, inlinePolicyJson } from "../components/args";
import { formatProblem, Problem } from "../components/problems";
import { MAX_SESSION_HOURS, parseIsoDurationSeconds, PERMISSION_SET_NAME } from "../policy/rules/awsLimits";
import { validateAssignments, validateAwsSide, validateIdentityCenterIds, validatePermissionSets } from "../components/aws/validation";

const PINNED_GROUP_ID = "e40884a8-9021-7098-ba89-1f2ab32bab88";

/** A complete, valid AWS side that uses every feature once. Each case changes one thing. */
function baseArgs(): AwsIdentityCenterFederationArgs {
    return {
        identityAttribute: "email",
        authentik: { applicationName: "AWS", applicationSlug: "aws", usersGroup: "aws-users", scimGroups: ["aws-auditors"] },
        identityCenter: {
            scimEndpoint: "https://scim.us-east-2.amazonaws.com/Hw59fdecb43-083d-4307-b59f-ef4a9eb90ca6/scim/v2/",
            scimToken: "token",
            instanceArn: "arn:aws:sso:::instance/ssoins-72236e90633f0325",
            identityStoreId: "d-906752b26f",
        },
        permissionSets: {
            Admin: {
                description: "Full access for the platform team",
                sessionDuration: "PT4H",
                relayState: "https://console.aws.amazon.com/ec2/home?region=us-east-1#Instances:",
                managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"],
                tags: { team: "platform" },
            },
            ReadOnly: {
                managedPolicies: ["arn:aws:iam::aws:policy/ReadOnlyAccess"],
                customerManagedPolicies: [{ name: "DenySecrets", path: "/guardrails/" }],
                inlinePolicy: inlinePolicyJson({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Deny", Action: "secretsmanager:GetSecretValue", Resource: "*" }],
                }),
                permissionsBoundary: { managedPolicyArn: "arn:aws:iam::aws:policy/PowerUserAccess" },
            },
        },
        assignments: [
            { group: "aws-admins", permissionSet: "Admin", accounts: ["762490340130"] },
            // Declared external below: managed outside authentik (e.g. a Control Tower group), never pushed by SCIM.
            { group: "ct-auditors", permissionSet: "ReadOnly", accounts: ["762490340130", "111122223333"] },
            { user: "alice@example.com", permissionSet: "ReadOnly", accounts: ["111122223333"] },
        ],
        principalIds: { groups: { "ct-auditors": PINNED_GROUP_ID }, externalGroups: ["ct-auditors"] },
        principalWait: { timeoutSeconds: 600, initialDelaySeconds: 1, maxDelaySeconds: 20 },
    };
}

type Mutation = (a: AwsIdentityCenterFederationArgs) => void;

function run(mutate: Mutation): Problem[] {
    const args = baseArgs();
    mutate(args);
    return validateAwsSide(args);
}

const admin = (a: AwsIdentityCenterFederationArgs) => a.permissionSets!.Admin;
const readOnly = (a: AwsIdentityCenterFederationArgs) => a.permissionSets!.ReadOnly;
const setAdmin =
    (patch: Partial<PermissionSetArgs> | Record<string, unknown>): Mutation =>
    (a) => {
        Object.assign(admin(a), patch);
    };
const renameAdmin =
    (name: string): Mutation =>
    (a) => {
        a.permissionSets![name] = admin(a);
        delete a.permissionSets!.Admin;
        a.assignments![0].permissionSet = name;
    };
const manyPolicies = (n: number) => Array.from({ length: n }, (_, i) => `arn:aws:iam::aws:policy/Policy${i}`);
const wideInlinePolicy = (resources: number) => ({
    Version: "2012-10-17",
    Statement: [
        {
            Effect: "Allow",
            Action: "s3:GetObject",
            Resource: Array.from({ length: resources }, (_, i) => `arn:aws:s3:::bucket-${String(i).padStart(5, "0")}/*`),
        },
    ],
});

interface RuleCase {
    rule: string;
    pass: Mutation[];
    fail: { mutate: Mutation; field: string; rule: RegExp; fix?: RegExp; severity?: "error" | "warning" }[];
}

const cases: RuleCase[] = [
    {
        rule: "permission set name: 1-32 of [\\w+=,.@-]",
        pass: [renameAdmin("Admin+Ops.2024@team=a,b-c_d"), renameAdmin("A".repeat(32))],
        fail: [
            {
                mutate: renameAdmin("Admin Access"),
                field: 'permissionSets["Admin Access"]',
                rule: /AWS CreatePermissionSet: Name is 1–32/,
                fix: /"Admin-Access"/,
            },
            { mutate: renameAdmin("A".repeat(33)), field: `permissionSets.${"A".repeat(33)}`, rule: /AWS CreatePermissionSet: Name/ },
            { mutate: renameAdmin("Adminé"), field: 'permissionSets["Adminé"]', rule: /ASCII/ },
        ],
    },
    {
        rule: "description: 1-700 Latin-1 characters",
        pass: [setAdmin({ description: "Équipe plateforme: accès complet\n\t(Latin-1 ©)" }), setAdmin({ description: "x".repeat(700) })],
        fail: [
            {
                mutate: setAdmin({ description: "x".repeat(701) }),
                field: "permissionSets.Admin.description",
                rule: /Description is 1–700.*701/,
                fix: /shorten/,
            },
            { mutate: setAdmin({ description: "Admins 🚀" }), field: "permissionSets.Admin.description", rule: /Latin-1/, fix: /U\+1F680/ },
            { mutate: setAdmin({ description: "" }), field: "permissionSets.Admin.description", rule: /Description/, fix: /omit/ },
        ],
    },
    {
        rule: "session duration: ISO-8601, PT1H..PT12H",
        pass: [
            setAdmin({ sessionDuration: "PT1H" }),
            setAdmin({ sessionDuration: "PT12H" }),
            setAdmin({ sessionDuration: "PT90M" }),
            setAdmin({ sessionDuration: "PT43200S" }),
        ],
        fail: [
            {
                mutate: setAdmin({ sessionDuration: "PT30M" }),
                field: "permissionSets.Admin.sessionDuration",
                rule: /PT1H to PT12H.*1800 seconds/,
                fix: /at least "PT1H"/,
            },
            {
                mutate: setAdmin({ sessionDuration: "PT13H" }),
                field: "permissionSets.Admin.sessionDuration",
                rule: /PT1H to PT12H/,
                fix: /at most "PT12H"/,
            },
            { mutate: setAdmin({ sessionDuration: "P1D" }), field: "permissionSets.Admin.sessionDuration", rule: /86400 seconds/ },
            {
                mutate: setAdmin({ sessionDuration: "4 hours" }),
                field: "permissionSets.Admin.sessionDuration",
                rule: /ISO-8601/,
                fix: /"PT4H"/,
            },
            {
                mutate: setAdmin({ sessionDuration: "pt4h" }),
                field: "permissionSets.Admin.sessionDuration",
                rule: /ISO-8601/,
                fix: /upper case.*"PT4H"/,
            },
        ],
    },
    {
        rule: "relay state: 1-240 of the allowed characters",
        pass: [
            setAdmin({ relayState: "/" + "a".repeat(239) }),
            setAdmin({ relayState: "https://console.aws.amazon.com/s3/buckets?region=eu-west-1&tab=[all] (x) {y}" }),
        ],
        fail: [
            {
                mutate: setAdmin({ relayState: "/" + "a".repeat(240) }),
                field: "permissionSets.Admin.relayState",
                rule: /RelayState is 1–240.*241/,
            },
            {
                mutate: setAdmin({ relayState: "https://console.aws.amazon.com/<x>" }),
                field: "permissionSets.Admin.relayState",
                rule: /RelayState/,
                fix: /"<"/,
            },
            { mutate: setAdmin({ relayState: "" }), field: "permissionSets.Admin.relayState", rule: /RelayState/, fix: /omit/ },
        ],
    },
    {
        rule: "managed policies: AWS-managed ARNs only",
        pass: [
            setAdmin({
                managedPolicies: ["arn:aws-us-gov:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"],
            }),
        ],
        fail: [
            {
                mutate: setAdmin({ managedPolicies: ["arn:aws:iam::123456789012:policy/team/DenyAll"] }),
                field: "permissionSets.Admin.managedPolicies[0]",
                rule: /AWS AttachManagedPolicyToPermissionSet: customer-managed policy ARNs/,
                fix: /permissionSets\.Admin\.customerManagedPolicies as \{ name: "DenyAll", path: "\/team\/" \}/,
            },
            {
                mutate: setAdmin({ managedPolicies: ["ReadOnlyAccess"] }),
                field: "permissionSets.Admin.managedPolicies[0]",
                rule: /AWS-managed policy ARN/,
                fix: /arn:aws:iam::aws:policy\/ReadOnlyAccess/,
            },
            {
                mutate: setAdmin({ managedPolicies: "arn:aws:iam::aws:policy/ReadOnlyAccess" }),
                field: "permissionSets.Admin.managedPolicies",
                rule: /list of ARNs/,
            },
        ],
    },
    {
        rule: "customer-managed references: name and path format",
        pass: [
            setAdmin({ customerManagedPolicies: [{ name: "Deny+Secrets.v2@team=a,b-c_d" }, { name: "X", path: "/a/b.c/" }] }),
            setAdmin({ customerManagedPolicies: [{ name: "N".repeat(128), path: "/" }] }),
        ],
        fail: [
            {
                mutate: setAdmin({ customerManagedPolicies: [{ name: "Deny Secrets" }] }),
                field: "permissionSets.Admin.customerManagedPolicies[0].name",
                rule: /AWS AttachCustomerManagedPolicyReferenceToPermissionSet: CustomerManagedPolicyReference Name/,
            },
            {
                mutate: setAdmin({ customerManagedPolicies: [{ name: "N".repeat(129) }] }),
                field: "permissionSets.Admin.customerManagedPolicies[0].name",
                rule: /1–128/,
                fix: /shorten/,
            },
            {
                mutate: setAdmin({ customerManagedPolicies: [{ name: "arn:aws:iam::123456789012:policy/ops/Deny" }] }),
                field: "permissionSets.Admin.customerManagedPolicies[0].name",
                rule: /Name/,
                fix: /name: "Deny", path: "\/ops\/"/,
            },
            {
                mutate: setAdmin({ customerManagedPolicies: [{ name: "X", path: "team" }] }),
                field: "permissionSets.Admin.customerManagedPolicies[0].path",
                rule: /starts and ends with "\/"/,
                fix: /"\/team\/"/,
            },
            {
                mutate: setAdmin({ customerManagedPolicies: [{ name: "X", path: "/a b/" }] }),
                field: "permissionSets.Admin.customerManagedPolicies[0].path",
                rule: /Path/,
            },
        ],
    },
    {
        rule: "policy count: at most 20, warning above 10",
        pass: [
            setAdmin({ managedPolicies: manyPolicies(10) }),
            setAdmin({
                managedPolicies: manyPolicies(5),
                customerManagedPolicies: Array.from({ length: 5 }, (_, i) => ({ name: `C${i}` })),
            }),
        ],
        fail: [
            {
                mutate: setAdmin({ managedPolicies: manyPolicies(11) }),
                field: "permissionSets.Admin",
                rule: /IAM allows 10 managed policies per role by default/,
                fix: /raise the IAM quota/,
                severity: "warning",
            },
            {
                mutate: setAdmin({
                    managedPolicies: manyPolicies(15),
                    customerManagedPolicies: Array.from({ length: 6 }, (_, i) => ({ name: `C${i}` })),
                }),
                field: "permissionSets.Admin",
                rule: /IAM Identity Center quotas: at most 20/,
                fix: /remove 1/,
            },
            // Duplicates count once (the wiring attaches each distinct policy once) and are flagged.
            {
                mutate: setAdmin({ managedPolicies: [...manyPolicies(10), "arn:aws:iam::aws:policy/Policy0"] }),
                field: "permissionSets.Admin.managedPolicies[10]",
                rule: /listed twice/,
                severity: "warning",
            },
        ],
    },
    {
        rule: "inline policy: IAM policy JSON within the size limits",
        pass: [
            setAdmin({
                inlinePolicy:
                    '{\n  "Version": "2012-10-17",\n  "Statement": { "Effect": ' +
                    '"Allow", "Action": "s3:ListAllMyBuckets", "Resource": "*" }\n}',
            }),
            // Formatting whitespace is dropped: the compact text is what is sent...
            setAdmin({ inlinePolicy: JSON.stringify(wideInlinePolicy(230), null, 8) }),
            // ... and whitespace left in values does not count against the 10,240 quota.
            setAdmin({
                inlinePolicy: {
                    Version: "2012-10-17",
                    Statement: {
                        Effect: "Allow",
                        Action: "s3:*",
                        Resource: "*",
                        Condition: { StringLike: { "aws:userid": `x${" ".repeat(12000)}x` } },
                    },
                },
            }),
        ],
        fail: [
            {
                mutate: setAdmin({ inlinePolicy: '{"Version": "2012-10-17", "Statement": [' }),
                field: "permissionSets.Admin.inlinePolicy",
                rule: /AWS PutInlinePolicyToPermissionSet: .*not valid JSON/,
                fix: /JSON syntax/,
            },
            { mutate: setAdmin({ inlinePolicy: "[]" }), field: "permissionSets.Admin.inlinePolicy", rule: /a JSON object \(got array\)/ },
            {
                mutate: setAdmin({ inlinePolicy: { Version: "2012-10-17" } }),
                field: "permissionSets.Admin.inlinePolicy",
                rule: /needs a Statement/,
            },
            {
                mutate: setAdmin({ inlinePolicy: { Version: "2012-10-17", Statement: [] } }),
                field: "permissionSets.Admin.inlinePolicy",
                rule: /needs a Statement/,
            },
            {
                mutate: setAdmin({ inlinePolicy: { Version: "2020-01-01", Statement: {} } }),
                field: "permissionSets.Admin.inlinePolicy.Version",
                rule: /"2012-10-17", "2008-10-17"/,
            },
            {
                mutate: setAdmin({ inlinePolicy: { Statement: {} } }),
                field: "permissionSets.Admin.inlinePolicy",
                rule: /without "Version"/,
                severity: "warning",
            },
            {
                mutate: setAdmin({ inlinePolicy: { Version: "2012-10-17", Statement: { Sid: "読み取り" } } }),
                field: "permissionSets.Admin.inlinePolicy",
                rule: /only tab, newline and Latin-1/,
                fix: /U\+8AAD/,
            },
            {
                mutate: setAdmin({ inlinePolicy: wideInlinePolicy(400) }),
                field: "permissionSets.Admin.inlinePolicy",
                rule: /at most 10240 non-whitespace characters/,
            },
            {
                mutate: setAdmin({
                    inlinePolicy: {
                        Version: "2012-10-17",
                        Statement: {
                            Effect: "Allow",
                            Action: "s3:*",
                            Resource: "*",
                            Condition: { StringLike: { "aws:userid": `x${" ".repeat(33000)}x` } },
                        },
                    },
                }),
                field: "permissionSets.Admin.inlinePolicy",
                rule: /InlinePolicy is at most 32768 characters/,
            },
            { mutate: setAdmin({ inlinePolicy: 42 }), field: "permissionSets.Admin.inlinePolicy", rule: /got number/ },
        ],
    },
    {
        rule: "permissions boundary: exactly one kind",
        pass: [
            (a) => void (readOnly(a).permissionsBoundary = { customerManagedPolicy: { name: "Boundary", path: "/b/" } }),
            (a) => void (readOnly(a).permissionsBoundary = { managedPolicyArn: "arn:aws-cn:iam::aws:policy/ReadOnlyAccess" }),
        ],
        fail: [
            {
                mutate: (a) =>
                    void (readOnly(a).permissionsBoundary = {
                        managedPolicyArn: "arn:aws:iam::aws:policy/X",
                        customerManagedPolicy: { name: "Y" },
                    } as never),
                field: "permissionSets.ReadOnly.permissionsBoundary",
                rule: /AWS PutPermissionsBoundaryToPermissionSet: .*exactly one/,
                fix: /remove one/,
            },
            {
                mutate: (a) => void (readOnly(a).permissionsBoundary = {} as never),
                field: "permissionSets.ReadOnly.permissionsBoundary",
                rule: /exactly one/,
                fix: /give managedPolicyArn or customerManagedPolicy/,
            },
            {
                mutate: (a) => void (readOnly(a).permissionsBoundary = { managedPolicyArn: "arn:aws:iam::123456789012:policy/Boundary" }),
                field: "permissionSets.ReadOnly.permissionsBoundary.managedPolicyArn",
                rule: /customer-managed policy ARNs/,
                fix: /permissionsBoundary\.customerManagedPolicy as \{ name: "Boundary", path: "\/" \}/,
            },
            {
                mutate: (a) => void (readOnly(a).permissionsBoundary = { customerManagedPolicy: { name: "B", path: "b" } }),
                field: "permissionSets.ReadOnly.permissionsBoundary.customerManagedPolicy.path",
                rule: /Path/,
            },
        ],
    },
    {
        rule: "tags: at most 75, key/value length and characters",
        pass: [
            setAdmin({ tags: Object.fromEntries(Array.from({ length: 75 }, (_, i) => [`k${i}`, `v${i}`])) }),
            setAdmin({ tags: { "Équipe données": "plateforme/ops", ["k".repeat(128)]: "v".repeat(256), "cost:center": "" } }),
        ],
        fail: [
            {
                mutate: setAdmin({ tags: Object.fromEntries(Array.from({ length: 76 }, (_, i) => [`k${i}`, `v${i}`])) }),
                field: "permissionSets.Admin.tags",
                rule: /at most 75 tags/,
                fix: /remove 1 tags/,
            },
            {
                mutate: setAdmin({ tags: { ["k".repeat(129)]: "v" } }),
                field: `permissionSets.Admin.tags.${"k".repeat(129)}`,
                rule: /tag key is 1–128.*129/,
            },
            {
                mutate: setAdmin({ tags: { team: "v".repeat(257) } }),
                field: "permissionSets.Admin.tags.team",
                rule: /tag value is 0–256.*257/,
            },
            { mutate: setAdmin({ tags: { "owner<": "x" } }), field: 'permissionSets.Admin.tags["owner<"]', rule: /tag key/, fix: /"<"/ },
            { mutate: setAdmin({ tags: { team: "a;b" } }), field: "permissionSets.Admin.tags.team", rule: /tag value/, fix: /";"/ },
            { mutate: setAdmin({ tags: { "": "x" } }), field: 'permissionSets.Admin.tags[""]', rule: /tag key is 1–128/ },
        ],
    },
    {
        rule: "assignment accounts: non-empty list of 12-digit strings",
        pass: [(a) => void (a.assignments![0].accounts = ["012345678901", "999999999999"])],
        fail: [
            { mutate: (a) => void (a.assignments![0].accounts = []), field: "assignments[0].accounts", rule: /at least one account/ },
            {
                mutate: (a) => void (a.assignments![0].accounts = ["762490340130", "12345678901"]),
                field: "assignments[0].accounts[1]",
                rule: /AWS CreateAccountAssignment: TargetId is a 12-digit/,
            },
            {
                mutate: (a) => void (a.assignments![0].accounts = ["7624-9034-0130"]),
                field: "assignments[0].accounts[0]",
                rule: /12-digit/,
                fix: /"762490340130"/,
            },
            {
                mutate: (a) => void (a.assignments![0].accounts = [12345678901 as unknown as string]),
                field: "assignments[0].accounts[0]",
                rule: /YAML reads unquoted digits as a number.*leading zero is lost \(this one has 11 digits\)/,
                fix: /"012345678901".*--type string 012345678901/,
            },
            {
                mutate: (a) => void (a.assignments![0].accounts = "762490340130" as unknown as string[]),
                field: "assignments[0].accounts",
                rule: /list/,
            },
        ],
    },
    {
        rule: "assignment permission set must exist",
        pass: [(a) => void (a.assignments![0].permissionSet = "ReadOnly")],
        fail: [
            {
                mutate: (a) => void (a.assignments![0].permissionSet = "PowerUser"),
                field: "assignments[0].permissionSet",
                rule: /no permission set with this name/,
                fix: /"Admin", "ReadOnly", or define permissionSets\.PowerUser/,
            },
            {
                mutate: (a) => void (a.assignments![0].permissionSet = "admin"),
                field: "assignments[0].permissionSet",
                rule: /no permission set/,
                fix: /did you mean "Admin"/,
            },
        ],
    },
    {
        rule: "assignment has exactly one of group/user",
        pass: [(a) => void (a.assignments![0] = { user: "bob@example.com", permissionSet: "Admin", accounts: ["762490340130"] })],
        fail: [
            {
                mutate: (a) => void (a.assignments![0].user = "bob@example.com"),
                field: "assignments[0]",
                rule: /exactly one principal/,
                fix: /split/,
            },
            {
                mutate: (a) => void delete a.assignments![0].group,
                field: "assignments[0]",
                rule: /exactly one principal/,
                fix: /add group/,
            },
        ],
    },
    {
        // The rule the SCIM user mapping applies to the users it computes applies to the users assignments name.
        rule: "assigned user: a userName the mappings produce for the identity attribute (email: Django's EmailValidator)",
        pass: [
            (a) => void (a.assignments![0] = { user: "bob.smith+aws@example.com", permissionSet: "Admin", accounts: ["762490340130"] }),
            // Django refuses consecutive dots; with identityAttribute username that rule is not the mapping's.
            (a) =>
                void (
                    (a.identityAttribute = "username"),
                    (a.assignments![0] = { user: "bob..smith@example.com", permissionSet: "Admin", accounts: ["762490340130"] })
                ),
            // A pinned user is managed outside authentik: its userName is taken as given.
            (a) =>
                void (
                    (a.principalIds!.users = { "bob..smith@example.com": PINNED_GROUP_ID }),
                    (a.assignments![0] = { user: "bob..smith@example.com", permissionSet: "Admin", accounts: ["762490340130"] })
                ),
        ],
        fail: [
            {
                mutate: (a) =>
                    void (a.assignments![0] = { user: "bob..smith@example.com", permissionSet: "Admin", accounts: ["762490340130"] }),
                field: "assignments[0].user",
                rule: /authentik never provisions this userName, because Django's validate_email rejects it/,
                fix: /pin the user's ID/,
            },
            {
                mutate: (a) =>
                    void (
                        (a.identityAttribute = "email"),
                        (a.assignments![0] = { user: "bob@example.c", permissionSet: "Admin", accounts: ["762490340130"] })
                    ),
                field: "assignments[0].user",
                rule: /Django's validate_email rejects it/,
            },
        ],
    },
    {
        rule: "reserved principal names",
        pass: [(a) => void ((a.authentik.scimGroups = ["Administrators"]), (a.assignments![0].group = "Administrators"))],
        fail: [
            {
                mutate: (a) => void ((a.authentik.scimGroups = ["Administrator"]), (a.assignments![0].group = "Administrator")),
                field: "assignments[0].group",
                rule: /reserved names/,
            },
            {
                mutate: (a) => void (a.assignments![0].group = "AWSAdministrators"),
                field: "assignments[0].group",
                rule: /"Administrator" and "AWSAdministrators" are reserved/,
            },
        ],
    },
    {
        rule: "group display name format",
        pass: [(a) => void (a.assignments![0].group = "AWS / Équipe (prod) – 管理者")],
        fail: [
            {
                mutate: (a) => void (a.assignments![0].group = "bell\u0007"),
                field: "assignments[0].group",
                rule: /DisplayName is 1–1024/,
                fix: /U\+0007/,
            },
            { mutate: (a) => void (a.assignments![0].group = "g".repeat(1025)), field: "assignments[0].group", rule: /DisplayName/ },
            { mutate: (a) => void (a.assignments![0].group = ""), field: "assignments[0].group", rule: /DisplayName/ },
        ],
    },
    {
        rule: "user: the userName the identity mapping produces",
        pass: [
            (a) => void (a.assignments![2].user = "o'brien+aws@example.co.uk"),
            // A pinned user is managed outside authentik: its userName is taken as given.
            (a) =>
                void (
                    (a.assignments![2].user = "Legacy.Admin"),
                    (a.principalIds!.users = { "Legacy.Admin": "94f1e0b3-c394-48d5-8ab1-2c122a167074" })
                ),
        ],
        fail: [
            {
                mutate: (a) => void (a.assignments![2].user = "Alice@Example.com"),
                field: "assignments[2].user",
                rule: /trimmed and lower-cased/,
                fix: /"alice@example.com"/,
            },
            {
                mutate: (a) => void (a.assignments![2].user = "alice"),
                field: "assignments[2].user",
                rule: /never provisions this userName, because it is not an email address/,
            },
            // The same rule as the generated mappings: a dotted domain is required, so a wait for this user would never end.
            { mutate: (a) => void (a.assignments![2].user = "ops@localhost"), field: "assignments[2].user", rule: /not an email address/ },
            {
                mutate: (a) => void (a.assignments![2].user = "alice smith@example.com"),
                field: "assignments[2].user",
                rule: /UserName is 1–128/,
            },
        ],
    },
    {
        rule: "assigned group pushed by SCIM or external",
        pass: [
            // Any group an assignment names is pushed by definition (scimGroupFilters)...
            (a) => void (a.assignments![0].group = "brand-new-group"),
            // ... and an external group need not be pushed (pinned or not).
            (a) => void (a.authentik.scimGroups = []),
            (a) => void (a.principalIds = { externalGroups: ["ct-auditors"] }),
        ],
        fail: [
            // ...so this rule fires against a real group filter, e.g. the one a deployed SCIM provider has.
            {
                mutate: () => undefined,
                field: "assignments[0].group",
                rule: /only groups in its groupFilters reach Identity Center/,
                fix: /add "aws-admins" to authentik\.scimGroups.*principalIds\.externalGroups/,
            },
        ],
    },
    {
        rule: "instance ARN and identity store ID formats",
        pass: [
            (a) => void (a.identityCenter.identityStoreId = "0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d"),
            (a) => void (delete a.identityCenter.instanceArn, delete a.identityCenter.identityStoreId),
            (a) => void (a.identityCenter.instanceArn = "arn:aws-us-gov:sso:::instance/ins-72236e90633f0325"),
        ],
        fail: [
            {
                mutate: (a) => void (a.identityCenter.instanceArn = "arn:aws:sso:::instance/ssoins-123"),
                field: "identityCenter.instanceArn",
                rule: /InstanceArn is arn:<partition>:sso:::instance\/ssoins-/,
            },
            {
                mutate: (a) => void (a.identityCenter.identityStoreId = "d-90675"),
                field: "identityCenter.identityStoreId",
                rule: /d- and 10 hex digits/,
            },
            {
                mutate: (a) => void (a.identityCenter.identityStoreId = "D-906752B26F"),
                field: "identityCenter.identityStoreId",
                rule: /IdentityStoreId/,
            },
        ],
    },
    {
        rule: "pinned principal ID formats",
        pass: [
            (a) => void (a.principalIds!.groups!["ct-auditors"] = "9067729b3d-94f1e0b3-c394-48d5-8ab1-2c122a167074"),
            (a) => void (a.principalIds!.users = { "alice@example.com": "94f1e0b3-c394-48d5-8ab1-2c122a167074" }),
        ],
        fail: [
            {
                mutate: (a) => void (a.principalIds!.groups!["ct-auditors"] = "ct-auditors"),
                field: 'principalIds.groups["ct-auditors"]',
                rule: /PrincipalId is a UUID/,
                fix: /get-group-id/,
            },
            {
                mutate: (a) => void (a.principalIds!.users = { "alice@example.com": "1234" }),
                field: 'principalIds.users["alice@example.com"]',
                rule: /PrincipalId/,
                fix: /get-user-id/,
            },
        ],
    },
    {
        rule: "principal wait: positive numbers, timeout at most an hour",
        pass: [
            (a) => void (a.principalWait = { timeoutSeconds: 3600, initialDelaySeconds: 0.5, maxDelaySeconds: 60 }),
            (a) => void delete a.principalWait,
        ],
        fail: [
            {
                mutate: (a) => void (a.principalWait!.timeoutSeconds = 3601),
                field: "principalWait.timeoutSeconds",
                rule: /at most 3600 seconds/,
            },
            { mutate: (a) => void (a.principalWait!.maxDelaySeconds = 0), field: "principalWait.maxDelaySeconds", rule: /positive number/ },
            {
                mutate: (a) => void (a.principalWait!.initialDelaySeconds = -1),
                field: "principalWait.initialDelaySeconds",
                rule: /positive number/,
            },
            {
                mutate: (a) => void (a.principalWait!.timeoutSeconds = "600" as unknown as number),
                field: "principalWait.timeoutSeconds",
                rule: /positive number/,
            },
            {
                mutate: (a) => void (a.principalWait!.initialDelaySeconds = 40),
                field: "principalWait.initialDelaySeconds",
                rule: /capped by maxDelaySeconds/,
                severity: "warning",
            },
        ],
    },
    {
        rule: "an external group is not also pushed",
        pass: [
            (a) => void (a.authentik.scimGroups = ["aws-auditors", "other"]),
            // Pinning an authentik group's ID is fine: it stays pushed, only the lookup is skipped.
            (a) => void ((a.principalIds!.groups!["aws-admins"] = PINNED_GROUP_ID), a.authentik.scimGroups!.push("aws-admins")),
        ],
        fail: [
            {
                mutate: (a) => void a.authentik.scimGroups!.push("ct-auditors"),
                field: "authentik.scimGroups[1]",
                rule: /display names are unique/,
            },
        ],
    },
    {
        rule: "no SCIM dry run while a first deploy must wait for SCIM",
        pass: [
            // Every assigned principal pinned or external: nothing to wait for.
            (a) =>
                void (
                    (a.authentik.scimDryRun = true),
                    (a.principalIds = {
                        groups: { "aws-admins": PINNED_GROUP_ID },
                        users: { "alice@example.com": PINNED_GROUP_ID },
                        externalGroups: ["ct-auditors"],
                    })
                ),
        ],
        fail: [
            {
                mutate: (a) => void (a.authentik.scimDryRun = true),
                field: "authentik.scimDryRun",
                rule: /dry-run sends nothing to AWS.*"aws-admins"/,
                fix: /scimDryRun off/,
            },
        ],
    },
];

describe("AWS-side validation", () => {
    it("accepts the base configuration without any problem", () => {
        assert.deepEqual(validateAwsSide(baseArgs()), []);
    });

    for (const c of cases) {
        describe(c.rule, () => {
            c.pass.forEach((mutate, i) => {
                it(`passes: variant ${i + 1}`, () => {
                    const problems = run(mutate);
                    assert.deepEqual(problems.map(formatProblem), []);
                });
            });
            c.fail.forEach((f, i) => {
                it(`fails: ${f.field} (variant ${i + 1})`, () => {
                    const problems =
                        c.rule === "assigned group pushed by SCIM or external"
                            ? validateAwsSide(baseArgs(), { pushedGroups: new Set(["aws-auditors"]) })
                            : run(f.mutate);
                    const hits = problems.filter((p) => p.field === f.field && f.rule.test(p.rule));
                    assert.equal(
                        hits.length >= 1,
                        true,
                        `expected ${f.field} ~ ${f.rule}, got:\n${problems.map(formatProblem).join("\n")}`,
                    );
                    for (const hit of hits) {
                        assert.equal(hit.severity, f.severity ?? "error");
                        if (f.fix !== undefined) assert.match(hit.fix, f.fix);
                    }
                    // The change breaks only the rule under test.
                    assert.deepEqual([...new Set(problems.map((p) => p.field))], [f.field], problems.map(formatProblem).join("\n"));
                });
            });
        });
    }

    it("reports every problem at once, in input order, each naming field, value, rule and fix", () => {
        const args = baseArgs();
        admin(args).sessionDuration = "PT24H";
        admin(args).managedPolicies = ["arn:aws:iam::123456789012:policy/Custom"];
        args.assignments![1].accounts = ["1"];
        args.assignments![2] = { group: "x", user: "y", permissionSet: "Nope", accounts: [] };
        args.identityCenter.identityStoreId = "store";
        args.principalWait = { timeoutSeconds: 0 };
        const problems = validateAwsSide(args);
        assert.deepEqual(
            problems.map((p) => p.field),
            [
                "permissionSets.Admin.sessionDuration",
                "permissionSets.Admin.managedPolicies[0]",
                "assignments[1].accounts[0]",
                "assignments[2]",
                "assignments[2].permissionSet",
                "assignments[2].accounts",
                "identityCenter.identityStoreId",
                "principalWait.timeoutSeconds",
            ],
        );
        const line = formatProblem(problems[0]);
        assert.match(
            line,
            new RegExp(
                /^permissionSets\.Admin\.sessionDuration = "PT24H": /.source +
                    /AWS CreatePermissionSet: SessionDuration .*PT12H.*Fix: use at most "PT12H"$/.source,
            ),
        );
        for (const p of problems) {
            assert.ok(p.rule.length > 10 && p.fix.length > 5, formatProblem(p));
            assert.notEqual(p.value, undefined, p.field);
        }
    });

    it("survives wrongly-typed input (as YAML can produce) with problems instead of exceptions", () => {
        const args = baseArgs() as unknown as Record<string, unknown>;
        args.permissionSets = { Admin: "full", ReadOnly: { managedPolicies: [1], customerManagedPolicies: ["x"], tags: ["a"] } };
        args.assignments = [null, { group: 7, permissionSet: 3, accounts: [true] }];
        args.principalIds = { groups: ["x"] };
        args.principalWait = 5;
        const problems = validateAwsSide(args as unknown as AwsIdentityCenterFederationArgs);
        assert.deepEqual(
            problems.map((p) => p.field),
            [
                "permissionSets.Admin",
                "permissionSets.ReadOnly.managedPolicies[0]",
                "permissionSets.ReadOnly.customerManagedPolicies[0]",
                "permissionSets.ReadOnly.tags",
                "assignments[0]",
                "assignments[1].group",
                "assignments[1].permissionSet",
                "assignments[1].accounts[0]",
                "principalIds.groups",
                "principalWait",
            ],
        );
    });
});

describe("the separate validators", () => {
    it("validatePermissionSets checks only permission sets", () => {
        assert.deepEqual(validatePermissionSets(undefined), []);
        assert.deepEqual(validatePermissionSets({ ok: {} }), []);
        assert.deepEqual(
            validatePermissionSets({ ok: { sessionDuration: "PT0H" } }).map((p) => p.field),
            ["permissionSets.ok.sessionDuration"],
        );
    });

    it("validateAssignments reports a group that is neither pushed nor external", () => {
        const assignments = [
            { group: "pushed", permissionSet: "PS", accounts: ["111122223333"] },
            { group: "external", permissionSet: "PS", accounts: ["111122223333"] },
            { group: "forgotten", permissionSet: "PS", accounts: ["111122223333"] },
        ];
        const problems = validateAssignments(assignments, ["PS"], {
            pushedGroups: new Set(["pushed"]),
            externalGroups: new Set(["external"]),
            identityAttribute: "email",
        });
        assert.deepEqual(
            problems.map((p) => [p.field, p.value]),
            [["assignments[2].group", "forgotten"]],
        );
        assert.match(
            formatProblem(problems[0]),
            /assignments\[2\]\.group = "forgotten": authentik SCIM provider.*Fix: add "forgotten" to authentik\.scimGroups/,
        );
    });

    it("validateIdentityCenterIds checks the given IDs only", () => {
        assert.deepEqual(validateIdentityCenterIds(undefined, undefined), []);
        assert.deepEqual(validateIdentityCenterIds({}, { groups: {}, users: {} }), []);
        assert.deepEqual(
            validateIdentityCenterIds(
                { instanceArn: "arn:aws:sso:::instance/ssoins-72236e90633f0325", identityStoreId: "d-906752b26g" },
                undefined,
            ).map((p) => p.field),
            ["identityCenter.identityStoreId"],
        );
    });
});

describe("limits", () => {
    it("parseIsoDurationSeconds follows the Identity Center duration pattern", () => {
        assert.equal(parseIsoDurationSeconds("PT1H"), 3600);
        assert.equal(parseIsoDurationSeconds("PT1H30M"), 5400);
        assert.equal(parseIsoDurationSeconds("PT0.5S"), 0.5);
        assert.equal(parseIsoDurationSeconds("P1W"), 7 * 86400);
        assert.equal(parseIsoDurationSeconds("P1DT2H"), 93600);
        assert.equal(parseIsoDurationSeconds("-PT1H"), -3600);
        assert.equal(parseIsoDurationSeconds(`PT${MAX_SESSION_HOURS}H`), 43200);
        for (const bad of ["PT", "P", "1H", "PT1.5H", "pt1h", "PT1H ", "P1D1W", ""])
            assert.equal(parseIsoDurationSeconds(bad), undefined, bad);
    });

    it("PERMISSION_SET_NAME keeps \\w ASCII-only", () => {
        assert.equal(PERMISSION_SET_NAME.test("Admin_1"), true);
        assert.equal(PERMISSION_SET_NAME.test("Ädmin"), false);
    });
});
