import { describe, expect, it } from "vitest";
import type { Database, ObjectDiff, Table } from "../api";
import { compareGraph, differencesOf, schemaGraph } from "./er";
import { addressKey } from "./references";

const table = (name: string, columns: string[], fks: [string, string][] = []) =>
  ({
    name,
    columns: columns.map((c) => ({ name: c, type: { raw: c === "id" ? "integer" : "text" } })),
    primary_key: { columns: ["id"] },
    foreign_keys: fks.map(([column, target]) => ({ columns: [column], referenced_table: target, referenced_schema: null })),
  }) as unknown as Table;
const db = (...tables: Table[]) => ({ schemas: [{ name: "main", tables }] }) as unknown as Database;
const id = (name: string) => addressKey({ schema: "main", table: name });

const shop = db(
  table("users", ["id", "email"]),
  table("projects", ["id", "owner_id", "name"], [["owner_id", "users"]]),
  table("tasks", ["id", "project_id", "title"], [["project_id", "projects"]]),
);

describe("ER graph", () => {
  it("draws every table with its key columns, and foreign keys as edges", () => {
    const g = schemaGraph(shop);
    expect(g.tables.map((t) => t.name)).toEqual(["users", "projects", "tasks"]);
    expect(g.tables[1]!.columns.map((c) => c.name)).toEqual(["id", "owner_id"]);
    expect(g.tables[1]!.hidden).toBe(1);
    expect(g.edges.map((e) => [e.source, e.target, e.label])).toEqual([
      [id("projects"), id("users"), "owner_id"],
      [id("tasks"), id("projects"), "project_id"],
    ]);
    expect(g.focus).toBeNull();
  });

  it("collapses a large schema to the chosen table's neighbourhood, ring by ring", () => {
    const g = schemaGraph(shop, id("tasks"), 2);
    expect(g.tables.map((t) => t.name).sort()).toEqual(["projects", "tasks"]);
    expect(g.edges).toHaveLength(1);
    expect([g.total, g.focus]).toEqual([3, id("tasks")]);
    // Without a choice, the most connected table is the centre.
    expect(schemaGraph(shop, null, 2).focus).toBe(id("projects"));
  });

  it("marks what a comparison adds and removes, as the comparison decided", () => {
    // projects holds other rows on this side: data, not a difference of the schema.
    const projects = { ...table("projects", ["id", "owner_id", "name"], [["owner_id", "users"]]), stats: { row_count: 5 } };
    const dev = db(
      table("users", ["id", "email", "nickname"]),
      projects as unknown as Table,
      table("labels", ["id", "project_id"], [["project_id", "projects"]]),
    );
    const found = differencesOf([
      { kind: "table", schema: "main", name: "users", previous_name: null, status: "changed", table_changes: [] },
      { kind: "table", schema: "main", name: "labels", previous_name: null, status: "added", table_changes: [] },
      { kind: "table", schema: "main", name: "tasks", previous_name: null, status: "removed", table_changes: [] },
    ] as unknown as ObjectDiff[]);
    const g = compareGraph(shop, dev, found);
    const status = Object.fromEntries(g.tables.map((t) => [t.name, t.status]));
    expect(status).toEqual({ users: "changed", projects: null, labels: "added", tasks: "removed" });
    expect(g.tables.find((t) => t.name === "users")!.columns.filter((c) => c.status).map((c) => [c.name, c.status])).toEqual([
      ["nickname", "added"],
    ]);
    expect(g.edges.map((e) => [e.label, e.status])).toEqual([
      ["owner_id", null],
      ["project_id", "added"],
      ["project_id", "removed"],
    ]);
  });
});

describe("ER graph of confirmed renames", () => {
  it("shows a renamed table and column as renamed, their keys kept", () => {
    const dev = db(
      table("users", ["id", "email"]),
      table("projects", ["id", "owner_id", "title"], [["owner_id", "users"]]),
      table("todos", ["id", "project_id", "title"], [["project_id", "projects"]]),
    );
    const renames = differencesOf([
      { kind: "table", schema: "main", name: "todos", previous_name: "tasks", status: "renamed", table_changes: [] },
      {
        kind: "table",
        schema: "main",
        name: "projects",
        previous_name: null,
        status: "changed",
        table_changes: [{ change: "rename_column", from: "name", to: "title" }],
      },
    ] as unknown as ObjectDiff[]);
    const g = compareGraph(shop, dev, renames);
    expect(Object.fromEntries(g.tables.map((t) => [t.name, t.status]))).toEqual({
      users: null,
      projects: "changed",
      todos: "renamed",
    });
    const projects = g.tables.find((t) => t.name === "projects")!;
    expect(projects.columns.filter((c) => c.status).map((c) => [c.name, c.status, c.was])).toEqual([["title", "renamed", "name"]]);
    expect(g.edges.every((e) => e.status === null)).toBe(true);
  });
});

describe("ER layout", () => {
  it("puts referenced tables left of the tables that reference them, without overlaps", async () => {
    const { layout, boxSize } = await import("./er-layout");
    const g = schemaGraph(shop);
    const at = await layout(g);
    const x = (name: string) => at.get(id(name))!.x;
    expect(x("users")).toBeLessThan(x("projects"));
    expect(x("projects")).toBeLessThan(x("tasks"));
    const users = g.tables[0]!;
    expect(x("projects")).toBeGreaterThanOrEqual(x("users") + boxSize(users).width);
  });
});
