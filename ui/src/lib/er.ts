// The entity-relationship graph of a schema, or of two compared: tables with their key columns,
// foreign keys as edges, collapsed to a table's neighbourhood when there are too many to draw.
// Pure: layout and drawing are the components' business.
import type { Database, DiffStatus, ObjectDiff, Table } from "../api";
import { addressKey, targetOf } from "./references";

/** A column shown in a table's box. */
export interface ErColumn {
  name: string;
  type: string;
  pk: boolean;
  fk: boolean;
  /** In a comparison: only on the desired side (added), only on the current one (removed), or
   * the current one's under a new name (renamed). */
  status: "added" | "removed" | "renamed" | null;
  /** A renamed column's current name. */
  was?: string;
}

/** A table's box. */
export interface ErTable {
  /** `addressKey` of the table. */
  id: string;
  schema: string;
  name: string;
  /** Key columns, and in a comparison the columns added or removed. */
  columns: ErColumn[];
  /** Columns not shown. */
  hidden: number;
  /** In a comparison, how the table differs. */
  status: DiffStatus | null;
}

/** A foreign key, from the referencing table to the referenced one. */
export interface ErEdge {
  id: string;
  source: string;
  target: string;
  /** Its columns: `project_id`. */
  label: string;
  status: "added" | "removed" | null;
}

export interface ErGraph {
  tables: ErTable[];
  edges: ErEdge[];
  /** Tables in the schema (or both schemas), drawn or not. */
  total: number;
  /** The table whose neighbourhood is drawn, when not all of them are. */
  focus: string | null;
}

/** How many tables are drawn at once: beyond this, a table's neighbourhood. */
export const DRAWN = 80;

interface Side {
  schema: string;
  table: Table;
}

function tablesOf(db: Database): Map<string, Side> {
  const map = new Map<string, Side>();
  for (const schema of db.schemas) {
    for (const table of schema.tables) map.set(addressKey({ schema: schema.name, table: table.name }), { schema: schema.name, table });
  }
  return map;
}

function edgesOf(sides: Map<string, Side>): Map<string, ErEdge> {
  const edges = new Map<string, ErEdge>();
  for (const [id, { schema, table }] of sides) {
    for (const fk of table.foreign_keys) {
      const target = addressKey(targetOf(fk, schema));
      if (!sides.has(target)) continue;
      const key = `${id}\u0001${target}\u0001${fk.columns.join(",")}`;
      edges.set(key, { id: key, source: id, target, label: fk.columns.join(", "), status: null });
    }
  }
  return edges;
}

function columnsOf(table: Table, fkColumns: Set<string>, status: ErColumn["status"] = null): ErColumn[] {
  const pk = new Set(table.primary_key?.columns ?? []);
  return table.columns.map((c) => ({ name: c.name, type: c.type.raw, pk: pk.has(c.name), fk: fkColumns.has(c.name), status }));
}

const fkColumnsOf = (table: Table) => new Set(table.foreign_keys.flatMap((fk) => fk.columns));

/** What the comparison found, as the diagram draws it: each table's status (by desired id), and
 * the confirmed renames of tables (desired id → current id) and columns (desired table id →
 * desired name → current name). */
export interface Differences {
  statuses: Map<string, DiffStatus>;
  tables: Map<string, string>;
  columns: Map<string, Map<string, string>>;
}

/** The differences of a comparison's tables, as the comparison (not the diagram) decides them. */
export function differencesOf(objects: ObjectDiff[]): Differences {
  const found: Differences = { statuses: new Map(), tables: new Map(), columns: new Map() };
  for (const o of objects) {
    if (o.kind !== "table" || o.schema === null) continue;
    const id = addressKey({ schema: o.schema, table: o.name });
    found.statuses.set(id, o.status);
    if (o.previous_name) found.tables.set(id, addressKey({ schema: o.schema, table: o.previous_name }));
    for (const change of o.table_changes) {
      if (change.change !== "rename_column") continue;
      const columns = found.columns.get(id) ?? new Map<string, string>();
      columns.set(change.to, change.from);
      found.columns.set(id, columns);
    }
  }
  return found;
}
const isKey = (c: ErColumn) => c.pk || c.fk || c.status !== null;

/** The tables to draw: all of them, or `focus` (else the most connected) and its neighbours,
 * ring after ring, up to `limit`. */
function neighbourhood(ids: string[], edges: ErEdge[], focus: string | null, limit: number): { keep: Set<string>; focus: string | null } {
  if (ids.length <= limit) return { keep: new Set(ids), focus: null };
  const links = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  for (const e of edges) {
    links.get(e.source)?.add(e.target);
    links.get(e.target)?.add(e.source);
  }
  const start = focus && links.has(focus) ? focus : ids.reduce((a, b) => ((links.get(b)?.size ?? 0) > (links.get(a)?.size ?? 0) ? b : a));
  const keep = new Set([start]);
  let ring = [start];
  while (ring.length > 0 && keep.size < limit) {
    const next: string[] = [];
    for (const id of ring) {
      for (const other of links.get(id) ?? []) {
        if (keep.size >= limit) break;
        if (!keep.has(other)) {
          keep.add(other);
          next.push(other);
        }
      }
    }
    ring = next;
  }
  return { keep, focus: start };
}

