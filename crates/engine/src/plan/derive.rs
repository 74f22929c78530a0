//! The gate's own derivation of a plan. A plan file is hostile input: anyone can edit a step,
//! drop its findings and recompute its hash. So the gate trusts none of that: it derives the plan
//! again from what it records having been derived from (the two schemas and the diff options, or
//! the migration files), requires the file's statements to be exactly those, and takes the
//! findings from the derivation, with numbers from the live target. The derivation itself refuses
//! schemas whose texts smuggle a statement in (`model::sql_texts`).

use super::parts::{changed_outside, overlay};
use super::{derive_diff, from_scripts, joined, probes, script_probes, Plan, PlanInputs};
use crate::lint::live::{LiveFacts, Probe};
use crate::model::{Database, Fingerprint};
use crate::Result;

/// The live target as a plan sees it, read once and handed to the gate and the executor: its
/// schema, its fingerprint and, where the target is the plan's start outside its parts, both
/// whole schemas rebuilt on it.
#[derive(Debug, Clone)]
pub struct OnTarget {
    /// The target's schema as it is.
    pub live: Database,
    /// Its fingerprint.
    pub fingerprint: Fingerprint,
    /// The plan's start and goal rebuilt on the target ([`Plan::rebuilt_on`]), when their
    /// fingerprints are the plan's.
    pub rebuilt: Option<(Database, Database)>,
}

impl Plan {
    /// Reads `live` against this plan: its fingerprint and both whole schemas rebuilt on it, each
    /// taken once (on 2,000 tables, a fingerprint is tens of milliseconds), the live fingerprint
    /// beside the rebuild.
    pub fn on_target(&self, live: Database) -> OnTarget {
        let (fingerprint, rebuilt) = std::thread::scope(|scope| {
            let fingerprint = scope.spawn(|| live.fingerprint());
            let rebuilt = self.rebuilt_on(&live);
            (joined(fingerprint), rebuilt)
        });
        OnTarget { live, fingerprint, rebuilt }
    }

    /// The counts from the target's data that deriving the plan's findings again asks for.
    pub fn probes(&self) -> Vec<Probe> {
        match &self.inputs {
            PlanInputs::Diff { .. } => self
                .inputs
                .diff_options()
                .and_then(|options| probes(&self.from_part, &self.to_part, &options.ok()?).ok())
                .unwrap_or_default(),
            PlanInputs::Scripts { scripts, .. } => script_probes(&self.from_part, scripts),
            PlanInputs::ReverseOf { .. } => Vec::new(),
        }
    }

    /// The plan Plumb derives from `from` and `to` (the plan's parts, or the whole schemas rebuilt
    /// on the live target) and this plan's inputs, its findings counted with `facts`.
    fn derive_again(&self, from: &Database, to: &Database, facts: &LiveFacts) -> Result<Plan> {
        derive(&self.inputs, from, to, facts)
    }

    /// Both whole schemas, rebuilt from `live` and the plan's parts (see `parts`), when they are
    /// the schemas whose fingerprints the plan records: `None` when `live` differs from the plan's
    /// start outside the parts (or the parts are not what the plan says they are).
    pub fn rebuilt_on(&self, live: &Database) -> Option<(Database, Database)> {
        let (from, to) = self.whole_on(live);
        (from.fingerprint() == self.from_fingerprint && to.fingerprint() == self.to_fingerprint).then_some((from, to))
    }

    /// The schemas the plan starts from and leads to, rebuilt on `live` whatever it holds outside
    /// the parts: on the target as it was before a run, the start its evidence keeps and the goal
    /// the post-verify compares the result with.
    pub fn whole_on(&self, live: &Database) -> (Database, Database) {
        (overlay(live, &self.from_part, &self.to_part), overlay(live, &self.to_part, &self.from_part))
    }

    /// What differs on `live` from the plan's start: the changes in the objects the plan holds
    /// (from its starting part rebuilt on `live` to `live`) and the other objects changed, new
    /// or gone, by name.
    pub fn drift_on(&self, live: &Database) -> Result<(crate::diff::ChangeSet, Vec<String>)> {
        let start = overlay(live, &self.from_part, &self.to_part);
        let changes = crate::diff::diff(&start, live, &Default::default())?;
        Ok((changes, changed_outside(live, &[&self.from_part, &self.to_part], &self.untouched)))
    }

