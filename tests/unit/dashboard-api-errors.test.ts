/**
 * The dashboard's API client reads errors-v2 bodies (`{error, code}`) into an ApiError carrying both, and
 * decides on the code: only `unauthorized` and `invalid_token` sign the user out.
 */
import { describe, expect, it } from 'vitest';
import {
  ApiError,
  createApiClient,
  errorFrom,
  hasCode,
  isNetworkError,
} from '../../dashboard/src/api/client.js';

function reply(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers });
}

function clientAnswering(...replies: Response[]) {
  const state = { signedOut: 0 };
  const client = createApiClient({
    getToken: () => 'tok',
    onUnauthorized: () => (state.signedOut += 1),
    fetch: async () => replies.shift() as Response,
  });
  return { client, state };
}

describe('errorFrom', () => {
  it('carries the server’s code and words', () => {
    const err = errorFrom(reply(409, {}), { error: 'the alert is already resolved', code: 'alert_resolved' });
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({
      status: 409,
      code: 'alert_resolved',
      message: 'the alert is already resolved',
    });
    expect(hasCode(err, 'alert_resolved', 'alert_held')).toBe(true);
    expect(hasCode(err, 'not_found')).toBe(false);
    expect(hasCode(new Error('x'), 'alert_resolved')).toBe(false);
  });

  it('reads Retry-After from the header of a rate_limited answer', () => {
    const res = reply(429, {}, { 'retry-after': '42' });
    const err = errorFrom(res, {
      error: 'too many failed sign-ins; try again in 42 s',
      code: 'rate_limited',
    });
    expect(err).toMatchObject({ code: 'rate_limited', retryAfterSeconds: 42 });
  });

  it('calls anything else unexpected_response, keeping what words there are', () => {
    const html = errorFrom(
      new Response('<h1>Bad Gateway</h1>', { status: 502, statusText: 'Bad Gateway' }),
      '<h1>Bad Gateway</h1>',
    );
    expect(html).toMatchObject({ status: 502, code: 'unexpected_response', message: '<h1>Bad Gateway</h1>' });
    expect(errorFrom(reply(404, {}), { error: 'no such API route' })).toMatchObject({
      code: 'unexpected_response',
      message: 'no such API route',
    });
    expect(errorFrom(reply(400, {}), { error: 'x', code: 'Not Snake' }).code).toBe('unexpected_response');
    expect(errorFrom(reply(400, {}), { error: '', code: 'invalid_body' }).code).toBe('unexpected_response');
    expect(errorFrom(new Response(null, { status: 500, statusText: '' }), null).message).toBe('HTTP 500');
  });
});

describe('createApiClient', () => {
  it('signs out on unauthorized and invalid_token only, never by the status or the words', async () => {
    const { client, state } = clientAnswering(
      reply(401, { error: 'invalid, expired or revoked token; sign in again', code: 'invalid_token' }),
      reply(401, { error: 'sign in first', code: 'unauthorized' }),
      reply(401, { error: 'wrong user name or password', code: 'invalid_credentials' }),
      reply(403, { error: 'this needs the role admin; you are viewer (sign in again?)', code: 'forbidden' }),
    );
    await expect(client.get('/api/alerts')).rejects.toMatchObject({ code: 'invalid_token' });
    expect(state.signedOut).toBe(1);
    await expect(client.get('/api/alerts')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(state.signedOut).toBe(2);
    await expect(client.post('/api/auth/login', {})).rejects.toMatchObject({
      status: 401,
      code: 'invalid_credentials',
    });
    await expect(client.get('/api/users')).rejects.toMatchObject({ status: 403, code: 'forbidden' });
    expect(state.signedOut).toBe(2);
  });

  it('does not sign out a request sent without a token', async () => {
    let signedOut = 0;
    const client = createApiClient({
      getToken: () => null,
      onUnauthorized: () => (signedOut += 1),
      fetch: async () => reply(401, { error: 'sign in first', code: 'unauthorized' }),
    });
    await expect(client.get('/api/auth/me')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(signedOut).toBe(0);
  });

  it('gives the code of a body that is not JSON, and of no answer at all', async () => {
    const { client } = clientAnswering(new Response('upstream down', { status: 502 }));
    await expect(client.get('/api/health')).rejects.toMatchObject({
      code: 'unexpected_response',
      message: 'upstream down',
    });
    const offline = createApiClient({
      getToken: () => null,
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    const err = await offline.get('/api/health').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'network_error', message: 'fetch failed' });
    expect(isNetworkError(err)).toBe(true);
  });
});
