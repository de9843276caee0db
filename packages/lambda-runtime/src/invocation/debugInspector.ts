/** Which functions' workers run under the Node inspector (`kuhiro dev --inspect`). */
export interface InspectorSettings {
  /** Function names; the i-th one listens on `port + i`. */
  functionNames: string[];
  port: number;
  /** Default 127.0.0.1: an inspector runs any code its client sends, so it stays on loopback unless asked. */
  host?: string;
}

export interface InspectorEndpoint {
  host: string;
  port: number;
}

/**
 * While a function is debugged its timeout is lifted, as SAM local does: a breakpoint must not
 * turn into Sandbox.Timedout. Ten hours (SAM's debug limit); the deadline keeps a finite value so
 * `context.getRemainingTimeInMillis()` stays a number.
 */
export const DEBUG_TIMEOUT_SECONDS = 36_000;

/**
 * The debugged functions and their inspector ports. One port serves one process, so a debugged
 * function runs one invocation at a time (later ones wait their turn, they are not throttled) and
 * one environment at a time (see debugPortGate.ts).
 */
export class FunctionInspectors {
  private readonly ports = new Map<string, number>();
  private readonly host: string;
  private readonly tails = new Map<string, Promise<unknown>>();

  constructor(settings: InspectorSettings | undefined) {
    this.host = settings?.host ?? '127.0.0.1';
    settings?.functionNames.forEach((name, index) => this.ports.set(name, settings.port + index));
  }

  endpointFor(functionName: string): InspectorEndpoint | undefined {
    const port = this.ports.get(functionName);
    return port === undefined ? undefined : { host: this.host, port };
  }

  /** Runs `run` after every earlier invocation of the same debugged function has finished. */
  serialize<T>(functionName: string, run: () => Promise<T>): Promise<T> {
    if (!this.ports.has(functionName)) return run();
    const previous = this.tails.get(functionName) ?? Promise.resolve();
    const result = previous.then(run, run);
    const tail = result.then(() => undefined, () => undefined);
    this.tails.set(functionName, tail);
    // The chain is dropped once idle, so it does not grow with every invocation.
    void tail.then(() => {
      if (this.tails.get(functionName) === tail) this.tails.delete(functionName);
    });
    return result;
  }
}