    /// Whether `other` has exactly this plan's statements, forward and back, run the same way.
    pub(super) fn same_statements(&self, other: &Plan) -> bool {
        self.differs(other).is_none()
    }

    fn differs(&self, derived: &Plan) -> Option<String> {
        let differs = |mine: &[super::Step], theirs: &[super::Step]| {
            if mine.len() != theirs.len() {
                return Some(format!("{} statements where Plumb derives {}", mine.len(), theirs.len()));
            }
            mine.iter()
                .zip(theirs)
                .position(|(a, b)| a.sql != b.sql || a.run != b.run)
                .map(|i| format!("statement {} is not the one Plumb derives from the plan's schemas", i + 1))
        };
        if let Some(why) = differs(&self.steps, &derived.steps) {
            return Some(why);
        }
        if let Some(why) = differs(&self.rollback, &derived.rollback) {
            return Some(format!("its way back: {why}"));
        }
        if self.rollback_unavailable != derived.rollback_unavailable || self.transactional != derived.transactional {
            return Some("what it says about its way back or its transaction is not what Plumb derives".into());
        }
        None
    }

    /// Checks that the plan is what Plumb derives from what it records: every statement (forward
    /// and back) is the one derived, and each step is one statement. With the live target, the
    /// derivation is from both whole schemas rebuilt on it, which must match the fingerprints the
    /// plan records when the target is the plan's start; without it (or on a target the plan no
    /// longer fits, which the caller refuses with the drift), from the plan's parts. Returns the
    /// derived plan, whose findings (counted with `facts`) are the ones to judge it by, with this
    /// plan's fingerprints; the reason otherwise.
    pub fn verify_derivation(&self, facts: &LiveFacts, live: Option<&OnTarget>) -> std::result::Result<Plan, String> {
        if self.from_part.flavor != self.flavor {
            return Err(format!("it is for {} but its starting schema is {}", self.flavor, self.from_part.flavor));
        }
        let rebuilt = live.and_then(|target| target.rebuilt.as_ref());
        if rebuilt.is_none() && live.is_some_and(|target| target.fingerprint == self.from_fingerprint) {
            return Err("its schemas do not match the fingerprints it records".into());
        }
        let derived = match rebuilt {
            Some((from, to)) => self.derive_again(from, to, facts),
            None => self.derive_again(&self.from_part, &self.to_part, facts),
        }
        .map_err(|e| format!("Plumb cannot derive it again ({e})"))?;
        match self.differs(&derived) {
            Some(why) => Err(why),
            // The derivation records no fingerprints; its schemas are the ones this plan's say.
            None => Ok(Plan {
                from_fingerprint: self.from_fingerprint.clone(),
                to_fingerprint: self.to_fingerprint.clone(),
                ..derived
            }),
        }
    }
}

fn derive(inputs: &PlanInputs, from: &Database, to: &Database, facts: &LiveFacts) -> Result<Plan> {
    match inputs {
        PlanInputs::Diff { online, .. } => {
            let options = inputs.diff_options().expect("a diff's inputs hold diff options")?;
            derive_diff(from, to, &options, online.as_ref(), facts)
        }
        PlanInputs::Scripts { prologue, scripts } => from_scripts(from, to, prologue, scripts, facts),
        // The forward plan went from this one's desired schema to its starting one.
        PlanInputs::ReverseOf { forward } => derive(forward, to, from, &LiveFacts::default())?.reversed(),
    }
}

#[cfg(test)]
mod tests {
    use crate::model::test_support::sample_database;

    /// A plan that drops a column, as `plumb plan` makes it.
    fn dropping() -> crate::plan::Plan {
        let from = sample_database();
        let mut to = from.clone();
        let users = to.schemas[0].tables.iter_mut().find(|t| t.name == "users").unwrap();
        users.columns.retain(|c| c.name != "status");
        users.indexes.retain(|i| i.name != "users_status_idx");
        crate::plan::plan(&from, &to, &Default::default()).unwrap()
    }

