import { Construct } from 'constructs';
import { Container } from '@cdktf/provider-docker/lib/container/index.js';
import { Image } from '@cdktf/provider-docker/lib/image/index.js';
import { Volume } from '@cdktf/provider-docker/lib/volume/index.js';
import type { InfraConfig } from '../../config/schema.ts';
import { DOCKER_LABEL_PREFIX } from '../../config/tags.ts';
import type { DockerHost } from './docker-host.ts';
import { ROTATED_JSON_LOGS } from './logging.ts';

/** Where the container sees the file-provider directory Ansible fills. */
export const TRAEFIK_DYNAMIC_CONFIG_MOUNT = '/etc/traefik/dynamic';
export const TRAEFIK_CERTS_MOUNT = '/certs';

export interface TraefikProps {
  readonly dockerHost: DockerHost;
  readonly settings: InfraConfig['onprem']['traefik'];
}

/**
 * The edge: Traefik v3 on ports 80/443 with the file provider. Routes, TLS certificates and the web nodes
 * behind it are Ansible's (they change with every rollout); this construct owns only what outlives them.
 * The API and dashboard are never published: `api.insecure` is off and port 8080 stays inside the
 * container, so the dashboard is reachable only through a router Ansible defines with authentication.
 */
export class Traefik extends Construct {
  readonly certificates: Volume;
  readonly container: Container;

  constructor(scope: Construct, id: string, props: TraefikProps) {
    super(scope, id);
    const { dockerHost, settings } = props;
    const provider = dockerHost.provider;

    const image = new Image(this, 'image', { provider, name: settings.image, keepLocally: true });
    this.certificates = new Volume(this, 'certificates', {
      provider,
      name: 'oms-traefik-certs',
      labels: [{ label: `${DOCKER_LABEL_PREFIX}role`, value: 'edge' }],
    });

    this.container = new Container(this, 'container', {
      provider,
      name: 'oms-traefik',
      image: image.imageId,
      restart: 'unless-stopped',
      command: [
        '--entrypoints.web.address=:80',
        '--entrypoints.web.http.redirections.entrypoint.to=websecure',
        '--entrypoints.web.http.redirections.entrypoint.scheme=https',
        '--entrypoints.websecure.address=:443',
        `--providers.file.directory=${TRAEFIK_DYNAMIC_CONFIG_MOUNT}`,
        '--providers.file.watch=true',
        '--api.dashboard=true',
        '--api.insecure=false',
        '--ping=true',
        '--accesslog=true',
        '--log.level=INFO',
        '--global.checknewversion=false',
        '--global.sendanonymoususage=false',
      ],
      ports: [
        { internal: 80, external: 80, protocol: 'tcp' },
        { internal: 443, external: 443, protocol: 'tcp' },
      ],
      mounts: [{ type: 'volume', source: this.certificates.name, target: TRAEFIK_CERTS_MOUNT }],
      // A legacy bind (not a mount) on purpose: Docker creates the host directory if Ansible has not yet.
      volumes: [
        { hostPath: settings.dynamicConfigDir, containerPath: TRAEFIK_DYNAMIC_CONFIG_MOUNT, readOnly: true },
      ],
      networksAdvanced: [{ name: dockerHost.network.name, aliases: ['traefik'] }],
      healthcheck: {
        test: ['CMD', 'traefik', 'healthcheck', '--ping'],
        interval: '10s',
        timeout: '5s',
        retries: 3,
        startPeriod: '10s',
      },
      wait: true,
      waitTimeout: 120,
      readOnly: true,
      capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] },
      securityOpts: ['no-new-privileges:true'],
      ...ROTATED_JSON_LOGS,
      labels: [
        { label: `${DOCKER_LABEL_PREFIX}role`, value: 'edge' },
        { label: `${DOCKER_LABEL_PREFIX}exposure`, value: 'public' },
      ],
    });
  }
}
