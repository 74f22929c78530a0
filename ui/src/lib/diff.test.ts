import { describe, expect, it } from "vitest";
import type { Column, ObjectDiff, PossibleRename, Step } from "../api";
import {
  acknowledgementKey,
  acknowledgesFinding,
  countByStatus,
  describeAcknowledgements,
  describeImpact,
  describeRun,
  describeTableChange,
  findingsOfStep,
  diffKey,
  filterDiff,
  objectSummary,
  renameArgument,
  rollbackNote,
  script,
  statusesAfterClick,
  STATUSES,
  stepsOfObject,
  treeRows,
} from "./diff";

const object = (over: Partial<ObjectDiff>): ObjectDiff => ({
  kind: "table",
  schema: "main",
  name: "t",
  previous_name: null,
  table: null,
  status: "changed",
  table_changes: [],
  ddl: { rows: [] },
  ...over,
});
const column = (name: string, raw = "text") => ({ name, type: { raw } }) as unknown as Column;
const all = new Set(STATUSES);

describe("diff viewer helpers", () => {
  it("counts and filters by status and by words of the name, schema or former name", () => {
    const objects = [
      object({ name: "labels", status: "added" }),
      object({ name: "tasks" }),
      object({ name: "people", previous_name: "users", status: "renamed" }),
      object({ kind: "view", name: "open_tasks", status: "removed" }),
    ];
    expect(countByStatus(objects)).toEqual({ added: 1, removed: 1, changed: 1, renamed: 1 });
    expect(filterDiff(objects, new Set(["added", "changed"]), "").map((o) => o.name)).toEqual(["labels", "tasks"]);
    expect(filterDiff(objects, all, "task").map((o) => o.name)).toEqual(["tasks", "open_tasks"]);
    expect(filterDiff(objects, all, "users").map((o) => o.name)).toEqual(["people"]);
    expect(filterDiff(objects, all, "main lab").map((o) => o.name)).toEqual(["labels"]);
  });

  it("counts a table whose column is renamed under renamed too, and shows it there", () => {
    const projects = object({
      name: "projects",
      table_changes: [{ change: "rename_column", from: "archived_at", to: "archived_on" }] as ObjectDiff["table_changes"],
    });
    const objects = [projects, object({ name: "tasks" })];
    expect(countByStatus(objects)).toEqual({ added: 0, removed: 0, changed: 2, renamed: 1 });
    expect(filterDiff(objects, new Set(["renamed"]), "").map((o) => o.name)).toEqual(["projects"]);
  });

  it("groups by kind (and by schema when there are several), unfolding a table's changes on demand", () => {
    const tasks = object({
      name: "tasks",
      table_changes: [{ change: "add_column", column: column("estimate_minutes", "INTEGER") }],
    });
    const objects = [object({ kind: "view", name: "v", status: "added" }), tasks];
    const rows = treeRows(objects, new Set(), new Set());
    expect(rows.map((r) => (r.type === "group" ? `${r.label} ${r.count}` : r.key))).toEqual([
      "Tables 1",
      diffKey(tasks),
      "Views 1",
      "view:main::v",
    ]);
    const unfolded = treeRows(objects, new Set(), new Set([diffKey(tasks)]));
    expect(unfolded[2]).toMatchObject({ type: "change", mark: "+", text: "column estimate_minutes INTEGER" });
    const folded = treeRows(objects, new Set(["kind-group:main:table"]), new Set());
    expect(folded.map((r) => r.type)).toEqual(["group", "group", "object"]);

    const two = treeRows([object({ schema: "a" }), object({ schema: "b" })], new Set(["schema-group:a"]), new Set());
    expect(two.map((r) => [r.type, r.depth])).toEqual([
      ["group", 0],
      ["group", 0],
      ["group", 1],
      ["object", 2],
    ]);
  });

  it("keeps a tree of 2,000 objects to one row per object", () => {
    const many = Array.from({ length: 2000 }, (_, i) => object({ name: `t${i}` }));
    expect(treeRows(many, new Set(), new Set())).toHaveLength(2001);
  });

  it("says what changes in plain words", () => {
    expect(describeTableChange({ change: "drop_column", column: column("legacy") })).toEqual({
      mark: "-",
      text: "column legacy (its values are lost)",
    });
    expect(describeTableChange({ change: "rename_column", from: "a", to: "b" }).text).toBe("column a renamed to b");
    expect(objectSummary(object({ previous_name: "users", table_changes: [{ change: "modify_comment", from: null, to: "x" }] }))).toBe(
      "was users · 1 change",
    );
  });

  it("writes confirmed renames as full paths and plans as a script", () => {
    const rename: PossibleRename = {
      kind: "column",
      schema: "main",
      table: "projects",
      from: "archived_at",
      to: "archived_on",
      confirm: "--rename projects.archived_at=projects.archived_on",
    };
    expect(renameArgument(rename)).toBe("main.projects.archived_at=main.projects.archived_on");
    expect(renameArgument({ ...rename, kind: "table", table: null, from: "a", to: "b" })).toBe("main.a=main.b");
    const text = script([
      {
        sql: "ALTER TABLE t DROP COLUMN c",
        description: "drop column t.c",
        data_loss: "drops column t.c and its values",
        object: "t",
        impact: null,
        run: { kind: "transaction" },
      },
      {
        sql: "CREATE INDEX i ON t (a);",
        description: "add index i",
        data_loss: null,
        object: "t",
        impact: null,
        run: { kind: "transaction" },
      },
    ]);
    expect(text).toBe(
      "-- 1. drop column t.c\n-- DATA LOSS: drops column t.c and its values\nALTER TABLE t DROP COLUMN c;\n\n-- 2. add index i\nCREATE INDEX i ON t (a);\n",
    );
  });
});

