//! Two texts side by side, the way a reviewer reads a DDL change: lines aligned by a line diff,
//! and inside a changed line the words that differ emphasized (both computed with `similar`).

use serde::{Deserialize, Serialize};
use similar::{ChangeTag, DiffOp, TextDiff};

/// Two texts as aligned rows.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct SideBySide {
    /// One row per line of either side; a side is empty where the other gained lines.
    pub rows: Vec<DiffRow>,
}

/// A row: the current line on the left, the desired one on the right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DiffRow {
    /// The current side's line, if this row has one.
    pub left: Option<DiffLine>,
    /// The desired side's line, if this row has one.
    pub right: Option<DiffLine>,
}

/// One line of one side.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct DiffLine {
    /// Its line number in its own text, from 1.
    pub number: u32,
    /// How it differs from the other side.
    pub change: LineChange,
    /// Its text, split where emphasis starts or ends; joined, the segments are the line.
    pub segments: Vec<Segment>,
}

/// How a line differs from the other side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "snake_case")]
pub enum LineChange {
    /// The same on both sides.
    Equal,
    /// Only on the current side.
    Removed,
    /// Only on the desired side.
    Added,
    /// On both sides, with different words (emphasized in the segments).
    Changed,
}

/// A run of text in a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Segment {
    /// The text.
    pub text: String,
    /// Whether these words differ from the other side.
    pub emphasized: bool,
}

/// Aligns `old` (current) and `new` (desired) line by line.
pub fn side_by_side(old: &str, new: &str) -> SideBySide {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let diff = TextDiff::from_slices(&old_lines, &new_lines);
    let mut rows = Vec::with_capacity(old_lines.len().max(new_lines.len()));
    let line = |lines: &[&str], index: usize, change: LineChange| DiffLine {
        number: u32::try_from(index + 1).unwrap_or(u32::MAX),
        change,
        segments: vec![Segment { text: lines[index].to_owned(), emphasized: false }],
    };
    for op in diff.ops() {
        match *op {
            DiffOp::Equal { old_index, new_index, len } => rows.extend((0..len).map(|i| DiffRow {
                left: Some(line(&old_lines, old_index + i, LineChange::Equal)),
                right: Some(line(&new_lines, new_index + i, LineChange::Equal)),
            })),
            DiffOp::Delete { old_index, old_len, .. } => rows.extend(
                (old_index..old_index + old_len)
                    .map(|i| DiffRow { left: Some(line(&old_lines, i, LineChange::Removed)), right: None }),
            ),
            DiffOp::Insert { new_index, new_len, .. } => rows.extend(
                (new_index..new_index + new_len)
                    .map(|i| DiffRow { left: None, right: Some(line(&new_lines, i, LineChange::Added)) }),
            ),
            // Replaced lines are paired in order, as a split view shows them; the pairs get their
            // differing words emphasized, the lines left over stand alone.
            DiffOp::Replace { old_index, old_len, new_index, new_len } => {
                for i in 0..old_len.max(new_len) {
                    let row = match (i < old_len, i < new_len) {
                        (true, true) => {
                            let (o, n) = (old_index + i, new_index + i);
                            let (left, right) = words(old_lines[o], new_lines[n]);
                            DiffRow {
                                left: Some(DiffLine { segments: left, ..line(&old_lines, o, LineChange::Changed) }),
                                right: Some(DiffLine { segments: right, ..line(&new_lines, n, LineChange::Changed) }),
                            }
                        }
                        (true, false) => {
                            DiffRow { left: Some(line(&old_lines, old_index + i, LineChange::Removed)), right: None }
                        }
                        _ => DiffRow { left: None, right: Some(line(&new_lines, new_index + i, LineChange::Added)) },
                    };
                    rows.push(row);
                }
            }
        }
    }
    SideBySide { rows }
}

/// The segments of two versions of a line, the words that differ emphasized.
fn words(old: &str, new: &str) -> (Vec<Segment>, Vec<Segment>) {
    let (old_tokens, new_tokens) = (tokens(old), tokens(new));
    let (mut left, mut right) = (Vec::new(), Vec::new());
    for change in TextDiff::from_slices(&old_tokens, &new_tokens).iter_all_changes() {
        let text = change.value();
        match change.tag() {
            ChangeTag::Equal => {
                push(&mut left, text, false);
                push(&mut right, text, false);
            }
            ChangeTag::Delete => push(&mut left, text, true),
            ChangeTag::Insert => push(&mut right, text, true),
        }
    }
    (left, right)
}

