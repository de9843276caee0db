/**
 * Keys of the item's one top-level Y.Map. Every stored fact is one key whose only writer is
 * the replica named in it, so Y.Map's own "higher clientID wins" rule never decides anything:
 * conflicts are resolved explicitly when the item is materialized (see registers.ts).
 *
 * Grammar (segments escaped, so any attribute name round-trips; generations are [0-9a-z.]+):
 *   node       = seg | container CHILD seg            (a path: an attribute or a map key)
 *   container  = node '#' generation                  (one incarnation of a map/set/list/counter)
 *   register   = node REGISTER writer                 (what the node holds, per writer)
 *   member tag = container MEMBER writer MEMBER member  (set member, raw text after the tag)
 *   existence  = EXISTS writer                        (the item exists)
 * A list's elements live in a top-level Y.Array named by its container.
 */
export const MEMBER = '\u0001';
export const CHILD = '\u0003';
export const EXISTS = '\u0004';
export const REGISTER = '\u0005';
const GENERATION = '#';

/** The root container: top-level attributes are its children. */
export const ROOT = '';

// '%' is the escape character itself; '#' starts a generation; control characters are separators.
const NEEDS_ESCAPE = /[%#\u0000-\u001f]/g;
const ESCAPED = /%([0-9a-f]{2})/g;

export function escapeSegment(name: string): string {
  return name.replace(NEEDS_ESCAPE, (c) => '%' + c.charCodeAt(0).toString(16).padStart(2, '0'));
}

export function unescapeSegment(text: string): string {
  return text.indexOf('%') < 0 ? text : text.replace(ESCAPED, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

export function childNodeKey(container: string, name: string): string {
  return container === ROOT ? escapeSegment(name) : container + CHILD + escapeSegment(name);
}

export function containerKey(node: string, generation: string): string {
  return node + GENERATION + generation;
}

export function registerKey(node: string, writer: string): string {
  return node + REGISTER + writer;
}

export function memberTagKey(container: string, writer: string, member: string): string {
  return container + MEMBER + writer + MEMBER + member;
}

export function existenceKey(writer: string): string {
  return EXISTS + writer;
}

/** The prefix shared by every key and list of a node's subtree (all its generations). */
export function subtreePrefix(node: string): string {
  return node + GENERATION;
}

/** Writers are named by their Yjs clientID in base 36 (short: it is part of many keys). */
export function writerName(clientId: number): string {
  return clientId.toString(36);
}

export type ParsedKey =
  | { kind: 'register'; node: string; container: string; name: string; writer: string; root: string }
  | { kind: 'member'; container: string; writer: string; member: string; root: string }
  | { kind: 'existence'; writer: string };

/** Parses a key left to right in one pass; undefined for a key this format never writes. */
export function parseKey(key: string): ParsedKey | undefined {
  if (key.startsWith(EXISTS)) return { kind: 'existence', writer: key.slice(1) };
  let segmentStart = 0;
  let root: string | undefined;
  for (;;) {
    // An escaped segment contains neither '#' nor a control character, so the first one ends it.
    let i = segmentStart;
    while (i < key.length) {
      const code = key.charCodeAt(i);
      if (code === 0x23 /* # */ || code < 0x20) break;
      i++;
    }
    if (root === undefined) root = key.slice(0, i);
    if (i >= key.length) return undefined;
    if (key[i] === REGISTER) {
      return {
        kind: 'register',
        node: key.slice(0, i),
        container: segmentStart === 0 ? ROOT : key.slice(0, segmentStart - 1),
        name: unescapeSegment(key.slice(segmentStart, i)),
        writer: key.slice(i + 1),
        root,
      };
    }
    if (key[i] !== GENERATION) return undefined;
    let j = i + 1;
    while (j < key.length && key.charCodeAt(j) >= 0x20) j++;
    if (j >= key.length) return undefined;
    const container = key.slice(0, j);
    const separator = key[j];
    if (separator === CHILD) {
      segmentStart = j + 1;
      continue;
    }
    if (separator === MEMBER) {
      const end = key.indexOf(MEMBER, j + 1);
      if (end < 0) return undefined;
      return { kind: 'member', container, writer: key.slice(j + 1, end), member: key.slice(end + 1), root };
    }
    return undefined;
  }
}
