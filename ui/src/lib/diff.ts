// Pure helpers of the diff viewer: counting, filtering, the flattened tree the virtual list shows,
// and plain-words lines for a table's changes. No Tauri, no stores.
import type {
  DiffStatus,
  Finding,
  Impact,
  IndexPart,
  ObjectDiff,
  ObjectKind,
  PossibleRename,
  Run,
  Step,
  TableChange,
} from "../api";
import { describeIndexPart, plural } from "./format";

export const STATUSES: DiffStatus[] = ["added", "removed", "changed", "renamed"];

/** `+` added, `-` removed, `~` changed, `>` renamed: the same marks as `plumb diff`. */
export const MARKS: Record<DiffStatus, string> = { added: "+", removed: "-", changed: "~", renamed: ">" };

const KIND_ORDER: ObjectKind[] = [
  "schema",
  "extension",
  "table",
  "view",
  "enum",
  "domain",
  "sequence",
  "routine",
  "trigger",
];

const KIND_LABELS: Record<ObjectKind, string> = {
  schema: "Schemas",
  extension: "Extensions",
  table: "Tables",
  view: "Views",
  enum: "Enums",
  domain: "Domains",
  sequence: "Sequences",
  routine: "Functions and procedures",
  trigger: "Triggers",
};

/** The key that identifies an object across re-comparisons (a confirmed rename keeps its key). */
export function diffKey(object: ObjectDiff): string {
  return [object.kind, object.schema ?? "", object.table ?? "", object.name].join(":");
}

/** Whether the object is renamed or renames something of its own (a column, an index): the
 * renamed chip counts and shows these, so confirming a column rename shows under it. */
function renames(o: ObjectDiff): boolean {
  return o.status === "renamed" || o.table_changes.some((c) => c.change === "rename_column" || c.change === "rename_index");
}

/** How many objects have each status; "renamed" counts every object with a rename in it. */
export function countByStatus(objects: ObjectDiff[]): Record<DiffStatus, number> {
  const counts: Record<DiffStatus, number> = { added: 0, removed: 0, changed: 0, renamed: 0 };
  for (const o of objects) {
    if (o.status !== "renamed") counts[o.status] += 1;
    if (renames(o)) counts.renamed += 1;
  }
  return counts;
}

