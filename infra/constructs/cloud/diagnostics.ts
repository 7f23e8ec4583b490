import { Construct } from 'constructs';
import { LogAnalyticsWorkspace } from '@cdktf/provider-azurerm/lib/log-analytics-workspace/index.js';
import { MonitorDiagnosticSetting } from '@cdktf/provider-azurerm/lib/monitor-diagnostic-setting/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import type { InfraConfig } from '../../config/schema.ts';

export interface DiagnosticsProps {
  readonly workspaceName: string;
  readonly settingName: string;
  readonly resourceGroup: ResourceGroup;
  readonly settings: InfraConfig['monitoring'];
  /** ARM ids of the resources whose logs and metrics go to the workspace. */
  readonly targets: {
    readonly eventHubsNamespaceId: string;
    readonly archiveAccountId: string;
  };
}

/**
 * The Log Analytics workspace and the diagnostic settings that feed it: every Event Hubs log category
 * (Capture errors arrive as `ArchiveLogs`) and the archive's blob reads, writes and deletes — the trail an
 * auditor asks for.
 */
export class Diagnostics extends Construct {
  readonly workspace: LogAnalyticsWorkspace;
  readonly settings: MonitorDiagnosticSetting[];

  constructor(scope: Construct, id: string, props: DiagnosticsProps) {
    super(scope, id);
    const { settings, targets } = props;
    this.workspace = new LogAnalyticsWorkspace(this, 'workspace', {
      name: props.workspaceName,
      location: props.resourceGroup.location,
      resourceGroupName: props.resourceGroup.name,
      sku: 'PerGB2018',
      retentionInDays: settings.logRetentionDays,
      ...(settings.dailyQuotaGb === undefined ? {} : { dailyQuotaGb: settings.dailyQuotaGb }),
    });

    const send = (settingId: string, targetResourceId: string, logs: boolean, metrics: string[]) =>
      new MonitorDiagnosticSetting(this, settingId, {
        name: props.settingName,
        targetResourceId,
        logAnalyticsWorkspaceId: this.workspace.id,
        // The capture-failure alert queries AzureDiagnostics, Event Hubs' default destination table.
        ...(logs ? { enabledLog: [{ categoryGroup: 'allLogs' }] } : {}),
        enabledMetric: metrics.map((category) => ({ category })),
      });

    this.settings = [
      send('event-hubs-namespace', targets.eventHubsNamespaceId, true, ['AllMetrics']),
      // Storage accounts only emit metrics at account level; the blob logs live on the blob service.
      send('archive-account', targets.archiveAccountId, false, ['Transaction']),
      send('archive-blob-service', `${targets.archiveAccountId}/blobServices/default`, true, ['Transaction']),
    ];
  }
}
