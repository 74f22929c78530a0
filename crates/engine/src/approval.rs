//! Signed approvals: a reviewer's decision bound to one exact plan (its SHA-256) and the target
//! state it starts from (the plan's `from_fingerprint`), with the findings the reviewer
//! acknowledged and a comment, signed with the reviewer's ed25519 key. No server is involved: an
//! approval is a small file next to the plan that anyone can verify against a list of trusted
//! public keys.
//!
//! What is signed is the canonical JSON of every field but the signature, so changing any of them
//! (the plan hash, the acknowledgements, the comment, the name) breaks the signature.

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine;
use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use serde::{Deserialize, Serialize};

use crate::plan::Plan;

/// The approval file format this build writes and reads.
pub const APPROVAL_FORMAT_VERSION: u32 = 1;

/// What the reviewer decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    /// The plan may be applied (as far as this reviewer is concerned).
    Approve,
    /// The plan must not be applied; the comment says why.
    Reject,
}

/// A signed review of one plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Approval {
    /// [`APPROVAL_FORMAT_VERSION`].
    pub format_version: u32,
    /// The reviewer's name as they gave it.
    pub approver: String,
    /// The reviewer's ed25519 public key, base64.
    pub public_key: String,
    /// When, RFC 3339 (given by the caller: the engine reads no clock).
    pub decided_at: String,
    /// Approve or reject.
    pub decision: Decision,
    /// The plan's `hash` (`sha256:…`).
    pub plan_hash: String,
    /// The plan's `from_fingerprint`: the target state the approval is for.
    pub target_fingerprint: String,
    /// Blocking findings the reviewer acknowledged, as `RULE` or `RULE@STEP`.
    pub acknowledged: Vec<String>,
    /// The reviewer's comment.
    pub comment: String,
    /// ed25519 signature over the other fields, base64.
    pub signature: String,
}

/// A reviewer whose approvals count: a name and a public key (from the project policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct TrustedApprover {
    /// The name.
    pub name: String,
    /// The ed25519 public key, base64.
    pub public_key: String,
}

/// Why an approval does not count. Each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ApprovalError {
    /// The file is not an approval this build reads.
    #[error("not a Plumb approval: {reason}")]
    Invalid {
        /// What is wrong.
        reason: String,
    },
    /// The approval is for another plan.
    #[error(
        "approval by {approver} is for another plan ({approved}, this plan is {plan}): ask for a review of this plan"
    )]
    OtherPlan {
        /// The approver.
        approver: String,
        /// The hash approved.
        approved: String,
        /// This plan's hash.
        plan: String,
    },
    /// The approval is for another starting state of the target.
    #[error("approval by {approver} is for another target state ({approved}, this plan starts from {plan})")]
    OtherTarget {
        /// The approver.
        approver: String,
        /// The fingerprint approved.
        approved: String,
        /// The plan's starting fingerprint.
        plan: String,
    },
    /// The key is not one the policy trusts.
    #[error("approval by {approver} is signed with a key the policy does not trust ({public_key}): add it to the trusted approvers or ask a trusted reviewer")]
    Untrusted {
        /// The approver named in the file.
        approver: String,
        /// The key it was signed with.
        public_key: String,
    },
    /// The signature does not match the content: the file was edited or forged.
    #[error("approval by {approver} has a signature that does not match its content: it was edited after signing, or forged")]
    BadSignature {
        /// The approver named in the file.
        approver: String,
    },
    /// The reviewer rejected the plan.
    #[error("{approver} rejected this plan: {comment}")]
    Rejected {
        /// The reviewer.
        approver: String,
        /// Their reason.
        comment: String,
    },
}

/// A reviewer's signing key. The secret half is for the OS keychain only: [`ApprovalKey::to_secret`]
/// and [`ApprovalKey::from_secret`] are the one way in and out.
pub struct ApprovalKey(SigningKey);

impl ApprovalError {
    /// Why the approval does not count, as the gate and the app list it: the key itself helps
    /// nobody reading why a plan is refused, and trusting it is a separate, deliberate step (the
    /// policy file, or Trust this reviewer… in the app).
    pub fn why_not_counted(&self) -> String {
        match self {
            ApprovalError::Untrusted { approver, .. } => format!("{approver}'s key is not one the policy trusts"),
            other => other.to_string(),
        }
    }
}

