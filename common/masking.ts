/**
 * Personal data masking for viewers (CONTRACT.md §1): 张*、4501**********1234、138****5678.
 * Pure, shared by the server (which masks before sending) and tests.
 */
import { PERSONAL_ATTRS } from './event-types.js';

export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(Math.min(chars.length - 1, 3));
}

export function maskIdNumber(id: string): string {
  if (id.length <= 8) return '*'.repeat(id.length);
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

export function maskPhone(phone: string): string {
  if (phone.length <= 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

const MASKERS: Record<(typeof PERSONAL_ATTRS)[number], (v: string) => string> = {
  person_name: maskName,
  id_number: maskIdNumber,
  phone: maskPhone,
};

/** A copy of attrs with personal data masked (non-string values of those fields are dropped). */
export function maskAttrs(attrs: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!attrs) return attrs;
  const out: Record<string, unknown> = { ...attrs };
  for (const key of PERSONAL_ATTRS) {
    const v = out[key];
    if (v === undefined) continue;
    out[key] = typeof v === 'string' ? MASKERS[key](v) : '***';
  }
  return out;
}
