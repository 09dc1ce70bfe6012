/**
 * The AWS and authentik facts the policies check. They are written once, in policy/rules/, which the component
 * (components/) imports too: this directory stays a self-contained pack (`pulumi policy publish` packs only
 * `policy/`), and the component and the pack cannot drift apart.
 */
export * from "./rules/awsLimits";
export * from "./rules/endpoints";
export * from "./rules/inlinePolicy";
export * from "./rules/principalWait";
