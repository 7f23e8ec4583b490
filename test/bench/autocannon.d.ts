// autocannon ships no types; this declares the part of its programmatic API the benchmarks use.
declare module 'autocannon' {
  interface Options {
    url: string;
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    connections?: number;
    duration?: number;
    overallRate?: number;
  }
  interface Result {
    '2xx': number;
    non2xx: number;
    errors: number;
    latency: { p50: number; p99: number };
    requests: { average: number };
  }
  function autocannon(options: Options): Promise<Result>;
  export default autocannon;
}
