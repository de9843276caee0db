import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startLambdaTestServer, type LambdaTestServer } from '../support/lambdaTestServer.js';
import { createFunction, invokeJson } from '../support/functions.js';

/** Handlers resolved as Lambda's Node.js runtime resolves them. */
describe('handler resolution', () => {
  let server: LambdaTestServer;
  beforeAll(async () => {
    server = await startLambdaTestServer();
  });
  afterAll(async () => {
    await server.stop();
  });

  it.each([
    ['CommonJS .js', 'index.handler', { 'index.js': 'exports.handler = async () => "cjs";' }, 'cjs'],
    ['ES module .mjs', 'index.handler', { 'index.mjs': 'export const handler = async () => "mjs";' }, 'mjs'],
    ['"type": "module" package.json', 'app.handler', { 'package.json': '{"type":"module"}', 'app.js': 'export const handler = async () => "esm-js";' }, 'esm-js'],
    ['.cjs next to a module package', 'legacy.handler', { 'package.json': '{"type":"module"}', 'legacy.cjs': 'module.exports.handler = async () => "cjs-ext";' }, 'cjs-ext'],
    ['nested path', 'src/handlers/orders.create', { 'src/handlers/orders.js': 'exports.create = async () => "nested";', 'src/lib/util.js': '' }, 'nested'],
    ['nested export path', 'index.api.v1.get', { 'index.js': 'exports.api = { v1: { get: async () => "deep" } };' }, 'deep'],
    ['module.exports function property', 'index.handler', { 'index.js': 'module.exports = { handler: async () => require("./lib/answer.js") };', 'lib/answer.js': 'module.exports = 42;' }, 42],
    ['ESM importing a sibling', 'index.handler', { 'index.mjs': 'import { value } from "./lib/value.mjs"; export const handler = async () => value;', 'lib/value.mjs': 'export const value = "sibling";' }, 'sibling'],
  ])('loads %s (%s)', async (label, handler, files, expected) => {
    const client = server.client();
    const name = `res-${label.replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 60);
    await createFunction(client, name, files, { Handler: handler });
    const { output, payload } = await invokeJson(client, name);
    expect(output.FunctionError).toBeUndefined();
    expect(payload).toBe(expected);
  });

  it.each([
    ['a missing module', 'missing.handler', { 'index.js': 'exports.handler = async () => 1;' }, 'Runtime.ImportModuleError', "Error: Cannot find module 'missing'"],
    ['a missing export', 'index.nope', { 'index.js': 'exports.handler = async () => 1;' }, 'Runtime.HandlerNotFound', 'index.nope is undefined or not exported'],
    ['an export that is not a function', 'index.value', { 'index.js': 'exports.value = 3;' }, 'Runtime.HandlerNotFound', 'index.value is not a function'],
    ['a handler without a dot', 'index', { 'index.js': 'exports.handler = async () => 1;' }, 'Runtime.MalformedHandlerName', 'Bad handler'],
    ['a syntax error', 'index.handler', { 'index.js': 'exports.handler = async () => {{;' }, 'Runtime.UserCodeSyntaxError', 'SyntaxError'],
    ['a module that throws at init', 'index.handler', { 'index.js': 'throw new Error("no config");' }, 'Error', 'no config'],
  ])('reports %s as Lambda does', async (label, handler, files, errorType, message) => {
    const client = server.client();
    const name = `res-bad-${label.replace(/[^a-z0-9]+/gi, '-')}`.slice(0, 60);
    await createFunction(client, name, files, { Handler: handler });
    const { output, payload } = await invokeJson(client, name);
    expect(output.FunctionError).toBe('Unhandled');
    expect((payload as { errorType: string }).errorType).toBe(errorType);
    expect((payload as { errorMessage: string }).errorMessage).toContain(message);
    // Init failures are not cached: fixing nothing, a second invoke fails the same way (fresh init).
    expect(((await invokeJson(client, name)).payload as { errorType: string }).errorType).toBe(errorType);
  });
});
