import { Command } from 'commander';
import { appDirFrom, collectParameter, stderrLine, stdoutLine } from '../app/commandOptions.js';
import { checkEndpoint, parseTargetName, type TargetName } from '../app/target.js';

interface SwitchFlags {
  app?: string;
  profile: string;
  data: boolean;
  dryRun?: boolean;
  edgeEndpoint?: string;
  region?: string;
  roleArn?: string;
  stack?: string;
  parameter?: Record<string, string>;
}

/** `kuhiro switch edge|aws`: move an app (functions, tables, data, endpoints) between AWS and the edge. */
export function switchCommand(): Command {
  return new Command('switch')
    .description("Move an app between AWS and the edge: deploy it there, copy its tables' data, and point its AWS profile and .env at it.")
    .argument('<target>', 'edge or aws')
    .option('--app <dir>', 'the app directory holding template.yaml', '.')
    .option('--profile <name>', 'the AWS shared-config profile to point at the target', 'kuhiro')
    .option('--no-data', 'do not copy table data')
    .option('--dry-run', 'show what would happen, change nothing')
    .option('--edge-endpoint <url>', 'the edge node (default: from the last edge deploy, else http://127.0.0.1:4566)')
    .option('--region <region>', 'AWS region (default: AWS_REGION)')
    .option('--role-arn <arn>', 'execution role for functions on AWS whose template has no Role')
    .option('--stack <name>', "stack name (default: the app directory's name)")
    .option('--parameter <Name=Value>', 'a template parameter value (repeatable)', collectParameter)
    .addHelpText(
      'after',
      `
Examples:
  $ kuhiro switch aws --app examples/hello-app --role-arn arn:aws:iam::123456789012:role/hello-app
  $ kuhiro switch edge --app examples/hello-app
  $ kuhiro switch aws --app . --dry-run

Steps: (1) deploy the app to the target (unchanged resources are left alone), (2) copy every
table's items there (parallel scan, resumable from <app>/.kuhiro/copy-*.json if interrupted,
verified by item counts and checksums), (3) write the profile's endpoint_url for dynamodb and
lambda in the AWS config file (AWS_CONFIG_FILE or ~/.aws/config) and <app>/.env; switching
to aws removes them again. Stop the app's writers while switching: writes made during the copy
may be missed, and the verification then fails without switching the endpoints.`,
    )
    .action(async (targetName: string, flags: SwitchFlags) => {
      const to = parseTargetName(targetName);
      // Ctrl-C during the copy stops it after the pages in flight, with the checkpoint saved; a
      // second Ctrl-C exits at once (the checkpoint still holds every page fully written).
      const interrupt = new AbortController();
      const onSigint = () => {
        if (interrupt.signal.aborted) process.exit(130);
        stderrLine('\nkuhiro switch: stopping after the current step (Ctrl-C again to quit now)');
        interrupt.abort();
      };
      process.on('SIGINT', onSigint);
      try {
        await runSwitch(to, flags, interrupt.signal);
      } finally {
        process.off('SIGINT', onSigint);
      }
    });
}

async function runSwitch(to: TargetName, flags: SwitchFlags, signal: AbortSignal): Promise<void> {
  // Loaded when the command runs: every `kuhiro` start would pay for it otherwise.
  const { stderrProgress } = await import('../app/progressBar.js');
  const { switchApp } = await import('../app/switchApp.js');
  await switchApp({
    appDir: appDirFrom(flags.app),
    to,
    profile: flags.profile,
    copyData: flags.data,
    dryRun: flags.dryRun === true,
    ...(flags.edgeEndpoint ? { edgeEndpoint: checkEndpoint(flags.edgeEndpoint, '--edge-endpoint') } : {}),
    ...(flags.region ? { region: flags.region } : {}),
    ...(flags.roleArn ? { roleArn: flags.roleArn } : {}),
    ...(flags.stack ? { stackName: flags.stack } : {}),
    ...(flags.parameter ? { parameterOverrides: flags.parameter } : {}),
    out: stdoutLine,
    warn: stderrLine,
    progress: stderrProgress(),
    signal,
  });
}
