import * as pulumi from "@pulumi/pulumi";
import { AwsIdentityCenterFederationArgs, IdentityCenterArgs } from "../components/args";

/** The project's config namespace (Pulumi.yaml `name`). */
export const PROJECT = "aws-identity-center-authentik";
/** Config key holding the federation settings object. */
export const SETTINGS_KEY = "federation";
/** Config key holding the SCIM access token (always secret). */
export const SCIM_TOKEN_KEY = "scimToken";

/**
 * The federation settings as they live in stack config (`aws-identity-center-authentik:federation`): the
 * component's arguments without the SCIM token, which is a separate secret config value so that it is never
 * committed in a stack file.
 */
export type FederationSettings = Omit<AwsIdentityCenterFederationArgs, "identityCenter"> & {
    identityCenter: Omit<IdentityCenterArgs, "scimToken">;
};

/** Builds the component's arguments from settings and the secret token. */
export function argsFromSettings(settings: FederationSettings, scimToken: pulumi.Input<string>): AwsIdentityCenterFederationArgs {
    return { ...settings, identityCenter: { ...settings.identityCenter, scimToken } };
}
