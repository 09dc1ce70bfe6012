/**
 * The writable objects of the stand-in: for each, its API path, lookup, the fields authentik stores with the
 * defaults authentik's models give them (= the properties of the API's `…Request` schema; the spec checks that
 * against @goauthentik/api's schema.yml), the required fields, the references DRF resolves (an unknown pk is a 400)
 * and the list filters the callers use.
 */
import type { Json, ObjectRec, Store } from "./store";

export type Ref =
    "flow" | "keyPair" | "samlMapping" | "scimMapping" | "group" | "user" | "provider" | "samlProvider" | "scimProvider" | "bindingTarget";

export interface Kind {
    /** Path under /api/v3/, with trailing slash. */
    path: string;
    /** The `@goauthentik/api` model of one object (for the spec). */
    model: string;
    map(store: Store): Map<string | number, ObjectRec>;
    /** How the pk is made: a uuid, or the shared provider sequence. */
    pk: "uuid" | "provider";
    /** The URL lookup field (`slug` for applications, else `pk`). */
    lookup: "pk" | "slug";
    /** Every writable field with the model default; `undefined` = required. */
    fields: Json;
    refs: Record<string, Ref | `${Ref}[]`>;
    /** Fields that must be unique (authentik's model constraints), with DRF's message subject. */
    unique: { field: string; subject: string }[];
    /** Exact-match list filters (query param → field); multi-valued ones listed in `multi`. */
    filters: string[];
    multi?: string[];
    search: string[];
    /** The default ordering (authentik's viewset `ordering`). */
    ordering: string;
    /** Choice fields: the values DRF accepts (the schema's enums; the spec compares them). */
    choices?: Record<string, string[]>;
    /** URL fields (DRF URLField: http/https; blank allowed when the model allows it). */
    urls?: { field: string; blank: boolean }[];
}

const SAML_BINDINGS = ["redirect", "post"];

const REQUIRED = undefined;

