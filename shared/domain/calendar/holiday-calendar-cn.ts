import type { HolidayCalendar } from './service-periods';

/**
 * Mainland China's public holidays and official make-up working days (调休上班日), the default
 * configuration for counting periods.
 *
 * 2026: the State Council General Office's notice of 4 November 2025 (国务院办公厅关于2026年部分节假日安排的通知).
 *
 * 2027: NOT YET PUBLISHED when this was written (the notice usually appears in November of the
 * year before). The 2027 dates below are an ESTIMATE from the statutory festival days (Regulations on
 * National Holidays, as amended 2024: New Year 1, Spring Festival 4 incl. the eve, Qingming 1,
 * Labour Day 2, Dragon Boat 1, Mid-Autumn 1, National Day 3) and the usual bridging pattern.
 * Replace them with the official notice when it is out; this file is configuration, not logic.
 */
const holidays2026 = [
  // New Year: 1–3 January; 4 January (Sunday) is a working day.
  '2026-01-01',
  '2026-01-02',
  '2026-01-03',
  // Spring Festival: 15–23 February; 14 and 28 February (Saturdays) are working days.
  '2026-02-15',
  '2026-02-16',
  '2026-02-17',
  '2026-02-18',
  '2026-02-19',
  '2026-02-20',
  '2026-02-21',
  '2026-02-22',
  '2026-02-23',
  // Qingming: 4–6 April.
  '2026-04-04',
  '2026-04-05',
  '2026-04-06',
  // Labour Day: 1–5 May; 9 May (Saturday) is a working day.
  '2026-05-01',
  '2026-05-02',
  '2026-05-03',
  '2026-05-04',
  '2026-05-05',
  // Dragon Boat: 19–21 June.
  '2026-06-19',
  '2026-06-20',
  '2026-06-21',
  // Mid-Autumn: 25–27 September.
  '2026-09-25',
  '2026-09-26',
  '2026-09-27',
  // National Day: 1–7 October; 20 September (Sunday) and 10 October (Saturday) are working days.
  '2026-10-01',
  '2026-10-02',
  '2026-10-03',
  '2026-10-04',
  '2026-10-05',
  '2026-10-06',
  '2026-10-07',
];

const workingWeekends2026 = ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'];

/** ESTIMATE (see above): to be replaced by the official 2027 notice. */
const holidays2027 = [
  // New Year (Friday 1 January) with the weekend.
  '2027-01-01',
  '2027-01-02',
  '2027-01-03',
  // Spring Festival (the eve is Friday 5 February): 5–13 February.
  '2027-02-05',
  '2027-02-06',
  '2027-02-07',
  '2027-02-08',
  '2027-02-09',
  '2027-02-10',
  '2027-02-11',
  '2027-02-12',
  '2027-02-13',
  // Qingming (Monday 5 April) with the weekend.
  '2027-04-03',
  '2027-04-04',
  '2027-04-05',
  // Labour Day: 1–5 May.
  '2027-05-01',
  '2027-05-02',
  '2027-05-03',
  '2027-05-04',
  '2027-05-05',
  // Dragon Boat (Wednesday 9 June): the day itself.
  '2027-06-09',
  // Mid-Autumn (Wednesday 15 September): the day itself.
  '2027-09-15',
  // National Day: 1–7 October.
  '2027-10-01',
  '2027-10-02',
  '2027-10-03',
  '2027-10-04',
  '2027-10-05',
  '2027-10-06',
  '2027-10-07',
];

/** ESTIMATE (see above). */
const workingWeekends2027 = ['2027-01-31', '2027-02-20', '2027-05-08', '2027-09-26', '2027-10-09'];

export const chinaHolidayCalendar: HolidayCalendar = {
  holidays: [...holidays2026, ...holidays2027],
  workingWeekends: [...workingWeekends2026, ...workingWeekends2027],
};
