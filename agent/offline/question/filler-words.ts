/**
 * Words that carry no meaning for a query once the recognisers have read the rest: question words,
 * pronouns, articles, polite verbs. Anything unread that is not here makes the model say it did not
 * understand instead of answering a different question. Negations, numbers and qualifiers ("not",
 * "except", "median", "per customer") are deliberately absent.
 */
export const FILLER_WORDS: ReadonlySet<string> = new Set(
  `
  what what's whats which who whom whose how when where
  is are was were be been being am do does did done have has had having will would could can should shall might must
  i me my we we've we're us our ours you your they them their it its this that these those there here
  a an the some any all every each both either
  of in on at to for from by with within into onto about across through during per as via among amongst
  and or but so then also plus
  show list give tell display get got getting find see know want need like compute calculate report provide fetch
  pull let please kindly hey hi hello thanks thank just quick quickly exactly actually really
  currently current now right so far yet still ever overall total totals number numbers figure
  figures data database db stats statistics statistic metric metrics kpi kpis summary overview
  info information details result results table altogether whole entire combined
  made make received receive came come coming comes went go goes placed place places created ordered
  handled handle handles handling processed recorded logged happened occurred occur registered
  take took taken there're contain contains containing contained include includes including hold holds
  moment presently much money cash euros euro eur € something anything generated generate generates generating
  produce produced produces earn earned earns earning drove drive drives driven yield yielded bring brought brings bringing collected
  charged carry carries carried carrying transport transported waiting sitting only used use uses ended end ends being up bought purchased shopped buy buys buying purchase based located live lives living reside resides residing situated
  `
    .split(/\s+/)
    .filter((w) => w !== ''),
);
