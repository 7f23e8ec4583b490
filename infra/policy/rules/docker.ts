import { isRfc1918 } from '../../config/ipv4.ts';
import { DOCKER_LABEL_PREFIX } from '../../config/tags.ts';
import { blocks } from '../stack-view.ts';
import type { PolicyRule } from '../types.ts';
import { at } from './helpers.ts';

/** `repo:1.2.3`, `repo:v3.5.3`, `repo:8.4.6-oracle`, or anything with a digest. */
export function isPinnedImage(reference: string): boolean {
  if (/@sha256:[a-f0-9]{64}$/.test(reference)) return true;
  const tag = /:([^/:@]+)$/.exec(reference)?.[1];
  return tag !== undefined && /^v?\d+\.\d+\.\d+([-+.][\w.-]+)?$/.test(tag);
}

export const pinnedImages: PolicyRule = {
  id: 'OMS-IMG-001',
  title: 'Docker images are pinned to an exact version or digest',
  check(stack) {
    const images = stack.resources('docker_image').map((r) => [r, r.body.name] as const);
    // A container may also name an image directly instead of referencing a docker_image.
    const direct = stack
      .resources('docker_container')
      .map((r) => [r, r.body.image] as const)
      .filter(([, image]) => typeof image === 'string' && !image.startsWith('${'));
    return [...images, ...direct]
      .filter(([, image]) => typeof image !== 'string' || !isPinnedImage(image))
      .map(([r, image]) =>
        at(r, `image ${JSON.stringify(image)} is not pinned to an exact version or digest`),
      );
  },
};

function label(body: unknown, key: string): unknown {
  return blocks(body, 'labels').find((l) => l.label === `${DOCKER_LABEL_PREFIX}${key}`)?.value;
}

export const internalPorts: PolicyRule = {
  id: 'OMS-DKR-001',
  title:
    'Only containers labelled exposure=public publish ports on all interfaces; others bind a private address',
  check(stack) {
    return stack.resources('docker_container').flatMap((container) => {
      if (label(container.body, 'exposure') === 'public') return [];
      return blocks(container.body, 'ports')
        .filter((port) => typeof port.ip !== 'string' || !isRfc1918(port.ip))
        .map((port) =>
          at(
            container,
            `publishes port ${String(port.internal)} on ${JSON.stringify(port.ip ?? '0.0.0.0')}; internal services may bind only a private (RFC 1918) address`,
          ),
        );
    });
  },
};

const ADMIN_PORTS = new Set([8080]);

export const privateDashboards: PolicyRule = {
  id: 'OMS-DKR-002',
  title: "Traefik's API and dashboard are never published (no insecure API, no admin port)",
  check(stack) {
    return stack.resources('docker_container').flatMap((container) => {
      const command = Array.isArray(container.body.command) ? container.body.command.map(String) : [];
      const findings = [];
      if (command.some((arg) => arg === '--api.insecure' || arg === '--api.insecure=true')) {
        findings.push(
          at(container, 'runs Traefik with --api.insecure, which serves the dashboard unauthenticated'),
        );
      }
      for (const port of blocks(container.body, 'ports')) {
        if (ADMIN_PORTS.has(Number(port.internal))) {
          findings.push(at(container, `publishes admin port ${String(port.internal)}`));
        }
      }
      return findings;
    });
  },
};
