import { isProduction } from "./environment";
import { describe, expect, it } from "vitest";
import { ApiError, type Preflight } from "../api";
import { blankProfile, defaultColor, describeCheck, duplicateOf, fieldProblems, parsePort } from "./profiles";

const check: Preflight = {
  target: "postgres://app@db/shop",
  flavor: "postgres",
  serverVersion: "15.20",
  versionText: "PostgreSQL 15.20 (Debian)",
  user: "app",
  database: "shop",
  schema: "public",
  canChangeSchema: false,
  privileges: "no CREATE privilege on schema public",
  tls: true,
  tables: 1,
  connectMs: 12,
  latencyMs: 0.234,
  checkedAt: "2026-11-21T22:00:00Z",
};

describe("profiles", () => {
  it("describes a check in one line, in plain words", () => {
    expect(describeCheck(check)).toBe("PostgreSQL 15.20 · 1 table · TLS · 0.23 ms · as app · read-only access");
    const sqlite = { ...check, flavor: "sqlite" as const, tls: null, user: null, tables: 7, latencyMs: 2.5, canChangeSchema: true };
    expect(describeCheck(sqlite)).toBe("SQLite 15.20 · 7 tables · 2.5 ms · schema changes allowed");
  });

  it("maps the backend's field problems to fields, first message per field", () => {
    const error = new ApiError("invalid", "x", {
      path: null,
      fields: [
        { field: "host", message: "give the host" },
        { field: "tls.caFile", message: "/ca.pem: no such file" },
        { field: "host", message: "second" },
      ],
    });
    expect(fieldProblems(error)).toEqual({ host: "give the host", "tls.caFile": "/ca.pem: no such file" });
    expect(fieldProblems(new ApiError("internal", "boom"))).toEqual({});
  });

  it("colours environments as the backend does", () => {
    expect(["prod", "Production", "staging", "dev", "qa"].map(defaultColor)).toEqual([
      "#c62828",
      "#c62828",
      "#ef8f00",
      "#2e7d32",
      "#546e7a",
    ]);
  });

  it("duplicates without the id or the password", () => {
    const form = { ...blankProfile(), id: "abc", name: "prod", password: "keychain" as const };
    expect(duplicateOf(form)).toMatchObject({ id: null, name: "prod-copy", password: "none" });
    expect(form.id).toBe("abc");
  });
});

describe("production", () => {
  it("is read from the environment's name as the policy reads it", () => {
    expect(["prod", "Production", "LIVE", "staging", "opened"].map(isProduction)).toEqual([true, true, true, false, false]);
  });
});

describe("parsePort", () => {
  it("takes a port the network accepts, or empty for the default, and says what is wrong otherwise", () => {
    expect(parsePort("")).toEqual({ port: null, problem: null });
    expect(parsePort(" 5433 ")).toEqual({ port: 5433, problem: null });
    for (const bad of ["99999", "0", "abc", "54.3", "-1"]) {
      expect(parsePort(bad).port).toBeNull();
      expect(parsePort(bad).problem).toContain("1 to 65535");
    }
  });
});
