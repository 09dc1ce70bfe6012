/**
 * Test-only self-signed X.509 certificates with a chosen validity, built with node:crypto alone (node can parse but
 * not issue certificates, so the DER of the TBSCertificate is assembled here, RFC 5280 §4.1), and the fields
 * authentik derives from a certificate for its CertificateKeyPair API object (authentik/crypto/api.py: SHA-256 and
 * SHA-1 fingerprints as lower-case hex pairs joined by `:`, the subject in RFC 4514 form, the key type, `notAfter`).
 */
import * as crypto from "node:crypto";

function der(tag: number, content: Buffer): Buffer {
    const n = content.length;
    const len = n < 0x80 ? Buffer.from([n]) : n < 0x100 ? Buffer.from([0x81, n]) : Buffer.from([0x82, n >> 8, n & 0xff]);
    return Buffer.concat([Buffer.from([tag]), len, content]);
}
const seq = (...items: Buffer[]) => der(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => der(0x31, Buffer.concat(items));
const oid = (hex: string) => der(0x06, Buffer.from(hex, "hex"));
const utf8 = (s: string) => der(0x0c, Buffer.from(s, "utf8"));
const NULL = Buffer.from([0x05, 0x00]);
/** sha256WithRSAEncryption 1.2.840.113549.1.1.11; commonName 2.5.4.3. */
const SHA256_RSA = seq(oid("2a864886f70d01010b"), NULL);
const CN = oid("550403");

function time(d: Date): Buffer {
    const iso = d.toISOString().replace(/[-:T]/g, "").slice(0, 14); // YYYYMMDDHHMMSS
    // RFC 5280 §4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050.
    return d.getUTCFullYear() < 2050 ? der(0x17, Buffer.from(`${iso.slice(2)}Z`)) : der(0x18, Buffer.from(`${iso}Z`));
}

export interface TestCertificate {
    certificatePem: string;
    /** PKCS#8 PEM. Held by the stand-in; returned only where authentik returns it (view_private_key). */
    privateKeyPem: string;
}

let sharedKey: crypto.KeyPairKeyObjectResult | undefined;

/**
 * A self-signed RSA-2048 certificate for `commonName`, valid from `notBefore` to `notAfter`. Test certificates share
 * one key per process (generating an RSA key takes ~0.5 s); each certificate still has its own serial and validity.
 */
export function selfSignedCertificate(commonName: string, notBefore: Date, notAfter: Date): TestCertificate {
    sharedKey ??= crypto.generateKeyPairSync("rsa", { modulusLength: 2048 });
    const { privateKey, publicKey } = sharedKey;
    const name = seq(set(seq(CN, utf8(commonName))));
    const serial = crypto.randomBytes(16);
    serial[0] = (serial[0] & 0x7f) | 0x40; // positive and minimal (DER forbids a leading 0x00 before a byte < 0x80)
    const tbs = seq(
        der(0xa0, der(0x02, Buffer.from([2]))), // [0] version v3
        der(0x02, serial),
        SHA256_RSA,
        name,
        seq(time(notBefore), time(notAfter)),
        name,
        publicKey.export({ type: "spki", format: "der" }),
    );
    const signature = crypto.sign("sha256", tbs, privateKey);
    const cert = seq(tbs, SHA256_RSA, der(0x03, Buffer.concat([Buffer.from([0]), signature])));
    const b64 = cert.toString("base64").replace(/.{64}/g, "$&\n").replace(/\n$/, "");
    return {
        certificatePem: `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`,
        privateKeyPem: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    };
}

/** What authentik's CertificateKeyPair serializer derives from the certificate. */
export interface CertificateFacts {
    fingerprintSha256: string;
    fingerprintSha1: string;
    /** ISO date-time of notAfter, as DRF renders a UTC datetime (`…Z`). */
    certExpiry: string;
    /** RFC 4514 subject, e.g. `CN=authentik Self-signed Certificate`. */
    certSubject: string;
    keyType: "rsa" | "ec" | "dsa" | "ed25519" | "ed448";
}

export function certificateFacts(certificatePem: string): CertificateFacts {
    const x509 = new crypto.X509Certificate(certificatePem);
    const hexPairs = (alg: string) => crypto.createHash(alg).update(x509.raw).digest("hex").match(/../g)!.join(":");
    const keyType = x509.publicKey.asymmetricKeyType;
    return {
        fingerprintSha256: hexPairs("sha256"),
        fingerprintSha1: hexPairs("sha1"),
        certExpiry: drfDateTime(new Date(x509.validTo)),
        // node prints one RDN per line ("CN=x"); RFC 4514 lists them most-specific first, comma-separated.
        certSubject: x509.subject.split("\n").reverse().join(","),
        keyType: keyType === "ec" || keyType === "dsa" || keyType === "ed25519" || keyType === "ed448" ? keyType : "rsa",
    };
}

/** DRF's rendering of an aware UTC datetime: ISO 8601 with `Z` (rest_framework/fields.py DateTimeField.to_representation). */
export function drfDateTime(d: Date): string {
    return d
        .toISOString()
        .replace(/\.000Z$/, "Z")
        .replace(/(\.\d{3})Z$/, "$1000Z");
}
