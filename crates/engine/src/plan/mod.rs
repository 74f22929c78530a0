//! Migration plans: the ordered SQL that turns the current schema into the desired one, and the
//! SQL that turns it back. Pure: models in, statements out.
//!
//! Order comes from phases (`order.rs`): new types before the tables that use them, dependent
//! views and triggers out of the way before the tables change, foreign keys dropped before what
//! they point at and added after it exists, old types dropped last. Each dialect renders its own
//! SQL (`sql/`); SQLite rebuilds tables that `ALTER TABLE` cannot change.
//!
//! A plan records the fingerprints of both schemas (apply refuses a target that changed since), the
//! parts of both it changes (`parts`: the gate rebuilds the rest from the live target) and a
//! SHA-256 over itself (an edited plan is refused).

pub mod backup;
mod derive;
pub mod effect;
mod file;
mod loss;
mod mentions;
pub mod online;
pub(crate) mod order;
mod parts;
pub mod split;
pub(crate) mod sql;

use serde::{Deserialize, Serialize};

use crate::dialect::{Flavor, ServerVersion};
use crate::diff::{aligned, diff, ChangeSet, ColumnAspect, DiffOptions, Rename, SchemaChange, TableChange, Using};
use crate::lint::live::{self, LiveFacts, Probe};
use crate::lint::locks::Impact;
use crate::lint::{from_changes, lint_changes, Finding, LintOptions};
use crate::model::{Database, Fingerprint};
use crate::{Error, Result};
pub use derive::OnTarget;
pub use online::{Online, Run};

/// The plan format this build writes and reads (3: the plan records what it was derived from, so
/// that the gate derives it again instead of trusting its steps and findings; 4: each step says
/// how it runs, for online plans; 5: the plan keeps only the parts of the schemas it changes).
pub const PLAN_FORMAT_VERSION: u32 = 5;

/// A migration plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Plan {
    /// [`PLAN_FORMAT_VERSION`].
    pub format_version: u32,
    /// The server implementation the SQL is for.
    pub flavor: Flavor,
    /// The current schema's server version, when known.
    pub server_version: Option<ServerVersion>,
    /// The fingerprint of the schema the plan starts from: apply refuses any other.
    pub from_fingerprint: Fingerprint,
    /// The fingerprint of the schema the plan leads to: apply checks it was reached.
    pub to_fingerprint: Fingerprint,
    /// What the plan changes of the schema it starts from: the objects that differ from the
    /// desired schema and the views and triggers on them (everything else is the same on both
    /// sides, and the gate takes it from the live target). A reviewer reads the whole change
    /// without the databases, and a refused target is shown what drifted in them.
    pub from_part: Database,
    /// The same objects as the schema the plan leads to has them.
    pub to_part: Database,
    /// Every other object of both schemas (`table app.users`), with a short hash of its
    /// definition: a stale target is told which of them changed.
    pub untouched: std::collections::BTreeMap<String, String>,
    /// Whether the steps run in one transaction (PostgreSQL, SQLite) or one by one (MySQL, whose
    /// DDL commits by itself; online plans and plans with a step that commits apart, in the
    /// phases their steps' [`Step::run`] make).
    pub transactional: bool,
    /// The statements that migrate, in order.
    pub steps: Vec<Step>,
    /// The statements that migrate back, in order.
    pub rollback: Vec<Step>,
    /// Why there is no way back, when there is none (PostgreSQL cannot remove enum labels).
    pub rollback_unavailable: Option<String>,
    /// What the safety rules found in the forward steps; blocking ones must be acknowledged
    /// before the plan is applied. For people: the gate computes them again from the steps and the
    /// live target and never reads these.
    pub findings: Vec<Finding>,
    /// What the steps were derived from, beside the two schemas: the gate derives the steps again
    /// and refuses a plan whose steps are not exactly what Plumb makes of these.
    pub inputs: PlanInputs,
    /// SHA-256 over the plan with this field empty; set by [`Plan::seal`].
    pub hash: String,
}

