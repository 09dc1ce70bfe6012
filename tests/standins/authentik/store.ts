/**
 * The authentik stand-in's data: one record per authentik object, holding the fields authentik stores (the writable
 * fields of the API's `…Request` schemas plus the ids authentik assigns). Serializers (serializers.ts) add what
 * authentik computes. The seeding functions are the tests' way to create what an authentik admin (or a blueprint)
 * would have created before the component runs: users, groups with members, flows, certificate key pairs, managed
 * property mappings.
 */
import { createHash, randomUUID } from "node:crypto";
import { selfSignedCertificate, type TestCertificate } from "./certificates";

export type Json = Record<string, unknown>;

export interface UserRec {
    pk: number;
    uuid: string;
    username: string;
    name: string;
    email: string;
    is_active: boolean;
    is_superuser: boolean;
    type: "internal" | "external" | "service_account" | "internal_service_account";
    path: string;
    attributes: Json;
    /** authentik's `User.uid`: a SHA-256 hex digest (of the pk and the install id in authentik). */
    uid: string;
    date_joined: string;
    last_login: string | null;
    last_updated: string;
    password_change_date: string;
}

export interface GroupRec {
    pk: string;
    num_pk: number;
    name: string;
    is_superuser: boolean;
    parents: string[];
    attributes: Json;
    roles: string[];
    /** Member user pks (authentik's User.groups many-to-many). */
    users: number[];
}

export interface FlowRec extends Json {
    pk: string;
    slug: string;
    name: string;
    title: string;
    designation: string;
}

export interface KeyPairRec {
    pk: string;
    name: string;
    certificate_data: string;
    /** Never serialized except by view_private_key, where authentik returns it too. */
    key_data: string;
    managed: string | null;
}

/** Property mappings, SAML and SCIM providers, applications and bindings: their writable fields as authentik stores them. */
export type ObjectRec = Json & { pk: string | number };

export interface ScimUserRec {
    id: string;
    scim_id: string;
    user: number;
    provider: number;
    /** What AWS answered for the user (authentik stores the SCIM response: `userName` is what AWS holds). */
    attributes: Json;
}

export interface ScimGroupRec {
    id: string;
    scim_id: string;
    group: string;
    provider: number;
    attributes: Json;
}

export interface EventRec {
    pk: string;
    action: string;
    app: string;
    context: Json;
    created: string;
    expires: string;
}

export class Store {
    users = new Map<number, UserRec>();
    groups = new Map<string, GroupRec>();
    flows = new Map<string, FlowRec>();
    keyPairs = new Map<string, KeyPairRec>();
    samlMappings = new Map<string, ObjectRec>();
    scimMappings = new Map<string, ObjectRec>();
    /** Providers share one integer sequence (authentik's Provider base model). */
    samlProviders = new Map<number, ObjectRec>();
    scimProviders = new Map<number, ObjectRec>();
    /** By slug (the API's lookup field); `pk` is a uuid. */
    applications = new Map<string, ObjectRec>();
    bindings = new Map<string, ObjectRec>();
    scimUsers = new Map<string, ScimUserRec>();
    scimGroups = new Map<string, ScimGroupRec>();
    /** authentik Events (here: the ones SCIM mappings create with ak_create_event). */
    events = new Map<string, EventRec>();

    private seq = { user: 0, group: 0, provider: 0 };
    nextUserPk = () => ++this.seq.user;
    nextGroupNumPk = () => ++this.seq.group;
    nextProviderPk = () => ++this.seq.provider;

    /** Application whose backchannel providers include SCIM provider `pk`. */
    backchannelApplicationOf(providerPk: number): ObjectRec | undefined {
        return [...this.applications.values()].find((a) => (a.backchannel_providers as number[]).includes(providerPk));
    }
    /** Application whose (protocol) provider is `pk`. */
    applicationOf(providerPk: number): ObjectRec | undefined {
        return [...this.applications.values()].find((a) => a.provider === providerPk);
    }
}

const now = () => new Date().toISOString();

export interface SeedUser {
    username: string;
    name?: string;
    email?: string;
    is_active?: boolean;
    type?: UserRec["type"];
    attributes?: Json;
    /** Group names (created when missing). */
    groups?: string[];
    uid?: string;
    path?: string;
}

export interface SeedKeyPair {
    name: string;
    /** PEM; default: a generated self-signed certificate valid from `notBefore` to `notAfter`. */
    certificatePem?: string;
    privateKeyPem?: string;
    /** Default now − 1 day. */
    notBefore?: Date;
    /** Default now + 365 days (authentik's self-signed default). */
    notAfter?: Date;
    managed?: string | null;
}

/** What the seeding API adds; every function returns the created record. */
export class Seeder {
    constructor(private readonly store: Store) {}

    group(name: string, options: { parents?: string[]; attributes?: Json; is_superuser?: boolean } = {}): GroupRec {
        const existing = [...this.store.groups.values()].find((g) => g.name === name);
        if (existing) return existing;
        const rec: GroupRec = {
            pk: randomUUID(),
            num_pk: this.store.nextGroupNumPk(),
            name,
            is_superuser: options.is_superuser ?? false,
            parents: (options.parents ?? []).map((p) => this.group(p).pk),
            attributes: options.attributes ?? {},
            roles: [],
            users: [],
        };
        this.store.groups.set(rec.pk, rec);
        return rec;
    }

