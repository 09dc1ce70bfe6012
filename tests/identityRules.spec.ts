import { strict as assert } from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { identityProblem } from "../components/authentik/mappings";
import { AuthentikUser, evaluateMappings, simulatedMappings } from "../scripts/mappingCheck";

const CORPUS: AuthentikUser[] = JSON.parse(fs.readFileSync(path.join(__dirname, "fixtures", "authentik-users.json"), "utf8"));

/**
 * The component validates names it is given (an assignment's `user`) with `identityProblem`, a TypeScript copy of the
 * decision the generated Python makes in authentik. If the two drifted, validation would accept a user that authentik
 * never provisions (and the SCIM wait would time out) or reject one that it does.
 */
describe("identityProblem (TypeScript) agrees with the generated mappings (Python, as authentik runs them)", function () {
    this.timeout(60000);

    for (const identityAttribute of ["email", "username"] as const) {
        it(`over the whole corpus, identity attribute ${identityAttribute}`, async () => {
            const mappings = simulatedMappings({ identityAttribute, excludeServiceAccounts: false });
            const results = await evaluateMappings({ ...mappings, users: CORPUS, excludeServiceAccounts: false });
            assert.equal(results.length, CORPUS.length);
            let provisioned = 0;
            results.forEach((r, i) => {
                const raw = identityAttribute === "email" ? CORPUS[i].email : CORPUS[i].username;
                const identity = (raw ?? "").trim().toLowerCase();
                const ts = identityProblem(identity, identityAttribute);
                // Whether another authentik user shares the identity only authentik can tell.
                if (r.skipped && / is also the (email|username) of /.test(r.reason ?? "")) {
                    assert.equal(ts, undefined, `${CORPUS[i].username}: ${ts}`);
                    return;
                }
                assert.equal(
                    ts === undefined,
                    !r.skipped,
                    `${CORPUS[i].username}: TypeScript says ${ts ?? "ok"}, Python says ${r.reason ?? "provisioned"}`,
                );
                if (!r.skipped) provisioned++;
            });
            assert.ok(provisioned > 20 && provisioned < CORPUS.length, "the corpus exercises both outcomes");
        });
    }
});
