// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

// Nested output object types (only getGroup has one in this subset).

export interface GetGroupUsersObj {
    attributes: string;
    email: string;
    isActive: boolean;
    lastLogin: string;
    name: string;
    pk: number;
    uid: string;
    username: string;
}
