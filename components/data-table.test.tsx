import { describe, expect, it } from "vitest";
import { renderToStaticMarkup } from "react-dom/server";
import { ariaSortFor, DataTable, nextSort, pageInfo, type DataTableColumn } from "./data-table";

type Seller = { id: string; name: string; orders: number };

const columns: DataTableColumn<Seller>[] = [
  { key: "name", header: "Name", cell: (row) => row.name, sortable: true },
  { key: "orders", header: "Orders", cell: (row) => row.orders, sortable: true, align: "right" },
  { key: "id", header: "Id", cell: (row) => row.id },
];

describe("pageInfo", () => {
  it("describes a middle page", () => {
    expect(pageInfo({ page: 2, pageSize: 25, totalCount: 112 })).toEqual({
      page: 2, pageCount: 5, from: 26, to: 50, totalCount: 112, hasPrevious: true, hasNext: true,
    });
  });

  it("clamps out-of-range pages and handles zero rows", () => {
    expect(pageInfo({ page: 99, pageSize: 10, totalCount: 15 })).toMatchObject({ page: 2, from: 11, to: 15, hasNext: false });
    expect(pageInfo({ page: 0, pageSize: 10, totalCount: 0 })).toMatchObject({ page: 1, pageCount: 1, from: 0, to: 0, hasPrevious: false, hasNext: false });
  });
});

describe("sorting", () => {
  it("sorts ascending first, then flips", () => {
    expect(nextSort(undefined, "name")).toEqual({ key: "name", direction: "asc" });
    expect(nextSort({ key: "name", direction: "asc" }, "name")).toEqual({ key: "name", direction: "desc" });
    expect(nextSort({ key: "name", direction: "desc" }, "orders")).toEqual({ key: "orders", direction: "asc" });
  });

  it("maps to aria-sort values", () => {
    expect(ariaSortFor({ key: "name", direction: "desc" }, "name")).toBe("descending");
    expect(ariaSortFor({ key: "name", direction: "desc" }, "orders")).toBe("none");
  });
});

describe("<DataTable> (server markup)", () => {
  const rows: Seller[] = [{ id: "org_1", name: "Acme", orders: 12 }];

  it("marks sortable headers with aria-sort and links to the next sort", () => {
    const html = renderToStaticMarkup(
      <DataTable
        caption="Sellers"
        columns={columns}
        rows={rows}
        rowKey={(row) => row.id}
        sort={{ key: "name", direction: "asc" }}
        sortHref={(sort) => `/admin/sellers?sort=${sort.key}&dir=${sort.direction}`}
        pagination={{ page: 1, pageSize: 25, totalCount: 1 }}
        pageHref={(page) => `/admin/sellers?page=${page}`}
      />,
    );
    expect(html).toContain("<caption");
    expect(html).toContain('aria-sort="ascending"');
    expect(html).toContain('aria-sort="none"');
    expect(html).toContain('href="/admin/sellers?sort=name&amp;dir=desc"');
    // The non-sortable column has no aria-sort at all.
    expect(html.match(/aria-sort=/g)).toHaveLength(2);
    expect(html).toContain("Acme");
    // One page only: both page controls are disabled, not links.
    expect(html).toMatch(/aria-disabled="true"[^>]*>.*Previous/);
    expect(html).not.toContain("?page=2");
  });

  it("shows the empty state instead of rows and pagination", () => {
    const html = renderToStaticMarkup(
      <DataTable
        caption="Sellers"
        columns={columns}
        rows={[]}
        rowKey={(row) => row.id}
        pagination={{ page: 1, pageSize: 25, totalCount: 0 }}
        empty={<p>No sellers yet. Share the sign-up link.</p>}
      />,
    );
    expect(html).toContain("No sellers yet");
    expect(html).not.toContain("<tbody");
    expect(html).not.toContain("Previous");
  });
});
