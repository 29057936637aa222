/**
 * Whose a channel is (pure): the unit a channel's NOTIFY-FAIL alert belongs to — the longest unit prefix
 * shared by everyone the channel serves (its contacts, and the units of the routes that name it), as a
 * 12-digit code, so that the managers of that unit and above see it; no prefix: `000000000000` (admins).
 */
import type { NotifySetup } from '../notify-file.js';

export function notifyUnit(setup: NotifySetup, channel: string): string {
  const units: string[] = [];
  for (const c of setup.contacts.values()) if (c.via.includes(channel)) units.push(c.unit);
  for (const r of setup.file.routes) if (r.to.includes(`channel:${channel}`)) units.push(r.match.unit ?? '');
  let prefix = units[0] ?? '';
  for (const u of units) while (!u.startsWith(prefix)) prefix = prefix.slice(0, -1);
  return prefix.length >= 2 ? prefix.slice(0, 12).padEnd(12, '0') : '000000000000';
}
