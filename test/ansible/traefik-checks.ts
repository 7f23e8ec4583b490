import fs from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { REPO_ROOT } from './ansible-run.ts';

/** Traefik's own JSON schemas (SchemaStore, draft-07), shared with the project in ../shared/schemas. */
export const SCHEMA_DIR = path.resolve(REPO_ROOT, '..', 'shared', 'schemas');

function compile(file: string): ValidateFunction {
  // strict: false because SchemaStore schemas carry annotations ajv's strict mode does not know.
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, file), 'utf8')) as object);
}

export const validateStatic = compile('traefik-v3.json');
export const validateDynamic = compile('traefik-v3-file-provider.json');

export function schemaErrors(validate: ValidateFunction, config: unknown): string[] {
  return validate(config) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
}

type Dict = Record<string, unknown>;
const dict = (v: unknown): Dict => (v && typeof v === 'object' ? (v as Dict) : {});

/**
 * What the schemas cannot say: every router's service and middlewares exist (or are Traefik's own
 * `@internal` ones), routers use entry points the static configuration defines, and TLS files exist.
 */
export function semanticProblems(
  staticConfig: unknown,
  dynamicConfig: unknown,
  options: { containerDir: string; hostDir: string },
): string[] {
  const problems: string[] = [];
  const entryPoints = Object.keys(dict(dict(staticConfig).entryPoints));
  const http = dict(dict(dynamicConfig).http);
  const services = dict(http.services);
  const middlewares = dict(http.middlewares);
  for (const [name, value] of Object.entries(dict(http.routers))) {
    const router = dict(value);
    const service = String(router.service ?? '');
    if (!service.endsWith('@internal') && !(service in services)) {
      problems.push(`router ${name}: service "${service}" is not defined`);
    }
    for (const m of (router.middlewares as string[] | undefined) ?? []) {
      if (!(m in middlewares)) problems.push(`router ${name}: middleware "${m}" is not defined`);
    }
    for (const ep of (router.entryPoints as string[] | undefined) ?? []) {
      if (!entryPoints.includes(ep)) problems.push(`router ${name}: entry point "${ep}" is not defined`);
    }
  }
  const tls = dict(dict(dynamicConfig).tls);
  const files = [
    ...((tls.certificates as Dict[] | undefined) ?? []),
    dict(dict(dict(tls.stores).default).defaultCertificate),
  ].flatMap((c) => [c.certFile, c.keyFile].filter((f): f is string => typeof f === 'string'));
  for (const file of files) {
    const onHost = file.replace(options.containerDir, options.hostDir);
    if (!fs.existsSync(onHost)) problems.push(`TLS file ${file} (${onHost}) does not exist`);
  }
  return problems;
}
