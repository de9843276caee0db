import { ExpressionValidationError } from '../errors.js';

/**
 * Collects the first semantic problem of each category while a tree is checked, then
 * reports the one AWS reports: categories have a fixed priority that is not source order
 * (e.g. an unknown function beats an undefined #name that appears earlier).
 */
export class Problems<Category extends string> {
  private readonly found = new Map<Category, string>();

  constructor(private readonly priority: readonly Category[]) {}

  add(category: Category, message: string): void {
    if (!this.found.has(category)) this.found.set(category, message);
  }

  has(category: Category): boolean {
    return this.found.has(category);
  }

  /** The highest-priority problem found, if any. */
  first(): string | undefined {
    for (const category of this.priority) {
      const message = this.found.get(category);
      if (message !== undefined) return message;
    }
    return undefined;
  }

  clear(): void {
    this.found.clear();
  }

  throwFirst(label: string): void {
    const message = this.first();
    if (message !== undefined) throw new ExpressionValidationError(`Invalid ${label}: ${message}`);
  }
}
