//! The part of the apply gate that needs no database: is this plan, with these approvals and
//! acknowledgements, allowed to run in this environment? The live checks (fingerprint, advisory
//! lock) follow in `plumb-db`, which alone can build the plan type apply accepts.
//!
//! Order: the plan is intact; the environment allows what it does; the approvals the policy asks
//! for are there, valid, and not all from the person applying; every blocking finding is
//! acknowledged (by the person applying or by a counted reviewer); the database's name was typed
//! where the policy asks for it, and for every plan that loses data, whatever the environment.

use serde::{Deserialize, Serialize};

use crate::approval::{Approval, ApprovalError};
use crate::lint::live::LiveFacts;
use crate::plan::Plan;
use crate::policy::EnvPolicy;

/// Who is applying: their name and, when they have one, their approval key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applier {
    /// The name they go by (their user name unless they say otherwise).
    pub name: String,
    /// Their ed25519 public key, base64, when they have an approval key.
    pub public_key: Option<String>,
}

/// What the gate is asked to let through.
#[derive(Debug, Clone, Copy)]
pub struct GateRequest<'a> {
    /// The environment's rules.
    pub policy: &'a EnvPolicy,
    /// The approval files found for the plan.
    pub approvals: &'a [Approval],
    /// Who is applying.
    pub applier: &'a Applier,
    /// Findings the person applying acknowledges (`RULE` or `RULE@STEP`).
    pub acknowledged: &'a [String],
    /// What the person applying typed to confirm, if anything.
    pub confirmation: Option<&'a str>,
    /// The name to type: the target database's (its file name for SQLite).
    pub database_name: &'a str,
    /// Counts from the target's data for the findings the gate derives again (empty without a
    /// database: the findings are then judged without numbers).
    pub facts: &'a LiveFacts,
    /// The target as it is, read against the plan ([`Plan::on_target`]), when there is a
    /// database: the plan is derived again from both whole schemas rebuilt on it; without one,
    /// from the plan's parts.
    pub live: Option<&'a crate::plan::OnTarget>,
}

/// What let a plan through: recorded in the target's history and the run's evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Clearance {
    /// Reviewers whose approvals counted.
    pub approvers: Vec<String>,
    /// Approvals that did not count, each with why.
    pub not_counted: Vec<String>,
    /// Every acknowledgement that applied (`RULE` or `RULE@STEP`), with who gave it.
    pub acknowledged: Vec<Acknowledgement>,
}

/// One acknowledged finding and who acknowledged it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Acknowledgement {
    /// `RULE` or `RULE@STEP`.
    pub rule: String,
    /// Who acknowledged it.
    pub by: String,
}

