/**
 * The report renderers (server/services/reports/render) on a known month of 南宁市: each file is read back
 * with an independent reader — the DOCX and XLSX unzipped and their XML parsed here, the PDF through
 * poppler's pdftotext — and every figure checked against the values the fixture was built from (written
 * out below by hand, not through the renderers' formatters). Then the first two pages of the DOCX (through
 * LibreOffice) and of the PDF are rendered to PNG in test-artifacts/ to be looked at.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReport } from '../../server/services/reports/render/index.js';
import { reportFixture } from '../helpers/report-fixture.js';
import {
  docxParagraphs,
  docxTables,
  pdfText,
  readXlsx,
  unzipBytes,
  unzipText,
  zipParts,
} from '../helpers/office-readers.js';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test-artifacts');
const TITLE = '南宁市公安局执法监督通报（2026年11月）';
const HEADINGS = [
  '一、总体情况',
  '二、违规情况（按规则）',
  '三、各单位执法规范率排名',
  '四、督办情况',
  '五、趋势',
];

/** [项目, 本期] of the summary table. */
const SUMMARY: [string, string][] = [
  ['应办事项', '1200'],
  ['按期办理', '1135'],
  ['超期或未办', '65'],
  ['合规率', '94.6%'],
  ['上期合规率', '93.8%'],
  ['较上期（百分点）', '▲0.8'],
  ['条件类违规', '6'],
  ['一级违规', '10'],
  ['二级违规', '39'],
  ['三级违规', '22'],
  ['四级违规', '0'],
];

/** Deadline rules, worst violation rate first: [id, name, 等级, 应办, 违规, 违规率]. */
const DEADLINE_RULES = [
  ['R-PRO-12', '结案后涉案财物未处置', '三级', '60', '9', '15.0%'],
  ['R-ADM-01', '治安案件超期未结', '二级', '120', '9', '7.5%'],
  ['R-INC-05', '刑事立案审查超期（有案不立）', '二级', '90', '6', '6.7%'],
  ['R-PRO-02', '涉案财物超期未入库', '二级', '110', '7', '6.4%'],
  ['R-INC-13', '警情超期未反馈', '三级', '255', '13', '5.1%'],
  ['R-INC-01', '案件类警情超期未接报案登记（有警不接）', '二级', '180', '9', '5.0%'],
  ['R-INC-04', '行政受案审查超期（有案不受）', '二级', '150', '5', '3.3%'],
  ['R-PER-01', '刑拘后超期未送看守所', '一级', '125', '4', '3.2%'],
  ['R-PER-16', '办案区滞留超时', '一级', '70', '2', '2.9%'],
  ['R-PER-08', '刑拘后超期未讯问', '二级', '40', '1', '2.5%'],
];
const CONDITION_RULES = [
  ['R-REC-08', '讯问录像不完整', '一级', '4'],
  ['R-PER-19', '单人讯（询）问', '二级', '2'],
];

/** Units by rank: [排名, 单位, 代码, 应办, 按期, 超期或未办, 条件类违规, 合规率, 较上期]. */
const UNITS = [
  ['1', '兴宁区公安分局', '450102000000', '200', '196', '4', '1', '98.0%', '▲1.0'],
  ['2', '青秀区公安分局', '450103000000', '320', '310', '10', '2', '96.9%', '▲1.9'],
  ['3', '良庆区公安分局', '450108000000', '150', '142', '8', '0', '94.7%', '▲1.7'],
  ['4', '江南区公安分局', '450105000000', '250', '235', '15', '0', '94.0%', '▼1.6'],
  ['5', '西乡塘区公安分局', '450107000000', '280', '252', '28', '3', '90.0%', '持平'],
  ['—', '邕宁区公安分局', '450109000000', '0', '0', '0', '0', '—', '—'],
];

const ORDERS = [
  ['下发督办', '24', '—'],
  ['按期签收', '21', '87.5%'],
  ['按期反馈', '18', '75.0%'],
  ['被退回', '3', '12.5%'],
  ['逾期', '4', '16.7%'],
];

/** 挂牌督办 by issue time, as on the page (times in Asia/Shanghai). */
const LISTED = [
  [
    'SUP-20261103-0007',
    '西乡塘区公安分局',
    '2026-11-03 10:15',
    '已签收待反馈',
    '2026-11-10 10:15',
    '逾期未反馈',
    '办案区滞留超时',
  ],
  [
    'SUP-20261112-0002',
    '江南区公安分局',
    '2026-11-12 14:40',
    '已销号',
    '2026-11-19 14:40',
    '否',
    '刑拘后超期未送看守所；刑拘后超期未讯问',
  ],
  [
    'SUP-20261125-0011',
    '青秀区公安分局南湖派出所',
    '2026-11-25 09:05',
    '待签收',
    '2026-12-02 09:05',
    '逾期未签收',
    '涉案财物超期未入库',
  ],
];

