import { strict as assert } from "node:assert";
import { parseSpMetadata, idpSsoPostUrl } from "../components/authentik/spMetadata";

const MD = "urn:oasis:names:tc:SAML:2.0:metadata";
const POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";
const REDIRECT = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect";
const ACS = (binding: string, location: string, extra = "") =>
    `<md:AssertionConsumerService Binding="${binding}" Location="${location}" ${extra}/>`;
const doc = (services: string, prefix = "md") =>
    `<${prefix}:EntityDescriptor xmlns:${prefix}="${MD}" ` +
    `entityID="https://eu-central-1.signin.aws.amazon.com/platform/saml/d-996719544f">` +
    `<${prefix}:SPSSODescriptor ` +
    `WantAssertionsSigned="true">${services.replace(/md:/g, `${prefix}:`)}</${prefix}:SPSSODescriptor></${prefix}:EntityDescriptor>`;

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

describe("idpSsoPostUrl (authentik's IdP metadata)", () => {
    const md = (services: string) =>
        `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://auth.example/application/saml/aws/">` +
        `<md:IDPSSODescriptor ` +
        `protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${services}</md:IDPSSODescriptor></md:EntityDescriptor>`;
    const post =
        `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" ` +
        `Location="https://auth.example/application/saml/aws/sso/binding/post/"/>`;
    const redirect =
        `<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" ` +
        `Location="https://auth.example/application/saml/aws/sso/binding/redirect/"/>`;

    it("takes the HTTP-POST SingleSignOnService of the IdP descriptor", () => {
        assert.equal(idpSsoPostUrl(md(redirect + post)), "https://auth.example/application/saml/aws/sso/binding/post/");
    });

    it("is undefined for the empty metadata authentik answers before an application links the provider, and without a POST service", () => {
        assert.equal(idpSsoPostUrl(""), undefined);
        assert.equal(idpSsoPostUrl(md(redirect)), undefined);
        assert.equal(idpSsoPostUrl("not xml <"), undefined);
    });
});
