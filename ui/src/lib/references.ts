// Foreign keys read both ways: where a table's keys point, and which tables point at it. Pure.
import type { Database, ForeignKey } from "../api";

/** A table by schema and name. */
export type TableAddress = { schema: string; table: string };

/** A foreign key of another table (or the same one) that points at a table. */
export type Reference = TableAddress & { fk: ForeignKey };

/** A map key for a table: names may hold dots, so they are joined by a character none can hold. */
export function addressKey(address: TableAddress): string {
  return `${address.schema}\u0000${address.table}`;
}

/** The table a foreign key of a table in `schema` points at: its own schema unless it names one. */
export function targetOf(fk: ForeignKey, schema: string): TableAddress {
  return { schema: fk.referenced_schema ?? schema, table: fk.referenced_table };
}

/** For every table that foreign keys point at, the keys pointing at it, by `addressKey`, in one pass. */
export function referencesByTable(database: Database): Map<string, Reference[]> {
  const byTarget = new Map<string, Reference[]>();
  for (const schema of database.schemas) {
    for (const table of schema.tables) {
      for (const fk of table.foreign_keys) {
        const key = addressKey(targetOf(fk, schema.name));
        const reference = { schema: schema.name, table: table.name, fk };
        const list = byTarget.get(key);
        if (list) list.push(reference);
        else byTarget.set(key, [reference]);
      }
    }
  }
  return byTarget;
}
