/**
 * Stable logical names. A child's name is derived only from the keys that identify it (principal name,
 * permission set name, account ID), never from list positions or computed IDs, so reordering the input
 * changes nothing and adding an entry only adds resources.
 *
 * Keys may contain any character (group display names have spaces, slashes, unicode). `encodeKey` keeps the
 * characters that read well in a URN and escapes every other one, including its own escape character `~`,
 * so the encoding is injective: two different keys can never produce the same name. Keys are joined with `_`,
 * which the encoding always escapes, so a tuple of keys is injective too ("a-b","c" ≠ "a","b-c").
 */
const SAFE = /[A-Za-z0-9.@+=,-]/;

export function encodeKey(key: string): string {
    let out = "";
    for (const ch of key) {
        if (SAFE.test(ch)) {
            out += ch;
        } else {
            // Code points, not UTF-16 units, so astral characters get one escape each.
            out += `~${ch.codePointAt(0)!.toString(16)}~`;
        }
    }
    return out;
}

/** `${component}-${role}` or `${component}-${role}-${key1}_${key2}...` with each key encoded. */
export function childName(component: string, role: string, ...keys: string[]): string {
    const base = `${component}-${role}`;
    return keys.length === 0 ? base : `${base}-${keys.map(encodeKey).join("_")}`;
}
