#!/usr/bin/env node
// STAND-IN for `pulumi-language-nodejs` 3.248.0, the Node.js language host the Pulumi CLI starts from PATH.
//
// Why: the Go module proxy refuses github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3@v3.248.0
// ("403 Forbidden … This module version is not available", see scripts/e2e/toolchain.sh), so the real host cannot be
// built here. What stays real: the CLI and engine, the `@pulumi/pulumi` runtime (`cmd/run`, `cmd/run-policy-pack`)
// that this host spawns, the resource monitor the program talks to, the analyzer protocol.
//
// What it replaces, RPC by RPC of pulumirpc.LanguageRuntime (proto/pulumi/language.proto, 3.248.0), following
// sdk/nodejs/cmd/pulumi-language-nodejs/main.go at tag v3.248.0:
//   - Handshake / GetPluginInfo: remember the engine address; report the SDK version.
//   - GetRequiredPackages: the same node_modules walk (package.json with `pulumi.resource: true`, plugin name,
//     version, server and parameterization; policy packs are not entered).
//   - Run: `node <program>/node_modules/@pulumi/pulumi/cmd/run --monitor … --engine … --organization … --project …
//     --root-directory … --stack … --pwd <programDirectory> [--dry-run] --parallel N [--tracing …] <entryPoint>
//     <args…>`, env PULUMI_CONFIG (keys as `<ns>:config:<name>`), PULUMI_CONFIG_SECRET_KEYS,
//     PULUMI_NODEJS_TYPESCRIPT (runtime option `typescript`, default true), PULUMI_NODEJS_TSCONFIG_PATH, `nodeargs`;
//     exit code 32 means "already reported" (bail). Differences: the program talks to the engine's monitor directly
//     (the Go host puts a pass-through proxy in between) and gets no `--sync` pipes, so synchronous invokes are
//     unavailable (the component makes none; the runtime falls back to async invokes).
//   - RunPlugin: `node @pulumi/pulumi/cmd/run-policy-pack <args…> <policyPackDirectory>` for analyzer plugins (cwd the
//     pack's folder), `@pulumi/pulumi/cmd/run-plugin <dir> <args…>` otherwise; output streamed back. Difference: the
//     Go host proxies the analyzer to hand the pack stack config through PULUMI_CONFIG; this one does not.
//   - InstallDependencies, GetProgramDependencies, About: minimal answers (`npm ci` is the test harness's job).
//   - Cancel: interrupts the running program.
"use strict";
const { Buffer } = require("node:buffer");
const path = require("node:path");
const fs = require("node:fs");
const { spawn } = require("node:child_process");

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [path.join(__dirname, "..", "..")] }));
const grpc = require(require.resolve("@grpc/grpc-js", { paths: [pulumiDir] }));
const languageGrpc = require(path.join(pulumiDir, "proto", "language_grpc_pb.js"));
const languagePb = require(path.join(pulumiDir, "proto", "language_pb.js"));
const pluginPb = require(path.join(pulumiDir, "proto", "plugin_pb.js"));
const emptyPb = require(require.resolve("google-protobuf/google/protobuf/empty_pb.js", { paths: [pulumiDir] }));
const SDK_VERSION = require(path.join(pulumiDir, "package.json")).version;
const BAIL_EXIT_CODE = 32; // nodeJSProcessExitedAfterShowingUserActionableMessage

let engineAddress = process.argv.slice(2).find((a) => !a.startsWith("-")) ?? "";
const tracingArg = process.argv.find((a) => a.startsWith("-tracing=") || a.startsWith("--tracing="));
const tracing = tracingArg ? tracingArg.split("=").slice(1).join("=") : "";
const running = new Set();

function options(info) {
    const opts = info?.getOptions()?.toJavaScript() ?? {};
    return {
        typescript: opts.typescript === undefined ? true : opts.typescript === true,
        tsconfig: typeof opts.tsconfig === "string" ? opts.tsconfig : "",
        nodeargs: typeof opts.nodeargs === "string" ? opts.nodeargs.split(/\s+/).filter(Boolean) : [],
    };
}

