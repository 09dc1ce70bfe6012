// Hand-maintained subset of the SDK that `pulumi package add terraform-provider goauthentik/authentik 2026.5.0`
// generates; shaped like the generated file so `pulumi install` can replace it in place.

import * as pulumi from "@pulumi/pulumi";
import * as utilities from "./utilities";

/**
 * Lookup by name, first match. fetchCertificate/fetchKey default true, so the private key lands in keyData (secret) unless fetchKey: false.
 *
 * Token `authentik:index/getCertificateKeyPair:getCertificateKeyPair` (Terraform data source `authentik_certificate_key_pair`).
 */
export function getCertificateKeyPair(args: GetCertificateKeyPairArgs, opts?: pulumi.InvokeOptions): Promise<GetCertificateKeyPairResult> {
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invoke("authentik:index/getCertificateKeyPair:getCertificateKeyPair", {
        "fetchCertificate": args.fetchCertificate,
        "fetchKey": args.fetchKey,
        "keyData": args.keyData,
        "name": args.name,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getCertificateKeyPair.
 */
export interface GetCertificateKeyPairArgs {
    /** Fetch PEM certificate */
    fetchCertificate?: boolean;
    /** Fetch PEM private key */
    fetchKey?: boolean;
    /** PEM private key */
    keyData?: string;
    /** Certificate-key-pair name */
    name: string;
}

/**
 * A collection of values returned by getCertificateKeyPair.
 */
export interface GetCertificateKeyPairResult {
    /** PEM certificate */
    readonly certificateData: string;
    /** Expiry timestamp */
    readonly expiry: string;
    /** Fetch PEM certificate */
    readonly fetchCertificate?: boolean;
    /** Fetch PEM private key */
    readonly fetchKey?: boolean;
    /** SHA1 fingerprint */
    readonly fingerprint1: string;
    /** SHA256 fingerprint */
    readonly fingerprint256: string;
    /** certificate-key-pair UUID (explicit computed-only id, so no id arg) */
    readonly id: string;
    /** PEM private key */
    readonly keyData: string;
    /** Certificate-key-pair name */
    readonly name: string;
    /** Subject */
    readonly subject: string;
}

/**
 * Lookup by name, first match. fetchCertificate/fetchKey default true, so the private key lands in keyData (secret) unless fetchKey: false.
 */
export function getCertificateKeyPairOutput(args: GetCertificateKeyPairOutputArgs, opts?: pulumi.InvokeOutputOptions): pulumi.Output<GetCertificateKeyPairResult> {
    opts = pulumi.mergeOptions(utilities.resourceOptsDefaults(), opts || {});
    return pulumi.runtime.invokeOutput("authentik:index/getCertificateKeyPair:getCertificateKeyPair", {
        "fetchCertificate": args.fetchCertificate,
        "fetchKey": args.fetchKey,
        "keyData": args.keyData,
        "name": args.name,
    }, opts, utilities.getPackage());
}

/**
 * A collection of arguments for invoking getCertificateKeyPair.
 */
export interface GetCertificateKeyPairOutputArgs {
    /** Fetch PEM certificate */
    fetchCertificate?: pulumi.Input<boolean | undefined>;
    /** Fetch PEM private key */
    fetchKey?: pulumi.Input<boolean | undefined>;
    /** PEM private key */
    keyData?: pulumi.Input<string | undefined>;
    /** Certificate-key-pair name */
    name: pulumi.Input<string>;
}