/// A plan as its hash covers it: every field, `hash` empty. Serializes exactly as [`Plan`] with an
/// empty hash does (a test holds the two together).
#[derive(Serialize)]
struct Unsealed<'a> {
    format_version: u32,
    flavor: Flavor,
    server_version: &'a Option<ServerVersion>,
    from_fingerprint: &'a Fingerprint,
    to_fingerprint: &'a Fingerprint,
    from_part: &'a Database,
    to_part: &'a Database,
    untouched: &'a std::collections::BTreeMap<String, String>,
    transactional: bool,
    steps: &'a [Step],
    rollback: &'a [Step],
    rollback_unavailable: &'a Option<String>,
    findings: &'a [Finding],
    inputs: &'a PlanInputs,
    hash: &'static str,
}

impl<'a> Unsealed<'a> {
    fn of(plan: &'a Plan) -> Self {
        Unsealed {
            format_version: plan.format_version,
            flavor: plan.flavor,
            server_version: &plan.server_version,
            from_fingerprint: &plan.from_fingerprint,
            to_fingerprint: &plan.to_fingerprint,
            from_part: &plan.from_part,
            to_part: &plan.to_part,
            untouched: &plan.untouched,
            transactional: plan.transactional,
            steps: &plan.steps,
            rollback: &plan.rollback,
            rollback_unavailable: &plan.rollback_unavailable,
            findings: &plan.findings,
            inputs: &plan.inputs,
            hash: "",
        }
    }
}

/// What a plan's steps are derived from, besides its two schemas.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PlanInputs {
    /// A diff of the two schemas (`plumb plan`, the app's compare).
    Diff {
        /// Schemas compared (all when empty).
        schemas: Vec<String>,
        /// Objects left out, as globs.
        exclude: Vec<String>,
        /// Confirmed renames, `old=new`.
        renames: Vec<String>,
        /// Written to run beside the application (`--online`), and with what.
        online: Option<Online>,
        /// Enum labels compared as a set (a side was a `schema.prisma`).
        #[serde(default)]
        enum_labels_as_set: bool,
        /// The user's casts for columns whose type changes, `table.column=EXPR`.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        using: Vec<String>,
    },
    /// Migration files run as written (`plumb migrate deploy`).
    Scripts {
        /// Statements that prepare the migration tool's table.
        prologue: Vec<String>,
        /// The files, in order.
        scripts: Vec<Script>,
    },
    /// The way back of a plan derived from these inputs ([`Plan::reversed`]).
    ReverseOf {
        /// The forward plan's inputs.
        forward: Box<PlanInputs>,
    },
}

impl PlanInputs {
    /// The inputs of the forward plan a way back was derived from (these, for a forward plan).
    fn forward(&self) -> &PlanInputs {
        match self {
            PlanInputs::ReverseOf { forward } => forward.forward(),
            other => other,
        }
    }

    /// The diff options a diff's inputs record; `None` for other inputs.
    fn diff_options(&self) -> Option<Result<DiffOptions>> {
        let PlanInputs::Diff { schemas, exclude, renames, enum_labels_as_set, using, .. } = self else { return None };
        Some(
            DiffOptions::parse(schemas, exclude, renames)
                .and_then(|options| options.with_using(using))
                .map(|options| DiffOptions { enum_labels_as_set: *enum_labels_as_set, ..options }),
        )
    }
}

/// One statement of a plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Step {
    /// The SQL: one statement, or one with the comment that goes with it.
    pub sql: String,
    /// What it does, for people (`add column tasks.estimate_minutes`).
    pub description: String,
    /// Data this statement destroys and the way back cannot restore, if any
    /// (`drops column app.users.legacy_username holding 3 non-null values`), read from the
    /// statement itself for every kind of plan (`plan::loss`).
    pub data_loss: Option<String>,
    /// The table or object it changes (`app.users`), which safety findings name too.
    pub object: Option<String>,
    /// What running it locks and how much work it does, for the changes it makes.
    pub impact: Option<Impact>,
    /// How the executor runs it: in the plan's transaction, or (online plans) in a transaction
    /// of its own, alone outside any, as a batched backfill, a data check or a table copy.
    pub run: Run,
}

impl Step {
    /// A statement that runs with the steps around it, with nothing known yet of what it loses
    /// or locks.
    pub fn new(sql: impl Into<String>, description: impl Into<String>) -> Self {
        Step {
            sql: sql.into(),
            description: description.into(),
            data_loss: None,
            object: None,
            impact: None,
            run: Run::Transaction,
        }
    }
}

