/**
 * The unit directory of the Guangxi Zhuang Autonomous Region public security organs: the department (厅),
 * 14 city bureaus (市局), their district sub-bureaus (分局) and county bureaus (县局/市局), and 3–8 police
 * stations (派出所) under each. Codes follow common/units.ts: 45 → 4501 → 450103 → 450103520000.
 */
import type { Unit } from '../../common/units.js';
import { GUANGXI_CITIES } from './guangxi-data.js';

export const PROVINCE_CODE = '450000000000';
const TIME_ZONE = 'Asia/Shanghai';

function countyUnitName(cityName: string, countyName: string): string {
  if (countyName.endsWith('区')) return `${cityName}市公安局${countyName.slice(0, -1)}分局`;
  return `${countyName}公安局`;
}

function countyUnitNameEn(cityPinyin: string, countyName: string, pinyin: string): string {
  if (countyName.endsWith('区')) return `${pinyin} Branch, ${cityPinyin} Public Security Bureau`;
  if (countyName.endsWith('市')) return `${pinyin} City Public Security Bureau`;
  return `${pinyin} County Public Security Bureau`;
}

/** Parses "新竹:Xinzhu 中山:Zhongshan" into [name, pinyin] pairs. */
function parseStations(list: string): [string, string][] {
  return list.split(' ').map((pair) => {
    const [zh, en] = pair.split(':');
    if (!zh || !en) throw new Error(`bad station entry "${pair}"`);
    return [zh, en];
  });
}

let cache: readonly Unit[] | undefined;

/** Every unit of the directory, parents before children. Returns a fresh copy on each call. */
export function guangxiUnits(): Unit[] {
  cache ??= build();
  return cache.map((u) => ({ ...u }));
}

function build(): Unit[] {
  const units: Unit[] = [
    {
      code: PROVINCE_CODE,
      name: '广西壮族自治区公安厅',
      name_en: 'Guangxi Zhuang Autonomous Region Public Security Department',
      parent: null,
      level: 'province',
      time_zone: TIME_ZONE,
    },
  ];
  for (const [prefix, cityName, cityPinyin, , counties] of GUANGXI_CITIES) {
    const cityCode = prefix.padEnd(12, '0');
    units.push({
      code: cityCode,
      name: `${cityName}市公安局`,
      name_en: `${cityPinyin} Municipal Public Security Bureau`,
      parent: PROVINCE_CODE,
      level: 'city',
      time_zone: TIME_ZONE,
    });
    for (const [code6, countyName, pinyin, stationList] of counties) {
      const countyCode = code6.padEnd(12, '0');
      units.push({
        code: countyCode,
        name: countyUnitName(cityName, countyName),
        name_en: countyUnitNameEn(cityPinyin, countyName, pinyin),
        parent: cityCode,
        level: 'county',
        time_zone: TIME_ZONE,
      });
      parseStations(stationList).forEach(([zh, en], i) => {
        units.push({
          code: `${code6}${50 + i}0000`,
          name: `${zh}派出所`,
          name_en: `${en} Police Station`,
          parent: countyCode,
          level: 'station',
          time_zone: TIME_ZONE,
        });
      });
    }
  }
  return units;
}

const CITY_POPULATION = new Map<string, number>(GUANGXI_CITIES.map((c) => [c[0], c[3]]));

/**
 * Relative weight of a station for the incident distribution: its city's population shared among the
 * city's stations, with urban district stations (县级代码 01–20) twice as busy. Unknown units weigh 1.
 */
export function stationWeights(stations: readonly Unit[]): number[] {
  const perCity = new Map<string, number>();
  for (const s of stations) perCity.set(s.code.slice(0, 4), (perCity.get(s.code.slice(0, 4)) ?? 0) + 1);
  return stations.map((s) => {
    const pop = CITY_POPULATION.get(s.code.slice(0, 4));
    if (pop === undefined) return 1;
    const urban = Number(s.code.slice(4, 6)) <= 20 ? 2 : 1;
    return (urban * pop * 100) / (perCity.get(s.code.slice(0, 4)) ?? 1);
  });
}
