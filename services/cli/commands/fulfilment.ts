import type { Command } from 'commander';
import type { z } from 'zod';
import { eventHubConnection } from '../../shared/azure/event-hub-connection.ts';
import { loadConfig } from '../../shared/config.ts';
import { connect } from '../../shared/db/connection.ts';
import { deliveryRequest, shipmentRequest } from '../../shared/events/order-request.ts';
import { UsageError } from '../../shared/usage-error.ts';
import { eventHubSettings } from '../../local/local-endpoints.ts';
import type { CommandResult, OrderCommands } from '../../order-api/index.ts';

/** The same request schema as the HTTP endpoint, with each bad field named as a flag. */
function parse<T>(schema: z.ZodType<T>, input: unknown, flagOf: Record<string, string>): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues.map(
    (i) => `${flagOf[String(i.path[0])] ?? i.path.join('.')} ${i.message}`,
  );
  throw new UsageError(problems.join('; '));
}

/** Runs one order command against the configured database and hub, then closes both. */
async function run(
  command: (commands: OrderCommands) => Promise<CommandResult>,
  json: boolean,
): Promise<void> {
  const config = loadConfig();
  const db = await connect(config.databaseUrl);
  const { createEventHubPublisher, orderCommands } = await import('../../order-api/index.ts');
  const publisher = createEventHubPublisher(eventHubConnection(eventHubSettings(config)));
  try {
    const result = await command(orderCommands(db, publisher));
    if (!result.ok) throw new Error(`${result.title}: ${result.detail}`);
    process.stdout.write(
      json
        ? `${JSON.stringify({ orderId: result.orderId, eventId: result.eventId })}\n`
        : `Recorded for ${result.orderId} (event ${result.eventId}); the consumer applies it in a moment.\n`,
    );
  } finally {
    await publisher.close();
    await db.destroy();
  }
}

/**
 * `oms ship` / `oms deliver`: what the warehouse and the carriers report, for operators without an
 * integration, through the same checks and events as POST /api/fulfilment/shipments and /deliveries.
 */
export function registerFulfilmentCommands(program: Command): void {
  program
    .command('ship')
    .description('Record that an order left the warehouse (captures its payment).')
    .argument('<orderId>', 'order number, e.g. ORD-7K2M9Q4XHB')
    .requiredOption('--carrier <name>', 'carrier, e.g. DHL')
    .requiredOption('--tracking <number>', "the carrier's tracking number")
    .option('--json', 'machine-readable output', false)
    .action(async (orderId: string, flags: { carrier: string; tracking: string; json: boolean }) => {
      const req = parse(
        shipmentRequest,
        { orderId, carrier: flags.carrier, trackingNumber: flags.tracking },
        { orderId: '<orderId>', carrier: '--carrier', trackingNumber: '--tracking' },
      );
      await run((c) => c.ship(req.orderId, req.carrier, req.trackingNumber), flags.json);
    });

  program
    .command('deliver')
    .description('Record that an order reached the customer.')
    .argument('<orderId>', 'order number, e.g. ORD-7K2M9Q4XHB')
    .option('--at <time>', 'when it was delivered, ISO-8601 (default: now)')
    .option('--json', 'machine-readable output', false)
    .action(async (orderId: string, flags: { at?: string; json: boolean }) => {
      const req = parse(
        deliveryRequest,
        { orderId, ...(flags.at ? { deliveredAt: flags.at } : {}) },
        { orderId: '<orderId>', deliveredAt: '--at' },
      );
      await run(
        (c) => c.deliver(req.orderId, req.deliveredAt ? new Date(req.deliveredAt) : new Date()),
        flags.json,
      );
    });
}
