import { describe, expect, it } from "vitest";
import { matchScore, rankCommands } from "./palette";

const labels = (list: { label: string }[]) => list.map((c) => c.label);
const commands = ["Go to Browse", "Go to Compare", "Compare with demo-dev", "Browse demo-dev", "Open a plan file…"].map(
  (label) => ({ label }),
);

describe("command palette search", () => {
  it("lists everything for an empty query, in order", () => {
    expect(labels(rankCommands("  ", commands))).toEqual(labels(commands));
  });

  it("puts prefixes first, then words inside, then letters in order", () => {
    expect(labels(rankCommands("compare", commands))).toEqual(["Compare with demo-dev", "Go to Compare"]);
    expect(labels(rankCommands("cmp dev", commands))).toEqual(["Compare with demo-dev"]);
    expect(labels(rankCommands("dev", commands))).toEqual(["Browse demo-dev", "Compare with demo-dev"]);
  });

  it("does not match letters out of order", () => {
    expect(matchScore("ved", "demo-dev")).toBeNull();
    expect(matchScore("PLAN", "Open a plan file…")).not.toBeNull();
  });
});
