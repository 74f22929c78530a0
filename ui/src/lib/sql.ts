// SQL as coloured tokens, for every view that shows SQL or DDL: the grammar of CodeMirror's SQL
// package (per dialect) through Lezer's highlighter, rendered as spans by the components (never
// as HTML). Pure: no Tauri, no DOM.
import { classHighlighter, highlightCode } from "@lezer/highlight";
import { MariaSQL, MySQL, PostgreSQL, SQLite, type SQLDialect } from "@codemirror/lang-sql";
import type { Flavor } from "../api";

/** A run of text and the classes it is shown with (`tok-keyword`; empty for plain text). */
export interface Token {
  text: string;
  cls: string;
}

const DIALECTS: Record<Flavor, SQLDialect> = {
  postgres: PostgreSQL,
  mysql: MySQL,
  mariadb: MariaSQL,
  sqlite: SQLite,
};

/** `sql` as lines of tokens; the tokens of each line joined give the line back, exactly. */
export function highlightSql(sql: string, flavor: Flavor | null = null): Token[][] {
  const dialect = DIALECTS[flavor ?? "postgres"];
  const lines: Token[][] = [[]];
  const tree = dialect.language.parser.parse(sql);
  highlightCode(
    sql,
    tree,
    classHighlighter,
    (text, cls) => lines[lines.length - 1]!.push({ text, cls }),
    () => lines.push([]),
  );
  return lines;
}

/** A segment of a diff line (the words that differ, or those around them) as coloured tokens. */
export interface ColouredSegment {
  emphasized: boolean;
  tokens: Token[];
}

/** One line of a DDL diff coloured as SQL, the whole line read at once (a keyword cut by a segment
 * is still a keyword), then cut back into its segments so that emphasis and colour both show. */
export function highlightSegments(
  segments: { text: string; emphasized: boolean }[],
  flavor: Flavor | null = null,
): ColouredSegment[] {
  const tokens = highlightSql(segments.map((s) => s.text).join(""), flavor).flat();
  let at = 0;
  return segments.map((segment) => {
    const out: Token[] = [];
    let left = segment.text.length;
    while (left > 0 && at < tokens.length) {
      const token = tokens[at]!;
      if (token.text.length <= left) {
        out.push(token);
        left -= token.text.length;
        at += 1;
      } else {
        out.push({ text: token.text.slice(0, left), cls: token.cls });
        tokens[at] = { text: token.text.slice(left), cls: token.cls };
        left = 0;
      }
    }
    return { emphasized: segment.emphasized, tokens: out };
  });
}
