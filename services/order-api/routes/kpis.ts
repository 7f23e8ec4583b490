import { Router } from 'express';
import { z } from 'zod';
import type { Db } from '../../shared/db/connection.ts';
import {
  ForecastHistoryError,
  GROUP_BYS,
  KPI_CATALOGUE,
  revenueForecast,
  runKpis,
} from '../../shared/kpis/index.ts';
import type { ApiSecurity } from '../security/api-security.ts';
import { sendProblem } from '../problem.ts';
import { fieldErrors, invalid } from './command-answer.ts';

/** The longest period one request may cover: a day grouping over it stays a few thousand rows. */
const MAX_DAYS = 3 * 366;
const DAY_MS = 86_400_000;

/** `2026-10-01`: a real calendar date, midnight UTC (2026-02-30 is refused, not rolled over). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
  .transform((value, ctx) => {
    const date = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
      ctx.addIssue({ code: 'custom', message: 'is not a calendar date' });
      return z.NEVER;
    }
    return date;
  });

const KPI_IDS = KPI_CATALOGUE.map((k) => k.id) as [string, ...string[]];

const kpiQuery = z
  .object({
    from: day,
    /** Exclusive: `from=2026-10-01&to=2026-11-01` is October. */
    to: day,
    groupBy: z.enum(GROUP_BYS).optional(),
    /** Comma-separated KPI ids; all of them when absent. */
    kpis: z
      .string()
      .transform((s) => s.split(',').filter(Boolean))
      .pipe(z.array(z.enum(KPI_IDS)).min(1))
      .optional(),
  })
  .refine((q) => q.to > q.from, { path: ['to'], message: 'must be after from' })
  .refine((q) => q.to.getTime() - q.from.getTime() <= MAX_DAYS * DAY_MS, {
    path: ['to'],
    message: `the period may cover at most ${MAX_DAYS} days`,
  });

const forecastQuery = z.object({
  days: z.coerce.number().int().min(1).max(60).default(14),
  /** The first forecast day; today (UTC) when absent. */
  now: day.optional(),
});

/**
 * `GET /api/kpis?from&to&groupBy[&kpis]` (operators): the catalogue's figures for [from, to), the same
 * definitions as `oms report daily`. KPIs that cannot take the grouping are named in `skipped`.
 */
export function kpiRoutes(db: Db, security: ApiSecurity): Router {
  const router = Router();
  router.get('/api/kpis', security.requireOperator, async (req, res) => {
    const parsed = kpiQuery.safeParse(req.query);
    if (!parsed.success) return invalid(res, fieldErrors(parsed.error));
    const { from, to, groupBy, kpis } = parsed.data;
    const result = await runKpis(db, { from, to, groupBy, ids: kpis });
    res.json({
      from: from.toISOString().slice(0, 10),
      to: to.toISOString().slice(0, 10),
      groupBy: groupBy ?? null,
      ...result,
    });
  });
  /** `GET /api/kpis/forecast?days=14[&now=YYYY-MM-DD]`: the same answer as `oms report forecast --format json`. */
  router.get('/api/kpis/forecast', security.requireOperator, async (req, res) => {
    const parsed = forecastQuery.safeParse(req.query);
    if (!parsed.success) return invalid(res, fieldErrors(parsed.error));
    try {
      res.json(await revenueForecast(db, parsed.data.now ?? new Date(), parsed.data.days));
    } catch (err) {
      // Too little history is a fact about the data, not a server fault.
      if (err instanceof ForecastHistoryError) {
        return sendProblem(res, 422, 'Not enough history', err.message);
      }
      throw err;
    }
  });
  return router;
}
