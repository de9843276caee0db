import { describe, expect, it } from '@jest/globals';
import { preflightHeaders, responseCorsHeaders } from '../../src/urls/cors.js';

describe('CORS', () => {
  it('allows any origin with "*", echoing the origin when credentials are allowed', () => {
    expect(preflightHeaders({ AllowOrigins: ['*'] }, 'https://a.example')['access-control-allow-origin']).toBe('*');
    expect(preflightHeaders({ AllowOrigins: ['*'], AllowCredentials: true }, 'https://a.example')).toMatchObject({
      'access-control-allow-origin': 'https://a.example', 'access-control-allow-credentials': 'true',
    });
  });

  it('gives no CORS headers to an origin that is not listed, or to a request without Origin', () => {
    expect(preflightHeaders({ AllowOrigins: ['https://a.example'] }, 'https://b.example')).toEqual({});
    expect(responseCorsHeaders({ AllowOrigins: ['https://a.example'] }, undefined)).toEqual({});
  });

  it('matches origins case-insensitively', () => {
    expect(responseCorsHeaders({ AllowOrigins: ['https://A.example'] }, 'https://a.example')['access-control-allow-origin']).toBe('https://a.example');
  });
});
