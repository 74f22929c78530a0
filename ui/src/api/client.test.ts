import { describe, expect, it } from "vitest";
import { COMMANDS } from "./client";
import { ApiError } from "./errors";
import buildRs from "../../../src-tauri/build.rs?raw";
import capability from "../../../src-tauri/capabilities/default.json";

/** The hand-written files of this folder, by name (tests and ./generated left out). */
const sources = import.meta.glob<string>(["./*.ts", "!./*.test.ts"], { query: "?raw", import: "default", eager: true });

describe("api client", () => {
  it("knows exactly the commands src-tauri/build.rs declares", () => {
    const list = /const COMMANDS: &\[&str\] = &\[([^\]]*)\]/.exec(buildRs)?.[1] ?? "";
    const declared = [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(0);
    expect([...COMMANDS].sort()).toEqual(declared.sort());
  });

  it("lets the window call every command, and only those", () => {
    const allowed = capability.permissions.filter((p): p is string => typeof p === "string" && p.startsWith("allow-"));
    expect(allowed.sort()).toEqual(COMMANDS.map((c) => `allow-${c.replaceAll("_", "-")}`).sort());
  });

  it("declares no wire type by hand: every one comes from ./generated", () => {
    const declared = Object.entries(sources).flatMap(([file, text]) =>
      [...text.matchAll(/^export (?:interface|type) (\w+)/gm)].map((m) => `${file}: ${m[1]}`),
    );
    expect(Object.keys(sources)).toContain("./index.ts");
    // Not wire types: the command names (checked against build.rs above) and the sidebar's entry,
    // which is the generated one widened for profiles and opened files.
    expect(declared).toEqual(["./client.ts: Command", "./index.ts: SourceEntry"]);
  });

  it("keeps the backend's error shape and turns anything else into internal", () => {
    const known = ApiError.from({ code: "locked", message: "db is locked", details: { path: "/x.db" } });
    expect([known.code, known.message, known.details?.path]).toEqual(["locked", "db is locked", "/x.db"]);
    expect(ApiError.from("boom").code).toBe("internal");
    expect(ApiError.from({ code: "made-up", message: "?" }).code).toBe("internal");
    expect(ApiError.from(new Error("plain")).message).toBe("plain");
  });
});
