// ESLint flat config (eslint 10, typescript-eslint 8). `npm run lint` runs it; `npm run format` applies its fixes.
// Formatting itself (indent, quotes, wrapping) is prettier's job (.prettierrc.json), so no stylistic rules here
// except `max-len`, which prettier does not enforce for comments and long strings.
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

export default tseslint.config(
    {
        // Not ours to lint:
        // - tests/fixtures/**: reference data copied in verbatim (real SDK surfaces, stack files, captured payloads);
        // - sdks/authentik/**: shaped like the code `pulumi package add terraform-provider goauthentik/authentik`
        //   generates, so `pulumi install` can replace it in place; its style (single quotes, `<any>` casts, long
        //   doc lines) is the generator's and must stay diff-able against it;
        // - build output and dependencies.
        ignores: ["tests/fixtures/**", "sdks/authentik/**", "bin/**", "dist/**", "**/node_modules/**"],
    },
    eslintRecommended,
    ...tseslint.configs.recommended,
    {
        files: ["**/*.ts"],
        languageOptions: {
            ecmaVersion: 2022,
            sourceType: "module",
        },
        rules: {
            "max-len": ["error", { code: 140, ignoreUrls: true }],
        },
    },
    {
        files: ["**/*.js", "**/*.mjs", "**/*.cjs"],
        languageOptions: {
            globals: { require: "readonly", module: "writable", process: "readonly", console: "readonly", __dirname: "readonly" },
        },
        rules: {
            "max-len": ["error", { code: 140, ignoreUrls: true }],
        },
    },
);