impl Plan {
    /// The options its own diff was made with (renames, excludes, conversions), to list its
    /// changes as they were decided; the defaults for plans made another way.
    pub fn diff_options(&self) -> DiffOptions {
        self.inputs.diff_options().and_then(Result::ok).unwrap_or_default()
    }

    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.steps.is_empty()
    }

    /// How many of its statements destroy data the way back cannot restore.
    pub fn data_losses(&self) -> usize {
        self.steps.iter().filter(|s| s.data_loss.is_some()).count()
    }

    /// Whether the plan was written to run beside the application (`--online`); its way back
    /// is too.
    pub fn is_online(&self) -> bool {
        matches!(self.inputs.forward(), PlanInputs::Diff { online: Some(_), .. })
    }

    /// How the plan's result is compared with its desired schema (the post-verify): as its own
    /// diff compared (enum labels as a set where a side was a `schema.prisma`).
    pub fn verify_options(&self) -> DiffOptions {
        let as_set = matches!(self.inputs.forward(), PlanInputs::Diff { enum_labels_as_set: true, .. });
        DiffOptions { enum_labels_as_set: as_set, ..DiffOptions::default() }
    }

    /// The steps grouped as the executor runs them ([`online::phases`]).
    pub fn phases(&self) -> Vec<online::Phase> {
        online::phases(&self.steps)
    }

    /// The way back as a plan of its own: the rollback steps, from the desired schema to the
    /// current one. Refused where the plan has no way back.
    pub fn reversed(&self) -> Result<Plan> {
        if let Some(reason) = &self.rollback_unavailable {
            return Err(Error::UnsupportedChange { what: format!("the way back ({reason})") });
        }
        Ok(Plan {
            from_fingerprint: self.to_fingerprint.clone(),
            to_fingerprint: self.from_fingerprint.clone(),
            from_part: self.to_part.clone(),
            to_part: self.from_part.clone(),
            steps: self.rollback.clone(),
            rollback: self.steps.clone(),
            rollback_unavailable: None,
            transactional: one_transaction(self.flavor, self.is_online(), &self.rollback),
            // The way back is linted on its own terms when it is planned as a plan of its own.
            findings: Vec::new(),
            inputs: PlanInputs::ReverseOf { forward: Box::new(self.inputs.clone()) },
            ..self.clone()
        }
        .seal())
    }

    /// SHA-256 over the plan as JSON with an empty `hash`, streamed into the hasher: a plan holds
    /// two whole schemas, which neither a copy nor a buffer of their JSON should double.
    fn compute_hash(&self) -> String {
        let mut hasher = crate::model::HashWriter::default();
        serde_json::to_writer(&mut hasher, &Unsealed::of(self)).expect("a plan serializes: its maps have string keys");
        hasher.hex()
    }

    /// Sets the hash over the plan as it is now.
    pub fn seal(mut self) -> Self {
        self.hash = format!("sha256:{}", self.compute_hash());
        self
    }

    /// The blocking findings not acknowledged in `allowed` — by rule id (`drop-column`, every
    /// step) or by rule id and step (`drop-column@7`): while any is left, the plan must not be
    /// applied.
    pub fn unacknowledged<'a>(&'a self, allowed: &[String]) -> Vec<&'a Finding> {
        let acknowledged = |f: &Finding| {
            allowed.iter().any(|a| match a.split_once('@') {
                None => *a == f.rule,
                Some((rule, step)) => rule == f.rule && step.parse::<u32>().is_ok_and(|s| f.steps.contains(&s)),
            })
        };
        self.findings.iter().filter(|f| f.blocks() && !acknowledged(f)).collect()
    }

    /// Reads a plan file, refusing one that was edited after it was written.
    pub fn from_json(text: &str) -> Result<Self> {
        let plan: Plan =
            serde_json::from_str(text).map_err(|source| Error::InvalidPlan { reason: source.to_string() })?;
        if plan.format_version < PLAN_FORMAT_VERSION {
            return Err(Error::InvalidPlan {
                reason: format!(
                    "format_version {} was written by an older Plumb (this one writes {PLAN_FORMAT_VERSION}); make the plan again",
                    plan.format_version
                ),
            });
        }
        if plan.format_version > PLAN_FORMAT_VERSION {
            return Err(Error::InvalidPlan {
                reason: format!(
                    "format_version {} is newer than this Plumb reads ({PLAN_FORMAT_VERSION}); upgrade Plumb",
                    plan.format_version
                ),
            });
        }
        plan.check_seal()?;
        Ok(plan)
    }

    /// Checks that the plan is still what was sealed: nothing edited since [`Plan::seal`].
    pub fn check_seal(&self) -> Result<()> {
        let expected = format!("sha256:{}", self.compute_hash());
        if self.hash != expected {
            return Err(Error::TamperedPlan { recorded: self.hash.clone(), computed: expected });
        }
        Ok(())
    }

    /// The plan as a plan file (`file`): JSON, indented down to its objects, without null fields,
    /// with a final newline.
    pub fn to_json(&self) -> String {
        let mut bytes = Vec::new();
        self.write_json(&mut bytes).expect("a plan serializes into memory: its maps have string keys");
        String::from_utf8(bytes).expect("JSON is UTF-8")
    }

    /// Writes the plan file to `writer` as it is made, without a copy of it in memory.
    pub fn write_json(&self, writer: impl std::io::Write) -> std::io::Result<()> {
        let mut writer = std::io::BufWriter::new(writer);
        let mut serializer = serde_json::Serializer::with_formatter(&mut writer, file::PlanFormatter::default());
        serde::Serialize::serialize(self, &mut serializer)?;
        std::io::Write::write_all(&mut writer, b"\n")?;
        std::io::Write::flush(&mut writer)
    }
}

