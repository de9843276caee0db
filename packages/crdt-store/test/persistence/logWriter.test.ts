import { describe, expect, it } from '@jest/globals';
import type { LogFile } from '../../src/persistence/logFile.js';
import { LogWriter } from '../../src/persistence/logWriter.js';

/** A FileHandle stand-in that records what reached it, and when it was synced. */
class FakeFile {
  readonly events: string[] = [];
  failWrites = false;
  appendSync(frames: Uint8Array[]): void {
    if (this.failWrites) throw new Error('disk full');
    this.events.push(`write ${frames.map((frame) => Buffer.from(frame).toString()).join(',')}`);
  }
  async datasync(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 1));
    this.events.push('sync');
  }
  async close(): Promise<void> {
    this.events.push('close');
  }
  asHandle(): LogFile {
    return this;
  }
}

const frame = (text: string) => Buffer.from(text);

describe('LogWriter', () => {
  it("'batch' writes the appends of one window with one write and one sync, in order", async () => {
    const file = new FakeFile();
    const writer = new LogWriter(file.asHandle(), 'batch', 5);
    const acked: string[] = [];
    const appends = ['a', 'b', 'c'].map((text) => writer.append(frame(text)).then(() => acked.push(`${text} after ${file.events.join('|')}`)));
    await Promise.all(appends);
    expect(file.events).toEqual(['write a,b,c', 'sync']);
    expect(acked).toEqual(['a after write a,b,c|sync', 'b after write a,b,c|sync', 'c after write a,b,c|sync']);
  });

  it("'batch' with groupCommitMs 0: the appends of one turn share a batch; appends during its flush form the next", async () => {
    const file = new FakeFile();
    const writer = new LogWriter(file.asHandle(), 'batch', 0);
    const first = [writer.append(frame('a')), writer.append(frame('b'))];
    await new Promise((resolve) => setTimeout(resolve, 0)); // a,b's batch is now on its way to disk
    const later = [writer.append(frame('c')), writer.append(frame('d'))];
    await Promise.all(first);
    expect(file.events).toEqual(['write a,b', 'sync']);
    await Promise.all(later);
    expect(file.events).toEqual(['write a,b', 'sync', 'write c,d', 'sync']);
  });

  it("'always' syncs before acknowledging, and appends made during a flush go in the next one", async () => {
    const file = new FakeFile();
    const writer = new LogWriter(file.asHandle(), 'always', 1000);
    const first = writer.append(frame('a'));
    await new Promise((resolve) => setTimeout(resolve, 0)); // the flush of `a` is now in flight
    const second = writer.append(frame('b'));
    await first;
    expect(file.events).toEqual(['write a', 'sync']);
    await second;
    expect(file.events).toEqual(['write a', 'sync', 'write b', 'sync']);
  });

  it("'none' writes without syncing", async () => {
    const file = new FakeFile();
    const writer = new LogWriter(file.asHandle(), 'none', 1);
    await writer.append(frame('a'));
    expect(file.events).toEqual(['write a']);
  });

  it('rejects the failed batch and every later append', async () => {
    const file = new FakeFile();
    file.failWrites = true;
    const writer = new LogWriter(file.asHandle(), 'batch', 1);
    await expect(writer.append(frame('a'))).rejects.toThrow('disk full');
    file.failWrites = false;
    await expect(writer.append(frame('b'))).rejects.toThrow('disk full');
  });

  it('rotate: appends made before it completes stay in the old file, in order; later ones go to the new one', async () => {
    const oldFile = new FakeFile();
    const newFile = new FakeFile();
    const writer = new LogWriter(oldFile.asHandle(), 'batch', 5);
    const before = writer.append(frame('a'));
    const rotated = writer.rotate(newFile.asHandle());
    const during = writer.append(frame('b'));
    await rotated;
    const after = writer.append(frame('c'));
    await Promise.all([before, during, after]);
    expect(oldFile.events).toEqual(['write a,b', 'sync', 'close']);
    expect(newFile.events).toEqual(['write c', 'sync']);
  });
});
