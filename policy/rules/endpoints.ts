/**
 * IAM Identity Center's SAML and SCIM endpoints, as the console shows them
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/manage-your-identity-source-idp.html and
 * https://docs.aws.amazon.com/singlesignon/latest/userguide/provision-automatically.html). Written once for the
 * component's validation and the policy pack.
 */

/**
 * The ACS URL, on the classic or the dual-stack sign-in host
 * (https://docs.aws.amazon.com/singlesignon/latest/userguide/ipv6-support.html); the ID is opaque (not always an
 * RFC 4122 UUID).
 */
export const AWS_ACS_URL = /^https:\/\/[a-z0-9-]+\.(signin\.aws\.amazon\.com|sso\.signin\.aws)\/platform\/saml\/acs\/[A-Za-z0-9-]+$/;

/** The issuer URL (SP entityID, the SAML audience): `https://<region>.signin.aws.amazon.com/platform/saml/<d-…>`. */
export const AWS_SAML_AUDIENCE = /^https:\/\/[a-z0-9-]+\.(signin\.aws\.amazon\.com|sso\.signin\.aws)\/platform\/saml\/[A-Za-z0-9-]+$/;

/** The SCIM endpoint, `https://scim.<region>.amazonaws.com/<tenant>/scim/v2/`; the tenant ID is opaque. */
export const AWS_SCIM_ENDPOINT = /^https:\/\/scim\.[a-z0-9-]+\.amazonaws\.com(\.cn)?\/[A-Za-z0-9-]+\/scim\/v2\/?$/;

/**
 * The SCIM endpoint's host (with the China partition's `.amazonaws.com.cn`). The policies match on the host so a
 * missing trailing slash or `/v2` still counts as AWS: the policies about AWS SCIM must not be dodged by a typo.
 */
export const AWS_SCIM_HOST = /^scim\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

/** Hosts that mean "this SAML provider talks to AWS" (a looser test than {@link AWS_ACS_URL}). */
export const AWS_SIGNIN_HOST = /(^|\.)(signin\.aws\.amazon\.com|sso\.signin\.aws|amazonaws\.com(\.cn)?|awsapps\.com)$/;

/** An AWS region name, e.g. `eu-central-1`, `us-gov-west-1`. */
export const AWS_REGION = /^[a-z]{2}(-[a-z]+)+-\d$/;
