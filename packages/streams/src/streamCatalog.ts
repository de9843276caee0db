import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StreamInfo } from './streamTypes.js';

/** The streams this node knows (enabled ones and, for 24 h, disabled ones), persisted as streams.json. */
export class StreamCatalog {
  private readonly streams = new Map<string, StreamInfo>();

  constructor(private readonly file: string) {
    if (existsSync(file)) {
      for (const info of JSON.parse(readFileSync(file, 'utf8')) as StreamInfo[]) this.streams.set(info.streamArn, info);
    }
  }

  get(streamArn: string): StreamInfo | undefined {
    return this.streams.get(streamArn);
  }

  all(): StreamInfo[] {
    return [...this.streams.values()];
  }

  /** Streams of one table, oldest first. */
  ofTable(tenant: string, tableName: string): StreamInfo[] {
    return this.all().filter((info) => info.tenant === tenant && info.tableName === tableName);
  }

  put(info: StreamInfo): void {
    this.streams.set(info.streamArn, info);
    this.save();
  }

  remove(streamArn: string): void {
    if (this.streams.delete(streamArn)) this.save();
  }

  private save(): void {
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.all(), null, 1));
    renameSync(temporary, this.file);
  }
}
