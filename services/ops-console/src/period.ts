/** Periods as the API takes them: `from` inclusive, `to` exclusive, whole UTC days (YYYY-MM-DD). */
export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
export const isoDay = (d: Date) => d.toISOString().slice(0, 10);
const parse = (day: string) => new Date(`${day}T00:00:00Z`);

export const periodDays = (p: Period) =>
  Math.round((parse(p.to).getTime() - parse(p.from).getTime()) / DAY_MS);

/** The `days` days up to and including today (UTC). */
export function lastDays(days: number, today = new Date()): Period {
  const to = new Date(parse(isoDay(today)).getTime() + DAY_MS);
  return { from: isoDay(new Date(to.getTime() - days * DAY_MS)), to: isoDay(to) };
}

/** The period of the same length just before. */
export function previousPeriod(p: Period): Period {
  const days = periodDays(p);
  return { from: isoDay(new Date(parse(p.from).getTime() - days * DAY_MS)), to: p.from };
}

/** Every day of the period, so a day without orders shows as 0 rather than vanishing from the chart. */
export function daysOf(p: Period): string[] {
  const out: string[] = [];
  for (let t = parse(p.from).getTime(); t < parse(p.to).getTime(); t += DAY_MS) out.push(isoDay(new Date(t)));
  return out;
}

/** Seconds since the epoch of a day, uPlot's time axis. */
export const dayToSeconds = (day: string) => parse(day).getTime() / 1000;
