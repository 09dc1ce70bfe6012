/**
 * Hand-written stacks for the policy tests, shaped like what the engine hands a stack policy: authentik resources
 * that point at each other by ID (provider IDs are integer strings, `Application.protocolProvider` a number,
 * `PolicyBinding.target` the application's uuid), with or without `propertyDependencies`, and in "preview" form
 * where every ID of a resource created in the same deployment is unknown.
 */
import { shortType } from "../../policy/resourceTypes";
import { AUTHENTIK, AWS } from "../../policy/resourceTypes";
import { PolicyResourceLike, UNKNOWN } from "./policyHarness";

/** The resource types the pack knows, flattened (one source of truth: policy/resourceTypes.ts). */
export const T = { ...AUTHENTIK, ...AWS } as const;

export const AWS_ACS = "https://eu-central-1.signin.aws.amazon.com/platform/saml/acs/4e52542de036a8ac-0bbb-4d87-a526-9cd6da8148bd";
export const AWS_AUDIENCE = "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f";
export const AWS_SCIM = "https://scim.eu-central-1.amazonaws.com/Hw59fdecb43-083d-4e51-9e0c-2c6fdb9b3f6a/scim/v2/";
export const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-72236e90633f0325";

/** Mapping expressions in the forms people write them. */
export const EXPR = {
    nameIdEmailNormalised: 'return (request.user.email or "").strip().lower()',
    nameIdEmail: "return request.user.email",
    nameIdUsername: "return request.user.username",
    scimEmailNormalised: [
        'identity = (request.user.email or "").strip().lower()',
        "if not identity:",
        '    raise SkipObject("no email")',
        "return {",
        '    "userName": identity,',
        '    "displayName": request.user.name,',
        '    "emails": [{"value": identity, "type": "work", "primary": True}],',
        "}",
    ].join("\n"),
    /** The shape of the Terraform set-up's custom mapping (timvw.be style): userName from the username. */
    scimUsername: 'return {"userName": request.user.username, "displayName": request.user.name, "active": request.user.is_active}',
    /** The AWS guide's extra mapping: only overrides photos and userName. */
    awsGuideScim: 'return {"photos": None, "userName": request.user.email}',
    /** The logic of authentik's managed default SCIM user mapping (blueprints/system/providers-scim.yaml), written out for tests. */
    defaultScimUser: [
        "name = request.user.name",
        'givenName, familyName = name, " "',
        'formatted = name + " "',
        'if " " in name:',
        '    givenName, _, familyName = name.partition(" ")',
        "    formatted = name",
        "avatar = request.user.avatar",
        "photos = None",
        'if "://" in avatar:',
        '    photos = [{"value": avatar, "type": "photo"}]',
        "locale = request.user.locale()",
        'if locale == "":',
        "    locale = None",
        "emails = []",
        'if request.user.email != "":',
        '    emails = [{"value": request.user.email, "type": "other", "primary": True}]',
        "return {",
        '    "userName": request.user.username,',
        '    "name": {"formatted": formatted, "givenName": givenName, "familyName": familyName},',
        '    "displayName": request.user.name,',
        '    "photos": photos,',
        '    "locale": locale,',
        '    "active": request.user.is_active,',
        '    "emails": emails,',
        "}",
    ].join("\n"),
};

export interface FederationStackOptions {
    /** NameID mapping expression defined in the stack; `null`: the SAML provider has no NameID mapping. */
    nameIdExpression?: string | null;
    /** Use this ID (a mapping outside the stack, e.g. looked up) instead of an in-stack NameID mapping. */
    externalNameIdMappingId?: string;
    /** In-stack SCIM user mappings (authentik name → expression). Default: one normalised-email mapping. */
    scimMappings?: { name: string; expression: string }[];
    /** SCIM user mappings referenced by ID only (managed / looked up). */
    externalScimMappingIds?: string[];
    /** Record `propertyDependencies` (default true). Without them, references are matched by ID value. */
    propertyDependencies?: boolean;
    /** Preview of a first deployment: every ID of a resource in this stack is unknown. */
    preview?: boolean;
    saml?: Record<string, unknown>;
    scim?: Record<string, unknown>;
    app?: Record<string, unknown>;
    /** Binding props; default one enabled group binding. `[]` for none. */
    bindings?: Record<string, unknown>[];
    prefix?: string;
}

const urn = (type: string, name: string) => `urn:pulumi:test::federation::${type}::${name}`;

