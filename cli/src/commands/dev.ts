import { Command, InvalidArgumentError } from 'commander';
import { appDirFrom, collectParameter, stderrLine, stdoutLine } from '../app/commandOptions.js';
import { UsageError } from '../usageError.js';
import type { DevSession } from '../dev/devSession.js';

interface DevFlags {
  dir: string;
  single?: boolean;
  port: number;
  edges: number;
  envFile?: string;
  inspect?: string | true;
  inspectPort: number;
  stack?: string;
  parameter?: Record<string, string>;
}

function wholeNumber(min: number, max: number) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}.`);
    return Number(value);
  };
}

/** `kuhiro dev`: a network (or one node) with the app deployed, redeploying what changes as files are saved. */
export function devCommand(): Command {
  return new Command('dev')
    .description('Develop an app: start nodes, deploy it, and redeploy each change as you save (functions in place, template changes re-planned).')
    .option('--dir <dir>', 'the app directory holding template.yaml', '.')
    .option('--single', 'one node instead of an edge network (central + edges)')
    .option('--port <port>', 'the node\'s port (--single; 0 picks a free one) or central\'s (edges take the next ones)', wholeNumber(0, 65535), 4566)
    .option('--edges <n>', 'edge PoPs of the network', wholeNumber(1, 16), 2)
    .option('--env-file <file>', 'dotenv file whose variables are added to every function\'s Environment (watched too)')
    .option('--inspect [function]', 'debug a function (logical ID or name; all functions without one) with the Node inspector')
    .option('--inspect-port <port>', 'inspector port (the next ones for further functions)', wholeNumber(1, 65535), 9229)
    .option('--stack <name>', "stack name (default: the app directory's name)")
    .option('--parameter <Name=Value>', 'a template parameter value (repeatable)', collectParameter)
    .addHelpText(
      'after',
      `
Examples:
  $ kuhiro dev --dir examples/hello-app --single
  $ kuhiro dev --env-file .env.local --inspect HelloFunction

Data lives in <app>/.kuhiro/dev and survives restarts. A saved change to a function's files
updates that function's code on every node (one line per reload, with its duration); a
TypeScript handler (Handler app.handler with app.ts) is bundled with esbuild, source maps on.
With --inspect, attach a debugger to the printed port (see the CLI README for VS Code).`,
    )
    .action(async (flags: DevFlags) => {
      // Loaded when the command runs: every `kuhiro` start would pay for it otherwise.
      const { startDevSession } = await import('../dev/devSession.js');
      if (flags.port === 0 && !flags.single) throw new UsageError('--port 0 works with --single only (a network needs known ports)');
      // Signal handlers first: whoever reads the ready lines may signal at once, and Ctrl-C
      // during startup must stop the nodes started so far.
      let stopNodes: (() => Promise<void>) | undefined;
      let session: DevSession | undefined;
      let stopping = false;
      const onSignal = (): void => {
        if (stopping) return;
        stopping = true;
        const stop = session ? session.stop() : (stopNodes?.() ?? Promise.resolve());
        stop.then(() => process.exit(0), () => process.exit(1));
      };
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      session = await startDevSession(
        {
          appDir: appDirFrom(flags.dir),
          single: flags.single === true,
          port: flags.port,
          edges: flags.edges,
          ...(flags.envFile ? { envFile: flags.envFile } : {}),
          ...(flags.inspect !== undefined ? { inspect: flags.inspect } : {}),
          inspectPort: flags.inspectPort,
          ...(flags.stack ? { stackName: flags.stack } : {}),
          ...(flags.parameter ? { parameterOverrides: flags.parameter } : {}),
          out: stdoutLine,
          warn: stderrLine,
        },
        (stop) => (stopNodes = stop),
      );
      await new Promise(() => undefined); // in the foreground until a signal
    });
}
