/** `KEY=VALUE` lines of an app's `.env`, edited in place: other lines and comments are kept. */
export class DotEnvFile {
  private lines: string[];

  constructor(text: string) {
    this.lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  }

  toString(): string {
    return this.lines.length ? this.lines.join('\n') + '\n' : '';
  }

  private index(key: string): number {
    return this.lines.findIndex((line) => new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=`).test(line));
  }

  get(key: string): string | undefined {
    const i = this.index(key);
    if (i < 0) return undefined;
    return this.lines[i]!.slice(this.lines[i]!.indexOf('=') + 1).trim().replace(/^(['"])(.*)\1$/, '$2');
  }

  set(key: string, value: string): void {
    const i = this.index(key);
    if (i >= 0) this.lines[i] = `${key}=${value}`;
    else this.lines.push(`${key}=${value}`);
  }

  remove(key: string): boolean {
    const i = this.index(key);
    if (i < 0) return false;
    this.lines.splice(i, 1);
    return true;
  }
}
