//! Where domains, routines and enum types go: created after what they need and before what
//! uses them, dropped the other way round.
//!
//! A routine that a table's default, check, generated column or index, or a domain's check,
//! calls is created before the tables, beside the domains (as `pg_dump` orders them); every
//! other routine after the tables, so that a body or a signature naming a table finds it. Within
//! each group, the graph of [`Mentions`] orders them: a routine after the routines its body
//! calls and the types its signature names, a domain after the routines it calls and the
//! domain or enum it is based on.

use std::collections::BTreeSet;

use super::super::mentions::Mentions;
use super::super::sql::SqlGen;
use super::graph::sorted;
use super::phase::{Phase, Phases};
use crate::model::{Domain, EnumType, Routine, RoutineKind};
use crate::Result;

/// A domain or routine to create, or a domain or enum to drop.
#[derive(Clone, Copy)]
enum Definition<'a> {
    Domain(&'a str, &'a Domain),
    Routine(&'a str, &'a Routine),
    Enum(&'a str, &'a EnumType),
}

impl Definition<'_> {
    fn name(&self) -> &str {
        match self {
            Definition::Domain(_, d) => &d.name,
            Definition::Routine(_, r) => &r.name,
            Definition::Enum(_, e) => &e.name,
        }
    }

    fn schema(&self) -> &str {
        match self {
            Definition::Domain(schema, _) | Definition::Routine(schema, _) | Definition::Enum(schema, _) => schema,
        }
    }

    /// What a step that creates (or changes, or replaces) it says.
    fn creating(&self, replaced: Replaces) -> String {
        let verb = match (self, replaced) {
            (Definition::Domain(..), Replaces::Domain(_)) => "change domain",
            (Definition::Domain(..), _) => "create domain",
            (_, Replaces::Routine(_)) => "replace routine",
            _ => "create routine",
        };
        format!("{verb} {}.{}", self.schema(), self.name())
    }

    /// What a step that drops it says.
    fn dropping(&self) -> String {
        let kind = match self {
            Definition::Domain(..) => "domain",
            Definition::Routine(..) => "routine",
            Definition::Enum(..) => "enum",
        };
        format!("drop {kind} {}.{}", self.schema(), self.name())
    }

    fn text(&self) -> String {
        match self {
            Definition::Domain(_, d) => {
                let checks = d.checks.iter().map(|c| c.expression.as_str()).collect::<Vec<_>>().join(" ");
                format!("{} {} {checks}", d.data_type, d.default.as_deref().unwrap_or_default())
            }
            // Without the header line, which names the routine itself (and so its overloads).
            Definition::Routine(_, r) => {
                r.definition.split_once('\n').map_or(r.definition.as_str(), |(_, rest)| rest).to_owned()
            }
            Definition::Enum(..) => String::new(),
        }
    }

    /// Whether this definition needs `other` to exist, as its text `mentions` says.
    fn needs(&self, mentions: &Mentions, other: &Definition) -> bool {
        match other {
            // An aggregate names its functions (`SFUNC = name`); anything else calls them.
            Definition::Routine(..) if matches!(self, Definition::Routine(_, r) if r.kind == RoutineKind::Aggregate) => {
                mentions.names(other.name())
            }
            Definition::Routine(..) => mentions.calls(other.name()),
            Definition::Domain(..) | Definition::Enum(..) => mentions.names(other.name()),
        }
    }
}

/// What a definition to create replaces.
#[derive(Clone, Copy)]
enum Replaces<'a> {
    Nothing,
    Routine(&'a Routine),
    /// A domain changed in place.
    Domain(&'a Domain),
}

/// The domains and routines a plan creates and the routines, domains and enums it drops,
/// gathered while the other changes are placed and put in order at the end.
#[derive(Default)]
pub(super) struct Definitions<'a> {
    /// What is created (or changed), and what it replaces.
    creates: Vec<(Definition<'a>, Replaces<'a>)>,
    drops: Vec<Definition<'a>>,
}

impl<'a> Definitions<'a> {
    pub(super) fn create_domain(&mut self, schema: &'a str, domain: &'a Domain) {
        self.creates.push((Definition::Domain(schema, domain), Replaces::Nothing));
    }

    pub(super) fn modify_domain(&mut self, schema: &'a str, from: &'a Domain, to: &'a Domain) {
        self.creates.push((Definition::Domain(schema, to), Replaces::Domain(from)));
    }

    pub(super) fn create_routine(&mut self, schema: &'a str, routine: &'a Routine) {
        self.creates.push((Definition::Routine(schema, routine), Replaces::Nothing));
    }

    pub(super) fn replace_routine(&mut self, schema: &'a str, from: &'a Routine, to: &'a Routine) {
        self.creates.push((Definition::Routine(schema, to), Replaces::Routine(from)));
    }

    pub(super) fn drop_routine(&mut self, schema: &'a str, routine: &'a Routine) {
        self.drops.push(Definition::Routine(schema, routine));
    }