/// A line split the way SQL reads: identifiers and numbers, runs of spaces, and each punctuation
/// mark alone, so `("a")` against `("a", "b")` emphasizes only `, "b"` (whitespace-separated words
/// would mark the whole column list).
fn tokens(line: &str) -> Vec<&str> {
    #[derive(PartialEq)]
    enum Class {
        Word,
        Space,
        Mark,
    }
    let class = |c: char| {
        if c.is_alphanumeric() || c == '_' || c == '$' {
            Class::Word
        } else if c.is_whitespace() {
            Class::Space
        } else {
            Class::Mark
        }
    };
    let mut out = Vec::new();
    let mut start = 0;
    let mut previous: Option<Class> = None;
    for (i, c) in line.char_indices() {
        let current = class(c);
        let joins = previous.as_ref().is_some_and(|p| *p == current && current != Class::Mark);
        if !joins && i > start {
            out.push(&line[start..i]);
            start = i;
        }
        previous = Some(current);
    }
    if start < line.len() {
        out.push(&line[start..]);
    }
    out
}

/// Appends text, merging it into the last segment when the emphasis is the same.
fn push(segments: &mut Vec<Segment>, text: &str, emphasized: bool) {
    match segments.last_mut() {
        Some(last) if last.emphasized == emphasized => last.text.push_str(text),
        _ => segments.push(Segment { text: text.to_owned(), emphasized }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(line: &DiffLine) -> String {
        line.segments.iter().map(|s| s.text.as_str()).collect()
    }

    fn emphasized(line: &DiffLine) -> Vec<&str> {
        line.segments.iter().filter(|s| s.emphasized).map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn aligns_lines_and_emphasizes_only_the_words_that_differ() {
        let old = "CREATE TABLE t (\n  id integer,\n  name text NOT NULL,\n  legacy text\n)";
        let new = "CREATE TABLE t (\n  id integer,\n  name varchar(200) NOT NULL,\n  legacy text,\n  added int\n)";
        let view = side_by_side(old, new);
        let changes: Vec<(Option<LineChange>, Option<LineChange>)> =
            view.rows.iter().map(|r| (r.left.as_ref().map(|l| l.change), r.right.as_ref().map(|l| l.change))).collect();
        use LineChange::*;
        assert_eq!(
            changes,
            [
                (Some(Equal), Some(Equal)),
                (Some(Equal), Some(Equal)),
                (Some(Changed), Some(Changed)),
                (Some(Changed), Some(Changed)),
                (None, Some(Added)),
                (Some(Equal), Some(Equal)),
            ]
        );
        let name = &view.rows[2];
        assert_eq!(emphasized(name.left.as_ref().unwrap()), ["text"]);
        let legacy = &view.rows[3];
        assert_eq!(emphasized(legacy.right.as_ref().unwrap()), [","], "only the comma is new on that line");
        assert_eq!(emphasized(name.right.as_ref().unwrap()), ["varchar(200)"]);
        assert_eq!(joined(name.right.as_ref().unwrap()), "  name varchar(200) NOT NULL,");
        assert_eq!(view.rows[4].right.as_ref().unwrap().number, 5, "numbers count each side's own lines");
        assert_eq!(view.rows[5].left.as_ref().unwrap().number, 5);
    }

    #[test]
    fn punctuation_is_compared_mark_by_mark() {
        let view = side_by_side(r#"CREATE INDEX i ON t ("a");"#, r#"CREATE INDEX i ON t ("a", "b");"#);
        let right = view.rows[0].right.as_ref().unwrap();
        assert_eq!(emphasized(right), [r#", "b""#]);
        assert_eq!(joined(right), r#"CREATE INDEX i ON t ("a", "b");"#);
        assert_eq!(tokens("a_1  (x)"), ["a_1", "  ", "(", "x", ")"]);
    }

    #[test]
    fn one_empty_side_is_all_added_or_all_removed() {
        let added = side_by_side("", "a\nb");
        assert!(added.rows.iter().all(|r| r.left.is_none() && r.right.as_ref().unwrap().change == LineChange::Added));
        let removed = side_by_side("a\nb", "");
        assert!(removed
            .rows
            .iter()
            .all(|r| r.right.is_none() && r.left.as_ref().unwrap().change == LineChange::Removed));
        assert!(side_by_side("same", "same").rows.iter().all(|r| r.left.as_ref().unwrap().change == LineChange::Equal));
    }
}
