import { strict as assert } from "node:assert";
import { parseSpMetadata } from "../components/authentik/spMetadata";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const ACS = (binding: string, location: string, extra = "") => `<md:AssertionConsumerService Binding="${binding}" Location="${location}" ${extra}/>`;
const doc = (services: string, prefix = "md") =>
    `<${prefix}:EntityDescriptor xmlns:${prefix}="${MD}" entityID="https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f">` +
    `<${prefix}:SPSSODescriptor WantAssertionsSigned="true">${services.replace(/md:/g, `${prefix}:`)}</${prefix}:SPSSODescriptor></${prefix}:EntityDescriptor>`;

describe("parseSpMetadata (AWS service-provider metadata)", () => {
    it("takes the HTTP-POST AssertionConsumerService marked isDefault, whatever the document order", () => {
        const xml = doc(ACS(POST, "https://a/first", 'index="0"') + ACS(POST, "https://a/default", 'index="1" isDefault="true"'));
        assert.equal(parseSpMetadata(xml).acsUrl, "https://a/default");
    });

    it("takes the lowest index when none is marked default", () => {
        const xml = doc(ACS(POST, "https://a/two", 'index="2"') + ACS(POST, "https://a/one", 'index="1"'));
        assert.equal(parseSpMetadata(xml).acsUrl, "https://a/one");
    });

    it("ignores services with another binding, even the default one, and rejects metadata with no HTTP-POST service", () => {
        const xml = doc(ACS(REDIRECT, "https://a/redirect", 'isDefault="true"') + ACS(POST, "https://a/post"));
        assert.equal(parseSpMetadata(xml).acsUrl, "https://a/post");
        assert.throws(() => parseSpMetadata(doc(ACS(REDIRECT, "https://a/redirect"))), /HTTP-POST/);
    });

    it("does not depend on the namespace prefix, only on the namespace", () => {
        const parsed = parseSpMetadata(doc(ACS(POST, "https://a/post"), "saml2md"));
        assert.equal(parsed.entityId, "https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f");
        assert.equal(parsed.wantAssertionsSigned, true);
        assert.throws(() => parseSpMetadata(doc(ACS(POST, "https://a/post")).replace(MD, "urn:example:other")), /SAML 2\.0 metadata/);
    });
});