export const KINDS: Record<string, Kind> = {
    samlMapping: {
        path: "propertymappings/provider/saml/",
        model: "SAMLPropertyMapping",
        map: (s) => s.samlMappings,
        pk: "uuid",
        lookup: "pk",
        fields: { managed: null, name: REQUIRED, expression: REQUIRED, saml_name: REQUIRED, friendly_name: null },
        refs: {},
        unique: [
            { field: "name", subject: "property mapping" },
            { field: "managed", subject: "property mapping" },
        ],
        filters: ["name", "saml_name", "friendly_name"],
        multi: ["managed"],
        search: ["name"],
        ordering: "name",
    },
    scimMapping: {
        path: "propertymappings/provider/scim/",
        model: "SCIMMapping",
        map: (s) => s.scimMappings,
        pk: "uuid",
        lookup: "pk",
        fields: { managed: null, name: REQUIRED, expression: REQUIRED },
        refs: {},
        unique: [
            { field: "name", subject: "property mapping" },
            { field: "managed", subject: "property mapping" },
        ],
        filters: ["name"],
        multi: ["managed"],
        search: ["name"],
        ordering: "name",
    },
    samlProvider: {
        path: "providers/saml/",
        model: "SAMLProvider",
        map: (s) => s.samlProviders,
        pk: "provider",
        lookup: "pk",
        fields: {
            name: REQUIRED,
            authentication_flow: null,
            authorization_flow: REQUIRED,
            invalidation_flow: REQUIRED,
            property_mappings: [],
            acs_url: REQUIRED,
            sls_url: "",
            audience: "",
            issuer_override: "",
            assertion_valid_not_before: "minutes=-5",
            assertion_valid_not_on_or_after: "minutes=5",
            session_valid_not_on_or_after: "minutes=86400",
            name_id_mapping: null,
            authn_context_class_ref_mapping: null,
            digest_algorithm: "http://www.w3.org/2001/04/xmlenc#sha256",
            signature_algorithm: "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            signing_kp: null,
            verification_kp: null,
            encryption_kp: null,
            sign_assertion: true,
            sign_response: false,
            sign_logout_request: false,
            sign_logout_response: false,
            sp_binding: "redirect",
            sls_binding: "redirect",
            logout_method: "frontchannel_iframe",
            default_relay_state: "",
            default_name_id_policy: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
        },
        refs: {
            authentication_flow: "flow",
            authorization_flow: "flow",
            invalidation_flow: "flow",
            property_mappings: "samlMapping[]",
            name_id_mapping: "samlMapping",
            authn_context_class_ref_mapping: "samlMapping",
            signing_kp: "keyPair",
            verification_kp: "keyPair",
            encryption_kp: "keyPair",
        },
        unique: [{ field: "name", subject: "provider" }],
        choices: {
            digest_algorithm: [
                "http://www.w3.org/2000/09/xmldsig#sha1",
                "http://www.w3.org/2001/04/xmlenc#sha256",
                "http://www.w3.org/2001/04/xmldsig-more#sha384",
                "http://www.w3.org/2001/04/xmlenc#sha512",
            ],
            signature_algorithm: [
                "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
                "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
                "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
                "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
                "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
                "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512",
                "http://www.w3.org/2000/09/xmldsig#dsa-sha1",
            ],
            sp_binding: SAML_BINDINGS,
            sls_binding: SAML_BINDINGS,
            logout_method: ["frontchannel_iframe", "frontchannel_native", "backchannel"],
            default_name_id_policy: [
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
                "urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName",
                "urn:oasis:names:tc:SAML:2.0:nameid-format:WindowsDomainQualifiedName",
                "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
                "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
            ],
        },
        urls: [
            { field: "acs_url", blank: false },
            { field: "sls_url", blank: true },
        ],
        filters: [
            "name",
            "acs_url",
            "audience",
            "issuer_override",
            "signing_kp",
            "authorization_flow",
            "invalidation_flow",
            "default_name_id_policy",
            "sp_binding",
        ],
        search: ["name"],
        ordering: "name",
    },
    scimProvider: {
        path: "providers/scim/",
        model: "SCIMProvider",
        map: (s) => s.scimProviders,
        pk: "provider",
        lookup: "pk",
        fields: {
            name: REQUIRED,
            property_mappings: [],
            property_mappings_group: [],
            url: REQUIRED,
            verify_certificates: true,
            token: "",
            auth_mode: "token",
            auth_oauth: null,
            auth_oauth_params: {},
            compatibility_mode: "default",
            service_provider_config_cache_timeout: "hours=1",
            exclude_users_service_account: false,
            sync_page_size: 100,
            sync_page_timeout: "minutes=30",
            group_filters: [],
            dry_run: false,
        },
        refs: { property_mappings: "scimMapping[]", property_mappings_group: "scimMapping[]", group_filters: "group[]" },
        unique: [{ field: "name", subject: "provider" }],
        choices: {
            auth_mode: ["token", "oauth", "oauth_interactive"],
            compatibility_mode: ["default", "aws", "slack", "sfdc", "webex", "vcenter"],
        },
        filters: ["name", "url", "exclude_users_service_account"],
        multi: ["group_filters"],
        search: ["name", "url"],
        ordering: "name",
    },
    application: {
        path: "core/applications/",
        model: "Application",
        map: (s) => s.applications,
        pk: "uuid",
        lookup: "slug",
        fields: {
            name: REQUIRED,
            slug: REQUIRED,
            provider: null,
            backchannel_providers: [],
            open_in_new_tab: false,
            meta_launch_url: "",
            meta_icon: "",
            meta_description: "",
            meta_publisher: "",
            policy_engine_mode: "any",
            group: "",
            meta_hide: false,
        },
        refs: { provider: "samlProvider", backchannel_providers: "scimProvider[]" },
        unique: [{ field: "slug", subject: "application" }],
        choices: { policy_engine_mode: ["all", "any"] },
        urls: [{ field: "meta_launch_url", blank: true }],
        filters: ["name", "slug", "group", "meta_launch_url", "meta_publisher", "meta_description"],
        search: ["name", "slug", "meta_publisher", "meta_description", "group"],
        ordering: "name",
    },
    binding: {
        path: "policies/bindings/",
        model: "PolicyBinding",
        map: (s) => s.bindings,
        pk: "uuid",
        lookup: "pk",
        fields: {
            policy: null,
            group: null,
            user: null,
            target: REQUIRED,
            negate: false,
            enabled: true,
            order: REQUIRED,
            timeout: 30,
            failure_result: false,
        },
        refs: { group: "group", user: "user", target: "bindingTarget" },
        unique: [],
        filters: ["target", "enabled", "order", "timeout", "policy"],
        multi: ["target_in"],
        search: [],
        ordering: "order",
    },
};

/** Whether `id` names an existing object of reference type `ref`. */
export function refExists(store: Store, ref: Ref, id: unknown): boolean {
    switch (ref) {
        case "flow":
            return store.flows.has(id as string);
        case "keyPair":
            return store.keyPairs.has(id as string);
        case "samlMapping":
            return store.samlMappings.has(id as string);
        case "scimMapping":
            return store.scimMappings.has(id as string);
        case "group":
            return store.groups.has(id as string);
        case "user":
            return store.users.has(id as number);
        case "samlProvider":
            return store.samlProviders.has(id as number);
        case "scimProvider":
            return store.scimProviders.has(id as number);
        case "provider":
            return store.samlProviders.has(id as number) || store.scimProviders.has(id as number);
        case "bindingTarget": // PolicyBindingModel subclasses: applications, flows (and stages/sources, not modelled)
            return [...store.applications.values()].some((a) => a.pk === id) || store.flows.has(id as string);
    }
}
