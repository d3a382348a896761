/**
 * A policy (as JSON) with 96 windows a weekday, one every quarter of an hour: far more windows than the public
 * schedule lists (it is cut at 1,000, a little over two weeks), for the tests of that limit and of its cache.
 */
export const EVERY_QUARTER_HOUR_ON_WEEKDAYS = {
  timeZone: 'America/Chicago',
  rules: Array.from({ length: 96 }, (_, index) => ({
    id: `q${index}`,
    weekly: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'],
    start: `${String(Math.floor(index / 4)).padStart(2, '0')}:${String((index % 4) * 15).padStart(2, '0')}`,
    duration: 'PT15M',
  })),
};