function locate(mod, programDir) {
    // The Go host asks node to resolve the module from the program directory (locateModule).
    return require.resolve(mod, { paths: [programDir] });
}

function isPolicyPack(dir) {
    return fs.existsSync(path.join(dir, "PulumiPolicy.yaml"));
}

function packagesFrom(dir, inNodeModules, visited, out) {
    let real;
    try {
        real = fs.realpathSync(dir);
    } catch {
        return;
    }
    if (visited.has(real)) return;
    visited.add(real);
    let entries;
    try {
        entries = fs.readdirSync(real, { withFileTypes: true });
    } catch {
        return;
    }
    for (const e of entries) {
        const cur = path.join(real, e.name);
        let isDir = e.isDirectory();
        if (e.isSymbolicLink()) {
            try {
                isDir = fs.statSync(cur).isDirectory();
            } catch {
                continue;
            }
        }
        if (isDir) {
            if (!isPolicyPack(cur)) packagesFrom(cur, inNodeModules || path.basename(real) === "node_modules", visited, out);
        } else if (inNodeModules && e.name === "package.json") {
            let info;
            try {
                info = JSON.parse(fs.readFileSync(cur, "utf8"));
            } catch {
                continue;
            }
            const p = info.pulumi ?? {};
            if (p.resource !== true) continue;
            const name = p.name || (String(info.name).startsWith("@pulumi/") ? info.name.slice("@pulumi/".length) : "");
            if (!name) continue;
            let version = p.version || info.version;
            if (!version) continue;
            if (!version.startsWith("v")) version = `v${version}`;
            const dep = new pluginPb.PackageDependency();
            dep.setName(name);
            dep.setKind("resource");
            dep.setVersion(version);
            dep.setServer(p.server ?? "");
            if (p.parameterization) {
                const par = new pluginPb.PackageParameterization();
                par.setName(p.parameterization.name);
                par.setVersion(p.parameterization.version);
                par.setValue(Buffer.from(p.parameterization.value ?? "", "base64"));
                dep.setParameterization(par);
            }
            out.push(dep);
        }
    }
}

function configEnv(req) {
    const config = {};
    for (const [k, v] of req.getConfigMap().entries()) {
        const i = k.indexOf(":");
        config[i < 0 ? k : `${k.slice(0, i)}:config:${k.slice(i + 1)}`] = v;
    }
    return { PULUMI_CONFIG: JSON.stringify(config), PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(req.getConfigsecretkeysList()) };
}

function runtimeEnv(opts) {
    const env = {};
    if (opts.typescript) env.PULUMI_NODEJS_TYPESCRIPT = "true";
    if (opts.tsconfig) env.PULUMI_NODEJS_TSCONFIG_PATH = opts.tsconfig;
    return env;
}

