import { describe, expect, it } from "vitest";
import { COMMANDS } from "./client";
import { ApiError } from "./errors";
import buildRs from "../../../src-tauri/build.rs?raw";

describe("api client", () => {
  it("knows exactly the commands src-tauri/build.rs declares", () => {
    const list = /const COMMANDS: &\[&str\] = &\[([^\]]*)\]/.exec(buildRs)?.[1] ?? "";
    const declared = [...list.matchAll(/"([a-z_]+)"/g)].map((m) => m[1]);
    expect(declared.length).toBeGreaterThan(0);
    expect([...COMMANDS].sort()).toEqual(declared.sort());
  });

  it("keeps the backend's error shape and turns anything else into internal", () => {
    const known = ApiError.from({ code: "locked", message: "db is locked", details: { path: "/x.db" } });
    expect([known.code, known.message, known.details?.path]).toEqual(["locked", "db is locked", "/x.db"]);
    expect(ApiError.from("boom").code).toBe("internal");
    expect(ApiError.from({ code: "made-up", message: "?" }).code).toBe("internal");
    expect(ApiError.from(new Error("plain")).message).toBe("plain");
  });
});
