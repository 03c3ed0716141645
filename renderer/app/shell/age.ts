// How long something has waited, in words a cashier reads at a glance ("12 min", "2 h 5 min").
import type { Translate } from '../../i18n/i18n.ts';

const minuteMs = 60_000;

export function formatAge(t: Translate, ageMs: number): string {
  const minutesTotal = Math.floor(Math.max(0, ageMs) / minuteMs);
  if (minutesTotal < 1) return t('age.lessThanMinute');
  if (minutesTotal < 60) return t('age.minutes', { minutes: minutesTotal });
  const hoursTotal = Math.floor(minutesTotal / 60);
  if (hoursTotal < 24) return t('age.hours', { hours: hoursTotal, minutes: minutesTotal % 60 });
  return t('age.days', { days: Math.floor(hoursTotal / 24), hours: hoursTotal % 24 });
}
