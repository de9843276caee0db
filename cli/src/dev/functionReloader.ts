import { UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import type { FunctionSpec } from '../app/appModel.js';
import type { AppClients } from '../app/clients.js';
import { packageFunction } from './functionPackage.js';

interface Deployed {
  sha256: string;
  /** Configuration as deployed; a change there needs a full deploy (UpdateFunctionConfiguration), not a code update. */
  configuration: string;
  inputs: string[];
}

export type ReloadOutcome =
  | { kind: 'updated' }
  | { kind: 'unchanged' }
  /** The packaged configuration differs from what is deployed (e.g. a handler became TypeScript): deploy the app. */
  | { kind: 'needsDeploy' };

function configurationOf(spec: FunctionSpec): string {
  return JSON.stringify([spec.Handler, spec.Runtime, spec.Environment]);
}

/**
 * Pushes one function's new code to the node with UpdateFunctionCode (the node swaps its
 * workers; tables are untouched) and remembers what each function runs, so a save that does not
 * change the package (an editor touching a file) costs no update.
 */
export class FunctionReloader {
  private readonly deployed = new Map<string, Deployed>();

  constructor(
    private readonly clients: AppClients,
    private readonly extraEnvironment: () => Record<string, string>,
  ) {}

  private withExtraEnvironment(spec: FunctionSpec): FunctionSpec {
    return { ...spec, Environment: { ...spec.Environment, ...this.extraEnvironment() } };
  }

  /** After a full deploy: what the nodes now run. */
  async recordDeployed(specs: FunctionSpec[]): Promise<void> {
    this.deployed.clear();
    for (const spec of specs) {
      const pkg = await packageFunction(this.withExtraEnvironment(spec));
      this.deployed.set(spec.logicalId, { sha256: pkg.code.sha256, configuration: configurationOf(pkg.spec), inputs: pkg.bundleInputs });
    }
  }

  inputsOf(logicalId: string): string[] {
    return this.deployed.get(logicalId)?.inputs ?? [];
  }

  async reload(spec: FunctionSpec): Promise<ReloadOutcome> {
    const pkg = await packageFunction(this.withExtraEnvironment(spec));
    const before = this.deployed.get(spec.logicalId);
    if (!before || before.configuration !== configurationOf(pkg.spec)) return { kind: 'needsDeploy' };
    before.inputs = pkg.bundleInputs;
    if (before.sha256 === pkg.code.sha256) return { kind: 'unchanged' };
    await this.clients.lambda.send(new UpdateFunctionCodeCommand({ FunctionName: spec.FunctionName, ZipFile: pkg.code.zip }));
    before.sha256 = pkg.code.sha256;
    return { kind: 'updated' };
  }
}
