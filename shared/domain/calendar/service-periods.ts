/**
 * Periods (DESIGN.md, "Rules that define correct behaviour"): counted in calendar days in
 * Asia/Shanghai; the day of the triggering event is not counted; a period whose last day is a public
 * holiday, or a weekend day that is not an official make-up working day, ends on the next working day
 * (Civil Procedure Law art. 85: 期间开始的时和日不计算在期间内; 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期).
 *
 * Asia/Shanghai has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact for
 * every date this platform handles and needs no time-zone database.
 */

/** Which days are not working days. Configuration: see `holiday-calendar-cn.ts` for the default. */
export interface HolidayCalendar {
  /** Public holidays, including the bridging days of the official schedule (YYYY-MM-DD). */
  holidays: readonly string[];
  /** Saturdays and Sundays that are official make-up working days (YYYY-MM-DD). */
  workingWeekends: readonly string[];
}

export interface PeriodEnd {
  /** The last day of the period, a calendar day in Asia/Shanghai (YYYY-MM-DD). */
  lastDay: string;
  /** 24:00 Asia/Shanghai of `lastDay`: the first instant after the period. */
  endsAt: Date;
}

const SHANGHAI_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
/** A holiday run longer than this means a broken calendar, not a long festival. */
const MAX_ROLL_OVER_DAYS = 31;

/** The Asia/Shanghai calendar day of an instant (YYYY-MM-DD). */
export function shanghaiDay(instant: Date): string {
  const time = instant.getTime();
  if (Number.isNaN(time)) throw new RangeError('Invalid date');
  return new Date(time + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** Midnight at the start of a Shanghai calendar day, as an instant. */
export function startOfShanghaiDay(day: string): Date {
  return new Date(dayNumber(day) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** 24:00 Asia/Shanghai of a calendar day (= 16:00 UTC of the same date). */
export function endOfShanghaiDay(day: string): Date {
  return new Date((dayNumber(day) + 1) * DAY_MS - SHANGHAI_OFFSET_MS);
}

/** The calendar day `days` after (or before, when negative) `day`. */
export function addDays(day: string, days: number): string {
  return fromDayNumber(dayNumber(day) + days);
}

/** Whether `day` is a working day: a weekday that is no holiday, or an official make-up weekend day. */
export function isWorkingDay(day: string, calendar: HolidayCalendar): boolean {
  if (calendar.holidays.includes(day)) return false;
  const weekday = new Date(dayNumber(day) * DAY_MS).getUTCDay();
  if (weekday === 0 || weekday === 6) return calendar.workingWeekends.includes(day);
  return true;
}

/** The first working day on or after `day`. */
export function nextWorkingDayFrom(day: string, calendar: HolidayCalendar): string {
  let candidate = day;
  for (let i = 0; i <= MAX_ROLL_OVER_DAYS; i++) {
    if (isWorkingDay(candidate, calendar)) return candidate;
    candidate = addDays(candidate, 1);
  }
  throw new RangeError(`No working day within ${MAX_ROLL_OVER_DAYS} days of ${day}: check the holiday calendar`);
}

/**
 * The end of a period of `days` days triggered on the Shanghai calendar day `startDay`: the start
 * day is not counted, so the count begins the next day; a last day that is no working day moves to
 * the next working day.
 */
export function periodEndFromDay(startDay: string, days: number, calendar: HolidayCalendar): PeriodEnd {
  if (!Number.isInteger(days) || days < 1) throw new RangeError(`A period is a positive whole number of days: ${days}`);
  const lastDay = nextWorkingDayFrom(addDays(startDay, days), calendar);
  return { lastDay, endsAt: endOfShanghaiDay(lastDay) };
}

/** The end of a period of `days` days triggered at the instant `start` (its Shanghai day is not counted). */
export function periodEnd(start: Date, days: number, calendar: HolidayCalendar): PeriodEnd {
  return periodEndFromDay(shanghaiDay(start), days, calendar);
}

function dayNumber(day: string): number {
  const match = ISO_DAY.exec(day);
  if (!match) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  const [, year, month, date] = match;
  const time = Date.UTC(Number(year), Number(month) - 1, Number(date));
  // Date.UTC rolls 2026-02-30 over to March; a real calendar day round-trips.
  if (fromDayNumber(time / DAY_MS) !== day) throw new RangeError(`Not a calendar day (YYYY-MM-DD): ${day}`);
  return time / DAY_MS;
}

function fromDayNumber(value: number): string {
  return new Date(value * DAY_MS).toISOString().slice(0, 10);
}