/// Why a plan may not run. Each says what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GateError {
    /// The plan's content does not match its hash.
    #[error("not applied: the plan was edited after it was written ({reason}); make the plan again")]
    Tampered {
        /// The hash mismatch.
        reason: String,
    },
    /// The environment forbids destructive changes and the plan makes some.
    #[error("not applied: the policy forbids destructive changes on {environment}, and this plan {}", .steps.join("; "))]
    Destructive {
        /// The environment.
        environment: String,
        /// What would be destroyed, per step.
        steps: Vec<String>,
    },
    /// The environment wants an approval by someone other than the person applying, who has no
    /// key to show who they are.
    #[error("not applied: {environment} needs an approval by someone other than the person applying, so the person applying must show who they are with their own approval key, and none is usable here (no OS keychain, or PLUMB_KEYCHAIN=none); apply from a session with a keychain (`plumb approve --show-key` creates the key)")]
    UnknownApplier {
        /// The environment.
        environment: String,
    },
    /// The plan's statements are not what Plumb derives from what the plan records.
    #[error("not applied: the plan is not what Plumb makes of its own schemas and inputs: {reason}; make the plan again with plumb plan (an edited plan is refused on every environment)")]
    NotDerived {
        /// What differs.
        reason: String,
    },
    /// A step destroys data of a table the policy protects.
    #[error("not applied: step {step} {loss}, and the policy protects {pattern:?}: no acknowledgement lets this through; change the plan so it keeps the data")]
    Protected {
        /// The step (from 1).
        step: usize,
        /// What it destroys.
        loss: String,
        /// The policy's entry that protects the table.
        pattern: String,
    },
    /// A finding of a rule the environment never lets through.
    #[error("not applied: the policy never lets {rule} through on {environment} ({message}); change the plan")]
    NeverAcknowledged {
        /// The rule.
        rule: String,
        /// The environment.
        environment: String,
        /// The finding.
        message: String,
    },
    /// A trusted reviewer rejected the plan.
    #[error("not applied: {0}")]
    Rejected(ApprovalError),
    /// Fewer valid approvals than the environment needs.
    #[error(
        "not applied: {environment} needs {needed} approval(s) of this plan by a trusted reviewer{other}, found {found}{problems}; ask a reviewer to run `plumb approve PLAN` (or approve it in the app){trust}",
        found = .counted.len(),
        other = if *.self_approval { "" } else { " other than the person applying" },
        problems = not_counted_list(.not_counted),
        trust = if *.no_trusted { ", and list their public key under [approvers] in .plumb/policy.toml" } else { "" }
    )]
    NotEnoughApprovals {
        /// The environment.
        environment: String,
        /// How many it needs.
        needed: u32,
        /// Whose approvals counted.
        counted: Vec<String>,
        /// Approvals that did not count, with why.
        not_counted: Vec<String>,
        /// Whether the applier's own approval may count.
        self_approval: bool,
        /// Whether the policy trusts nobody at all for this environment.
        no_trusted: bool,
    },
    /// Blocking findings nobody acknowledged.
    #[error(
        "not applied: {} blocking safety finding(s) not acknowledged: {}; once reviewed, pass {}",
        .findings.len(),
        .findings.join("; "),
        .rules.iter().map(|r| format!("--allow {r}")).collect::<Vec<_>>().join(" ")
    )]
    Unacknowledged {
        /// Each open finding: `rule: message`.
        findings: Vec<String>,
        /// The rules to acknowledge, once each.
        rules: Vec<String>,
    },
    /// The database's name was not typed where the environment or a loss of data asks for it.
    #[error("not applied: {}, {expected:?}, to confirm{}", asking(*.losses, .environment), .typed.as_deref().map(|t| format!(" (typed {t:?})")).unwrap_or_default())]
    Confirmation {
        /// The environment.
        environment: String,
        /// Steps of the plan that lose data (they ask for the name on every environment).
        losses: usize,
        /// The name to type.
        expected: String,
        /// What was typed, if anything.
        typed: Option<String>,
    },
}

/// The first acknowledgement (`RULE` or `RULE@STEP`) that names no rule: refused before anything
/// else, so that a typo cannot let a finding through unnoticed.
pub fn unknown_rule(acknowledged: &[String]) -> Option<&str> {
    acknowledged
        .iter()
        .map(String::as_str)
        .find(|a| crate::lint::rule(a.split_once('@').map_or(*a, |(rule, _)| rule)).is_none())
}

/// Whether the person applying `plan` types the database's name: where the policy asks for it,
/// and before any plan that loses data. The gate asks again from the steps it derives itself, so
/// a plan file that hides its losses still asks.
pub fn name_to_type(plan: &Plan, policy: &EnvPolicy) -> bool {
    policy.confirm || plan.data_losses() > 0
}

/// Who asks for the database's name in a [`GateError::Confirmation`], and for what.
fn asking(losses: usize, environment: &str) -> String {
    match losses {
        0 => format!("{environment} asks you to type the database's name"),
        n => format!("this plan loses data ({n} step(s)): type the database's name"),
    }
}

/// The approvals that did not count, in parentheses after the count of those that did.
fn not_counted_list(not_counted: &[String]) -> String {
    if not_counted.is_empty() {
        String::new()
    } else {
        format!(" ({})", not_counted.join("; "))
    }
}

