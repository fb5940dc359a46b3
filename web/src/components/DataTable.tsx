import { type ReactNode, useMemo, useState } from 'react';
import { formatCount, formatPct } from '../lib/format';

export interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Numbers are right-aligned so digits line up. */
  numeric?: boolean;
  /** Names may be Urdu: the text picks its own direction inside a left-to-right table. */
  auto?: boolean;
  /** What the column sorts by; a column with it gets a sort button in its header. */
  sortValue?: (row: T) => string | number | null;
}

/** A right-aligned column of counts, sorted by the same number. */
export function countColumn<T>(header: string, value: (row: T) => number | null): Column<T> {
  return { header, numeric: true, cell: (row) => formatCount(value(row)), sortValue: value };
}

/** A right-aligned column of percentages (a dash when there is none), sorted by the number. */
export function pctColumn<T>(header: string, value: (row: T) => number | null): Column<T> {
  return { header, numeric: true, cell: (row) => formatPct(value(row)), sortValue: value };
}

export interface SortState {
  column: string;
  descending: boolean;
}

/** Rows ordered by one column; empty values (null) always last, ties keep their order. */
export function sortRows<T>(rows: T[], column: Column<T> | undefined, descending: boolean): T[] {
  if (!column?.sortValue) return rows;
  const value = column.sortValue;
  return rows
    .map((row, index) => ({ row, index, v: value(row) }))
    .sort((a, b) => {
      if (a.v === null || b.v === null) {
        return a.v === b.v ? a.index - b.index : a.v === null ? 1 : -1;
      }
      const order =
        typeof a.v === 'number' && typeof b.v === 'number'
          ? a.v - b.v
          : String(a.v).localeCompare(String(b.v));
      return (descending ? -order : order) || a.index - b.index;
    })
    .map((x) => x.row);
}

export function DataTable<T>(props: {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  empty?: string;
  captionHidden?: boolean;
  /** The order before the reader picks one (a column's header). */
  defaultSort?: SortState;
  /**
   * On paper only the first rows in the current order are printed (the page is one A4 sheet
   * whatever the number of partners); a last line says how many were left to the screen.
   */
  printRows?: number;
  /** What the rows are, for that last line ("partners"). */
  rowsNoun?: string;
}) {
  const [sort, setSort] = useState<SortState | undefined>(props.defaultSort);
  const sortColumn = props.columns.find((c) => c.header === sort?.column);
  const rows = useMemo(
    () => sortRows(props.rows, sortColumn, sort?.descending ?? false),
    [props.rows, sortColumn, sort?.descending],
  );
  const toggle = (c: Column<T>) =>
    setSort((s) =>
      s?.column === c.header
        ? { column: c.header, descending: !s.descending }
        : { column: c.header, descending: c.numeric === true },
    );
  return (
    // Scrollable, so reachable by keyboard and named for screen readers.
    <div className="table-wrap" tabIndex={0} role="region" aria-label={`Table: ${props.caption}`}>
      {/* table-stack: on a phone each row becomes a stack of labelled cells (styles.css). */}
      <table className="table-stack">
        <caption className={props.captionHidden ? 'visually-hidden' : undefined}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => {
              const active = sort?.column === c.header;
              return (
                <th
                  key={c.header}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={active ? (sort?.descending ? 'descending' : 'ascending') : undefined}
                >
                  {c.sortValue ? (
                    <button type="button" className="sort-button" onClick={() => toggle(c)}>
                      {c.header}
                      <span aria-hidden="true" className="sort-mark">
                        {active ? (sort?.descending ? ' ▼' : ' ▲') : ' ↕'}
                      </span>
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} className="muted">
                {props.empty ?? 'Nothing to show.'}
              </td>
            </tr>
          ) : (
            rows.map((row, index) => (
              <tr
                key={props.rowKey(row)}
                className={
                  props.printRows !== undefined && index >= props.printRows ? 'no-print' : undefined
                }
              >
                {props.columns.map((c) => (
                  <td
                    key={c.header}
                    className={c.numeric ? 'num' : undefined}
                    data-label={c.header}
                  >
                    {c.auto ? <span dir="auto">{c.cell(row)}</span> : c.cell(row)}
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
        {props.printRows !== undefined && rows.length > props.printRows && (
          <tfoot>
            <tr className="print-only-row">
              <td colSpan={props.columns.length} className="muted">
                The first {props.printRows} of {rows.length} {props.rowsNoun ?? 'rows'} in this
                order; the screen and the workbook export have all of them.
              </td>
            </tr>
          </tfoot>
        )}
      </table>
    </div>
  );
}
