import { tool } from '@langchain/core/tools';
import { z } from 'zod';
import type { AuditedQuery } from '../audit/audit-log.ts';
import type { QueryRunner } from '../query/query-runner.ts';
import { sqlBuilder } from '../query/sql-builder.ts';
import { runAudited } from './audited-query.ts';
import type { ResultSet, ToolArtifact } from './tool-artifact.ts';

export const ORDER_STORY = 'order_story';

type Records = Record<string, unknown>[];

/**
 * `order_story`: everything about one order in one call — the order and its customer, items, payments,
 * shipments, returns, notifications and the audit events — so "what happened to ORD-…?" needs no joins.
 */
export function orderStoryTool(runner: QueryRunner) {
  return tool(
    async ({ orderId }, config): Promise<[string, ToolArtifact]> => {
      const id = orderId.trim().toUpperCase();
      const k = sqlBuilder(runner.dialect);
      const statements: Record<string, string> = {
        order: k('orders as o')
          .join('customers as c', 'c.id', 'o.customer_id')
          .select(
            'o.*',
            'c.email as customer_email',
            'c.full_name as customer_name',
            'c.country as customer_country',
          )
          .where('o.id', id)
          .toQuery(),
        items: k('order_items as oi')
          .join('products as p', 'p.id', 'oi.product_id')
          .select(
            'oi.line_no',
            'oi.sku',
            'p.name',
            'p.category',
            'oi.quantity',
            'oi.unit_price',
            'oi.line_total',
          )
          .where('oi.order_id', id)
          .orderBy('oi.line_no')
          .toQuery(),
        payments: k('payments')
          .select('method', 'status', 'amount', 'provider_ref', 'created_at', 'updated_at')
          .where('order_id', id)
          .orderBy(['created_at', 'id'])
          .toQuery(),
        shipments: k('shipments')
          .select('carrier', 'tracking_number', 'status', 'shipped_at', 'delivered_at')
          .where('order_id', id)
          .orderBy('id')
          .toQuery(),
        returns: k('returns')
          .select(
            'reason',
            'comment',
            'sentiment',
            'sentiment_score',
            'status',
            'refund_amount',
            'requested_at',
            'resolved_at',
          )
          .where('order_id', id)
          .orderBy('id')
          .toQuery(),
        notifications: k('notifications')
          .select('channel', 'template', 'status', 'attempts', 'last_error', 'created_at', 'sent_at')
          .where('order_id', id)
          .orderBy('id')
          .toQuery(),
        events: k('order_events')
          .select('type', 'source', 'occurred_at', 'recorded_at')
          .where('order_id', id)
          .orderBy(['occurred_at', 'id'])
          .toQuery(),
      };
      const queries: AuditedQuery[] = [];
      const story: Record<string, Records> = {};
      let orderResult: ResultSet | undefined;
      const errors: string[] = [];
      for (const [section, sql] of Object.entries(statements)) {
        const run = await runAudited(runner, ORDER_STORY, sql, config?.signal);
        queries.push(run.audit);
        if (!run.ok) {
          errors.push(`${section}: ${run.message}`);
          continue;
        }
        story[section] = toRecords(run.result.columns, run.result.rows);
        if (section === 'order') {
          orderResult = {
            sql: run.result.sql,
            columns: run.result.columns,
            rows: run.result.rows,
            truncated: false,
          };
          if (run.result.rows.length === 0) break;
        }
      }
      const found = (story.order?.length ?? 0) > 0;
      const content = found
        ? { orderId: id, found, ...story, order: story.order?.[0], ...(errors.length ? { errors } : {}) }
        : { orderId: id, found, ...(errors.length ? { errors } : {}) };
      return [
        JSON.stringify(content),
        { tool: ORDER_STORY, queries, ...(orderResult ? { result: orderResult } : {}) },
      ];
    },
    {
      name: ORDER_STORY,
      description:
        "Look up one order's full story by its id (ORD-XXXXXXXXXX): status, totals, customer, items, payments, " +
        'shipments, returns, notifications and the audit events, in time order.',
      schema: z.object({
        orderId: z
          .string()
          .regex(/^[A-Za-z0-9-]{1,32}$/, 'an order id such as ORD-7K2M9Q4XHB')
          .describe('The order id, e.g. ORD-7K2M9Q4XHB'),
      }),
      responseFormat: 'content_and_artifact',
    },
  );
}

function toRecords(columns: string[], rows: unknown[][]): Records {
  return rows.map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])));
}
