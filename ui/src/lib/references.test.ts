import { describe, expect, it } from "vitest";
import type { Database, ForeignKey, Table } from "../api";
import { addressKey, referencesByTable, targetOf } from "./references";

const fk = (referenced_table: string, referenced_schema: string | null = null) =>
  ({ columns: ["x"], referenced_table, referenced_schema, referenced_columns: ["id"] }) as unknown as ForeignKey;
const table = (name: string, ...foreign_keys: ForeignKey[]) => ({ name, foreign_keys }) as Table;
const database = (...schemas: [string, Table[]][]) =>
  ({ schemas: schemas.map(([name, tables]) => ({ name, tables })) }) as unknown as Database;

describe("foreign keys both ways", () => {
  it("points a key without a schema at its own table's schema", () => {
    expect(targetOf(fk("users"), "app")).toEqual({ schema: "app", table: "users" });
    expect(targetOf(fk("users", "auth"), "app")).toEqual({ schema: "auth", table: "users" });
  });

  it("lists who points at a table, across schemas and from itself", () => {
    const db = database(
      ["app", [table("users", fk("users")), table("orders", fk("users"), fk("accounts", "billing"))]],
      ["billing", [table("accounts"), table("invoices", fk("orders", "app"))]],
    );
    const by = referencesByTable(db);
    expect(by.get(addressKey({ schema: "app", table: "users" }))?.map((r) => `${r.schema}.${r.table}`)).toEqual([
      "app.users",
      "app.orders",
    ]);
    expect(by.get(addressKey({ schema: "billing", table: "accounts" }))?.map((r) => r.table)).toEqual(["orders"]);
    expect(by.get(addressKey({ schema: "app", table: "orders" }))?.map((r) => r.schema)).toEqual(["billing"]);
    expect(by.has(addressKey({ schema: "billing", table: "invoices" }))).toBe(false);
  });

  it("does not confuse names that hold dots", () => {
    expect(addressKey({ schema: "a.b", table: "c" })).not.toBe(addressKey({ schema: "a", table: "b.c" }));
  });
});
