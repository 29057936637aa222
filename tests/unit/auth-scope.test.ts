import { describe, expect, it } from 'vitest';
import type { NextFunction, Request, Response } from 'express';
import { createUserRequestSchema, rolesAtLeast, scopeSchema, usernameSchema } from '../../common/auth.js';
import type { AuthUser, Role } from '../../common/auth.js';
import { inScope, requireAuth, requireRole } from '../../server/auth/middleware.js';

function fakeRes(user?: AuthUser): Response & { statusCode: number; body: unknown } {
  const res = {
    statusCode: 200,
    body: undefined as unknown,
    locals: user ? { user } : {},
    headers: {} as Record<string, string>,
    status(code: number) {
      res.statusCode = code;
      return res;
    },
    setHeader(name: string, value: string) {
      res.headers[name] = value;
      return res;
    },
    json(body: unknown) {
      res.body = body;
      return res;
    },
  };
  return res as unknown as Response & { statusCode: number; body: unknown };
}

const req = (authorization?: string): Request =>
  ({ headers: authorization ? { authorization } : {} }) as unknown as Request;

async function run(
  handler: (req: Request, res: Response, next: NextFunction) => unknown,
  r: Request,
  res: Response,
) {
  let nextCalled = false;
  await handler(r, res, () => {
    nextCalled = true;
  });
  return nextCalled;
}

describe('inScope', () => {
  it('covers units whose code starts with the scope; empty scope covers all', () => {
    expect(inScope({ scope: '' }, '450103520000')).toBe(true);
    expect(inScope({ scope: '45' }, '450103520000')).toBe(true);
    expect(inScope({ scope: '4501' }, '450103520000')).toBe(true);
    expect(inScope({ scope: '450103520000' }, '450103520000')).toBe(true);
    expect(inScope({ scope: '4502' }, '450103520000')).toBe(false);
    expect(inScope({ scope: '450103520000' }, '4501')).toBe(false);
  });

  it('never covers something that is not a unit code', () => {
    expect(inScope({ scope: '' }, '')).toBe(false);
    expect(inScope({ scope: '45' }, '45%')).toBe(false);
    expect(inScope({ scope: '' }, "4501' OR '1'='1")).toBe(false);
  });
});

describe('roles', () => {
  it('rolesAtLeast lists the role and those above it', () => {
    expect(rolesAtLeast('viewer')).toEqual(['viewer', 'officer', 'manager', 'admin']);
    expect(rolesAtLeast('officer')).toEqual(['officer', 'manager', 'admin']);
    expect(rolesAtLeast('admin')).toEqual(['admin']);
  });

  it('requireRole lets listed roles through and answers 403 to the others', async () => {
    const gate = requireRole('manager', 'admin');
    const cases: [Role, boolean][] = [
      ['viewer', false],
      ['officer', false],
      ['manager', true],
      ['admin', true],
    ];
    for (const [role, allowed] of cases) {
      const res = fakeRes({ username: 'u', role, scope: '' });
      expect(await run(gate, req(), res)).toBe(allowed);
      expect(res.statusCode).toBe(allowed ? 200 : 403);
    }
    const anonymous = fakeRes();
    expect(await run(gate, req(), anonymous)).toBe(false);
    expect(anonymous.statusCode).toBe(401);
  });
});

describe('requireAuth', () => {
  const alice: AuthUser = { username: 'alice', role: 'officer', scope: '4501' };
  const authenticate = async (token: string) => (token === 'good' ? alice : null);

  it('sets res.locals.user for a valid bearer token', async () => {
    const res = fakeRes();
    expect(await run(requireAuth(authenticate), req('Bearer good'), res)).toBe(true);
    expect(res.locals.user).toEqual(alice);
  });

  it('401 without a token or with a bad one; 503 when the stores do not answer', async () => {
    for (const header of [undefined, 'Bearer bad', 'Basic good', 'good']) {
      const res = fakeRes();
      expect(await run(requireAuth(authenticate), req(header), res)).toBe(false);
      expect(res.statusCode).toBe(401);
    }
    const res = fakeRes();
    const failing = async (): Promise<AuthUser | null> => {
      throw new Error('ECONNREFUSED');
    };
    expect(await run(requireAuth(failing), req('Bearer good'), res)).toBe(false);
    expect(res.statusCode).toBe(503);
    expect(JSON.stringify(res.body)).not.toContain('ECONNREFUSED');
  });
});

describe('schemas', () => {
  it('user names: lower-case letters, digits, . _ -, 2–32 characters', () => {
    for (const ok of ['admin', 'wall-01', 'li.wei', '0771_duty'])
      expect(usernameSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['A', 'Admin', '-x', 'a b', "x' OR 1=1", 'x'.repeat(33), '用户', 'a\u0000b']) {
      expect(usernameSchema.safeParse(bad).success).toBe(false);
    }
  });

  it('scopes: "" or a 2–12 digit unit-code prefix', () => {
    for (const ok of ['', '45', '4501', '450103520000']) expect(scopeSchema.safeParse(ok).success).toBe(true);
    for (const bad of ['4', '45x', '4501035200001', ' 45', '%'])
      expect(scopeSchema.safeParse(bad).success).toBe(false);
  });

  it('a new user needs exactly username, password, role and scope', () => {
    const ok = { username: 'li.wei', password: 'long-enough', role: 'officer', scope: '4501' };
    expect(createUserRequestSchema.safeParse(ok).success).toBe(true);
    expect(createUserRequestSchema.safeParse({ ...ok, password: 'short' }).success).toBe(false);
    expect(createUserRequestSchema.safeParse({ ...ok, role: 'root' }).success).toBe(false);
    expect(createUserRequestSchema.safeParse({ ...ok, disabled: false }).success).toBe(false);
  });
});
