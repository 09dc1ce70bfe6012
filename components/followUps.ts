import { IdentityAttribute } from "./args";
import { NAMEID_FORMAT_EMAIL, SKIP_EVENT_LOGGED_ACTION } from "./authentik/mappings";

/**
 * The steps that no API can perform (or that the component could not perform, for lack of authentik API access),
 * as the component's `followUps` output. Each is done once per environment by a person; the README explains them.
 */
export function followUpsFor(ctx: { identityAttribute: IdentityAttribute; applicationSlug: string; syncTriggered?: boolean }): string[] {
    const apiAccess = ctx.syncTriggered !== false;
    const steps: string[] = [];
    if (!apiAccess) {
        // With API access the component sets it (SamlNameIdPolicy); the Terraform provider has no field for it.
        steps.push(
            `authentik: open Applications → Providers → the SAML provider of "${ctx.applicationSlug}" → Edit → Advanced ` +
                `protocol settings and set "Default NameID Policy" to Email address (${NAMEID_FORMAT_EMAIL}), then Update. ` +
                "No authentik API access was configured, so the component could not set it; without it, sign-ins started " +
                "from the authentik dashboard (IdP-initiated) send an 'unspecified' NameID format, which AWS rejects.",
        );
    }
    steps.push(
        // No public AWS API configures the identity source (IAM Identity Center API reference: no operation changes the identity source).
        "AWS: IAM Identity Center → Settings → Identity source → Change identity source → External " +
            "identity provider: upload the idpMetadataXml output as the IdP SAML metadata, then type ACCEPT.",
        // SCIM tokens expire after one year and can only be rotated in the console.
        "AWS: the SCIM access token expires one year after it was generated; rotate it in IAM Identity Center → " +
            "Settings → Automatic provisioning and run `pulumi config set --secret scimToken <new token>` then `pulumi up`.",
        `Identity: the SCIM userName is the user's ${ctx.identityAttribute} (trimmed, ` +
            `lower-cased) and the SAML NameID is the userName AWS holds for that person. ` +
            `Users without a usable ${ctx.identityAttribute}, with one Django's validate_email ` +
            `rejects${ctx.identityAttribute === "email" ? "" : " (their email is left out instead)"}, ` +
            `or sharing it with another authentik user are not provisioned and cannot sign in: ` +
            `see authentik → Events → Logs, action "${SKIP_EVENT_LOGGED_ACTION}" (one event per user and reason).`,
        "Revoking access: remove the person from the users group (or deactivate them); removing them from " +
            "another authentik group does not reach AWS in compatibility mode aws (see README, Known limitations).",
    );
    if (!apiAccess) {
        steps.push(
            `authentik: no API access was configured, so the component did not start the SCIM sync: ` +
                `start it once in authentik → Applications → Providers → the SCIM provider of ` +
                `"${ctx.applicationSlug}" → Run sync (or wait for authentik's scheduled full sync, every 4 hours).`,
        );
    }
    return steps;
}
