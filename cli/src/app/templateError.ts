import { UsageError } from '../usageError.js';

/** A template the CLI cannot deploy: the user must fix the file, so it exits 2 like bad usage. */
export class TemplateError extends UsageError {
  constructor(message: string) {
    super(message);
    this.name = 'TemplateError';
  }
}
