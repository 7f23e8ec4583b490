import fs from 'node:fs';
import boundaries from 'eslint-plugin-boundaries';

/**
 * The import floors of the project (docs/adr/0010-import-floors-and-schema-as-data.md), checked by
 * `npm run lint`. Each floor may import only the floors below it:
 *
 *   tools          test/, scripts/, infra/, agent/eval/ (the evaluation harness uses the test helpers)
 *   composition    services/cli/, services/local/ — wire services and the agent into processes
 *   service        services/<name>/ and agent/ — only through another service's public index.ts
 *   shared         services/shared/ — domain, database, config, logging, shared HTTP plumbing
 *
 * Inside one element every import is free; across elements only the policies below allow it.
 */
/** Folders under services/ that are floors of their own rather than services. */
const NOT_SERVICES = new Set(['shared', 'cli', 'local']);

/** Every other folder under services/ is a service: a new one is under the rules the day it appears. */
const SERVICES = fs
  .readdirSync(new URL('./services', import.meta.url), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !NOT_SERVICES.has(entry.name))
  .map((entry) => entry.name)
  .sort();

/** An element's public face: what other floors may import from it. */
const PUBLIC_FILE = 'index.ts';

export const boundariesConfig = {
  files: ['**/*.ts', '**/*.tsx', '**/*.js'],
  plugins: { boundaries },
  settings: {
    'boundaries/include': ['services/**', 'agent/**', 'test/**', 'scripts/**', 'infra/**'],
    'boundaries/elements': [
      { type: 'tools', pattern: 'agent/eval', partialMatch: false },
      { type: 'tools', pattern: '(test|scripts|infra)', partialMatch: false },
      { type: 'shared', pattern: 'services/shared', partialMatch: false },
      { type: 'composition', pattern: 'services/(cli|local)', partialMatch: false, capture: ['root'] },
      {
        type: 'service',
        pattern: `services/(${SERVICES.join('|')})`,
        partialMatch: false,
        capture: ['name'],
      },
      { type: 'agent', pattern: 'agent', partialMatch: false },
    ],
  },
  rules: {
    'boundaries/dependencies': [
      'error',
      {
        default: 'disallow',
        message:
          'import floors: {{from.type}} ({{from.path}}) may not import {{to.type}} file {{to.fileInternalPath}} of {{to.path}} (see eslint.boundaries.js)',
        policies: [
          // Within one element (a service, the agent, the shared floor) every import is its own business.
          { allow: { dependency: { relationship: { to: 'internal' } } } },
          { from: { element: { type: 'shared' } }, allow: { to: { element: { type: 'shared' } } } },
          {
            from: { element: { types: { anyOf: ['service', 'agent'] } } },
            allow: { to: { element: { type: 'shared' } } },
          },
          // One service uses another only through its public index.ts.
          {
            from: { element: { type: 'service' } },
            allow: { to: { element: { type: 'service', fileInternalPath: PUBLIC_FILE } } },
          },
          // The consumer serves its own health routes from shared/http; it never needs the API.
          {
            from: { element: { type: 'service', captured: { name: 'oms-consumer' } } },
            disallow: { to: { element: { type: 'service', captured: { name: 'order-api' } } } },
          },
          {
            from: { element: { type: 'composition' } },
            allow: {
              to: [
                { element: { type: 'shared' } },
                { element: { type: 'service', fileInternalPath: PUBLIC_FILE } },
                // The agent's terminal front (`oms ask`/`oms chat`) is registered by the CLI.
                { element: { type: 'agent', fileInternalPath: [PUBLIC_FILE, 'cli.ts'] } },
              ],
            },
          },
          // The CLI starts the local system; the local system never reaches back into the CLI.
          {
            from: { element: { type: 'composition', captured: { root: 'cli' } } },
            allow: { to: { element: { type: 'composition', captured: { root: 'local' } } } },
          },
          { from: { element: { type: 'tools' } }, allow: { to: { element: { type: '*' } } } },
        ],
      },
    ],
  },
};
