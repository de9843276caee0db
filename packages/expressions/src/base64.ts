/**
 * Strict base64 (RFC 4648, padded) without Node's Buffer, so the package stays pure.
 * DynamoDB carries B/BS values as base64 on the JSON wire.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const LOOKUP: Int16Array = (() => {
  const table = new Int16Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

/** Why a string is not canonical padded base64, or undefined when it is. */
export function base64Problem(text: string): string | undefined {
  if (text.length % 4 !== 0) {
    return `Base64 encoded length is expected a multiple of 4 bytes but found: ${text.length}`;
  }
  const invalid = /[^A-Za-z0-9+/=]|=[^=]/.exec(text);
  if (invalid) return `Invalid Base64 character: '${invalid[0][0]}'`;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (text.length > 0 && padding > 0) {
    // The bits below the last non-pad character must be zero, or decoding would drop them.
    const last = LOOKUP[text.charCodeAt(text.length - padding - 1)]!;
    const unusedBits = padding === 2 ? 0b1111 : 0b11;
    if ((last & unusedBits) !== 0) return 'Invalid last non-pad Base64 character dectected';
  }
  return undefined;
}

/** Decodes base64 to bytes; callers validate first (see base64Problem). */
export function decodeBase64(text: string): Uint8Array {
  const clean = text.replace(/=+$/, '');
  const bytes = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let bitCount = 0;
  let out = 0;
  for (let i = 0; i < clean.length; i++) {
    const v = LOOKUP[clean.charCodeAt(i)] ?? -1;
    if (v < 0) throw new Error(`invalid base64 character at ${i}`);
    bits = (bits << 6) | v;
    bitCount += 6;
    if (bitCount >= 8) {
      bitCount -= 8;
      bytes[out++] = (bits >> bitCount) & 0xff;
    }
  }
  return bytes.subarray(0, out);
}

/** Encodes bytes as padded base64. */
export function encodeBase64(bytes: Uint8Array): string {
  let result = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i]!;
    const b = i + 1 < bytes.length ? bytes[i + 1]! : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2]! : 0;
    const triple = (a << 16) | (b << 8) | c;
    result += ALPHABET[(triple >> 18) & 63]! + ALPHABET[(triple >> 12) & 63]!;
    result += i + 1 < bytes.length ? ALPHABET[(triple >> 6) & 63]! : '=';
    result += i + 2 < bytes.length ? ALPHABET[triple & 63]! : '=';
  }
  return result;
}

/** Number of bytes a (valid) base64 string decodes to, without decoding it. */
export function base64ByteLength(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return (text.length / 4) * 3 - padding;
}
