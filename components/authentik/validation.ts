import { AwsIdentityCenterFederationArgs, IdentityAttribute } from "../args";
import { scimGroupFilters } from "../aws/assignmentPlan";
import { Problem } from "../problems";
import {
    AWS_ACS_URL as ACS_URL,
    AWS_REGION as REGION,
    AWS_SAML_AUDIENCE as AUDIENCE,
    AWS_SCIM_ENDPOINT as SCIM_ENDPOINT,
} from "../../policy/rules/endpoints";
import { parseSpMetadata, SpMetadata } from "./spMetadata";

// Django's SlugField (validate_slug) as authentik uses it for application slugs, with the default max_length 50.
const SLUG = /^[-a-zA-Z0-9_]{1,50}$/;

function isHttpUrl(text: string): boolean {
    try {
        const u = new URL(text);
        return u.protocol === "https:" || u.protocol === "http:";
    } catch {
        return false;
    }
}

/** Loopback hosts, where a token sent over http:// never leaves the machine. */
export function isLoopback(host: string): boolean {
    const h = host.replace(/^\[|\]$/g, "").toLowerCase();
    return h === "localhost" || h.endsWith(".localhost") || h === "::1" || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The SP metadata IAM Identity Center issues is about 5 KB; anything far larger is refused before parsing. */
export const MAX_SP_METADATA_BYTES = 256 * 1024;

/** A group name with leading or trailing whitespace, as a problem whose fix is the trimmed name. */
function untrimmed(field: string, name: unknown): Problem | undefined {
    if (typeof name !== "string" || name.trim() === name || name.trim() === "") return undefined;
    return {
        field,
        value: name,
        rule:
            "an authentik group name has no leading or trailing whitespace (authentik and " +
            "Identity Center match names exactly, so the spaces would make it a different group)",
        fix: `write it as ${JSON.stringify(name.trim())}`,
    };
}

function nonEmptyString(value: unknown): value is string {
    return typeof value === "string" && value.trim().length > 0;
}

/** What validation knows about the deployment beyond the arguments. */
export interface ValidationContext {
    /** The region of the AWS provider the component's AWS resources use (the `aws:region` config), when known. */
    awsRegion?: string;
}

/** Where the SAML provider's ACS URL and audience come from once the arguments are valid. */
export interface SamlEndpoints {
    acsUrl: string;
    audience: string;
    metadata?: SpMetadata;
}

/**
 * Resolves the SAML endpoints from either the SP metadata XML or the two explicit URLs. Returns problems instead
 * of throwing so they join every other problem in one report.
 */
export function resolveSamlEndpoints(args: AwsIdentityCenterFederationArgs): { endpoints?: SamlEndpoints; problems: Problem[] } {
    const ic = args.identityCenter ?? ({} as AwsIdentityCenterFederationArgs["identityCenter"]);
    const problems: Problem[] = [];
    const hasXml = ic.samlMetadataXml !== undefined;
    const hasUrls = ic.samlAcsUrl !== undefined || ic.samlAudience !== undefined;

    if (hasXml && hasUrls) {
        problems.push({
            field: "identityCenter.samlMetadataXml",
            value: "(metadata XML and samlAcsUrl/samlAudience)",
            rule: "give the SP metadata XML or the ACS URL and audience, not both: two sources could disagree",
            fix: "remove samlAcsUrl/samlAudience and keep the metadata file downloaded from IAM Identity Center",
        });
        return { problems };
    }
    let acsUrl = ic.samlAcsUrl;
    let audience = ic.samlAudience;
    let metadata: SpMetadata | undefined;
    if (hasXml && typeof ic.samlMetadataXml === "string" && Buffer.byteLength(ic.samlMetadataXml, "utf8") > MAX_SP_METADATA_BYTES) {
        const bytes = Buffer.byteLength(ic.samlMetadataXml, "utf8");
        problems.push({
            field: "identityCenter.samlMetadataXml",
            shown: `(${bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`} of text)`,
            value: undefined,
            rule:
                `IAM Identity Center's SAML service-provider metadata is a few KB; ` +
                `more than ${MAX_SP_METADATA_BYTES / 1024} KB is refused before parsing`,
            fix:
                "download the metadata file again from IAM Identity Center → Settings → Identity source " +
                "→ Change identity source → External identity provider, and paste that file's content",
        });
        return { problems };
    }
    if (hasXml) {
        try {
            if (typeof ic.samlMetadataXml !== "string")
                throw new Error(`the metadata is XML text, got ${ic.samlMetadataXml === null ? "null" : typeof ic.samlMetadataXml}`);
            metadata = parseSpMetadata(ic.samlMetadataXml);
            acsUrl = metadata.acsUrl;
            audience = metadata.entityId;
        } catch (e) {
            problems.push({
                field: "identityCenter.samlMetadataXml",
                value: String(ic.samlMetadataXml).slice(0, 80),
                rule:
                    `must be IAM Identity Center's SAML service-provider ` +
                    `metadata: ${e instanceof RangeError ? "the XML is nested too deeply to be metadata" : (e as Error).message}`,
                fix:
                    "download it again from IAM Identity Center → Settings → Identity source → " +
                    "Change identity source → External identity provider → Download metadata file",
            });
            return { problems };
        }
    } else if (!hasUrls) {
        problems.push({
            field: "identityCenter.samlMetadataXml",
            value: undefined,
            rule: "the SAML provider needs AWS's ACS URL and audience",
            fix: "pass samlMetadataXml (the SP metadata file from the IAM Identity Center console), or samlAcsUrl and samlAudience",
        });
        return { problems };
    }
    const where = hasXml ? "identityCenter.samlMetadataXml" : "identityCenter.samlAcsUrl";
    if (!nonEmptyString(acsUrl) || !ACS_URL.test(acsUrl)) {
        problems.push({
            field: where,
            value: acsUrl,
            rule:
                "the ACS URL must be an IAM Identity Center endpoint " +
                "https://<region>.signin.aws.amazon.com/platform/saml/acs/<id> (or the dual-stack .sso.signin.aws host)",
            fix: 'copy the "IAM Identity Center Assertion Consumer Service (ACS) URL" from the console',
        });
    }
    const audienceField = hasXml ? "identityCenter.samlMetadataXml" : "identityCenter.samlAudience";
    if (!nonEmptyString(audience) || !AUDIENCE.test(audience)) {
        problems.push({
            field: audienceField,
            value: audience,
            rule:
                "the audience (SP entityID) must be the IAM Identity Center issuer URL " +
                "https://<region>.signin.aws.amazon.com/platform/saml/<d-xxxxxxxxxx>",
            fix: 'copy the "IAM Identity Center issuer URL" from the console',
        });
    }
    if (problems.length > 0) return { problems };
    return { endpoints: { acsUrl: acsUrl!, audience: audience!, metadata }, problems };
}

