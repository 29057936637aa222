/**
 * Markdown text of a message for the group robots (WeCom, DingTalk): one list entry per item with its link,
 * cut to the vendor's byte limit with 「其余N条略」. The items' texts are made inert (no markup, no fake
 * @-mentions or <font> tags can come from a rule title or a unit name).
 */
import type { MessageItem, OutgoingMessage } from './types.js';

/** An item's text without the link at its end (the line ends with its link, see notify/texts.ts). */
export function lineText(item: Pick<MessageItem, 'line' | 'url'>): string {
  const line = item.line.trimEnd();
  return item.url && line.endsWith(item.url) ? line.slice(0, -item.url.length).trimEnd() : line;
}

const INERT: Record<string, string> = {
  '<': '＜',
  '>': '＞',
  '[': '［',
  ']': '］',
  '*': '＊',
  '`': "'",
  '#': '＃',
  _: '＿',
  '\n': ' ',
  '\r': ' ',
};

/** Text that renders as itself in the robots' markdown. */
export function inert(text: string): string {
  return text.replace(/[<>[\]*`#_\r\n]/g, (c) => INERT[c] ?? c);
}

/** A link target safe inside `[…](…)`: parentheses and spaces percent-encoded. */
function linkTarget(url: string): string {
  return url.replace(/[()\s]/g, (c) => encodeURIComponent(c));
}

/** One item as a markdown list entry. */
export function itemEntry(item: MessageItem): string {
  const text = inert(lineText(item));
  return item.url ? `- ${text} [查看](${linkTarget(item.url)})` : `- ${text}`;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The longest prefix of `s` (whole code points) of at most `max` UTF-8 bytes. */
export function cutToBytes(s: string, max: number): string {
  let out = '';
  let used = 0;
  for (const ch of s) {
    const b = bytes(ch);
    if (used + b > max) break;
    out += ch;
    used += b;
  }
  return out;
}

export interface RobotMarkdown {
  text: string;
  /** Items left out to stay within the byte limit. */
  cut: number;
}

/**
 * `### title`, the items, then `tail` (mentions), within `maxBytes` UTF-8 bytes: whole items while they fit,
 * then 「其余N条略」; a first item too long on its own is cut (its link may then be lost, said by the cut text).
 */
export function robotMarkdown(message: OutgoingMessage, tail: string, maxBytes: number): RobotMarkdown {
  const head = `### ${inert(message.title)}\n`;
  const end = tail ? `\n${tail}` : '';
  const entries = message.items.map(itemEntry);
  const fits = (shown: string[], left: number): boolean => bytes(compose(head, shown, left, end)) <= maxBytes;
  const shown: string[] = [];
  for (const entry of entries) {
    if (!fits([...shown, entry], entries.length - shown.length - 1)) break;
    shown.push(entry);
  }
  if (shown.length === 0 && entries.length > 0) {
    const room = maxBytes - bytes(compose(head, [''], entries.length - 1, end)) - bytes('…');
    shown.push(`${cutToBytes(entries[0]!, Math.max(0, room))}…`);
  }
  const cut = entries.length - shown.length;
  return { text: cutToBytes(compose(head, shown, cut, end), maxBytes), cut };
}

function compose(head: string, shown: string[], left: number, end: string): string {
  const more = left > 0 ? `\n其余${left}条略` : '';
  return `${head}${shown.join('\n')}${more}${end}`;
}