/// Plans the migration from `from` to `to` (and back). The renames in `options` apply forward;
/// the way back renames in reverse.
pub fn plan(from: &Database, to: &Database, options: &DiffOptions) -> Result<Plan> {
    plan_with_facts(from, to, options, &LiveFacts::default())
}

/// The counts the plan's safety checks want from the current side's data (see
/// [`crate::lint::live`]); answered, they go to [`plan_with_facts`].
pub fn probes(from: &Database, to: &Database, options: &DiffOptions) -> Result<Vec<Probe>> {
    let forward = diff(from, to, options)?;
    Ok(live::probes(&from_changes::operations(&forward), &lint_options(from, &LiveFacts::default())))
}

fn lint_options<'a>(from: &'a Database, facts: &LiveFacts) -> LintOptions<'a> {
    LintOptions {
        mariadb: from.flavor == Flavor::Mariadb,
        server_version: from.server_version,
        assume_in_transaction: sql::for_dialect(from.flavor).transactional_ddl(),
        // `apply` sets a lock timeout before the first statement.
        lock_timeout_set: true,
        // Row counts come with the schema; the rest from the probes.
        facts: facts.clone().with_row_counts(from),
        schema: Some(from),
        ..LintOptions::new(from.flavor.dialect())
    }
}

/// The counts a plan of migration files wants from the current side's data (see [`probes`]).
pub fn script_probes(from: &Database, scripts: &[Script]) -> Vec<Probe> {
    let ops: Vec<_> =
        scripts.iter().flat_map(|s| crate::lint::sql_file::operations(&s.up, from.flavor.dialect())).collect();
    live::probes(&ops, &lint_options(from, &LiveFacts::default()))
}

/// [`plan`], with numbers from the current side's data in its safety findings.
pub fn plan_with_facts(from: &Database, to: &Database, options: &DiffOptions, facts: &LiveFacts) -> Result<Plan> {
    plan_with(from, to, options, None, facts)
}

