import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  CreateAliasCommand, CreateFunctionUrlConfigCommand, GetAliasCommand, ListTagsCommand, PublishVersionCommand,
  TagResourceCommand, UntagResourceCommand,
} from '@aws-sdk/client-lambda';
import { startLambdaTestServer, TEST_ACCOUNT } from '../support/lambdaTestServer.js';
import { createFunction, invokeJson } from '../support/functions.js';
import { rejectionOf } from '../support/rejection.js';

const arn = (name: string) => `arn:aws:lambda:us-east-1:${TEST_ACCOUNT}:function:${name}`;

describe('tags and persistence', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'kuhiro-lambda-persist-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('tags, lists and untags a function by ARN', async () => {
    const server = await startLambdaTestServer({ dataDir });
    try {
      const client = server.client();
      await createFunction(client, 'tags-fn', { 'index.js': 'exports.handler = async () => 1;' });
      await client.send(new TagResourceCommand({ Resource: arn('tags-fn'), Tags: { team: 'edge', cost: 'low' } }));
      expect((await client.send(new ListTagsCommand({ Resource: arn('tags-fn') }))).Tags).toEqual({ team: 'edge', cost: 'low' });
      await client.send(new UntagResourceCommand({ Resource: arn('tags-fn'), TagKeys: ['cost'] }));
      expect((await client.send(new ListTagsCommand({ Resource: arn('tags-fn') }))).Tags).toEqual({ team: 'edge' });
      const missing = await rejectionOf(client.send(new ListTagsCommand({ Resource: arn('tags-none') })));
      expect(missing.name).toBe('ResourceNotFoundException');
    } finally {
      await server.stop();
    }
  });

  it('keeps functions, versions, aliases, tags and URLs across a restart', async () => {
    const first = await startLambdaTestServer({ dataDir });
    let functionUrlPath: string;
    try {
      const client = first.client();
      await createFunction(client, 'persist-fn', { 'index.js': 'exports.handler = async (e, c) => ({ v: c.functionVersion });' }, { Tags: { keep: 'me' } });
      await client.send(new PublishVersionCommand({ FunctionName: 'persist-fn' }));
      await client.send(new CreateAliasCommand({ FunctionName: 'persist-fn', Name: 'live', FunctionVersion: '1' }));
      const url = await client.send(new CreateFunctionUrlConfigCommand({ FunctionName: 'persist-fn', AuthType: 'NONE' }));
      functionUrlPath = new URL(url.FunctionUrl!).pathname;
    } finally {
      await first.stop();
    }
    const second = await startLambdaTestServer({ dataDir });
    try {
      const client = second.client();
      expect((await invokeJson(client, 'persist-fn:live')).payload).toEqual({ v: '1' });
      expect((await client.send(new GetAliasCommand({ FunctionName: 'persist-fn', Name: 'live' }))).FunctionVersion).toBe('1');
      expect((await client.send(new ListTagsCommand({ Resource: arn('persist-fn') }))).Tags).toEqual({ keep: 'me' });
      const viaUrl = await fetch(`${second.endpoint}${functionUrlPath}`);
      expect(await viaUrl.json()).toEqual({ v: '$LATEST' });
    } finally {
      await second.stop();
    }
  });
});