let dir: string;
const files = { docx: '', pdf: '', xlsx: '' };

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-report-'));
  for (const format of ['docx', 'xlsx', 'pdf'] as const) {
    files[format] = path.join(dir, `report.${format}`);
    fs.writeFileSync(files[format], await renderReport(reportFixture(), format));
  }
}, 180_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('DOCX', () => {
  it('has the title, the five numbered sections and the summary sentence', () => {
    const paragraphs = docxParagraphs(unzipText(files.docx, 'word/document.xml'));
    expect(paragraphs[0]).toBe(TITLE);
    for (const h of HEADINGS) expect(paragraphs).toContain(h);
    expect(paragraphs.indexOf(HEADINGS[4] ?? '')).toBeGreaterThan(paragraphs.indexOf(HEADINGS[0] ?? ''));
    expect(paragraphs).toContain('统计周期：2026年11月1日至2026年11月30日（2026年11月）');
    expect(paragraphs).toContain('制发单位：南宁市公安局　　生成时间：2026-12-01 08:00');
    expect(paragraphs.join('\n')).toContain(
      '应办执法事项1200件，按期办理1135件，超期或未办65件，执法规范率（合规率）为94.6%，较上期（2026年10月）▲0.8个百分点。',
    );
  });

  it('carries every figure in its tables', () => {
    const [summary, deadline, condition, units, orders, listed] = docxTables(
      unzipText(files.docx, 'word/document.xml'),
    );
    expect(summary?.slice(1).map((r) => r.slice(0, 2))).toEqual(SUMMARY);
    expect(deadline?.[0]).toEqual(['规则', '名称', '等级', '应办', '违规', '违规率', '法律依据']);
    expect(deadline?.slice(1).map((r) => r.slice(0, 6))).toEqual(DEADLINE_RULES);
    expect(deadline?.[1]?.[6]).toContain('《公安机关办理刑事案件程序规定》第288条');
    expect(condition?.slice(1).map((r) => r.slice(0, 4))).toEqual(CONDITION_RULES);
    expect(units?.slice(1)).toEqual(UNITS);
    expect(orders?.slice(1)).toEqual(ORDERS);
    expect(listed?.slice(1)).toEqual(LISTED);
  });

  it('has the two charts as PNG images and 第 X 页 共 Y 页 in the footer', () => {
    const parts = zipParts(files.docx);
    const images = parts.filter((p) => /^word\/media\/.*\.png$/.test(p));
    expect(images).toHaveLength(2);
    for (const img of images) expect(unzipBytes(files.docx, img).subarray(1, 4).toString()).toBe('PNG');
    expect(unzipText(files.docx, 'word/document.xml').match(/<a:blip r:embed=/g)).toHaveLength(2);
    const footers = parts
      .filter((p) => /^word\/footer\d*\.xml$/.test(p))
      .map((p) => unzipText(files.docx, p));
    const footer = footers.join('');
    expect(footer).toMatch(/<w:instrText[^>]*>\s*PAGE\s*<\/w:instrText>/);
    expect(footer).toMatch(/<w:instrText[^>]*>\s*NUMPAGES\s*<\/w:instrText>/);
    expect(footer.replace(/<[^>]+>/g, '')).toMatch(/第\s.*页 共\s.*页/);
  });
});