/** The objects with a shown status whose name (or schema, table, former name) has every word. */
export function filterDiff(objects: ObjectDiff[], shown: ReadonlySet<DiffStatus>, query: string): ObjectDiff[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return objects.filter((o) => {
    if (!shown.has(o.status) && !(shown.has("renamed") && renames(o))) return false;
    const text = [o.schema, o.table, o.previous_name, o.name].filter(Boolean).join(".").toLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** A row of the flattened tree. */
export type TreeRow =
  | { type: "group"; key: string; label: string; count: number; depth: number; open: boolean }
  | { type: "object"; key: string; object: ObjectDiff; depth: number; open: boolean; expandable: boolean }
  | { type: "change"; key: string; mark: string; text: string; depth: number };

/**
 * The tree as rows: schema (when there are several), kind, object, and a table's own changes under
 * it when the object is open. `closed` holds group keys the user folded; `open` the objects unfolded.
 */
export function treeRows(
  objects: ObjectDiff[],
  closed: ReadonlySet<string>,
  open: ReadonlySet<string>,
): TreeRow[] {
  const schemas = [...new Set(objects.map((o) => o.schema ?? ""))].sort();
  const bySchema = schemas.length > 1;
  const rows: TreeRow[] = [];
  for (const schema of schemas) {
    const inSchema = objects.filter((o) => (o.schema ?? "") === schema);
    let depth = 0;
    if (bySchema) {
      const key = `schema-group:${schema}`;
      const isOpen = !closed.has(key);
      rows.push({ type: "group", key, label: schema || "database", count: inSchema.length, depth, open: isOpen });
      if (!isOpen) continue;
      depth = 1;
    }
    for (const kind of KIND_ORDER) {
      const ofKind = inSchema.filter((o) => o.kind === kind);
      if (ofKind.length === 0) continue;
      const key = `kind-group:${schema}:${kind}`;
      const isOpen = !closed.has(key);
      rows.push({ type: "group", key, label: KIND_LABELS[kind], count: ofKind.length, depth, open: isOpen });
      if (!isOpen) continue;
      for (const object of ofKind) {
        const objectKey = diffKey(object);
        const expandable = object.table_changes.length > 0;
        const unfolded = expandable && open.has(objectKey);
        rows.push({ type: "object", key: objectKey, object, depth: depth + 1, open: unfolded, expandable });
        if (!unfolded) continue;
        object.table_changes.forEach((change, i) => {
          const { mark, text } = describeTableChange(change);
          rows.push({ type: "change", key: `${objectKey}#${i}`, mark, text, depth: depth + 2 });
        });
      }
    }
  }
  return rows;
}

const columnList = (columns: string[]) => `(${columns.join(", ")})`;

/** A table's change in plain words, with its mark. */
export function describeTableChange(change: TableChange): { mark: string; text: string } {
  switch (change.change) {
    case "add_column":
      return { mark: "+", text: `column ${change.column.name} ${change.column.type.raw}` };
    case "drop_column":
      return { mark: "-", text: `column ${change.column.name} (its values are lost)` };
    case "rename_column":
      return { mark: ">", text: `column ${change.from} renamed to ${change.to}` };
    case "modify_column":
      return { mark: "~", text: `column ${change.to.name}: ${change.aspects.join(", ")}` };
    case "add_primary_key":
      return { mark: "+", text: `primary key ${columnList(change.key.columns)}` };
    case "drop_primary_key":
      return { mark: "-", text: `primary key ${columnList(change.key.columns)}` };
    case "modify_primary_key":
      return { mark: "~", text: `primary key ${columnList(change.from.columns)} → ${columnList(change.to.columns)}` };
    case "add_foreign_key":
      return { mark: "+", text: `foreign key ${columnList(change.key.columns)} → ${change.key.referenced_table}` };
    case "drop_foreign_key":
      return { mark: "-", text: `foreign key ${columnList(change.key.columns)} → ${change.key.referenced_table}` };
    case "modify_foreign_key":
      return { mark: "~", text: `foreign key ${columnList(change.to.columns)} → ${change.to.referenced_table}` };
    case "add_unique":
      return { mark: "+", text: `unique ${columnList(change.constraint.columns)}` };
    case "drop_unique":
      return { mark: "-", text: `unique ${columnList(change.constraint.columns)}` };
    case "modify_unique":
      return { mark: "~", text: `unique ${columnList(change.to.columns)}` };
    case "add_check":
      return { mark: "+", text: `check (${change.check.expression})` };
    case "drop_check":
      return { mark: "-", text: `check (${change.check.expression})` };
    case "modify_check":
      return { mark: "~", text: `check (${change.to.expression})` };
    case "add_index":
      return { mark: "+", text: `index ${change.index.name} ${indexParts(change.index.parts)}` };
    case "drop_index":
      return { mark: "-", text: `index ${change.index.name}` };
    case "rename_index":
      return { mark: ">", text: `index ${change.from} renamed to ${change.to.name}` };
    case "modify_index":
      return {
        mark: "~",
        text: `index ${change.to.name} ${indexParts(change.from.parts)} → ${indexParts(change.to.parts)}`,
      };
    case "modify_comment":
      return { mark: "~", text: "comment" };
    case "modify_options":
      return { mark: "~", text: "table options" };
  }
}

function indexParts(parts: IndexPart[]): string {
  return `(${parts.map(describeIndexPart).join(", ")})`;
}

/** A short line for an object row: `3 changes` for a table, the former name of a renamed one. */
export function objectSummary(object: ObjectDiff): string {
  const parts: string[] = [];
  if (object.previous_name) parts.push(`was ${object.previous_name}`);
  if (object.table) parts.push(`on ${object.table}`);
  if (object.table_changes.length > 0) parts.push(plural(object.table_changes.length, "change"));
  return parts.join(" · ");
}

/** The rename as the backend takes it: full paths, so it resolves in any dialect. */
export function renameArgument(rename: PossibleRename): string {
  const path = (name: string) =>
    rename.kind === "column" ? `${rename.schema}.${rename.table}.${name}` : `${rename.schema}.${name}`;
  return `${path(rename.from)}=${path(rename.to)}`;
}

/** What a possible rename renames, for people: `projects.archived_at → archived_on`. */
export function describeRename(rename: PossibleRename): string {
  return rename.kind === "column"
    ? `column ${rename.table}.${rename.from} → ${rename.to}`
    : `table ${rename.from} → ${rename.to}`;
}

/** Steps as one SQL script, each with its description above it: what "Copy" puts on the clipboard. */
export function script(steps: Step[]): string {
  return steps
    .map((step, i) => {
      const loss = step.data_loss ? `-- DATA LOSS: ${step.data_loss}\n` : "";
      const sql = step.sql.trimEnd();
      return `-- ${i + 1}. ${step.description}\n${loss}${sql}${sql.endsWith(";") ? "" : ";"}\n`;
    })
    .join("\n");
}

/** A step's impact in words (`ACCESS EXCLUSIVE, reads and writes wait, rewrites the table`), or null
 * when nobody waits and no row is touched. The same words as `plumb plan`'s LOCKS lines. */
export function describeImpact(impact: Impact | null): string | null {
  if (!impact) return null;
  const blocks = { nothing: null, writes: "writes wait", reads_and_writes: "reads and writes wait" }[impact.blocks];
  const work = { metadata: null, scan: "scans every row", index_build: "builds an index", rewrite: "rewrites the table" }[
    impact.work
  ];
  if (!blocks && !work) return null;
  const algorithm = impact.algorithm ? `ALGORITHM=${impact.algorithm.toUpperCase()}` : null;
  return [impact.lock, algorithm, blocks, work].filter(Boolean).join(", ");
}

/** How a step of an online plan runs, when not with the statements around it. */
export function describeRun(run: Run): string | null {
  switch (run.kind) {
    case "transaction":
      return null;
    case "new_transaction":
      return "in a transaction of its own (what ran before is committed first)";
    case "alone":
      return run.cleanup
        ? "alone, outside any transaction; a failed attempt's leftovers are removed and it is tried again"
        : "alone, outside any transaction";
    case "backfill":
      return `in batches of ${run.key}, each committed by itself, from the first row not yet copied`;
    case "verify":
      return `a check: the run stops if it counts any ${run.failure}`;
    case "table_copy":
      return `by pt-online-schema-change, which copies ${run.table} in chunks beside the application`;
  }
}

/** The findings about step `index` (from 0). */
export function findingsOfStep(findings: Finding[], index: number): Finding[] {
  return findings.filter((f) => f.steps.includes(index + 1));
}

/** The plan's steps (indexes from 0) that change an object of the comparison: the engine names a
 * step's object `schema.name` (a routine without its arguments, a renamed table by either name). */
export function stepsOfObject(object: ObjectDiff, steps: Step[]): number[] {
  const names = [object.name, object.name.replace(/\(.*\)$/, ""), object.previous_name].filter(
    (n): n is string => n !== null,
  );
  const wanted = new Set(names.map((n) => (object.schema === null ? n : `${object.schema}.${n}`)));
  return steps.flatMap((step, i) => (step.object !== null && wanted.has(step.object) ? [i] : []));
}

/** How an acknowledgement names a blocking finding: its rule at its first step (`drop-column@4`),
 * as `plumb apply --allow RULE@STEP` does and the gate reads it; its rule alone without steps. */
export function acknowledgementKey(finding: Finding): string {
  const first = finding.steps[0];
  return first === undefined ? finding.rule : `${finding.rule}@${first}`;
}

/** Whether an approval's acknowledgements (`rule@first-step`, or `rule` for every finding of the
 *  rule, as the gate reads them) cover `finding`. */
export function acknowledgesFinding(acknowledged: string[], finding: Finding): boolean {
  const first = finding.steps[0];
  return acknowledged.some((a) => a === finding.rule || (first !== undefined && a === `${finding.rule}@${first}`));
}

/** What the way back says of the data a plan destroys: it re-creates structure, not values. */
export function rollbackNote(forward: Step[], unavailable: string | null): string | null {
  const losses = forward.filter((s) => s.data_loss).length;
  const values =
    losses > 0
      ? `The way back re-creates what the plan drops, not the values it held (${losses === 1 ? "1 statement loses" : `${losses} statements lose`} data). Those come back from the backup a run takes before it drops them: run restore.sql from the run's evidence after the rollback.`
      : null;
  return [unavailable, values].filter(Boolean).join(" ") || null;
}

/** An approval's acknowledgements in words: `drop-column@4` is "drop-column (step 4)", a bare
 *  rule is every finding of it. */
export function describeAcknowledgements(acknowledged: string[]): string {
  return acknowledged
    .map((a) => {
      const [rule, step] = a.split("@");
      return step ? `${rule} (step ${step})` : `every ${rule} finding`;
    })
    .join(", ");
}

/** The statuses shown after a click on `status`'s chip: with every status shown, a click shows
 *  that one only (as DBAs' tools filter *to* a status); a click on the only one shown shows all
 *  again; otherwise a click adds or removes it. */
export function statusesAfterClick(shown: ReadonlySet<DiffStatus>, status: DiffStatus): Set<DiffStatus> {
  if (shown.size === STATUSES.length) return new Set([status]);
  if (shown.has(status) && shown.size === 1) return new Set(STATUSES);
  const next = new Set(shown);
  if (next.has(status)) next.delete(status);
  else next.add(status);
  return next;
}