const handlers = {
    handshake(call, cb) {
        engineAddress = call.request.getEngineAddress();
        cb(null, new languagePb.LanguageHandshakeResponse());
    },
    getPluginInfo(_call, cb) {
        const info = new pluginPb.PluginInfo();
        info.setVersion(SDK_VERSION);
        cb(null, info);
    },
    getRequiredPlugins(_call, cb) {
        cb({ code: grpc.status.UNIMPLEMENTED, details: "method GetRequiredPlugins not implemented" });
    },
    getRequiredPackages(call, cb) {
        const out = [];
        packagesFrom(call.request.getInfo().getProgramDirectory(), false, new Set(), out);
        const res = new languagePb.GetRequiredPackagesResponse();
        res.setPackagesList(out);
        cb(null, res);
    },
    run(call, cb) {
        const req = call.request;
        const info = req.getInfo();
        const programDir = info.getProgramDirectory();
        const opts = options(info);
        let runPath;
        try {
            runPath = locate(process.env.PULUMI_LANGUAGE_NODEJS_RUN_PATH || "@pulumi/pulumi/cmd/run", programDir);
        } catch (e) {
            return cb(null, runResponse(`It looks like the Pulumi SDK has not been installed (${e.message})`));
        }
        const args = [...opts.nodeargs, runPath];
        const arg = (k, v) => v && args.push(`--${k}`, String(v));
        arg("monitor", req.getMonitorAddress());
        arg("engine", engineAddress);
        arg("organization", req.getOrganization());
        arg("project", req.getProject());
        arg("root-directory", info.getRootDirectory());
        arg("stack", req.getStack());
        arg("pwd", programDir);
        if (req.getDryrun()) args.push("--dry-run");
        arg("parallel", String(req.getParallel()));
        arg("tracing", tracing);
        args.push(info.getEntryPoint(), ...req.getArgsList());
        const child = spawn(process.execPath, args, {
            cwd: req.getPwd() || programDir,
            env: { ...process.env, ...configEnv(req), ...runtimeEnv(opts) },
            stdio: ["ignore", "inherit", "inherit"],
        });
        running.add(child);
        child.on("error", (e) => {
            running.delete(child);
            cb(null, runResponse(`Problem executing program (could not run language executor): ${e.message}`));
        });
        child.on("exit", (code, signal) => {
            running.delete(child);
            if (code === 0) return cb(null, runResponse(""));
            if (code === BAIL_EXIT_CODE) return cb(null, runResponse("", true));
            cb(null, runResponse(signal ? `Program exited unexpectedly: ${signal}` : `Program exited with non-zero exit code: ${code}`));
        });
    },
    runPlugin(call) {
        const req = call.request;
        const info = req.getInfo();
        const dir = info.getProgramDirectory();
        const opts = options(info);
        const analyzer = req.getKind() === "analyzer";
        const send = (field, data) => {
            const res = new languagePb.RunPluginResponse();
            res[field](data);
            call.write(res);
        };
        let runPath;
        try {
            runPath = locate(analyzer ? "@pulumi/pulumi/cmd/run-policy-pack" : "@pulumi/pulumi/cmd/run-plugin", dir);
        } catch (e) {
            call.emit("error", { code: grpc.status.FAILED_PRECONDITION, details: e.message });
            return;
        }
        const rest = analyzer ? [...req.getArgsList(), dir] : [dir, ...req.getArgsList()];
        const env = Object.fromEntries(req.getEnvList().map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
        const child = spawn(process.execPath, [runPath, ...opts.nodeargs, ...rest], {
            cwd: analyzer ? dir : req.getPwd(),
            env: { ...env, ...runtimeEnv(opts) },
            stdio: ["ignore", "pipe", "pipe"],
        });
        running.add(child);
        child.stdout.on("data", (d) => send("setStdout", d));
        child.stderr.on("data", (d) => send("setStderr", d));
        child.on("close", (code) => {
            running.delete(child);
            send("setExitcode", code ?? 1);
            call.end();
        });
        call.on("cancelled", () => child.kill("SIGINT"));
    },
    installDependencies(call) {
        call.end();
    },
    getProgramDependencies(_call, cb) {
        cb(null, new languagePb.GetProgramDependenciesResponse());
    },
    about(_call, cb) {
        const res = new languagePb.AboutResponse();
        res.setExecutable(process.execPath);
        res.setVersion(process.version);
        cb(null, res);
    },
    cancel(_call, cb) {
        for (const child of running) child.kill("SIGINT");
        cb(null, new emptyPb.Empty());
    },
};

function runResponse(error, bail = false) {
    const res = new languagePb.RunResponse();
    res.setError(error);
    res.setBail(bail);
    return res;
}

if (process.argv.includes("-version") || process.argv.includes("--version")) {
    console.log(SDK_VERSION);
    process.exit(0);
}
const unimplemented = (name) => (call, cb) =>
    (cb ? cb : (e) => call.emit("error", e))({ code: grpc.status.UNIMPLEMENTED, details: `method ${name} not implemented` });
const service = languageGrpc.LanguageRuntimeService;
const impl = {};
for (const [key, def] of Object.entries(service)) {
    const name = def.originalName ?? key;
    impl[name] = handlers[name] ?? unimplemented(def.path);
}
const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
server.addService(service, impl);
server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
        console.error(`could not start language host RPC server: ${err.message}`);
        process.exit(1);
    }
    process.stdout.write(`${port}\n`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => server.tryShutdown(() => process.exit(0)));
