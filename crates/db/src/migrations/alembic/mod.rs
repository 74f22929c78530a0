//! Alembic (SQLAlchemy) migrations: the revisions of a `versions` folder, read with a Python
//! grammar without running any Python — `revision`, `down_revision` (none, one, or several at a
//! merge) and `branch_labels` — and their graph: its heads, and which revisions a database whose
//! `alembic_version` holds some of them has applied.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use tree_sitter::{Node, Parser};

mod deploy;
pub mod offline;
pub(super) mod revision;

pub(super) use deploy::deploy_plan;

use super::{Entry, State, Status};
use crate::table_rows::text_rows;
use crate::{Error, Result, Source};

/// One revision file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    /// Its id (`ae1027a6acf`).
    pub id: String,
    /// The revisions it follows: none for a base, several for a merge.
    pub down: Vec<String>,
    /// Its branch labels.
    pub branch_labels: Vec<String>,
    /// The file.
    pub file: PathBuf,
}

/// The revisions of a folder, each after those it follows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// In an order Alembic could apply them (parents first; ties by file name).
    pub revisions: Vec<Revision>,
}

fn invalid(path: &Path, reason: impl Into<String>) -> Error {
    Error::Definition { object: format!("Alembic revision {}", path.display()), reason: reason.into() }
}

/// The text of a string literal, or the strings of a tuple or list of them; `None` is empty.
fn strings(node: Node<'_>, source: &[u8]) -> Option<Vec<String>> {
    match node.kind() {
        "none" => Some(Vec::new()),
        "string" => {
            let mut cursor = node.walk();
            let content: String = node
                .children(&mut cursor)
                .filter(|c| c.kind() == "string_content")
                .filter_map(|c| c.utf8_text(source).ok())
                .collect();
            Some(vec![content])
        }
        "tuple" | "list" | "parenthesized_expression" => {
            let mut cursor = node.walk();
            let items: Option<Vec<Vec<String>>> =
                node.named_children(&mut cursor).map(|child| strings(child, source)).collect();
            Some(items?.into_iter().flatten().collect())
        }
        _ => None,
    }
}

/// The module-level assignments of a revision file: name → the strings it holds.
fn assignments(path: &Path, text: &str) -> Result<BTreeMap<String, Vec<String>>> {
    let mut parser = Parser::new();
    parser
        .set_language(&tree_sitter_python::LANGUAGE.into())
        .map_err(|e| invalid(path, format!("the Python grammar did not load: {e}")))?;
    let tree = parser.parse(text, None).ok_or_else(|| invalid(path, "the file could not be parsed"))?;
    let source = text.as_bytes();
    let root = tree.root_node();
    let mut out = BTreeMap::new();
    let mut cursor = root.walk();
    for statement in root.named_children(&mut cursor).filter(|n| n.kind() == "expression_statement") {
        let Some(assignment) = statement.named_child(0).filter(|n| n.kind() == "assignment") else { continue };
        let (Some(left), Some(right)) =
            (assignment.child_by_field_name("left"), assignment.child_by_field_name("right"))
        else {
            continue;
        };
        let Ok(name) = left.utf8_text(source) else { continue };
        if let Some(values) = strings(right, source) {
            out.insert(name.to_owned(), values);
        }
    }
    Ok(out)
}

/// Reads one revision file.
pub fn read_revision(path: &Path) -> Result<Revision> {
    let text = std::fs::read_to_string(path).map_err(|e| crate::source::file_error(path, e))?;
    let values = assignments(path, &text)?;
    let id = match values.get("revision").map(Vec::as_slice) {
        Some([id]) if !id.is_empty() => id.clone(),
        _ => return Err(invalid(path, "it sets no revision = \"…\" at module level")),
    };
    let down = values.get("down_revision").cloned().ok_or_else(|| invalid(path, "it sets no down_revision"))?;
    let branch_labels = values.get("branch_labels").cloned().unwrap_or_default();
    Ok(Revision { id, down, branch_labels, file: path.to_owned() })
}

