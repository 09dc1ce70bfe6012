/**
 * A stand-in for the Pulumi engine's two gRPC services a Node.js program talks to (`pulumirpc.ResourceMonitor`
 * and `pulumirpc.Engine`, from the proto definitions @pulumi/pulumi ships in `proto/*_grpc_pb.js`), so a program
 * can be started exactly the way the CLI's Node.js language host starts it (bench/host.ts) without the CLI, a
 * backend or any provider plugin.
 *
 * It replaces: the engine's resource monitor (registrations, reads, invokes, outputs, feature queries, package
 * registration, shutdown) and its engine service (logging, root resource). It answers registrations and invokes
 * with the same values as the in-process bench engine (bench/engine.ts `answer` / `INVOKES`), builds URNs the way
 * the engine does (`urn:pulumi:<stack>::<project>::<parent type>$<type>::<name>`), and reports every feature the
 * SDK asks about as supported, as a current engine does. It does not diff, persist state or call providers: what
 * it measures is the program's side of a preview, which is what ts-node vs compiled JavaScript changes.
 */
import * as grpc from "@grpc/grpc-js";
import { answer, INVOKES } from "./engine";

/* eslint-disable @typescript-eslint/no-require-imports */
const resrpc = require("@pulumi/pulumi/proto/resource_grpc_pb");
const engrpc = require("@pulumi/pulumi/proto/engine_grpc_pb");
const resproto = require("@pulumi/pulumi/proto/resource_pb");
const provproto = require("@pulumi/pulumi/proto/provider_pb");
const engproto = require("@pulumi/pulumi/proto/engine_pb");
const emptyproto = require("google-protobuf/google/protobuf/empty_pb");
const structproto = require("google-protobuf/google/protobuf/struct_pb");
const rpc = require("@pulumi/pulumi/runtime/rpc");
/* eslint-enable @typescript-eslint/no-require-imports */

type Callback = (err: Error | null, res?: unknown) => void;
type Call = { request: any };

export interface FakeEngineRun {
    /** performance.now() of each kind of moment, in this process's clock. */
    firstRegistrationAt?: number;
    lastRpcAt?: number;
    registrations: number;
    /** The URN of every registration and read, in arrival order. */
    urns: string[];
    invokes: number;
    /** Error-severity log messages the program sent (a failed program says why here). */
    errors: string[];
    lastErrorAt?: number;
}

export interface FakeEngine {
    address: string;
    /** Starts a fresh record for the next program run (project and stack name its URNs). */
    reset(project: string, stack: string): FakeEngineRun;
    close(): Promise<void>;
}

const LOG_ERROR = 3;

