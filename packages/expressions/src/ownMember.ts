/**
 * Sets a member of a plain object even when its name is `__proto__`: attribute names and map
 * keys are client data, and plain assignment of that name would replace the object's
 * prototype (dropping the member) instead of adding it.
 */
export function setOwnMember<T>(target: { [name: string]: T }, name: string, value: T): void {
  if (name === '__proto__') Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  else target[name] = value;
}
