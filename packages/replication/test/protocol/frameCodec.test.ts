import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { decodeMessage, encodeMessage, MessageKind, ProtocolError, type Message } from '../../src/index.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Uint8Array => new Uint8Array(Buffer.from(text, 'hex'));

// Golden vectors pin the wire format: a change here breaks mixed-version networks,
// so it must come with a PROTOCOL_VERSION bump.
const GOLDEN: Array<[string, Message, string]> = [
  ['HELLO', { kind: MessageKind.HELLO, networkId: 'net', from: 'a', to: 'b', nonce: new Uint8Array([1, 2, 3]) }, '0101036e65740161016203010203'],
  [
    'RECORDS',
    { kind: MessageKind.RECORDS, frameId: 7, records: [{ origin: 'a', fromSeq: 1, toSeq: 300, entries: [{ tenant: 't', table: 'x', key: 'k', scope: 'group:eu', update: new Uint8Array([9, 8]) }] }] },
    '01060701016101ac020101740178016b0867726f75703a6575020908',
  ],
  ['ACK', { kind: MessageKind.ACK, frameId: 2, vector: new Map([['a', 5], ['b', 128]]) }, '0107020201610501628001'],
  ['PING', { kind: MessageKind.PING, sentAt: 1.5 }, '01083ff8000000000000'],
];

describe('frame codec', () => {
  for (const [name, message, golden] of GOLDEN) {
    it(`${name} encodes to its golden bytes and decodes back`, () => {
      expect(hex(encodeMessage(message))).toBe(golden);
      expect(decodeMessage(bytes(golden))).toEqual(message);
    });
  }

  it('refuses another protocol version, an unknown kind, trailing bytes, a truncated frame, a bad scope', () => {
    expect(() => decodeMessage(bytes('0201036e65740161016203010203'))).toThrow(/unsupported protocol version 2/);
    expect(() => decodeMessage(bytes('01ee'))).toThrow(/unknown message kind 238/);
    expect(() => decodeMessage(bytes('01083ff800000000000000'))).toThrow(/trailing bytes/);
    expect(() => decodeMessage(bytes('0101036e6574'))).toThrow(ProtocolError);
    expect(() => decodeMessage(bytes('01060701016101ac020101740178016b03626164020908'))).toThrow(/invalid replication scope "bad"/);
    expect(() => decodeMessage(bytes('010607010161050201'))).toThrow(/invalid record range 5..2/);
  });

  it('round-trips arbitrary RECORDS, STATE and VECTOR frames', () => {
    const entry = fc.record({
      tenant: fc.string(), table: fc.string(), key: fc.string(),
      scope: fc.constantFrom('all' as const, 'local' as const, 'group:eu' as const),
      update: fc.uint8Array({ maxLength: 40 }),
    });
    const vector = fc.array(fc.tuple(fc.string({ minLength: 1 }), fc.nat()), { maxLength: 5 }).map((pairs) => new Map(pairs));
    const record = fc.tuple(fc.string(), fc.integer({ min: 1, max: 1e9 }), fc.nat(1000), fc.array(entry, { maxLength: 4 }))
      .map(([origin, fromSeq, extra, entries]) => ({ origin, fromSeq, toSeq: fromSeq + extra, entries }));
    const message: fc.Arbitrary<Message> = fc.oneof(
      fc.record({ kind: fc.constant(MessageKind.RECORDS), frameId: fc.nat(), records: fc.array(record, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant(MessageKind.STATE), frameId: fc.nat(), vector, entries: fc.array(entry, { maxLength: 4 }) }),
      fc.record({ kind: fc.constant(MessageKind.VECTOR), vector }),
    );
    fc.assert(fc.property(message, (m) => {
      expect(decodeMessage(encodeMessage(m))).toEqual(m);
    }), { numRuns: 200 });
  });

  it('encodes a record shared by several frames (one per peer) the same in each, and each record as itself', () => {
    const entry = (key: string, byte: number) => ({ tenant: 't', table: 'x', key, scope: 'all' as const, update: new Uint8Array([byte]) });
    const shared = { origin: 'a', fromSeq: 1, toSeq: 3, entries: [entry('k1', 1)] };
    const other = { origin: 'b', fromSeq: 4, toSeq: 4, entries: [entry('k2', 2)] };
    const first = encodeMessage({ kind: MessageKind.RECORDS, frameId: 1, records: [shared] });
    const second = encodeMessage({ kind: MessageKind.RECORDS, frameId: 2, records: [other, shared] });
    const copy = encodeMessage({ kind: MessageKind.RECORDS, frameId: 1, records: [{ ...shared, entries: [entry('k1', 1)] }] });
    expect(hex(first)).toBe(hex(copy));
    expect(decodeMessage(second)).toEqual({ kind: MessageKind.RECORDS, frameId: 2, records: [other, shared] });
  });
});
