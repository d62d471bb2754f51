import type { Lang } from './language';

/**
 * Every time a person reads is Beijing time with the zone named (DESIGN.md: periods are counted in
 * Asia/Shanghai), whatever the browser's or the server's zone. `date` leaves out the hour.
 */
export function beijingTime(iso: string, lang: Lang, options: { date?: boolean } = {}): string {
  const parts = beijingParts(iso);
  if (!parts) return iso;
  const day = `${parts.year}-${parts.month}-${parts.day}`;
  const text = options.date ? day : `${day} ${parts.hour}:${parts.minute}`;
  return lang === 'zh' ? `${text}（北京时间）` : `${text} Beijing time (UTC+8)`;
}

/**
 * A period's last day, the whole day included (DESIGN.md: periods are counted in calendar days in
 * Asia/Shanghai): its end instant is midnight after it, which as a time would read as the next day.
 */
export function lastDayText(deadline: { lastDay: string }, lang: Lang): string {
  return lang === 'zh'
    ? `${deadline.lastDay} 当日止（北京时间）`
    : `${deadline.lastDay}, to the end of the day, Beijing time (UTC+8)`;
}

/** A time as the /verify page shows it (the same in both languages): `2025/01/02 10:00 (UTC+8)`. */
export function shanghaiTime(iso: string): string {
  const parts = beijingParts(iso);
  if (!parts) return iso;
  return `${parts.year}/${parts.month}/${parts.day} ${parts.hour}:${parts.minute} (UTC+8)`;
}

/** The instant's fields in Asia/Shanghai (`year`, `month`, `day`, `hour`, `minute`, two digits but the year); none for a time that does not parse. */
function beijingParts(iso: string): Partial<Record<string, string>> | undefined {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return undefined;
  return Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
}

/** The machine-readable value of a `<time datetime>` for the same instant. */
export function isoInstant(iso: string): string {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? iso : at.toISOString();
}
