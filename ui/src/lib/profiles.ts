// Plain functions behind the profile views: an empty form, field problems from an error, a
// connection check in one line.
import type { ApiError, Preflight, ProfileForm } from "../api";

/** The colour a profile shows in unless it picks one: the same as the backend's (profile/mod.rs). */
export function defaultColor(environment: string): string {
  const env = environment.toLowerCase();
  if (["prod", "production", "live"].includes(env)) return "#c62828";
  if (["staging", "stage"].includes(env)) return "#ef8f00";
  if (["dev", "development", "local"].includes(env)) return "#2e7d32";
  return "#546e7a";
}

/** The environments offered first; any other name is allowed. */
export const ENVIRONMENTS = ["dev", "staging", "prod"];

export function blankProfile(): ProfileForm {
  return {
    id: null,
    name: "",
    dialect: "postgres",
    host: null,
    port: null,
    database: null,
    user: null,
    path: null,
    tlsMode: null,
    caFile: null,
    certFile: null,
    keyFile: null,
    options: "",
    environment: "dev",
    color: null,
    readOnly: false,
    shadowUrl: null,
    group: null,
    notes: "",
    password: "none",
    shadowPassword: "none",
  };
}

/** A copy to save under another name; the password stays with the original. */
export function duplicateOf(form: ProfileForm): ProfileForm {
  return { ...structuredClone(form), id: null, name: `${form.name}-copy`, password: "none", shadowPassword: "none" };
}

/** The backend's field problems (`tls.caFile: no such file`) by field, for the form to show. */
export function fieldProblems(error: ApiError): Record<string, string> {
  const found: Record<string, string> = {};
  for (const { field, message } of error.details?.fields ?? []) found[field] ??= message;
  return found;
}

/** "PostgreSQL 15.20 · 42 tables · TLS · 0.3 ms · schema changes allowed" */
export function describeCheck(check: Preflight): string {
  const names = { postgres: "PostgreSQL", mysql: "MySQL", mariadb: "MariaDB", sqlite: "SQLite" } as const;
  const parts = [`${names[check.flavor]} ${check.serverVersion}`, `${check.tables} ${check.tables === 1 ? "table" : "tables"}`];
  if (check.tls !== null) parts.push(check.tls ? "TLS" : "no TLS");
  parts.push(`${check.latencyMs < 1 ? check.latencyMs.toFixed(2) : check.latencyMs.toFixed(1)} ms`);
  if (check.user) parts.push(`as ${check.user}`);
  parts.push(check.canChangeSchema ? "schema changes allowed" : "read-only access");
  return parts.join(" · ");
}

/** "until 14:05" for an unlock's end. */
export function untilTime(iso: string): string {
  return `until ${new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}`;
}

/** The port typed in the form: empty for the dialect's default, else a whole number the network
 *  accepts. `problem` says what is wrong with it, in the form's words. */
export function parsePort(text: string): { port: number | null; problem: string | null } {
  const typed = text.trim();
  if (!typed) return { port: null, problem: null };
  const port = /^\d+$/.test(typed) ? Number(typed) : NaN;
  return port >= 1 && port <= 65535
    ? { port, problem: null }
    : { port: null, problem: "The port is a whole number from 1 to 65535 (empty for the default)." };
}
