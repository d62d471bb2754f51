import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import { type HolidayCalendar, periodEnd } from '../../shared/domain/calendar/service-periods';

/**
 * The rule (service-periods.ts, Civil Procedure Law art. 85): counted in calendar days in
 * Asia/Shanghai; the start day is not counted, so the nominal last day is the start day + n; a nominal
 * last day that is a public holiday, or a weekend day that is no official make-up working day, moves
 * to the next working day. The oracle below is written from that rule, not from the module: whole
 * days since the epoch, Shanghai being UTC+8 all year.
 */
const DAY_MS = 86_400_000;
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

const shanghaiDayNumber = (instant: Date) => Math.floor((instant.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS);
const isoDay = (dayNumber: number) => new Date(dayNumber * DAY_MS).toISOString().slice(0, 10);
const dayNumberOf = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / DAY_MS;
const isWeekend = (dayNumber: number) => [0, 6].includes(new Date(dayNumber * DAY_MS).getUTCDay());

function isRestDay(dayNumber: number, calendar: HolidayCalendar): boolean {
  const iso = isoDay(dayNumber);
  if (calendar.holidays.includes(iso)) return true;
  return isWeekend(dayNumber) && !calendar.workingWeekends.includes(iso);
}

/** From mid-2025 to mid-2028: the configured years 2026–2027 and ordinary years on both sides. */
const FIRST_DAY = dayNumberOf('2025-06-01');
const LAST_DAY = dayNumberOf('2028-06-30');

/** Any instant, with extra weight on the last and first seconds of a Shanghai day (16:00 UTC). */
const startInstant = fc.oneof(
  fc.date({ min: new Date(FIRST_DAY * DAY_MS), max: new Date(LAST_DAY * DAY_MS), noInvalidDate: true }),
  fc
    .tuple(fc.integer({ min: FIRST_DAY, max: LAST_DAY }), fc.integer({ min: -2_000, max: 2_000 }))
    .map(([day, ms]) => new Date(day * DAY_MS - SHANGHAI_OFFSET_MS + ms)),
);

/** Lengths the platform uses (7, 15, 30 days…) and any other up to a bit over a year. */
const periodDays = fc.oneof(
  fc.constantFrom(1, 3, 5, 7, 10, 15, 20, 30, 60),
  fc.integer({ min: 1, max: 45 }),
  fc.integer({ min: 1, max: 400 }),
);

/**
 * A made-up calendar dense around the nominal last day of the period it comes with: up to 20
 * holidays and make-up weekend days in the 31 days from five days before it, so holiday runs, make-up
 * days and holidays falling on weekends all occur (runs stay far below the 31-day roll-over limit).
 */
const periodWithDenseCalendar = fc.record({ start: startInstant, days: periodDays }).chain(({ start, days }) => {
  const nominal = shanghaiDayNumber(start) + days;
  const window = Array.from({ length: 31 }, (_, i) => nominal - 5 + i);
  return fc
    .record({
      holidays: fc.subarray(window, { maxLength: 20 }),
      workingWeekends: fc.subarray(window.filter(isWeekend)),
    })
    .map(({ holidays, workingWeekends }) => ({
      start,
      days,
      calendar: {
        holidays: holidays.map(isoDay),
        // A day is a holiday or a make-up working day, never both (as in the official schedule).
        workingWeekends: workingWeekends.filter((day) => !holidays.includes(day)).map(isoDay),
      } satisfies HolidayCalendar,
    }));
});

const periodWithChinaCalendar = fc.record({
  start: startInstant,
  days: periodDays,
  calendar: fc.constant<HolidayCalendar>(chinaHolidayCalendar),
});

const anyPeriod = fc.oneof(periodWithChinaCalendar, periodWithDenseCalendar);

describe('periodEnd', () => {
  it('does not count the start day: the last day is at least n days after the Shanghai start day', () => {
    fc.assert(
      fc.property(anyPeriod, ({ start, days, calendar }) => {
        // Act
        const end = periodEnd(start, days, calendar);

        // Assess
        expect(dayNumberOf(end.lastDay)).toBeGreaterThanOrEqual(shanghaiDayNumber(start) + days);
      }),
      { numRuns: 300 },
    );
  });

  it('never ends on a public holiday, nor on a weekend day that is no make-up working day', () => {
    fc.assert(
      fc.property(anyPeriod, ({ start, days, calendar }) => {
        // Act
        const end = periodEnd(start, days, calendar);

        // Assess
        expect(isRestDay(dayNumberOf(end.lastDay), calendar)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('ends on the first working day on or after the nominal last day (start day + n)', () => {
    fc.assert(
      fc.property(anyPeriod, ({ start, days, calendar }) => {
        // Prepare
        const nominal = shanghaiDayNumber(start) + days;

        // Act
        const end = periodEnd(start, days, calendar);

        // Assess: every day it skipped was a rest day
        for (let day = nominal; day < dayNumberOf(end.lastDay); day++) {
          expect(isRestDay(day, calendar), isoDay(day)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('ends exactly on the nominal last day when that day is a working day', () => {
    fc.assert(
      fc.property(anyPeriod, ({ start, days, calendar }) => {
        // Prepare
        const nominal = shanghaiDayNumber(start) + days;
        fc.pre(!isRestDay(nominal, calendar));

        // Act
        const end = periodEnd(start, days, calendar);

        // Assess
        expect(end.lastDay).toBe(isoDay(nominal));
      }),
      { numRuns: 200 },
    );
  });

  it('ends at 24:00 Asia/Shanghai of its last day, after the start', () => {
    fc.assert(
      fc.property(anyPeriod, ({ start, days, calendar }) => {
        // Act
        const end = periodEnd(start, days, calendar);

        // Assess
        expect(end.endsAt.getTime()).toBe(Date.parse(`${end.lastDay}T00:00:00+08:00`) + DAY_MS);
        expect(end.endsAt.getTime()).toBeGreaterThan(start.getTime());
      }),
      { numRuns: 200 },
    );
  });

  it('never ends earlier for a later start of a period of the same length', () => {
    fc.assert(
      fc.property(startInstant, startInstant, periodDays, (a, b, days) => {
        // Prepare
        const [earlier, later] = a.getTime() <= b.getTime() ? [a, b] : [b, a];

        // Act
        const earlierEnd = periodEnd(earlier, days, chinaHolidayCalendar);
        const laterEnd = periodEnd(later, days, chinaHolidayCalendar);

        // Assess
        expect(laterEnd.endsAt.getTime()).toBeGreaterThanOrEqual(earlierEnd.endsAt.getTime());
      }),
      { numRuns: 300 },
    );
  });

  it('never ends earlier for a later start a few days apart, under a dense holiday calendar', () => {
    fc.assert(
      fc.property(
        periodWithDenseCalendar,
        fc.integer({ min: 0, max: 10 * DAY_MS }),
        ({ start, days, calendar }, gap) => {
          // Prepare: both nominal last days fall in or near the calendar's dense window
          const later = new Date(start.getTime() + gap);

          // Act
          const earlierEnd = periodEnd(start, days, calendar);
          const laterEnd = periodEnd(later, days, calendar);

          // Assess
          expect(laterEnd.lastDay >= earlierEnd.lastDay).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('never ends earlier for a longer period from the same start', () => {
    fc.assert(
      fc.property(startInstant, periodDays, periodDays, (start, a, b) => {
        // Prepare
        const [shorter, longer] = a <= b ? [a, b] : [b, a];

        // Act
        const shorterEnd = periodEnd(start, shorter, chinaHolidayCalendar);
        const longerEnd = periodEnd(start, longer, chinaHolidayCalendar);

        // Assess
        expect(longerEnd.lastDay >= shorterEnd.lastDay).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
