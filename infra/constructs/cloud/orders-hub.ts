import { Construct } from 'constructs';
import type { ITerraformDependable } from 'cdktf';
import { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub/index.js';
import { EventhubConsumerGroup } from '@cdktf/provider-azurerm/lib/eventhub-consumer-group/index.js';
import type { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace/index.js';
import type { StorageAccount } from '@cdktf/provider-azurerm/lib/storage-account/index.js';
import {
  CAPTURE_ARCHIVE_NAME_FORMAT,
  CAPTURE_DESTINATION_NAME,
  CONSUMER_GROUPS,
  ORDERS_HUB_NAME,
} from '../../config/contract.ts';
import type { InfraConfig } from '../../config/schema.ts';

const MIB = 1024 * 1024;

export interface OrdersHubProps {
  readonly namespace: EventhubNamespace;
  readonly partitions: number;
  readonly retentionDays: number;
  readonly capture: InfraConfig['capture'];
  /** Where Capture writes. */
  readonly archive: {
    readonly account: StorageAccount;
    readonly containerName: string;
    /** Capture must not start before the container is under its immutability policy. */
    readonly readyWhen: ITerraformDependable[];
  };
}

/** The `orders` hub, its consumer groups and Capture into the archive. */
export class OrdersHub extends Construct {
  readonly hub: Eventhub;
  readonly consumerGroups: Readonly<Record<keyof typeof CONSUMER_GROUPS, EventhubConsumerGroup>>;

  constructor(scope: Construct, id: string, props: OrdersHubProps) {
    super(scope, id);
    const { namespace, capture, archive } = props;

    this.hub = new Eventhub(this, 'hub', {
      name: ORDERS_HUB_NAME,
      namespaceId: namespace.id,
      partitionCount: props.partitions,
      messageRetention: props.retentionDays,
      captureDescription: {
        enabled: true,
        encoding: 'Avro',
        intervalInSeconds: capture.intervalSeconds,
        sizeLimitInBytes: capture.sizeLimitMiB * MIB,
        // Empty files would only make auditors wonder which partition lost data.
        skipEmptyArchives: true,
        destination: {
          name: CAPTURE_DESTINATION_NAME,
          archiveNameFormat: CAPTURE_ARCHIVE_NAME_FORMAT,
          blobContainerName: archive.containerName,
          storageAccountId: archive.account.id,
        },
      },
      dependsOn: archive.readyWhen,
    });

    const group = (key: keyof typeof CONSUMER_GROUPS) =>
      new EventhubConsumerGroup(this, `consumer-group-${key}`, {
        name: CONSUMER_GROUPS[key],
        namespaceName: namespace.name,
        eventhubName: this.hub.name,
        resourceGroupName: namespace.resourceGroupName,
      });
    this.consumerGroups = { oms: group('oms'), analytics: group('analytics') };
  }
}
