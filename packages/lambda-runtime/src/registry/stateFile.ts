import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * One JSON file written atomically (temp file + rename), writes serialized so a slow write
 * never lands after a newer one.
 */
export class StateFile<T> {
  private pending: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  async load(): Promise<T | undefined> {
    try {
      return JSON.parse(await readFile(this.file, 'utf8')) as T;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  save(value: T): Promise<void> {
    const text = JSON.stringify(value);
    this.pending = this.pending.then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temp = `${this.file}.tmp`;
      await writeFile(temp, text);
      await rename(temp, this.file);
    });
    return this.pending;
  }
}
