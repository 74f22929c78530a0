//! `plumb verify PLAN [--env ENV] [--as NAME] [--allow RULE]`: every check of the apply gate that
//! needs no database, so that a team's pull-request CI holds the plans and approvals committed to
//! the repository to the same rules as `plumb apply`, with git as the shared record.

use plumb_db::project::{approvals_beside, Project};
use plumb_engine::gate::{check, Applier, GateRequest};
use plumb_engine::lint::live::NO_FACTS;

use super::apply::{check_rule_names, env_name, read_plan};
use crate::cli::VerifyArgs;
use crate::exit::{Blocked, Exit};

pub(crate) fn run(args: VerifyArgs) -> anyhow::Result<Exit> {
    check_rule_names(&args.allow)?;
    let plan = read_plan(&args.plan)?;
    let approvals = approvals_beside(&args.plan)?;
    let project = Project::discover(&std::env::current_dir()?)?;
    let environment = env_name(args.env);
    let policy = project.policy.for_environment(environment);
    let name = plumb_db::project::applier_name(args.name.as_deref());
    // Who applies proves it with their own key at apply time; here they are who they say, with the
    // key the policy lists for that name (so that their own approval does not count for them).
    let listed = policy.trusted.iter().find(|t| t.name.eq_ignore_ascii_case(&name)).map(|t| t.public_key.clone());
    let applier = Applier { name, public_key: Some(listed.unwrap_or_else(|| "shown at apply time".into())) };
    let request = GateRequest {
        policy: &policy,
        approvals: &approvals,
        applier: &applier,
        acknowledged: &args.allow,
        // The typed name is the person applying's business at apply time, not the plan's.
        confirmation: Some(""),
        database_name: "",
        facts: &NO_FACTS,
        // Without a database, the plan is derived again from its own parts of the schemas.
        live: None,
    };
    let clearance = check(&plan, &request).map_err(|e| Blocked(format!("{}: {e}", args.plan.display())))?;
    let mut text = format!(
        "{}: intact, its {} statement(s) exactly what Plumb derives from its schemas\n",
        args.plan.display(),
        plan.steps.len()
    );
    for name in &clearance.approvers {
        text.push_str(&format!("approved by {name}\n"));
    }
    for problem in &clearance.not_counted {
        text.push_str(&format!("not counted: {problem}\n"));
    }
    for ack in &clearance.acknowledged {
        text.push_str(&format!("acknowledged: {} (by {})\n", ack.rule, ack.by));
    }
    text.push_str(&format!(
        "{environment}: the gate would let it through (the database's state, lock and counts are checked by plumb apply)\n"
    ));
    super::print(&text)?;
    Ok(Exit::Ok)
}
