import { Command, Option } from 'commander';
import { appDirFrom, collectParameter, stderrLine, stdoutLine } from '../app/commandOptions.js';
import { UsageError } from '../usageError.js';
import { DEFAULT_EDGE_ENDPOINT, resolveTarget, type TargetName } from '../app/target.js';

interface DeployFlags {
  app?: string;
  target: TargetName;
  endpoint?: string;
  region?: string;
  roleArn?: string;
  stack?: string;
  parameter?: Record<string, string>;
  dryRun?: boolean;
  network?: string;
}

/** `kuhiro deploy`: the app's SAM template onto an edge node or AWS. */
export function deployCommand(): Command {
  return new Command('deploy')
    .description("Create or update an app's tables, functions and function URLs (from its SAM template) on the edge or on AWS.")
    .option('--app <dir>', 'the app directory holding template.yaml', '.')
    .addOption(new Option('--target <target>', 'where to deploy').choices(['edge', 'aws']).default('edge'))
    .option('--endpoint <url>', `the node to deploy to (edge; default ${DEFAULT_EDGE_ENDPOINT}) or an AWS stand-in`)
    .option('--region <region>', 'region (default: AWS_REGION, then us-east-1 on the edge)')
    .option('--role-arn <arn>', 'execution role for functions whose template has no Role (required on AWS then)')
    .option('--stack <name>', "stack name; tables without TableName are named <stack>-<LogicalId> (default: the app directory's name)")
    .option('--parameter <Name=Value>', 'a template parameter value (repeatable)', collectParameter)
    .option('--network <file>', 'deploy to every PoP of an edge network (kuhiro.network.json, as kuhiro up writes it)')
    .option('--dry-run', 'show the plan, change nothing')
    .addHelpText(
      'after',
      `
Examples:
  $ kuhiro deploy --app examples/hello-app
  $ kuhiro deploy --app examples/hello-app --target aws --role-arn arn:aws:iam::123456789012:role/hello-app
  $ kuhiro deploy --app . --dry-run
  $ kuhiro deploy --app examples/hello-app --network kuhiro.network.json

A second deploy of the same template changes nothing and says so. What was deployed (table
names, function names and URLs) is written to <app>/.kuhiro/deploy-<target>.json.
On AWS, the endpoint can be replaced with KUHIRO_AWS_ENDPOINT (a stand-in for tests).`,
    )
    .action(async (flags: DeployFlags) => {
      // Loaded when the command runs: every `kuhiro` start would pay for it otherwise.
      const { deployApp } = await import('../app/deployApp.js');
      const { deployToNetwork } = await import('../app/networkDeploy.js');
      const common = {
        appDir: appDirFrom(flags.app),
        ...(flags.roleArn ? { roleArn: flags.roleArn } : {}),
        ...(flags.stack ? { stackName: flags.stack } : {}),
        ...(flags.parameter ? { parameterOverrides: flags.parameter } : {}),
        dryRun: flags.dryRun === true,
        out: stdoutLine,
        warn: stderrLine,
      };
      if (flags.network) {
        if (flags.target !== 'edge' || flags.endpoint) throw new UsageError('--network deploys to the PoPs of an edge network: it goes without --target aws and --endpoint');
        await deployToNetwork(flags.network, { ...common, ...(flags.region ? { region: flags.region } : {}) });
        return;
      }
      await deployApp({ ...common, target: resolveTarget(flags.target, { endpoint: flags.endpoint, region: flags.region }) });
    });
}
