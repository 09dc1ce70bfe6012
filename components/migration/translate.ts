import {
    AssignmentArgs,
    AuthentikArgs,
    AwsIdentityCenterFederationArgs,
    IdentityAttribute,
    IdentityCenterArgs,
    PermissionSetArgs,
    PermissionsBoundary,
} from "../args";
import { compareText } from "../aws/assignmentPlan";
import { AUTHENTIK_DEFAULTS } from "../authentik/resources";
import { TfInstance } from "./tfstate";

/**
 * Terraform state → the component's settings. Reads the resource types of the usual Terraform setup for authentik +
 * IAM Identity Center (terraform-provider-authentik `authentik_provider_saml`, `authentik_provider_scim`,
 * `authentik_application`, `authentik_property_mapping_provider_scim`, `authentik_policy_binding`; terraform-provider-aws
 * `aws_ssoadmin_*`) and the data sources it uses for names (`aws_identitystore_group`/`_user`, `aws_ssoadmin_instances`,
 * `authentik_group`, `authentik_flow`, `authentik_certificate_key_pair`, the property-mapping data sources).
 * Attribute names are the providers' documented schema names (snake_case). Pure: the caller reads the file.
 */

/** The settings as they live in stack config: the component's arguments without the secret SCIM token. */
export type MigratedSettings = Omit<AwsIdentityCenterFederationArgs, "identityCenter"> & {
    identityCenter: Omit<IdentityCenterArgs, "scimToken">;
};

export interface ReportItem {
    /** The Terraform address the item is about. */
    address: string;
    /** `error`: the stack config is incomplete or an object cannot be adopted; `warning`: changes on adoption; `info`: FYI. */
    severity: "error" | "warning" | "info";
    message: string;
}

/** What each adopted Terraform object becomes in the component (the migration names it from this). */
export type AdoptedObject =
    | { kind: "permissionSet"; psName: string }
    | { kind: "managedPolicy"; psName: string; arn: string }
    | { kind: "customerPolicy"; psName: string; ref: { name: string; path: string } }
    | { kind: "inlinePolicy"; psName: string }
    | { kind: "permissionsBoundary"; psName: string }
    | { kind: "assignment"; key: string[] }
    | { kind: "samlProvider" | "scimProvider" | "application" | "usersBinding" | "scimUserMapping" | "nameIdMapping" };

export interface Adoption {
    address: string;
    /** The provider's import ID for this object. */
    importId: string;
    object: AdoptedObject;
}

export interface Translation {
    settings: MigratedSettings;
    /** The AWS region, from the SCIM endpoint (for `aws:region`). */
    region?: string;
    adoptions: Adoption[];
    report: ReportItem[];
    /** Where the SCIM token is in the Terraform state (it is never copied: set it as a secret yourself). */
    scimTokenAddress?: string;
}

const MANAGED_NAMEID: { [managed: string]: IdentityAttribute } = {
    "goauthentik.io/providers/saml/email": "email",
    "goauthentik.io/providers/saml/username": "username",
};

function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a Terraform nested block (see TfInstance.attributes)
function first<T = any>(v: unknown): T | undefined {
    return Array.isArray(v) && v.length > 0 ? (v[0] as T) : undefined;
}
function byAddress(a: TfInstance, b: TfInstance): number {
    return compareText(a.address, b.address);
}
/** Which attribute an expression sends (`request.user.email` / `request.user.username`), if exactly one. */
function attributeIn(expression: unknown): IdentityAttribute | undefined {
    if (typeof expression !== "string") return undefined;
    const found = new Set([...expression.matchAll(/request\.user\.(email|username)\b/g)].map((m) => m[1] as IdentityAttribute));
    return found.size === 1 ? [...found][0] : undefined;
}

