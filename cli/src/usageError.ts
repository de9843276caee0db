/** A mistake in how the CLI was called: printed as one line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Exit codes: 1 for a failure while running, 2 for bad usage (as most Unix tools). */
export const EXIT_CODES = { failure: 1, usage: 2 } as const;