/** Collects resources; `add` gives each a URN, its ID unless in preview, and its propertyDependencies if wanted. */
function stackBuilder(deps: boolean, preview: boolean) {
    const out: PolicyResourceLike[] = [];
    const add = (
        type: string,
        name: string,
        id: string,
        props: Record<string, unknown>,
        propertyDependencies: Record<string, string[]> = {},
    ) => {
        // What the analyzer sees of the ID: the outputs a provider returns (authentik's SDKv2 resources repeat it as
        // `<res>Id`; AWS's bridged resources as `id`), never a physical ID field.
        const own = type.startsWith("authentik:") ? `${shortType(type).charAt(0).toLowerCase()}${shortType(type).slice(1)}Id` : "id";
        const withId = preview || props[own] !== undefined ? props : { ...props, [own]: id };
        const r: PolicyResourceLike = { type, name, urn: urn(type, name), props: withId, ...(deps ? { propertyDependencies } : {}) };
        out.push(r);
        return r;
    };
    return { out, add };
}

/** An application with a SAML provider (protocol) and a SCIM provider (backchannel), valid for AWS by default. */
export function federationStack(o: FederationStackOptions = {}): PolicyResourceLike[] {
    const p = o.prefix ?? "aws";
    const deps = o.propertyDependencies !== false;
    const preview = o.preview === true;
    const { out, add } = stackBuilder(deps, preview);
    const ref = (id: string) => (preview ? UNKNOWN : id);
    const numRef = (id: string) => (preview ? UNKNOWN : Number(id));

    // NameID mapping
    let nameIdMapping: unknown;
    const samlDeps: Record<string, string[]> = {};
    if (o.externalNameIdMappingId !== undefined) {
        nameIdMapping = o.externalNameIdMappingId;
    } else if (o.nameIdExpression !== null) {
        const m = add(T.samlMapping, `${p}-nameid`, `${p}-nameid-uuid`, {
            name: `${p} NameID`,
            samlName: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
            expression: o.nameIdExpression ?? EXPR.nameIdEmailNormalised,
            ...(preview ? {} : { propertyMappingProviderSamlId: `${p}-nameid-uuid` }),
        });
        nameIdMapping = ref(`${p}-nameid-uuid`);
        samlDeps.nameIdMapping = [m.urn!];
    }

    // SCIM user mappings
    const scimMappingRefs: unknown[] = [];
    const scimMappingUrns: string[] = [];
    (o.scimMappings ?? [{ name: `${p} SCIM user`, expression: EXPR.scimEmailNormalised }]).forEach((m, i) => {
        const id = `${p}-scim-mapping-${i}-uuid`;
        const r = add(T.scimMapping, `${p}-scim-mapping-${i}`, id, { name: m.name, expression: m.expression });
        scimMappingRefs.push(ref(id));
        scimMappingUrns.push(r.urn!);
    });
    for (const id of o.externalScimMappingIds ?? []) scimMappingRefs.push(id);

    const saml = add(
        T.samlProvider,
        `${p}-saml`,
        "41",
        {
            name: `${p} (SAML)`,
            acsUrl: AWS_ACS,
            audience: AWS_AUDIENCE,
            spBinding: "post",
            signAssertion: true,
            signingKp: "kp-1",
            authorizationFlow: "flow-authz",
            invalidationFlow: "flow-inval",
            ...(nameIdMapping !== undefined ? { nameIdMapping } : {}),
            ...o.saml,
        },
        samlDeps,
    );
    const scim = add(
        T.scimProvider,
        `${p}-scim`,
        "42",
        {
            name: `${p} (SCIM)`,
            url: AWS_SCIM,
            token: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "scim-token" },
            compatibilityMode: "aws",
            excludeUsersServiceAccount: true,
            propertyMappings: scimMappingRefs,
            propertyMappingsGroups: ["pm-goauthentik.io/providers/scim/group"],
            groupFilters: ["akgroup-aws-admins"],
            ...o.scim,
        },
        { propertyMappings: scimMappingUrns },
    );
    const app = add(
        T.application,
        `${p}-app`,
        p,
        {
            name: `${p} console`,
            slug: p,
            ...(preview ? {} : { uuid: `appuuid-${p}` }),
            protocolProvider: numRef("41"),
            backchannelProviders: [numRef("42")],
            ...o.app,
        },
        { protocolProvider: [saml.urn!], backchannelProviders: [scim.urn!] },
    );
    (o.bindings ?? [{ group: "akgroup-aws-users", order: 0 }]).forEach((b, i) => {
        add(
            T.policyBinding,
            `${p}-binding-${i}`,
            `${p}-binding-${i}-uuid`,
            { target: preview ? UNKNOWN : `appuuid-${p}`, ...b },
            { target: [app.urn!] },
        );
    });
    return out;
}