/// [`plan_with_facts`], written to run beside the application when `online` is given (see
/// [`online`]): its way back is online too.
pub fn plan_with(
    from: &Database,
    to: &Database,
    options: &DiffOptions,
    online: Option<&Online>,
    facts: &LiveFacts,
) -> Result<Plan> {
    // Fingerprinting both schemas, trimming them to the plan's parts and deriving the statements
    // again from those need nothing from the derivation, and on a large schema take longer than
    // it: they run beside it.
    let ((from_fingerprint, table_hashes), (to_fingerprint, (from_part, to_part), whole, again), derived) =
        std::thread::scope(|scope| {
            let start = scope.spawn(|| from.fingerprint_and_table_hashes());
            let goal = scope.spawn(|| {
                let to_fingerprint = to.fingerprint();
                let (from_part, to_part) = parts::trim(from, to);
                let whole = parts::is_whole(&from_part, from) && parts::is_whole(&to_part, to);
                // The parts must be enough to derive the same statements again (`plumb verify`
                // has nothing else). Deriving from them checks their texts, which are then all
                // the texts the statements hold: the rest of both schemas needs no check.
                let again = (!whole).then(|| {
                    refuse_unsafe_texts(&from_part, &to_part)
                        .and_then(|()| derive_steps(&from_part, &to_part, options, online, facts, Wanted::Statements))
                });
                (to_fingerprint, (from_part, to_part), whole, again)
            });
            let derived = derive_steps(from, to, options, online, facts, Wanted::Everything);
            (joined(start), joined(goal), derived)
        });
    let mut plan = match derived {
        Ok(plan) => plan,
        // A schema that smuggles a statement in is refused as such, whatever else fails with it.
        Err(e) => return Err(refuse_unsafe_texts(from, to).err().unwrap_or(e)),
    };
    if again.is_some_and(|again| again.is_ok_and(|again| again.same_statements(&plan))) {
        plan.untouched = parts::outside(from, &[&from_part, &to_part], &table_hashes);
        (plan.from_part, plan.to_part) = (from_part, to_part);
    } else {
        // A change reaching further than the views and triggers on what it changes: the plan
        // keeps both whole schemas.
        refuse_unsafe_texts(from, to)?;
        (plan.from_part, plan.to_part) = if whole { (from_part, to_part) } else { (from.clone(), to.clone()) };
    }
    (plan.from_fingerprint, plan.to_fingerprint) = (from_fingerprint, to_fingerprint);
    Ok(plan.seal())
}

/// What a scoped thread returned; its panic, passed on.
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
}

/// The plan's statements and findings from `from` to `to`, unsealed, without the parts of the
/// schemas or their fingerprints (the gate's derivation wants only its statements and findings);
/// refused where a text of either schema is not one piece of SQL.
fn derive_diff(
    from: &Database,
    to: &Database,
    options: &DiffOptions,
    online: Option<&Online>,
    facts: &LiveFacts,
) -> Result<Plan> {
    refuse_unsafe_texts(from, to)?;
    derive_steps(from, to, options, online, facts, Wanted::Everything)
}

/// What a derivation is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Wanted {
    /// A plan to keep or to judge: its statements, what they destroy and what the rules find.
    Everything,
    /// Only its statements, to compare with another derivation's: no data loss, no findings.
    Statements,
}