impl GateError {
    /// The same refusal in the desktop app's words: what to do there (approve in Review & apply,
    /// tick the finding, trust a reviewer), not the command and flag a terminal user types.
    pub fn in_window(&self) -> String {
        match self {
            GateError::UnknownApplier { environment } => format!(
                "not applied: {environment} needs an approval by someone other than you, so you must show who you are \
                 with your own approval key, and this session has no OS keychain to keep one; apply from a session \
                 with a keychain"
            ),
            GateError::NotDerived { reason } => format!(
                "not applied: the plan is not what Plumb makes of its own schemas and inputs: {reason}; make the \
                 plan again from the comparison (an edited plan is refused on every environment)"
            ),
            GateError::NotEnoughApprovals { environment, needed, counted, not_counted, self_approval, no_trusted } => {
                let other = if *self_approval { "" } else { " other than you" };
                let problems = not_counted_list(not_counted);
                let trust = if *no_trusted {
                    ", and add their key to the project's trusted reviewers (Trust this reviewer… beside their approval)"
                } else {
                    ""
                };
                format!(
                    "not applied: {environment} needs {needed} approval(s) of this plan by a trusted reviewer{other}, \
                     found {}{problems}; ask a reviewer to open the plan in Review & apply and approve it{trust}",
                    counted.len()
                )
            }
            GateError::Unacknowledged { findings, .. } => format!(
                "not applied: {} blocking safety finding(s) not acknowledged: {}; once reviewed, tick each in the SQL tab",
                findings.len(),
                findings.join("; ")
            ),
            other => other.to_string(),
        }
    }
}

/// The first step that destroys data of a protected table: `pattern` matches the table's name
/// alone or with its schema (`app.users`), as the step names it.
fn protected(plan: &Plan, patterns: &[String]) -> Option<GateError> {
    let patterns: Vec<(glob::Pattern, &String)> =
        patterns.iter().filter_map(|p| glob::Pattern::new(p).ok().map(|g| (g, p))).collect();
    plan.steps.iter().enumerate().find_map(|(i, step)| {
        let loss = step.data_loss.as_ref()?;
        let object = step.object.as_deref()?;
        let table = object.rsplit_once('.').map_or(object, |(_, t)| t);
        let (_, pattern) = patterns.iter().find(|(g, _)| g.matches(table) || g.matches(object))?;
        Some(GateError::Protected { step: i + 1, loss: loss.clone(), pattern: (*pattern).clone() })
    })
}

