import {
  EventHubBufferedProducerClient,
  type EventData,
  type EventHubBufferedProducerClientOptions,
} from '@azure/event-hubs';
import { CLOUDEVENTS_CONTENT_TYPE, encodeEvent, type OrderCloudEvent } from '../events/cloud-event.ts';
import type { EventHubConnection } from './event-hub-connection.ts';

/** The SDK's batching producer for either kind of connection (connection string or Entra ID). */
export function bufferedProducer(
  conn: EventHubConnection,
  options: EventHubBufferedProducerClientOptions,
): EventHubBufferedProducerClient {
  return conn.kind === 'connectionString'
    ? new EventHubBufferedProducerClient(conn.connectionString, conn.eventHubName, options)
    : new EventHubBufferedProducerClient(
        conn.fullyQualifiedNamespace,
        conn.eventHubName,
        conn.credential,
        options,
      );
}

/** An order event as it travels: structured-mode CloudEvent JSON, its id as the AMQP message id. */
export function orderEventData(event: OrderCloudEvent): EventData {
  return { body: encodeEvent(event), contentType: CLOUDEVENTS_CONTENT_TYPE, messageId: event.id };
}
