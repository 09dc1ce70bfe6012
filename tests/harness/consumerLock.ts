import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./build";

/** One `packages` entry of a package-lock.json (lockfileVersion 3), the fields this module reads. */
interface LockEntry {
    version?: string;
    resolved?: string;
    integrity?: string;
    link?: boolean;
    dev?: boolean;
    devOptional?: boolean;
    peer?: boolean;
    optional?: boolean;
    dependencies?: Record<string, string>;
    optionalDependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
    peerDependenciesMeta?: Record<string, { optional?: boolean }>;
    [key: string]: unknown;
}

/** The packed tarball as the consumer's lock records it. */
export interface PackedPackage {
    name: string;
    version: string;
    /** Tarball file name, relative to the consumer project. */
    filename: string;
    integrity: string;
    manifest: {
        license?: string;
        engines?: Record<string, string>;
        dependencies?: Record<string, string>;
        peerDependencies?: Record<string, string>;
    };
}

/**
 * The package-lock.json a consumer project would have after `npm install <tarball> <peers>`, built from this
 * repository's lock (the same pinned versions, resolved URLs and integrity hashes). With it `npm ci --offline`
 * installs everything from the npm cache that `npm ci` in this repository filled: `npm install --offline` without
 * a lock would need the registry's metadata documents, which `npm ci` never caches.
 *
 * Every dependency is resolved the way Node and npm resolve it (the nearest node_modules walking up), starting at the
 * consumer's direct dependencies; non-optional peers are installed as npm 7+ does.
 */
export function consumerLock(
    consumer: { name: string; dependencies: Record<string, string>; devDependencies: Record<string, string> },
    packed: PackedPackage,
): object {
    const repo = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
    const ours = `node_modules/${packed.name}`;
    const source: Record<string, LockEntry> = {
        ...repo.packages,
        [ours]: {
            version: packed.version,
            resolved: `file:${packed.filename}`,
            integrity: packed.integrity,
            license: packed.manifest.license,
            dependencies: packed.manifest.dependencies,
            peerDependencies: packed.manifest.peerDependencies,
            engines: packed.manifest.engines,
        },
    };
    const resolve = (from: string, dep: string): string | undefined => {
        for (let loc = from; ; loc = loc.slice(0, Math.max(0, loc.lastIndexOf("/node_modules/")))) {
            const candidate = loc === "" ? `node_modules/${dep}` : `${loc}/node_modules/${dep}`;
            if (Object.hasOwn(source, candidate) && !source[candidate].link) return candidate;
            if (loc === "") return undefined;
        }
    };
    const packages: Record<string, LockEntry> = {};
    const visit = (from: string, deps: Record<string, string>, optional: (d: string) => boolean) => {
        for (const dep of Object.keys(deps)) {
            const loc = resolve(from, dep);
            if (loc === undefined) {
                if (optional(dep)) continue;
                throw new Error(
                    `consumer lock: ${dep} (needed by ${from || "the consumer"}) is not in this repository's package-lock.json`,
                );
            }
            if (Object.hasOwn(packages, loc)) continue;
            const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = source[loc];
            packages[loc] = entry;
            const meta = entry.peerDependenciesMeta ?? {};
            visit(loc, entry.dependencies ?? {}, () => false);
            visit(loc, entry.optionalDependencies ?? {}, () => true);
            visit(loc, Object.fromEntries(Object.entries(entry.peerDependencies ?? {}).filter(([d]) => !meta[d]?.optional)), () => false);
        }
    };
    visit("", { ...consumer.dependencies, ...consumer.devDependencies }, () => false);
    const sorted = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => a.localeCompare(b)));
    return {
        name: consumer.name,
        version: "1.0.0",
        lockfileVersion: 3,
        requires: true,
        packages: {
            "": { name: consumer.name, version: "1.0.0", dependencies: consumer.dependencies, devDependencies: consumer.devDependencies },
            ...sorted,
        },
    };
}
