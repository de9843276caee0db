import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { DotEnvFile } from './dotEnvFile.js';
import { IniDocument } from './iniDocument.js';
import { DEV_CREDENTIALS, type TargetName } from './target.js';

export interface EndpointConfigOptions {
  appDir: string;
  target: TargetName;
  /** The named profile to write (default `kuhiro`). */
  profile: string;
  /** The node the edge profile points at. */
  edgeEndpoint: string;
  region: string;
  dryRun: boolean;
  env?: NodeJS.ProcessEnv;
}

/** The services that `kuhiro switch` moves; SDK v3 and the AWS CLI read `endpoint_url` per service. */
const SERVICES = ['dynamodb', 'lambda'] as const;
const ENV_ENDPOINTS = ['AWS_ENDPOINT_URL_DYNAMODB', 'AWS_ENDPOINT_URL_LAMBDA'] as const;
/** Any of these in a profile means it has credentials of its own. */
const CREDENTIAL_KEYS = ['aws_access_key_id', 'credential_process', 'sso_session', 'sso_start_url', 'role_arn', 'web_identity_token_file'];

export function awsConfigPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.AWS_CONFIG_FILE ?? join(homedir(), '.aws', 'config');
}

function profileSection(profile: string): string {
  return profile === 'default' ? 'default' : `profile ${profile}`;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw err;
  }
}

async function writeIfChanged(path: string, before: string, after: string, dryRun: boolean): Promise<boolean> {
  if (before === after) return false;
  if (!dryRun) {
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, after);
  }
  return true;
}

function editConfig(doc: IniDocument, options: EndpointConfigOptions): void {
  const section = profileSection(options.profile);
  const services = `services ${options.profile}`;
  if (options.target === 'edge') {
    doc.set(section, 'services', options.profile);
    if (doc.get(section, 'region') === undefined) doc.set(section, 'region', options.region);
    // A node in development mode takes any key; a profile without credentials would make the
    // SDK fail before it sends anything, so it gets kuhiro's (removed again on `switch aws`).
    if (!CREDENTIAL_KEYS.some((key) => doc.get(section, key) !== undefined)) {
      doc.set(section, 'aws_access_key_id', DEV_CREDENTIALS.accessKeyId);
      doc.set(section, 'aws_secret_access_key', DEV_CREDENTIALS.secretAccessKey);
    }
    for (const service of SERVICES) doc.setNested(services, service, { endpoint_url: options.edgeEndpoint });
    return;
  }
  if (doc.get(section, 'services') === options.profile) doc.remove(section, 'services');
  doc.removeSection(services);
  if (doc.get(section, 'aws_access_key_id') === DEV_CREDENTIALS.accessKeyId && doc.get(section, 'aws_secret_access_key') === DEV_CREDENTIALS.secretAccessKey) {
    doc.remove(section, 'aws_access_key_id');
    doc.remove(section, 'aws_secret_access_key');
  }
}

function profileHasCredentials(doc: IniDocument, profile: string): boolean {
  return CREDENTIAL_KEYS.some((key) => doc.get(profileSection(profile), key) !== undefined);
}

function editDotEnv(dotEnv: DotEnvFile, options: EndpointConfigOptions, config: IniDocument): void {
  if (options.target === 'edge') {
    for (const name of ENV_ENDPOINTS) dotEnv.set(name, options.edgeEndpoint);
    dotEnv.set('AWS_PROFILE', options.profile);
    return;
  }
  for (const name of ENV_ENDPOINTS) dotEnv.remove(name);
  // Without credentials of its own the profile would break AWS calls: fall back to the default chain.
  if (dotEnv.get('AWS_PROFILE') === options.profile && !profileHasCredentials(config, options.profile)) dotEnv.remove('AWS_PROFILE');
}

/**
 * Points the app's SDK and CLI configuration at a target: the named profile's `services`
 * section in the AWS shared config file, and `<app>/.env`. Returns one line per changed file.
 */
export async function applyEndpointConfig(options: EndpointConfigOptions): Promise<string[]> {
  const changes: string[] = [];
  const configPath = awsConfigPath(options.env);
  const configBefore = await readText(configPath);
  const config = new IniDocument(configBefore);
  editConfig(config, options);
  const where = options.target === 'edge' ? `dynamodb and lambda at ${options.edgeEndpoint}` : 'the AWS endpoints (no endpoint_url)';
  if (await writeIfChanged(configPath, configBefore, config.toString(), options.dryRun)) changes.push(`${configPath}: profile ${options.profile} now uses ${where}`);
  const envPath = join(options.appDir, '.env');
  const envBefore = await readText(envPath);
  const dotEnv = new DotEnvFile(envBefore);
  editDotEnv(dotEnv, options, config);
  if (await writeIfChanged(envPath, envBefore, dotEnv.toString(), options.dryRun)) changes.push(`${envPath}: ${where}`);
  return changes;
}
