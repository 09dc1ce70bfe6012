// Comments cite AWS and authentik facts by their public source (an AWS documentation URL, a path in
// github.com/goauthentik/authentik, a registry page), never by research notes that are not in this repository: a reader
// of the published package (or of the policy pack on its own) cannot open those.
import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..");
/** What is scanned: everything we write (the top-level files too), not the reference data copied in verbatim (tests/fixtures/). */
const SCANNED = [
    ...fs.readdirSync(ROOT).filter((f) => /\.(ts|md)$/.test(f)),
    "components",
    "policy",
    "program",
    "scripts",
    "automation",
    "tests",
    "bench",
    "shard",
    "sdks",
    ".ci",
];
const SKIPPED_DIRS = new Set(["node_modules", "fixtures", "bin"]);
const TEXT = /\.(ts|js|mjs|py|md|json|yaml|yml)$|^run$/;

function files(p: string): string[] {
    const stat = fs.statSync(p);
    if (!stat.isDirectory()) return TEXT.test(path.basename(p)) ? [p] : [];
    return fs
        .readdirSync(p, { withFileTypes: true })
        .filter((e) => !(e.isDirectory() && SKIPPED_DIRS.has(e.name)) && !e.name.endsWith("-lock.json"))
        .flatMap((e) => files(path.join(p, e.name)));
}

/** Markdown files that exist in the repository: citing one of these is fine. */
const REPO_MARKDOWN = new Set(
    files(ROOT)
        .filter((f) => f.endsWith(".md"))
        .map((f) => path.basename(f)),
);

/** Paths on the machine the research notes came from (the notes themselves are caught by their `.md` names). */
const OUTSIDE_PATHS = /\/work\/|shared\/reference|\breference\/[\w.-]+\.(md|json)\b/;

/** Every citation of a file that is not in the repository, as `line: text`. */
export function foreignCitations(text: string, repoMarkdown: ReadonlySet<string> = REPO_MARKDOWN): string[] {
    const found: string[] = [];
    text.split("\n").forEach((line, i) => {
        const markdown = [...line.matchAll(/(?<![\w/.-])([\w.-]+\.md)\b/g)].map((m) => m[1]).filter((name) => !repoMarkdown.has(name));
        if (markdown.length > 0 || OUTSIDE_PATHS.test(line)) found.push(`${i + 1}: ${line.trim()}`);
    });
    return found;
}

describe("citations point at public sources, not at files missing from the repository", () => {
    it("the detector flags the research notes' names and paths, and lets the repository's own README files through", () => {
        const notes = [
            "authentik",
            "aws-identity-center",
            "authentik-real-behaviour",
            "anchors",
            "authentik-pulumi",
            "real-engine",
            "DESIGN",
        ];
        for (const name of notes) assert.equal(foreignCitations(`// merged in name order (${name}.md S1b)`).length, 1, name);
        assert.equal(foreignCitations(" * authentik tokens: authentik-sdk-2026.5.md section 4.1").length, 1);
        assert.equal(foreignCitations("// see /work/shared/reference/x.json").length, 1);
        assert.equal(foreignCitations("// copied from shared/reference").length, 1);
        assert.deepEqual(foreignCitations("// explained in README.md and policy/README.md"), []);
        assert.deepEqual(foreignCitations("// https://docs.aws.amazon.com/singlesignon/latest/developerguide/limitations.html"), []);
        assert.deepEqual(foreignCitations("// authentik source: authentik/lib/sync/outgoing/base.py"), []);
        // The fixture copied into the repository is a legitimate citation; the notes file of the same name is not.
        assert.deepEqual(foreignCitations("// tests/fixtures/authentik-sdk-2026.5.json"), []);
    });

    it("no file we write cites one", () => {
        const scanned = SCANNED.map((p) => path.join(ROOT, p))
            .filter((p) => fs.existsSync(p))
            .flatMap(files)
            .filter((f) => f !== __filename);
        assert.ok(scanned.length > 100, `only ${scanned.length} files scanned`);
        const problems = scanned.flatMap((f) => foreignCitations(fs.readFileSync(f, "utf8")).map((c) => `${path.relative(ROOT, f)}:${c}`));
        assert.deepEqual(
            problems,
            [],
            "cite the public source instead (AWS doc URL, github.com/goauthentik/authentik path, registry page)",
        );
    });
});
