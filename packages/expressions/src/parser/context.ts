import type { AttributeValue } from '../attributeValue.js';
import type { DocumentPath } from '../update/resolvedAction.js';
import { isReservedWord } from './reservedWords.js';
import type { RawPathElement } from './rawAst.js';

/**
 * The ExpressionAttributeNames and ExpressionAttributeValues of one request, shared by all
 * of its expressions so that "unused" can be judged across the whole request.
 */
export class SubstitutionContext {
  readonly usedNames = new Set<string>();
  readonly usedValues = new Set<string>();

  constructor(
    readonly names: Readonly<Record<string, string>>,
    readonly values: Readonly<Record<string, AttributeValue>>,
  ) {}

  /** Resolves a #name; undefined when it is not defined. */
  name(ref: string): string | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.names, ref)) return undefined;
    this.usedNames.add(ref);
    return this.names[ref];
  }

  /** Resolves a :value; undefined when it is not defined. */
  value(ref: string): AttributeValue | undefined {
    if (!Object.prototype.hasOwnProperty.call(this.values, ref)) return undefined;
    this.usedValues.add(ref);
    return this.values[ref];
  }
}

export type PathProblem = { category: 'reserved' | 'undefinedName'; message: string };

/**
 * Substitutes a raw path; reports a reserved word used as a plain name and an undefined
 * #name (each once, via `report`). Returns the path with placeholders for unresolved names.
 */
export function resolvePath(
  elements: RawPathElement[],
  context: SubstitutionContext,
  report: (problem: PathProblem) => void,
): DocumentPath {
  return elements.map((element) => {
    if (element.kind === 'index') return element.index;
    if (element.kind === 'name') {
      if (isReservedWord(element.name)) {
        report({ category: 'reserved', message: `Attribute name is a reserved keyword; reserved keyword: ${element.name}` });
      }
      return element.name;
    }
    const resolved = context.name(element.ref);
    if (resolved === undefined) {
      report({
        category: 'undefinedName',
        message: `An expression attribute name used in the document path is not defined; attribute name: ${element.ref}`,
      });
      return element.ref;
    }
    return resolved;
  });
}

export function undefinedValueMessage(ref: string): string {
  return `An expression attribute value used in expression is not defined; attribute value: ${ref}`;
}
