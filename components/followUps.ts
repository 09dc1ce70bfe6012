import { IdentityAttribute } from "./args";
import { NAMEID_FORMAT_EMAIL } from "./authentik/mappings";

/**
 * The steps that no API can perform, as the component's `followUps` output. Each is done once per environment
 * by a person; the README explains them in full.
 */
export function followUpsFor(ctx: { identityAttribute: IdentityAttribute; applicationSlug: string; syncTriggered?: boolean }): string[] {
    const steps = [
        // authentik ≥ 2025.8 has default_name_id_policy, but terraform-provider-authentik 2026.5.0 does not expose it.
        `authentik: open Applications → Providers → the SAML provider of "${ctx.applicationSlug}" → Advanced protocol settings and set "Default NameID Policy" to ${NAMEID_FORMAT_EMAIL}. ` +
            "The Pulumi provider cannot set it; without it, sign-ins started from the authentik dashboard (IdP-initiated) send an 'unspecified' NameID format, which AWS rejects.",
        // No public AWS API configures the identity source (IAM Identity Center API reference: no operation changes the identity source).
        "AWS: IAM Identity Center → Settings → Identity source → Change identity source → External identity provider: upload the idpMetadataXml output as the IdP SAML metadata, then type ACCEPT.",
        // SCIM tokens expire after one year and can only be rotated in the console.
        "AWS: the SCIM access token expires one year after it was generated; rotate it in IAM Identity Center → Settings → Automatic provisioning and run `pulumi config set --secret scimToken <new token>` then `pulumi up`.",
        `Identity: both the SAML NameID and the SCIM userName are the user's ${ctx.identityAttribute} (trimmed, lower-cased); users without a usable ${ctx.identityAttribute} are skipped by SCIM and logged in authentik's event log.`,
    ];
    if (ctx.syncTriggered === false) {
        steps.push(
            `authentik: no API access was configured, so the component did not start the SCIM sync: start it once in authentik → Applications → Providers → the SCIM provider of "${ctx.applicationSlug}" → Run sync (or wait for the hourly sync).`,
        );
    }
    return steps;
}