describe('XLSX', () => {
  it('has one sheet per table with a bold, frozen header', () => {
    const wb = readXlsx(files.xlsx);
    expect(wb.sheetNames).toEqual(['总体', '规则', '单位排名', '督办', '挂牌督办', '趋势']);
    for (const name of wb.sheetNames) {
      expect(wb.sheetXml(name)).toMatch(
        /<pane [^>]*ySplit="1"[^>]*state="frozen"|<pane [^>]*state="frozen"[^>]*ySplit="1"/,
      );
      expect(wb.style(wb.sheet(name).get('A1')?.style ?? 0).bold, name).toBe(true);
      // printed on A4, all columns on one page's width
      expect(wb.sheetXml(name), name).toMatch(/<pageSetUpPr [^>]*fitToPage="1"/);
      expect(wb.sheetXml(name), name).toMatch(
        /<pageSetup [^>]*paperSize="9"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/,
      );
    }
    // the header row repeats on every printed page
    expect(unzipText(files.xlsx, 'xl/workbook.xml')).toMatch(/_xlnm.Print_Titles[^>]*>[^<]*\$1:\$1</);
  });

  it('stores counts and rates as numbers and unit codes as text', () => {
    const wb = readXlsx(files.xlsx);
    const units = wb.sheet('单位排名');
    UNITS.forEach((u, i) => {
      const row = i + 2;
      const code = units.get(`C${row}`);
      expect(code?.type === 's' || code?.type === 'inlineStr' || code?.type === 'str').toBe(true);
      expect(code?.value).toBe(u[2]);
      const due = units.get(`D${row}`);
      expect(due?.type).toBeNull();
      expect(Number(due?.value)).toBe(Number(u[3]));
    });
    const rate = units.get('H2');
    expect(rate?.type).toBeNull();
    expect(Number(rate?.value)).toBeCloseTo(196 / 200, 12);
    expect(wb.style(rate?.style ?? 0).numFmt).toBe('0.0%');
    const change = units.get('I5');
    expect(Number(change?.value)).toBe(-1.6);
    expect(wb.style(change?.style ?? 0).numFmt).toBe('"▲"0.0;"▼"0.0;"持平"');

    const rules = wb.sheet('规则');
    expect(rules.get('A2')?.value).toBe('R-PRO-12');
    expect(Number(rules.get('G2')?.value)).toBeCloseTo(9 / 60, 12);
    expect(rules.get('C12')?.value).toBe('条件类');
    expect(Number(rules.get('F12')?.value)).toBe(4);

    const summary = wb.sheet('总体');
    const byLabel = (label: string) => {
      const ref = [...summary.values()].find((c) => c.ref.startsWith('A') && c.value === label)?.ref;
      return summary.get(`B${ref?.slice(1)}`);
    };
    expect(byLabel('通报')?.value).toBe(TITLE);
    expect(byLabel('单位代码')).toMatchObject({ value: '450100000000', type: 's' });
    expect(byLabel('统计周期')?.value).toBe('2026-11-01至2026-11-30（2026年11月）');
    for (const [label, value] of SUMMARY) {
      const cell = byLabel(label);
      if (value.endsWith('%')) expect((Number(cell?.value) * 100).toFixed(1) + '%').toBe(value);
      else if (/^\d+$/.test(value)) expect([cell?.type, Number(cell?.value)]).toEqual([null, Number(value)]);
    }
    expect(Number(byLabel('合规率')?.value)).toBeCloseTo(1135 / 1200, 12);
    expect(Number(byLabel('较上期（百分点）')?.value)).toBe(0.8);
    expect(wb.sheetXml('单位排名')).toMatch(/<autoFilter ref="A1:I1"\/>/);

    const listed = wb.sheet('挂牌督办');
    expect(listed.get('C4')?.value).toBe('450103520000');
    expect(listed.get('C4')?.type).not.toBeNull();

    const trend = wb.sheet('趋势');
    expect(trend.get('A2')?.value).toBe('2026-11-01');
    expect(Number(trend.get('C4')?.value)).toBe(3);
    expect(trend.size).toBe(31 * 4);
  });
});

describe('PDF', () => {
  it('prints the title and every figure (pdftotext)', () => {
    const text = pdfText(files.pdf);
    const flat = text.replace(/\s+/g, '');
    expect(flat).toContain(TITLE);
    for (const h of HEADINGS) expect(flat).toContain(h);
    expect(flat).toContain('执法规范率（合规率）为94.6%，较上期（2026年10月）▲0.8个百分点');
    for (const [label, value] of SUMMARY)
      expect(text).toMatch(new RegExp(`${esc(label)}\\s+${esc(value)}\\s`));
    for (const r of DEADLINE_RULES) expect(text).toMatch(new RegExp(r.slice(3).map(esc).join('\\s+')));
    for (const r of DEADLINE_RULES) expect(flat).toContain(`${r[0]}`);
    for (const u of UNITS) expect(text).toMatch(new RegExp(u.slice(2).map(esc).join('\\s+')));
    for (const o of ORDERS) expect(text).toMatch(new RegExp(o.map(esc).join('\\s+')));
    for (const l of LISTED) expect(flat).toContain(l[0]);
    expect(text).toMatch(/第\s*1\s*页\s*共\s*4\s*页/);
  });
});

