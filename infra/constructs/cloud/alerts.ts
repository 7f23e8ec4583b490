import { Construct } from 'constructs';
import { MonitorActionGroup } from '@cdktf/provider-azurerm/lib/monitor-action-group/index.js';
import { MonitorMetricAlert } from '@cdktf/provider-azurerm/lib/monitor-metric-alert/index.js';
import { MonitorScheduledQueryRulesAlertV2 } from '@cdktf/provider-azurerm/lib/monitor-scheduled-query-rules-alert-v2/index.js';
import type { ResourceGroup } from '@cdktf/provider-azurerm/lib/resource-group/index.js';
import { ORDERS_HUB_NAME } from '../../config/contract.ts';
import type { AlertKind, ResourceNames } from '../../config/naming.ts';
import type { InfraConfig } from '../../config/schema.ts';

export interface AlertsProps {
  readonly names: ResourceNames;
  readonly resourceGroup: ResourceGroup;
  readonly settings: InfraConfig['monitoring'];
  readonly eventHubsNamespaceId: string;
  readonly logAnalyticsWorkspaceId: string;
}

const EVENT_HUBS_METRICS = 'Microsoft.EventHub/namespaces';

/** How often Azure evaluates an alert, per window: as often as the window's granularity allows. */
const FREQUENCY_FOR_WINDOW: Readonly<Record<InfraConfig['monitoring']['incomingSilenceWindow'], string>> = {
  PT5M: 'PT1M',
  PT15M: 'PT5M',
  PT30M: 'PT5M',
  PT1H: 'PT15M',
  PT6H: 'PT1H',
  PT12H: 'PT1H',
  PT1D: 'PT1H',
};

/**
 * Alerts on the order stream: the namespace throttling publishers, Capture falling behind or failing,
 * and the orders hub going silent (a storefront or network outage looks like that from Azure).
 */
export class Alerts extends Construct {
  readonly actionGroup: MonitorActionGroup;
  readonly metricAlerts: Readonly<Record<Exclude<AlertKind, 'capture-failures'>, MonitorMetricAlert>>;
  readonly captureFailures: MonitorScheduledQueryRulesAlertV2;

  constructor(scope: Construct, id: string, props: AlertsProps) {
    super(scope, id);
    const { names, resourceGroup, settings } = props;

    this.actionGroup = new MonitorActionGroup(this, 'action-group', {
      name: names.actionGroup,
      shortName: names.actionGroupShortName,
      resourceGroupName: resourceGroup.name,
      emailReceiver: settings.alertEmails.map((emailAddress, i) => ({
        name: `email-${i + 1}`,
        emailAddress,
        useCommonAlertSchema: true,
      })),
    });

    const onOrdersHub = [{ name: 'EntityName', operator: 'Include', values: [ORDERS_HUB_NAME] }];
    const metricAlert = (
      kind: Exclude<AlertKind, 'capture-failures'>,
      description: string,
      severity: number,
      windowSize: keyof typeof FREQUENCY_FOR_WINDOW,
      criteria: { metricName: string; aggregation: string; operator: string; threshold: number },
    ) =>
      new MonitorMetricAlert(this, kind, {
        name: names.alert(kind),
        resourceGroupName: resourceGroup.name,
        scopes: [props.eventHubsNamespaceId],
        description,
        severity,
        windowSize,
        frequency: FREQUENCY_FOR_WINDOW[windowSize],
        criteria: [{ metricNamespace: EVENT_HUBS_METRICS, ...criteria, dimension: onOrdersHub }],
        action: [{ actionGroupId: this.actionGroup.id }],
      });

    this.metricAlerts = {
      throttled: metricAlert('throttled', 'Publishers or consumers are being throttled.', 2, 'PT5M', {
        metricName: 'ThrottledRequests',
        aggregation: 'Total',
        operator: 'GreaterThan',
        threshold: 0,
      }),
      'capture-backlog': metricAlert(
        'capture-backlog',
        'Capture is falling behind: order events are not reaching the archive.',
        1,
        'PT15M',
        {
          metricName: 'CaptureBacklog',
          aggregation: 'Maximum',
          operator: 'GreaterThan',
          threshold: settings.captureBacklogThreshold,
        },
      ),
      'incoming-silence': metricAlert(
        'incoming-silence',
        'No order event reached the orders hub for the whole window.',
        1,
        settings.incomingSilenceWindow,
        { metricName: 'IncomingMessages', aggregation: 'Total', operator: 'LessThanOrEqual', threshold: 0 },
      ),
    };

    this.captureFailures = new MonitorScheduledQueryRulesAlertV2(this, 'capture-failures', {
      name: names.alert('capture-failures'),
      resourceGroupName: resourceGroup.name,
      location: resourceGroup.location,
      description: 'Capture reported errors writing to the archive (Event Hubs ArchiveLogs).',
      severity: 1,
      scopes: [props.logAnalyticsWorkspaceId],
      evaluationFrequency: 'PT5M',
      windowDuration: 'PT15M',
      criteria: [
        {
          query: [
            'AzureDiagnostics',
            '| where ResourceProvider == "MICROSOFT.EVENTHUB" and Category == "ArchiveLogs"',
          ].join('\n'),
          timeAggregationMethod: 'Count',
          operator: 'GreaterThan',
          threshold: 0,
        },
      ],
      action: { actionGroups: [this.actionGroup.id] },
    });
  }
}
