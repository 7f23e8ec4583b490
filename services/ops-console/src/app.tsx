import { useEffect, useState } from 'preact/hooks';
import { signOut } from './api.ts';
import { AgentChat } from './components/agent-chat.tsx';
import { AuditTrail } from './components/audit-trail.tsx';
import { Dashboard } from './components/dashboard.tsx';
import { DeadLetters } from './components/dead-letters.tsx';
import { HeldOrders } from './components/held-orders.tsx';
import { Pipeline } from './components/pipeline.tsx';
import { lastDays, periodDays, type Period } from './period.ts';

const SECTIONS = [
  ['kpis', 'Key figures'],
  ['charts', 'Charts'],
  ['pipeline', 'Pipeline'],
  ['held', 'Held orders'],
  ['dead-letters', 'Dead letters'],
  ['audit', 'Audit trail'],
  ['agent', 'Agent'],
] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The period from the address (?from=&to=), else the last 28 days: a link shows what its sender saw. */
function initialPeriod(): Period {
  const q = new URLSearchParams(window.location.search);
  const from = q.get('from') ?? '';
  const to = q.get('to') ?? '';
  return DAY.test(from) && DAY.test(to) && to > from ? { from, to } : lastDays(28);
}

function PeriodForm({ period, onChange }: { period: Period; onChange(p: Period): void }) {
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [error, setError] = useState('');
  return (
    <form
      class="period"
      onSubmit={(e) => {
        e.preventDefault();
        if (!DAY.test(from) || !DAY.test(to) || to <= from)
          return setError('The end must be after the start.');
        setError('');
        onChange({ from, to });
      }}
    >
      <label for="period-from">From</label>
      <input id="period-from" type="date" value={from} onInput={(e) => setFrom(e.currentTarget.value)} />
      <label for="period-to">To (exclusive)</label>
      <input id="period-to" type="date" value={to} onInput={(e) => setTo(e.currentTarget.value)} />
      <button type="submit">Show</button>
      {[7, 28, 90].map((days) => (
        <button
          type="button"
          class="link"
          key={days}
          onClick={() => {
            const p = lastDays(days);
            setFrom(p.from);
            setTo(p.to);
            onChange(p);
          }}
        >
          Last {days} days
        </button>
      ))}
      {error && <p class="error">{error}</p>}
    </form>
  );
}

export function App() {
  const [period, setPeriod] = useState(initialPeriod);
  const [orderId, setOrderId] = useState(
    () => new URLSearchParams(window.location.search).get('order') ?? undefined,
  );

  // The address follows what is shown, so a reload or a shared link shows the same.
  useEffect(() => {
    const q = new URLSearchParams({ from: period.from, to: period.to });
    if (orderId) q.set('order', orderId);
    window.history.replaceState(null, '', `/ops?${q}${window.location.hash}`);
  }, [period, orderId]);

  const showAudit = (id: string) => {
    setOrderId(id);
    document.getElementById('audit')?.scrollIntoView();
  };

  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <div class="wrap bar">
          <p class="brand">MyGreatCompany · Ops console</p>
          <nav aria-label="Sections">
            <ul>
              {SECTIONS.map(([id, label]) => (
                <li key={id}>
                  <a href={`#${id}`}>{label}</a>
                </li>
              ))}
            </ul>
          </nav>
          <button type="button" class="link" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" class="wrap" tabIndex={-1}>
        <h1>Operations</h1>
        <p class="muted">
          {period.from} to {period.to} (exclusive), {periodDays(period)} days, against the{' '}
          {periodDays(period)} days before. Times in UTC.
        </p>
        <PeriodForm period={period} onChange={setPeriod} />
        <Dashboard period={period} />
        <Pipeline />
        <HeldOrders onAudit={showAudit} />
        <DeadLetters />
        <AuditTrail orderId={orderId} onLookup={showAudit} />
        <AgentChat />
      </main>
    </>
  );
}
