import { KPI_CATALOGUE, type KpiDefinition } from '../../services/shared/kpis/index.ts';

/**
 * The words for each KPI of the catalogue (services/shared/kpis): its label, its id, the `terms` the
 * catalogue entry lists, and the agent's own synonyms below. A KPI added to the catalogue is answerable
 * by its label and id at once; synonyms only widen the wording.
 */

/** Common wordings not (yet) in the catalogue entries' `terms`. */
const SYNONYMS: Readonly<Record<string, readonly string[]>> = {
  orders_placed: ['orders', 'order volume', 'order count', 'orders received'],
  revenue: ['sales', 'gmv', 'gross merchandise value', 'takings'],
  average_order_value: ['aov', 'average basket value', 'average order'],
  units_sold: ['units', 'items sold', 'quantity sold', 'sales volume'],
  // Revenue grouped by category is product revenue (an order has no single category).
  product_revenue: ['revenue', 'sales', 'line revenue'],
  unique_customers: ['distinct customers', 'active customers'],
  new_customers: ['first time customers', 'first time buyers', 'new buyers'],
  returning_customers: ['repeat customers', 'returning buyers', 'repeat buyers'],
  cancellation_rate: ['cancel rate', 'rate of cancellations'],
  cancellation_reasons: ['cancellation reasons', 'cancel reasons', 'reasons for cancellation'],
  return_rate: ['returns rate', 'rate of returns'],
  return_reasons: ['return reasons', 'reasons for returns'],
  fraud_blocked: ['blocked for fraud', 'fraud blocks', 'fraud cancellations'],
  fraud_held: ['fraud holds', 'held for fraud', 'fraud reviews'],
  payment_decline_rate: ['decline rate', 'declined payment rate', 'payment failure rate'],
  return_negative_share: ['negative returns', 'negative return share', 'negative sentiment share'],
  order_accuracy: ['accuracy', 'accurate orders'],
  out_of_stock_products: ['stock outs', 'out of stock', 'sold out products'],
  stock_out_cancellations: [
    'cancelled for stock outs',
    'stock out cancellations',
    'out of stock cancellations',
  ],
  time_to_ship: ['days to ship', 'placed to shipped', 'dispatch time'],
  delivery_time: ['time to deliver', 'days to deliver', 'placed to delivered'],
  top_products: ['top products', 'top skus'],
  orders_by_region_cell: ['region cells', 'orders by region', 'geographic spread', 'gps cells'],
  inventory_turnover: ['stock turnover', 'inventory turns', 'stock turns'],
};

/**
 * One form per word, so "cancellations", "cancelled" and "cancel" meet, and plurals match singulars.
 * Only inflections are folded; words of different meaning ("returned" orders vs "returns") stay apart.
 */
/** Words of one meaning in KPI names: "different", "distinct" and "unique" customers are one KPI. */
const SAME_MEANING: Readonly<Record<string, string>> = { different: 'unique', distinct: 'unique' };

export function wordStem(word: string): string {
  const w = SAME_MEANING[word.toLowerCase()] ?? word.toLowerCase().replace(/'s$/, '');
  if (/^cancel/.test(w)) return 'cancel';
  if (/^declin/.test(w)) return 'decline';
  if (w === 'held' || w === 'holds') return 'hold';
  if (w.endsWith('ies') && w.length > 4) return `${w.slice(0, -3)}y`;
  if (w.endsWith('s') && !w.endsWith('ss') && w.length > 3) return w.slice(0, -1);
  return w;
}

/** Words that join the words of a KPI's name and carry no meaning of their own. */
const JOINERS = new Set(['of', 'for', 'by', 'to', 'the', 'a', 'an', 'and', 'per']);

export function termWords(phrase: string): string[] {
  return phrase
    .toLowerCase()
    .split(/[^a-z0-9%]+/)
    .filter((w) => w !== '' && !JOINERS.has(w))
    .map(wordStem);
}

export interface KpiTerms {
  kpi: KpiDefinition;
  /** Each wording as its set of stemmed words. */
  terms: ReadonlyArray<ReadonlySet<string>>;
}

export function kpiTerms(kpi: KpiDefinition): KpiTerms {
  const phrases = [kpi.label, kpi.id.replace(/_/g, ' '), ...(kpi.terms ?? []), ...(SYNONYMS[kpi.id] ?? [])];
  return { kpi, terms: phrases.map((p) => new Set(termWords(p))).filter((t) => t.size > 0) };
}

/** The catalogue's KPIs with their words, in catalogue order (earlier wins a tie). */
export function kpiVocabulary(): readonly KpiTerms[] {
  return KPI_CATALOGUE.map(kpiTerms);
}
