import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * TypeScript `paths` that resolve the package's public names the way its `exports` map does, to the sources of the
 * exported build files (`./bin/components/index.js` → `components/index.ts`): a snippet type-checked with them
 * imports `aws-identity-center-authentik/automation` exactly as a consumer would, with no rewriting, and a name the
 * package does not export does not resolve.
 */
export function publicPaths(): Record<string, string[]> {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
        name: string;
        exports: Record<string, string | Record<string, string>>;
    };
    const paths: Record<string, string[]> = {};
    for (const [subpath, target] of Object.entries(pkg.exports)) {
        const file = typeof target === "string" ? target : target.default;
        if (!file.endsWith(".js")) continue; // ./package.json
        const m = /^\.\/bin\/(.+)\.js$/.exec(file);
        if (!m) throw new Error(`exports["${subpath}"] = ${file}: expected a file under ./bin/`);
        paths[pkg.name + subpath.slice(1)] = [path.join(ROOT, `${m[1]}.ts`)];
    }
    return paths;
}
