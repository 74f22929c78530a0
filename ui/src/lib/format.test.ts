import { describe, expect, it } from "vitest";
import type { ForeignKey, IndexPart, Table, View } from "../api";
import { describeActions, describeIndexPart, filterObjects, formatCount, plural } from "./format";

const table = (name: string) => ({ name }) as Table;
const view = (name: string) => ({ name }) as View;

describe("format", () => {
  it("groups thousands and pluralizes", () => {
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(plural(1, "row")).toBe("1 row");
    expect(plural(2500, "row")).toBe("2,500 rows");
  });

  it("describes index parts as SQL", () => {
    const parts: IndexPart[] = [
      { column: "email", descending: false, collation: null },
      { expression: "lower(email)", descending: true, collation: null },
      { column: "name", descending: false, collation: "NOCASE" },
    ];
    expect(parts.map(describeIndexPart)).toEqual(["email", "(lower(email)) DESC", "name COLLATE NOCASE"]);
  });

  it("names only the non-default foreign key actions", () => {
    const fk = { on_delete: "cascade", on_update: "no_action", deferrable: "initially_deferred" } as ForeignKey;
    expect(describeActions(fk)).toBe("ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED");
    expect(describeActions({ ...fk, on_delete: "no_action", deferrable: "not_deferrable" })).toBe("");
  });

  it("filters tables then views by every word of the query", () => {
    const found = filterObjects([table("tasks"), table("task_labels"), table("users")], [view("open_tasks")], "task");
    expect(found.map((o) => `${o.kind}:${o.item.name}`)).toEqual(["table:tasks", "table:task_labels", "view:open_tasks"]);
    expect(filterObjects([table("task_labels")], [], "LAB task").length).toBe(1);
    expect(filterObjects([table("users")], [], "nope")).toEqual([]);
  });
});
