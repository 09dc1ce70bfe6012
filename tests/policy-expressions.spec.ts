import { strict as assert } from "node:assert";
import { generateMappings } from "../components/authentik/mappings";
import {
    analyseNameIdExpression,
    analyseScimUserMapping,
    analyseScimUserName,
    Derivation,
    derivationExpression,
    describeDerivation,
    sameDerivation,
    scimContribution,
} from "../policy/expressions";
import { parsePython } from "../policy/python/parse";
import { EXPR } from "./harness/policyStacks";

const attr = (attribute: string, ...normalisations: string[]): Derivation =>
    ({ kind: "attribute", attribute, normalisations }) as Derivation;

describe("policy/expressions: SAML NameID mappings", () => {
    const cases: [string, string, Derivation][] = [
        ["managed Email mapping", "return request.user.email", attr("email")],
        ["managed Username mapping", "return request.user.username", attr("username")],
        ["bare `user` (a SAML handler parameter)", "return user.email", attr("email")],
        ["lower-cased", "return request.user.username.lower()", attr("username", "lower")],
        ["strip and lower in either order", "return request.user.email.lower().strip()", attr("email", "strip", "lower")],
        ["or-empty guard", 'return (request.user.email or "").strip().lower()', attr("email", "strip", "lower")],
        ["casefold absorbs lower", "return request.user.email.lower().casefold()", attr("email", "casefold")],
        ["str() keeps the derivation", "return str(request.user.email)", attr("email")],
        ["getattr with a constant name", 'return getattr(request.user, "username")', attr("username")],
        ["local variable", "email = request.user.email\nreturn email.lower()", attr("email", "lower")],
        ["alias of the user", "u = request.user\nvalue = u.email.strip()\nreturn value", attr("email", "strip")],
        [
            "helper function",
            'def identity_of(u, fallback=""):\n    return (u.email or fallback).strip().lower()\nreturn identity_of(request.user)',
            attr("email", "strip", "lower"),
        ],
        [
            "guard paths returning None or raising are ignored",
            "value = request.user.email.lower()\nif not value:\n    return None\nif " +
                '"@" not in value:\n    raise ValueError("no email")\nreturn value',
            attr("email", "lower"),
        ],
        [
            "same value on both branches",
            "if request.user.is_active:\n    return request.user.email\nelse:\n    return request.user.email",
            attr("email"),
        ],
        ["indented as a whole (valid inside authentik's wrapper)", "    x = request.user.email\n    return x", attr("email")],
        ["a misleading comment does not count", "# identity: email\nreturn request.user.username", attr("username")],
        [
            "semicolons, continuation and a triple-quoted docstring",
            '"""NameID\nfor AWS"""\nv = request.user.email; v = v \\\n    .lower()\nreturn v',
            attr("email", "lower"),
        ],
        [
            "try/except with the same value",
            "try:\n    v = request.user.email\nexcept Exception:\n    raise\nreturn v.strip()",
            attr("email", "strip"),
        ],
    ];
    for (const [title, expression, expected] of cases) {
        it(`recognises: ${title}`, () => assert.deepEqual(analyseNameIdExpression(expression), expected));
    }

    it("says unknown (with a reason) for what it cannot follow", () => {
        const unknownCases = [
            "return request.user.attributes.get('upn', request.user.email)", // managed UPN mapping
            'return f"{request.user.username}@example.com"',
            'return request.user.email.split("@")[0]',
            'return regex_replace(request.user.email, "@.*", "")',
            "if request.user.is_superuser:\n    return request.user.username\nreturn request.user.email",
            'return "everyone@example.com"',
            "return (",
        ];
        for (const expression of unknownCases) {
            const d = analyseNameIdExpression(expression);
            assert.equal(d.kind, "unknown", expression);
            assert.ok(d.kind === "unknown" && d.reason.length > 0);
        }
        const branches = analyseNameIdExpression(
            "if request.user.is_superuser:\n    return request.user.username\nreturn request.user.email",
        );
        assert.match(describeDerivation(branches), /request\.user\.username, as is or request\.user\.email, as is/);
    });

    it("flags NameID mappings that can never work", () => {
        assert.equal(analyseNameIdExpression("for group in request.user.groups.all():\n    yield group.name").kind, "invalid");
        assert.equal(analyseNameIdExpression("return None").kind, "invalid");
        assert.equal(analyseNameIdExpression("pass").kind, "invalid"); // falls through: None
        assert.equal(analyseNameIdExpression('raise SkipObject("nobody")').kind, "invalid");
    });

    it("does not treat a non-string expression as analysable", () => {
        assert.equal(analyseNameIdExpression(undefined).kind, "unknown");
        assert.equal(analyseNameIdExpression(42).kind, "unknown");
    });
});

