/**
 * Records → the JSON authentik 2026.5's serializers return: the stored fields plus what authentik computes (read-only
 * fields of the `@goauthentik/api` models: `component`, `verbose_name`, `meta_model_name`, the `*_obj` expansions,
 * the SAML URLs, the certificate's fingerprints and expiry). Private keys appear nowhere here.
 */
import { certificateFacts } from "./certificates";
import type { EventRec, FlowRec, GroupRec, Json, KeyPairRec, ObjectRec, ScimGroupRec, ScimUserRec, Store, UserRec } from "./store";

/** The model metadata authentik's `MetaNameSerializer` and the models' `component` property return. */
export const META = {
    samlMapping: {
        component: "ak-property-mapping-provider-saml-form",
        verbose_name: "SAML Provider Property Mapping",
        verbose_name_plural: "SAML Provider Property Mappings",
        meta_model_name: "authentik_providers_saml.samlpropertymapping",
    },
    scimMapping: {
        component: "ak-property-mapping-provider-scim-form",
        verbose_name: "SCIM Provider Mapping",
        verbose_name_plural: "SCIM Provider Mappings",
        meta_model_name: "authentik_providers_scim.scimmapping",
    },
    samlProvider: {
        component: "ak-provider-saml-form",
        verbose_name: "SAML Provider",
        verbose_name_plural: "SAML Providers",
        meta_model_name: "authentik_providers_saml.samlprovider",
    },
    scimProvider: {
        component: "ak-provider-scim-form",
        verbose_name: "SCIM Provider",
        verbose_name_plural: "SCIM Providers",
        meta_model_name: "authentik_providers_scim.scimprovider",
    },
} as const;

export interface Ctx {
    store: Store;
    /** The stand-in's base URL (authentik builds absolute URLs from the request). */
    baseUrl: string;
}

const memberships = new WeakMap<Ctx, Map<number, GroupRec[]>>();

/** The groups user `pk` is a direct member of; indexed once per context (one request, one sync). */
export function groupsOfUser(ctx: Ctx, pk: number): GroupRec[] {
    let index = memberships.get(ctx);
    if (!index) {
        index = new Map();
        for (const g of ctx.store.groups.values()) {
            for (const member of g.users) {
                const list = index.get(member);
                if (list) list.push(g);
                else index.set(member, [g]);
            }
        }
        memberships.set(ctx, index);
    }
    return index.get(pk) ?? [];
}

export function partialUser(u: UserRec): Json {
    return {
        pk: u.pk,
        username: u.username,
        name: u.name,
        is_active: u.is_active,
        last_login: u.last_login,
        email: u.email,
        attributes: u.attributes,
        uid: u.uid,
    };
}

export function partialGroup(g: GroupRec): Json {
    return { pk: g.pk, num_pk: g.num_pk, name: g.name, is_superuser: g.is_superuser, attributes: g.attributes };
}

function relatedGroup(g: GroupRec): Json {
    return { pk: g.pk, name: g.name, is_superuser: g.is_superuser, attributes: g.attributes, group_uuid: g.pk };
}

/** Boolean query flag as DRF's BooleanFilter reads it. */
export function flag(query: URLSearchParams, name: string, fallback: boolean): boolean {
    const v = query.get(name);
    if (v === null) return fallback;
    return ["true", "1", "True"].includes(v);
}

/** authentik/core/api/users.py UserSerializer (include_groups and include_roles default true). */
export function user(ctx: Ctx, u: UserRec, query = new URLSearchParams()): Json {
    const groups = groupsOfUser(ctx, u.pk);
    return {
        pk: u.pk,
        username: u.username,
        name: u.name,
        is_active: u.is_active,
        last_login: u.last_login,
        date_joined: u.date_joined,
        is_superuser: u.is_superuser || groups.some((g) => g.is_superuser),
        groups: groups.map((g) => g.pk),
        groups_obj: flag(query, "include_groups", true) ? groups.map(partialGroup) : null,
        roles: [],
        roles_obj: flag(query, "include_roles", true) ? [] : null,
        email: u.email,
        avatar: `${ctx.baseUrl}/static/dist/assets/images/user_default.png`,
        attributes: u.attributes,
        uid: u.uid,
        path: u.path,
        type: u.type,
        uuid: u.uuid,
        password_change_date: u.password_change_date,
        last_updated: u.last_updated,
    };
}

