// Input checks shared by the actions: each throws a 400 with a message a shopper can act on.
import { badRequest } from './http.mjs';

export function requiredString(body, field, { min = 1, max = 200, pattern, hint } = {}) {
  const value = body[field];
  if (typeof value !== 'string') throw badRequest(`"${field}" is required and must be a string.`);
  return checkedString(value, field, { min, max, pattern, hint });
}

export function optionalString(body, field, options = {}) {
  if (body[field] === undefined || body[field] === null) return undefined;
  if (typeof body[field] !== 'string') throw badRequest(`"${field}" must be a string.`);
  return checkedString(body[field], field, { min: 0, max: 200, ...options });
}

function checkedString(value, field, { min, max, pattern, hint }) {
  if (value.length < min) throw badRequest(`"${field}" must be at least ${min} characters long.`);
  if (value.length > max) throw badRequest(`"${field}" must be at most ${max} characters long.`);
  if (pattern && !pattern.test(value)) throw badRequest(hint ?? `"${field}" has an invalid format.`);
  return value;
}

/** A whole number in [min, max]; accepts numeric strings from query parameters. */
export function integer(value, field, { min, max }) {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isInteger(number)) throw badRequest(`"${field}" must be a whole number.`);
  if (number < min || number > max) throw badRequest(`"${field}" must be between ${min} and ${max}.`);
  return number;
}

// Product ids are slugs from the catalogue ("p-hiking-boots-01"); anything else cannot exist.
const PRODUCT_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

export function productId(value) {
  if (typeof value !== 'string' || !PRODUCT_ID.test(value)) throw badRequest('"productId" must be a product id such as "p-trail-runner".');
  return value;
}

export function slug(value, field) {
  if (typeof value !== 'string' || !/^[a-z0-9][a-z0-9-]{0,63}$/.test(value)) throw badRequest(`"${field}" must be lower-case letters, digits and dashes.`);
  return value;
}
