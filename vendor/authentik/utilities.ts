// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as runtime from "@pulumi/pulumi/runtime";

// The parameterization is read from our own package.json (the `pulumi` block `pulumi package add` writes), so the
// base-provider version has exactly one source of truth; `pulumi install` bakes literals in here instead.
import * as pkg from "./package.json";

export function getEnv(...vars: string[]): string | undefined {
    for (const v of vars) {
        const value = process.env[v];
        if (value) {
            return value;
        }
    }
    return undefined;
}

export function getEnvBoolean(...vars: string[]): boolean | undefined {
    const s = getEnv(...vars);
    if (s !== undefined) {
        // Same truthy/falsy spellings as Go's strconv.ParseBool, which Terraform uses.
        if (["1", "t", "T", "true", "TRUE", "True"].includes(s)) {
            return true;
        }
        if (["0", "f", "F", "false", "FALSE", "False"].includes(s)) {
            return false;
        }
    }
    return undefined;
}

export function getEnvNumber(...vars: string[]): number | undefined {
    const s = getEnv(...vars);
    if (s !== undefined) {
        const f = parseFloat(s);
        if (!isNaN(f)) {
            return f;
        }
    }
    return undefined;
}

/** The SDK version (the Terraform provider version for parameterized packages), without a leading `v`. */
export function getVersion(): string {
    const version: string = pkg.version;
    return version.startsWith("v") ? version.slice(1) : version;
}

/** @internal */
export function resourceOptsDefaults(): any {
    return { version: getVersion() };
}

/** @internal */
export function lazyLoad(exports: any, props: string[], loadModule: any) {
    for (const property of props) {
        Object.defineProperty(exports, property, {
            enumerable: true,
            get: function () {
                return loadModule()[property];
            },
        });
    }
}

/**
 * Registers the parameterized package (terraform-provider + goauthentik/authentik 2026.5.0) with the engine and
 * returns its package reference; every resource, invoke and the Provider pass this to the runtime. New-style
 * codegen (Pulumi CLI >= 3.243.0) needs `runtime.registerPackage`, i.e. @pulumi/pulumi >= 3.238.0. The runtime
 * caches the registration per deployment, so calling this for each resource is cheap.
 */
export async function getPackage(): Promise<string | undefined> {
    return runtime.registerPackage({
        baseProviderName: "terraform-provider",
        baseProviderVersion: pkg.pulumi.version,
        baseProviderDownloadUrl: "",
        packageName: "authentik",
        packageVersion: "2026.5.0",
        // {"remote":{"url":"registry.opentofu.org/goauthentik/authentik","version":"2026.5.0"}}
        base64Parameter: "eyJyZW1vdGUiOnsidXJsIjoicmVnaXN0cnkub3BlbnRvZnUub3JnL2dvYXV0aGVudGlrL2F1dGhlbnRpayIsInZlcnNpb24iOiIyMDI2LjUuMCJ9fQ==",
    });
}
