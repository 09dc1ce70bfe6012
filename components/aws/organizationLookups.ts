/**
 * The AWS Organizations lookups behind OU, tag and name targeting: `getOrganization` once (names, tags, roots), one
 * `getOrganizationalUnitDescendantAccounts` (nested) or `getOrganizationalUnitChildAccounts` (direct) per distinct
 * OU, and `getResourceTags` per active account only when a tag filter is used. They run at preview and at update,
 * so the plan always reflects the organization as it is. Resolution itself is pure (accountTargets.ts).
 */
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { OrgAccount, OrganizationData, ouLookupKey, TargetLookups } from "./accountTargets";

function toAccount(a: { id: string; name: string; state?: string; status?: string }): OrgAccount {
    // `status` is deprecated in @pulumi/aws 7 in favour of `state` (which also knows CLOSED).
    return { id: a.id, name: a.name, state: a.state || a.status || "" };
}

export function lookupOrganization(parent: pulumi.Resource, lookups: TargetLookups): pulumi.Output<OrganizationData> {
    const opts = { parent };
    const organization = lookups.organization ? aws.organizations.getOrganization({}, opts) : Promise.resolve(undefined);
    const ous = Promise.all(
        lookups.ous.map(async (l): Promise<[string, OrgAccount[] | { error: string }]> => {
            try {
                const r = l.nested
                    ? await aws.organizations.getOrganizationalUnitDescendantAccounts({ parentId: l.parentId }, opts)
                    : await aws.organizations.getOrganizationalUnitChildAccounts({ parentId: l.parentId }, opts);
                return [ouLookupKey(l), r.accounts.map(toAccount)];
            } catch (e) {
                // A missing OU fails the invoke (ParentNotFoundException); the plan reports it by field and OU ID.
                return [ouLookupKey(l), { error: String((e as Error)?.message ?? e).split("\n")[0] }];
            }
        }),
    );
    const data = (async (): Promise<OrganizationData> => {
        const org = await organization;
        const accounts = org?.accounts.map(toAccount);
        let tags: { [accountId: string]: { [key: string]: string } } | undefined;
        if (lookups.tags && accounts) {
            const active = accounts.filter((a) => a.state === "ACTIVE");
            const found = await Promise.all(active.map((a) => aws.organizations.getResourceTags({ resourceId: a.id }, opts)));
            tags = Object.fromEntries(active.map((a, i) => [a.id, found[i].tags ?? {}]));
        }
        return { accounts, roots: org?.roots.map((r) => r.id), ous: Object.fromEntries(await ous), tags };
    })();
    return pulumi.output(data);
}
