import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatValue } from '../format.ts';
import { dayToSeconds } from '../period.ts';
import type { KpiUnit } from '../types.ts';

export interface ChartSeries {
  label: string;
  values: (number | null)[];
  color: string;
  unit: KpiUnit;
  /** A second quantity (orders beside revenue) gets its own scale on the right. */
  axis?: 'left' | 'right';
  dash?: boolean;
  /** Drawn as the edge of the band only: no line of its own, no legend entry. */
  bandEdge?: boolean;
}

export interface ChartProps {
  id: string;
  title: string;
  /** Days (YYYY-MM-DD) on a time axis, or category labels for bars. */
  x: string[];
  kind: 'time' | 'bars';
  series: ChartSeries[];
  /** A shaded band between two series (indexes into `series`): the forecast's interval. */
  band?: { upper: number; lower: number; label: string };
  /** The first column's heading in the table. */
  xLabel: string;
  note?: string;
}

const HEIGHT = 240;

function options(props: ChartProps, width: number): uPlot.Options {
  const bars = props.kind === 'bars';
  const units = (side: 'left' | 'right') =>
    props.series.find((s) => (s.axis ?? 'left') === side)?.unit ?? 'count';
  const tick = (unit: KpiUnit) => (_u: uPlot, splits: number[]) =>
    splits.map((v) => formatValue(v, unit === 'eur' && Math.abs(v) >= 1000 ? 'count' : unit));
  const hasRight = props.series.some((s) => s.axis === 'right');
  return {
    width,
    height: HEIGHT,
    legend: { show: false },
    cursor: { show: false },
    // Days are UTC dates: label them as such whatever the browser's time zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    scales: {
      x: bars ? { time: false, range: [-0.5, props.x.length - 0.5] } : { time: true },
      y: { range: (_u, min, max) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] },
      ...(hasRight
        ? {
            right: {
              range: (_u: uPlot, min: number, max: number) =>
                [Math.min(0, min), max > 0 ? max * 1.1 : 1] as [number, number],
            },
          }
        : {}),
    },
    axes: [
      bars
        ? {
            splits: () => props.x.map((_, i) => i),
            values: (_u, splits) => splits.map((i) => (props.x[i] ?? '').slice(0, 14)),
            rotate: props.x.length > 6 ? -40 : 0,
            size: props.x.length > 6 ? 80 : 40,
            stroke: '#374151',
            grid: { show: false },
          }
        : { stroke: '#374151', grid: { stroke: '#e5e7eb' } },
      { scale: 'y', values: tick(units('left')), size: 64, stroke: '#374151', grid: { stroke: '#e5e7eb' } },
      ...(hasRight
        ? [
            {
              scale: 'right',
              side: 1 as const,
              values: tick(units('right')),
              size: 56,
              stroke: '#374151',
              grid: { show: false },
            },
          ]
        : []),
    ],
    series: [
      {},
      ...props.series.map((s): uPlot.Series => ({
        label: s.label,
        scale: s.axis === 'right' ? 'right' : 'y',
        stroke: s.bandEdge ? 'transparent' : s.color,
        width: s.bandEdge ? 0 : 2,
        ...(s.dash ? { dash: [6, 4] } : {}),
        ...(bars
          ? { fill: s.color, paths: uPlot.paths.bars!({ size: [0.7, 64] }), points: { show: false } }
          : { points: { show: !s.bandEdge && props.x.length <= 40 } }),
      })),
    ],
    ...(props.band
      ? { bands: [{ series: [props.band.upper + 1, props.band.lower + 1], fill: 'rgba(29, 78, 216, 0.15)' }] }
      : {}),
  };
}

/**
 * One chart (uPlot on a canvas) and the same figures as a table, so screen readers and anyone who
 * wants the exact numbers get them: the canvas is an image whose label says where the table is.
 */
export function Chart(props: ChartProps) {
  const target = useRef<HTMLDivElement>(null);
  const empty = props.x.length === 0 || props.series.every((s) => s.values.every((v) => v === null));

  useEffect(() => {
    const el = target.current;
    if (!el || empty) return;
    const x = props.kind === 'bars' ? props.x.map((_, i) => i) : props.x.map(dayToSeconds);
    const data = [x, ...props.series.map((s) => s.values)] as uPlot.AlignedData;
    const plot = new uPlot(options(props, Math.max(240, el.clientWidth)), data, el);
    const resize = new ResizeObserver(() => {
      const width = Math.max(240, el.clientWidth);
      if (width !== plot.width) plot.setSize({ width, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [props, empty]);

  const headingId = `${props.id}-title`;
  const visible = props.series.filter((s) => !s.bandEdge);
  return (
    <section class="chart-card" aria-labelledby={headingId} data-chart={props.id}>
      <h3 id={headingId}>{props.title}</h3>
      {empty ? (
        <p class="muted">No data in this period.</p>
      ) : (
        <>
          <ul class="legend" aria-hidden="true">
            {visible.map((s) => (
              <li key={s.label}>
                <span class={`swatch${s.dash ? ' dashed' : ''}`} ref={paint(s.color)} />
                {s.label}
              </li>
            ))}
            {props.band && (
              <li>
                <span class="swatch band" />
                {props.band.label}
              </li>
            )}
          </ul>
          <div
            class="chart"
            ref={target}
            role="img"
            aria-label={`${props.title}: chart; the figures are in the table below it.`}
          />
        </>
      )}
      {props.note && <p class="note">{props.note}</p>}
      {!empty && (
        <details class="chart-table">
          <summary>Table: {props.title}</summary>
          <div class="table-scroll" tabIndex={0} role="region" aria-label={`Table: ${props.title}`}>
            <table>
              <caption class="visually-hidden">{props.title}</caption>
              <thead>
                <tr>
                  <th scope="col">{props.xLabel}</th>
                  {props.series.map((s) => (
                    <th scope="col" key={s.label}>
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.x.map((label, i) => (
                  <tr key={label}>
                    <th scope="row">{label}</th>
                    {props.series.map((s) => (
                      <td key={s.label} class="num">
                        {formatValue(s.values[i], s.unit, true)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      )}
    </section>
  );
}

/** Legend swatch colours set through the CSSOM (allowed by the CSP), not a style attribute (refused). */
const paint = (color: string) => (el: HTMLElement | null) => {
  if (el) el.style.setProperty('--swatch', color);
};