/** Binds to the first free port of `ports` on 127.0.0.1. */
export async function startFakeEngine(ports: readonly number[]): Promise<FakeEngine> {
    let run: FakeEngineRun = { registrations: 0, urns: [], invokes: 0, errors: [] };
    let project = "project";
    let stack = "stack";
    let root = "";
    let counter = { n: 0 };
    const touch = () => (run.lastRpcAt = performance.now());

    function urnOf(parent: string, type: string, name: string): string {
        // As the engine does: a child's type is qualified by its parent's, except for the root stack's children.
        const parentType = parent ? parent.split("::")[2].split("$").pop()! : "";
        const t = parentType && parentType !== "pulumi:pulumi:Stack" ? `${parentType}$${type}` : type;
        return `urn:pulumi:${stack}::${project}::${t}::${name}`;
    }
    function respond(cb: Callback, work: () => Promise<unknown>): void {
        work().then(
            (r) => {
                touch();
                cb(null, r);
            },
            (e) => cb(e instanceof Error ? e : new Error(String(e))),
        );
    }
    async function register(type: string, name: string, parent: string, object: unknown): Promise<{ urn: string; id: string; state: any }> {
        if (run.registrations === 0) run.firstRegistrationAt = performance.now();
        run.registrations++;
        const inputs = rpc.deserializeProperties(object);
        const a =
            type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")
                ? { id: type.startsWith("pulumi:providers:") ? `${name}-id` : "", state: {} }
                : answer(type, name, inputs, counter);
        const urn = urnOf(parent, type, name);
        run.urns.push(urn);
        return { urn, id: a.id, state: await rpc.serializeProperties("", a.state) };
    }

    type Registered = Awaited<ReturnType<typeof register>>;
    function registration(objectOf: (req: any) => unknown, reply: (r: Registered) => any) {
        return (call: Call, cb: Callback) =>
            respond(cb, async () => {
                const req = call.request;
                const r = await register(req.getType(), req.getName(), req.getParent(), objectOf(req));
                const res = reply(r);
                res.setUrn(r.urn);
                return res;
            });
    }

    const monitor = {
        supportsFeature: (_call: Call, cb: Callback) => {
            const res = new resproto.SupportsFeatureResponse();
            res.setHassupport(true);
            cb(null, res);
        },
        registerResource: registration(
            (req) => req.getObject(),
            (r) => {
                const res = new resproto.RegisterResourceResponse();
                res.setId(r.id);
                res.setObject(structproto.Struct.fromJavaScript(r.state));
                return res;
            },
        ),
        // A read (a StackReference, a `get`) is answered like a registration of the resource it reads.
        readResource: registration(
            (req) => req.getProperties(),
            (r) => {
                const res = new resproto.ReadResourceResponse();
                res.setProperties(structproto.Struct.fromJavaScript(r.state));
                return res;
            },
        ),
        registerResourceOutputs: (_call: Call, cb: Callback) => respond(cb, async () => new emptyproto.Empty()),
        invoke: (call: Call, cb: Callback) =>
            respond(cb, async () => {
                run.invokes++;
                const tok = call.request.getTok();
                const f = INVOKES[tok];
                if (!f) throw new Error(`fake engine: no answer for invoke ${tok}`);
                const res = new provproto.InvokeResponse();
                res.setReturn(
                    structproto.Struct.fromJavaScript(
                        await rpc.serializeProperties("", f(rpc.deserializeProperties(call.request.getArgs()))),
                    ),
                );
                return res;
            }),
        registerPackage: (_call: Call, cb: Callback) => {
            const res = new resproto.RegisterPackageResponse();
            res.setRef("bench-package-ref");
            cb(null, res);
        },
        signalAndWaitForShutdown: (_call: Call, cb: Callback) => cb(null, new emptyproto.Empty()),
    };
    const engine = {
        log: (call: Call, cb: Callback) => {
            if (call.request.getSeverity() === LOG_ERROR) {
                run.errors.push(call.request.getMessage());
                run.lastErrorAt = performance.now();
            }
            cb(null, new emptyproto.Empty());
        },
        getRootResource: (_call: Call, cb: Callback) => {
            const res = new engproto.GetRootResourceResponse();
            res.setUrn(root);
            cb(null, res);
        },
        setRootResource: (call: Call, cb: Callback) => {
            root = call.request.getUrn();
            cb(null, new engproto.SetRootResourceResponse());
        },
    };

    const server = new grpc.Server({ "grpc.max_receive_message_length": 400 * 1024 * 1024 });
    server.addService(resrpc.ResourceMonitorService, monitor);
    server.addService(engrpc.EngineService, engine);
    let address: string | undefined;
    for (const port of ports) {
        const bound = await new Promise<boolean>((resolve) =>
            server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err) => resolve(!err)),
        );
        if (bound) {
            address = `127.0.0.1:${port}`;
            break;
        }
    }
    if (address === undefined) throw new Error(`fake engine: none of the ports ${ports[0]}–${ports[ports.length - 1]} is free`);
    return {
        address,
        reset(p, s) {
            project = p;
            stack = s;
            root = "";
            counter = { n: 0 };
            run = { registrations: 0, urns: [], invokes: 0, errors: [] };
            return run;
        },
        close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
    };
}
