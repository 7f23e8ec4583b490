/**
 * The one `node:crypto` function the shared domain code uses (order-id.ts), for the browser build:
 * an unbiased integer in [0, max) from the Web Crypto API.
 */
export function randomInt(max: number): number {
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  const buf = new Uint32Array(1);
  for (;;) {
    crypto.getRandomValues(buf);
    if (buf[0]! < limit) return buf[0]! % max;
  }
}
