import { DateTime, IANAZone } from 'luxon';
import type { Instant } from '../../core/types.js';

/**
 * The zone name a reader of the public schedule expects next to a time (docs/API.md, Public schedule):
 * - North American zones: the generic ET, CT, MT, PT, the same summer and winter, as vendors publish them
 *   ("Wednesdays 17:30–20:30 ET");
 * - zones with a common European abbreviation: CET/CEST, GMT/BST, EET/EEST, WET/WEST (it says whether summer
 *   time applies);
 * - anywhere else the UTC offset, `UTC+05:30`: ICU's own fallback, `GMT+5:30`, reads as Greenwich time to many.
 *
 * ICU knows the US names only in its en-US data and the European ones only in en-GB: luxon asks it in both.
 * `offsetMinutes`, the zone's offset at `instant`, may be given by a caller that already knows it.
 */
export function zoneAbbreviation(instant: Instant, zone: string, offsetMinutes?: number): string {
  const offset = offsetMinutes ?? IANAZone.create(zone).offset(instant);
  const key = `${zone}|${offset}`;
  let name = NAMES.get(key);
  if (name === undefined) {
    name = abbreviationOf(DateTime.fromMillis(instant, { zone }));
    if (NAMES.size >= 10_000) NAMES.clear();
    NAMES.set(key, name);
  }
  return name;
}

/**
 * Kept per zone and offset: a luxon DateTime and its `offsetNameShort` cost up to 0.4 ms, twice a line of the page.
 * A zone's name for an offset does not change from one window to the next.
 */
const NAMES = new Map<string, string>();

function abbreviationOf(local: DateTime): string {
  const american = /^([ECMP])[SD]T$/.exec(local.setLocale('en-US').offsetNameShort ?? '');
  if (american !== null) return `${american[1]}T`;
  const european = local.setLocale('en-GB').offsetNameShort ?? '';
  if (/^[A-Z]{3,4}$/.test(european)) return european;
  return `UTC${local.toFormat('ZZ')}`;
}
