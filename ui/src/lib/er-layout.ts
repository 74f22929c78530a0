// Where each table's box goes: ELK's layered layout (referenced tables left of the tables that
// reference them), sized from what each box shows.
import ELK from "elkjs/lib/elk.bundled.js";
import type { ErGraph, ErTable } from "./er";

/** Box geometry, shared with the node component that draws the box. */
export const BOX = { header: 28, row: 18, footer: 16, charWidth: 7.2, padding: 24, minWidth: 150 };

export function boxSize(table: ErTable): { width: number; height: number } {
  const longest = Math.max(
    table.name.length + 2,
    ...table.columns.map((c) => c.name.length + c.type.length + 4),
  );
  return {
    width: Math.max(BOX.minWidth, Math.round(longest * BOX.charWidth + BOX.padding)),
    height: BOX.header + table.columns.length * BOX.row + (table.hidden > 0 ? BOX.footer : 0) + 8,
  };
}

const elk = new ELK();

/** The top-left corner of every table's box. */
export async function layout(graph: ErGraph): Promise<Map<string, { x: number; y: number }>> {
  const laid = await elk.layout({
    id: "schema",
    layoutOptions: {
      "elk.algorithm": "layered",
      "elk.direction": "RIGHT",
      "elk.layered.spacing.nodeNodeBetweenLayers": "70",
      "elk.spacing.nodeNode": "28",
      "elk.spacing.componentComponent": "50",
      "elk.layered.considerModelOrder.strategy": "NODES_AND_EDGES",
    },
    children: graph.tables.map((t) => ({ id: t.id, ...boxSize(t) })),
    // Referenced → referencing, so that parents stand left of their children.
    edges: graph.edges.map((e) => ({ id: e.id, sources: [e.target], targets: [e.source] })),
  });
  return new Map((laid.children ?? []).map((n) => [n.id, { x: n.x ?? 0, y: n.y ?? 0 }]));
}
