/** Copies the named optional members that are present from the wire input to a typed input. */
export function copyOptions<T extends object>(from: Record<string, unknown>, to: T, names: string[]): void {
  for (const name of names) if (from[name] !== undefined) (to as Record<string, unknown>)[name] = from[name];
}
