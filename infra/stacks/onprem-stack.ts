import { TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import type { Construct } from 'constructs';
import type { InfraConfig } from '../config/schema.ts';
import type { StateSettings } from '../config/state.ts';
import { DockerHost } from '../constructs/onprem/docker-host.ts';
import { MYSQL_PORT, MYSQL_SERVICE_ALIAS, Mysql } from '../constructs/onprem/mysql.ts';
import { Traefik } from '../constructs/onprem/traefik.ts';
import { applyRequiredTags } from './required-tags.ts';
import { configureTerraform, pinProviderSources } from './terraform-settings.ts';

export const ONPREM_STACK = 'onprem';

export interface OnPremStackProps {
  readonly config: InfraConfig;
  readonly state: StateSettings;
}

/**
 * The Docker-level infrastructure on the on-prem hosts (ADR 0005): per host the `oms` network; on the
 * database host MySQL with its volume; on each edge host Traefik with its certificate volume. The
 * application containers are deployed onto this by Ansible.
 */
export class OnPremStack extends TerraformStack {
  readonly hosts: readonly DockerHost[];
  readonly mysql: Mysql;
  readonly traefik: readonly Traefik[];

  constructor(scope: Construct, props: OnPremStackProps) {
    super(scope, ONPREM_STACK);
    const { config } = props;
    const { onprem } = config;
    configureTerraform(this, {
      stackName: ONPREM_STACK,
      environment: config.environment,
      state: props.state,
    });

    const secret = (id: string, description: string) =>
      new TerraformVariable(this, id, {
        type: 'string',
        description,
        sensitive: true,
        nullable: false,
        validation: [
          {
            condition: `\${length(var.${id}) >= 16}`,
            errorMessage: `${id} must be at least 16 characters.`,
          },
        ],
      });
    const rootPassword = secret('mysql_root_password', 'MySQL root password (TF_VAR_mysql_root_password).');
    const appPassword = secret(
      'mysql_oms_password',
      'Password of the OMS application user (TF_VAR_mysql_oms_password).',
    );

    this.hosts = onprem.hosts.map(
      (host) =>
        new DockerHost(this, `host-${host.name}`, {
          host,
          sshOptions: onprem.sshOptions,
          networkName: onprem.networkName,
        }),
    );
    pinProviderSources(this, ['docker']);

    // The schema guarantees exactly one database host and at least one edge host.
    const databaseHost = this.hosts.find((h) => h.host.roles.includes('database'));
    if (!databaseHost) throw new Error('unreachable: configuration without a database host');
    this.mysql = new Mysql(this, 'mysql', {
      dockerHost: databaseHost,
      settings: onprem.mysql,
      protectData: onprem.protectData,
      rootPassword,
      appPassword,
    });
    this.traefik = this.hosts
      .filter((h) => h.host.roles.includes('edge'))
      .map(
        (dockerHost) =>
          new Traefik(this, `traefik-${dockerHost.host.name}`, { dockerHost, settings: onprem.traefik }),
      );

    this.addOutputs(config, databaseHost);
    applyRequiredTags(this, config);
  }

  private addOutputs(config: InfraConfig, databaseHost: DockerHost): void {
    const { onprem } = config;
    const output = (id: string, value: unknown, description: string) =>
      new TerraformOutput(this, id, { value, description, staticId: true });

    output(
      'docker_network_name',
      onprem.networkName,
      'Network the application containers join on every host.',
    );
    output(
      'hosts',
      Object.fromEntries(onprem.hosts.map((h) => [h.name, { url: h.url, roles: h.roles }])),
      'On-prem hosts and their roles (database, edge, app).',
    );
    output('mysql_host', databaseHost.host.name, 'Host running MySQL.');
    output(
      'mysql_endpoint',
      onprem.mysql.publishOn
        ? `${onprem.mysql.publishOn}:${MYSQL_PORT}`
        : `${MYSQL_SERVICE_ALIAS}:${MYSQL_PORT}`,
      'host:port for DATABASE_URL (the network alias when every client shares the database host).',
    );
    output('mysql_database', onprem.mysql.database, 'Database name for DATABASE_URL.');
    output('mysql_user', onprem.mysql.user, 'Application user for DATABASE_URL.');
    output(
      'traefik_hosts',
      onprem.hosts.filter((h) => h.roles.includes('edge')).map((h) => h.name),
      'Edge hosts running Traefik.',
    );
    output(
      'traefik_dynamic_config_dir',
      onprem.traefik.dynamicConfigDir,
      'Host directory for Traefik file-provider configuration.',
    );
  }
}