/// Whether `dir` is an Alembic `versions` folder: it holds Python files (beside which no SQL
/// migration tool works), or it is still empty beside Alembic's `env.py`.
pub fn is_versions_folder(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| entries.filter_map(|e| e.ok()).any(|e| is_revision_file(&e.path())))
        || (dir.is_dir() && dir.parent().is_some_and(|p| p.join("env.py").is_file()))
}

/// A Python file of a versions folder other than its package marker.
fn is_revision_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "py") && path.file_name().is_some_and(|n| n != "__init__.py")
}

/// Where every revision of `history` stands on `target`, from its `alembic_version` table (none
/// applied while the table does not exist): applied, pending, or recorded there and not in the
/// folder.
pub async fn status(history: &History, target: &Source) -> Result<Status> {
    let rows = current(target).await?;
    let (applied, unknown) = history.applied(rows.as_deref().unwrap_or_default());
    let mut entries: Vec<Entry> = history
        .revisions
        .iter()
        .map(|r| Entry {
            name: r.file.file_stem().map_or_else(|| r.id.clone(), |s| s.to_string_lossy().into_owned()),
            state: if applied.contains(&r.id) { State::Applied } else { State::Pending },
        })
        .collect();
    entries.extend(unknown.into_iter().map(|id| Entry { name: id.to_owned(), state: State::MissingLocally }));
    Ok(Status { table: rows.is_some().then(|| VERSION_TABLE.to_owned()), entries })
}

/// Alembic's table: it holds the revisions a database is at (its heads).
const VERSION_TABLE: &str = "alembic_version";

/// The revisions `target`'s `alembic_version` holds, or `None` while it has no such table.
pub async fn current(target: &Source) -> Result<Option<Vec<String>>> {
    let rows = text_rows(target, VERSION_TABLE, "SELECT version_num FROM alembic_version", 1).await?;
    Ok(rows.map(|rows| rows.into_iter().filter_map(|mut row| row.swap_remove(0)).collect()))
}

