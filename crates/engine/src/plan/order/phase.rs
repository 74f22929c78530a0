//! The ordering phases of a plan and the steps gathered in each.

use super::super::online::{Cx, Planned, Run};
use super::super::Step;
use crate::dialect::Dialect;
use crate::diff::Using;
use crate::lint::locks::{self, Impact};
use crate::lint::op::Op;
use crate::lint::LintOptions;

/// The ordering phases of a plan, in the order their statements run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Phase {
    /// Schemas, extensions, enum types, sequences to create or change; then domains and the
    /// routines that tables or domains call, in the order they need each other.
    Prepare,
    /// Triggers and views to drop or replace; routines to replace where CREATE cannot (MySQL).
    DropDependants,
    /// Enum types replaced by a new one (labels removed or moved): the old one renamed aside,
    /// the new one created, once the routines naming the old one went.
    SwapTypes,
    /// Foreign keys to drop, before what they point at goes.
    DropForeignKeys,
    /// Indexes and constraints to drop or replace.
    DropKeys,
    /// Tables to drop.
    DropTables,
    /// Table renames, new tables, column changes (SQLite rebuilds here).
    Tables,
    /// Keys, constraints and indexes to add.
    AddKeys,
    /// Foreign keys to add, after what they point at exists.
    AddForeignKeys,
    /// Routines (by the routines they call), views and triggers to create; sequence ownership.
    CreateDependants,
    /// Routines whose bodies read views created just before (a SQL-language body is checked
    /// when it is created).
    CreateViewReaders,
    /// Routines, domains and enum types to drop, each before what it needs: after the triggers,
    /// checks and defaults that call or use them went with their tables and columns.
    DropDefinitions,
    /// Sequences and extensions to drop, and enum types a new one replaced: nothing uses them
    /// any more.
    DropSequencesAndExtensions,
    /// Schemas to drop, once everything in them (extensions included) is gone.
    DropSchemas,
}

pub(super) const PHASES: usize = Phase::DropSchemas as usize + 1;

/// A table's own statements: what one `ALTER TABLE` may combine.
pub(super) const LOCAL: [Phase; 3] = [Phase::DropKeys, Phase::Tables, Phase::AddKeys];

/// Whether the phase at `index` of [`Phases`]'s lists is one of [`LOCAL`].
pub(super) fn is_local(index: usize) -> bool {
    LOCAL.iter().any(|&phase| phase as usize == index)
}

pub(super) struct Phases<'a> {
    pub(super) steps: [Vec<Step>; PHASES],
    /// Online statements of one table's changes, kept out of its combined `ALTER TABLE`.
    pub(super) apart: [Vec<Step>; PHASES],
    /// How an online plan writes its changes; `None` for an ordinary plan.
    pub(super) online: Option<&'a Cx<'a>>,
    /// The casts the user gave for columns whose type changes.
    pub(super) using: &'a [Using],
    /// The object the steps being pushed change, and their impact.
    object: Option<String>,
    impact: Option<Impact>,
    lint: &'a LintOptions<'a>,
}

impl<'a> Phases<'a> {
    /// The steps pushed next change `object` by the operations `ops`.
    pub(super) fn on(&mut self, object: Option<String>, ops: &[Op]) {
        self.object = object;
        self.impact = locks::strongest(ops, self.lint);
    }

    pub(super) fn push(&mut self, phase: Phase, sql: impl Into<String>, description: impl Into<String>) {
        self.push_run(phase, sql.into(), description.into(), Run::Transaction);
    }

    /// A step that runs as `run` says.
    pub(super) fn push_run(&mut self, phase: Phase, sql: String, description: String, run: Run) {
        let step = self.step(sql, description, run);
        self.steps[phase as usize].push(step);
    }

    pub(super) fn step(&self, sql: String, description: String, run: Run) -> Step {
        Step { sql, description, data_loss: None, object: self.object.clone(), impact: self.impact.clone(), run }
    }

    /// Statements of an online rendering, apart from the table's combined `ALTER TABLE`.
    pub(super) fn push_planned(&mut self, planned: Vec<Planned>) {
        for Planned { phase, sql, description, run } in planned {
            // What the statement itself locks: the change's own statement would lock more.
            let ops = crate::lint::sql_file::operations(&sql, self.lint.dialect);
            let impact = locks::strongest(&ops, self.lint);
            let step = Step { impact, ..self.step(sql, description, run) };
            self.apart[phase as usize].push(step);
        }
    }

    pub(super) fn dialect(&self) -> Dialect {
        self.lint.dialect
    }

    pub(super) fn new(lint: &'a LintOptions<'a>, online: Option<&'a Cx<'a>>, using: &'a [Using]) -> Self {
        Phases { steps: Default::default(), apart: Default::default(), object: None, impact: None, lint, online, using }
    }

    pub(super) fn push_all(&mut self, phase: Phase, sqls: Vec<String>, description: &str) {
        for sql in sqls {
            self.push(phase, sql, description);
        }
    }
}
