import { LAMBDA_OPERATIONS } from '@kuhiro/lambda-runtime';

export interface LambdaRequestTarget {
  /** The Lambda operation (`Invoke`, `GetFunction`...), or undefined for a path Lambda does not serve. */
  operation: string | undefined;
  /** The function named by the path (name, ARN or partial ARN reduced to the name; qualifier dropped). */
  functionName: string | undefined;
}

/** lambda-runtime's route list, compiled once: `:param` segments become one path segment each. */
const ROUTES = LAMBDA_OPERATIONS.map((route) => ({
  name: route.name,
  method: route.method.toUpperCase(),
  pattern: new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:(\w+)/g, (_m, param: string) => `(?<${param}>[^/]+)`)}/?$`),
}));

export function lambdaRequestTarget(method: string, path: string): LambdaRequestTarget {
  for (const route of ROUTES) {
    if (route.method !== method) continue;
    const match = route.pattern.exec(path);
    if (!match) continue;
    const raw = match.groups?.functionName;
    return { operation: route.name, functionName: raw === undefined ? undefined : functionNameOf(safeDecode(raw)) };
  }
  return { operation: undefined, functionName: undefined };
}

/** `my-fn`, `my-fn:prod`, `123456789012:function:my-fn`, `arn:aws:lambda:...:function:my-fn:1` -> `my-fn`. */
function functionNameOf(value: string): string {
  const parts = value.split(':');
  const index = parts.indexOf('function');
  if (index >= 0 && index + 1 < parts.length) return parts[index + 1]!;
  return parts[0]!;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
