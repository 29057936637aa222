/**
 * Reads the working-day calendar in force: CALENDAR_FILE, or the shipped one (alerts/rules/default-calendar.json),
 * validated at start with every problem's JSON path, and the legal clock that counts on it in the unit's zone.
 */
import fs from 'node:fs';
import path from 'node:path';
import { validateCalendarFile } from '../common/calendar.js';
import { projectRoot } from '../common/node/paths.js';
import { LegalClock } from './engine/legal-clock.js';

export function defaultCalendarPath(): string {
  return path.join(projectRoot(), 'alerts', 'rules', 'default-calendar.json');
}

export function readLegalClock(file: string | undefined, zone: string): LegalClock {
  const p = file ?? defaultCalendarPath();
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(p, 'utf8'));
  } catch (err) {
    throw new Error(`Invalid calendar file ${p}:\n  - (file): ${(err as Error).message}`, { cause: err });
  }
  const checked = validateCalendarFile(data);
  if (!checked.ok)
    throw new Error(`Invalid calendar file ${p}:\n${checked.errors.map((e) => `  - ${e}`).join('\n')}`);
  return new LegalClock(checked.calendar, zone);
}
