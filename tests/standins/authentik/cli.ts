/**
 * Runs the authentik API stand-in (index.ts) as its own process, for a test tier that drives it from outside (the
 * real Pulumi engine) or for trying it by hand. Optionally starts moto too, so the simulated SCIM sync has an
 * Identity Store. Prints one JSON line `{ pid, url, token, motoEndpoint?, identityStoreId?, instanceArn? }` on stdout once
 * ready (with `pid`, the process to signal: `npx` may leave it running when only npx is killed), serves the control
 * API under `/_standin/`, and stops on SIGINT/SIGTERM (moto with it).
 *
 *   npx ts-node --transpile-only tests/standins/authentik/cli.ts --port 41310 --with-moto --moto-port 41311 --seed seed.json
 */
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import { identityCenter, startMoto, type MotoServer } from "../moto";
import { applySeedFile, startAuthentikStandin, type SeedFile } from "./index";

async function main(): Promise<void> {
    const { values } = parseArgs({
        options: {
            port: { type: "string" },
            token: { type: "string" },
            "with-moto": { type: "boolean", default: false },
            "moto-port": { type: "string" },
            "moto-endpoint": { type: "string" },
            "identity-store-id": { type: "string" },
            "sync-delay-ms": { type: "string" },
            seed: { type: "string" },
            "no-defaults": { type: "boolean", default: false },
        },
        strict: true,
    });
    const int = (name: string, v: string | undefined) => {
        if (v === undefined) return undefined;
        if (!/^\d+$/.test(v)) throw new Error(`--${name} must be a non-negative integer, got ${JSON.stringify(v)}`);
        return Number(v);
    };
    let moto: MotoServer | undefined;
    let endpoint = values["moto-endpoint"];
    if (values["with-moto"]) {
        if (endpoint) throw new Error("--with-moto starts its own moto: leave out --moto-endpoint");
        moto = await startMoto({ port: int("moto-port", values["moto-port"]) });
        endpoint = moto.endpoint;
    }
    const ic = endpoint
        ? values["identity-store-id"]
            ? { identityStoreId: values["identity-store-id"], instanceArn: undefined }
            : await identityCenter(endpoint)
        : undefined;
    const ak = await startAuthentikStandin({
        port: int("port", values.port),
        token: values.token,
        defaults: !values["no-defaults"],
        syncDelayMs: int("sync-delay-ms", values["sync-delay-ms"]),
        identityStore: endpoint && ic ? { endpoint, identityStoreId: ic.identityStoreId } : undefined,
        control: true,
    });
    if (values.seed) applySeedFile(ak.seed, JSON.parse(fs.readFileSync(values.seed, "utf8")) as SeedFile);
    process.stdout.write(
        JSON.stringify({
            pid: process.pid,
            url: ak.url,
            token: ak.token,
            motoEndpoint: endpoint,
            identityStoreId: ic?.identityStoreId,
            instanceArn: ic?.instanceArn,
        }) + "\n",
    );
    const stop = async () => {
        await ak.stop();
        await moto?.stop();
        process.exit(0);
    };
    process.on("SIGINT", () => void stop());
    process.on("SIGTERM", () => void stop());
}

main().catch((e: Error) => {
    process.stderr.write(`${e.message}\n`);
    process.exit(2);
});
