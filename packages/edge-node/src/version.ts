import { createRequire } from 'node:module';

/** The package version, read once from package.json (dist/src/version.js -> ../../package.json). */
export const KUHIRO_VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
