import { strict as assert } from "node:assert";
import { childName, encodeKey } from "../components/naming";

describe("stable logical names", () => {
    it("keep readable keys readable and escape everything else, the escape character included", () => {
        assert.equal(encodeKey("aws-administrators"), "aws-administrators");
        assert.equal(encodeKey("Platform Team / EU"), "Platform~20~Team~20~~2f~~20~EU");
        assert.equal(encodeKey("~"), "~7e~");
        assert.equal(encodeKey("_"), "~5f~");
        assert.equal(encodeKey("😀"), "~1f600~", "one escape per code point");
    });

    it("never give two different key tuples the same name (exhaustive over a tricky alphabet)", () => {
        const alphabet = ["", "a", "~", "_", "-", " ", "~20~", "a_b", "a-b", "7e", "~7e~"];
        const seen = new Map<string, string>();
        for (const x of alphabet) {
            for (const y of alphabet) {
                const name = childName("c", "r", x, y);
                const key = JSON.stringify([x, y]);
                assert.ok(!seen.has(name) || seen.get(name) === key, `${key} and ${seen.get(name)} both give ${name}`);
                seen.set(name, key);
            }
        }
        assert.equal(seen.size, alphabet.length * alphabet.length);
        assert.notEqual(childName("c", "r", "a-b", "c"), childName("c", "r", "a", "b-c"));
    });
});
