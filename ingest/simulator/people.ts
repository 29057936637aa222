/**
 * Fake but plausible personal data for simulated events: names with surnames common in Guangxi (including
 * Zhuang surnames), 18-digit resident ID numbers with a valid GB 11643 check digit and a Guangxi region
 * code, and mobile numbers. None of it refers to a real person.
 */
import type { Rng } from './rng.js';

const SURNAMES: readonly (readonly [string, number])[] = [
  ['黄', 9],
  ['李', 7],
  ['韦', 6],
  ['陈', 6],
  ['梁', 5],
  ['刘', 4],
  ['覃', 4],
  ['莫', 3],
  ['蒙', 3],
  ['罗', 3],
  ['张', 3],
  ['林', 3],
  ['周', 2],
  ['吴', 2],
  ['杨', 2],
  ['王', 2],
  ['廖', 2],
  ['陆', 2],
  ['谢', 2],
  ['邓', 2],
  ['农', 1],
  ['唐', 1],
  ['蓝', 1],
  ['潘', 1],
  ['赵', 1],
  ['卢', 1],
  ['甘', 1],
];
const GIVEN = '伟芳军敏静丽强磊洋艳勇杰娟涛明超秀霞平刚桂英华玲海斌宁春燕文建红志荣国东兰琳晓凤德福昌宏';

export interface Person {
  name: string;
  idNumber: string;
  phone: string;
}

export function personName(rng: Rng): string {
  const surname = rng.weighted(SURNAMES);
  const n = rng.chance(0.7) ? 2 : 1;
  let given = '';
  for (let i = 0; i < n; i++) given += rng.pick([...GIVEN]);
  return surname + given;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** A resident ID number: region (6) + birth date (8) + sequence (3) + check character. */
export function idNumber(rng: Rng, regionCode: string, atMs: number): string {
  const ageYears = rng.int(16, 72);
  const birth = new Date(atMs - ageYears * 365.25 * 86_400_000 - rng.int(0, 364) * 86_400_000);
  const ymd = birth.toISOString().slice(0, 10).replaceAll('-', '');
  const body = `${regionCode.slice(0, 6)}${ymd}${String(rng.int(1, 999)).padStart(3, '0')}`;
  return body + idCheckChar(body);
}

const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152'];
const MOBILE_PREFIXES_2 = [
  '155',
  '156',
  '157',
  '158',
  '159',
  '177',
  '180',
  '181',
  '182',
  '186',
  '187',
  '188',
  '199',
];

export function phone(rng: Rng): string {
  const prefix = rng.pick(rng.chance(0.5) ? MOBILE_PREFIXES : MOBILE_PREFIXES_2);
  return prefix + String(rng.int(0, 99_999_999)).padStart(8, '0');
}

export function person(rng: Rng, regionCode: string, atMs: number): Person {
  return { name: personName(rng), idNumber: idNumber(rng, regionCode, atMs), phone: phone(rng) };
}

/** Check character (GB 11643) of the first 17 digits of an ID number. */
export function idCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] ?? '?';
}
