import { Document, DOMParser, Element } from "@xmldom/xmldom";

const MD_NS = "urn:oasis:names:tc:SAML:2.0:metadata";
const HTTP_POST = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST";

/** What the component needs from IAM Identity Center's service-provider metadata. */
export interface SpMetadata {
    /** SP entityID: the SAML audience authentik must put in assertions. */
    entityId: string;
    /** Location of the HTTP-POST AssertionConsumerService (authentik's SAML provider uses `spBinding: "post"`). */
    acsUrl: string;
    /** NameIDFormat values the SP declares (AWS declares emailAddress only). */
    nameIdFormats: string[];
    /** `WantAssertionsSigned` of the SPSSODescriptor (AWS: true). */
    wantAssertionsSigned: boolean;
}

/**
 * Parses the SP metadata XML that the IAM Identity Center console offers for download.
 *
 * A namespace-aware XML parser, not regular expressions: the console's file uses the `md:` prefix, other
 * tools re-serialise it with a default namespace, and both must work. Throws an Error that says what is
 * missing; callers turn it into a validation problem.
 */
export function parseSpMetadata(xml: string): SpMetadata {
    const errors: string[] = [];
    let doc: Document;
    try {
        doc = new DOMParser({
            onError: (level: string, message: string) => {
                if (level !== "warning") errors.push(message);
            },
        }).parseFromString(xml, "text/xml");
    } catch (e) {
        throw new Error(`not well-formed XML (${(e as Error).message.split("\n")[0]})`);
    }
    if (errors.length > 0) throw new Error(`not well-formed XML (${errors[0].split("\n")[0]})`);

    const root = doc.documentElement;
    if (!root || root.namespaceURI !== MD_NS || root.localName !== "EntityDescriptor") {
        throw new Error(`the root element is not a SAML 2.0 metadata <EntityDescriptor> (namespace ${MD_NS})`);
    }
    const entityId = (root.getAttribute("entityID") ?? "").trim();
    if (!entityId) throw new Error("<EntityDescriptor> has no entityID attribute");

    const sp = root.getElementsByTagNameNS(MD_NS, "SPSSODescriptor").item(0);
    if (!sp) throw new Error("there is no <SPSSODescriptor>: this is not service-provider metadata");

    const services: Element[] = Array.from(sp.getElementsByTagNameNS(MD_NS, "AssertionConsumerService"));
    const post = services.filter((s) => s.getAttribute("Binding") === HTTP_POST);
    // Prefer the one marked isDefault, then the lowest index, as SAML metadata readers do.
    post.sort((a, b) => {
        const def = Number(b.getAttribute("isDefault") === "true") - Number(a.getAttribute("isDefault") === "true");
        return def !== 0 ? def : Number(a.getAttribute("index") ?? 0) - Number(b.getAttribute("index") ?? 0);
    });
    const acsUrl = (post[0]?.getAttribute("Location") ?? "").trim();
    if (!acsUrl) throw new Error("there is no <AssertionConsumerService> with the HTTP-POST binding and a Location");

    const nameIdFormats = Array.from(sp.getElementsByTagNameNS(MD_NS, "NameIDFormat") as Iterable<Element>)
        .map((n: Element) => (n.textContent ?? "").trim())
        .filter((t) => t.length > 0);

    return { entityId, acsUrl, nameIdFormats, wantAssertionsSigned: sp.getAttribute("WantAssertionsSigned") === "true" };
}

/**
 * The IdP's HTTP-POST single sign-on URL from authentik's SAML metadata (`IDPSSODescriptor/SingleSignOnService`),
 * or undefined when the metadata is empty or has none. authentik builds it with the linked application's slug;
 * the provider's own `url_sso_post`, read when the provider is created, predates the application and says `-`
 * (authentik/providers/saml/api/providers.py, SAMLProviderSerializer.get_url_sso_post).
 */
export function idpSsoPostUrl(xml: string): string | undefined {
    if (xml.trim() === "") return undefined;
    let doc: Document;
    try {
        doc = new DOMParser({ onError: () => undefined }).parseFromString(xml, "text/xml");
    } catch {
        return undefined;
    }
    const idp = doc.documentElement?.getElementsByTagNameNS(MD_NS, "IDPSSODescriptor").item(0);
    if (!idp) return undefined;
    const post = Array.from(idp.getElementsByTagNameNS(MD_NS, "SingleSignOnService")).find((s) => s.getAttribute("Binding") === HTTP_POST);
    const location = (post?.getAttribute("Location") ?? "").trim();
    return location === "" ? undefined : location;
}
