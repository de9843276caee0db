/**
 * An INI file edited line by line, so everything not touched (comments, blank lines, other
 * profiles, their order and spacing) is written back byte for byte. The AWS shared config file
 * nests sub-properties under a key with indented lines (`dynamodb =` / `  endpoint_url = ...`),
 * which general INI libraries flatten or drop; here an indented line belongs to the key above it.
 */
export class IniDocument {
  private lines: string[];
  private readonly trailingNewline: boolean;

  constructor(text: string) {
    this.trailingNewline = text === '' || text.endsWith('\n');
    this.lines = text === '' ? [] : text.replace(/\r?\n$/, '').split(/\r?\n/);
  }

  toString(): string {
    return this.lines.join('\n') + (this.trailingNewline && this.lines.length ? '\n' : '');
  }

  private static sectionName(line: string): string | undefined {
    const match = /^\s*\[\s*([^\]]+?)\s*\]\s*(?:[#;].*)?$/.exec(line);
    return match ? match[1]!.replace(/\s+/g, ' ') : undefined;
  }

  /** [header index, end index exclusive) of a section, or undefined. */
  private range(section: string): [number, number] | undefined {
    const start = this.lines.findIndex((line) => IniDocument.sectionName(line) === section);
    if (start < 0) return undefined;
    let end = start + 1;
    while (end < this.lines.length && IniDocument.sectionName(this.lines[end]!) === undefined) end++;
    return [start, end];
  }

  hasSection(section: string): boolean {
    return this.range(section) !== undefined;
  }

  /** [key line, end of its indented sub-lines) inside a section. */
  private keyRange(section: string, key: string): [number, number] | undefined {
    const range = this.range(section);
    if (!range) return undefined;
    for (let i = range[0] + 1; i < range[1]; i++) {
      const match = /^([^\s#;=][^=]*?)\s*=/.exec(this.lines[i]!);
      if (!match || match[1] !== key) continue;
      let end = i + 1;
      while (end < range[1] && /^\s+\S/.test(this.lines[end]!) && !/^\s*[#;]/.test(this.lines[end]!)) end++;
      return [i, end];
    }
    return undefined;
  }

  get(section: string, key: string): string | undefined {
    const range = this.keyRange(section, key);
    if (!range) return undefined;
    return this.lines[range[0]]!.slice(this.lines[range[0]]!.indexOf('=') + 1).trim();
  }

  /** The sub-property of a nested key (`dynamodb` / `endpoint_url`). */
  getNested(section: string, key: string, subKey: string): string | undefined {
    const range = this.keyRange(section, key);
    if (!range) return undefined;
    for (let i = range[0] + 1; i < range[1]; i++) {
      const match = /^\s+([^=\s]+)\s*=\s*(.*?)\s*$/.exec(this.lines[i]!);
      if (match?.[1] === subKey) return match[2];
    }
    return undefined;
  }

  private ensureSection(section: string): [number, number] {
    const existing = this.range(section);
    if (existing) return existing;
    if (this.lines.length && this.lines[this.lines.length - 1]!.trim() !== '') this.lines.push('');
    this.lines.push(`[${section}]`);
    return [this.lines.length - 1, this.lines.length];
  }

  /** Where new keys go: after the section's last non-blank line. */
  private insertionPoint(range: [number, number]): number {
    let at = range[1];
    while (at > range[0] + 1 && this.lines[at - 1]!.trim() === '') at--;
    return at;
  }

  private replaceKey(section: string, key: string, newLines: string[]): void {
    const existing = this.keyRange(section, key);
    if (existing) {
      this.lines.splice(existing[0], existing[1] - existing[0], ...newLines);
      return;
    }
    this.lines.splice(this.insertionPoint(this.ensureSection(section)), 0, ...newLines);
  }

  set(section: string, key: string, value: string): void {
    this.replaceKey(section, key, [`${key} = ${value}`]);
  }

  setNested(section: string, key: string, values: Record<string, string>): void {
    this.replaceKey(section, key, [`${key} =`, ...Object.entries(values).map(([k, v]) => `  ${k} = ${v}`)]);
  }

  remove(section: string, key: string): boolean {
    const existing = this.keyRange(section, key);
    if (!existing) return false;
    this.lines.splice(existing[0], existing[1] - existing[0]);
    return true;
  }

  /** Removes a section with its keys (and one blank line before it, which separated it). */
  removeSection(section: string): boolean {
    const range = this.range(section);
    if (!range) return false;
    let [start, end] = range;
    while (end > start + 1 && this.lines[end - 1]!.trim() === '') end--;
    if (start > 0 && this.lines[start - 1]!.trim() === '') start--;
    this.lines.splice(start, end - start);
    return true;
  }
}
