import type { ComponentChildren } from 'preact';

/** A plain table with a caption: the agent's results, partitions, audit trails. */
export function DataTable(props: {
  caption: string;
  columns: string[];
  rows: ComponentChildren[][];
  hideCaption?: boolean;
  class?: string;
}) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={props.caption}>
      <table class={props.class}>
        <caption class={props.hideCaption ? 'visually-hidden' : undefined}>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" key={c}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
