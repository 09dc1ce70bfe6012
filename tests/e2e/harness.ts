/**
 * The real-engine tier's harness: the `pulumi` CLI that scripts/e2e/toolchain.sh built, a local file backend and a
 * passphrase, the stand-ins started once per run (moto, the authentik API stand-in, the aws and authentik provider
 * stand-ins the engine attaches to through PULUMI_DEBUG_PROVIDERS), and helpers that run the repository's own
 * Pulumi.yaml program from the repository root with the stack's config in a temporary file (`--config-file`), so
 * nothing is written into the repository.
 */
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as yaml from "js-yaml";
import { cacheDir } from "../../scripts/pythonEnv";

export const REPO = path.resolve(__dirname, "..", "..");
export const PASSPHRASE = "e2e-passphrase-not-a-secret";

/** Where the toolchain script puts every binary; an error saying how to build it when it is missing. */
export function toolchainBin(env: NodeJS.ProcessEnv = process.env): string {
    const bin = path.join(cacheDir(env), "bin");
    for (const tool of ["pulumi", "pulumi-language-nodejs", "pulumi-resource-pulumi-nodejs"]) {
        if (!fs.existsSync(path.join(bin, tool))) {
            throw new Error(`The real-engine tier needs ${path.join(bin, tool)}; build the toolchain once with: scripts/e2e/toolchain.sh`);
        }
    }
    return bin;
}

