/**
 * `npm run bench -- <name>`: runs one benchmark and prints its JSON result on stdout (progress on
 * stderr). Benchmarks start every server they need, like the tests, and stop them.
 */
const BENCHES: Record<string, () => Promise<unknown>> = {
  decision: async () => (await import('./decision.ts')).benchDecisionStandalone(),
  import: async () => (await import('./import.ts')).benchImport(),
  pipeline: async () => (await import('./pipeline.ts')).benchPipeline(),
  seed: async () => (await import('./seed.ts')).benchSeed(),
  storefront: async () => (await import('./storefront.ts')).benchStorefront(),
};

const name = process.argv[2];
const bench = name ? BENCHES[name] : undefined;
if (!bench) {
  process.stderr.write(`usage: npm run bench -- <${Object.keys(BENCHES).join('|')}>\n`);
  process.exit(2);
}
const result = await bench();
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exit(0);
