/**
 * One "world" per e2e run: moto, the authentik API stand-in syncing into moto, the two provider stand-ins the
 * engine attaches to, a file backend, and the environment every `pulumi` command and Automation API call gets.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { startAuthentikStandin, type AuthentikStandin } from "../standins/authentik";
import { ListInstancesCommand } from "@aws-sdk/client-sso-admin";
import { identityStoreIdFor } from "../standins/awsProvider";
import { MOTO_CREDENTIALS, motoClients, startMoto, type MotoClients, type MotoServer } from "../standins/moto";
import { engineEnv, REPO, startProviderStandIn, tempDir, type PortProcess } from "./harness";

export const SCIM_TOKEN = "e2e-scim-token-7f3a9c1d5b";
/** Delay of the simulated SCIM sync after the SCIM provider is saved: the principal wait has to wait for real. */
export const SYNC_DELAY_MS = 3000;

/** The icteam stack's region (Pulumi.prod.yaml's aws:region): moto holds an Identity Center instance per region. */
export const REGION = (yaml.load(fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, string> })
    .config["aws:region"];

/** moto's instance in REGION, with the valid-form identity store ID the aws stand-in reports for it. */
async function identityCenterIn(aws: MotoClients): Promise<{ instanceArn: string; identityStoreId: string }> {
    const i = (await aws.ssoAdmin.send(new ListInstancesCommand({}))).Instances![0];
    return { instanceArn: i.InstanceArn!, identityStoreId: identityStoreIdFor(i.IdentityStoreId!) };
}

export interface World {
    moto: MotoServer;
    aws: MotoClients;
    ids: { instanceArn: string; identityStoreId: string };
    authentik: AuthentikStandin;
    providers: PortProcess[];
    backendDir: string;
    env: NodeJS.ProcessEnv;
    stop(): Promise<void>;
}

/** The people and groups authentik holds before the first deploy (nobody is in AWS yet). */
function seedDirectory(a: AuthentikStandin): void {
    a.seed.group("aws-users");
    a.seed.group("aws-administrators");
    a.seed.user({
        username: "alice@icteam.example",
        name: "Alice Admin",
        email: "alice@icteam.example",
        groups: ["aws-users", "aws-administrators"],
    });
    a.seed.user({ username: "bob@icteam.example", name: "Bob Builder", email: "bob@icteam.example", groups: ["aws-users"] });
    a.seed.user({ username: "carol@icteam.example", name: "Carol Outside", email: "carol@icteam.example" });
}

export async function startWorld(): Promise<World> {
    const moto = await startMoto();
    const aws = motoClients(moto.endpoint, REGION);
    const ids = await identityCenterIn(aws);
    const authentik = await startAuthentikStandin({
        identityStore: { endpoint: moto.endpoint, identityStoreId: ids.identityStoreId, region: REGION },
        syncDelayMs: SYNC_DELAY_MS,
    });
    seedDirectory(authentik);
    const awsEnv = {
        AWS_ENDPOINT_URL: moto.endpoint,
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
        // The AWS SDK's warning about Node 20 would otherwise land in every diagnostic stream.
        AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: "1",
    };
    const providers = await Promise.all([
        startProviderStandIn("awsProvider.ts", { ...process.env, ...awsEnv }),
        startProviderStandIn("authentikProvider.ts", { ...process.env }),
    ]);
    const backendDir = tempDir("backend");
    const env = engineEnv(backendDir, {
        ...awsEnv,
        PULUMI_DEBUG_PROVIDERS: `aws:${providers[0].port},terraform-provider:${providers[1].port}`,
    });
    return {
        moto,
        aws,
        ids,
        authentik,
        providers,
        backendDir,
        env,
        async stop() {
            await Promise.all(providers.map((p) => p.stop()));
            await authentik.stop();
            aws.destroy();
            await moto.stop();
            fs.rmSync(backendDir, { recursive: true, force: true });
        },
    };
}

/** The icteam stack's config: Pulumi.prod.yaml's values, with the stand-in authentik's URL. */
export function icteamConfig(world: World): { config: Record<string, any>; secrets: Record<string, string> } {
    const prod = yaml.load(fs.readFileSync(path.join(REPO, "Pulumi.prod.yaml"), "utf8")) as { config: Record<string, any> };
    const config = structuredClone(prod.config);
    config["authentik:url"] = world.authentik.url;
    return { config, secrets: { "aws-identity-center-authentik:scimToken": SCIM_TOKEN, "authentik:token": world.authentik.token } };
}

export const FEDERATION_KEY = "aws-identity-center-authentik:federation";
