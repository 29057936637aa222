/** User administration and the wall's kiosk tokens: admins only, users within their scope. */
import { adminOnly, row } from './kit.js';
import type { Kit, Row } from './kit.js';

const user = (name: string): Record<string, string> => ({ username: name, password: 'long-enough-1' });

export function userRows({ c, req, get, post, counter }: Kit): Row[] {
  return [
    row(
      'POST /api/users',
      ['not JSON', post('/api/users', null), adminOnly('invalid_json')],
      [
        'new user in scope',
        (p) =>
          post('/api/users', { ...user(`authz-new-${counter.n++}`), role: 'viewer', scope: '450103' })(p),
        adminOnly(201),
      ],
      [
        'new user outside the admin scope',
        (p) => post('/api/users', { ...user(`authz-wide-${counter.n++}`), role: 'admin', scope: '' })(p),
        adminOnly('out_of_scope'),
      ],
      [
        'existing name',
        post('/api/users', { ...user(c.inUser), role: 'viewer', scope: '4501' }),
        adminOnly('user_exists'),
      ],
    ),
    row('GET /api/users', ['list', get('/api/users'), adminOnly(200)]),
    row(
      'DELETE /api/users/:username',
      ['in scope', req('DELETE', async () => `/api/users/${await c.throwaway('450103')}`), adminOnly(200)],
      [
        'out of scope',
        req('DELETE', async () => `/api/users/${await c.throwaway('4502')}`),
        adminOnly('out_of_scope'),
      ],
      ['no such user', req('DELETE', '/api/users/no-such-user'), adminOnly('not_found')],
    ),
    row(
      'POST /api/users/:username/enable',
      ['in scope', post(`/api/users/${c.inUser}/enable`, {}), adminOnly(200)],
      ['out of scope', post(`/api/users/${c.outUser}/enable`, {}), adminOnly('out_of_scope')],
    ),
    row(
      'PUT /api/users/:username/password',
      [
        'in scope',
        req('PUT', async () => `/api/users/${await c.throwaway('450103')}/password`, {
          password: 'new-enough-1',
        }),
        adminOnly(200),
      ],
      [
        'out of scope',
        req('PUT', `/api/users/${c.outUser}/password`, { password: 'new-enough-1' }),
        adminOnly('out_of_scope'),
      ],
      [
        'too short',
        req('PUT', `/api/users/${c.inUser}/password`, { password: 'short' }),
        adminOnly('invalid_body'),
      ],
    ),
    ...kioskRows({ c, req, get, post }),
  ];
}

function kioskRows({ c, req, get, post }: Pick<Kit, 'c' | 'req' | 'get' | 'post'>): Row[] {
  return [
    row(
      'POST /api/users/:username/kiosk-tokens',
      ['in scope', post(`/api/users/${c.inUser}/kiosk-tokens`, {}), adminOnly(201)],
      ['out of scope', post(`/api/users/${c.outUser}/kiosk-tokens`, {}), adminOnly('out_of_scope')],
    ),
    row(
      'GET /api/users/:username/kiosk-tokens',
      ['in scope', get(`/api/users/${c.inUser}/kiosk-tokens`), adminOnly(200)],
      ['out of scope', get(`/api/users/${c.outUser}/kiosk-tokens`), adminOnly('out_of_scope')],
    ),
    row(
      'DELETE /api/users/:username/kiosk-tokens/:id',
      [
        'in scope',
        req('DELETE', async () => `/api/users/${c.inUser}/kiosk-tokens/${await c.kiosk(c.inUser)}`),
        adminOnly(204),
      ],
      [
        'out of scope',
        req('DELETE', async () => `/api/users/${c.outUser}/kiosk-tokens/${await c.kiosk(c.outUser)}`),
        adminOnly('out_of_scope'),
      ],
      [
        'unknown id',
        req('DELETE', `/api/users/${c.inUser}/kiosk-tokens/0123456789abcdef`),
        adminOnly('not_found'),
      ],
    ),
  ];
}
