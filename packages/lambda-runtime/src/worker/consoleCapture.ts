import { format } from 'node:util';

type Level = 'INFO' | 'WARN' | 'ERROR' | 'DEBUG' | 'TRACE';

/**
 * Replaces console.* with Lambda's Node.js text log format,
 * `2024-01-31T12:34:56.789Z\t<request id>\tINFO\tmessage`, and hands each line to `emit`
 * (the IPC channel), so log lines stay ordered with the invocation's result.
 */
export function captureConsole(currentRequestId: () => string | undefined, emit: (line: string) => void): void {
  const write = (level: Level) => (...args: unknown[]) => {
    emit(`${new Date().toISOString()}\t${currentRequestId() ?? 'undefined'}\t${level}\t${format(...args)}`);
  };
  console.log = write('INFO');
  console.info = write('INFO');
  console.warn = write('WARN');
  console.error = write('ERROR');
  console.debug = write('DEBUG');
  console.trace = (...args: unknown[]) => write('TRACE')(format(...args), '\n' + (new Error().stack ?? '').split('\n').slice(2).join('\n'));
}