    #[test]
    fn a_plan_as_plumb_made_it_derives_again_and_an_edited_one_does_not() {
        let plan = dropping();
        let facts = Default::default();
        assert!(plan.verify_derivation(&facts, None).is_ok());
        assert!(plan.reversed().unwrap().verify_derivation(&facts, None).is_ok(), "the way back derives too");

        let mut appended = plan.clone();
        appended.steps[0].sql.push_str("; DELETE FROM users");
        let why = appended.seal().verify_derivation(&facts, None).unwrap_err();
        assert!(why.contains("is not the one Plumb derives"), "{why}");

        let mut extra = plan.clone();
        extra.steps.push(extra.steps[0].clone());
        assert!(extra.seal().verify_derivation(&facts, None).unwrap_err().contains("statements where Plumb derives"));

        let mut no_findings = plan.clone();
        no_findings.findings.clear();
        let derived = no_findings.seal().verify_derivation(&facts, None).unwrap();
        assert!(derived.findings.iter().any(|f| f.rule == "drop-column"), "findings come from the derivation");

        // On the live target, the plan derives from both whole schemas rebuilt from its parts,
        // which must be the schemas its fingerprints say.
        let live = sample_database();
        assert!(plan.verify_derivation(&facts, Some(&plan.on_target(live.clone()))).is_ok());
        let mut other_goal = plan.clone();
        other_goal.to_part.schemas[0].tables.retain(|t| t.name != "users");
        let other_goal = other_goal.seal();
        let why = other_goal.verify_derivation(&facts, Some(&other_goal.on_target(live.clone()))).unwrap_err();
        assert!(why.contains("fingerprints"), "{why}");
        let mut other_goal = other_goal;
        other_goal.to_fingerprint = other_goal.whole_on(&live).1.fingerprint();
        let other_goal = other_goal.seal();
        let on_target = other_goal.on_target(live);
        assert!(other_goal.verify_derivation(&facts, Some(&on_target)).is_err(), "steps for another goal");
        assert!(other_goal.verify_derivation(&facts, None).is_err(), "from its parts too");
    }

    #[test]
    fn a_plan_that_compared_enum_labels_as_a_set_derives_again_and_verifies_so() {
        let from = sample_database();
        let mut to = from.clone();
        let labels = &mut to.schemas[0].enums[0].labels;
        labels.reverse();
        labels.push("archived".into());
        let options = crate::diff::DiffOptions { enum_labels_as_set: true, ..Default::default() };
        let plan = crate::plan::plan(&from, &to, &options).unwrap();
        assert_eq!(plan.steps.len(), 1, "only the new label: {:#?}", plan.steps);
        assert!(plan.steps[0].sql.contains("ADD VALUE 'archived'"), "{}", plan.steps[0].sql);
        assert!(plan.verify_derivation(&Default::default(), None).is_ok(), "the gate compares the labels as a set too");
        assert!(plan.verify_options().enum_labels_as_set, "and so does the post-verify");
    }

    #[test]
    fn a_default_that_smuggles_a_statement_is_refused() {
        let from = sample_database();
        let mut to = from.clone();
        let users = to.schemas[0].tables.iter_mut().find(|t| t.name == "users").unwrap();
        let mut column = users.columns[0].clone();
        column.name = "smuggled".into();
        column.nullable = true;
        column.identity = None;
        column.default = Some("0; DELETE FROM users".into());
        users.columns.push(column);
        let refused = crate::plan::plan(&from, &to, &Default::default()).unwrap_err();
        assert!(matches!(refused, crate::Error::UnsafeSql { .. }), "{refused}");
        // A plan file that carries such a schema does not derive either.
        let mut plan = crate::plan::plan(&from, &from, &Default::default()).unwrap();
        plan.to_part = to.clone();
        plan.to_fingerprint = to.fingerprint();
        let why = plan.seal().verify_derivation(&Default::default(), None).unwrap_err();
        assert!(why.contains("not one piece of SQL"), "{why}");
    }
}

#[cfg(test)]
mod hash_tests {
    use sha2::Digest;

    use crate::model::test_support::sample_database;

    #[test]
    fn the_hash_covers_the_plan_exactly_as_its_json_with_an_empty_hash() {
        let from = sample_database();
        let mut to = from.clone();
        to.schemas[0].tables.retain(|t| t.name != "users");
        let plan = crate::plan::plan(&from, &to, &Default::default()).unwrap();
        let mut unsealed = plan.clone();
        unsealed.hash.clear();
        assert_eq!(
            serde_json::to_value(super::super::Unsealed::of(&plan)).unwrap(),
            serde_json::to_value(&unsealed).unwrap(),
            "every field of Plan, in its order, is in Unsealed"
        );
        let digest = sha2::Sha256::digest(serde_json::to_vec(&unsealed).unwrap());
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        assert_eq!(plan.hash, format!("sha256:{hex}"), "the streamed hash is the hash of the JSON");
    }
}