/** An `identityAttribute` argument that is neither `email` nor `username` (unset is fine: the default is `email`). */
export function identityAttributeProblem(attr: unknown): Problem | undefined {
    if (attr === undefined || (Object.values(IdentityAttribute) as unknown[]).includes(attr)) return undefined;
    return {
        field: "identityAttribute",
        value: attr,
        rule: 'must be "email" or "username": the authentik attribute that becomes both the SAML NameID and the SCIM userName',
        fix: 'use "email" (authentik\'s AWS guide) or "username" (only if usernames are email addresses)',
    };
}

/**
 * The identity attribute whose rules names given to the component are checked by: as given, `email` by default. A
 * value that is neither is reported by {@link identityAttributeProblem} and checked as `email`, the stricter.
 */
export function identityAttributeOf(attr: unknown): IdentityAttribute {
    return attr === IdentityAttribute.Username ? IdentityAttribute.Username : IdentityAttribute.Email;
}

/** The authentik arguments and the SAML/SCIM connection details: everything that is not permission sets and assignments. */
export function validateAuthentikSide(args: AwsIdentityCenterFederationArgs, context: ValidationContext = {}): Problem[] {
    const problems: Problem[] = [];
    const attrProblem = identityAttributeProblem(args.identityAttribute);
    if (attrProblem !== undefined) problems.push(attrProblem);

    const ak = args.authentik;
    if (!ak || typeof ak !== "object") {
        problems.push({
            field: "authentik",
            value: ak,
            rule: "is required",
            fix: "pass the authentik application settings (applicationName, applicationSlug, usersGroup)",
        });
    } else {
        if (!nonEmptyString(ak.applicationName)) {
            problems.push({
                field: "authentik.applicationName",
                value: ak.applicationName,
                rule: "must be a non-empty string",
                fix: 'name the application as users see it on the authentik dashboard, e.g. "AWS Console"',
            });
        }
        if (typeof ak.applicationSlug !== "string" || !SLUG.test(ak.applicationSlug)) {
            problems.push({
                field: "authentik.applicationSlug",
                value: ak.applicationSlug,
                rule: "authentik slugs are 1-50 letters, digits, '-' or '_'",
                fix: 'use e.g. "aws-console"',
            });
        }
        for (const key of ["launchUrl", "iconUrl"] as const) {
            const v = ak[key];
            if (v !== undefined && (typeof v !== "string" || !isHttpUrl(v))) {
                problems.push({
                    field: `authentik.${key}`,
                    value: v,
                    rule: "must be an http(s) URL",
                    fix:
                        key === "launchUrl"
                            ? "use the AWS access portal URL, e.g. https://<name>.awsapps.com/start"
                            : "use an https URL of an image",
                });
            }
        }
        const usersGroupSpaces = untrimmed("authentik.usersGroup", ak.usersGroup);
        if (usersGroupSpaces) problems.push(usersGroupSpaces);
        if (!nonEmptyString(ak.usersGroup)) {
            problems.push({
                field: "authentik.usersGroup",
                value: ak.usersGroup,
                rule:
                    "must name an authentik group: since authentik 2026.2 the application's policy bindings " +
                    "decide who signs in and who is provisioned, and without a binding every user is pushed to AWS",
                fix: 'create a group such as "aws-users" in authentik and name it here',
            });
        }
        if (ak.scimGroups !== undefined) {
            if (!Array.isArray(ak.scimGroups)) {
                problems.push({
                    field: "authentik.scimGroups",
                    value: ak.scimGroups,
                    rule: "must be a list of authentik group names",
                    fix: 'use e.g. ["aws-readonly"]',
                });
            } else {
                ak.scimGroups.forEach((g, i) => {
                    if (!nonEmptyString(g)) {
                        problems.push({
                            field: `authentik.scimGroups[${i}]`,
                            value: g,
                            rule: "must be a non-empty authentik group name",
                            fix: "remove the entry or name a group",
                        });
                    }
                    const spaces = untrimmed(`authentik.scimGroups[${i}]`, g);
                    if (spaces) problems.push(spaces);
                });
            }
        }
        for (const key of ["authorizationFlow", "invalidationFlow"] as const) {
            const v = ak[key];
            if (v !== undefined && (typeof v !== "string" || !SLUG.test(v))) {
                problems.push({
                    field: `authentik.${key}`,
                    value: v,
                    rule: "must be the slug of an authentik flow (letters, digits, '-', '_')",
                    fix: 'use the flow\'s slug from authentik → Flows, e.g. "default-provider-authorization-implicit-consent"',
                });
            }
        }
        if (ak.signingCertificate !== undefined && !nonEmptyString(ak.signingCertificate)) {
            problems.push({
                field: "authentik.signingCertificate",
                value: ak.signingCertificate,
                rule: "must name an authentik certificate-key pair: AWS only accepts signed assertions",
                fix: 'omit it to use "authentik Self-signed Certificate" or name a key pair from System → Certificates',
            });
        }
        if (ak.issuer !== undefined && !nonEmptyString(ak.issuer)) {
            problems.push({
                field: "authentik.issuer",
                value: ak.issuer,
                rule: "must be a non-empty issuer (EntityID) when given",
                fix: "omit it to let authentik generate the issuer",
            });
        }
        if (ak.apiUrl !== undefined && (typeof ak.apiUrl !== "string" || !isHttpUrl(ak.apiUrl))) {
            problems.push({
                field: "authentik.apiUrl",
                value: ak.apiUrl,
                rule: "must be the http(s) base URL of authentik",
                fix: 'use e.g. "https://authentik.example.com" or omit it to use the authentik:url config',
            });
        } else if (typeof ak.apiUrl === "string" && new URL(ak.apiUrl).protocol === "http:" && !isLoopback(new URL(ak.apiUrl).hostname)) {
            problems.push({
                field: "authentik.apiUrl",
                value: ak.apiUrl,
                rule:
                    "the authentik API token would travel in clear text over http:// " +
                    "(only a loopback address such as http://localhost is allowed)",
                fix: `use https: ${JSON.stringify(ak.apiUrl.replace(/^http:/i, "https:"))}`,
            });
        }
        if (typeof ak.apiToken === "string" && ak.apiToken.trim() === "") {
            problems.push({
                field: "authentik.apiToken",
                value: "(empty)",
                rule: "must be a non-empty authentik API token when given",
                fix: "omit it to use the authentik:token config, or pass an API token (as a secret)",
            });
        }
        for (const key of ["openInNewTab", "excludeServiceAccounts", "scimDryRun"] as const) {
            const v = ak[key];
            if (v !== undefined && typeof v !== "boolean") {
                problems.push({
                    field: `authentik.${key}`,
                    value: v,
                    rule: "must be true or false",
                    fix: `set authentik.${key} to a boolean`,
                });
            }
        }
    }

    const ic = args.identityCenter;
    if (!ic || typeof ic !== "object") {
        problems.push({
            field: "identityCenter",
            value: ic,
            rule: "is required",
            fix: "pass the IAM Identity Center SAML metadata and SCIM endpoint/token",
        });
        return problems;
    }
    problems.push(...resolveSamlEndpoints(args).problems);
    if (typeof ic.scimEndpoint !== "string" || !SCIM_ENDPOINT.test(ic.scimEndpoint)) {
        problems.push({
            field: "identityCenter.scimEndpoint",
            value: ic.scimEndpoint,
            rule: "must be the IAM Identity Center SCIM endpoint https://scim.<region>.amazonaws.com/<tenant>/scim/v2/",
            fix: "enable automatic provisioning in IAM Identity Center → Settings and copy the SCIM endpoint",
        });
    }
    if (ic.scimToken === undefined || ic.scimToken === null || (typeof ic.scimToken === "string" && ic.scimToken.trim() === "")) {
        problems.push({
            field: "identityCenter.scimToken",
            value: ic.scimToken === undefined ? undefined : "(empty)",
            rule: "the SCIM access token is required (IAM Identity Center mints it only in the console)",
            fix: "pulumi config set --secret scimToken <token from IAM Identity Center → Settings → Automatic provisioning>",
        });
    }
    if (ic.region !== undefined && (typeof ic.region !== "string" || !REGION.test(ic.region))) {
        problems.push({
            field: "identityCenter.region",
            value: ic.region,
            rule: "must be an AWS region name",
            fix: 'use the region of the Identity Center instance, e.g. "eu-central-1"',
        });
    }
    problems.push(...regionConsistency(args, context));

    // authentik ≥ 2026.2: an empty group filter pushes EVERY authentik group to AWS.
    if (
        ak &&
        typeof ak === "object" &&
        (ak.scimGroups === undefined || Array.isArray(ak.scimGroups)) &&
        safeGroupFilters(args).length === 0
    ) {
        problems.push({
            field: "authentik.scimGroups",
            value: ak.scimGroups,
            rule: "the SCIM provider would have an empty group filter, and authentik (2026.2+) then pushes every authentik group to AWS",
            fix: "assign at least one group in `assignments`, or name the groups to push in authentik.scimGroups",
        });
    }
    return problems;
}

