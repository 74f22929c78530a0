//! The reviewer's approval key: generated on first use, kept in the OS keychain (service `plumb`,
//! account `approval-key`), never in a file. Without a keychain there is no key: an approval
//! signed with a key that is gone when Plumb exits could never be trusted by a policy.

use std::path::{Path, PathBuf};

use plumb_engine::approval::{Approval, ApprovalKey, Decision};
use plumb_engine::gate::Applier;
use plumb_engine::plan::Plan;

use crate::profile::secrets::{Keychain, Password, Stored};
use crate::{Error, Result};

/// The keychain account of the approval key.
const ACCOUNT: &str = "approval-key";

/// The public key of this user's approval key, when they have one (never creates one): who is
/// applying, so that their own approvals do not count where the policy says so.
pub fn existing_public_key(keychain: &Keychain) -> Option<String> {
    let secret = keychain.get(ACCOUNT).ok()??;
    ApprovalKey::from_secret(secret.expose()).ok().map(|key| key.public_key())
}

/// The person applying (`given` name, else [`crate::project::applier_name`]'s default) with the key
/// that shows who they are and signs the run record, where a keychain keeps one.
pub fn applier(keychain: &Keychain, given: Option<&str>) -> (Applier, Option<ApprovalKey>) {
    let key = applier_key(keychain);
    let applier =
        Applier { name: crate::project::applier_name(given), public_key: key.as_ref().map(ApprovalKey::public_key) };
    (applier, key)
}

/// The key the person applying shows who they are with and signs the run record with: their
/// approval key, created on first use where a keychain keeps it; `None` without a usable keychain.
pub fn applier_key(keychain: &Keychain) -> Option<ApprovalKey> {
    approval_key(keychain).ok().map(|(key, _)| key)
}

/// The reviewer's key, and whether it was created just now.
pub fn approval_key(keychain: &Keychain) -> Result<(ApprovalKey, bool)> {
    if let Some(secret) = keychain.get(ACCOUNT)? {
        let key = ApprovalKey::from_secret(secret.expose())
            .map_err(|e| Error::Keychain { account: ACCOUNT.into(), reason: e.to_string() })?;
        return Ok((key, false));
    }
    let key = ApprovalKey::generate();
    match keychain.set(ACCOUNT, &Password::new(key.to_secret()))? {
        Stored::Keychain => Ok((key, true)),
        Stored::Memory => {
            keychain.delete(ACCOUNT)?;
            Err(Error::Unsupported {
                what: "signing approvals without an OS keychain".into(),
                hint: "the approval key must outlive this run; run Plumb where a keychain (Secret Service, macOS Keychain, Credential Manager) is available".into(),
            })
        }
    }
}

/// A decision signed now and written beside the plan file.
#[derive(Debug)]
pub struct Signed {
    /// The approval.
    pub approval: Approval,
    /// The file it was written to (`plan.approval.NAME.json`).
    pub path: PathBuf,
    /// Whether the reviewer's key was created for it.
    pub key_created: bool,
}

/// Signs `decision` on the plan read from `plan_path` as `name` with the reviewer's key, and
/// writes the approval beside the plan.
pub fn sign_beside(
    keychain: &Keychain,
    plan_path: &Path,
    plan: &Plan,
    name: &str,
    decision: Decision,
    acknowledged: &[String],
    comment: &str,
) -> Result<Signed> {
    // An approval vouches for every blocking finding: each must have been read and acknowledged.
    let open = plan.unacknowledged(acknowledged);
    if decision == Decision::Approve && !open.is_empty() {
        return Err(Error::Unacknowledged { open: open.into_iter().cloned().collect() });
    }
    let (key, key_created) = approval_key(keychain)?;
    let approval = key.sign(name, &jiff::Timestamp::now().to_string(), decision, plan, acknowledged, comment);
    let path = crate::project::approval_path(plan_path, name);
    std::fs::write(&path, approval.to_json()).map_err(|source| Error::Io { path: path.clone(), source })?;
    Ok(Signed { approval, path, key_created })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_keychain_there_is_no_approval_key() {
        let err = approval_key(&Keychain::memory_only("test")).unwrap_err().to_string();
        assert!(err.contains("without an OS keychain"), "{err}");
    }
}
