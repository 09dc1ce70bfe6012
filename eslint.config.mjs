// ESLint flat config (eslint 10, typescript-eslint 8). `npm run lint` runs it; `npm run format` applies its fixes.
// Layout (indent, quotes, wrapping) is prettier's job (.prettierrc.json), so there are no stylistic rules here except
// `max-len`, which prettier does not enforce for comments and long strings.
import pulumi from "@pulumi/eslint-plugin";
import { builtinRules } from "eslint/use-at-your-own-risk";
import tseslint from "typescript-eslint";

// eslint 10 moved `js.configs.recommended` into the separate @eslint/js package. Rather than add a dependency, take
// the same set from eslint's own rule metadata: every non-deprecated core rule flagged `recommended` (64 rules in
// eslint 10.15.0, identical to @eslint/js 10.0.1's configs/eslint-recommended.js).
const eslintRecommended = {
    name: "eslint/recommended (from rule metadata)",
    rules: Object.fromEntries(
        [...builtinRules].filter(([, rule]) => rule.meta?.docs?.recommended && !rule.meta.deprecated).map(([name]) => [name, "error"]),
    ),
};

// Code is wrapped at 140 by prettier (`prettier --check` is part of `npm run lint`); this rule is for what prettier
// never wraps: comments and long literals (strings, templates and regular expressions are split into concatenations,
// `new RegExp(a.source + b.source)` or named parts). The one exemption is URLs: they are cited whole in comments (AWS
// doc pages, authentik source links) and a URL broken over two lines can no longer be opened.
const maxLen = ["error", { code: 140, ignoreUrls: true }];

export default tseslint.config(
    {
        // Not ours to lint:
        // - tests/fixtures/**: reference data copied in verbatim (SDK surfaces, stack files, captured payloads);
        // - vendor/authentik/**: the SDK subset, shaped like the code `pulumi package add terraform-provider
        //   goauthentik/authentik` generates (and sdks/, where `pulumi install` writes the full SDK); its style
        //   (single quotes, `<any>` casts, long doc lines) is the generator's and must stay diff-able against it;
        // - build output and dependencies.
        ignores: ["tests/fixtures/**", "vendor/authentik/**", "sdks/**", "bin/**", "dist/**", "**/node_modules/**"],
    },
    eslintRecommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        rules: {
            "max-len": maxLen,
            // `_name` marks a parameter a signature requires but the body does not use (mock engines, callbacks).
            "@typescript-eslint/no-unused-vars": [
                "error",
                { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrorsIgnorePattern: "^_" },
            ],
            // require() is deliberate for these: dynamic providers load the AWS SDK and node:http(s) inside their
            // methods, so that Pulumi's closure serialization does not capture the module by value; tests and the
            // offline engine need the Pulumi runtime's own module objects (to stub or drain them), not an ES
            // namespace copy.
            "@typescript-eslint/no-require-imports": [
                "error",
                { allow: ["^@aws-sdk/client-identitystore$", "^node:https?$", "^@pulumi/pulumi/runtime(/settings)?$"] },
            ],
            // Off: every message that re-throws a caught error already quotes the cause's message, written for the
            // user; attaching `cause` makes console.error/util.inspect print the nested stack trace, which the project
            // rules forbid in user-facing errors.
            "preserve-caught-error": "off",
            // Off: the only control characters in regular expressions are deliberate character sets (AWS's permission
            // set description / inline policy grammars, Django's email validator); the rule cannot tell them apart.
            "no-control-regex": "off",
        },
    },
    {
        // Test doubles and benchmarks: fakes of the Pulumi engine, the AWS/authentik APIs and the SDK's mocks take and
        // return arbitrary engine payloads; typing them would add nothing the assertions do not already check.
        // Production code (components/, policy/, program/, automation/, scripts/ other than the fake engine) keeps
        // no-explicit-any.
        files: ["tests/**/*.ts", "bench/**/*.ts", "scripts/offlineEngine.ts"],
        rules: { "@typescript-eslint/no-explicit-any": "off" },
    },
    {
        // The Pulumi footgun: an Output interpolated into a plain template literal becomes a warning text, not its
        // value (use pulumi.interpolate). Type-aware, so only where Outputs are built: the components and the
        // program. (The plugin's second rule, no-output-instance-in-template-literal, never fires in 0.3.1: it looks
        // for a type alias named OutputInstance, which is an interface.)
        files: ["components/**/*.ts", "program/**/*.ts", "shard/**/*.ts", "index.ts"],
        plugins: { "@pulumi": pulumi },
        languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
        rules: { "@pulumi/no-output-in-template-literal": "error" },
    },
    {
        // CommonJS by necessity (mocha loads the reporter with require()).
        files: ["**/*.js"],
        languageOptions: {
            sourceType: "commonjs",
            globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" },
        },
        rules: { "max-len": maxLen, "@typescript-eslint/no-require-imports": "off" },
    },
    {
        files: ["**/*.mjs"],
        rules: { "max-len": maxLen },
    },
);
