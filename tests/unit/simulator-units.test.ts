import { describe, expect, it } from 'vitest';
import { levelOfCode, unitPrefix } from '../../common/units.js';
import { PROVINCE_CODE, guangxiUnits, stationWeights } from '../../ingest/simulator/guangxi-units.js';
import { idCheckChar, idNumber, phone } from '../../ingest/simulator/people.js';
import { Rng } from '../../ingest/simulator/rng.js';

const units = guangxiUnits();
const byCode = new Map(units.map((u) => [u.code, u]));

describe('Guangxi unit directory', () => {
  it('has one province department and the 14 cities with their real codes', () => {
    expect(units.filter((u) => u.level === 'province').map((u) => u.code)).toEqual([PROVINCE_CODE]);
    const cities = units.filter((u) => u.level === 'city');
    expect(cities).toHaveLength(14);
    expect(cities.map((u) => u.code.slice(0, 4))).toEqual(
      Array.from({ length: 14 }, (_, i) => `45${String(i + 1).padStart(2, '0')}`),
    );
    expect(byCode.get('450100000000')?.name).toBe('南宁市公安局');
    expect(byCode.get('451400000000')?.name).toBe('崇左市公安局');
    expect(byCode.get('450103000000')?.name).toBe('南宁市公安局青秀分局');
    expect(byCode.get('450103520000')?.name).toBe('新竹派出所');
  });

  it('gives every unit a unique 12-digit code consistent with its level, a name and the time zone', () => {
    expect(new Set(units.map((u) => u.code)).size).toBe(units.length);
    for (const u of units) {
      expect(u.code).toMatch(/^45\d{10}$/);
      expect(levelOfCode(u.code)).toBe(u.level);
      expect(u.name.length).toBeGreaterThan(1);
      expect(u.name_en).toMatch(/^[A-Z][A-Za-z' ,]+$/);
      expect(u.time_zone).toBe('Asia/Shanghai');
    }
  });

  it('hangs every station under a county under a city under the department', () => {
    const stations = units.filter((u) => u.level === 'station');
    expect(stations.length).toBeGreaterThan(400);
    for (const s of stations) {
      expect(s.name.endsWith('派出所')).toBe(true);
      expect(s.code).toMatch(/^\d{6}5\d0000$/);
      const chain: string[] = [];
      let cur = s.parent;
      while (cur !== null) {
        const parent = byCode.get(cur);
        expect(parent, `parent ${cur} of ${s.code}`).toBeDefined();
        chain.push(parent!.level);
        expect(s.code.startsWith(unitPrefix(parent!.code, parent!.level))).toBe(true);
        cur = parent!.parent;
      }
      expect(chain).toEqual(['county', 'city', 'province']);
    }
  });

  it('has 3–8 stations under every county and several counties under every city', () => {
    const counties = units.filter((u) => u.level === 'county');
    expect(counties.length).toBeGreaterThan(100);
    for (const c of counties) {
      const n = units.filter((u) => u.parent === c.code).length;
      expect(n, c.name).toBeGreaterThanOrEqual(3);
      expect(n, c.name).toBeLessThanOrEqual(8);
      expect(c.code.slice(0, 4).padEnd(12, '0')).toBe(c.parent);
    }
    for (const city of units.filter((u) => u.level === 'city')) {
      expect(counties.filter((c) => c.parent === city.code).length).toBeGreaterThanOrEqual(4);
    }
  });

  it('weights urban stations of populous cities higher', () => {
    const stations = units.filter((u) => u.level === 'station');
    const w = new Map(stations.map((s, i) => [s.code, stationWeights(stations)[i]]));
    expect(w.get('450103520000')!).toBeGreaterThan(w.get('450124500000')!);
    expect(stations.every((s) => (w.get(s.code) ?? 0) > 0)).toBe(true);
  });

  it('returns a fresh copy each time', () => {
    const a = guangxiUnits();
    a[0]!.name = 'changed';
    expect(guangxiUnits()[0]!.name).toBe('广西壮族自治区公安厅');
  });
});

describe('fake personal data', () => {
  it('makes ID numbers with a valid check character and a Guangxi region, and mobile numbers', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const id = idNumber(rng, '450103520000', Date.parse('2026-11-26T00:00:00Z'));
      expect(id).toMatch(/^450103(19|20)\d{9}[\dX]$/);
      expect(id[17]).toBe(idCheckChar(id.slice(0, 17)));
      expect(phone(rng)).toMatch(/^1[3-9]\d{9}$/);
    }
    expect(idCheckChar('11010519491231002')).toBe('X');
  });
});