impl ApprovalKey {
    /// A new random key.
    pub fn generate() -> Self {
        Self(SigningKey::generate(&mut rand_core::OsRng))
    }

    /// The key from its stored secret (base64 of the 32 secret bytes).
    pub fn from_secret(secret: &str) -> Result<Self, ApprovalError> {
        let bytes = BASE64.decode(secret.trim()).map_err(|e| invalid(format!("stored key: {e}")))?;
        let bytes: [u8; 32] = bytes.try_into().map_err(|_| invalid("stored key: not 32 bytes".into()))?;
        Ok(Self(SigningKey::from_bytes(&bytes)))
    }

    /// The secret to store in the keychain.
    pub fn to_secret(&self) -> String {
        BASE64.encode(self.0.to_bytes())
    }

    /// The public key to put in a policy's trusted approvers.
    pub fn public_key(&self) -> String {
        BASE64.encode(self.0.verifying_key().to_bytes())
    }

    /// Signs a text (a run record: who applied which plan when), base64.
    pub fn sign_text(&self, text: &str) -> String {
        BASE64.encode(self.0.sign(text.as_bytes()).to_bytes())
    }

    /// Whether `signature` is `public_key`'s signature of `text`.
    pub fn verify_text(public_key: &str, text: &str, signature: &str) -> bool {
        let key: Option<[u8; 32]> = BASE64.decode(public_key).ok().and_then(|b| b.try_into().ok());
        let sig: Option<[u8; 64]> = BASE64.decode(signature).ok().and_then(|b| b.try_into().ok());
        match (key.and_then(|k| VerifyingKey::from_bytes(&k).ok()), sig) {
            (Some(key), Some(sig)) => key.verify(text.as_bytes(), &Signature::from_bytes(&sig)).is_ok(),
            _ => false,
        }
    }

    /// Signs a decision on `plan`.
    pub fn sign(
        &self,
        approver: &str,
        decided_at: &str,
        decision: Decision,
        plan: &Plan,
        acknowledged: &[String],
        comment: &str,
    ) -> Approval {
        let mut approval = Approval {
            format_version: APPROVAL_FORMAT_VERSION,
            approver: approver.to_owned(),
            public_key: self.public_key(),
            decided_at: decided_at.to_owned(),
            decision,
            plan_hash: plan.hash.clone(),
            target_fingerprint: plan.from_fingerprint.as_str().to_owned(),
            acknowledged: acknowledged.to_vec(),
            comment: comment.to_owned(),
            signature: String::new(),
        };
        approval.signature = BASE64.encode(self.0.sign(&approval.signed_bytes()).to_bytes());
        approval
    }
}

impl std::fmt::Debug for ApprovalKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ApprovalKey(public {})", self.public_key())
    }
}

/// Whether `key` is a base64 ed25519 public key.
pub fn is_public_key(key: &str) -> bool {
    BASE64
        .decode(key)
        .ok()
        .and_then(|b| <[u8; 32]>::try_from(b).ok())
        .is_some_and(|b| VerifyingKey::from_bytes(&b).is_ok())
}

fn invalid(reason: String) -> ApprovalError {
    ApprovalError::Invalid { reason }
}

impl Approval {
    /// Reads an approval file.
    pub fn from_json(text: &str) -> Result<Self, ApprovalError> {
        let approval: Approval = serde_json::from_str(text).map_err(|e| invalid(e.to_string()))?;
        if approval.format_version != APPROVAL_FORMAT_VERSION {
            return Err(invalid(format!(
                "format_version {} (this Plumb reads {APPROVAL_FORMAT_VERSION})",
                approval.format_version
            )));
        }
        Ok(approval)
    }

