import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from '@jest/globals';
import { CentralUnavailableError, createCentralClient } from '../../src/spot/centralClient.js';
import { formatSession, mergeSessions, parseSession } from '../../src/spot/sessionToken.js';
import { signSpotRequest, verifySpotRequest } from '../../src/spot/spotSignature.js';

describe('x-kuhiro-session tokens', () => {
  it('round-trip and merge per origin', () => {
    const token = formatSession({ central: 41, 'eu-1': 7 });
    expect(token).toBe('central=41,eu-1=7');
    expect(parseSession(token)).toEqual({ central: 41, 'eu-1': 7 });
    expect(mergeSessions({ a: 3, b: 1 }, { a: 2, c: 5 })).toEqual({ a: 3, b: 1, c: 5 });
  });
  it('ignore what they cannot read', () => {
    expect(parseSession('a=1,b=x,=3,c=-2,%zz=4')).toEqual({ a: 1 });
    expect(parseSession(Array.from({ length: 100 }, (_, i) => `n${i}=1`).join(','))).toEqual({});
  });
});

describe('SPOT request signatures', () => {
  const body = '{"kind":"write"}';
  it('accept the signer and refuse tampering, another secret and stale timestamps', () => {
    const now = 1_700_000_000_000;
    const headers = signSpotRequest('secret-secret-secret', 'eu-1', body, now);
    expect(verifySpotRequest('secret-secret-secret', headers, body, now)).toBe('eu-1');
    expect(verifySpotRequest('secret-secret-secret', headers, body + ' ', now)).toBeUndefined();
    expect(verifySpotRequest('other-secret-secret!', headers, body, now)).toBeUndefined();
    expect(verifySpotRequest('secret-secret-secret', { ...headers, 'x-kuhiro-node': 'us-1' }, body, now)).toBeUndefined();
    expect(verifySpotRequest('secret-secret-secret', headers, body, now + 6 * 60 * 1000)).toBeUndefined();
  });
});

describe('central client', () => {
  it('reports a refused connection as certainly not applied', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    await new Promise((resolve) => server.close(resolve)); // nothing listens there now
    const call = createCentralClient({ centralUrl: `http://127.0.0.1:${port}`, networkSecret: 'secret-secret-secret', nodeName: 'eu-1' });
    const error = await call({ kind: 'write' }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CentralUnavailableError);
    expect((error as CentralUnavailableError).maybeApplied).toBe(false);
  });
});
