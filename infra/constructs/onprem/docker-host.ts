import { Construct } from 'constructs';
import { Network } from '@cdktf/provider-docker/lib/network/index.js';
import { DockerProvider } from '@cdktf/provider-docker/lib/provider/index.js';
import type { OnPremHost } from '../../config/schema.ts';
import { DOCKER_LABEL_PREFIX } from '../../config/tags.ts';

export interface DockerHostProps {
  readonly host: OnPremHost;
  readonly sshOptions: readonly string[];
  readonly networkName: string;
}

/**
 * One on-prem Docker host: a provider alias reaching its daemon over SSH, and the `oms` bridge network
 * every OMS container on that host joins (Ansible attaches the application containers to it by name).
 */
export class DockerHost extends Construct {
  readonly host: OnPremHost;
  readonly provider: DockerProvider;
  readonly network: Network;

  constructor(scope: Construct, id: string, props: DockerHostProps) {
    super(scope, id);
    this.host = props.host;
    this.provider = new DockerProvider(this, 'provider', {
      alias: props.host.name,
      host: props.host.url,
      sshOpts: [...props.sshOptions],
    });
    this.network = new Network(this, 'network', {
      provider: this.provider,
      name: props.networkName,
      driver: 'bridge',
      labels: [{ label: `${DOCKER_LABEL_PREFIX}role`, value: 'network' }],
    });
  }
}
