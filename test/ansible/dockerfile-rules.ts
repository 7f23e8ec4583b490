import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';

/**
 * Dockerfile checks. No hadolint here (not in Debian, and its releases are binaries from outside the
 * registries), so: dockerfile-utils' validator (the one behind the VS Code Docker extension: syntax,
 * arguments, flags, deprecated instructions) plus this project's rules, in the spirit of hadolint's
 * DL3006/DL3007 (pinned base images), DL3002 (non-root), DL3015 (no recommends) and the issue's asks.
 */
export function lintDockerfile(content: string): string[] {
  const problems = validate(content).map((d) => `line ${d.range.start.line + 1}: ${d.message}`);
  const dockerfile = DockerfileParser.parse(content);
  const args = new Map(
    dockerfile
      .getARGs()
      .map((a) => [a.getProperty()?.getName() ?? '', a.getProperty()?.getValue() ?? ''] as const),
  );
  const resolve = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (_, name: string) => args.get(name) ?? '');

  const froms = dockerfile.getFROMs();
  const stages = new Set(froms.map((f) => f.getBuildStage()).filter(Boolean));
  if (froms.length < 2) problems.push('not multi-stage: build tools and sources would ship in the image');
  for (const from of froms) {
    const image = resolve(from.getImage() ?? '');
    if (stages.has(image)) continue;
    const tag = /:([^:/@]+)$/.exec(image)?.[1];
    if (!image.includes('@sha256:') && (!tag || !/\d+\.\d+\.\d+/.test(tag))) {
      problems.push(`base image ${image || '(none)'} is not pinned to an exact version or digest`);
    }
  }

  // The final stage: everything after the last FROM.
  const all = dockerfile.getInstructions();
  const lastFrom = froms.at(-1);
  const final = lastFrom ? all.filter((i) => i.getRange().start.line > lastFrom.getRange().start.line) : [];
  const of = (keyword: string) => final.filter((i: Instruction) => i.getKeyword() === keyword);
  const user = of('USER').at(-1)?.getArgumentsContent()?.trim();
  if (!user || /^(root|0)(:|$)/.test(user))
    problems.push('the final stage runs as root (no USER, or USER root)');
  if (of('HEALTHCHECK').length === 0) problems.push('the final stage has no HEALTHCHECK');
  for (const run of of('RUN')) {
    const command = run.getArgumentsContent() ?? '';
    if (/\bnpm (ci|install)\b/.test(command) && !/--omit=dev/.test(command)) {
      problems.push(`the final stage installs dev dependencies: RUN ${command}`);
    }
  }
  for (const copy of of('COPY')) {
    if (/\.map\b/.test(copy.getArgumentsContent() ?? '')) problems.push('the final stage copies source maps');
  }

  for (const run of all.filter((i) => i.getKeyword() === 'RUN')) {
    const command = run.getArgumentsContent() ?? '';
    if (/apt-get install/.test(command) && !/--no-install-recommends/.test(command)) {
      problems.push(`apt-get install without --no-install-recommends: ${command}`);
    }
    if (/apt-get install/.test(command) && !/rm -rf \/var\/lib\/apt\/lists/.test(command)) {
      problems.push(`apt lists left in the layer: ${command}`);
    }
    if (/\bnpm install\b/.test(command)) problems.push(`npm install instead of npm ci: ${command}`);
  }
  for (const add of all.filter((i) => i.getKeyword() === 'ADD')) {
    problems.push(`ADD instead of COPY: ${add.getArgumentsContent() ?? ''}`);
  }
  return problems;
}

/** What the build context must never carry into an image. */
export const MUST_IGNORE = ['node_modules', '.git', 'dist', 'data', '.env*', '**/*.env', 'infra/outputs'];