    pub(super) fn drop_domain(&mut self, schema: &'a str, domain: &'a Domain) {
        self.drops.push(Definition::Domain(schema, domain));
    }

    pub(super) fn drop_enum(&mut self, schema: &'a str, enum_type: &'a EnumType) {
        self.drops.push(Definition::Enum(schema, enum_type));
    }

    /// Puts every gathered definition in its phase. `tables` and `views` are those the plan
    /// creates: a routine whose signature names one waits for it, and one whose body names a view
    /// is created after the views. A routine whose signature names one of the `dropped` tables
    /// (`RETURNS SETOF customer`) or an enum replaced by a new one goes before it.
    pub(super) fn place(
        self,
        p: &mut Phases,
        gen: &dyn SqlGen,
        (tables, views): (&BTreeSet<&str>, &BTreeSet<&str>),
        dropped: &BTreeSet<&str>,
    ) -> Result<()> {
        let definitions: Vec<Definition> = self.creates.iter().map(|(d, _)| *d).collect();
        let mentions: Vec<Mentions> = definitions.iter().map(|d| Mentions::of(&d.text())).collect();
        // What the tables and domains call, as their statements say. Only a routine can be
        // called: without one, the statements are not read (a plan creating thousands of tables
        // spent a tenth of its time reading them).
        let mut structure = String::new();
        if definitions.iter().any(|d| matches!(d, Definition::Routine(..))) {
            for phase in [Phase::Prepare, Phase::Tables, Phase::AddKeys] {
                for step in &p.steps[phase as usize] {
                    structure.push_str(&step.sql);
                    structure.push('\n');
                }
            }
            for (definition, _) in &self.creates {
                if let Definition::Domain(..) = definition {
                    structure.push_str(&definition.text());
                    structure.push('\n');
                }
            }
        }
        let signature_names = |r: &Routine, names: &[&BTreeSet<&str>]| {
            let signature = Mentions::of(&format!("{} {}", r.arguments, r.returns.as_deref().unwrap_or_default()));
            names.iter().flat_map(|set| set.iter()).any(|name| signature.names(name))
        };
        let signature_waits = |r: &Routine| signature_names(r, &[tables, views]);
        // Routines called by the structure, and those they call in turn.
        let mut early: BTreeSet<usize> = BTreeSet::new();
        let structure = Mentions::of(&structure);
        let mut callers = vec![&structure];
        while let Some(caller) = callers.pop() {
            for (i, definition) in definitions.iter().enumerate() {
                if let Definition::Routine(_, r) = definition {
                    if !early.contains(&i) && caller.calls(&r.name) && !signature_waits(r) {
                        early.insert(i);
                        callers.push(&mentions[i]);
                    }
                }
            }
        }
        for i in ordered(&definitions, &mentions) {
            let (definition, replaced) = &self.creates[i];
            let description = definition.creating(*replaced);
            match definition {
                Definition::Domain(schema, domain) => match replaced {
                    Replaces::Domain(from) => {
                        p.push_all(Phase::Prepare, gen.modify_domain(schema, from, domain)?, &description)
                    }
                    _ => p.push(Phase::Prepare, gen.create_domain(schema, domain)?, description),
                },
                Definition::Routine(schema, routine) => {
                    let reads_view = || views.iter().any(|name| mentions[i].names(name));
                    let phase = if early.contains(&i) {
                        Phase::Prepare
                    } else if reads_view() {
                        Phase::CreateViewReaders
                    } else {
                        Phase::CreateDependants
                    };
                    let sql = match replaced {
                        Replaces::Routine(from) if gen.replaces_routines() => {
                            gen.replace_routine(schema, from, routine)?
                        }
                        _ => gen.create_routine(schema, routine)?,
                    };
                    p.push(phase, sql, description);
                }
                Definition::Enum(..) => {}
            }
        }
        let mentions: Vec<Mentions> = self.drops.iter().map(|d| Mentions::of(&d.text())).collect();
        for i in ordered(&self.drops, &mentions).into_iter().rev() {
            let definition = &self.drops[i];
            let description = definition.dropping();
            match definition {
                Definition::Routine(schema, routine) => {
                    let phase = match signature_names(routine, &[dropped]) {
                        true => Phase::DropDependants,
                        false => Phase::DropDefinitions,
                    };
                    p.push(phase, gen.drop_routine(schema, routine)?, description)
                }
                Definition::Domain(schema, domain) => {
                    p.push(Phase::DropDefinitions, gen.drop_domain(schema, domain)?, description)
                }
                Definition::Enum(schema, enum_type) => {
                    p.push(Phase::DropDefinitions, gen.drop_enum(schema, enum_type)?, description)
                }
            }
        }
        Ok(())
    }
}

/// The indexes of `definitions`, each after the ones it needs (`mentions`: what each one's text
/// names, by index).
fn ordered(definitions: &[Definition], mentions: &[Mentions]) -> Vec<usize> {
    let indexes = (0..definitions.len()).collect();
    sorted(indexes, |&a, &b| definitions[a].needs(&mentions[a], &definitions[b]))
}
