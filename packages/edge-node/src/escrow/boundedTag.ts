/** A lower bound on a numeric attribute: the value may never go below `min` across all PoPs. */
export interface Bound {
  attribute: string;
  min: number;
}

// AWS tag values allow only letters, digits, white space and `_ . : / = + - @`, so the form a
// template can deploy to real AWS is `stock:min=0` (several separated by spaces). `stock>=0`
// (comma-separated) is accepted too, for nodes only.
const AWS_SAFE_FORM = /^([^\s:>=,]+):min=(-?\d+)$/;
const COMPARISON_FORM = /^([^\s>=,]+)\s*>=\s*(-?\d+)$/;

/**
 * Parses the `kuhiro:bounded` tag value: one or more bounds, e.g. `stock:min=0`,
 * `stock:min=0 seats:min=-5`, or `stock>=0, seats>=-5`. Only top-level attributes and
 * integer bounds: escrow is counted in integers so that cumulative sums never drift.
 * Undefined if anything is malformed.
 */
export function parseBoundedTag(value: string): Map<string, Bound> | undefined {
  const bounds = new Map<string, Bound>();
  // A stray separator (`stock>=0,`) leaves an empty part, which is refused like any other.
  const parts = value.trim().replace(/\s*>=\s*/g, '>=').split(/\s*,\s*|\s+/);
  for (const part of parts) {
    const match = AWS_SAFE_FORM.exec(part) ?? COMPARISON_FORM.exec(part);
    if (!match) return undefined;
    const min = Number(match[2]);
    if (!Number.isSafeInteger(min)) return undefined;
    bounds.set(match[1]!, { attribute: match[1]!, min });
  }
  return bounds.size > 0 ? bounds : undefined;
}