/** authentik/core/api/groups.py GroupSerializer: include_users and include_parents default true, the others false. */
export function group(ctx: Ctx, g: GroupRec, query = new URLSearchParams()): Json {
    const byPk = (pk: string) => ctx.store.groups.get(pk);
    const children = [...ctx.store.groups.values()].filter((c) => c.parents.includes(g.pk));
    return {
        pk: g.pk,
        num_pk: g.num_pk,
        name: g.name,
        is_superuser: g.is_superuser,
        parents: g.parents,
        parents_obj: flag(query, "include_parents", true)
            ? g.parents
                  .map(byPk)
                  .filter((p): p is GroupRec => !!p)
                  .map(relatedGroup)
            : null,
        users: g.users,
        users_obj: flag(query, "include_users", true)
            ? g.users
                  .map((pk) => ctx.store.users.get(pk))
                  .filter((u): u is UserRec => !!u)
                  .map(partialUser)
            : null,
        attributes: g.attributes,
        roles: g.roles,
        roles_obj: [],
        inherited_roles_obj: flag(query, "include_inherited_roles", false) ? [] : null,
        children: children.map((c) => c.pk),
        children_obj: flag(query, "include_children", false) ? children.map(relatedGroup) : null,
    };
}

export function flow(f: FlowRec): Json {
    return {
        ...f,
        policybindingmodel_ptr_id: f.pk,
        background_url: "/static/dist/assets/images/flow_background.jpg",
        background_themed_urls: null,
        stages: [],
        policies: [],
        cache_count: 0,
        export_url: `/api/v3/flows/instances/${f.slug}/export/`,
    };
}

/** authentik/crypto/api.py CertificateKeyPairSerializer. */
export function keyPair(k: KeyPairRec): Json {
    const facts = certificateFacts(k.certificate_data);
    return {
        pk: k.pk,
        name: k.name,
        fingerprint_sha256: facts.fingerprintSha256,
        fingerprint_sha1: facts.fingerprintSha1,
        cert_expiry: facts.certExpiry,
        cert_subject: facts.certSubject,
        private_key_available: k.key_data !== "",
        key_type: facts.keyType,
        certificate_download_url: `/api/v3/crypto/certificatekeypairs/${k.pk}/view_certificate/?download`,
        private_key_download_url: `/api/v3/crypto/certificatekeypairs/${k.pk}/view_private_key/?download`,
        managed: k.managed,
    };
}

export function samlMapping(m: ObjectRec): Json {
    return { ...m, ...META.samlMapping };
}

export function scimMapping(m: ObjectRec): Json {
    return { ...m, ...META.scimMapping };
}

function applicationRefs(ctx: Ctx, pk: number) {
    const app = ctx.store.applicationOf(pk);
    const backchannel = ctx.store.backchannelApplicationOf(pk);
    return {
        assigned_application_slug: app ? (app.slug as string) : null,
        assigned_application_name: app ? (app.name as string) : null,
        assigned_backchannel_application_slug: backchannel ? (backchannel.slug as string) : null,
        assigned_backchannel_application_name: backchannel ? (backchannel.name as string) : null,
    };
}

/**
 * The SAML provider's URLs (authentik/providers/saml/api/providers.py): per application slug; `-` stands in for
 * a provider no application uses yet, as authentik's serializer does.
 */
export function samlUrls(ctx: Ctx, p: ObjectRec): Json {
    const slug = (ctx.store.applicationOf(p.pk as number)?.slug as string | undefined) ?? "-";
    const base = `${ctx.baseUrl}/application/saml/${slug}`;
    return {
        url_download_metadata: `${base}/metadata/`,
        // 2026.5: the default issuer is the metadata URL (authentik PR #22178), `issuer_override` replaces it.
        url_issuer: (p.issuer_override as string) || `${base}/metadata/`,
        url_unified: `${base}/`,
        url_unified_init: `${base}/init/`,
        url_sso_post: `${base}/sso/binding/post/`,
        url_sso_redirect: `${base}/sso/binding/redirect/`,
        url_sso_init: `${base}/sso/binding/init/`,
        url_slo_post: `${base}/slo/binding/post/`,
        url_slo_redirect: `${base}/slo/binding/redirect/`,
    };
}

export function samlProvider(ctx: Ctx, p: ObjectRec): Json {
    return { ...p, ...META.samlProvider, ...applicationRefs(ctx, p.pk as number), ...samlUrls(ctx, p) };
}

export function scimProvider(ctx: Ctx, p: ObjectRec): Json {
    return {
        ...p,
        ...META.scimProvider,
        ...applicationRefs(ctx, p.pk as number),
        auth_oauth_token_last_updated: null,
        auth_oauth_token_expires: null,
        auth_oauth_url_callback: null,
        auth_oauth_url_start: null,
    };
}

