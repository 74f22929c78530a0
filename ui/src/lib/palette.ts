// The command palette's search: what the user types matches a command's words in order, letters
// may be skipped ("cmp dev" finds "Compare with demo-dev"); closer matches come first. Pure.

/** Something the palette can do. */
export interface Command {
  id: string;
  label: string;
  /** The heading it is listed under (`Go to`, `Browse`). */
  group: string;
  /** A key that does it directly, shown beside it. */
  shortcut?: string;
  run: () => void;
}

/** How well `query` matches `label`: null when it does not; smaller is better. */
export function matchScore(query: string, label: string): number | null {
  const q = query.trim().toLowerCase();
  const text = label.toLowerCase();
  if (!q) return 0;
  const at = text.indexOf(q);
  if (at === 0) return 0;
  if (at > 0) return 1 + at / 1000;
  // Letters in order, each after the last one found; gaps cost.
  let from = 0;
  let gaps = 0;
  for (const c of q) {
    if (c === " ") continue;
    const found = text.indexOf(c, from);
    if (found < 0) return null;
    gaps += found - from;
    from = found + 1;
  }
  return 2 + gaps / 100;
}

/** The commands `query` matches, best first; commands of equal score keep their order. */
export function rankCommands<T extends Pick<Command, "label">>(query: string, commands: T[]): T[] {
  return commands
    .map((command, index) => ({ command, index, score: matchScore(query, command.label) }))
    .filter((c): c is { command: T; index: number; score: number } => c.score !== null)
    .sort((a, b) => a.score - b.score || a.index - b.index)
    .map((c) => c.command);
}
