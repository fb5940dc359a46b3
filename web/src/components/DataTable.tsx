import type { ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Numbers are right-aligned so digits line up. */
  numeric?: boolean;
  /** Names may be Urdu: the text picks its own direction inside a left-to-right table. */
  auto?: boolean;
}

export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty?: string;
  captionHidden?: boolean;
}) {
  return (
    // Scrollable, so reachable by keyboard and named for screen readers.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Table: ${props.caption}`}>
      <table>
        <caption className={props.captionHidden ? 'visually-hidden' : undefined}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.header} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} className="muted">
                {props.empty ?? 'Nothing to show.'}
              </td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((c) => (
                  <td key={c.header} className={c.numeric ? 'num' : undefined}>
                    {c.auto ? <span dir="auto">{c.cell(row)}</span> : c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
