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
