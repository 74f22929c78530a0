import { describe, expect, it } from "vitest";
import { highlightSegments, highlightSql } from "./sql";

const joined = (lines: { text: string }[][]) => lines.map((l) => l.map((t) => t.text).join("")).join("\n");

describe("SQL highlighting", () => {
  it("colours keywords, strings, numbers and comments", () => {
    const [line] = highlightSql(`SELECT 'a', 42 FROM "users" -- note`);
    const cls = (text: string) => line!.find((t) => t.text === text)?.cls;
    expect(cls("SELECT")).toContain("tok-keyword");
    expect(cls("'a'")).toContain("tok-string");
    expect(cls("42")).toContain("tok-number");
    expect(cls("-- note")).toContain("tok-comment");
  });

  it("gives every character back, line by line, whatever the text", () => {
    const samples = [
      "",
      "CREATE TABLE t (\n  id integer PRIMARY KEY,\n  name text NOT NULL\n);",
      "ALTER TABLE `orders` ADD COLUMN `x` int; /* unclosed",
      "\n\n'it''s'\r\n$$ body $$",
      "ünïcode \"naïve\" 🙂",
    ];
    for (const sql of samples) expect(joined(highlightSql(sql, "mysql"))).toBe(sql);
  });

  it("keeps a diff line's emphasis where its segments say, colours across them", () => {
    const segments = highlightSegments(
      [
        { text: 'CREATE INDEX "i" ON "t" ("a"', emphasized: false },
        { text: ', "status"', emphasized: true },
        { text: ")", emphasized: false },
      ],
      "sqlite",
    );
    const text = (s: { tokens: { text: string }[] }) => s.tokens.map((t) => t.text).join("");
    expect(segments.map(text)).toEqual(['CREATE INDEX "i" ON "t" ("a"', ', "status"', ")"]);
    expect(segments.map((s) => s.emphasized)).toEqual([false, true, false]);
    expect(segments[0]!.tokens[0]).toEqual({ text: "CREATE", cls: "tok-keyword" });
    // A token cut by a segment's end keeps its colour on both sides.
    const cut = highlightSegments([{ text: "SEL", emphasized: false }, { text: "ECT 1", emphasized: true }]);
    expect(cut.map((s) => s.tokens[0]?.cls)).toEqual(["tok-keyword", "tok-keyword"]);
  });
});
