import { describe, it, expect, beforeEach, afterEach } from '@jest/globals';
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { applyEndpointConfig, type EndpointConfigOptions } from '../../src/app/endpointConfig.js';
import { IniDocument } from '../../src/app/iniDocument.js';
import { tempDir } from './appTestKit.js';

const USER_CONFIG = `# my settings, keep me
[default]
region = eu-central-1   ; the default region

[profile work]
sso_session = corp
s3 =
  max_concurrent_requests = 20
`;

describe('IniDocument', () => {
  it('writes an untouched file back byte for byte', () => {
    expect(new IniDocument(USER_CONFIG).toString()).toBe(USER_CONFIG);
  });

  it('reads nested sub-properties and replaces a key with its indented lines', () => {
    const doc = new IniDocument(USER_CONFIG);
    expect(doc.getNested('profile work', 's3', 'max_concurrent_requests')).toBe('20');
    doc.setNested('profile work', 's3', { max_queue_size: '5' });
    expect(doc.toString()).toContain('s3 =\n  max_queue_size = 5\n');
    expect(doc.toString()).not.toContain('max_concurrent_requests');
    expect(doc.remove('profile work', 's3')).toBe(true);
    expect(doc.toString()).toBe(USER_CONFIG.replace('s3 =\n  max_concurrent_requests = 20\n', ''));
  });
});

describe('applyEndpointConfig', () => {
  let dir: string;
  let options: EndpointConfigOptions;
  beforeEach(async () => {
    dir = await tempDir('endpoints');
    await writeFile(join(dir, 'aws-config'), USER_CONFIG);
    await writeFile(join(dir, '.env'), '# app settings\nLOG_LEVEL=debug\n');
    options = { appDir: dir, target: 'edge', profile: 'kuhiro', edgeEndpoint: 'http://127.0.0.1:4566', region: 'us-east-1', dryRun: false, env: { AWS_CONFIG_FILE: join(dir, 'aws-config') } };
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('edge: adds the profile and its services section, keeping the rest of the file', async () => {
    const changes = await applyEndpointConfig(options);
    expect(changes).toHaveLength(2);
    const config = await readFile(join(dir, 'aws-config'), 'utf8');
    expect(config.startsWith(USER_CONFIG)).toBe(true);
    expect(config.slice(USER_CONFIG.length)).toBe(
      '\n[profile kuhiro]\nservices = kuhiro\nregion = us-east-1\naws_access_key_id = kuhiro\naws_secret_access_key = kuhiro-development-mode\n' +
        '\n[services kuhiro]\ndynamodb =\n  endpoint_url = http://127.0.0.1:4566\nlambda =\n  endpoint_url = http://127.0.0.1:4566\n',
    );
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe(
      '# app settings\nLOG_LEVEL=debug\nAWS_ENDPOINT_URL_DYNAMODB=http://127.0.0.1:4566\nAWS_ENDPOINT_URL_LAMBDA=http://127.0.0.1:4566\nAWS_PROFILE=kuhiro\n',
    );
    // Idempotent: a second run changes nothing.
    expect(await applyEndpointConfig(options)).toEqual([]);
  });

  it('aws: removes exactly what edge added, so both files are as before', async () => {
    await applyEndpointConfig(options);
    await applyEndpointConfig({ ...options, target: 'aws' });
    // What remains of the profile is its region: an empty-but-named profile is harmless.
    expect(await readFile(join(dir, 'aws-config'), 'utf8')).toBe(`${USER_CONFIG}\n[profile kuhiro]\nregion = us-east-1\n`);
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe('# app settings\nLOG_LEVEL=debug\n');
  });

  it('keeps credentials the user gave the profile, and AWS_PROFILE with them', async () => {
    await writeFile(join(dir, 'aws-config'), '[profile kuhiro]\ncredential_process = /bin/creds\n');
    await applyEndpointConfig(options);
    expect(await readFile(join(dir, 'aws-config'), 'utf8')).not.toContain('aws_access_key_id');
    await applyEndpointConfig({ ...options, target: 'aws' });
    expect(await readFile(join(dir, 'aws-config'), 'utf8')).toBe('[profile kuhiro]\ncredential_process = /bin/creds\nregion = us-east-1\n');
    expect(await readFile(join(dir, '.env'), 'utf8')).toContain('AWS_PROFILE=kuhiro');
  });

  it('dry run reports the changes and writes nothing', async () => {
    const changes = await applyEndpointConfig({ ...options, dryRun: true });
    expect(changes).toHaveLength(2);
    expect(await readFile(join(dir, 'aws-config'), 'utf8')).toBe(USER_CONFIG);
    expect(await readFile(join(dir, '.env'), 'utf8')).toBe('# app settings\nLOG_LEVEL=debug\n');
  });
});
