import * as path from "node:path";
import * as ts from "typescript";
import { publicPaths } from "./publicPaths";

const ROOT = path.resolve(__dirname, "..", "..");
const PARSED = new Map<string, ts.SourceFile>();

/**
 * Type-checks in-memory files as a consumer's program: the project's compiler options, the package's public names
 * resolved through its exports map (publicPaths), in ONE program (loading @pulumi/aws's declarations dominates the
 * cost). `files` maps absolute paths (anywhere under the repository; they need not exist) to their text, e.g. a
 * virtual `node_modules/@pulumi/authentik/index.d.ts` beside a program. Returns the diagnostics of each of `roots`.
 */
export function typeCheckAsConsumer(files: ReadonlyMap<string, string>, roots: readonly string[]): string[][] {
    const configPath = path.join(ROOT, "tsconfig.json");
    const parsed = ts.parseJsonConfigFileContent(ts.readConfigFile(configPath, ts.sys.readFile).config, ts.sys, ROOT);
    const host = ts.createCompilerHost(parsed.options);
    const readFile = host.readFile;
    host.readFile = (f) => files.get(path.resolve(f)) ?? readFile(f);
    const fileExists = host.fileExists;
    host.fileExists = (f) => files.has(path.resolve(f)) || fileExists(f);
    const directoryExists = host.directoryExists?.bind(host);
    const virtualDirs = new Set(
        [...files.keys()].flatMap((f) => {
            const dirs: string[] = [];
            for (let d = path.dirname(f); d.startsWith(ROOT) && d !== ROOT; d = path.dirname(d)) dirs.push(d);
            return dirs;
        }),
    );
    host.directoryExists = (d) => virtualDirs.has(path.resolve(d)) || (directoryExists ? directoryExists(d) : ts.sys.directoryExists(d));
    const getSourceFile = host.getSourceFile;
    host.getSourceFile = (f, lang, onError, create) => {
        const text = files.get(path.resolve(f));
        if (text !== undefined) return ts.createSourceFile(f, text, lang);
        // Parsed declarations (@pulumi/aws's are most of the cost) are shared by every check in this process.
        const key = `${path.resolve(f)}\0${JSON.stringify(lang)}`;
        let parsed = PARSED.get(key);
        if (parsed === undefined) {
            parsed = getSourceFile(f, lang, onError, create);
            if (parsed !== undefined) PARSED.set(key, parsed);
        }
        return parsed;
    };
    const options = { ...parsed.options, noEmit: true, noUnusedLocals: false, baseUrl: ROOT, paths: publicPaths() };
    const program = ts.createProgram([...roots], options, host);
    const all = ts.getPreEmitDiagnostics(program);
    return roots.map((file) =>
        all
            .filter((d) => d.file && path.resolve(d.file.fileName) === file)
            .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    );
}