/** authentik/core/api/providers.py ProviderSerializer: the base fields of any provider. */
function providerBase(ctx: Ctx, pk: number): Json | null {
    const saml = ctx.store.samlProviders.get(pk);
    const scim = ctx.store.scimProviders.get(pk);
    const p = saml ?? scim;
    if (!p) return null;
    const meta = saml ? META.samlProvider : META.scimProvider;
    return {
        pk,
        name: p.name,
        // Backchannel (SCIM) providers have no flows: authentik returns null although its schema declares a string.
        authentication_flow: saml ? (p.authentication_flow ?? null) : null,
        authorization_flow: saml ? p.authorization_flow : null,
        invalidation_flow: saml ? p.invalidation_flow : null,
        property_mappings: p.property_mappings,
        ...meta,
        ...applicationRefs(ctx, pk),
    };
}

export function application(ctx: Ctx, a: ObjectRec): Json {
    const provider = a.provider as number | null;
    return {
        ...a,
        provider_obj: provider === null ? null : providerBase(ctx, provider),
        backchannel_providers_obj: (a.backchannel_providers as number[]).map((pk) => providerBase(ctx, pk)).filter((x) => x !== null),
        launch_url:
            (a.meta_launch_url as string) ||
            (provider !== null && ctx.store.samlProviders.has(provider)
                ? `${ctx.baseUrl}/application/saml/${a.slug as string}/sso/binding/init/`
                : null),
        meta_icon_url: (a.meta_icon as string) || null,
        meta_icon_themed_urls: null,
    };
}

export function binding(ctx: Ctx, b: ObjectRec): Json {
    const g = b.group ? ctx.store.groups.get(b.group as string) : undefined;
    const u = b.user !== null && b.user !== undefined ? ctx.store.users.get(b.user as number) : undefined;
    return { ...b, policy_obj: null, group_obj: g ? partialGroup(g) : null, user_obj: u ? partialUser(u) : null };
}

export function scimUser(ctx: Ctx, r: ScimUserRec): Json {
    const u = ctx.store.users.get(r.user);
    return {
        id: r.id,
        scim_id: r.scim_id,
        user: r.user,
        user_obj: u ? partialUser(u) : null,
        provider: r.provider,
        attributes: r.attributes,
    };
}

export function scimGroup(ctx: Ctx, r: ScimGroupRec): Json {
    const g = ctx.store.groups.get(r.group);
    return {
        id: r.id,
        scim_id: r.scim_id,
        group: r.group,
        group_obj: g ? partialGroup(g) : null,
        provider: r.provider,
        attributes: r.attributes,
    };
}

/**
 * The IdP metadata authentik's MetadataProcessor writes (authentik/providers/saml/processors/metadata.py): the
 * issuer as entityID, the signing certificate, the NameID formats and the SSO/SLO endpoints.
 */
export function samlMetadataXml(ctx: Ctx, p: ObjectRec): string {
    const urls = samlUrls(ctx, p);
    const kp = p.signing_kp ? ctx.store.keyPairs.get(p.signing_kp as string) : undefined;
    const certBody = kp ? kp.certificate_data.replace(/-----(BEGIN|END) CERTIFICATE-----/g, "").replace(/\s+/g, "") : undefined;
    const keyDescriptor = certBody
        ? '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">' +
          `<ds:X509Data><ds:X509Certificate>${certBody}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`
        : "";
    const formats = [
        "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:WindowsDomainQualifiedName",
        "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
    ];
    return (
        `<?xml version="1.0" encoding="UTF-8"?>` +
        `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="${xmlEscape(urls.url_issuer as string)}">` +
        `<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">` +
        keyDescriptor +
        `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ` +
        `Location="${urls.url_slo_redirect as string}"/>` +
        `<md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${urls.url_slo_post as string}"/>` +
        formats.map((f) => `<md:NameIDFormat>${f}</md:NameIDFormat>`).join("") +
        `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ` +
        `Location="${urls.url_sso_redirect as string}"/>` +
        `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${urls.url_sso_post as string}"/>` +
        `</md:IDPSSODescriptor></md:EntityDescriptor>`
    );
}

function xmlEscape(s: string): string {
    return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/"/g, "&quot;");
}

/** authentik/events/api/events.py EventSerializer; a sync's Events have no request user, brand or client IP. */
export function event(e: EventRec): Json {
    return {
        pk: e.pk,
        user: {},
        action: e.action,
        app: e.app,
        context: e.context,
        client_ip: null,
        created: e.created,
        expires: e.expires,
        brand: {},
    };
}