    /// The approval as the file holds it.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("an approval serializes")
    }

    /// The bytes the signature covers: every field but the signature, in a fixed order.
    fn signed_bytes(&self) -> Vec<u8> {
        let mut unsigned = self.clone();
        unsigned.signature.clear();
        serde_json::to_vec(&unsigned).expect("an approval serializes")
    }

    /// Checks that this approval counts for `plan`: the right plan and target state, a key
    /// `trusted` lists, a signature that matches, and a decision to approve.
    pub fn verify(&self, plan: &Plan, trusted: &[TrustedApprover]) -> Result<(), ApprovalError> {
        let approver = self.approver.clone();
        if self.plan_hash != plan.hash {
            return Err(ApprovalError::OtherPlan {
                approver,
                approved: self.plan_hash.clone(),
                plan: plan.hash.clone(),
            });
        }
        if self.target_fingerprint != plan.from_fingerprint.as_str() {
            return Err(ApprovalError::OtherTarget {
                approver,
                approved: self.target_fingerprint.clone(),
                plan: plan.from_fingerprint.as_str().to_owned(),
            });
        }
        if !trusted.iter().any(|t| t.public_key == self.public_key) {
            return Err(ApprovalError::Untrusted { approver, public_key: self.public_key.clone() });
        }
        let bad = || ApprovalError::BadSignature { approver: approver.clone() };
        let key: [u8; 32] = BASE64.decode(&self.public_key).ok().and_then(|b| b.try_into().ok()).ok_or_else(bad)?;
        let key = VerifyingKey::from_bytes(&key).map_err(|_| bad())?;
        let signature: [u8; 64] =
            BASE64.decode(&self.signature).ok().and_then(|b| b.try_into().ok()).ok_or_else(bad)?;
        key.verify(&self.signed_bytes(), &Signature::from_bytes(&signature)).map_err(|_| bad())?;
        match self.decision {
            Decision::Approve => Ok(()),
            Decision::Reject => Err(ApprovalError::Rejected { approver, comment: self.comment.clone() }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::test_support::sample_database;
    use crate::model::{Column, ColumnType, Table, TypeKind};

    fn plan() -> Plan {
        let from = sample_database();
        let mut to = from.clone();
        let mut audit = Table::new("audit_log");
        audit.columns.push(Column::new("id", ColumnType::new("bigint", TypeKind::BigInt)));
        to.schemas[0].tables.push(audit);
        crate::plan::plan(&from, &to, &Default::default()).expect("a plan")
    }

    fn trusted(key: &ApprovalKey) -> Vec<TrustedApprover> {
        vec![TrustedApprover { name: "ana".into(), public_key: key.public_key() }]
    }

    #[test]
    fn an_approval_counts_for_its_plan_from_a_trusted_key() {
        let key = ApprovalKey::generate();
        let plan = plan();
        let approval = key.sign("ana", "2026-11-21T23:00:00Z", Decision::Approve, &plan, &["drop-table".into()], "ok");
        let read = Approval::from_json(&approval.to_json()).unwrap();
        assert_eq!(read, approval);
        read.verify(&plan, &trusted(&key)).unwrap();
        let again = ApprovalKey::from_secret(&key.to_secret()).unwrap();
        assert_eq!(again.public_key(), key.public_key(), "the stored secret gives the same key back");
        assert!(!format!("{key:?}").contains(&key.to_secret()), "Debug shows the public half only");
    }

    #[test]
    fn other_plans_untrusted_keys_edits_forgeries_and_rejections_do_not_count() {
        let key = ApprovalKey::generate();
        let plan = plan();
        let approval = key.sign("ana", "2026-11-21T23:00:00Z", Decision::Approve, &plan, &[], "ok");

        let mut other = plan.clone();
        other.hash = "sha256:0000".into();
        assert!(matches!(approval.verify(&other, &trusted(&key)), Err(ApprovalError::OtherPlan { .. })));

        let stranger = ApprovalKey::generate();
        let err = approval.verify(&plan, &trusted(&stranger)).unwrap_err();
        assert!(err.to_string().contains("does not trust"), "{err}");

        let mut edited = approval.clone();
        edited.acknowledged.push("drop-column".into());
        assert!(matches!(edited.verify(&plan, &trusted(&key)), Err(ApprovalError::BadSignature { .. })));

        // Signed by a stranger, claiming a trusted key.
        let mut forged = stranger.sign("ana", "2026-11-21T23:00:00Z", Decision::Approve, &plan, &[], "ok");
        forged.public_key = key.public_key();
        assert!(matches!(forged.verify(&plan, &trusted(&key)), Err(ApprovalError::BadSignature { .. })));

        let rejected = key.sign("ana", "2026-11-21T23:05:00Z", Decision::Reject, &plan, &[], "drops live data");
        let err = rejected.verify(&plan, &trusted(&key)).unwrap_err();
        assert_eq!(err.to_string(), "ana rejected this plan: drops live data");

        assert!(Approval::from_json("{}").is_err());
        assert!(ApprovalKey::from_secret("c2hvcnQ=").is_err());
    }
}
