import { Construct } from 'constructs';
import type { TerraformVariable } from 'cdktf';
import { Container } from '@cdktf/provider-docker/lib/container/index.js';
import { Image } from '@cdktf/provider-docker/lib/image/index.js';
import { Volume } from '@cdktf/provider-docker/lib/volume/index.js';
import type { InfraConfig } from '../../config/schema.ts';
import { DOCKER_LABEL_PREFIX } from '../../config/tags.ts';
import type { DockerHost } from './docker-host.ts';
import { ROTATED_JSON_LOGS } from './logging.ts';

export const MYSQL_PORT = 3306;
/** The name app containers on the `oms` network reach MySQL by. */
export const MYSQL_SERVICE_ALIAS = 'mysql';

export interface MysqlProps {
  readonly dockerHost: DockerHost;
  readonly settings: InfraConfig['onprem']['mysql'];
  /** `prevent_destroy` on the data volume. */
  readonly protectData: boolean;
  readonly rootPassword: TerraformVariable;
  readonly appPassword: TerraformVariable;
}

/**
 * The orders database: a pinned MySQL 8 image, its data on a named volume, reachable by the alias `mysql`
 * on the `oms` network and — only when configured — on one private address of the database host.
 */
export class Mysql extends Construct {
  readonly volume: Volume;
  readonly container: Container;

  constructor(scope: Construct, id: string, props: MysqlProps) {
    super(scope, id);
    const { dockerHost, settings } = props;
    const provider = dockerHost.provider;

    const image = new Image(this, 'image', { provider, name: settings.image, keepLocally: true });
    this.volume = new Volume(this, 'data', {
      provider,
      name: 'oms-mysql-data',
      labels: [{ label: `${DOCKER_LABEL_PREFIX}role`, value: 'database' }],
      ...(props.protectData ? { lifecycle: { preventDestroy: true } } : {}),
    });

    this.container = new Container(this, 'container', {
      provider,
      name: 'oms-mysql',
      image: image.imageId,
      restart: 'unless-stopped',
      // Terraform keeps these in state, which is why state lives in an access-controlled account; the
      // variables are sensitive so plans and logs never print them.
      env: [
        `MYSQL_ROOT_PASSWORD=${props.rootPassword.stringValue}`,
        `MYSQL_DATABASE=${settings.database}`,
        `MYSQL_USER=${settings.user}`,
        `MYSQL_PASSWORD=${props.appPassword.stringValue}`,
      ],
      // The contract stores UTC DATETIME(3) values; a server in UTC keeps NOW() consistent with them.
      command: ['--default-time-zone=+00:00'],
      mounts: [{ type: 'volume', source: this.volume.name, target: '/var/lib/mysql' }],
      networksAdvanced: [{ name: dockerHost.network.name, aliases: [MYSQL_SERVICE_ALIAS] }],
      ...(settings.publishOn
        ? { ports: [{ internal: MYSQL_PORT, external: MYSQL_PORT, ip: settings.publishOn, protocol: 'tcp' }] }
        : {}),
      healthcheck: {
        // `mysqladmin ping` exits 0 once the server answers, even with access denied: no password needed.
        test: ['CMD', 'mysqladmin', 'ping', '-h', '127.0.0.1', '--silent'],
        interval: '10s',
        timeout: '5s',
        retries: 5,
        startPeriod: '60s',
      },
      // Apply returns only once MySQL is healthy, so Ansible never migrates against a starting server.
      wait: true,
      waitTimeout: 300,
      securityOpts: ['no-new-privileges:true'],
      ...ROTATED_JSON_LOGS,
      labels: [
        { label: `${DOCKER_LABEL_PREFIX}role`, value: 'database' },
        { label: `${DOCKER_LABEL_PREFIX}exposure`, value: 'internal' },
      ],
    });
  }
}