/** The program Pulumi.yaml names must exist (a compiled `main` needs `npm run build` first). */
export function assertProgramBuilt(projectDir: string = REPO): void {
    const project = yaml.load(fs.readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as { main?: string };
    if (project.main !== undefined && !fs.existsSync(path.resolve(projectDir, project.main))) {
        throw new Error(`Pulumi.yaml runs ${project.main}, which does not exist: run npm run build first`);
    }
}

/** A child process that prints its gRPC port on the first line of stdout (Pulumi's plugin protocol). */
export interface PortProcess {
    port: number;
    child: ChildProcess;
    stop(): Promise<void>;
    /** Everything it wrote to stderr (for failure messages). */
    log(): string;
}

export function startPortProcess(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 60000): Promise<PortProcess> {
    const child = spawn(command, args, { cwd: REPO, env, stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr!.setEncoding("utf8").on("data", (d: string) => (stderr = (stderr + d).slice(-20000)));
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const stop = async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill("SIGTERM");
        const t = setTimeout(() => child.kill("SIGKILL"), 5000);
        await exited;
        clearTimeout(t);
    };
    return new Promise((resolve, reject) => {
        let out = "";
        const timer = setTimeout(() => {
            void stop();
            reject(new Error(`${args.join(" ")} printed no port within ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        child.stdout!.setEncoding("utf8").on("data", (d: string) => {
            out += d;
            const m = /^(\d+)\s*\n/.exec(out);
            if (m && timer) {
                clearTimeout(timer);
                resolve({ port: Number(m[1]), child, stop, log: () => stderr });
            }
        });
        child.once("exit", (code) => {
            clearTimeout(timer);
            reject(new Error(`${args.join(" ")} exited with ${code} before printing its port:\n${stderr}`));
        });
    });
}

/** Starts a TypeScript stand-in provider (tests/standins/<file>) the way the engine would start a plugin. */
export function startProviderStandIn(file: string, env: NodeJS.ProcessEnv): Promise<PortProcess> {
    return startPortProcess(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO, "tests", "standins", file)], env);
}

export interface CliResult {
    code: number;
    stdout: string;
    stderr: string;
}

/** A stack of the repository's program (Pulumi.yaml at the root) whose config file lives in a temp dir. */
export class E2eStack {
    readonly configFile: string;

    constructor(
        readonly name: string,
        readonly workDir: string,
        readonly env: NodeJS.ProcessEnv,
        readonly projectDir: string = REPO,
    ) {
        this.configFile = path.join(workDir, name, `Pulumi.${name}.yaml`);
    }

    /** Runs the CLI in the project directory (or `cwd`); rejects on a non-zero exit unless `allowFailure`. */
    async cli(args: string[], opts: { allowFailure?: boolean; timeoutMs?: number; cwd?: string } = {}): Promise<CliResult> {
        const r = await run(
            path.join(toolchainBin(this.env), "pulumi"),
            [...args, "--stack", this.name, "--non-interactive"],
            opts.cwd ?? this.projectDir,
            this.env,
            opts.timeoutMs ?? 240000,
        );
        if (r.code !== 0 && !opts.allowFailure) {
            throw new Error(
                `pulumi ${args.join(" ")} exited with ${r.code}\n--- ` +
                    `stdout\n${r.stdout.slice(-8000)}\n--- stderr\n${r.stderr.slice(-8000)}`,
            );
        }
        return r;
    }

    /**
     * Creates the stack with its config file in the temp dir. `stack init` takes no --config-file and writes the
     * passphrase's salt to `Pulumi.<stack>.yaml` beside the project file, so it runs in the temp dir with a copy of
     * the project file (same project name, same backend); every other command runs in the project directory.
     */
    async init(config: Record<string, unknown>, secrets: Record<string, string>): Promise<void> {
        const dir = path.dirname(this.configFile);
        fs.mkdirSync(dir, { recursive: true });
        fs.copyFileSync(path.join(this.projectDir, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
        await this.cli(["stack", "init", "--secrets-provider", "passphrase"], { cwd: dir });
        const doc = (yaml.load(fs.readFileSync(this.configFile, "utf8")) ?? {}) as Record<string, unknown>;
        fs.writeFileSync(this.configFile, yaml.dump({ ...doc, config }));
        for (const [key, value] of Object.entries(secrets)) {
            await this.cli(["config", "set", "--secret", key, value, "--config-file", this.configFile]);
        }
    }

    /** Replaces the plain (non-secret) config values, keeping the salt and the secrets. */
    setConfig(mutate: (config: Record<string, any>) => void): void {
        const doc = yaml.load(fs.readFileSync(this.configFile, "utf8")) as { config: Record<string, any> };
        mutate(doc.config);
        fs.writeFileSync(this.configFile, yaml.dump(doc));
    }

    up(extra: string[] = []) {
        return this.cli(["up", "--yes", "--skip-preview", "--config-file", this.configFile, ...extra]);
    }

    preview(extra: string[] = [], allowFailure = false): Promise<CliResult> {
        return this.cli(["preview", "--config-file", this.configFile, ...extra], { allowFailure });
    }

    async previewJson(extra: string[] = [], allowFailure = false): Promise<{ result: CliResult; json: any }> {
        const result = await this.cli(["preview", "--json", "--config-file", this.configFile, ...extra], { allowFailure });
        let json: any;
        try {
            json = JSON.parse(result.stdout);
        } catch {
            json = undefined;
        }
        return { result, json };
    }

    destroy() {
        return this.cli(["destroy", "--yes", "--skip-preview", "--config-file", this.configFile]);
    }

    async exportState(): Promise<any> {
        return JSON.parse((await this.cli(["stack", "export", "--show-secrets=false"])).stdout);
    }

    async outputs(showSecrets = false): Promise<Record<string, any>> {
        return JSON.parse((await this.cli(["stack", "output", "--json", ...(showSecrets ? ["--show-secrets"] : [])])).stdout);
    }

    async remove(): Promise<void> {
        await this.cli(["stack", "rm", "--yes", "--force"], { allowFailure: true });
    }
}

function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliResult> {
    return new Promise((resolve, reject) => {
        const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
        let stdout = "";
        let stderr = "";
        child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
        child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
        const timer = setTimeout(() => {
            child.kill("SIGINT");
            setTimeout(() => child.kill("SIGKILL"), 5000).unref();
        }, timeoutMs);
        child.once("error", reject);
        child.once("exit", (code) => {
            clearTimeout(timer);
            resolve({ code: code ?? 1, stdout, stderr });
        });
    });
}

/** The engine's environment: the toolchain first on PATH, a file backend and passphrase, no update checks. */
export function engineEnv(backendDir: string, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
    const bin = toolchainBin();
    return {
        ...process.env,
        PATH: `${bin}${path.delimiter}${process.env.PATH ?? ""}`,
        PULUMI_HOME: path.join(backendDir, ".pulumi-home"),
        PULUMI_BACKEND_URL: `file://${backendDir}`,
        PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_CI_DETECTION: "true",
        // ts-node type-checks a TypeScript program by default; `npm test` type-checks (tsc), so the engine tier
        // transpiles only and stays within its time budget.
        PULUMI_NODEJS_TRANSPILE_ONLY: "true",
        // No plugin downloads (no network): the engine attaches to the stand-ins instead (PULUMI_DEBUG_PROVIDERS).
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        ...extra,
    };
}

export function tempDir(prefix: string): string {
    return fs.mkdtempSync(path.join(os.tmpdir(), `aws-ic-authentik-${prefix}-`));
}

/** The steps of a `pulumi preview --json` result; `custom` tells provider resources from components. */
export function previewSteps(json: any): { op: string; urn: string; type: string; custom: boolean }[] {
    return (json?.steps ?? []).map((s: any) => ({
        op: s.op,
        urn: s.urn,
        type: String(s.urn).split("::")[2]?.split("$").pop() ?? "",
        custom: Boolean(s.newState?.custom ?? s.oldState?.custom),
    }));
}
