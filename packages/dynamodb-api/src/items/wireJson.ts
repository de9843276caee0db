/**
 * Response bodies whose item parts are already JSON text. The store keeps each item as its
 * DynamoDB JSON text (crdt-store `StoredItem`), so a read that returns items unchanged puts
 * those texts into the response as they are instead of parsing them into objects and
 * serializing them again. The body stays an ordinary object to every other reader: a raw part
 * is an enumerable getter that parses its text on first access (and becomes a plain property),
 * so `JSON.stringify(body)`, tests and forwarding code see the same values as before.
 * `toWireJson(body)` gives the exact text `JSON.stringify(body)` would, without the parsing.
 */

/**
 * Where an object keeps its raw parts (property name -> JSON text, while still raw): a
 * non-enumerable symbol property, invisible to JSON.stringify, Object.keys, spread and jest's
 * equality. A WeakMap did the same at ~2 µs per body (a Query answer's largest single cost in
 * the profile); an own property costs a few ns.
 */
const RAW_PARTS = Symbol('kuhiro.rawJsonParts');
type RawParts = Record<string, string>;
type WithRawParts = { [RAW_PARTS]?: RawParts };

function rawPartsOf(target: object): RawParts | undefined {
  return Object.prototype.hasOwnProperty.call(target, RAW_PARTS) ? (target as WithRawParts)[RAW_PARTS] : undefined;
}

function ensureRawParts(target: object): RawParts {
  let parts = rawPartsOf(target);
  if (parts === undefined) {
    parts = Object.create(null) as RawParts;
    Object.defineProperty(target, RAW_PARTS, { value: parts, enumerable: false, writable: false, configurable: true });
  }
  return parts;
}

/**
 * The accessor pair of a raw property, one per property name and shared by every object: fresh
 * getter closures per object gave every body its own hidden class (~3 µs each).
 */
const accessorsByName = new Map<string, PropertyDescriptor>();
const MAX_SHARED_ACCESSORS = 1000;

function accessorsOf(name: string): PropertyDescriptor {
  let accessors = accessorsByName.get(name);
  if (accessors === undefined) {
    accessors = {
      enumerable: true,
      configurable: true,
      get(this: Record<string, unknown>) {
        const value: unknown = JSON.parse(rawPartsOf(this)![name]!);
        settle(this, name, value);
        return value;
      },
      set(this: Record<string, unknown>, value: unknown) {
        settle(this, name, value);
      },
    };
    // Names are Items, Item, Responses' table names: few. Past the bound, unshared (still correct).
    if (accessorsByName.size < MAX_SHARED_ACCESSORS) accessorsByName.set(name, accessors);
  }
  return accessors;
}

/** Adds an enumerable property to `target` whose value is the JSON text `json`, parsed only if read. */
export function defineRawJson(target: Record<string, unknown>, name: string, json: string): void {
  ensureRawParts(target)[name] = json;
  Object.defineProperty(target, name, accessorsOf(name));
}

/**
 * Marks a plain object or array that holds raw parts deeper down (`defineRawJson` on one of its
 * members), so `toWireJson` walks into it instead of handing it to JSON.stringify.
 */
export function holdsRawJson<T extends object>(container: T): T {
  ensureRawParts(container);
  return container;
}

/** The raw property becomes a plain data property holding `value`. */
function settle(target: Record<string, unknown>, name: string, value: unknown): void {
  const parts = rawPartsOf(target);
  if (parts !== undefined) delete parts[name];
  Object.defineProperty(target, name, { value, writable: true, enumerable: true, configurable: true });
}

/** `JSON.stringify(value)`, with raw parts (at any depth of plain objects) copied as they are. */
export function toWireJson(value: unknown): string {
  const parts = typeof value === 'object' && value !== null ? rawPartsOf(value) : undefined;
  if (parts === undefined) return JSON.stringify(value);
  if (Array.isArray(value)) return '[' + value.map((element) => (toWireJson(element) as string | undefined) ?? 'null').join(',') + ']';
  const object = value as Record<string, unknown>;
  let out = '{';
  for (const name of Object.keys(object)) {
    const raw = parts[name];
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
