/** Source health, pure: silence inside active hours, late and silent thresholds, the catalogue. */
import { describe, expect, it } from 'vitest';
import { sourcesFileSchema } from '../../common/sources.js';
import { activeMs, buildCatalog, healthAt } from '../../alerts/sources/index.js';
import { H, MIN, RULES } from './engine-helpers.js';
import { catalog } from './sources-helpers.js';

const TZ = 'Asia/Shanghai';
/** 2026-03-02 00:00 Beijing time. */
const MIDNIGHT = Date.parse('2026-03-01T16:00:00Z');
const exp = { lateMs: 10 * MIN, silentMs: 30 * MIN, hours: { start: 7 * 60, end: 23 * 60 } };

describe('silence counted inside active hours', () => {
  it('counts all of it without hours', () => {
    expect(activeMs(0, 5 * H, { ...exp, hours: null }, TZ)).toBe(5 * H);
  });
  it('does not count the night', () => {
    // 22:50 → 07:10 next day: 10 minutes before 23:00 and 10 after 07:00
    expect(activeMs(MIDNIGHT + 22 * H + 50 * MIN, MIDNIGHT + 31 * H + 10 * MIN, exp, TZ)).toBe(20 * MIN);
    expect(activeMs(MIDNIGHT + H, MIDNIGHT + 6 * H, exp, TZ)).toBe(0);
  });
  it('handles windows that cross midnight', () => {
    const night = { ...exp, hours: { start: 22 * 60, end: 2 * 60 } };
    expect(activeMs(MIDNIGHT + 21 * H, MIDNIGHT + 27 * H, night, TZ)).toBe(4 * H);
  });
  it('is healthy, late, silent by the thresholds', () => {
    const last = MIDNIGHT + 9 * H;
    expect(healthAt(last, last + 9 * MIN, exp, TZ)).toBe('healthy');
    expect(healthAt(last, last + 10 * MIN, exp, TZ)).toBe('late');
    expect(healthAt(last, last + 30 * MIN, exp, TZ)).toBe('silent');
    expect(healthAt(last, last + 30 * H, null, TZ)).toBe('healthy');
    // quiet at night is not late: last event 22:55, at 06:59 the silence is 5 minutes
    expect(healthAt(MIDNIGHT + 22 * H + 55 * MIN, MIDNIGHT + 30 * H + 59 * MIN, exp, TZ)).toBe('healthy');
  });
});

describe('catalogue', () => {
  it('derives the rules that depend on a source from their satisfier types', () => {
    const c = catalog();
    expect(c.byId.get('case')!.rules).toEqual(
      expect.arrayContaining(['R-INC-01', 'R-INC-05', 'R-INC-04', 'R-ADM-01']),
    );
    expect(c.byId.get('case')!.rules).not.toContain('R-PRO-02');
    expect(c.guards('R-INC-13').map((s) => s.id)).toEqual(['110']);
    expect(c.sourceOf('case.filed')?.id).toBe('case');
    expect(c.sourceOf('case.filed', '110')?.id).toBe('110');
    expect(c.keyFor(c.byId.get('case')!, '450103520000')).toBe('case:45');
  });
  it('reports every problem of a sources file with its path', () => {
    const r = sourcesFileSchema.safeParse({
      sources: [
        { id: 'a', name: 'A', types: ['nope.*'] },
        { id: 'a', name: 'B', types: ['case.filed'], expect: { late_after: 'soon', hours: '7-23' } },
      ],
    });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'sources.0.types.0',
        'sources.1.expect.late_after',
        'sources.1.expect.hours',
        'sources.1.id',
      ]),
    );
  });
  it('with no expectation configured, nothing is monitored', () => {
    const c = buildCatalog(
      sourcesFileSchema.parse({ sources: [{ id: 'case', name: '案件', types: ['case.*'] }] }),
      RULES,
      TZ,
    );
    expect(c.monitored).toBe(false);
    expect(c.guards('R-INC-01')).toEqual([]);
  });
});
