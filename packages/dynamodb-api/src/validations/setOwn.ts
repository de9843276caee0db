/**
 * Sets a member on a plain object even when its name is `__proto__`: a client may name an
 * attribute or map key anything, and plain assignment of that name would replace the
 * object's prototype instead of adding a member.
 */
export function setOwn<T>(target: Record<string, T>, name: string, value: T): void {
  if (name === '__proto__') {
    Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
  } else {
    target[name] = value;
  }
}
