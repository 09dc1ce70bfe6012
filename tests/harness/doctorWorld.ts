/**
 * A seeded federation for the doctor's tests and benchmark: moto's Identity Center and the authentik API stand-in
 * (tests/standins), with the objects the component creates made through @goauthentik/api as
 * terraform-provider-authentik would, and the SCIM sync into moto simulated by the stand-in.
 */
import * as http from "node:http";
import { Configuration, CoreApi, CryptoApi, FlowsApi, PoliciesApi, PropertymappingsApi, ProvidersApi } from "@goauthentik/api";
import { FederationSettings } from "../../program/settings";
import { AuthentikStandin } from "../standins/authentik";
import { createComponentObjects } from "../standins/authentik/componentObjects";

export function authentikApi(standin: AuthentikStandin) {
    const config = new Configuration({ basePath: `${standin.url}/api/v3`, accessToken: standin.token });
    return {
        core: new CoreApi(config),
        crypto: new CryptoApi(config),
        flows: new FlowsApi(config),
        policies: new PoliciesApi(config),
        mappings: new PropertymappingsApi(config),
        providers: new ProvidersApi(config),
    };
}

export interface FederationObjects {
    scimPk: number;
    samlPk: number;
    slug: string;
}

/**
 * The component's authentik objects: SCIM provider (mode aws, the generated user mapping), SAML provider,
 * application, binding; then a sync.
 */
export async function createFederation(
    standin: AuthentikStandin,
    opts: { groupFilters: string[]; usersGroup: string; signingCertificate: string; slug?: string },
): Promise<FederationObjects> {
    const { scim, saml, slug } = await createComponentObjects(authentikApi(standin), opts);
    await standin.syncIdle();
    return { scimPk: scim.pk, samlPk: saml.pk, slug };
}

/** Federation settings for the seeded world, as a stack file holds them. */
export function worldSettings(overrides: {
    scimGroups?: string[];
    scimTokenIssuedAt?: string;
    identityStoreId: string;
    instanceArn: string;
    slug?: string;
    signingCertificate: string;
}): FederationSettings {
    return {
        identityAttribute: "email",
        authentik: {
            applicationName: "AWS",
            applicationSlug: overrides.slug ?? "aws-console",
            usersGroup: "aws-users",
            signingCertificate: overrides.signingCertificate,
            scimGroups: overrides.scimGroups,
        },
        identityCenter: {
            samlAcsUrl: "https://us-east-1.signin.aws.amazon.com/platform/saml/acs/abc",
            samlAudience: "https://us-east-1.signin.aws.amazon.com/platform/saml/d-1234567890",
            scimEndpoint: "https://scim.us-east-1.amazonaws.com/abc/scim/v2/",
            identityStoreId: overrides.identityStoreId,
            instanceArn: overrides.instanceArn,
            region: "us-east-1",
            ...(overrides.scimTokenIssuedAt ? { scimTokenIssuedAt: overrides.scimTokenIssuedAt } : {}),
        },
        permissionSets: { Administrator: { managedPolicies: ["arn:aws:iam::aws:policy/AdministratorAccess"] } },
        assignments: [{ group: "aws-admins", permissionSet: "Administrator", accounts: ["111111111111"] }],
    };
}

/**
 * A proxy in front of moto that answers the first `throttle` Identity Store requests with AWS's throttling error
 * (HTTP 400, `ThrottlingException`, as the Identity Store API reference lists it), to prove the SDK retries them.
 */
export async function throttlingProxy(
    target: string,
    throttle: number,
): Promise<{ endpoint: string; throttled: () => number; close: () => Promise<void> }> {
    let throttled = 0;
    const server = http.createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on("data", (c: Buffer) => chunks.push(c));
        req.on("end", () => {
            const isIdentityStore = String(req.headers["x-amz-target"] ?? "").startsWith("AWSIdentityStore.");
            if (isIdentityStore && throttled < throttle) {
                throttled++;
                res.writeHead(400, { "Content-Type": "application/x-amz-json-1.1", "x-amzn-ErrorType": "ThrottlingException" });
                res.end(JSON.stringify({ __type: "ThrottlingException", message: "Rate exceeded" }));
                return;
            }
            const url = new URL(req.url ?? "/", target);
            const upstream = http.request(url, { method: req.method, headers: { ...req.headers, host: url.host } }, (up) => {
                res.writeHead(up.statusCode ?? 502, up.headers);
                up.pipe(res);
            });
            upstream.on("error", () => res.destroy());
            upstream.end(Buffer.concat(chunks));
        });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const { port } = server.address() as { port: number };
    return {
        endpoint: `http://127.0.0.1:${port}`,
        throttled: () => throttled,
        close: () =>
            new Promise<void>((r) => {
                server.closeAllConnections();
                server.close(() => r());
            }),
    };
}
