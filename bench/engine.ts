import * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";

/**
 * A lean mock engine for timing. tests/harness/mocks.ts wraps the monitor and deserializes every registration's
 * inputs to record them, work a real engine does not make the program do; timing through it would mostly time
 * the recorder. This one only answers (with the same kinds of IDs the harness gives: integer-string authentik
 * provider IDs, permission-set ARNs, UUID principal IDs) and counts. Both sides of a comparison run through it.
 */
export interface EngineCounts {
    /** Registrations by type token (custom and component resources). */
    resources: Map<string, number>;
    /** Invokes by token. */
    invokes: Map<string, number>;
}

function hex(text: string, n: number): string {
    return createHash("sha256").update(text).digest("hex").slice(0, n);
}
function uuid(text: string): string {
    const h = hex(text, 32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

const INSTANCE_ARN = "arn:aws:sso:::instance/ssoins-72236e90633f0325";
const IDENTITY_STORE_ID = "d-906752b26f";

export const INVOKES: { [token: string]: (a: any) => any } = {
    "authentik:index/getFlow:getFlow": (a) => ({ id: `flow-${a.slug}`, slug: a.slug }),
    "authentik:index/getCertificateKeyPair:getCertificateKeyPair": (a) => ({ id: `kp-${a.name}`, name: a.name }),
    "authentik:index/getGroup:getGroup": (a) => ({ id: `akgroup-${a.name}`, name: a.name }),
    "authentik:index/getPropertyMappingProviderScim:getPropertyMappingProviderScim": (a) => ({ id: `pm-${a.managed ?? a.name}` }),
    "authentik:index/getPropertyMappingProviderSaml:getPropertyMappingProviderSaml": (a) => ({ id: `pm-${a.managed ?? a.name}` }),
    "authentik:index/getProviderSamlMetadata:getProviderSamlMetadata": (a) => ({
        id: String(a.providerId),
        metadata: `<md:EntityDescriptor entityID="${a.providerId}"/>`,
    }),
    "aws:ssoadmin/getInstances:getInstances": () => ({
        arns: [INSTANCE_ARN],
        identityStoreIds: [IDENTITY_STORE_ID],
        region: "eu-central-1",
    }),
    "aws:identitystore/getGroup:getGroup": (a) => ({ groupId: uuid(`group:${a.alternateIdentifier?.uniqueAttribute?.attributeValue}`) }),
    "aws:identitystore/getUser:getUser": (a) => ({ userId: uuid(`user:${a.alternateIdentifier?.uniqueAttribute?.attributeValue}`) }),
};

/** Outputs of the stack a `pulumi.StackReference` reads (the shard benchmark's core stack). */
let stackReferenceOutputs: { [name: string]: unknown } = {};
export function setStackReferenceOutputs(outputs: { [name: string]: unknown }): void {
    stackReferenceOutputs = outputs;
}

/** What the bench engine answers for a registration (the same for the in-process mocks and bench/fakeEngine.ts). */
export function answer(type: string, name: string, inputs: any, counter: { n: number }): { id: string; state: any } {
    if (type === "pulumi:pulumi:StackReference")
        return { id: inputs.name ?? name, state: { ...inputs, outputs: stackReferenceOutputs, secretOutputNames: [] } };
    if (type === "authentik:index/providerSaml:ProviderSaml" || type === "authentik:index/providerScim:ProviderScim") {
        return { id: String(40 + ++counter.n), state: inputs };
    }
    if (type === "authentik:index/application:Application")
        return { id: inputs.slug, state: { ...inputs, uuid: `appuuid-${inputs.slug}` } };
    if (type === "aws:ssoadmin/permissionSet:PermissionSet") {
        const arn = `arn:aws:sso:::permissionSet/ssoins-72236e90633f0325/ps-${hex(inputs.name, 16)}`;
        return { id: `${arn},${inputs.instanceArn}`, state: { ...inputs, arn } };
    }
    if (type.startsWith("pulumi-nodejs:dynamic"))
        return { id: `wait-${name}`, state: { ...inputs, principalId: uuid(`${inputs.kind}:${inputs.name}`) } };
    return { id: `${name}-id`, state: inputs };
}

/** Runs `program` under fresh mocks until every registration, invoke and output has settled; returns the counts. */
export async function runUnderMocks(program: () => unknown): Promise<EngineCounts> {
    const counts: EngineCounts = { resources: new Map(), invokes: new Map() };
    const counter = { n: 0 };
    const errors: unknown[] = [];
    await pulumi.runtime.setMocks(
        {
            newResource(a) {
                counts.resources.set(a.type, (counts.resources.get(a.type) ?? 0) + 1);
                return answer(a.type, a.name, a.inputs, counter);
            },
            call(a) {
                counts.invokes.set(a.token, (counts.invokes.get(a.token) ?? 0) + 1);
                const f = INVOKES[a.token];
                if (!f) throw new Error(`bench engine: no answer for invoke ${a.token}`);
                return f(a.inputs);
            },
        },
        "aws-identity-center",
        "bench",
        false,
    );
    const onRejection = (reason: unknown) => errors.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
        await program();
        await settle();
    } finally {
        process.off("unhandledRejection", onRejection);
    }
    if (errors.length > 0) throw new Error(`bench engine: the program failed: ${String(errors[0])}`);
    return counts;
}

async function settle(): Promise<void> {
    const settings = require("@pulumi/pulumi/runtime/settings");
    await settings.waitForRPCs();
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

/** Total registrations of a run, optionally only of types matching `filter`. */
export function total(m: Map<string, number>, filter: (type: string) => boolean = () => true): number {
    let n = 0;
    for (const [k, v] of m) if (filter(k)) n += v;
    return n;
}

/**
 * Switches ts-node's source-map rewriting of stack traces off and returns a function that switches it back. Pulumi
 * captures a stack trace for every registration and internal promise; a compiled program formats them with V8's
 * own (fast) formatter, a program run by ts-node maps each frame through its source map.
 */
export function withoutSourceMaps(): () => void {
    const holder = Error as { prepareStackTrace?: unknown };
    const original = holder.prepareStackTrace;
    holder.prepareStackTrace = undefined;
    return () => {
        holder.prepareStackTrace = original;
    };
}
