import type { AppModel } from '../app/appModel.js';
import { UsageError } from '../usageError.js';

export interface InspectTarget {
  logicalId: string;
  functionName: string;
  port: number;
}

/**
 * `--inspect` alone debugs every function of the app (consecutive ports from --inspect-port);
 * `--inspect NAME` one function, named by its logical ID or its function name.
 */
export function inspectTargets(model: AppModel, wanted: string | true | undefined, basePort: number): InspectTarget[] {
  if (wanted === undefined) return [];
  const chosen = wanted === true ? model.functions : model.functions.filter((fn) => fn.logicalId === wanted || fn.FunctionName === wanted);
  if (chosen.length === 0) {
    const names = model.functions.map((fn) => fn.logicalId).join(', ') || 'none';
    throw new UsageError(`--inspect ${wanted === true ? '' : wanted}: the app has no such function (its functions: ${names})`);
  }
  if (basePort + chosen.length - 1 > 65535) throw new UsageError(`--inspect-port ${basePort} leaves no room for ${chosen.length} inspector ports`);
  return chosen.map((fn, i) => ({ logicalId: fn.logicalId, functionName: fn.FunctionName, port: basePort + i }));
}