impl History {
    /// Reads every `*.py` revision of `dir`, in an order Alembic could apply them. A file that is
    /// not a revision, a revision following one that is not there, or a cycle is an error naming
    /// it: a folder Plumb cannot read is never "up to date".
    pub fn read(dir: &Path) -> Result<Self> {
        let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
            .map_err(|e| crate::source::file_error(dir, e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| is_revision_file(p))
            .collect();
        files.sort();
        if files.is_empty() && !is_versions_folder(dir) {
            return Err(invalid(dir, "the folder holds no revision file (*.py)"));
        }
        let read: Vec<Revision> = files.iter().map(|f| read_revision(f)).collect::<Result<_>>()?;
        let ids: BTreeSet<&str> = read.iter().map(|r| r.id.as_str()).collect();
        if let Some((r, missing)) =
            read.iter().find_map(|r| r.down.iter().find(|d| !ids.contains(d.as_str())).map(|d| (r, d)))
        {
            return Err(invalid(&r.file, format!("its down_revision {missing} is no revision of the folder")));
        }
        // Parents first: repeatedly take the revisions whose parents are all placed.
        let mut placed: Vec<Revision> = Vec::with_capacity(read.len());
        let mut left = read;
        while !left.is_empty() {
            let (ready, waiting): (Vec<Revision>, Vec<Revision>) =
                left.into_iter().partition(|r| r.down.iter().all(|d| placed.iter().any(|p| &p.id == d)));
            if ready.is_empty() {
                return Err(invalid(&waiting[0].file, "its revisions follow each other in a cycle"));
            }
            placed.extend(ready);
            left = waiting;
        }
        Ok(Self { revisions: placed })
    }

    /// The revisions nothing follows.
    pub fn heads(&self) -> Vec<&str> {
        let followed: BTreeSet<&str> = self.revisions.iter().flat_map(|r| r.down.iter().map(String::as_str)).collect();
        self.revisions.iter().map(|r| r.id.as_str()).filter(|id| !followed.contains(id)).collect()
    }

    /// The revisions a database has applied when its `alembic_version` holds `current`: those and
    /// everything they follow. Versions the folder does not have are returned apart.
    pub fn applied<'a>(&self, current: &'a [String]) -> (BTreeSet<String>, Vec<&'a str>) {
        let by_id: BTreeMap<&str, &Revision> = self.revisions.iter().map(|r| (r.id.as_str(), r)).collect();
        let mut applied = BTreeSet::new();
        let mut unknown = Vec::new();
        let mut stack: Vec<&str> = Vec::new();
        for version in current {
            if by_id.contains_key(version.as_str()) {
                stack.push(version);
            } else {
                unknown.push(version.as_str());
            }
        }
        while let Some(id) = stack.pop() {
            if applied.insert(id.to_owned()) {
                stack.extend(by_id[id].down.iter().map(String::as_str));
            }
        }
        (applied, unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn revision(dir: &Path, file: &str, body: &str) {
        std::fs::write(
            dir.join(file),
            format!("\"\"\"{file}\"\"\"\nfrom alembic import op\n\n{body}\n\ndef upgrade():\n    pass\n"),
        )
        .unwrap();
    }

    #[test]
    fn a_history_with_a_branch_and_a_merge_is_read_without_python() {
        let dir = tempfile::tempdir().unwrap();
        revision(dir.path(), "1_base.py", "revision = 'a1'\ndown_revision = None\nbranch_labels = None");
        revision(dir.path(), "2_left.py", "revision: str = \"b2\"\ndown_revision: Union[str, None] = \"a1\"");
        revision(dir.path(), "3_right.py", "revision = 'c3'\ndown_revision = 'a1'\nbranch_labels = ('audit',)");
        revision(dir.path(), "4_merge.py", "revision = 'd4'\ndown_revision = ('b2', 'c3')");
        std::fs::write(dir.path().join("__init__.py"), "").unwrap();
        let history = History::read(dir.path()).unwrap();
        let order: Vec<&str> = history.revisions.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(order, ["a1", "b2", "c3", "d4"]);
        assert_eq!(history.revisions[2].branch_labels, ["audit"]);
        assert_eq!(history.heads(), ["d4"]);

        let at = |versions: &[&str]| {
            let current: Vec<String> = versions.iter().map(|v| (*v).to_owned()).collect();
            let (applied, unknown) = history.applied(&current);
            (applied.into_iter().collect::<Vec<_>>(), unknown.into_iter().map(str::to_owned).collect::<Vec<_>>())
        };
        assert_eq!(at(&["b2"]), (vec!["a1".to_owned(), "b2".to_owned()], vec![]));
        assert_eq!(at(&["b2", "c3"]).0, ["a1", "b2", "c3"], "two heads applied: both branches");
        assert_eq!(at(&["d4"]).0.len(), 4);
        assert_eq!(at(&["zz9"]), (vec![], vec!["zz9".to_owned()]));
    }

    #[test]
    fn a_folder_plumb_cannot_read_is_an_error_never_up_to_date() {
        let dir = tempfile::tempdir().unwrap();
        let err = History::read(dir.path()).unwrap_err().to_string();
        assert!(err.contains("no revision file"), "{err}");
        revision(dir.path(), "1.py", "down_revision = None");
        assert!(History::read(dir.path()).unwrap_err().to_string().contains("sets no revision"));
        revision(dir.path(), "1.py", "revision = 'a1'\ndown_revision = 'gone'");
        assert!(History::read(dir.path()).unwrap_err().to_string().contains("gone is no revision of the folder"));
        revision(dir.path(), "1.py", "revision = 'a1'\ndown_revision = 'b2'");
        revision(dir.path(), "2.py", "revision = 'b2'\ndown_revision = 'a1'");
        assert!(History::read(dir.path()).unwrap_err().to_string().contains("cycle"));
    }
}
