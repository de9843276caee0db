export type PlanAction = 'create' | 'update' | 'unchanged';

/** One resource in a deploy plan; `apply` performs the change (a no-op when unchanged). */
export interface PlanItem {
  kind: 'table' | 'function' | 'url';
  logicalId: string;
  name: string;
  action: PlanAction;
  /** What differs, for the plan's text ("billing PROVISIONED -> PAY_PER_REQUEST"). */
  details: string[];
  apply(progress: (line: string) => void): Promise<void>;
}

/** AWS SDK v3 errors carry the service's error type as `name`. */
export function isErrorNamed(err: unknown, name: string): boolean {
  return typeof err === 'object' && err !== null && (err as { name?: unknown }).name === name;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