    user(u: SeedUser): UserRec {
        const pk = this.store.nextUserPk();
        const t = now();
        const rec: UserRec = {
            pk,
            uuid: randomUUID(),
            username: u.username,
            name: u.name ?? u.username,
            email: u.email ?? "",
            is_active: u.is_active ?? true,
            is_superuser: false,
            type: u.type ?? "internal",
            path: u.path ?? "users",
            attributes: u.attributes ?? {},
            uid: u.uid ?? createHash("sha256").update(`${pk}-standin`).digest("hex"),
            date_joined: t,
            last_login: null,
            last_updated: t,
            password_change_date: t,
        };
        this.store.users.set(pk, rec);
        for (const g of u.groups ?? []) this.addMember(g, pk);
        return rec;
    }

    /** Adds user `pk` to group `name` (created when missing). */
    addMember(groupName: string, userPk: number): void {
        const g = this.group(groupName);
        if (!g.users.includes(userPk)) g.users.push(userPk);
    }

    removeMember(groupName: string, userPk: number): void {
        const g = [...this.store.groups.values()].find((x) => x.name === groupName);
        if (g) g.users = g.users.filter((p) => p !== userPk);
    }

    /** Changes a user's fields in place (e.g. an email change), as an admin would. */
    updateUser(pk: number, changes: Partial<Omit<UserRec, "pk" | "uuid" | "uid">>): UserRec {
        const rec = this.store.users.get(pk);
        if (!rec) throw new Error(`no user ${pk}`);
        Object.assign(rec, changes, { last_updated: now() });
        return rec;
    }

    flow(slug: string, designation: string, options: { name?: string; title?: string } = {}): FlowRec {
        const existing = [...this.store.flows.values()].find((f) => f.slug === slug);
        if (existing) return existing;
        const rec: FlowRec = {
            pk: randomUUID(),
            slug,
            name: options.name ?? slug,
            title: options.title ?? slug,
            designation,
            background: "",
            policy_engine_mode: "any",
            compatibility_mode: false,
            layout: "stacked",
            denied_action: "message_continue",
            authentication: "none",
        };
        this.store.flows.set(rec.pk, rec);
        return rec;
    }

    keyPair(k: SeedKeyPair): KeyPairRec & { certificate: TestCertificate } {
        const day = 86400000;
        const generated =
            k.certificatePem !== undefined
                ? { certificatePem: k.certificatePem, privateKeyPem: k.privateKeyPem ?? "" }
                : selfSignedCertificate(k.name, k.notBefore ?? new Date(Date.now() - day), k.notAfter ?? new Date(Date.now() + 365 * day));
        const rec: KeyPairRec = {
            pk: randomUUID(),
            name: k.name,
            certificate_data: generated.certificatePem,
            key_data: generated.privateKeyPem,
            managed: k.managed ?? null,
        };
        this.store.keyPairs.set(rec.pk, rec);
        return { ...rec, certificate: generated };
    }

    /** A SCIM property mapping as authentik's blueprints create the managed ones (e.g. `goauthentik.io/providers/scim/group`). */
    scimMapping(name: string, expression: string, managed: string | null = null): ObjectRec {
        const rec: ObjectRec = { pk: randomUUID(), name, expression, managed };
        this.store.scimMappings.set(rec.pk as string, rec);
        return rec;
    }

    samlMapping(name: string, samlName: string, expression: string, managed: string | null = null): ObjectRec {
        const rec: ObjectRec = { pk: randomUUID(), name, expression, managed, saml_name: samlName, friendly_name: null };
        this.store.samlMappings.set(rec.pk as string, rec);
        return rec;
    }

    /**
     * What a fresh authentik 2026.5 has that the component reads: the default flows, the self-signed certificate,
     * the managed SCIM mappings (authentik/blueprints/system/providers-scim.yaml).
     */
    defaults(): void {
        this.flow("default-provider-authorization-implicit-consent", "authorization", {
            name: "Authorize Application",
            title: "Redirecting to %(app)s",
        });
        this.flow("default-provider-authorization-explicit-consent", "authorization", {
            name: "Authorize Application",
            title: "Redirecting to %(app)s",
        });
        this.flow("default-provider-invalidation-flow", "invalidation", {
            name: "Logged out of application",
            title: "You've logged out of %(app)s.",
        });
        this.flow("default-authentication-flow", "authentication", { name: "Welcome to authentik!", title: "Welcome to authentik!" });
        this.keyPair({ name: "authentik Self-signed Certificate" });
        this.scimMapping("authentik default SCIM Mapping: User", SCIM_DEFAULT_USER_EXPRESSION, "goauthentik.io/providers/scim/user");
        this.scimMapping("authentik default SCIM Mapping: Group", SCIM_DEFAULT_GROUP_EXPRESSION, "goauthentik.io/providers/scim/group");
    }
}

/** In the shape of the managed mappings of authentik/blueprints/system/providers-scim.yaml (a test seed, not a copy). */
export const SCIM_DEFAULT_GROUP_EXPRESSION = `return {
    "displayName": group.name,
}`;
export const SCIM_DEFAULT_USER_EXPRESSION = `# Some implementations require givenName and familyName to be set
givenName, familyName = request.user.name, " "
formatted = request.user.name + " "
# This default sets givenName to the name before the first space
# and the remainder as family name
# if the user's name has no space the givenName is the entire name
if " " in request.user.name:
    givenName, _, familyName = request.user.name.partition(" ")
    formatted = request.user.name
return {
    "userName": request.user.username,
    "name": {
        "formatted": formatted,
        "givenName": givenName,
        "familyName": familyName,
    },
    "displayName": request.user.name,
    "photos": [],
    "active": request.user.is_active,
    "emails": [
        {
            "type": "other",
            "value": request.user.email,
            "primary": True,
        }
    ],
}`;