/// Checks everything about `plan` that needs no database. On success, says who let it through.
pub fn check(plan: &Plan, request: &GateRequest<'_>) -> Result<Clearance, GateError> {
    let policy = request.policy;
    plan.check_seal().map_err(|e| GateError::Tampered { reason: e.to_string() })?;
    // The file's steps must be Plumb's own derivation, and what they destroy and what the rules
    // find in them are taken from that derivation, never from the file.
    let derived =
        plan.verify_derivation(request.facts, request.live).map_err(|reason| GateError::NotDerived { reason })?;
    if !policy.destructive {
        let steps: Vec<String> = derived.steps.iter().filter_map(|s| s.data_loss.clone()).collect();
        if !steps.is_empty() {
            return Err(GateError::Destructive { environment: policy.environment.clone(), steps });
        }
    }
    if let Some(refusal) = protected(&derived, &policy.protected) {
        return Err(refusal);
    }
    if let Some(finding) = derived.findings.iter().find(|f| f.blocks() && policy.never_acknowledge.contains(&f.rule)) {
        return Err(GateError::NeverAcknowledged {
            rule: finding.rule.clone(),
            environment: policy.environment.clone(),
            message: finding.message.clone(),
        });
    }

    let (counted, not_counted) = count_approvals(plan, request)?;
    if (counted.len() as u64) < u64::from(policy.approvals) {
        return Err(GateError::NotEnoughApprovals {
            environment: policy.environment.clone(),
            needed: policy.approvals,
            counted: counted.iter().map(|(name, _)| name.clone()).collect(),
            not_counted,
            self_approval: policy.self_approval,
            no_trusted: policy.trusted.is_empty(),
        });
    }

    let mut acknowledged: Vec<Acknowledgement> = request
        .acknowledged
        .iter()
        .map(|rule| Acknowledgement { rule: rule.clone(), by: request.applier.name.clone() })
        .collect();
    for (name, approval) in &counted {
        acknowledged
            .extend(approval.acknowledged.iter().map(|rule| Acknowledgement { rule: rule.clone(), by: name.clone() }));
    }
    let rules: Vec<String> = acknowledged.iter().map(|a| a.rule.clone()).collect();
    let open = derived.unacknowledged(&rules);
    if !open.is_empty() {
        let mut open_rules: Vec<String> = open.iter().map(|f| f.rule.clone()).collect();
        open_rules.dedup();
        return Err(GateError::Unacknowledged {
            findings: open.iter().map(|f| format!("{}: {}", f.rule, f.message)).collect(),
            rules: open_rules,
        });
    }

    // "Someone other than the person applying" means nothing if that person can be anyone: where
    // the policy asks for it, the person applying shows their own key (from their keychain), as
    // the approvers did.
    if policy.approvals > 0 && !policy.self_approval && request.applier.public_key.is_none() {
        return Err(GateError::UnknownApplier { environment: policy.environment.clone() });
    }

    let losses = derived.data_losses();
    if name_to_type(&derived, policy) && request.confirmation != Some(request.database_name) {
        return Err(GateError::Confirmation {
            environment: policy.environment.clone(),
            losses,
            expected: request.database_name.to_owned(),
            typed: request.confirmation.map(str::to_owned),
        });
    }
    Ok(Clearance { approvers: counted.iter().map(|(name, _)| name.clone()).collect(), not_counted, acknowledged })
}

/// An approval that counts, under the name the policy gives its key.
type Counted<'a> = (String, &'a Approval);

/// The approvals that count (valid, trusted, not the applier's own where that is not allowed, one
/// per key), each under the name the policy gives its key — never the name written in the file —
/// and why the others do not. A valid rejection by a trusted reviewer stops the plan.
fn count_approvals<'a>(plan: &Plan, request: &GateRequest<'a>) -> Result<(Vec<Counted<'a>>, Vec<String>), GateError> {
    let trusted = &request.policy.trusted;
    let name_of = |key: &str| trusted.iter().find(|t| t.public_key == key).map(|t| t.name.clone());
    // The person applying, by key where they have one the policy knows.
    let applier_name =
        request.applier.public_key.as_deref().and_then(name_of).unwrap_or_else(|| request.applier.name.clone());
    let mut counted: Vec<Counted<'a>> = Vec::new();
    let mut not_counted = Vec::new();
    for approval in request.approvals {
        match approval.verify(plan, trusted) {
            Err(rejected @ ApprovalError::Rejected { .. }) => return Err(GateError::Rejected(rejected)),
            Err(problem) => not_counted.push(problem.why_not_counted()),
            Ok(()) => {
                let name = name_of(&approval.public_key).unwrap_or_else(|| approval.approver.clone());
                let own = request.applier.public_key.as_deref() == Some(approval.public_key.as_str())
                    || name.eq_ignore_ascii_case(&applier_name);
                if !request.policy.self_approval && own {
                    not_counted.push(format!("{name} is the person applying and cannot approve their own apply here"));
                } else if counted.iter().any(|(_, c)| c.public_key == approval.public_key) {
                    not_counted.push(format!("{name} approved twice with the same key: counted once"));
                } else {
                    counted.push((name, approval));
                }
            }
        }
    }
    Ok((counted, not_counted))
}

#[cfg(test)]
mod tests;