function safeGroupFilters(args: AwsIdentityCenterFederationArgs): string[] {
    try {
        return scimGroupFilters(args);
    } catch {
        return ["(malformed assignments are reported on their own)"];
    }
}

/** The region in an IAM Identity Center URL's host (`https://<region>.signin...`, `https://scim.<region>.amazonaws.com`). */
export function regionOfUrl(url: unknown): string | undefined {
    if (typeof url !== "string") return undefined;
    const m = /^https:\/\/(?:scim\.)?([a-z]{2}(?:-[a-z]+)+-\d)\./.exec(url);
    return m?.[1];
}

/**
 * The ACS URL, the audience, the SCIM endpoint and `identityCenter.region` all come from one Identity Center instance,
 * so they name one region. A disagreement usually means values copied from two instances or environments: sign-in
 * or provisioning would go to the wrong one. A warning, since multi-Region Identity Center may add regional hosts.
 */
function regionConsistency(args: AwsIdentityCenterFederationArgs, context: ValidationContext): Problem[] {
    const saml = resolveSamlEndpoints(args).endpoints;
    const ic = args.identityCenter;
    const named: [string, string | undefined][] = [
        [
            args.identityCenter.samlMetadataXml !== undefined ? "identityCenter.samlMetadataXml (ACS URL)" : "identityCenter.samlAcsUrl",
            regionOfUrl(saml?.acsUrl),
        ],
        ["identityCenter.scimEndpoint", regionOfUrl(ic.scimEndpoint)],
        ["identityCenter.region", typeof ic.region === "string" && REGION.test(ic.region) ? ic.region : undefined],
        // Permission sets, assignments and the instance lookup go to the AWS provider's region.
        [
            "aws:region (the AWS provider)",
            context.awsRegion !== undefined && REGION.test(context.awsRegion) ? context.awsRegion : undefined,
        ],
    ];
    const known = named.filter((n): n is [string, string] => n[1] !== undefined);
    const regions = [...new Set(known.map(([, r]) => r))];
    if (regions.length <= 1) return [];
    return [
        {
            field: known.map(([f]) => f).join(" / "),
            value: known.map(([f, r]) => `${f.split(" ")[0]}: ${r}`).join(", "),
            rule:
                "the SAML ACS URL, the SCIM endpoint, the Identity Center region and the AWS provider's " +
                "region all belong to one IAM Identity Center instance and should name the same region",
            fix:
                "copy the ACS URL, issuer and SCIM endpoint from the same IAM Identity Center console page " +
                "(Settings → Identity source), and point aws:region (or the AWS provider) at the instance's region",
            severity: "warning",
        },
    ];
}
