/** Progress goes to stderr so stdout ends with exactly one JSON line. */
export function progress(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}