/// [`derive_diff`] without the check of the schemas' texts, for a caller that checks them itself.
fn derive_steps(
    from: &Database,
    to: &Database,
    options: &DiffOptions,
    online: Option<&Online>,
    facts: &LiveFacts,
    wanted: Wanted,
) -> Result<Plan> {
    let forward = diff(from, to, options)?;
    usable(&options.using, &forward, from.flavor.dialect())?;
    // A cast is one way: the way back needs its own, and has none.
    let back_options = DiffOptions {
        renames: options.renames.iter().map(|r| Rename { from: r.to.clone(), to: r.from.clone() }).collect(),
        using: Vec::new(),
        ..options.clone()
    };
    let backward = diff(to, from, &back_options)?;
    let gen = sql::for_dialect(to.flavor);
    let lint = lint_options(from, facts);
    let back_lint = online.map(|_| lint_options(to, &LiveFacts::default()));
    let back_cx = online.zip(back_lint.as_ref()).map(|(o, back_lint)| online::Cx {
        flavor: to.flavor,
        server_version: to.server_version,
        online: o,
        lint: back_lint,
        from: to,
        to: from,
    });
    let forward_cx = online.map(|o| online::Cx {
        flavor: from.flavor,
        server_version: from.server_version,
        online: o,
        lint: &lint,
        from,
        to,
    });
    // The way back starts from `to` as it is and leads to `from` under `to`'s schema name.
    // A change that cannot be undone does not stop the migration; the plan says so instead.
    let (rollback, rollback_unavailable) =
        match order::steps(&backward, to, &aligned(to, from), gen, &lint, back_cx.as_ref(), &[]) {
            Ok(mut steps) => {
                if wanted == Wanted::Everything {
                    loss::mark(&mut steps, to, &LiveFacts::default());
                }
                (steps, None)
            }
            Err(Error::UnsupportedChange { what }) => (Vec::new(), Some(format!("Plumb cannot plan {what}"))),
            Err(Error::NeedsUsing(cast)) => (
                Vec::new(),
                Some(format!(
                    "the way back changes column {}.{} from {} to {}, which has no cast; plan it apart from the \
                     desired schema back to the current one, saying how the values convert",
                    cast.table, cast.column, cast.from, cast.to
                )),
            ),
            Err(other) => return Err(other),
        };
    let mut steps = order::steps(&forward, from, &aligned(from, to), gen, &lint, forward_cx.as_ref(), &options.using)?;
    let findings = match wanted {
        Wanted::Statements => Vec::new(),
        Wanted::Everything => {
            // An online plan's statements are read once, for its lock findings and for what they
            // destroy: on a plan of a whole schema, reading is most of the work.
            let (lock_findings, read) = match online {
                Some(_) => online_lock_findings(&steps, &lint, gen.transactional_ddl()),
                None => (Vec::new(), loss::ReadSteps::default()),
            };
            loss::mark_read(&mut steps, from, &lint.facts, &read);
            drop(read);
            let change_findings = with_steps(lint_changes(&forward, &lint), &steps);
            match online {
                None => change_findings,
                // About locks, the findings of the statements an online plan runs; about anything
                // else, those of its changes.
                Some(_) => change_findings
                    .into_iter()
                    .filter(|f| !online::is_lock_rule(&f.rule))
                    .chain(lock_findings)
                    .collect(),
            }
        }
    };
    let inputs = PlanInputs::Diff {
        schemas: options.schemas.clone(),
        exclude: options.exclude.iter().map(|p| p.as_str().to_owned()).collect(),
        renames: options.renames.iter().map(|r| format!("{}={}", r.from.join("."), r.to.join("."))).collect(),
        online: online.cloned(),
        enum_labels_as_set: options.enum_labels_as_set,
        using: options.using.iter().map(ToString::to_string).collect(),
    };
    let transactional = one_transaction(to.flavor, online.is_some(), &steps);
    Ok(assembled(from, to, steps, (rollback, rollback_unavailable), findings, inputs, transactional))
}

/// Whether `steps` run in one transaction: where the dialect's DDL is transactional, unless the
/// plan is online on a dialect with online DDL (it runs in phases) or a step must commit apart
/// (an enum label a later step uses splits an ordinary plan too).
fn one_transaction(flavor: Flavor, online: bool, steps: &[Step]) -> bool {
    let gen = sql::for_dialect(flavor);
    gen.transactional_ddl() && (!online || !gen.online_ddl()) && steps.iter().all(|s| s.run.is_transaction())
}

/// An online plan's lock findings: those of the statements it runs, in the transactions it runs
/// them in (its `CONCURRENTLY` and `NOT VALID` are what make it online); and, by step, the
/// operations each statement was read as.
fn online_lock_findings(
    steps: &[Step],
    lint: &LintOptions,
    transactional_ddl: bool,
) -> (Vec<Finding>, loss::ReadSteps) {
    let script = online::lint_script(steps, transactional_ddl);
    let statements = LintOptions {
        assume_in_transaction: false,
        lock_timeout_set: true,
        statement_timeout_set: true,
        ..lint.clone()
    };
    let (findings, read) = script.lint(&statements, steps.len());
    let findings = findings
        .into_iter()
        .filter(|f| online::is_lock_rule(&f.rule))
        .map(|mut finding| {
            let step = finding.line.and_then(|line| script.step_at(line));
            finding.steps = step.map(|s| u32::try_from(s).unwrap_or(u32::MAX)).into_iter().collect();
            finding.line = None;
            finding
        })
        .collect();
    (findings, read)
}

