/**
 * Who in the application's scope cannot sign in to AWS, and why. AWS signs a person in only when the SAML NameID
 * equals the `userName` of an enabled Identity Center user; the component's NameID mapping returns the identity only
 * when authentik's stored AWS answer for this person (SCIMProviderUser) holds it, and otherwise nothing (fail closed).
 */
import { Finding } from "../findings";
import { Identity } from "../identities";
import { AuthentikSnapshot, AwsSnapshot, Declared } from "../snapshot";
import { AuthentikUser } from "../../scripts/mappingCheck";

const SERVICE_ACCOUNTS = new Set(["service_account", "internal_service_account"]);

/** The users authentik provisions and lets sign in: active members of `usersGroup`, service accounts out if excluded. */
export function usersInScope(declared: Declared, ak: AuthentikSnapshot): AuthentikUser[] {
    const group = ak.groups.find((g) => g.name === declared.usersGroup);
    if (group === undefined) return [];
    return ak.users.filter(
        (u) => group.members.has(u.pk) && u.is_active !== false && !(declared.excludeServiceAccounts && SERVICE_ACCOUNTS.has(u.type ?? "")),
    );
}

export function checkSignIn(declared: Declared, ak: AuthentikSnapshot, aws: AwsSnapshot, identities: Map<number, Identity>): Finding[] {
    const findings: Finding[] = [];
    const links = new Map(ak.scimLinks.map((l) => [l.userPk, l]));
    const awsById = new Map(aws.users.map((u) => [u.userId, u]));
    const awsByName = new Map(aws.users.map((u) => [u.userName.toLowerCase(), u]));
    for (const user of usersInScope(declared, ak)) {
        const subject = `user ${user.username}`;
        const say = (severity: Finding["severity"], evidence: string, fix: string) =>
            findings.push({ check: "cannot-sign-in", severity, subject, evidence, fix });
        const identity = identities.get(user.pk) ?? {
            kind: "error" as const,
            reason: "the mapping harness returned no result for this user",
        };
        if (identity.kind === "skipped") {
            say(
                "warning",
                `skipped by the SCIM user mapping: ${identity.reason}`,
                "correct the person's data in authentik as the reason says; the next sync provisions them",
            );
            continue;
        }
        if (identity.kind === "error") {
            say(
                "error",
                `authentik cannot provision them: ${identity.reason}`,
                "correct the person's data in authentik; until then authentik's sync of this user fails on every run",
            );
            continue;
        }
        const link = links.get(user.pk);
        if (link === undefined) {
            const existing = awsByName.get(identity.userName.toLowerCase());
            say(
                "error",
                existing
                    ? `not provisioned by authentik (no SCIM link for this provider), ` +
                          `although AWS holds user ${JSON.stringify(existing.userName)}`
                    : `not provisioned: authentik holds no AWS user for them and AWS has no user ${JSON.stringify(identity.userName)}`,
                "run the SCIM sync in authentik (Providers → the SCIM provider → Run sync) and " +
                    "check its log for this user (HTTP 429/503 and stopped pages are only logged)",
            );
            continue;
        }
        const awsUser = awsById.get(link.scimId);
        if (awsUser === undefined) {
            say(
                "error",
                `authentik is linked to AWS user ${link.scimId}, which no longer exists in identity store ${aws.identityStoreId}`,
                "delete the stale link in authentik (Providers → the SCIM provider → " +
                    "Provisioned users) and run the sync: authentik creates the user again",
            );
            continue;
        }
        if (awsUser.userName !== identity.userName) {
            say(
                "error",
                `the NameID would be ${JSON.stringify(identity.userName)} but AWS user ${awsUser.userId} has ` +
                    `userName ${JSON.stringify(awsUser.userName)} (authentik's update was refused or has not run)`,
                "run the SCIM sync; if AWS answers 409, another AWS user holds the new userName: remove or rename that one first",
            );
            continue;
        }
        if (link.userName !== undefined && link.userName !== identity.userName) {
            say(
                "error",
                `authentik's stored AWS answer says userName ${JSON.stringify(link.userName)}, ` +
                    `not ${JSON.stringify(identity.userName)}: the NameID mapping returns nothing (fail closed)`,
                "run the SCIM sync so authentik stores AWS's current answer",
            );
            continue;
        }
        if (awsUser.disabled) {
            say(
                "error",
                `AWS user ${JSON.stringify(awsUser.userName)} (${awsUser.userId}) is disabled`,
                "enable the user in IAM Identity Center → Users, or find out who disabled it and why",
            );
        }
    }
    return findings;
}
