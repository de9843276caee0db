import * as encoding from 'lib0/encoding';
import * as decoding from 'lib0/decoding';
import type { ReplicationRecord } from '../types.js';
import { MessageKind, PROTOCOL_VERSION, type Message } from './messages.js';
import { readEntries, readRecord, readVector, writeEntries, writeRecord, writeVector } from './recordCodec.js';

export class ProtocolError extends Error {
  override name = 'ProtocolError';
}

export function encodeMessage(message: Message): Uint8Array {
  const encoder = encoding.createEncoder();
  encoding.writeUint8(encoder, PROTOCOL_VERSION);
  encoding.writeUint8(encoder, message.kind);
  switch (message.kind) {
    case MessageKind.HELLO:
      encoding.writeVarString(encoder, message.networkId);
      encoding.writeVarString(encoder, message.from);
      encoding.writeVarString(encoder, message.to);
      encoding.writeVarUint8Array(encoder, message.nonce);
      break;
    case MessageKind.CHALLENGE:
      encoding.writeVarUint8Array(encoder, message.nonce);
      encoding.writeVarUint8Array(encoder, message.proof);
      break;
    case MessageKind.AUTH:
      encoding.writeVarUint8Array(encoder, message.proof);
      break;
    case MessageKind.WELCOME:
      break;
    case MessageKind.VECTOR:
      writeVector(encoder, message.vector);
      break;
    case MessageKind.RECORDS:
      encoding.writeVarUint(encoder, message.frameId);
      encoding.writeVarUint(encoder, message.records.length);
      for (const record of message.records) encoding.writeUint8Array(encoder, encodedRecord(record));
      break;
    case MessageKind.ACK:
      encoding.writeVarUint(encoder, message.frameId);
      writeVector(encoder, message.vector);
      break;
    case MessageKind.PING:
    case MessageKind.PONG:
      encoding.writeFloat64(encoder, message.sentAt);
      break;
    case MessageKind.STATE:
      encoding.writeVarUint(encoder, message.frameId);
      writeVector(encoder, message.vector);
      writeEntries(encoder, message.entries);
      break;
    default: {
      const unknown: never = message;
      throw new ProtocolError(`cannot encode message kind ${(unknown as Message).kind}`);
    }
  }
  return encoding.toUint8Array(encoder);
}

/**
 * Each peer's outbox sends the same coalesced record object (CoalesceCache), so it is encoded
 * once for all peers. Records are never mutated once built, and the map holds them weakly.
 */
const encodedRecords = new WeakMap<ReplicationRecord, Uint8Array>();

function encodedRecord(record: ReplicationRecord): Uint8Array {
  let bytes = encodedRecords.get(record);
  if (bytes === undefined) {
    const encoder = encoding.createEncoder();
    writeRecord(encoder, record);
    bytes = encoding.toUint8Array(encoder);
    encodedRecords.set(record, bytes);
  }
  return bytes;
}

export function decodeMessage(bytes: Uint8Array): Message {
  try {
    return decodeUnchecked(bytes);
  } catch (error) {
    if (error instanceof ProtocolError) throw error;
    throw new ProtocolError(`malformed frame: ${(error as Error).message}`);
  }
}

function decodeUnchecked(bytes: Uint8Array): Message {
  const decoder = decoding.createDecoder(bytes);
  const version = decoding.readUint8(decoder);
  if (version !== PROTOCOL_VERSION) throw new ProtocolError(`unsupported protocol version ${version}`);
  const kind = decoding.readUint8(decoder);
  let message: Message;
  switch (kind) {
    case MessageKind.HELLO:
      message = {
        kind,
        networkId: decoding.readVarString(decoder),
        from: decoding.readVarString(decoder),
        to: decoding.readVarString(decoder),
        nonce: decoding.readVarUint8Array(decoder),
      };
      break;
    case MessageKind.CHALLENGE:
      message = { kind, nonce: decoding.readVarUint8Array(decoder), proof: decoding.readVarUint8Array(decoder) };
      break;
    case MessageKind.AUTH:
      message = { kind, proof: decoding.readVarUint8Array(decoder) };
      break;
    case MessageKind.WELCOME:
      message = { kind };
      break;
    case MessageKind.VECTOR:
      message = { kind, vector: readVector(decoder) };
      break;
    case MessageKind.RECORDS: {
      const frameId = decoding.readVarUint(decoder);
      const count = decoding.readVarUint(decoder);
      const records = [];
      for (let i = 0; i < count; i++) records.push(readRecord(decoder));
      message = { kind, frameId, records };
      break;
    }
    case MessageKind.ACK:
      message = { kind, frameId: decoding.readVarUint(decoder), vector: readVector(decoder) };
      break;
    case MessageKind.PING:
    case MessageKind.PONG:
      message = { kind, sentAt: decoding.readFloat64(decoder) };
      break;
    case MessageKind.STATE:
      message = { kind, frameId: decoding.readVarUint(decoder), vector: readVector(decoder), entries: readEntries(decoder) };
      break;
    default:
      throw new ProtocolError(`unknown message kind ${kind}`);
  }
  if (decoding.hasContent(decoder)) throw new ProtocolError(`trailing bytes after message kind ${kind}`);
  return message;
}