/// Refuses a cast that is not one expression (it reaches SQL as written) or that is for no
/// column whose type the change set changes.
fn usable(using: &[Using], changes: &ChangeSet, dialect: crate::dialect::Dialect) -> Result<()> {
    for cast in using {
        let refuse = |reason: &str| Error::UnusableUsing { using: cast.to_string(), reason: reason.to_owned() };
        if !crate::model::sql_texts::is_expression(&cast.expression, dialect) {
            return Err(refuse("the expression is not one SQL expression"));
        }
        let retypes = changes.changes.iter().any(|c| match c {
            SchemaChange::ModifyTable { schema, table, changes } => changes.iter().any(|tc| {
                matches!(tc, TableChange::ModifyColumn { to, aspects, .. }
                    if aspects.contains(&ColumnAspect::Type) && cast.is_for(schema, table, &to.name))
            }),
            _ => false,
        });
        if !retypes {
            return Err(refuse("the plan does not change the type of that column"));
        }
    }
    Ok(())
}

/// Refuses schemas one of whose texts that reach SQL as written holds a statement break (see
/// [`crate::model::sql_texts`]): a snapshot or a plan file smuggling a statement in.
fn refuse_unsafe_texts(from: &Database, to: &Database) -> Result<()> {
    match crate::model::sql_texts::first_unsafe_text(from).or_else(|| crate::model::sql_texts::first_unsafe_text(to)) {
        Some(what) => Err(Error::UnsafeSql { what }),
        None => Ok(()),
    }
}

/// The plan from `from` to `to` with these steps, its way back (or why there is none) and its
/// findings: unsealed, its parts of the schemas empty and its fingerprints unknown (callers that
/// keep the plan set them).
fn assembled(
    from: &Database,
    to: &Database,
    steps: Vec<Step>,
    (rollback, rollback_unavailable): (Vec<Step>, Option<String>),
    findings: Vec<Finding>,
    inputs: PlanInputs,
    transactional: bool,
) -> Plan {
    Plan {
        format_version: PLAN_FORMAT_VERSION,
        flavor: from.flavor,
        server_version: from.server_version,
        from_fingerprint: Fingerprint::unknown(),
        to_fingerprint: Fingerprint::unknown(),
        from_part: parts::header(from),
        to_part: parts::header(to),
        untouched: Default::default(),
        transactional,
        steps,
        rollback,
        rollback_unavailable,
        findings,
        inputs,
        hash: String::new(),
    }
}

/// A migration file run as part of a plan (`plumb migrate deploy`): its statements as written,
/// with what records it in the migration tool's table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(export))]
pub struct Script {
    /// The name the tool knows it by (`20240101120000_init`).
    pub name: String,
    /// The file's SQL.
    pub up: String,
    /// Its down migration, when the folder has one.
    pub down: Option<String>,
    /// Statements that record it as applied (an `INSERT` into `_prisma_migrations`).
    pub record: Vec<String>,
    /// Statements that take that record back, for the way back.
    pub unrecord: Vec<String>,
}

