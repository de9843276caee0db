import type { InitMessage, ParentMessage } from './protocol.js';

/** Set in a spare's environment: the process waits for an `init` message before loading any handler. */
export const AWAIT_INIT_VARIABLE = 'KUHIRO_AWAIT_INIT';

/**
 * In a spare environment, resolves once the node has sent the function's environment variables
 * (its code is in place by then) and they have replaced the spare's own; at once otherwise.
 * The listener is installed synchronously, so no message can arrive before it.
 */
export function awaitInit(): Promise<void> {
  if (process.env[AWAIT_INIT_VARIABLE] !== '1') return Promise.resolve();
  // In `ps`, an unclaimed spare is no function's environment (its arguments name only its empty slot).
  process.title = 'kuhiro spare environment (unclaimed)';
  return new Promise((resolve) => {
    const onMessage = (message: ParentMessage): void => {
      if (message.type !== 'init') return;
      process.off('message', onMessage);
      process.title = message.title;
      replaceEnvironment(message);
      resolve();
    };
    process.on('message', onMessage);
  });
}

function replaceEnvironment(message: InitMessage): void {
  for (const name of Object.keys(process.env)) delete process.env[name];
  Object.assign(process.env, message.env);
}
