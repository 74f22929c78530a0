//! Trusting a reviewer from the app: their name and public key added under `[approvers]` of the
//! project's policy file, everything else in the file (comments, order, other tables) kept as
//! written. The edit is shown before it is saved, and saved only over the text that was shown.

use std::path::{Path, PathBuf};

use plumb_engine::policy::{Policy, POLICY_PATH};

use crate::{Error, Result};

/// The policy file before and after trusting one more reviewer.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "camelCase")]
pub struct TrustEdit {
    /// The policy file.
    pub path: PathBuf,
    /// Its text now (empty when there is no file yet).
    pub before: String,
    /// Its text with the reviewer trusted.
    pub after: String,
}

/// What `root`'s policy file becomes once it trusts `name` with `public_key`.
pub fn trust_reviewer(root: &Path, name: &str, public_key: &str) -> Result<TrustEdit> {
    let path = root.join(POLICY_PATH);
    let before = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => return Err(Error::Io { path, source }),
    };
    let refuse = |reason: String| Error::PolicyEdit { path: path.clone(), reason };
    let mut document: toml_edit::DocumentMut =
        before.parse().map_err(|e: toml_edit::TomlError| refuse(e.to_string()))?;
    let approvers = document
        .entry("approvers")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()))
        .as_table_like_mut()
        .ok_or_else(|| refuse("approvers is not a table: fix the file by hand first".into()))?;
    match approvers.get(name).and_then(|v| v.as_str()) {
        Some(key) if key == public_key => return Err(refuse(format!("{name} is trusted with this key already"))),
        Some(_) => {
            return Err(refuse(format!(
                "the policy trusts another key under the name {name:?}: a reviewer's name stands for one key; \
                 remove the old one from the file first if {name} has a new key"
            )))
        }
        None => {}
    }
    approvers.insert(name, toml_edit::value(public_key));
    let after = document.to_string();
    // The result must be a policy Plumb accepts (a real ed25519 key, names it can read).
    Policy::from_toml(&after, &path.display().to_string())?;
    Ok(TrustEdit { path, before, after })
}

/// Writes the edit, provided the file still holds the text it was made from.
pub fn save(edit: &TrustEdit) -> Result<()> {
    let now = std::fs::read_to_string(&edit.path).unwrap_or_default();
    if now != edit.before {
        return Err(Error::PolicyEdit {
            path: edit.path.clone(),
            reason: "the file changed since the edit was shown: nothing was written; look at it again".into(),
        });
    }
    if let Some(folder) = edit.path.parent() {
        std::fs::create_dir_all(folder).map_err(|source| Error::Io { path: folder.to_owned(), source })?;
    }
    std::fs::write(&edit.path, &edit.after).map_err(|source| Error::Io { path: edit.path.clone(), source })
}

#[cfg(test)]
mod tests {
    use super::*;
    use plumb_engine::approval::ApprovalKey;

    #[test]
    fn a_trusted_reviewer_is_added_and_the_rest_of_the_file_kept() {
        let dir = tempfile::tempdir().unwrap();
        let ana = ApprovalKey::generate().public_key();
        std::fs::create_dir(dir.path().join(".plumb")).unwrap();
        let written = "# who may approve\n[approvers]\nana = \"ANA\"\n\n[environments.prod]\napprovals = 1\n"
            .replace("ANA", &ana);
        std::fs::write(dir.path().join(POLICY_PATH), &written).unwrap();
        let bo = ApprovalKey::generate().public_key();
        let edit = trust_reviewer(dir.path(), "bo", &bo).unwrap();
        assert_eq!(edit.before, written);
        assert!(edit.after.starts_with("# who may approve\n[approvers]\nana = "), "{}", edit.after);
        assert!(edit.after.contains(&format!("bo = \"{bo}\"")) && edit.after.contains("[environments.prod]"));
        save(&edit).unwrap();
        let policy = Policy::from_toml(&std::fs::read_to_string(&edit.path).unwrap(), "policy").unwrap();
        assert_eq!(policy.trusted().len(), 2);
        // Shown once, saved once: the same edit again would overwrite a file that moved on.
        let err = save(&edit).unwrap_err().to_string();
        assert!(err.contains("changed since the edit was shown"), "{err}");
    }

    #[test]
    fn a_project_without_a_policy_gets_one_and_hostile_input_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let key = ApprovalKey::generate().public_key();
        let edit = trust_reviewer(dir.path(), "ana \"] evil = 1", &key).unwrap();
        assert_eq!(edit.before, "");
        save(&edit).unwrap();
        let policy = Policy::from_toml(&std::fs::read_to_string(&edit.path).unwrap(), "policy").unwrap();
        assert_eq!(policy.trusted()[0].name, "ana \"] evil = 1", "the name is quoted, not read as TOML");
        let err = trust_reviewer(dir.path(), "ana \"] evil = 1", &ApprovalKey::generate().public_key()).unwrap_err();
        assert!(err.to_string().contains("another key under the name"), "{err}");
        let err = trust_reviewer(dir.path(), "bo", "not-a-key").unwrap_err();
        assert!(err.to_string().contains("not an ed25519 public key"), "{err}");
    }
}
