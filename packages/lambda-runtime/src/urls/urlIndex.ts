import { randomBytes } from 'node:crypto';
import type { FunctionRegistry } from '../registry/functionRegistry.js';

export interface UrlTarget {
  tenant: string;
  functionName: string;
  /** "$LATEST" or an alias name. */
  qualifier: string;
}

/** Function URL ids -> the function and qualifier they serve; rebuilt from the registry at start. */
export class UrlIndex {
  private readonly targets = new Map<string, UrlTarget>();

  static fromRegistry(registry: FunctionRegistry): UrlIndex {
    const index = new UrlIndex();
    for (const fn of registry.all()) {
      for (const config of Object.values(fn.urlConfigs)) index.add(config.urlId, { tenant: fn.tenant, functionName: fn.name, qualifier: config.qualifier });
    }
    return index;
  }

  /** Lambda's url ids are 32 lowercase letters and digits. */
  newId(): string {
    const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
    let id = '';
    for (const byte of randomBytes(32)) id += alphabet[byte % alphabet.length];
    return id;
  }

  add(urlId: string, target: UrlTarget): void {
    this.targets.set(urlId, target);
  }

  get(urlId: string): UrlTarget | undefined {
    return this.targets.get(urlId);
  }

  remove(urlId: string): void {
    this.targets.delete(urlId);
  }
}

export function functionUrl(endpointUrl: string, urlId: string): string {
  return `${endpointUrl.replace(/\/+$/, '')}/lambda-url/${urlId}/`;
}
