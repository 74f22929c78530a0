// Pure formatting helpers: no Tauri, no stores.
import type { ForeignKey, IndexPart, ReferentialAction, Table, View } from "../api";

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

/** The non-default actions of a foreign key: `ON DELETE CASCADE`. */
export function describeActions(fk: ForeignKey): string {
  const parts: string[] = [];
  if (fk.on_delete !== "no_action") parts.push(`ON DELETE ${ACTIONS[fk.on_delete]}`);
  if (fk.on_update !== "no_action") parts.push(`ON UPDATE ${ACTIONS[fk.on_update]}`);
  if (fk.deferrable === "initially_deferred") parts.push("DEFERRABLE INITIALLY DEFERRED");
  if (fk.deferrable === "initially_immediate") parts.push("DEFERRABLE");
  return parts.join(" ");
}

export type SchemaObject = { kind: "table"; item: Table } | { kind: "view"; item: View };

/**
 * Objects whose name contains every word of the query (case-insensitive), tables first, each kind
 * sorted as the backend sent it.
 */
export function filterObjects(tables: Table[], views: View[], query: string): SchemaObject[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = (name: string) => words.every((w) => name.toLowerCase().includes(w));
  return [
    ...tables.filter((t) => matches(t.name)).map((item) => ({ kind: "table" as const, item })),
    ...views.filter((v) => matches(v.name)).map((item) => ({ kind: "view" as const, item })),
  ];
}
