import type { FunctionErrorShape } from './protocol.js';

/** Serializes a thrown value as Lambda's Node.js runtime does: the error's class name, message and stack lines. */
export function toErrorShape(thrown: unknown): FunctionErrorShape {
  // As the runtime interface client does: `error.name` (so `class MyError extends Error {}` without
  // a name reports "Error", a TypeError "TypeError"), and for thrown non-errors `typeof` + toString().
  if (thrown instanceof Error || (typeof thrown === 'object' && thrown !== null && 'message' in thrown && 'name' in thrown)) {
    const error = thrown as Error;
    return { errorType: String(error.name), errorMessage: String(error.message), trace: String(error.stack ?? '').split('\n') };
  }
  return { errorType: typeof thrown, errorMessage: String(thrown), trace: [] };
}

/** Errors the runtime itself raises (bad handler, missing module), with Lambda's `Runtime.` type names. */
export class RuntimeError extends Error {
  constructor(readonly runtimeType: string, message: string) {
    super(message);
    this.name = `Runtime.${runtimeType}`;
  }
}

export function runtimeErrorShape(error: RuntimeError): FunctionErrorShape {
  return { errorType: error.name, errorMessage: error.message, trace: (error.stack ?? '').split('\n') };
}
