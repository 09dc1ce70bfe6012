// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

import { Application } from "./application";
import { PolicyBinding } from "./policyBinding";
import { PropertyMappingProviderSaml } from "./propertyMappingProviderSaml";
import { PropertyMappingProviderScim } from "./propertyMappingProviderScim";
import { Provider } from "./provider";
import { ProviderSaml } from "./providerSaml";
import { ProviderScim } from "./providerScim";

// Export members (the generated index lazy-loads each module; plain re-exports keep this subset simple):
export * from "./application";
export * from "./getCertificateKeyPair";
export * from "./getFlow";
export * from "./getGroup";
export * from "./getPropertyMappingProviderSaml";
export * from "./getPropertyMappingProviderScim";
export * from "./getProviderSamlMetadata";
export * from "./policyBinding";
export * from "./propertyMappingProviderSaml";
export * from "./propertyMappingProviderScim";
export * from "./provider";
export * from "./providerSaml";
export * from "./providerScim";

// Export sub-modules:
import * as config from "./config";
import * as types from "./types";

export { config, types };

// Registering the module and the package lets the runtime rehydrate resources of these types from URNs
// (e.g. resource references in outputs, `opts.urn` lookups).
const _module = {
    version: utilities.getVersion(),
    construct: (name: string, type: string, urn: string): pulumi.Resource => {
        switch (type) {
            case "authentik:index/application:Application":
                return new Application(name, <any>undefined, { urn });
            case "authentik:index/policyBinding:PolicyBinding":
                return new PolicyBinding(name, <any>undefined, { urn });
            case "authentik:index/propertyMappingProviderSaml:PropertyMappingProviderSaml":
                return new PropertyMappingProviderSaml(name, <any>undefined, { urn });
            case "authentik:index/propertyMappingProviderScim:PropertyMappingProviderScim":
                return new PropertyMappingProviderScim(name, <any>undefined, { urn });
            case "authentik:index/providerSaml:ProviderSaml":
                return new ProviderSaml(name, <any>undefined, { urn });
            case "authentik:index/providerScim:ProviderScim":
                return new ProviderScim(name, <any>undefined, { urn });
            default:
                throw new Error(`unknown resource type ${type}`);
        }
    },
};
pulumi.runtime.registerResourceModule("authentik", "index", _module);
pulumi.runtime.registerResourcePackage("authentik", {
    version: utilities.getVersion(),
    constructProvider: (name: string, type: string, urn: string): pulumi.ProviderResource => {
        if (type !== "pulumi:providers:authentik") {
            throw new Error(`unknown provider type ${type}`);
        }
        return new Provider(name, <any>undefined, { urn });
    },
});