describe('a month with nothing to report', () => {
  it('still makes a DOCX and an XLSX that say so', async () => {
    const c = reportFixture();
    const quiet = {
      ...c,
      units: [],
      orders: {
        ...c.orders,
        issued: 0,
        received_on_time: 0,
        answered_on_time: 0,
        returned: 0,
        overdue: 0,
        listed: [],
      },
      series: {
        bucket: 'month' as const,
        points: [{ t: '2026-11', due: 0, violations: 0, compliance_rate: null }],
      },
    };
    const docx = path.join(dir, 'quiet.docx');
    const xlsx = path.join(dir, 'quiet.xlsx');
    fs.writeFileSync(docx, await renderReport(quiet, 'docx'));
    fs.writeFileSync(xlsx, await renderReport(quiet, 'xlsx'));
    const paragraphs = docxParagraphs(unzipText(docx, 'word/document.xml'));
    expect(paragraphs).toContain('本期未下发督办。');
    expect(paragraphs).toContain('本期无挂牌督办。');
    expect(paragraphs).toContain('本单位无下级单位。');
    expect(zipParts(docx).filter((p) => p.startsWith('word/media/'))).toHaveLength(1);
    const wb = readXlsx(xlsx);
    expect([...wb.sheet('挂牌督办').keys()].every((ref) => ref.endsWith('1'))).toBe(true);
    expect(wb.sheet('趋势').get('A2')?.value).toBe('2026-11');
    expect(wb.sheet('趋势').get('D2')?.value).toBe('—');
  });
});

describe('a county with 40 stations', () => {
  it('charts the 20 with the lowest compliance, and the chart fits the page', async () => {
    const c = reportFixture();
    const stations = Array.from({ length: 40 }, (_, i) => ({
      ...c.units[0]!,
      rank: i + 1,
      code: `450103${String(500000 + i * 100).padStart(6, '0')}`,
      name: `青秀区公安分局第${i + 1}派出所`,
      level: 'station' as const,
      due: 100,
      on_time: 100 - i,
      late_or_missing: i,
      compliance_rate: (100 - i) / 100,
    }));
    const file = path.join(dir, 'county.docx');
    fs.writeFileSync(file, await renderReport({ ...c, units: stations }, 'docx'));
    const xml = unzipText(file, 'word/document.xml');
    expect(docxParagraphs(xml)).toContain('图1\u3000所属单位合规率（合规率最低的20个单位）');
    expect(docxTables(xml)[3]).toHaveLength(41);
    // The A4 text height: 297 mm less the margins (1,700 + 1,600 twips), in EMU.
    const textHeightEmu = ((16838 - 1700 - 1600) / 1440) * 914400;
    const heights = [...xml.matchAll(/<wp:extent cx="(\d+)" cy="(\d+)"/g)].map((m) => Number(m[2]));
    expect(heights).toHaveLength(2);
    for (const h of heights) expect(h).toBeLessThan(textHeightEmu * 0.8);
  });
});

describe('without Chromium', () => {
  it('says which Chromium it could not start for the PDF', async () => {
    await expect(
      renderReport(reportFixture(), 'pdf', { chromiumPath: path.join(dir, 'no-chromium') }),
    ).rejects.toThrow(/cannot start Chromium at .*no-chromium to print the PDF \(CHROMIUM_PATH\)/);
  });
});

describe('screenshots', () => {
  it('renders the first two pages of the DOCX (LibreOffice) and of the PDF to test-artifacts/', () => {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const soffice = spawnSync('soffice', ['--version'], { encoding: 'utf8' });
    if (soffice.status !== 0) {
      console.warn('soffice (LibreOffice) is not installed: DOCX screenshots skipped');
    } else {
      const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-soffice-'));
      execFileSync('soffice', [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        path.join(dir, 'lo'),
        files.docx,
      ]);
      const converted = path.join(dir, 'lo', 'report.pdf');
      expect(pdfText(converted).replace(/\s+/g, '')).toContain(TITLE);
      pages(converted, 'report-docx');
      // The XLSX as a spreadsheet program prints it (needs LibreOffice Calc; Writer alone has no filter for it).
      const sheets = path.join(dir, 'lo-xlsx');
      spawnSync('soffice', [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--convert-to',
        'pdf',
        '--outdir',
        sheets,
        files.xlsx,
      ]);
      const printed = path.join(sheets, `${path.basename(files.xlsx, '.xlsx')}.pdf`);
      if (fs.existsSync(printed)) {
        expect(pdfText(printed)).toContain('应办');
        pages(printed, 'report-xlsx');
      } else console.warn('LibreOffice Calc is not installed: XLSX screenshots skipped');
      fs.rmSync(profile, { recursive: true, force: true });
    }
    pages(files.pdf, 'report-pdf');
    for (const name of ['report-pdf-p1.png', 'report-pdf-p2.png'])
      expect(fs.statSync(path.join(ARTIFACTS, name)).size).toBeGreaterThan(10_000);
  }, 180_000);
});

function pages(pdf: string, prefix: string): void {
  for (const p of [1, 2])
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      '80',
      '-f',
      `${p}`,
      '-l',
      `${p}`,
      '-singlefile',
      pdf,
      path.join(ARTIFACTS, `${prefix}-p${p}`),
    ]);
}

function esc(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
