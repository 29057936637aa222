/** The units directory in ClickHouse: names and hierarchy for every role's displays and drill-downs. */
import type { ClickHouseClient } from '@clickhouse/client';
import { chTimeOfMs } from '../../common/node/ch-time.js';
import { queryRows } from '../../common/node/clickhouse.js';
import type { Unit, UnitLevel } from '../../common/units.js';

interface UnitRow {
  code: string;
  name: string;
  name_en: string;
  parent: string;
  level: UnitLevel;
  time_zone: string;
}

/** Upserts units (the latest row per code wins). */
export async function saveUnits(client: ClickHouseClient, units: readonly Unit[]): Promise<void> {
  if (units.length === 0) return;
  const now = chTimeOfMs(Date.now());
  await client.insert({
    table: 'units',
    values: units.map((u) => ({
      code: u.code,
      name: u.name,
      name_en: u.name_en ?? '',
      parent: u.parent ?? '',
      level: u.level,
      time_zone: u.time_zone,
      updated_at: now,
    })),
    format: 'JSONEachRow',
  });
}

export async function listUnits(client: ClickHouseClient): Promise<Unit[]> {
  const rows = await queryRows<UnitRow>(
    client,
    'SELECT code, name, name_en, parent, level, time_zone FROM units FINAL ORDER BY code',
  );
  return rows.map((r) => ({
    code: r.code,
    name: r.name,
    ...(r.name_en ? { name_en: r.name_en } : {}),
    parent: r.parent || null,
    level: r.level,
    time_zone: r.time_zone,
  }));
}
