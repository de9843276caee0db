/**
 * Response bodies whose item parts are already JSON text. The store keeps each item as its
 * DynamoDB JSON text (crdt-store `StoredItem`), so a read that returns items unchanged puts
 * those texts into the response as they are instead of parsing them into objects and
 * serializing them again. The body stays an ordinary object to every other reader: a raw part
 * is an enumerable getter that parses its text on first access (and becomes a plain property),
 * so `JSON.stringify(body)`, tests and forwarding code see the same values as before.
 * `toWireJson(body)` gives the exact text `JSON.stringify(body)` would, without the parsing.
 */

/** Per object: property name -> the property's value as JSON text, while it is still raw. */
const rawParts = new WeakMap<object, Map<string, string>>();

/** Adds an enumerable property to `target` whose value is the JSON text `json`, parsed only if read. */
export function defineRawJson(target: Record<string, unknown>, name: string, json: string): void {
  let parts = rawParts.get(target);
  if (parts === undefined) rawParts.set(target, (parts = new Map()));
  parts.set(name, json);
  Object.defineProperty(target, name, {
    enumerable: true,
    configurable: true,
    get() {
      const value: unknown = JSON.parse(json);
      settle(target, name, value);
      return value;
    },
    set(value: unknown) {
      settle(target, name, value);
    },
  });
}

/**
 * Marks a plain object or array that holds raw parts deeper down (`defineRawJson` on one of its
 * members), so `toWireJson` walks into it instead of handing it to JSON.stringify.
 */
export function holdsRawJson<T extends object>(container: T): T {
  if (!rawParts.has(container)) rawParts.set(container, new Map());
  return container;
}

/** The raw property becomes a plain data property holding `value`. */
function settle(target: Record<string, unknown>, name: string, value: unknown): void {
  rawParts.get(target)?.delete(name);
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

/** `JSON.stringify(value)`, with raw parts (at any depth of plain objects) copied as they are. */
export function toWireJson(value: unknown): string {
  const parts = typeof value === 'object' && value !== null ? rawParts.get(value) : undefined;
  if (parts === undefined) return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map((element) => (toWireJson(element) as string | undefined) ?? 'null').join(',') + ']';
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const name of Object.keys(object)) {
    const raw = parts.get(name);
    const json = raw ?? (toWireJson(object[name]) as string | undefined);
    // As JSON.stringify: a property whose value has no JSON form (undefined) is left out.
    if (json === undefined) continue;
    if (out.length > 1) out += ',';
    out += JSON.stringify(name) + ':' + json;
  }
  return out + '}';
}

/** The JSON text of an array of JSON texts. */
export function jsonArrayOf(texts: string[]): string {
  return '[' + texts.join(',') + ']';
}