export interface AccessStackOptions {
    preview?: boolean;
    propertyDependencies?: boolean;
    /** Principal type of the AdministratorAccess assignment. */
    adminPrincipalType?: "USER" | "GROUP";
    adminPrincipalId?: string;
    /** Attach AdministratorAccess through ManagedPolicyAttachmentsExclusive instead. */
    exclusive?: boolean;
}

/** Permission sets, their attachments and account assignments, valid by default. */
export function accessStack(o: AccessStackOptions = {}): PolicyResourceLike[] {
    const deps = o.propertyDependencies !== false;
    const preview = o.preview === true;
    const { out, add } = stackBuilder(deps, preview);
    const psArn = (n: string) => `arn:aws:sso:::permissionSet/ssoins-72236e90633f0325/ps-${n.padEnd(16, "0").slice(0, 16)}`;
    const ps = (name: string, props: Record<string, unknown> = {}) =>
        add(T.permissionSet, `ps-${name}`, `${psArn(name)},${INSTANCE_ARN}`, {
            instanceArn: INSTANCE_ARN,
            name,
            sessionDuration: "PT8H",
            ...(preview ? { arn: UNKNOWN } : { arn: psArn(name) }),
            ...props,
        });
    const admin = ps("Admin", { description: "Full administrator access" });
    const readOnly = ps("ReadOnly", { description: "Read-only access", relayState: "https://console.aws.amazon.com/console/home" });
    const arnRef = (n: string) => (preview ? UNKNOWN : psArn(n));
    if (o.exclusive) {
        add(
            T.managedPolicyAttachmentsExclusive,
            "admin-policies",
            "admin-policies",
            {
                instanceArn: INSTANCE_ARN,
                permissionSetArn: arnRef("Admin"),
                managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"],
            },
            { permissionSetArn: [admin.urn!] },
        );
    } else {
        add(
            T.managedPolicyAttachment,
            "admin-policy",
            "admin-policy",
            {
                instanceArn: INSTANCE_ARN,
                permissionSetArn: arnRef("Admin"),
                managedPolicyArn: "arn:aws:iam::aws:policy/AdministratorAccess",
            },
            { permissionSetArn: [admin.urn!] },
        );
    }
    add(
        T.managedPolicyAttachment,
        "readonly-policy",
        "readonly-policy",
        {
            instanceArn: INSTANCE_ARN,
            permissionSetArn: arnRef("ReadOnly"),
            managedPolicyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
        },
        { permissionSetArn: [readOnly.urn!] },
    );
    add(
        T.inlinePolicy,
        "readonly-inline",
        "readonly-inline",
        {
            instanceArn: INSTANCE_ARN,
            permissionSetArn: arnRef("ReadOnly"),
            inlinePolicy: JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Deny", Action: "s3:DeleteBucket", Resource: "*" }],
            }),
        },
        { permissionSetArn: [readOnly.urn!] },
    );
    add(
        T.accountAssignment,
        "assign-admin",
        "assign-admin",
        {
            instanceArn: INSTANCE_ARN,
            permissionSetArn: arnRef("Admin"),
            principalType: o.adminPrincipalType ?? "GROUP",
            principalId: o.adminPrincipalId ?? "9a6709ea-c6b1-4f55-8f3c-1b2d3e4f5a6b",
            targetId: "012345678901",
            targetType: "AWS_ACCOUNT",
        },
        { permissionSetArn: [admin.urn!] },
    );
    add(
        T.accountAssignment,
        "assign-readonly",
        "assign-readonly",
        {
            instanceArn: INSTANCE_ARN,
            permissionSetArn: arnRef("ReadOnly"),
            principalType: "GROUP",
            principalId: "1b2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f",
            targetId: "012345678901",
            targetType: "AWS_ACCOUNT",
        },
        { permissionSetArn: [readOnly.urn!] },
    );
    return out;
}

/** The same resources with every prop value replaced by an unknown (the worst preview imaginable). */
export function allUnknown(resources: PolicyResourceLike[]): PolicyResourceLike[] {
    return resources.map((r) => ({
        ...r,
        id: undefined,
        props: Object.fromEntries(Object.keys(r.props ?? {}).map((k) => [k, UNKNOWN])),
    }));
}
