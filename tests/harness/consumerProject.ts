import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { npmPack, ROOT } from "./build";
import { consumerLock } from "./consumerLock";

/**
 * A consumer project outside the repository, as a user makes one: `npm pack` of the repository, a fresh directory
 * holding the consumer fixture (tests/fixtures/consumer: the program importing the package by its public names),
 * its own package.json and lock that install the tarball and the peers from the npm cache (offline), and the
 * repository's pinned TypeScript toolchain linked in. Shared by the mocks tier (tests/package-consumer.spec.ts) and
 * the real-engine tier (tests/e2e/consumer.e2e.ts), so both run the same program against the same install.
 */
export const CONSUMER_FIXTURE = path.join(ROOT, "tests", "fixtures", "consumer");
export const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    name: string;
    version: string;
    license?: string;
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    devDependencies: Record<string, string>;
};
const TOOLCHAIN = ["typescript", "ts-node", "@types/node"];

export interface ConsumerProject {
    /** The project directory (index.ts, package.json, node_modules/…). */
    dir: string;
    /** Removes the project's temp directory (kept when KEEP_CONSUMER is set, for debugging). */
    remove(): void;
}

export function createConsumerProject(): ConsumerProject {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "aws-ic-consumer-"));
    assert.ok(!path.resolve(tmp).startsWith(ROOT + path.sep), "the consumer lives outside the repository");
    const dir = path.join(tmp, "app");
    fs.cpSync(CONSUMER_FIXTURE, dir, { recursive: true });
    const packed = npmPack(dir);
    const filename = path.basename(packed.filename);
    const dev = PKG.devDependencies;
    const consumer = {
        name: "consumer",
        dependencies: { [PKG.name]: `file:${filename}`, "@pulumi/pulumi": dev["@pulumi/pulumi"], "@pulumi/aws": dev["@pulumi/aws"] },
        devDependencies: {},
    };
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ ...consumer, version: "1.0.0", private: true }, null, 2));
    const lock = consumerLock(consumer, { name: PKG.name, version: PKG.version, filename, integrity: packed.integrity, manifest: PKG });
    fs.writeFileSync(path.join(dir, "package-lock.json"), JSON.stringify(lock, null, 2));
    execFileSync("npm", ["ci", "--offline", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], {
        cwd: dir,
        stdio: ["ignore", "ignore", "inherit"],
    });
    execFileSync("npm", ["ls", "--all", "--offline"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"] });
    // The consumer's TypeScript toolchain (the repository's pinned typescript, ts-node, @types/node) is linked, not
    // installed: it is not what is under test, and copying it out of the cache costs a third of the install.
    for (const tool of TOOLCHAIN) {
        if (fs.existsSync(path.join(dir, "node_modules", tool))) continue; // already a dependency of a dependency
        fs.mkdirSync(path.dirname(path.join(dir, "node_modules", tool)), { recursive: true });
        fs.symlinkSync(path.join(ROOT, "node_modules", tool), path.join(dir, "node_modules", tool), "dir");
    }
    return {
        dir,
        remove() {
            if (!process.env.KEEP_CONSUMER) fs.rmSync(tmp, { recursive: true, force: true });
        },
    };
}
