import { Construct } from 'constructs';
import type { Eventhub } from '@cdktf/provider-azurerm/lib/eventhub/index.js';
import type { EventhubNamespace } from '@cdktf/provider-azurerm/lib/eventhub-namespace/index.js';
import { EventhubAuthorizationRule } from '@cdktf/provider-azurerm/lib/eventhub-authorization-rule/index.js';
import { HUB_ACCESS_RULES } from '../../config/contract.ts';

export interface HubSharedAccessProps {
  readonly namespace: EventhubNamespace;
  readonly hub: Eventhub;
}

/**
 * SAS authorization rules on the orders hub, used only while the namespace accepts local auth. Each rule
 * grants a single right — the storefront only sends, the OMS only listens — and neither can manage.
 */
export class HubSharedAccess extends Construct {
  readonly storefrontSend: EventhubAuthorizationRule;
  readonly omsListen: EventhubAuthorizationRule;

  constructor(scope: Construct, id: string, props: HubSharedAccessProps) {
    super(scope, id);
    const { namespace, hub } = props;
    const rule = (ruleId: string, name: string, right: 'send' | 'listen') =>
      new EventhubAuthorizationRule(this, ruleId, {
        name,
        namespaceName: namespace.name,
        eventhubName: hub.name,
        resourceGroupName: namespace.resourceGroupName,
        send: right === 'send',
        listen: right === 'listen',
        manage: false,
      });
    this.storefrontSend = rule('storefront-send', HUB_ACCESS_RULES.storefrontSend, 'send');
    this.omsListen = rule('oms-listen', HUB_ACCESS_RULES.omsListen, 'listen');
  }
}
