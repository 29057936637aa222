import { describe, expect, it } from 'vitest';
import { translator } from '../../dashboard/src/i18n/translate.js';
import { BOM, asText, csvCell, toCsv } from '../../dashboard/src/lib/csv.js';
import { alertsCsv, unitStatsCsv } from '../../dashboard/src/views/trends/unit-csv.js';
import { alert, unitStats } from '../../dashboard/tests/fixtures.js';

describe('CSV export', () => {
  it('quotes commas, quotes and line breaks (RFC 4180)', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('line1\nline2')).toBe('"line1\nline2"');
    expect(csvCell(' padded ')).toBe('" padded "');
    expect(csvCell('南宁市公安局')).toBe('南宁市公安局');
  });

  it('writes empty cells for null and non-finite numbers, numbers as they are', () => {
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
    expect(csvCell(-3.5)).toBe('-3.5');
  });

  it('defuses spreadsheet formulas in text cells', () => {
    expect(csvCell('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  it('starts with a UTF-8 BOM and ends lines with CRLF, for Excel', () => {
    const text = toCsv(['单位', '合规率'], [['南宁', 97.5]]);
    expect(text.startsWith(BOM)).toBe(true);
    expect(text).toBe('\uFEFF单位,合规率\r\n南宁,97.5\r\n');
  });

  it('exports the unit table with rates in percent and blanks for unknowns', () => {
    const t = translator('zh-CN');
    const text = unitStatsCsv(
      [
        unitStats({ prefix: '4501', compliance_rate: 0.97346 }),
        unitStats({ prefix: '4502', compliance_rate: null, lateness_p50_h: null, lateness_p90_h: null }),
      ],
      (u) => (u.prefix === '4501' ? '南宁市公安局, 本级' : '柳州市公安局'),
      t,
    );
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe(
      '单位代码,单位,应办事项,按时,违规,合规率 (%),逾期中位数(小时),逾期P90(小时),签收中位数(分钟),在办',
    );
    expect(lines[1]).toBe('"=""450100000000""","南宁市公安局, 本级",100,90,10,97.35,3.5,20.3,12,4');
    expect(lines[2]).toBe('"=""450200000000""",柳州市公安局,100,90,10,,,,12,4');
  });

  it('keeps 12-digit codes as text for Excel (="…"), and only plain digit strings', () => {
    expect(csvCell(asText('450103520000'))).toBe('"=""450103520000"""');
    // Anything but digits is an ordinary cell: defused, never a formula of ours.
    expect(csvCell(asText('=1+1'))).toBe("'=1+1");
    expect(csvCell(asText('J4501'))).toBe('J4501');
  });

  it('exports alerts with Chinese headers, the unit name and codes as text, times in the zone', () => {
    const a = alert({
      alert_id: 'R-INC-01:incident_id:J1',
      seq: 1,
      state: 'resolved',
      resolution: 'manual',
      resolved_at: '2026-11-26T02:00:00.000Z',
    });
    const text = alertsCsv([a], translator('zh-CN'), 'Asia/Shanghai', () => '新竹派出所');
    const [header, row] = text.slice(1).split('\r\n');
    expect(header).toBe(
      '告警编号,级别,规则编号,监督事项,单位代码,单位,监督对象,状态,处置结果,告警时间,履职期限,办结时间',
    );
    expect(row).toBe(
      'R-INC-01:incident_id:J1,P2,R-INC-01,案件类警情超期未接报案登记,"=""450103520000""",新竹派出所,警情编号 J1,已办结,人工办结,2026-11-26 08:31:00,2026-11-26 08:30:00,2026-11-26 10:00:00',
    );
    expect(alertsCsv([a], translator('en'), 'Asia/Shanghai', () => 'Xinzhu').split('\r\n')[0]).toBe(
      '\uFEFFAlert ID,Severity,Rule ID,Supervised item,Unit code,Unit,Subject,State,Outcome,Raised,Deadline,Resolved',
    );
  });
});
