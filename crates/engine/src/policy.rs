//! The project's apply policy (`.plumb/policy.toml`, checked into the team's repository): per
//! environment, how many approvals a plan needs and from whom, whether destructive changes may run
//! at all, which safety findings nobody may acknowledge, timeouts, backups and where evidence goes.
//!
//! Without a policy file every environment gets [`EnvPolicy::default_for`]: production needs one
//! approval by someone other than the person applying and a typed confirmation; nothing needs an
//! approval elsewhere; data at risk is always backed up first.
//!
//! ```toml
//! evidence_dir = ".plumb/runs"
//!
//! [approvers]            # name = ed25519 public key (`plumb approve --show-key`)
//! ana = "q0m3…="
//!
//! [environments.prod]
//! approvals = 2
//! online = true          # plans run beside the application (the default for production)
//! backfill_batch_rows = 5000
//! never_acknowledge = ["drop-table"]
//! statement_timeout_seconds = 600
//!
//! [environments.staging]
//! approvals = 1
//! approvers = ["ana"]    # only these count here (default: every trusted approver)
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::approval::TrustedApprover;

/// Where the policy lives, relative to the project root.
pub const POLICY_PATH: &str = ".plumb/policy.toml";
/// Where run evidence goes unless the policy says otherwise, relative to the project root.
pub const DEFAULT_EVIDENCE_DIR: &str = ".plumb/runs";

/// Whether an environment name means production (`prod`, `production`, `live`).
pub fn is_production(environment: &str) -> bool {
    matches!(environment.to_ascii_lowercase().as_str(), "prod" | "production" | "live")
}

/// A policy file that cannot be used. Applying is refused rather than run under defaults the
/// team did not choose.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the policy {path} cannot be used: {reason}")]
pub struct PolicyError {
    /// The file.
    pub path: String,
    /// What is wrong, with its line where the parser knows it.
    pub reason: String,
}

/// The whole policy file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Policy {
    /// Where each run's evidence folder is created, relative to the project root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence_dir: Option<String>,
    /// Trusted reviewers: name → base64 ed25519 public key.
    #[serde(default)]
    pub approvers: BTreeMap<String, String>,
    /// Tables no plan may destroy data of, on any environment, acknowledged or not: names or
    /// globs, plain (`Skill`, `audit_*`) or with their schema (`billing.*`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protected: Vec<String>,
    /// Rules per environment name; what an environment leaves out comes from its defaults.
    #[serde(default)]
    pub environments: BTreeMap<String, EnvOverrides>,
}

/// What a policy file may set for one environment. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnvOverrides {
    /// Valid approvals a plan needs.
    pub approvals: Option<u32>,
    /// Whether the person applying may count as one of the approvers.
    pub self_approval: Option<bool>,
    /// Names (of `[approvers]`) whose approvals count here; absent: all of them.
    pub approvers: Option<Vec<String>>,
    /// Whether plans that destroy data (drop a table or column…) may run at all.
    pub destructive: Option<bool>,
    /// Rules whose findings nobody may acknowledge here: a plan with one is refused.
    pub never_acknowledge: Option<Vec<String>>,
    /// How long a statement may wait for a lock (PostgreSQL `lock_timeout`, MySQL
    /// `lock_wait_timeout`), in seconds.
    pub lock_timeout_seconds: Option<u32>,
    /// How long a statement may run (PostgreSQL `statement_timeout`), in seconds; 0: no limit.
    pub statement_timeout_seconds: Option<u32>,
    /// Whether the data destructive statements remove is copied aside first.
    pub backup: Option<bool>,
    /// Whether the person applying must type the database's name.
    pub confirm: Option<bool>,
    /// Whether `plumb seed` may write seed data here (production: never; elsewhere: yes).
    pub seed: Option<bool>,
    /// Whether `plumb plan` writes online plans for this environment (production: yes).
    pub online: Option<bool>,
    /// How long an online plan's statement may wait for a lock that stops reads or writes before
    /// it gives up and tries again, in milliseconds.
    pub online_lock_timeout_ms: Option<u32>,
    /// Rows an online plan's backfill updates per batch (per transaction).
    pub backfill_batch_rows: Option<u32>,
    /// Pause between two backfill batches, in milliseconds.
    pub backfill_pause_ms: Option<u32>,
}

