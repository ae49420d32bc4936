import type { Child } from "#html/jsx-runtime";

/** One column: its header and how a row shows in it. A `key` column's cells are row headers. */
export interface Column<Row> {
  header: Child;
  cell: (row: Row) => Child;
  /** Class on the column's cells, e.g. "num" for right-aligned figures. */
  class?: string;
  /** Visually hidden header (e.g. an actions column); screen readers still hear it. */
  hiddenHeader?: boolean;
}

export interface TableProps<Row> {
  rows: readonly Row[];
  columns: readonly Column<Row>[];
  /** Shown instead of the table when there are no rows. */
  empty?: Child;
  caption?: Child;
  class?: string;
  id?: string;
  /** Attributes for each <tr>, e.g. a data-id the tests and htmx targets use. */
  rowAttributes?: (row: Row) => Record<string, string | undefined>;
}

/**
 * The one table for every list: header row, one row per item, an empty state. Views keep their
 * own cell markup in `columns`; the table keeps the structure and accessibility the same everywhere.
 */
export function Table<Row>(props: TableProps<Row>) {
  if (props.rows.length === 0 && props.empty !== undefined) return <>{props.empty}</>;
  return (
    <table class={props.class} id={props.id}>
      {props.caption && <caption>{props.caption}</caption>}
      <thead>
        <tr>
          {props.columns.map((column) => (
            <th scope="col" class={column.hiddenHeader ? "visually-hidden" : undefined}>
              {column.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row) => (
          <tr {...(props.rowAttributes?.(row) ?? {})}>
            {props.columns.map((column) => (
              <td class={column.class}>{column.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
