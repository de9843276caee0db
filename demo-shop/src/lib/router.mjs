// A tiny method + path router: routes are 'GET /products/:id' strings mapped to async actions.
import { HttpError, errorAnswer, json, jsonBody, notFound, requestOf } from './http.mjs';

function compile(route) {
  const [method, pattern] = route.split(' ');
  const names = [];
  const source = pattern
    .split('/')
    .map((part) => {
      if (!part.startsWith(':')) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(part.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { method, regex: new RegExp(`^${source}$`), names };
}

function safeDecode(segment) {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `The path segment "${segment}" is not valid URL encoding.`);
  }
}

/** Builds a Lambda handler that dispatches on `event.requestContext.http.method` + `event.rawPath`. */
export function router(routes) {
  const compiled = Object.entries(routes).map(([route, action]) => ({ ...compile(route), action }));
  return async function handler(event) {
    try {
      const request = requestOf(event);
      // Preflights are answered by the function URL's Cors config; this covers a URL without one.
      if (request.method === 'OPTIONS') return json(204, undefined);
      let pathMatched = false;
      for (const route of compiled) {
        const match = route.regex.exec(request.path);
        if (!match) continue;
        pathMatched = true;
        if (route.method !== request.method) continue;
        const params = {};
        route.names.forEach((name, i) => {
          params[name] = safeDecode(match[i + 1]);
        });
        return await route.action({ ...request, params, jsonBody: () => jsonBody(request) });
      }
      if (pathMatched) throw new HttpError(405, `Method ${request.method} is not allowed on ${request.path}.`);
      throw notFound(`No route for ${request.method} ${request.path}.`);
    } catch (error) {
      return errorAnswer(error);
    }
  };
}