/// A plan whose steps are migration files, statement by statement, after `prologue` (what the
/// tool's table needs): from the target as it is to `to`, the folder replayed. The files are
/// linted like any SQL (findings point at their steps); the way back runs the down migrations in
/// reverse, and exists only when every file has one.
pub fn from_scripts(
    from: &Database,
    to: &Database,
    prologue: &[String],
    scripts: &[Script],
    facts: &LiveFacts,
) -> Result<Plan> {
    refuse_unsafe_texts(from, to)?;
    let dialect = from.flavor.dialect();
    let statements = |name: &str, text: &str| {
        crate::lint::sql_file::statements(text, dialect)
            .map_err(|e| Error::UnsupportedChange { what: format!("reading migration {name} ({e})") })
    };
    let step = |sql: String, description: String| Step::new(sql, description);
    let mut steps: Vec<Step> =
        prologue.iter().map(|sql| step(sql.clone(), "prepare the migration tool's table".into())).collect();
    let lint = lint_options(from, facts);
    // The pending files run as one sequence, so they are linted as one: a table an earlier file
    // created is new to a later one (empty, unused), whatever the file boundary.
    let mut combined = String::new();
    // Per file: its first line in `combined`, the step of its first statement, and each
    // statement's first line in the file.
    let mut placed: Vec<(u32, usize, Vec<u32>)> = Vec::new();
    let mut lines_before = 0u32;
    for script in scripts {
        let first_line = lines_before + 1;
        combined.push_str(&script.up);
        if !combined.ends_with('\n') {
            combined.push('\n');
        }
        lines_before = lines_before.saturating_add(u32::try_from(script.up.lines().count()).unwrap_or(u32::MAX));
        let first_step = steps.len();
        let mut lines = Vec::new();
        for (line, sql) in statements(&script.name, &script.up)? {
            lines.push(line);
            steps.push(step(sql, format!("{} (line {line})", script.name)));
        }
        placed.push((first_line, first_step, lines));
        steps.extend(script.record.iter().map(|sql| step(sql.clone(), format!("record {} as applied", script.name))));
    }
    let mut findings = Vec::new();
    for mut finding in crate::lint::lint_sql(&combined, &lint) {
        let Some((line, file)) =
            finding.line.and_then(|line| Some((line, placed.iter().rposition(|(start, _, _)| *start <= line)?)))
        else {
            findings.push(finding);
            continue;
        };
        let (start, first_step, lines) = &placed[file];
        let local = line - start + 1;
        // The statement a finding's line falls in: the last one starting at or before it.
        let at = lines.iter().rposition(|l| *l <= local);
        finding.steps = at.map(|i| u32::try_from(first_step + i + 1).unwrap_or(u32::MAX)).into_iter().collect();
        finding.line = Some(local);
        finding.message = format!("{}: {}", scripts[file].name, finding.message);
        findings.push(finding);
    }
    loss::mark(&mut steps, from, &lint.facts);
    let way_back = match scripts.iter().find(|s| s.down.is_none()) {
        Some(missing) => (Vec::new(), Some(format!("migration {} has no down migration", missing.name))),
        None => {
            let mut back = Vec::new();
            for script in scripts.iter().rev() {
                let down = script.down.as_deref().unwrap_or_default();
                for (line, sql) in statements(&script.name, down)? {
                    back.push(step(sql, format!("{} down (line {line})", script.name)));
                }
                back.extend(script.unrecord.iter().map(|sql| step(sql.clone(), format!("forget {}", script.name))));
            }
            loss::mark(&mut back, to, &LiveFacts::default());
            (back, None)
        }
    };
    let inputs = PlanInputs::Scripts { prologue: prologue.to_vec(), scripts: scripts.to_vec() };
    let transactional = sql::for_dialect(from.flavor).transactional_ddl();
    let mut plan = assembled(from, to, steps, way_back, findings, inputs, transactional);
    (plan.from_fingerprint, plan.to_fingerprint) = (from.fingerprint(), to.fingerprint());
    // A migration file's statements are what they are whatever the schemas: no derivation to
    // check the parts against.
    (plan.from_part, plan.to_part) = parts::trim(from, to);
    plan.untouched = parts::outside(from, &[&plan.from_part, &plan.to_part], &Default::default());
    Ok(plan.seal())
}

/// Steps as a migration file for `flavor`: each statement under a comment saying what it does,
/// between what the server needs around a script. Nothing that changes between runs (no
/// fingerprints, no time), so the same steps write the same file.
pub fn script(flavor: Flavor, steps: &[Step]) -> String {
    use std::fmt::Write as _;
    let guard = sql::for_dialect(flavor).script_guard();
    let mut out = guard.map(|(before, _)| format!("{before}\n")).unwrap_or_default();
    for (i, step) in steps.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let _ = writeln!(out, "-- {}", crate::dialect::comment_text(&step.description));
        if let Some(loss) = &step.data_loss {
            let _ = writeln!(out, "-- DATA LOSS: {}", crate::dialect::comment_text(loss));
        }
        let _ = writeln!(out, "{};", step.sql.trim_end_matches(';'));
    }
    if let Some((_, after)) = guard {
        out.push('\n');
        out.push_str(after);
    }
    out
}

/// Each finding with the steps that change its object.
fn with_steps(findings: Vec<Finding>, steps: &[Step]) -> Vec<Finding> {
    findings
        .into_iter()
        .map(|mut finding| {
            finding.steps = steps
                .iter()
                .enumerate()
                .filter(|(_, step)| step.object.is_some() && step.object == finding.object)
                .map(|(i, _)| u32::try_from(i + 1).unwrap_or(u32::MAX))
                .collect();
            finding
        })
        .collect()
}
