import { describe, expect, it } from "vitest";
import type { ForeignKey, IndexPart, Schema, Table, View } from "../api";
import {
  defaultSchema,
  insertedLines,
  describeActions,
  describeIndexPart,
  describeTarget,
  filterObjects,
  formatBytes,
  formatCount,
  plural,
  redactSource,
  schemaObjects,
} from "./format";

const table = (name: string) => ({ name }) as Table;
const view = (name: string) => ({ name }) as View;
const schema = (name: string, tables: Table[] = [], views: View[] = []): Schema => ({
  name,
  comment: null,
  tables,
  views,
  triggers: [],
  enums: [],
  domains: [],
  sequences: [],
  routines: [],
});

describe("format", () => {
  it("groups thousands and pluralizes", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(2500, "row")).toBe("2,500 rows");
  });

  it("describes index parts as SQL", () => {
    const plain = { descending: false, collation: null, nulls_first: null, opclass: null, prefix_length: null };
    const parts: IndexPart[] = [
      { ...plain, column: "email" },
      { ...plain, expression: "lower(email)", descending: true, opclass: "text_pattern_ops" },
      { ...plain, column: "name", collation: "NOCASE" },
      { ...plain, column: "title", prefix_length: 10 },
      { ...plain, column: "at", descending: true, nulls_first: false },
    ];
    expect(parts.map(describeIndexPart)).toEqual([
      "email",
      "(lower(email)) text_pattern_ops DESC",
      "name COLLATE NOCASE",
      "title(10)",
      "at DESC NULLS LAST",
    ]);
  });

  it("names only the non-default foreign key actions", () => {
    const fk = {
      on_delete: "cascade",
      on_update: "no_action",
      deferrable: "initially_deferred",
      match_kind: "simple",
      not_valid: false,
    } as ForeignKey;
    expect(describeActions(fk)).toBe("ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED");
    expect(describeActions({ ...fk, match_kind: "full", not_valid: true })).toContain("MATCH FULL NOT VALID");
    expect(describeActions({ ...fk, on_delete: "no_action", deferrable: "not_deferrable" })).toBe("");
  });

  it("filters tables then views by every word of the query", () => {
    const objects = schemaObjects(schema("main", [table("tasks"), table("task_labels"), table("users")], [view("open_tasks")]));
    const found = filterObjects(objects, "task");
    expect(found.map((o) => `${o.kind}:${o.name}`)).toEqual(["table:tasks", "table:task_labels", "view:open_tasks"]);
    expect(filterObjects(objects, "LAB task").length).toBe(1);
    expect(filterObjects(objects, "nope")).toEqual([]);
  });

  it("finds tables by their columns and indexes, after those found by name", () => {
    const users = { name: "users", columns: [{ name: "email" }], indexes: [{ name: "users_by_signup" }] } as Table;
    const objects = schemaObjects(schema("main", [users, { name: "emails", columns: [] } as unknown as Table]));
    expect(filterObjects(objects, "email").map((o) => o.name)).toEqual(["emails", "users"]);
    expect(filterObjects(objects, "signup").map((o) => o.name)).toEqual(["users"]);
    expect(filterObjects(objects, "users email").map((o) => o.name)).toEqual(["users"]);
  });

  it("opens the first schema that has objects", () => {
    expect(defaultSchema([schema("empty"), schema("app", [table("users")])])?.name).toBe("app");
    expect(defaultSchema([schema("public")])?.name).toBe("public");
    expect(defaultSchema([])).toBeNull();
  });

  it("names the schema of foreign targets and sizes in binary units", () => {
    const fk = { referenced_schema: "app", referenced_table: "users", referenced_columns: ["id"] } as ForeignKey;
    expect(describeTarget(fk)).toBe("app.users (id)");
    expect(describeTarget({ ...fk, referenced_schema: null })).toBe("users (id)");
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(81920)).toBe("80.0 KiB");
  });

  it("never shows a URL's password", () => {
    expect(redactSource("postgres://alice:s3cr3t@db:5432/app")).toBe("postgres://alice:***@db:5432/app");
    expect(redactSource("mysql://root@127.0.0.1/app")).toBe("mysql://root@127.0.0.1/app");
    expect(redactSource("sqlite:/tmp/a.db")).toBe("sqlite:/tmp/a.db");
  });
});

describe("insertedLines", () => {
  it("marks only the lines an edit inserted", () => {
    const before = '# who\n[approvers]\nana = "A"\n\n[environments.prod]';
    const after = '# who\n[approvers]\nana = "A"\nbo = "B"\n\n[environments.prod]';
    expect(insertedLines(before, after).filter((l) => l.added).map((l) => l.text)).toEqual(['bo = "B"']);
    expect(insertedLines("", "[approvers]\nbo = 1").every((l) => l.added)).toBe(true);
  });
});
