// Pure formatting helpers: no Tauri, no stores.
import type {
  Domain,
  EnumType,
  ForeignKey,
  Identity,
  IndexPart,
  ReferentialAction,
  Routine,
  Schema,
  Sequence,
  Table,
  View,
} from "../api";

const numberFormat = new Intl.NumberFormat("en-US");

/** `1234567` → `1,234,567`. */
export function formatCount(n: number): string {
  return numberFormat.format(n);
}

/** `3, "row"` → `3 rows`; `1, "row"` → `1 row`. */
export function plural(n: number, noun: string): string {
  return `${formatCount(n)} ${noun}${n === 1 ? "" : "s"}`;
}

/** An index key part as SQL: `email`, `name(10)`, `(lower(email)) text_pattern_ops`, `at DESC NULLS LAST`. */
export function describeIndexPart(part: IndexPart): string {
  let text = "column" in part ? part.column : `(${part.expression})`;
  if (part.prefix_length !== null) text += `(${part.prefix_length})`;
  if (part.collation) text += ` COLLATE ${part.collation}`;
  if (part.opclass) text += ` ${part.opclass}`;
  if (part.descending) text += " DESC";
  if (part.nulls_first !== null) text += part.nulls_first ? " NULLS FIRST" : " NULLS LAST";
  return text;
}

const ACTIONS: Record<ReferentialAction, string> = {
  no_action: "NO ACTION",
  restrict: "RESTRICT",
  cascade: "CASCADE",
  set_null: "SET NULL",
  set_default: "SET DEFAULT",
};

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

export function describeIdentity(identity: Identity): string {
  switch (identity) {
    case "auto_increment":
      return "autoincrement";
    case "always":
      return "identity always";
    case "by_default":
      return "identity by default";
  }
}

/** Where a foreign key points: `users (id)`, or `app.users (id)` across schemas. */
export function describeTarget(fk: ForeignKey): string {
  const table = fk.referenced_schema ? `${fk.referenced_schema}.${fk.referenced_table}` : fk.referenced_table;
  return `${table} (${fk.referenced_columns.join(", ")})`;
}

/** The non-default actions of a foreign key: `ON DELETE CASCADE`. */
export function describeActions(fk: ForeignKey): string {
  const parts: string[] = [];
  if (fk.on_delete !== "no_action") parts.push(`ON DELETE ${ACTIONS[fk.on_delete]}`);
  if (fk.on_update !== "no_action") parts.push(`ON UPDATE ${ACTIONS[fk.on_update]}`);
  if (fk.deferrable === "initially_deferred") parts.push("DEFERRABLE INITIALLY DEFERRED");
  if (fk.deferrable === "initially_immediate") parts.push("DEFERRABLE");
  if (fk.match_kind === "full") parts.push("MATCH FULL");
  if (fk.not_valid) parts.push("NOT VALID");
  return parts.join(" ");
}

export type SchemaObject =
  | { kind: "table"; name: string; item: Table }
  | { kind: "view"; name: string; item: View }
  | { kind: "enum"; name: string; item: EnumType }
  | { kind: "domain"; name: string; item: Domain }
  | { kind: "sequence"; name: string; item: Sequence }
  | { kind: "routine"; name: string; item: Routine };

/** Every object of a schema, in the order the list shows them: tables, views, then types and code. */
export function schemaObjects(schema: Schema): SchemaObject[] {
  return [
    ...schema.tables.map((item) => ({ kind: "table" as const, name: item.name, item })),
    ...schema.views.map((item) => ({ kind: "view" as const, name: item.name, item })),
    ...schema.enums.map((item) => ({ kind: "enum" as const, name: item.name, item })),
    ...schema.domains.map((item) => ({ kind: "domain" as const, name: item.name, item })),
    ...schema.sequences.map((item) => ({ kind: "sequence" as const, name: item.name, item })),
    ...schema.routines.map((item) => ({
      kind: "routine" as const,
      name: `${item.name}(${item.arguments})`,
      item,
    })),
  ];
}

/** Objects whose name contains every word of the query (case-insensitive), in their order. */
export function filterObjects(objects: SchemaObject[], query: string): SchemaObject[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return objects;
  const byName = (o: SchemaObject) => words.every((w) => o.name.toLowerCase().includes(w));
  // A table is found by its columns and indexes too, after the objects found by name.
  const inside = (o: SchemaObject) =>
    o.kind === "table" &&
    words.every((w) =>
      [o.name, ...(o.item.columns ?? []).map((c) => c.name), ...(o.item.indexes ?? []).map((i) => i.name)].some((n) =>
        n.toLowerCase().includes(w),
      ),
    );
  const named = objects.filter(byName);
  return [...named, ...objects.filter((o) => !byName(o) && inside(o))];
}

/** The key that identifies an object in the list and in a selection. */
export function objectKey(object: Pick<SchemaObject, "kind" | "name">): string {
  return `${object.kind}:${object.name}`;
}

/** The schema to show first: the first one that has anything in it. */
export function defaultSchema(schemas: Schema[]): Schema | null {
  return schemas.find((s) => schemaObjects(s).length > 0) ?? schemas[0] ?? null;
}

/** A source as it may be shown: a URL's password replaced by `***`. */
export function redactSource(source: string): string {
  return source.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]+):[^@/]*@/i, "$1:***@");
}

/** Each flavor's name as people write it. */
export const FLAVORS = { postgres: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB", sqlite: "SQLite" } as const;

/** The lines of `after`, each marked when it is not in `before`: the view of an edit that only
 * inserts lines (as trusting a reviewer does to the policy file), shown before it is saved. */
export function insertedLines(before: string, after: string): { text: string; added: boolean }[] {
  const old = before.split("\n");
  let next = 0;
  return after.split("\n").map((text) => {
    if (next < old.length && old[next] === text) {
      next += 1;
      return { text, added: false };
    }
    return { text, added: true };
  });
}
