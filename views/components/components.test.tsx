import { describe, expect, test } from "bun:test";
import { Pager } from "./pager";
import { Table } from "./table";

const html = (node: { html: string } | null) => node?.html ?? "";

describe("Pager", () => {
  test("counted pages: previous, position and next, and nothing for a single page", () => {
    const middle = html(Pager({ page: 2, pageCount: 3, href: (page) => `/people?page=${page}` }));
    expect(middle).toContain('<a href="/people?page=1" rel="prev">Previous</a>');
    expect(middle).toContain("<span>Page 2 of 3</span>");
    expect(middle).toContain('<a href="/people?page=3" rel="next">Next</a>');
    expect(html(Pager({ page: 3, pageCount: 3, href: String }))).not.toContain('rel="next"');
    expect(Pager({ page: 1, pageCount: 1, href: String })).toBeNull();
  });

  test("uncounted pages and keyset pages with their own labels", () => {
    const log = html(Pager({ page: 1, hasMore: true, href: (page) => `/exports?page=${page}`, nextLabel: "Older" }));
    expect(log).toBe('<nav class="pagination" aria-label="Pages"><a href="/exports?page=2" rel="next">Older</a></nav>');
    const keyset = html(
      Pager({
        previous: "/audit?newer=b",
        next: null,
        first: { href: "/audit", label: "Newest" },
        previousLabel: "← Newer",
      }),
    );
    expect(keyset).toContain('<a href="/audit?newer=b" rel="prev">← Newer</a>');
    expect(keyset).toContain('<a href="/audit" rel="first">Newest</a>');
    expect(Pager({ previous: null, next: null })).toBeNull();
  });
});

describe("Table", () => {
  const rows = [
    { id: "1", name: "Ada <3" },
    { id: "2", name: "Ben" },
  ];
  const columns = [
    { header: "Name", cell: (row: (typeof rows)[number]) => row.name },
    { header: "Actions", hiddenHeader: true, cell: (row: (typeof rows)[number]) => <a href={`/p/${row.id}`}>Open</a> },
  ];

  test("a header row, one escaped row per item, row attributes", () => {
    const table = html(Table({ rows, columns, rowAttributes: (row) => ({ "data-id": row.id }) }));
    expect(table).toContain('<th scope="col">Name</th><th scope="col" class="visually-hidden">Actions</th>');
    expect(table).toContain('<tr data-id="1"><td>Ada &lt;3</td><td><a href="/p/1">Open</a></td></tr>');
    expect(table.match(/<tr/g)?.length).toBe(3);
  });

  test("the empty state replaces the table", () => {
    expect(html(Table({ rows: [], columns, empty: <p>No people yet.</p> }))).toBe("<p>No people yet.</p>");
  });
});
