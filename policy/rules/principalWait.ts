/**
 * The first-deploy wait for SCIM-provisioned principals: its defaults and bounds, and the one rule of which
 * principals wait. Shared by the component (validation and wiring) and the policy pack.
 */

/**
 * Longest wait for a SCIM-provisioned principal: one hour. The component starts authentik's full sync itself once
 * the application exists, and a full sync also runs when the provider is saved (authentik source:
 * authentik/lib/sync/outgoing/models.py, `send_on_save`); the scheduled one is hourly per authentik's SCIM provider
 * docs (docs.goauthentik.io, "Once an hour, all SCIM providers are fully synchronized"). A longer wait only hides a
 * configuration problem: pin the principal's ID instead.
 */
export const MAX_PRINCIPAL_WAIT_SECONDS = 3600;
export const DEFAULT_PRINCIPAL_WAIT = { timeoutSeconds: 300, initialDelaySeconds: 2, maxDelaySeconds: 30 } as const;

/** The pinned and external principals, as `principalIds` gives them. Lookups are own-property only. */
export interface PrincipalPins {
    groups?: { readonly [displayName: string]: string };
    users?: { readonly [userName: string]: string };
    externalGroups?: readonly string[];
}

/** The pinned Identity Center ID of a principal, by own property only (a group named `constructor` is not pinned). */
export function pinnedIdOf(pins: PrincipalPins | undefined, principalType: "GROUP" | "USER", name: string): string | undefined {
    const map = principalType === "GROUP" ? pins?.groups : pins?.users;
    if (map === null || typeof map !== "object" || !Object.hasOwn(map, name)) return undefined;
    const id: unknown = map[name];
    return typeof id === "string" ? id : undefined;
}

/** A group managed outside authentik (`principalIds.externalGroups`): it exists already, nothing waits for it. */
export function isExternalGroup(pins: PrincipalPins | undefined, principalType: "GROUP" | "USER", name: string): boolean {
    return principalType === "GROUP" && Array.isArray(pins?.externalGroups) && pins!.externalGroups!.includes(name);
}

/**
 * Whether a principal waits for authentik's SCIM sync before it is looked up: every principal that is neither
 * pinned (its ID is given) nor an external group (it exists already).
 */
export function waitsForScim(pins: PrincipalPins | undefined, principalType: "GROUP" | "USER", name: string): boolean {
    return pinnedIdOf(pins, principalType, name) === undefined && !isExternalGroup(pins, principalType, name);
}
