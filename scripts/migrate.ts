// `npm run migrate -- --tfstate FILE [--stack NAME]`: from the Terraform setup to this package without losing access.
// Writes Pulumi.<stack>.yaml and an import file, prints what could not be translated and the steps to finish.
import * as fs from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { migrateTfState, TfStateError } from "../components/migration";
import { FEDERATION_NAME } from "../program/program";
import { PROJECT, SCIM_TOKEN_KEY, SETTINGS_KEY } from "../program/settings";

const USAGE = `usage: npm run migrate -- --tfstate FILE [--stack NAME] [--out DIR] [--force]
  --tfstate FILE  Terraform state (format version 4), e.g. from \`terraform state pull > terraform.tfstate\`
  --stack NAME    Pulumi stack to write Pulumi.<NAME>.yaml for (default: prod)
  --out DIR       where to write Pulumi.<NAME>.yaml and import-<NAME>.json (default: the current directory)
  --force         overwrite existing files`;

export function main(argv: string[], out: (line: string) => void = console.log, err: (line: string) => void = console.error): number {
    let values;
    try {
        ({ values } = parseArgs({
            args: argv,
            options: {
                tfstate: { type: "string" },
                stack: { type: "string", default: "prod" },
                out: { type: "string", default: "." },
                force: { type: "boolean", default: false },
                help: { type: "boolean", short: "h", default: false },
            },
            strict: true,
        }));
    } catch (e) {
        err(`${(e as Error).message}\n${USAGE}`);
        return 64;
    }
    if (values.help) {
        out(USAGE);
        return 0;
    }
    if (!values.tfstate) {
        err(`--tfstate is required\n${USAGE}`);
        return 64;
    }
    const stack = values.stack!;
    if (!/^[A-Za-z0-9_.-]+$/.test(stack)) {
        err(`--stack ${JSON.stringify(stack)}: a stack name is letters, digits, "-", "_" and "."`);
        return 64;
    }
    let text: string;
    try {
        text = fs.readFileSync(values.tfstate, "utf8");
    } catch (e) {
        err(`cannot read --tfstate ${values.tfstate}: ${(e as Error).message}`);
        return 66;
    }
    const stackPath = path.join(values.out!, `Pulumi.${stack}.yaml`);
    const importPath = path.join(values.out!, `import-${stack}.json`);
    for (const p of [stackPath, importPath]) {
        if (fs.existsSync(p) && !values.force) {
            err(`${p} exists; pass --force to overwrite it`);
            return 73;
        }
    }
    let m;
    try {
        m = migrateTfState(text, {
            componentName: FEDERATION_NAME,
            project: PROJECT,
            settingsKey: SETTINGS_KEY,
            scimTokenKey: SCIM_TOKEN_KEY,
            stack,
            importFilePath: importPath,
        });
    } catch (e) {
        if (e instanceof TfStateError) {
            err(e.message);
            return 65;
        }
        throw e;
    }
    fs.mkdirSync(values.out!, { recursive: true });
    fs.writeFileSync(stackPath, m.stackFile);
    fs.writeFileSync(importPath, `${JSON.stringify(m.importFile, null, 2)}\n`);
    out(`Wrote ${stackPath} and ${importPath} (${m.importFile.resources.length - 1} objects adopted).`);
    const errors = m.report.filter((r) => r.severity === "error");
    if (m.report.length > 0) {
        out("\nNot translated or changed on adoption, by Terraform address:");
        for (const r of m.report) out(`  [${r.severity}] ${r.address}: ${r.message}`);
    }
    out("\nTo finish:");
    m.steps.forEach((s) => out(`  ${s}`));
    if (errors.length > 0) {
        out(`\n${errors.length} item(s) need a decision first (marked TODO in ${stackPath}).`);
        return 2;
    }
    return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
