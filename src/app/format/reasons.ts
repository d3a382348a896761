import type { Reason } from '../../contract/index.js';
import type { Translate } from '../i18n/translate.js';
import { formatDayRange, formatInZone, humanizeMessage } from './dates.js';

/**
 * Why a window cannot be booked, for an agent: "Too soon: needs 7 days' notice, earliest Wed, Dec 9, 3:35 AM",
 * "Year-end freeze, Dec 24 – Jan 4", "Full: 3 of 3 places booked". The reason's facts come from the backend;
 * without them (an older backend) its message is shown with readable dates.
 */
export function describeReason(reason: Reason, t: Translate, locale: string, zone: string): string {
  switch (reason.code) {
    case 'LEAD_TIME':
      if (reason.earliest === undefined || reason.leadTime === undefined) break;
      return t('reasons.leadTime', {
        notice: describeNotice(reason.leadTime, t, locale),
        earliest: formatInZone(reason.earliest, zone, locale),
      });
    case 'BLACKOUT': {
      if (reason.blackout === undefined) break;
      const { start, end, reason: label } = reason.blackout;
      const days = formatDayRange(start, end, zone, locale);
      return label === null || label.trim() === '' ? t('reasons.blackout', { days }) : `${label}, ${days}`;
    }
    case 'FULL':
      if (reason.booked === undefined || reason.capacity === undefined) break;
      return t('reasons.full', { booked: reason.booked, capacity: reason.capacity });
    case 'IN_PAST':
      return t('reasons.inPast');
    case 'NOT_A_WINDOW':
      return t('reasons.notAWindow');
  }
  return humanizeMessage(reason.message, zone, locale);
}

// Weeks only when the policy speaks in weeks (P2W): "P7D" reads "7 days' notice", as the vendor wrote it.
const UNITS: [string, number][] = [
  ['day', 1440],
  ['hour', 60],
  ['minute', 1],
];

/** "P7D" → "7 days'" (en) / "7 jours" (fr): the largest unit that divides the lead time. */
function describeNotice(leadTime: string, t: Translate, locale: string): string {
  const match = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(leadTime);
  if (match === null) return leadTime;
  const [weeks, days, hours, minutes] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const total = weeks! * 7 * 1440 + days! * 1440 + hours! * 60 + minutes!;
  const inWeeks = weeks! > 0 && days! + hours! + minutes! === 0;
  const [unit, size] = inWeeks ? ['week', 7 * 1440] : UNITS.find(([, length]) => total % length === 0)!;
  const count = total / size;
  const plural = new Intl.PluralRules(locale).select(count) === 'one' ? 'one' : 'other';
  return t(`reasons.notice.${unit}.${plural}`, { count });
}
