/**
 * Names the services, Ansible and auditors rely on (design §2 and §8). They are part of the product's
 * contract, so they are constants rather than configuration: changing one is a breaking change for the
 * consumer, the storefront and every archive reader.
 */

/** The Event Hub every order event goes to (`EVENTHUB_NAME`). */
export const ORDERS_HUB_NAME = 'orders';

/** Consumer groups on the orders hub: the on-prem OMS (`EVENTHUB_CONSUMER_GROUP`) and analytics readers. */
export const CONSUMER_GROUPS = { oms: 'oms', analytics: 'analytics' } as const;

/** Shared-access rules on the orders hub, one right each. */
export const HUB_ACCESS_RULES = { storefrontSend: 'storefront-send', omsListen: 'oms-listen' } as const;

/** Blob container Capture writes to (`ARCHIVE_CONTAINER`). */
export const ARCHIVE_CONTAINER = 'order-archive';

/** Blob container the OMS consumer keeps its checkpoints in (`CHECKPOINT_CONTAINER`). */
export const CHECKPOINT_CONTAINER = 'oms-checkpoints';

/**
 * Capture's standard blob name format. `oms archive verify|replay` parse this layout, so it is fixed
 * rather than configurable.
 */
export const CAPTURE_ARCHIVE_NAME_FORMAT =
  '{Namespace}/{EventHub}/{PartitionId}/{Year}/{Month}/{Day}/{Hour}/{Minute}/{Second}';

/** Capture's destination name for Blob Storage (the only value Azure accepts for block blobs). */
export const CAPTURE_DESTINATION_NAME = 'EventHubArchive.AzureBlockBlob';

/** Ten years including leap days: the archive's retention floor. */
export const TEN_YEARS_IN_DAYS = 3653;
