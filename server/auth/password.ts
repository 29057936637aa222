/**
 * Password hashing with scrypt (node:crypto). The stored string carries its parameters and salt:
 *   $scrypt$ln=15,r=8,p=1$<salt, base64url>$<hash, base64url>
 * so parameters can be raised later and old hashes still verify. Verification is constant-time; stored
 * parameters are bounded so that a corrupted hash cannot make verification arbitrarily expensive.
 */
import crypto from 'node:crypto';

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  ln: number;
  r: number;
  p: number;
}

export const DEFAULT_SCRYPT: ScryptParams = { ln: 15, r: 8, p: 1 };
const SALT_BYTES = 16;
const KEY_BYTES = 32;
const BOUNDS = { ln: [10, 20], r: [1, 32], p: [1, 16] } as const;
const FORMAT =
  /^\$scrypt\$ln=(\d{1,2}),r=(\d{1,2}),p=(\d{1,2})\$([A-Za-z0-9_-]{16,64})\$([A-Za-z0-9_-]{32,128})$/;

function within(params: ScryptParams): boolean {
  return (Object.keys(BOUNDS) as (keyof ScryptParams)[]).every((k) => {
    const [lo, hi] = BOUNDS[k];
    return Number.isInteger(params[k]) && params[k] >= lo && params[k] <= hi;
  });
}

function derive(password: string, salt: Buffer, params: ScryptParams, keylen: number): Promise<Buffer> {
  const N = 2 ** params.ln;
  return new Promise((resolve, reject) => {
    crypto.scrypt(
      password.normalize('NFC'),
      salt,
      keylen,
      { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

export async function hashPassword(password: string, params: ScryptParams = DEFAULT_SCRYPT): Promise<string> {
  if (!within(params)) throw new RangeError('scrypt parameters out of bounds');
  const salt = crypto.randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `$scrypt$ln=${params.ln},r=${params.r},p=${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export interface ParsedHash {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

/** The parts of a stored hash, or null when it is not one of ours (or its parameters are out of bounds). */
export function parseHash(stored: string): ParsedHash | null {
  const m = FORMAT.exec(stored);
  if (!m) return null;
  const params = { ln: Number(m[1]), r: Number(m[2]), p: Number(m[3]) };
  if (!within(params)) return null;
  return { params, salt: Buffer.from(m[4] ?? '', 'base64url'), key: Buffer.from(m[5] ?? '', 'base64url') };
}

/** Whether `password` matches `stored`; false (never an exception) for a malformed stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return key.length === parsed.key.length && crypto.timingSafeEqual(key, parsed.key);
}

/** Whether a hash was made with weaker parameters than `params` (rehash it at the next login). */
export function needsRehash(stored: string, params: ScryptParams = DEFAULT_SCRYPT): boolean {
  const parsed = parseHash(stored);
  if (!parsed) return true;
  return parsed.params.ln < params.ln || parsed.params.r < params.r || parsed.params.p < params.p;
}

const dummies = new Map<string, Promise<string>>();

/**
 * Spends the same time as a real verification, for unknown or disabled users, so that response times
 * do not tell which user names exist.
 */
export async function verifyAgainstDummy(
  password: string,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<false> {
  const key = `${params.ln},${params.r},${params.p}`;
  let dummy = dummies.get(key);
  if (!dummy) {
    dummy = hashPassword('not-a-real-password', params);
    dummies.set(key, dummy);
  }
  await verifyPassword(password, await dummy);
  return false;
}

/** A readable random password (for the CLI): 18 characters of base64url, ≈ 108 bits. */
export function generatePassword(): string {
  return crypto.randomBytes(14).toString('base64url').slice(0, 18);
}
