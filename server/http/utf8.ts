/**
 * Where a body stops being UTF-8. Node's `buffer.isUtf8` answers whether (natively, fast); only when it says
 * no does `firstInvalidUtf8` look for the first bad byte, with the same rules (RFC 3629: no overlong forms,
 * no UTF-16 surrogates, nothing above U+10FFFF, no truncated sequence).
 */
import { isUtf8 } from 'node:buffer';

/** The length of the sequence that starts at `i`, or 0 when it is not well formed. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i] as number;
  if (c < 0x80) return 1;
  let len: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (c >= 0xc2 && c <= 0xdf) len = 2;
  else if (c >= 0xe0 && c <= 0xef) {
    len = 3;
    if (c === 0xe0) lo = 0xa0; // overlong below U+0800
    if (c === 0xed) hi = 0x9f; // surrogates U+D800–U+DFFF
  } else if (c >= 0xf0 && c <= 0xf4) {
    len = 4;
    if (c === 0xf0) lo = 0x90; // overlong below U+10000
    if (c === 0xf4) hi = 0x8f; // above U+10FFFF
  } else return 0;
  if (i + len > b.length) return 0;
  const second = b[i + 1] as number;
  if (second < lo || second > hi) return 0;
  for (let k = 2; k < len; k++) {
    const next = b[i + k] as number;
    if (next < 0x80 || next > 0xbf) return 0;
  }
  return len;
}

/** Bytes checked by one native call when looking for the first bad byte. */
const PROBE_BYTES = 256 * 1024;

/** The first offset at or before `i` (and after `from`) where a UTF-8 sequence may start (not 10xxxxxx). */
function sequenceStart(bytes: Uint8Array, i: number, from: number): number {
  let k = i;
  while (k > from && k > i - 4 && ((bytes[k] as number) & 0xc0) === 0x80) k--;
  return k;
}

/**
 * The offset of the first byte that is not part of well-formed UTF-8; -1 when all of it is. The body is
 * checked natively in slices that end where a sequence starts; only the first slice found bad is walked
 * byte by byte (so a bad byte at the end of 10 MiB costs one slice, not a JavaScript loop over the body).
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  if (isUtf8(bytes)) return -1;
  let from = 0;
  while (from < bytes.length) {
    const end =
      bytes.length - from <= PROBE_BYTES ? bytes.length : sequenceStart(bytes, from + PROBE_BYTES, from);
    const to = end > from ? end : Math.min(bytes.length, from + PROBE_BYTES);
    if (!isUtf8(bytes.subarray(from, to))) break;
    from = to;
  }
  let i = from;
  while (i < bytes.length) {
    const len = sequenceLength(bytes, i);
    if (len === 0) return i;
    i += len;
  }
  return -1;
}
