import { describe, expect, it } from '@jest/globals';
import { checkFileHeader, FILE_HEADER_BYTES, fileHeader, frameRecord, readFrames } from '../../src/persistence/recordFraming.js';

const MAGIC = 'TESTMAG\u0000';

function fileOf(...payloads: string[]): Buffer {
  return Buffer.concat([fileHeader(MAGIC), ...payloads.map((p) => frameRecord(Buffer.from(p)))]);
}

describe('record framing', () => {
  it('reads back every record written', () => {
    const scan = readFrames(fileOf('one', '', 'three'), FILE_HEADER_BYTES);
    expect(scan.problem).toBeUndefined();
    expect(scan.payloads.map((p) => p.toString())).toEqual(['one', '', 'three']);
  });

  it('stops before a torn last record and says where the good data ends', () => {
    const whole = fileOf('one', 'two');
    const good = fileOf('one').length;
    for (let cut = good + 1; cut < whole.length; cut++) {
      const scan = readFrames(whole.subarray(0, cut), FILE_HEADER_BYTES);
      expect(scan.payloads.map((p) => p.toString())).toEqual(['one']);
      expect(scan.goodEnd).toBe(good);
      expect(scan.problem).toBeDefined();
    }
  });

  it('detects a flipped bit by its checksum', () => {
    const data = fileOf('one', 'two');
    data[data.length - 1] ^= 0x01;
    const scan = readFrames(data, FILE_HEADER_BYTES);
    expect(scan.payloads).toHaveLength(1);
    expect(scan.problem).toBe('record checksum mismatch');
  });

  it('checks magic and format version', () => {
    expect(checkFileHeader(fileHeader(MAGIC), MAGIC)).toBeUndefined();
    expect(checkFileHeader(fileHeader(MAGIC), 'OTHERMAG')).toMatch(/magic/);
    const future = fileHeader(MAGIC);
    future[8] = 99;
    expect(checkFileHeader(future, MAGIC)).toMatch(/version 99/);
  });
});
