import { describe, expect, it } from "vitest";
import { comparable, familyOfSource } from "./environment";

describe("source families", () => {
  it("reads the family a source names and compares only within one", () => {
    expect(familyOfSource("postgres://u@h/db")).toBe("postgres");
    expect(familyOfSource("mariadb://root@h/db")).toBe("mysql");
    expect(familyOfSource("/tmp/shop.sqlite")).toBe("sqlite");
    expect(familyOfSource("schema.prisma")).toBeNull();
    expect(comparable({ dialect: "sqlite" }, { dialect: "postgres" })).toBe(false);
    expect(comparable({ dialect: "mysql" }, { dialect: "mysql" })).toBe(true);
    expect(comparable({ dialect: null }, { dialect: "postgres" })).toBe(true);
  });
});
