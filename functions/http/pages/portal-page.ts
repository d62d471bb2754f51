/**
 * A time as the /verify page shows it, in Beijing time with its offset. (The portal's own pages are
 * on the page kit: pages/portal/portal-pages.tsx.)
 */
export function shanghaiTime(iso: string): string {
  const text = new Intl.DateTimeFormat('zh-CN', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(new Date(iso));
  return `${text} (UTC+8)`;
}
