/**
 * Webhook targets from WEBHOOK_URLS: a comma-separated list of `name=url` or `name:kinds=url`, where
 * `kinds` is a `|`-separated list of templates the target takes (`order.shipped|order.delivered`); a
 * pattern ending in `.*` takes a family (`return.*`, `alert.*`). A target without kinds takes everything.
 *
 *   WEBHOOK_URLS=packaging:order.confirmed|order.cancelled=https://pack.example/hook,erp=https://erp.example/oms
 */
export interface WebhookTarget {
  /** Stored in `notifications.recipient`, so a URL can change (or hold a token) without touching rows. */
  name: string;
  url: string;
  /** Empty = every template. */
  kinds: readonly string[];
}

const NAME = /^[a-z0-9][a-z0-9_-]{0,63}$/i;
const KIND = /^[a-z0-9_]+(\.[a-z0-9_]+)*(\.\*)?$/i;

/** @throws {Error} with a message naming the bad entry (config.ts turns it into a config problem). */
export function parseWebhookTargets(value: string): WebhookTarget[] {
  const targets: WebhookTarget[] = [];
  for (const entry of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq < 0) throw new Error(`"${entry.split('?')[0]}" is not name=url`);
    const [name = '', kindList] = entry.slice(0, eq).split(':', 2);
    const url = entry.slice(eq + 1).trim();
    if (!NAME.test(name)) throw new Error(`"${name}" is not a target name (letters, digits, - and _)`);
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
      throw new Error(`the URL of "${name}" is not an http(s) URL`);
    const kinds = (kindList ?? '')
      .split('|')
      .map((k) => k.trim())
      .filter(Boolean);
    const bad = kinds.find((k) => !KIND.test(k));
    if (bad) throw new Error(`"${bad}" (target "${name}") is not a kind such as order.shipped or alert.*`);
    if (targets.some((t) => t.name === name)) throw new Error(`the target name "${name}" appears twice`);
    targets.push({ name, url, kinds });
  }
  return targets;
}

export function targetTakes(target: WebhookTarget, template: string): boolean {
  if (target.kinds.length === 0) return true;
  return target.kinds.some((k) => (k.endsWith('.*') ? template.startsWith(k.slice(0, -1)) : k === template));
}

/** The targets that receive a message made from `template` (e.g. `order.shipped`, `alert.lag`). */
export function webhookTargetsFor(targets: readonly WebhookTarget[], template: string): WebhookTarget[] {
  return targets.filter((t) => targetTakes(t, template));
}
