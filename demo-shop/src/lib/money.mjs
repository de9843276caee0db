// Prices are decimal numbers in the catalogue (49.99); sums are done in cents so 0.1 + 0.2 stays exact.
export const toCents = (price) => Math.round(Number(price) * 100);
export const fromCents = (cents) => Math.round(cents) / 100;
