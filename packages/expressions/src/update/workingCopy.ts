import type { AttributeValue, Item } from '../attributeValue.js';
import { cloneValue } from '../documentPath.js';
import { setOwnMember } from '../ownMember.js';
import { removeAtPath, writeAtPath } from './applyResolvedActions.js';
import type { DocumentPath } from './resolvedAction.js';

/**
 * The item an update is applied to, copied lazily: the top level at once (a shallow copy), an
 * attribute deeply only before something inside it changes. Operands are evaluated against the
 * original item, which must stay as it was, but copying all of it (a JSON round trip per
 * UpdateItem) cost more than the rest of resolving a typical update, whose writes replace
 * top-level attributes. Untouched attributes of `item` are the original's values (shared).
 */
export class WorkingCopy {
  readonly item: Item;
  private readonly owned = new Set<string>();

  constructor(original: Item) {
    // A spread defines own properties (an attribute named `__proto__` included), as JSON.parse does.
    this.item = { ...original };
  }

  write(path: DocumentPath, value: AttributeValue): void {
    if (path.length > 1) this.own(path);
    writeAtPath(this.item, path, value);
  }

  remove(path: DocumentPath): void {
    if (path.length > 1) this.own(path);
    removeAtPath(this.item, path);
  }

  /** Makes the attribute that holds `path` this copy's own, before a change made in place inside it. */
  own(path: DocumentPath): void {
    const head = path[0] as string;
    if (this.owned.has(head)) return;
    this.owned.add(head);
    if (Object.prototype.hasOwnProperty.call(this.item, head)) setOwnMember(this.item, head, cloneValue(this.item[head]!));
  }
}
