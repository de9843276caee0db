/**
 * The syntax tree before substitution and semantic checks. AWS reports syntax errors first
 * and semantic errors afterwards in a fixed priority order, so parsing and checking are
 * separate passes.
 */
export type RawPathElement =
  | { kind: 'name'; name: string }
  | { kind: 'nameRef'; ref: string }
  | { kind: 'index'; index: number };

export type RawOperand =
  | { kind: 'path'; elements: RawPathElement[] }
  | { kind: 'valueRef'; ref: string }
  | { kind: 'call'; name: string; args: RawOperand[] }
  | { kind: 'arithmetic'; operator: '+' | '-'; left: RawOperand; right: RawOperand };

export type RawCondition =
  | { kind: 'comparison'; operator: '=' | '<>' | '<' | '<=' | '>' | '>='; left: RawOperand; right: RawOperand }
  | { kind: 'between'; operand: RawOperand; lower: RawOperand; upper: RawOperand }
  | { kind: 'in'; operand: RawOperand; candidates: RawOperand[] }
  | { kind: 'and' | 'or'; left: RawCondition; right: RawCondition }
  | { kind: 'not'; condition: RawCondition }
  /** A function call used as a condition, e.g. attribute_exists(a). */
  | { kind: 'call'; call: RawOperand & { kind: 'call' } };

export type RawUpdateSection = 'SET' | 'REMOVE' | 'ADD' | 'DELETE';

export type RawUpdateAction =
  | { section: 'SET'; path: RawOperand & { kind: 'path' }; value: RawOperand }
  | { section: 'REMOVE'; path: RawOperand & { kind: 'path' } }
  | { section: 'ADD' | 'DELETE'; path: RawOperand & { kind: 'path' }; value: RawOperand & { kind: 'valueRef' } };