/// The rules for one environment, defaults filled in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct EnvPolicy {
    /// The environment's name.
    pub environment: String,
    /// Valid approvals a plan needs.
    pub approvals: u32,
    /// Whether the person applying may count as one of the approvers.
    pub self_approval: bool,
    /// Reviewers whose approvals count here.
    pub trusted: Vec<TrustedApprover>,
    /// Whether plans that destroy data may run at all.
    pub destructive: bool,
    /// Rules whose findings nobody may acknowledge here.
    pub never_acknowledge: Vec<String>,
    /// Lock wait limit per statement, in seconds.
    pub lock_timeout_seconds: u32,
    /// Run time limit per statement, in seconds; 0: none.
    pub statement_timeout_seconds: u32,
    /// Whether data at risk is backed up before destructive statements.
    pub backup: bool,
    /// Whether the database's name must be typed to apply.
    pub confirm: bool,
    /// Tables whose data no plan may destroy here (the policy's `protected`).
    pub protected: Vec<String>,
    /// Whether seed data may be written here.
    pub seed: bool,
    /// Whether plans for this environment are written online by default.
    pub online: bool,
    /// An online statement's wait for a lock that stops reads or writes, in milliseconds,
    /// before it gives up and is tried again after a pause: writes queued behind it never wait
    /// longer than this.
    pub online_lock_timeout_ms: u32,
    /// Rows per backfill batch.
    pub backfill_batch_rows: u32,
    /// Pause between backfill batches, in milliseconds.
    pub backfill_pause_ms: u32,
}

impl EnvPolicy {
    /// The rules an environment has when the policy says nothing about it.
    pub fn default_for(environment: &str) -> Self {
        let prod = is_production(environment);
        Self {
            environment: environment.to_owned(),
            approvals: u32::from(prod),
            self_approval: !prod,
            trusted: Vec::new(),
            destructive: true,
            never_acknowledge: Vec::new(),
            // A DDL statement queued behind a long transaction blocks every query on its table:
            // give up after a few seconds (the lock findings assume this).
            lock_timeout_seconds: 5,
            statement_timeout_seconds: 0,
            backup: true,
            confirm: prod,
            protected: Vec::new(),
            seed: !prod,
            online: prod,
            // Below what an application notices as a stall (the issue's 250 ms budget for a
            // write), above what a quick ALTER needs to get its lock between two short writes.
            online_lock_timeout_ms: 100,
            backfill_batch_rows: 10_000,
            backfill_pause_ms: 10,
        }
    }
}

impl Policy {
    /// Reads a policy file's text; `path` names it in errors.
    pub fn from_toml(text: &str, path: &str) -> Result<Self, PolicyError> {
        let policy: Policy =
            toml::from_str(text).map_err(|e| PolicyError { path: path.to_owned(), reason: e.to_string() })?;
        policy.check(path)?;
        Ok(policy)
    }

    fn check(&self, path: &str) -> Result<(), PolicyError> {
        let problem = |reason: String| Err(PolicyError { path: path.to_owned(), reason });
        for (name, key) in &self.approvers {
            if !crate::approval::is_public_key(key) {
                return problem(format!(
                    "approver {name:?}: {key:?} is not an ed25519 public key (`plumb approve --show-key` prints one)"
                ));
            }
        }
        for pattern in &self.protected {
            if let Err(e) = glob::Pattern::new(pattern) {
                return problem(format!("protected: {pattern:?} is not a name or glob ({e})"));
            }
        }
        for (env, rules) in &self.environments {
            for name in rules.approvers.iter().flatten() {
                if !self.approvers.contains_key(name) {
                    return problem(format!("environments.{env}.approvers names {name:?}, who is not in [approvers]"));
                }
            }
            if rules.seed == Some(true) && is_production(env) {
                return problem(format!(
                    "environments.{env}.seed = true: production is never seeded (seed data belongs to dev, test and staging databases)"
                ));
            }
            for rule in rules.never_acknowledge.iter().flatten() {
                if crate::lint::rule(rule).is_none() {
                    return problem(format!(
                        "environments.{env}.never_acknowledge: there is no rule {rule:?} (plumb lint --rules lists them)"
                    ));
                }
            }
        }
        Ok(())
    }

    /// Every reviewer of `[approvers]`.
    pub fn trusted(&self) -> Vec<TrustedApprover> {
        self.approvers
            .iter()
            .map(|(name, key)| TrustedApprover { name: name.clone(), public_key: key.clone() })
            .collect()
    }