function finish(tables: ErTable[], edges: ErEdge[], focus: string | null, limit: number): ErGraph {
  const chosen = neighbourhood(
    tables.map((t) => t.id),
    edges,
    focus,
    limit,
  );
  return {
    tables: tables.filter((t) => chosen.keep.has(t.id)),
    edges: edges.filter((e) => chosen.keep.has(e.source) && chosen.keep.has(e.target)),
    total: tables.length,
    focus: chosen.focus,
  };
}

/** The diagram of one database. */
export function schemaGraph(db: Database, focus: string | null = null, limit = DRAWN): ErGraph {
  const sides = tablesOf(db);
  const tables = [...sides].map(([id, { schema, table }]) => {
    const columns = columnsOf(table, fkColumnsOf(table));
    const shown = columns.filter(isKey);
    return { id, schema, name: table.name, columns: shown, hidden: columns.length - shown.length, status: null };
  });
  return finish(tables, [...edgesOf(sides).values()], focus, limit);
}

/** The diagram of a comparison: both sides' tables, marked added, removed, renamed or changed
 * as the comparison says, with the columns and foreign keys only one side has; confirmed renames
 * shown as renames. */
export function compareGraph(
  from: Database,
  to: Database,
  differences: Differences,
  focus: string | null = null,
  limit = DRAWN,
): ErGraph {
  const before = tablesOf(from);
  const after = tablesOf(to);
  const renamedFrom = new Set(differences.tables.values());
  const tables: ErTable[] = [];
  for (const [id, side] of after) {
    const previous = differences.tables.get(id);
    const old = before.get(id) ?? (previous ? before.get(previous) : undefined);
    const fks = fkColumnsOf(side.table);
    const columnWas = differences.columns.get(id) ?? new Map<string, string>();
    if (!old) {
      const columns = columnsOf(side.table, fks, "added");
      tables.push({ id, schema: side.schema, name: side.table.name, columns, hidden: 0, status: "added" });
      continue;
    }
    const oldNames = new Set(old.table.columns.map((c) => c.name));
    // The current names of the desired columns: a renamed column keeps its place.
    const kept = new Set(side.table.columns.map((c) => columnWas.get(c.name) ?? c.name));
    const columns: ErColumn[] = [
      ...columnsOf(side.table, fks).map((c): ErColumn => {
        const was = columnWas.get(c.name);
        if (was && oldNames.has(was)) return { ...c, status: "renamed", was };
        return { ...c, status: oldNames.has(c.name) ? null : "added" };
      }),
      ...columnsOf(old.table, fkColumnsOf(old.table), "removed").filter((c) => !kept.has(c.name)),
    ];
    const shown = columns.filter(isKey);
    tables.push({
      id,
      schema: side.schema,
      name: side.table.name,
      columns: shown,
      hidden: columns.length - shown.length,
      status: differences.statuses.get(id) ?? null,
    });
  }
  for (const [id, side] of before) {
    if (after.has(id) || renamedFrom.has(id)) continue;
    const columns = columnsOf(side.table, fkColumnsOf(side.table), "removed");
    tables.push({ id, schema: side.schema, name: side.table.name, columns, hidden: 0, status: "removed" });
  }
  // The current side's foreign keys under the desired names of renamed tables and columns, so
  // that a rename is not drawn as one key dropped and another added.
  const desiredId = new Map([...differences.tables].map(([desired, current]) => [current, desired]));
  const oldEdges = new Map(
    [...edgesOf(before).values()].map((e) => {
      const source = desiredId.get(e.source) ?? e.source;
      const target = desiredId.get(e.target) ?? e.target;
      const now = new Map([...(differences.columns.get(source) ?? new Map<string, string>())].map(([d, c]) => [c, d]));
      const columns = e.label.split(", ").map((c) => now.get(c) ?? c);
      const key = `${source}\u0001${target}\u0001${columns.join(",")}`;
      return [key, { ...e, id: key, source, target, label: columns.join(", ") }] as const;
    }),
  );
  const newEdges = edgesOf(after);
  const edges = [
    ...[...newEdges].map(([key, e]) => ({ ...e, status: oldEdges.has(key) ? null : ("added" as const) })),
    ...[...oldEdges].filter(([key]) => !newEdges.has(key)).map(([, e]) => ({ ...e, status: "removed" as const })),
  ];
  return finish(tables, edges, focus, limit);
}
