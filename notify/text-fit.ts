/**
 * Fitting a notification line into one SMS segment (70 UTF-16 units, as UCS-2 SMS counts them) with its
 * link: the text part is shortened, never the link — the rule title first (with 「…」), then the brand
 * 【守望】 goes, the unit name is shortened, and whole parts are dropped: the title, the timing, the unit, the
 * kind — the severity and the re-notification / escalation words stay. Pure.
 */

/** Characters of one UCS-2 SMS segment: the bound of every line, link included. */
export const LINE_MAX = 70;

export interface LinePart {
  key: 'brand' | 'kind' | 'severity' | 'unit' | 'title' | 'timing' | 'renotify' | 'escalation';
  text: string;
  /** The shortest this part may be cut to, 「…」 included; absent: never cut (only dropped). */
  min?: number;
}

export interface FittedLine {
  line: string;
  /** Characters the line is still over LINE_MAX (its link alone is too long); 0 when it fits. */
  cut: number;
}

/** The text: the brand glued to what follows, the other parts separated by spaces. */
function textOf(parts: LinePart[]): string {
  const brand = parts.find((p) => p.key === 'brand')?.text ?? '';
  return (
    brand +
    parts
      .filter((p) => p.key !== 'brand' && p.text)
      .map((p) => p.text)
      .join(' ')
  );
}

/** The first `n` UTF-16 units of `s`, one less rather than half a surrogate pair. */
function head(s: string, n: number): string {
  const code = s.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? s.slice(0, n - 1) : s.slice(0, n);
}

/** `parts` with part `key` shortened by up to `over` characters, down to its `min` at most. */
function shorten(parts: LinePart[], key: LinePart['key'], over: number): LinePart[] {
  return parts.map((p) => {
    if (p.key !== key || p.min === undefined || p.text.length <= p.min) return p;
    const keep = Math.max(p.min, p.text.length - over);
    return keep >= p.text.length ? p : { ...p, text: `${head(p.text, keep - 1)}…` };
  });
}

const drop = (parts: LinePart[], key: LinePart['key']): LinePart[] => parts.filter((p) => p.key !== key);

/** The steps tried in turn until the line fits. */
const STEPS: ((parts: LinePart[], over: number) => LinePart[])[] = [
  (p, over) => shorten(p, 'title', over),
  (p) => drop(p, 'brand'),
  (p, over) => shorten(p, 'unit', over),
  (p) => drop(p, 'title'),
  (p) => drop(p, 'timing'),
  (p) => drop(p, 'unit'),
  (p) => drop(p, 'kind'),
];

/** The line `text link` within LINE_MAX, the text shortened as needed. */
export function fitLine(parts: LinePart[], link: string): FittedLine {
  const compose = (ps: LinePart[]): string => (link ? `${textOf(ps)} ${link}` : textOf(ps));
  let current = parts;
  for (const step of STEPS) {
    const over = compose(current).length - LINE_MAX;
    if (over <= 0) break;
    current = step(current, over);
  }
  const line = compose(current);
  return { line, cut: Math.max(0, line.length - LINE_MAX) };
}
