import { describe, expect, it } from 'vitest';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import {
  addDays,
  endOfShanghaiDay,
  type HolidayCalendar,
  isWorkingDay,
  periodEnd,
  periodEndFromDay,
  shanghaiDay,
} from '../../shared/domain/calendar/service-periods';

/** An instant given as Shanghai wall-clock time. */
const shanghai = (wallClock: string) => new Date(`${wallClock}+08:00`);
const noHolidays: HolidayCalendar = { holidays: [], workingWeekends: [] };

describe('periodEnd', () => {
  it('does not count the start day', () => {
    // Prepare: Monday 2 March 2026, 10:00 in Shanghai
    const start = shanghai('2026-03-02T10:00:00');

    // Act
    const end = periodEnd(start, 30, chinaHolidayCalendar);

    // Assess: day 1 is 3 March, day 30 is Wednesday 1 April
    expect(end.lastDay).toBe('2026-04-01');
  });

  it('counts a one-day period as the next day', () => {
    // Prepare: Tuesday 3 March 2026
    const start = shanghai('2026-03-03T23:59:00');

    // Act
    const end = periodEnd(start, 1, chinaHolidayCalendar);

    // Assess
    expect(end.lastDay).toBe('2026-03-04');
  });

  it('ends at 24:00 Shanghai time of the last day', () => {
    // Prepare
    const start = shanghai('2026-03-02T10:00:00');

    // Act
    const end = periodEnd(start, 30, chinaHolidayCalendar);

    // Assess: 24:00 on 1 April in Shanghai is 16:00 UTC that day
    expect(end.endsAt.toISOString()).toBe('2026-04-01T16:00:00.000Z');
    expect(end.endsAt.getTime()).toBe(shanghai('2026-04-02T00:00:00').getTime());
  });

  it('moves a last day on a public holiday to the next working day', () => {
    // Prepare: 3 September + 30 days is 3 October, inside the National Day holiday (1–7 October 2026)
    const start = shanghai('2026-09-03T09:00:00');

    // Act
    const end = periodEnd(start, 30, chinaHolidayCalendar);

    // Assess: Thursday 8 October is the first working day after it
    expect(end.lastDay).toBe('2026-10-08');
    expect(end.endsAt.toISOString()).toBe('2026-10-08T16:00:00.000Z');
  });

  it('moves a last day in the Spring Festival past the whole holiday', () => {
    // Prepare: 21 January + 30 days is 20 February 2026, inside 15–23 February
    const start = shanghai('2026-01-21T15:00:00');

    // Act
    const end = periodEnd(start, 30, chinaHolidayCalendar);

    // Assess
    expect(end.lastDay).toBe('2026-02-24');
  });

  it('moves a last day on an ordinary weekend to Monday', () => {
    // Prepare: 5 February + 30 days is Saturday 7 March 2026
    const start = shanghai('2026-02-05T12:00:00');

    // Act
    const end = periodEnd(start, 30, chinaHolidayCalendar);

    // Assess
    expect(end.lastDay).toBe('2026-03-09');
  });

  it('keeps a last day on an official make-up working Saturday', () => {
    // Prepare: 29 January + 30 days is Saturday 28 February 2026, a make-up working day
    const start = shanghai('2026-01-29T12:00:00');

    // Act
    const end = periodEnd(start, 30, chinaHolidayCalendar);

    // Assess
    expect(end.lastDay).toBe('2026-02-28');
  });

  it('keeps a last day on a make-up working Sunday', () => {
    // Prepare: 4 January 2026 (Sunday) is a make-up working day; 3 December 2025 + 32 days lands there
    const end = periodEndFromDay('2025-12-03', 32, chinaHolidayCalendar);

    // Assess
    expect(end.lastDay).toBe('2026-01-04');
  });

  it('counts from the Shanghai date when UTC is still on the day before', () => {
    // Prepare: 16:30 UTC on 1 March is 00:30 on Monday 2 March in Shanghai
    const start = new Date('2026-03-01T16:30:00Z');

    // Act
    const end = periodEnd(start, 1, noHolidays);

    // Assess: the start day is 2 March (Shanghai), so the period ends on 3 March, not 2 March
    expect(shanghaiDay(start)).toBe('2026-03-02');
    expect(end.lastDay).toBe('2026-03-03');
  });

  it('counts from the Shanghai date one second before Shanghai midnight', () => {
    // Prepare: 15:59:59 UTC on 2 March is 23:59:59 on 2 March in Shanghai
    const start = new Date('2026-03-02T15:59:59Z');

    // Act
    const end = periodEnd(start, 1, noHolidays);

    // Assess
    expect(shanghaiDay(start)).toBe('2026-03-02');
    expect(end.lastDay).toBe('2026-03-03');
  });

  it('reads the holidays from the calendar it is given', () => {
    // Prepare: a calendar that makes Wednesday 1 April a holiday and Saturday 4 April a working day
    const calendar: HolidayCalendar = {
      holidays: ['2026-04-01', '2026-04-02', '2026-04-03'],
      workingWeekends: ['2026-04-04'],
    };

    // Act
    const end = periodEnd(shanghai('2026-03-02T10:00:00'), 30, calendar);

    // Assess
    expect(end.lastDay).toBe('2026-04-04');
  });

  it('refuses a period that is not a positive whole number of days', () => {
    // Prepare
    const start = shanghai('2026-03-02T10:00:00');

    // Act and assess
    expect(() => periodEnd(start, 0, chinaHolidayCalendar)).toThrow(RangeError);
    expect(() => periodEnd(start, 1.5, chinaHolidayCalendar)).toThrow(RangeError);
  });

  it('refuses a start day that is no calendar day', () => {
    expect(() => periodEndFromDay('2026-02-30', 1, chinaHolidayCalendar)).toThrow(RangeError);
    expect(() => periodEndFromDay('2026-3-1', 1, chinaHolidayCalendar)).toThrow(RangeError);
  });
});

describe('isWorkingDay', () => {
  it('knows weekdays, weekends, holidays and make-up days of 2026', () => {
    expect(isWorkingDay('2026-03-04', chinaHolidayCalendar)).toBe(true); // Wednesday
    expect(isWorkingDay('2026-03-07', chinaHolidayCalendar)).toBe(false); // Saturday
    expect(isWorkingDay('2026-10-05', chinaHolidayCalendar)).toBe(false); // National Day, Monday
    expect(isWorkingDay('2026-09-20', chinaHolidayCalendar)).toBe(true); // make-up Sunday
    expect(isWorkingDay('2026-10-10', chinaHolidayCalendar)).toBe(true); // make-up Saturday
  });
});

describe('the default China calendar', () => {
  it('lists make-up working days only on weekends, and holidays that are no make-up days', () => {
    // Act
    const weekdays = chinaHolidayCalendar.workingWeekends.map((day) => new Date(`${day}T00:00:00Z`).getUTCDay());
    const overlap = chinaHolidayCalendar.holidays.filter((day) => chinaHolidayCalendar.workingWeekends.includes(day));

    // Assess
    expect(weekdays.every((weekday) => weekday === 0 || weekday === 6)).toBe(true);
    expect(overlap).toEqual([]);
  });
});

describe('calendar days', () => {
  it('adds days across months and leap years', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
  });

  it('gives 24:00 in Shanghai as 16:00 UTC', () => {
    expect(endOfShanghaiDay('2026-06-30').toISOString()).toBe('2026-06-30T16:00:00.000Z');
  });
});