describe("policy/expressions: SCIM user mappings", () => {
    it("reads userName from a returned dict literal", () => {
        assert.deepEqual(analyseScimUserName(EXPR.scimUsername), attr("username"));
        assert.deepEqual(analyseScimUserName(EXPR.awsGuideScim), attr("email"));
        assert.deepEqual(analyseScimUserName(EXPR.scimEmailNormalised), attr("email", "strip", "lower"));
    });

    it("follows dicts built step by step, spread and updated", () => {
        assert.deepEqual(analyseScimUserName('u = {}\nu["userName"] = request.user.email.lower()\nreturn u'), attr("email", "lower"));
        assert.deepEqual(
            analyseScimUserName('base = {"userName": request.user.username}\nreturn {**base, "active": True}'),
            attr("username"),
        );
        assert.deepEqual(analyseScimUserName('u = {"active": True}\nu.update({"userName": request.user.email})\nreturn u'), attr("email"));
        assert.equal(scimContribution('u = {"photos": [1]}\nu.pop("photos", None)\nreturn u', "photos"), "absent");
    });

    it("knows when a mapping does not set userName", () => {
        assert.deepEqual(analyseScimUserName('return {"photos": None}'), { kind: "absent" });
        assert.equal(analyseScimUserName("return build_user(request.user)").kind, "unknown");
        assert.equal(analyseScimUserName('return {**ak_defaults(), "active": True}').kind, "unknown");
    });

    it("rejects bare `user`, which is not a SCIM handler parameter (NameError)", () => {
        const d = analyseScimUserName('return {"userName": user.email}');
        assert.equal(d.kind, "invalid");
        assert.match(d.kind === "invalid" ? d.reason : "", /request\.user/);
    });

    it("tells photos and emails contributions apart", () => {
        const def = analyseScimUserMapping(EXPR.defaultScimUser);
        assert.deepEqual(def, { userName: attr("username"), photos: "sends", emails: "sends" });
        assert.equal(scimContribution(EXPR.awsGuideScim, "photos"), "removes");
        assert.equal(scimContribution(EXPR.awsGuideScim, "emails"), "absent");
        assert.equal(scimContribution('return {"userName": request.user.email, "emails": []}', "emails"), "absent");
        assert.equal(
            scimContribution('return {"userName": request.user.email, "emails": [{"value": request.user.email}]}', "emails"),
            "sends",
        );
        assert.equal(scimContribution("return make()", "photos"), "unknown");
    });

    it("ignores paths that skip the user or the mapping", () => {
        const expression =
            'if request.user.type == "service_account":\n    raise SkipObject("svc")\nif not ' +
            'request.user.email:\n    return None\nreturn {"userName": request.user.email}';
        assert.deepEqual(analyseScimUserName(expression), attr("email"));
    });
});

describe("policy/expressions: the component's generated mappings (components/authentik/mappings.ts)", () => {
    for (const identityAttribute of ["email", "username"] as const) {
        for (const excludeServiceAccounts of [true, false]) {
            it(
                `derives both sides from request.user.${identityAttribute}, stripped ` +
                    `and lower-cased (excludeServiceAccounts=${excludeServiceAccounts})`,
                () => {
                    const m = generateMappings({ identityAttribute, excludeServiceAccounts });
                    const nameId = analyseNameIdExpression(m.nameIdExpression);
                    const scim = analyseScimUserMapping(m.scimUserExpression);
                    assert.deepEqual(nameId, attr(identityAttribute, "strip", "lower"));
                    assert.deepEqual(scim.userName, attr(identityAttribute, "strip", "lower"));
                    assert.ok(sameDerivation(nameId, scim.userName));
                    assert.equal(scim.photos, "absent");
                    assert.equal(scim.emails, "sends");
                },
            );
        }
    }

    it("tells an email NameID from a username SCIM mapping", () => {
        const email = generateMappings({ identityAttribute: "email", excludeServiceAccounts: true });
        const username = generateMappings({ identityAttribute: "username", excludeServiceAccounts: true });
        assert.ok(!sameDerivation(analyseNameIdExpression(email.nameIdExpression), analyseScimUserName(username.scimUserExpression)));
    });
});