    /// The rules for `environment`: its defaults with what the file sets for it.
    pub fn for_environment(&self, environment: &str) -> EnvPolicy {
        let mut env = EnvPolicy::default_for(environment);
        env.protected = self.protected.clone();
        let all = self.trusted();
        env.trusted = all.clone();
        let Some(rules) =
            self.environments.iter().find(|(name, _)| name.eq_ignore_ascii_case(environment)).map(|(_, r)| r)
        else {
            return env;
        };
        if let Some(names) = &rules.approvers {
            env.trusted = all.into_iter().filter(|t| names.contains(&t.name)).collect();
        }
        env.approvals = rules.approvals.unwrap_or(env.approvals);
        env.self_approval = rules.self_approval.unwrap_or(env.self_approval);
        env.destructive = rules.destructive.unwrap_or(env.destructive);
        env.never_acknowledge = rules.never_acknowledge.clone().unwrap_or_default();
        env.lock_timeout_seconds = rules.lock_timeout_seconds.unwrap_or(env.lock_timeout_seconds);
        env.statement_timeout_seconds = rules.statement_timeout_seconds.unwrap_or(env.statement_timeout_seconds);
        env.backup = rules.backup.unwrap_or(env.backup);
        env.confirm = rules.confirm.unwrap_or(env.confirm);
        env.online = rules.online.unwrap_or(env.online);
        env.seed = rules.seed.unwrap_or(env.seed);
        env.online_lock_timeout_ms = rules.online_lock_timeout_ms.unwrap_or(env.online_lock_timeout_ms).max(1);
        env.backfill_batch_rows = rules.backfill_batch_rows.unwrap_or(env.backfill_batch_rows).max(1);
        env.backfill_pause_ms = rules.backfill_pause_ms.unwrap_or(env.backfill_pause_ms);
        env
    }

    /// The evidence folder, relative to the project root.
    pub fn evidence_dir(&self) -> &str {
        self.evidence_dir.as_deref().unwrap_or(DEFAULT_EVIDENCE_DIR)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::approval::ApprovalKey;

    #[test]
    fn without_a_file_production_needs_another_persons_approval_and_the_name() {
        let prod = Policy::default().for_environment("production");
        assert_eq!((prod.approvals, prod.self_approval, prod.confirm, prod.backup), (1, false, true, true));
        let dev = Policy::default().for_environment("dev");
        assert_eq!((dev.approvals, dev.confirm, dev.backup, dev.destructive), (0, false, true, true));
        assert_eq!(Policy::default().evidence_dir(), ".plumb/runs");
        assert!(dev.seed && !prod.seed, "seed data goes anywhere but production");
        let refused = Policy::from_toml("[environments.prod]\nseed = true\n", "policy.toml").unwrap_err();
        assert!(refused.reason.contains("production is never seeded"), "{refused}");
        let staging = Policy::from_toml("[environments.staging]\nseed = false\n", "policy.toml").unwrap();
        assert!(!staging.for_environment("staging").seed);
    }

    #[test]
    fn an_environment_overrides_only_what_it_sets() {
        let key = ApprovalKey::generate().public_key();
        let text = format!(
            "evidence_dir = \"audit\"\n[approvers]\nana = \"{key}\"\nbo = \"{key}\"\n\
             [environments.staging]\napprovals = 1\napprovers = [\"ana\"]\n\
             [environments.PROD]\nnever_acknowledge = [\"drop-table\"]\nbackup = false\n"
        );
        let policy = Policy::from_toml(&text, "policy.toml").unwrap();
        assert_eq!(policy.evidence_dir(), "audit");
        let staging = policy.for_environment("staging");
        assert_eq!((staging.approvals, staging.confirm), (1, false));
        assert_eq!(staging.trusted.iter().map(|t| t.name.as_str()).collect::<Vec<_>>(), ["ana"]);
        let prod = policy.for_environment("prod");
        assert_eq!((prod.approvals, prod.backup, prod.confirm), (1, false, true));
        assert_eq!(prod.never_acknowledge, ["drop-table"]);
        assert_eq!(prod.trusted.len(), 2, "every approver counts where the environment names none");
    }

    #[test]
    fn mistakes_are_refused_with_what_to_fix() {
        let err = |text: &str| Policy::from_toml(text, ".plumb/policy.toml").unwrap_err().to_string();
        assert!(err("[environments.prod]\napprovals = \"two\"\n").contains("line 2"), "{}", err("x"));
        assert!(err("[environments.prod]\naproovals = 2\n").contains("unknown field `aproovals`"));
        assert!(err("[approvers]\nana = \"not a key\"\n").contains("not an ed25519 public key"));
        assert!(err("[environments.prod]\napprovers = [\"cy\"]\n").contains("\"cy\", who is not in [approvers]"));
        assert!(err("[environments.prod]\nnever_acknowledge = [\"drop-tabel\"]\n").contains("no rule \"drop-tabel\""));
    }
}
