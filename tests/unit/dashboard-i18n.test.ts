import { describe, expect, it } from 'vitest';
import { en } from '../../dashboard/src/i18n/en.js';
import { translate } from '../../dashboard/src/i18n/translate.js';
import { zhCN } from '../../dashboard/src/i18n/zh-CN.js';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('i18n dictionaries', () => {
  it('have the same keys in zh-CN and en', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });

  it('use the same placeholders in both languages, and no empty text but separators', () => {
    for (const key of Object.keys(zhCN) as (keyof typeof zhCN)[]) {
      expect(placeholders(en[key]), key).toEqual(placeholders(zhCN[key]));
      if (key !== 'dur.sep' && key !== 'source.banner.gap')
        expect(zhCN[key].trim().length, key).toBeGreaterThan(0);
    }
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(translate('zh-CN', 'login.error.rateLimited', { s: 42 })).toBe('登录失败次数过多，请 42 秒后再试');
    expect(translate('en', 'login.error.rateLimited', { s: 42 })).toBe(
      'Too many failed attempts; try again in 42 s',
    );
    expect(translate('en', 'wall.tile.complianceOf', { due: 10 })).toBe('{onTime} of 10 on time');
    expect(translate('zh-CN', 'wall.title')).toBe('守望 · 执法监督实时大屏');
  });
});