describe("policy/expressions: helpers", () => {
    it("describes and re-renders derivations", () => {
        const d = attr("email", "strip", "lower");
        assert.equal(describeDerivation(d), "request.user.email, stripped and lower-cased");
        assert.equal(describeDerivation(attr("username")), "request.user.username, as is");
        assert.equal(derivationExpression(d as Extract<Derivation, { kind: "attribute" }>), '(request.user.email or "").strip().lower()');
        assert.equal(derivationExpression(attr("username") as Extract<Derivation, { kind: "attribute" }>), "request.user.username");
        // The rendered expression analyses back to the same derivation.
        assert.deepEqual(analyseNameIdExpression(`return ${derivationExpression(d as Extract<Derivation, { kind: "attribute" }>)}`), d);
    });

    it("compares derivations by attribute and normalisation", () => {
        assert.ok(sameDerivation(attr("email", "strip", "lower"), attr("email", "strip", "lower")));
        assert.ok(!sameDerivation(attr("email", "lower"), attr("email", "strip", "lower")));
        assert.ok(!sameDerivation(attr("email"), attr("username")));
        assert.ok(!sameDerivation({ kind: "unknown", reason: "x" }, { kind: "unknown", reason: "x" }));
    });

    it("parses the Python constructs authentik mappings use", () => {
        const body = parsePython(
            [
                "import re",
                "from unicodedata import category as cat",
                "@decorator",
                "def f(a, *args, b: str = 'x', **kw) -> str:",
                "    return a",
                "x = [c for c in 'ab' if c]",
                "y = {k: v for k, v in {}.items()}",
                "z = lambda q: q",
                "w = (1, 2)[0] if True else -1",
                "while False:",
                "    break",
                "else:",
                "    pass",
                "with open('f') as fh:",
                "    pass",
                "s = r'\\d+' 'x' f'{x}'",
                "t = a[1:2], b[::2]",
                "n += 1",
                "return {'ok': not x and y or z, 'n': 1_000, 'e': ...}",
            ].join("\n"),
        );
        assert.deepEqual(
            body.body.map((b) => b.k),
            [
                // A decorated def is an assignment of an unknown value: the decorator may replace the function.
                "import",
                "import",
                "assign",
                "assign",
                "assign",
                "assign",
                "assign",
                "loop",
                "with",
                "assign",
                "assign",
                "augassign",
                "return",
            ],
        );
        assert.throws(() => parsePython("if x:\nreturn 1"), /line 2: invalid syntax/);
    });
});

describe("policy/expressions: what the analysis must not get wrong (issue 15)", () => {
    it("follows a walrus: `if (user := request.user):` binds `user`, so it is no bare-`user` violation", () => {
        const scim = analyseScimUserMapping('if (user := request.user):\n    return {"userName": user.email.strip().lower()}\nreturn None');
        assert.deepEqual(scim.userName, attr("email", "strip", "lower"));
        // Bound on some path only: still not a confident NameError.
        assert.notEqual(analyseScimUserName('for user in []:\n    pass\nreturn {"userName": user.email}').kind, "invalid");
    });

    it('decodes string escapes: "ph\\x6ftos" is the photos key', () => {
        assert.equal(scimContribution('return {"userName": request.user.email, "ph\\x6ftos": None}', "photos"), "removes");
        assert.equal(scimContribution('return {"userName": request.user.email, "ph\\u006ftos": [1]}', "photos"), "sends");
        // A key the analysis cannot decode may be any key.
        assert.equal(
            scimContribution('return {"userName": request.user.email, "\\N{LATIN SMALL LETTER P}hotos": [1]}', "photos"),
            "unknown",
        );
    });

    it("does not trust a dict changed through an alias, a loop variable or a call", () => {
        const aliased = [
            'u = {"userName": request.user.email}\nv = u\nv["userName"] = request.user.username\nreturn u',
            'u = {"userName": request.user.email, "photos": None}\nv = u\nv.pop("photos")\nreturn u',
            'u = {"userName": request.user.email}\nfor d in [u]:\n    d["userName"] = "x"\nreturn u',
            'u = {"userName": request.user.email}\nchange(u)\nreturn u',
            'u = {"userName": request.user.email}\nx = [u.update(userName="x") for _ in "a"]\nreturn u',
            'u = {"userName": request.user.email}\nholder = {"u": u}\nholder["u"]["userName"] = "x"\nreturn u',
        ];
        for (const expression of aliased) assert.equal(analyseScimUserName(expression).kind, "unknown", expression);
        // The same changes through the dict's own name are followed.
        assert.deepEqual(
            analyseScimUserName('u = {"userName": request.user.email}\nu["userName"] = request.user.username\nreturn u'),
            attr("username"),
        );
    });

    it("says not verifiable for syntax errors and constructs it does not follow, never a violation", () => {
        for (const expression of [
            "lambda y",
            "class X",
            "return request.user.email +",
            "global x\nreturn request.user.email",
            "match x:\n    case 1:\n        return request.user.email",
            "print 'x'",
        ]) {
            assert.equal(analyseNameIdExpression(expression).kind, "unknown", expression);
            assert.equal(analyseScimUserName(expression).kind, "unknown", expression);
        }
    });
});
