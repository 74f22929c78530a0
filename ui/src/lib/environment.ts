// Environment colours: the same everywhere a target is shown (prod red, staging amber, dev green).
import type { Dialect } from "../api";

export function environmentColor(environment: string): string {
  switch (environment) {
    case "prod":
      return "var(--env-prod)";
    case "staging":
      return "var(--env-staging)";
    case "dev":
      return "var(--env-dev)";
    default:
      return "var(--env-custom)";
  }
}

/** Environments in the order the sidebar groups them: riskiest first. */
export function environmentRank(environment: string): number {
  // Sources opened by hand come last, after every environment.
  if (environment === "opened") return Number.MAX_SAFE_INTEGER;
  const order = ["prod", "staging", "dev"];
  const i = order.indexOf(environment);
  return i === -1 ? order.length : i;
}

/** Whether an environment name means production, as the policy reads it (`prod`, `production`,
 * `live`): plans for it are online by default. */
export function isProduction(environment: string): boolean {
  return ["prod", "production", "live"].includes(environment.toLowerCase());
}


export const FAMILY_LABELS: Record<Dialect, string> = { postgres: "PostgreSQL", mysql: "MySQL/MariaDB", sqlite: "SQLite" };

/** The family a source text names by its scheme or file name; null where only its content says
 * (a snapshot, an SQL file, a schema.prisma). */
export function familyOfSource(source: string): Dialect | null {
  const text = source.trim().toLowerCase();
  if (/^postgres(ql)?:\/\//.test(text)) return "postgres";
  if (/^(mysql|mariadb):\/\//.test(text)) return "mysql";
  if (text.startsWith("sqlite:") || /\.(sqlite3?|db)$/.test(text)) return "sqlite";
  return null;
}

/** Whether two sources can be compared: same family, or one whose family is not known yet. */
export function comparable(a: { dialect?: Dialect | null }, b: { dialect?: Dialect | null }): boolean {
  return !a.dialect || !b.dialect || a.dialect === b.dialect;
}
