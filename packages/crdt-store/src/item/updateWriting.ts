import * as encoding from 'lib0/encoding';
import { ITEM_MAP } from './itemDocument.js';

/** Yjs Item info byte: ContentAny's content ref. */
export const CONTENT_ANY = 8;
/** Yjs Item info bits: an origin (left ID) follows; the item has a parentSub (a map key). */
export const HAS_ORIGIN = 0x80;
export const HAS_PARENT_SUB = 0x20;

/**
 * lib0's `writeVarString` (varuint byte length, UTF-8 bytes), with ASCII written directly: lib0
 * runs `TextEncoder.encodeInto` for every string, and an item's update is dozens of short
 * strings (keys, type tags, register fields).
 */
export function writeString(encoder: encoding.Encoder, text: string): void {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) >= 0x80) {
      encoding.writeVarString(encoder, text);
      return;
    }
  }
  encoding.writeVarUint(encoder, text.length);
  for (let i = 0; i < text.length; i++) encoding.write(encoder, text.charCodeAt(i));
}

/** lib0's `writeAny` (same type tags and layout), with strings, also object keys, through `writeString`. */
export function writeAny(encoder: encoding.Encoder, data: unknown): void {
  if (typeof data === 'string') {
    encoding.write(encoder, 119);
    writeString(encoder, data);
  } else if (typeof data === 'object' && data !== null && !(data instanceof Uint8Array)) {
    if (Array.isArray(data)) {
      encoding.write(encoder, 117);
      encoding.writeVarUint(encoder, data.length);
      for (const element of data) writeAny(encoder, element);
    } else {
      encoding.write(encoder, 118);
      const keys = Object.keys(data);
      encoding.writeVarUint(encoder, keys.length);
      for (const key of keys) {
        writeString(encoder, key);
        writeAny(encoder, (data as Record<string, unknown>)[key]);
      }
    }
  } else {
    encoding.writeAny(encoder, data as encoding.AnyEncodable);
  }
}

/**
 * Item.write for an entry of the item's map with no left origin (its key's first item): info,
 * parent (the root type, by name), parentSub (the key), then one ContentAny value.
 */
export function writeItemMapEntry(encoder: encoding.Encoder, key: string, value: unknown): void {
  encoding.writeUint8(encoder, CONTENT_ANY | HAS_PARENT_SUB);
  encoding.writeVarUint(encoder, 1);
  writeString(encoder, ITEM_MAP);
  writeString(encoder, key);
  encoding.writeVarUint(encoder, 1);
  writeAny(encoder, value);
}