export function translateTfState(instances: readonly TfInstance[]): Translation {
    const report: ReportItem[] = [];
    const adoptions: Adoption[] = [];
    const used = new Set<string>();
    const managed = (type: string) => instances.filter((i) => i.mode === "managed" && i.type === type).sort(byAddress);
    const data = (type: string) => instances.filter((i) => i.mode === "data" && i.type === type);
    const adopt = (inst: TfInstance, importId: string, object: AdoptedObject) => {
        used.add(inst.address);
        adoptions.push({ address: inst.address, importId, object });
    };
    // ID → name tables from the data sources (and resources) the Terraform setup used.
    const nameOf = (types: string[], idAttr: string, nameAttr: string) => {
        const m = new Map<string, string>();
        for (const i of instances.filter((x) => types.includes(x.type))) {
            const id = str(i.attributes[idAttr]);
            const name = str(i.attributes[nameAttr]);
            if (id && name) m.set(id, name);
        }
        return m;
    };
    const authentikGroups = nameOf(["authentik_group"], "id", "name");
    const flows = nameOf(["authentik_flow"], "id", "slug");
    const keyPairs = nameOf(["authentik_certificate_key_pair"], "id", "name");
    const awsGroups = nameOf(["aws_identitystore_group"], "group_id", "display_name");
    const awsUsers = nameOf(["aws_identitystore_user"], "user_id", "user_name");

    // ---- authentik: the application, its SAML provider and SCIM backchannel --------------------------------
    const samlProviders = managed("authentik_provider_saml");
    const scimProviders = managed("authentik_provider_scim");
    const apps = managed("authentik_application").filter((a) =>
        samlProviders.some((p) => String(p.attributes.id) === String(a.attributes.protocol_provider)),
    );
    if (apps.length > 1) {
        for (const a of apps.slice(1))
            report.push({
                address: a.address,
                severity: "error",
                message:
                    `a second SAML application (${a.attributes.slug}): one stack migrates ` +
                    `one federation; this one was left out (migrate it into its own stack)`,
            });
    }
    const app = apps[0];
    const saml = app && samlProviders.find((p) => String(p.attributes.id) === String(app.attributes.protocol_provider));
    const backchannel = new Set((app?.attributes.backchannel_providers ?? []).map(String));
    const scim =
        scimProviders.find((p) => backchannel.has(String(p.attributes.id))) ?? (scimProviders.length === 1 ? scimProviders[0] : undefined);

    const authentik: Partial<AuthentikArgs> = {};
    const identityCenter: Partial<Omit<IdentityCenterArgs, "scimToken">> = {};
    let identityAttribute: IdentityAttribute | undefined;
    let scimTokenAddress: string | undefined;
    let region: string | undefined;
    let scimGroupNames: string[] | undefined;

    if (!app || !saml) {
        report.push({
            address: "(state)",
            severity: "error",
            message:
                "no authentik_application with an authentik_provider_saml as " +
                "protocol provider: fill in the authentik and SAML settings by hand",
        });
    } else {
        const a = app.attributes;
        authentik.applicationName = str(a.name);
        authentik.applicationSlug = str(a.slug);
        if (str(a.meta_launch_url)) authentik.launchUrl = a.meta_launch_url;
        if (str(a.meta_icon)) authentik.iconUrl = a.meta_icon;
        if (typeof a.open_in_new_tab === "boolean") authentik.openInNewTab = a.open_in_new_tab;
        adopt(app, String(a.slug), { kind: "application" }); // terraform-provider-authentik: the application's ID is its slug.
        if (str(a.policy_engine_mode) && a.policy_engine_mode !== "any") {
            report.push({
                address: app.address,
                severity: "warning",
                message: `policy_engine_mode "${a.policy_engine_mode}" becomes "any" (the component binds one users group)`,
            });
        }

        const s = saml.attributes;
        identityCenter.samlAcsUrl = str(s.acs_url);
        identityCenter.samlAudience = str(s.audience);
        // Keep the IdP's entity ID: IAM Identity Center holds the IdP metadata with this issuer.
        const issuer = str(s.issuer_override) ?? str(s.issuer);
        if (issuer) authentik.issuer = issuer;
        const kp = keyPairs.get(String(s.signing_kp));
        if (kp && kp !== AUTHENTIK_DEFAULTS.signingCertificate) authentik.signingCertificate = kp;
        if (!kp && str(s.signing_kp))
            report.push({
                address: saml.address,
                severity: "error",
                message:
                    `signing_kp ${s.signing_kp} has no authentik_certificate_key_pair data ` +
                    `source in the state: set federation.authentik.signingCertificate to its name`,
            });
        for (const [field, attr, def] of [
            ["authorizationFlow", "authorization_flow", AUTHENTIK_DEFAULTS.authorizationFlow],
            ["invalidationFlow", "invalidation_flow", AUTHENTIK_DEFAULTS.invalidationFlow],
        ] as const) {
            const slug = flows.get(String(s[attr]));
            if (slug && slug !== def) authentik[field] = slug;
            if (!slug && str(s[attr]))
                report.push({
                    address: saml.address,
                    severity: "error",
                    message:
                        `${attr} ${s[attr]} has no authentik_flow data source in ` +
                        `the state: set federation.authentik.${field} to its slug`,
                });
        }
        if (str(s.name) && s.name !== `${a.name} (SAML)`)
            report.push({ address: saml.address, severity: "info", message: `renamed to "${a.name} (SAML)" in place` });
        adopt(saml, String(s.id), { kind: "samlProvider" });

        // The NameID mapping: a managed mapping (data source) or one of the setup's own.
        const nameIdRef = str(s.name_id_mapping);
        const nameIdResource = managed("authentik_property_mapping_provider_saml").find((m) => m.attributes.id === nameIdRef);
        const nameIdData = data("authentik_property_mapping_provider_saml").find((m) => m.attributes.id === nameIdRef);
        const nameIdAttr = nameIdResource
            ? attributeIn(nameIdResource.attributes.expression)
            : nameIdData
              ? (MANAGED_NAMEID[nameIdData.attributes.managed] ?? attributeIn(nameIdData.attributes.expression))
              : undefined;
        if (nameIdResource) {
            adopt(nameIdResource, String(nameIdResource.attributes.id), { kind: "nameIdMapping" });
            report.push({
                address: nameIdResource.address,
                severity: "warning",
                message: "adopted as the component's NameID mapping: its name and expression are replaced in place by the generated ones",
            });
        }
        identityAttribute = nameIdAttr;

        if (!scim) {
            report.push({
                address: app.address,
                severity: "error",
                message:
                    "no authentik_provider_scim among the application's backchannel " +
                    "providers: set federation.identityCenter.scimEndpoint by hand",
            });
        } else {
            const c = scim.attributes;
            identityCenter.scimEndpoint = str(c.url);
            region = /^https:\/\/scim\.([a-z0-9-]+)\.amazonaws\.com\//.exec(String(c.url ?? ""))?.[1];
            scimTokenAddress = scim.address;
            if (typeof c.exclude_users_service_account === "boolean") authentik.excludeServiceAccounts = c.exclude_users_service_account;
            if (c.dry_run === true) authentik.scimDryRun = true;
            adopt(scim, String(c.id), { kind: "scimProvider" });
            if (str(c.name) && c.name !== `${a.name} (SCIM)`)
                report.push({ address: scim.address, severity: "info", message: `renamed to "${a.name} (SCIM)" in place` });
            // The user mapping: the setup's own mapping is adopted (updated in place to the generated expression).
            const userMappings = managed("authentik_property_mapping_provider_scim").filter((m) =>
                (c.property_mappings ?? []).includes(m.attributes.id),
            );
            if (userMappings.length > 0) {
                const m = userMappings[0];
                adopt(m, String(m.attributes.id), { kind: "scimUserMapping" });
                report.push({
                    address: m.address,
                    severity: "warning",
                    message:
                        "adopted as the component's SCIM user mapping: its name and expression are " +
                        "replaced in place by the generated ones (the same attribute as the NameID)",
                });
                const scimAttr = attributeIn(m.attributes.expression);
                if (scimAttr && nameIdAttr && scimAttr !== nameIdAttr) {
                    report.push({
                        address: m.address,
                        severity: "warning",
                        message:
                            `the SCIM userName sends ${scimAttr} but the NameID sends ${nameIdAttr}, so sign-in cannot ` +
                            `have worked for everyone; the migration keeps ${scimAttr} (the userNames AWS holds)`,
                    });
                }
                identityAttribute = scimAttr ?? identityAttribute;
                for (const extra of userMappings.slice(1))
                    report.push({
                        address: extra.address,
                        severity: "warning",
                        message:
                            "a second SCIM user mapping: authentik merges user mappings, the " +
                            "component keeps exactly one; delete this one after `pulumi up`",
                    });
            }
            for (const m of managed("authentik_property_mapping_provider_scim").filter((x) =>
                (c.property_mappings_group ?? []).includes(x.attributes.id),
            )) {
                used.add(m.address);
                report.push({
                    address: m.address,
                    severity: "info",
                    message:
                        "a SCIM group mapping: the component uses authentik's managed group " +
                        "mapping (displayName = group name); delete this one after `pulumi up`",
                });
            }
            const filters: string[] = Array.isArray(c.group_filters) ? c.group_filters : [];
            if (filters.length > 0) {
                scimGroupNames = filters.map((id) => authentikGroups.get(id) ?? "").filter((n) => n !== "");
                if (scimGroupNames.length < filters.length)
                    report.push({
                        address: scim.address,
                        severity: "error",
                        message:
                            "group_filters names groups without an authentik_group data source " +
                            "in the state: add their names to federation.authentik.scimGroups",
                    });
            }
            // authentik < 2026.2 scoped SCIM users by filter_group; the binding does that now.
            if (str(c.filter_group) && !authentik.usersGroup) authentik.usersGroup = authentikGroups.get(c.filter_group);
        }

        // The users group: the group bound to the application (authentik ≥ 2026.2 scopes sign-in and SCIM by it).
        const bindings = managed("authentik_policy_binding").filter((b) => b.attributes.target === a.uuid);
        const groupBindings = bindings.filter((b) => str(b.attributes.group));
        if (groupBindings.length > 0) {
            const b = groupBindings[0];
            const group = authentikGroups.get(b.attributes.group);
            if (group) {
                authentik.usersGroup = group;
                adopt(b, String(b.attributes.id), { kind: "usersBinding" });
            } else {
                report.push({
                    address: b.address,
                    severity: "error",
                    message:
                        `the bound group ${b.attributes.group} has no authentik_group ` +
                        `data source in the state: set federation.authentik.usersGroup`,
                });
            }
        }
        for (const b of [...groupBindings.slice(1), ...bindings.filter((x) => !str(x.attributes.group))]) {
            report.push({
                address: b.address,
                severity: "warning",
                message:
                    "another policy binding on the application: the component binds only the users group, so this one " +
                    "is not adopted (keep it in Terraform only if it must stay; it targets the application by UUID)",
            });
        }
    }
    if (!authentik.usersGroup)
        report.push({
            address: app?.address ?? "(state)",
            severity: "error",
            message:
                "no users group found (no group binding on the application, no SCIM filter_group): set federation.authentik.usersGroup",
        });
    if (!identityAttribute)
        report.push({
            address: saml?.address ?? "(state)",
            severity: "error",
            message: "cannot tell whether the NameID and SCIM userName send the email or the username: set federation.identityAttribute",
        });

    // ---- AWS: instance, permission sets and attachments -----------------------------------------------------
    const instancesData = data("aws_ssoadmin_instances")[0];
    const permissionSets: { [name: string]: PermissionSetArgs } = {};
    const psByArn = new Map<string, string>();
    const instanceArns = new Set<string>();
    for (const ps of managed("aws_ssoadmin_permission_set")) {
        const t = ps.attributes;
        const args: PermissionSetArgs = {};
        if (str(t.description)) args.description = t.description;
        if (str(t.session_duration)) args.sessionDuration = t.session_duration;
        if (str(t.relay_state)) args.relayState = t.relay_state;
        if (t.tags && typeof t.tags === "object" && Object.keys(t.tags).length > 0) args.tags = { ...t.tags };
        permissionSets[t.name] = args;
        psByArn.set(t.arn, t.name);
        instanceArns.add(t.instance_arn);
        adopt(ps, `${t.arn},${t.instance_arn}`, { kind: "permissionSet", psName: t.name });
    }
    const psOf = (inst: TfInstance): string | undefined => {
        const name = psByArn.get(inst.attributes.permission_set_arn);
        if (name === undefined) {
            report.push({
                address: inst.address,
                severity: "error",
                message:
                    `its permission set ${inst.attributes.permission_set_arn} is not an ` +
                    `aws_ssoadmin_permission_set in this state: not adopted (it stays in Terraform)`,
            });
        }
        return name;
    };
    for (const m of managed("aws_ssoadmin_managed_policy_attachment")) {
        const psName = psOf(m);
        if (psName === undefined) continue;
        (permissionSets[psName].managedPolicies ??= []).push(m.attributes.managed_policy_arn);
        adopt(m, `${m.attributes.managed_policy_arn},${m.attributes.permission_set_arn},${m.attributes.instance_arn}`, {
            kind: "managedPolicy",
            psName,
            arn: m.attributes.managed_policy_arn,
        });
    }
    for (const m of managed("aws_ssoadmin_customer_managed_policy_attachment")) {
        const psName = psOf(m);
        const ref = first(m.attributes.customer_managed_policy_reference);
        if (psName === undefined || !ref) continue;
        const path = str(ref.path) ?? "/";
        (permissionSets[psName].customerManagedPolicies ??= []).push(path === "/" ? { name: ref.name } : { name: ref.name, path });
        adopt(m, `${ref.name},${path},${m.attributes.permission_set_arn},${m.attributes.instance_arn}`, {
            kind: "customerPolicy",
            psName,
            ref: { name: ref.name, path },
        });
    }
    for (const m of managed("aws_ssoadmin_permission_set_inline_policy")) {
        const psName = psOf(m);
        if (psName === undefined) continue;
        // JSON text, the shape inlinePolicy takes; indented, so the stack file shows it as a readable YAML block.
        let policy: string = m.attributes.inline_policy;
        try {
            policy = JSON.stringify(JSON.parse(m.attributes.inline_policy), null, 2);
        } catch {
            report.push({ address: m.address, severity: "warning", message: "inline_policy is not JSON: copied as text" });
        }
        permissionSets[psName].inlinePolicy = policy;
        adopt(m, `${m.attributes.permission_set_arn},${m.attributes.instance_arn}`, { kind: "inlinePolicy", psName });
    }
    for (const m of managed("aws_ssoadmin_permissions_boundary_attachment")) {
        const psName = psOf(m);
        const pb = first(m.attributes.permissions_boundary);
        if (psName === undefined || !pb) continue;
        const cm = first(pb.customer_managed_policy_reference);
        const boundary: PermissionsBoundary = str(pb.managed_policy_arn)
            ? { managedPolicyArn: pb.managed_policy_arn }
            : { customerManagedPolicy: str(cm?.path) && cm.path !== "/" ? { name: cm.name, path: cm.path } : { name: cm.name } };
        permissionSets[psName].permissionsBoundary = boundary;
        adopt(m, `${m.attributes.permission_set_arn},${m.attributes.instance_arn}`, { kind: "permissionsBoundary", psName });
    }
    for (const ps of Object.values(permissionSets)) {
        ps.managedPolicies?.sort(compareText);
        ps.customerManagedPolicies?.sort((x, y) => compareText(`${x.path ?? "/"}${x.name}`, `${y.path ?? "/"}${y.name}`));
    }
    const instanceArn = first<string>(instancesData?.attributes.arns) ?? (instanceArns.size === 1 ? [...instanceArns][0] : undefined);
    if (instanceArns.size > 1)
        report.push({
            address: "(state)",
            severity: "error",
            message: `permission sets of ${instanceArns.size} Identity Center instances: one stack manages one instance`,
        });
    if (instanceArn) identityCenter.instanceArn = instanceArn;
    const storeId =
        first<string>(instancesData?.attributes.identity_store_ids) ??
        str(data("aws_identitystore_group")[0]?.attributes.identity_store_id);
    if (storeId) identityCenter.identityStoreId = storeId;

    // ---- AWS: account assignments, grouped by (principal, permission set) --------------------------------------
    const grouped = new Map<string, AssignmentArgs>();
    const pinnedGroups: { [name: string]: string } = {};
    const pinnedUsers: { [name: string]: string } = {};
    for (const aa of managed("aws_ssoadmin_account_assignment")) {
        const t = aa.attributes;
        const psName = psOf(aa);
        if (psName === undefined) continue;
        const isGroup = t.principal_type === "GROUP";
        const principal = (isGroup ? awsGroups : awsUsers).get(t.principal_id);
        if (principal === undefined) {
            report.push({
                address: aa.address,
                severity: "error",
                message:
                    `principal ${t.principal_type} ${t.principal_id} has no aws_identitystore_${isGroup ? "group" : "user"} ` +
                    `data source in the state, so its name is unknown: not adopted (add the assignment ` +
                    `to federation.assignments and import it by hand, or keep it in Terraform)`,
            });
            continue;
        }
        (isGroup ? pinnedGroups : pinnedUsers)[principal] = t.principal_id;
        const gk = JSON.stringify([t.principal_type, principal, psName]);
        const entry = grouped.get(gk) ?? { ...(isGroup ? { group: principal } : { user: principal }), permissionSet: psName, accounts: [] };
        if (!entry.accounts!.includes(t.target_id)) entry.accounts!.push(t.target_id);
        grouped.set(gk, entry);
        adopt(
            aa,
            [t.principal_id, t.principal_type, t.target_id, t.target_type ?? "AWS_ACCOUNT", t.permission_set_arn, t.instance_arn].join(","),
            {
                kind: "assignment",
                key: [t.principal_type, principal, psName, t.target_id],
            },
        );
    }
    const assignments = [...grouped.values()].map((a) => ({ ...a, accounts: [...a.accounts!].sort(compareText) }));

    // Groups the SCIM provider pushes besides the assigned ones; assigned groups it does not push are external.
    const externalGroups: string[] = [];
    if (scimGroupNames !== undefined) {
        const assigned = new Set(assignments.flatMap((a) => (a.group ? [a.group] : [])));
        const extra = scimGroupNames.filter((g) => !assigned.has(g)).sort(compareText);
        if (extra.length > 0) authentik.scimGroups = extra;
        for (const g of [...assigned].sort(compareText)) if (!scimGroupNames.includes(g)) externalGroups.push(g);
    }

    for (const inst of instances) {
        if (inst.mode === "managed" && !used.has(inst.address)) {
            report.push({
                address: inst.address,
                severity: "info",
                message: `${inst.type} is not part of what the component manages: not translated, it stays in Terraform`,
            });
        }
    }

    const settings: MigratedSettings = {
        ...(identityAttribute ? { identityAttribute } : {}),
        authentik: authentik as AuthentikArgs,
        identityCenter: identityCenter as Omit<IdentityCenterArgs, "scimToken">,
        ...(Object.keys(permissionSets).length > 0 ? { permissionSets } : {}),
        ...(assignments.length > 0 ? { assignments } : {}),
    };
    const principalIds = {
        ...(Object.keys(pinnedGroups).length > 0 ? { groups: pinnedGroups } : {}),
        ...(Object.keys(pinnedUsers).length > 0 ? { users: pinnedUsers } : {}),
        ...(externalGroups.length > 0 ? { externalGroups } : {}),
    };
    if (Object.keys(principalIds).length > 0) settings.principalIds = principalIds;
    return { settings, region, adoptions, report, scimTokenAddress };
}