describe("online plans in the plan view", () => {
  it("says how each step runs, and nothing for a step in the plan's transaction", () => {
    expect(describeRun({ kind: "transaction" })).toBeNull();
    expect(describeRun({ kind: "alone", cleanup: "DROP INDEX CONCURRENTLY IF EXISTS i" })).toContain("outside any transaction");
    expect(
      describeRun({ kind: "backfill", table: "app.orders", column: "quantity", into: "quantity__plumb", key: "id", pending: "SELECT 1" }),
    ).toBe("in batches of id, each committed by itself, from the first row not yet copied");
    expect(describeRun({ kind: "verify", failure: "rows of orders whose customer_id has no row in customers" })).toContain(
      "the run stops",
    );
  });
});

describe("safety in the plan view", () => {
  it("says what a step locks in the CLI's words, and nothing for catalog-only steps", () => {
    expect(describeImpact({ lock: "ACCESS EXCLUSIVE", blocks: "reads_and_writes", work: "rewrite", algorithm: null })).toBe(
      "ACCESS EXCLUSIVE, reads and writes wait, rewrites the table",
    );
    expect(describeImpact({ lock: "metadata lock", blocks: "writes", work: "rewrite", algorithm: "copy" })).toBe(
      "metadata lock, ALGORITHM=COPY, writes wait, rewrites the table",
    );
    expect(describeImpact({ lock: "ACCESS EXCLUSIVE", blocks: "nothing", work: "metadata", algorithm: null })).toBeNull();
    expect(describeImpact(null)).toBeNull();
  });

  it("finds the findings of a step by its number", () => {
    const finding = (steps: number[]) => ({
      rule: "drop-column",
      severity: "block" as const,
      message: "m",
      why: "w",
      instead: "i",
      line: null,
      steps,
      object: "t",
      ignored: null,
    });
    const findings = [finding([1, 2]), finding([3])];
    expect(findingsOfStep(findings, 1)).toEqual([findings[0]]);
    expect(findingsOfStep(findings, 2)).toEqual([findings[1]]);
    // The gate's own form, sent as is: the rule at the finding's first step.
    expect(acknowledgementKey(finding([4, 5]))).toBe("drop-column@4");
    expect(acknowledgementKey(finding([]))).toBe("drop-column");
    // An approval records `rule@first step`, or the rule for every finding of it.
    expect(acknowledgesFinding(["drop-column@4"], finding([4, 5]))).toBe(true);
    expect(acknowledgesFinding(["drop-column"], finding([9]))).toBe(true);
    expect(acknowledgesFinding(["drop-column@5"], finding([4, 5]))).toBe(false);
    expect(acknowledgesFinding(["drop-table@4"], finding([4]))).toBe(false);
  });
});

describe("rollbackNote", () => {
  const step = (loss: string | null) =>
    ({ sql: "s", description: "d", data_loss: loss, object: null, impact: null, run: { kind: "transaction" } }) as unknown as Step;
  it("says dropped values come back from the backup, not with the way back", () => {
    expect(rollbackNote([step(null)], null)).toBeNull();
    expect(rollbackNote([step(null)], "no way back")).toBe("no way back");
    const note = rollbackNote([step("drops column t.a"), step(null)], null) ?? "";
    expect(note).toContain("not the values it held (1 statement loses data)");
    expect(note).toContain("restore.sql");
  });
});

describe("describeAcknowledgements", () => {
  it("says which finding each acknowledgement is, in words", () => {
    expect(describeAcknowledgements(["drop-column@4", "drop-table"])).toBe(
      "drop-column (step 4), every drop-table finding",
    );
  });
});

describe("statusesAfterClick", () => {
  it("filters to a status, adds others, and shows all again from the last one", () => {
    const all = new Set(STATUSES);
    const added = statusesAfterClick(all, "added");
    expect([...added]).toEqual(["added"]);
    const two = statusesAfterClick(added, "removed");
    expect([...two].sort()).toEqual(["added", "removed"]);
    expect([...statusesAfterClick(two, "removed")]).toEqual(["added"]);
    expect(statusesAfterClick(added, "added").size).toBe(STATUSES.length);
  });
});

describe("the steps of an object", () => {
  const on = (object: string | null) => ({ sql: "s", object }) as unknown as Step;
  const steps = [on("app.users"), on("app.orders"), on(null), on("app.touch"), on("app.people"), on("audit")];

  it("finds a table's steps by its name, a renamed table's by its former one too", () => {
    expect(stepsOfObject(object({ schema: "app", name: "users" }), steps)).toEqual([0]);
    expect(stepsOfObject(object({ schema: "app", name: "persons", previous_name: "people" }), steps)).toEqual([4]);
    expect(stepsOfObject(object({ schema: "other", name: "users" }), steps)).toEqual([]);
  });

  it("finds a routine without its arguments, a schema without one above it", () => {
    expect(stepsOfObject(object({ kind: "routine", schema: "app", name: "touch(integer)" }), steps)).toEqual([3]);
    expect(stepsOfObject(object({ kind: "schema", schema: null, name: "audit" }), steps)).toEqual([5]);
  });
});
