//! `plumb apply PLAN --to TARGET [--env ENV] [--yes] [--confirm NAME] [--allow RULE] [--as NAME] [--resume]`.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Context;
use plumb_db::apply::{apply, check_target, pass_gate, ApplyEvent, RunOptions};
use plumb_db::profile::ProfileStore;
use plumb_db::project::{approvals_beside, Project};
use plumb_db::Source;
use plumb_engine::gate::GateRequest;
use plumb_engine::plan::Plan;

use crate::cli::{ApplyArgs, ApplyHow, Environment};
use crate::exit::{Blocked, Exit};

pub(crate) async fn run(args: ApplyArgs) -> anyhow::Result<Exit> {
    let plan = read_plan(&args.plan)?;
    let slug = args.plan.file_stem().map_or_else(|| "plan".into(), |s| s.to_string_lossy().into_owned());
    apply_plan(plan, &approvals_beside(&args.plan)?, &slug, &args.how).await
}

/// Passes `plan` through the gate (with `approvals`) and applies it as `args` say, reporting
/// progress on stderr; `slug` names its evidence folder.
pub(crate) async fn apply_plan(
    plan: Plan,
    approvals: &[plumb_engine::approval::Approval],
    slug: &str,
    args: &ApplyHow,
) -> anyhow::Result<Exit> {
    check_rule_names(&args.allow)?;
    let named = super::source::resolve(&args.to)?;
    // A read-only profile (production, by default) refuses before anything is read or asked.
    if let Some(profile) = &named.profile {
        ProfileStore::open_default()?.may_write(profile)?;
    }
    let env = named.environment(args.env.map(env_name));
    let target = named.source;
    if plan.is_empty() {
        super::print("nothing to apply: the plan has no steps\n")?;
        return Ok(Exit::Ok);
    }
    let project = Project::discover(&std::env::current_dir()?)?;
    let policy = project.policy.for_environment(&env);
    let (applier, signer) = plumb_db::approver::applier(super::source::keychain(), args.name.as_deref());
    let signer = signer.map(std::sync::Arc::new);
    let database_name = target.database_name();
    // The findings are derived again from the plan's steps, with the target's counts.
    let facts = plumb_db::live::live_facts(&target, &plan.probes()).await?.facts;
    // Everything but the typed name first: nobody should type a name for a plan refused anyway,
    // nor for SQL meant for a schema the target no longer has.
    let live = if args.resume {
        None
    } else {
        match check_target(&target, &plan).await {
            Ok(live) => Some(live),
            Err(e) => {
                if let plumb_db::Error::StaleSchema { drift, elsewhere, .. } = &e {
                    let qualify = plan.flavor.has_schemas();
                    eprint!("what changed since the plan was made:\n{}", plumb_engine::text::changes(drift, qualify));
                    for object in elsewhere {
                        eprintln!("  {object}");
                    }
                }
                return Err(e.into());
            }
        }
    };
    let dry = GateRequest {
        policy: &policy,
        approvals,
        applier: &applier,
        acknowledged: &args.allow,
        confirmation: Some(&database_name),
        database_name: &database_name,
        facts: &facts,
        live: live.as_ref(),
    };
    eprint!("{}", plumb_engine::text::plan(&plan, false));
    let clearance = plumb_engine::gate::check(&plan, &dry).map_err(|e| Blocked(e.to_string()))?;
    for ack in &clearance.acknowledged {
        eprintln!("acknowledged: {} (by {})", ack.rule, ack.by);
    }
    for name in &clearance.approvers {
        eprintln!("approved by {name}");
    }
    let asks = plumb_engine::gate::name_to_type(&plan, &policy).then(|| match plan.data_losses() {
        0 => format!("{env} asks for the database's name"),
        n => format!("this plan loses data ({n} step(s)): it asks for the database's name"),
    });
    let typed = confirm(args, &target, &env, asks.as_deref(), &database_name)?;
    let request = GateRequest { confirmation: typed.as_deref(), ..dry };
    // A refusal now (a wrong name typed, a target changed meanwhile) exits 3 like the rest.
    let approved = pass_gate(&target, plan, &request, args.resume).await?;
    if let Some((run, done)) = approved.resuming() {
        eprintln!("resuming run {run}: {} step(s) already done", done.len());
    }
    let options = RunOptions { evidence_root: project.evidence_root(), slug: slug.to_owned(), signer };
    let report = apply(approved, &options, &|event| match event {
        ApplyEvent::Started { run_id, folder, .. } => eprintln!("run {run_id}, evidence in {}", folder.display()),
        ApplyEvent::BackingUp { what } => eprintln!("backing up the data at risk: {what}"),
        ApplyEvent::Running { step, total, description, .. } => eprintln!("[{step}/{total}] {description}"),
        ApplyEvent::Done { elapsed_ms, .. } if elapsed_ms >= 1000 => eprintln!("      done in {elapsed_ms} ms"),
        ApplyEvent::Done { .. } => {}
        ApplyEvent::Skipped { step } => eprintln!("[{step}] already done by the interrupted run"),
        ApplyEvent::Waiting { step, attempt, pause_ms } => {
            eprintln!("      step {step}: lock not granted within the online wait; attempt {attempt} in {pause_ms} ms");
        }
        ApplyEvent::Backfilling { done: 0, total, .. } => eprintln!("      0 of {total}: started"),
        ApplyEvent::Backfilling { done, total, rows_per_second, seconds_left, .. } => {
            let rate = if rows_per_second > 0 { format!(", {rows_per_second} rows/s") } else { String::new() };
            eprintln!("      {done} of {total}{rate}, about {seconds_left} s left");
        }
        ApplyEvent::Verifying => eprintln!("checking the result against the plan…"),
    })
    .await?;
    for backup in &report.backups {
        eprintln!("backed up {} as {}", backup.table, backup.copy_name);
    }
    if !report.verified {
        eprint!("{}", plumb_engine::text::changes(&report.remaining, true));
        anyhow::bail!(
            "applied {} steps, but the target does not match the plan's desired schema (run {} marked UNVERIFIED; evidence in {})",
            report.steps,
            report.run_id,
            report.evidence.display()
        );
    }
    super::print(&format!(
        "applied {} steps to {target}; verified: it now has the desired schema (run {}, evidence in {})\n",
        report.steps,
        report.run_id,
        report.evidence.display()
    ))?;
    Ok(Exit::Ok)
}

pub(crate) fn env_name(env: Environment) -> &'static str {
    match env {
        Environment::Dev => "dev",
        Environment::Staging => "staging",
        Environment::Prod => "prod",
    }
}

/// Refuses `--allow` names that are no rule (a typo must not let a finding through unnoticed).
pub(crate) fn check_rule_names(allow: &[String]) -> anyhow::Result<()> {
    if let Some(unknown) = plumb_engine::gate::unknown_rule(allow) {
        anyhow::bail!("--allow {unknown}: there is no rule by that name (plumb lint --rules lists them)");
    }
    Ok(())
}

/// Reads a plan file; an edited plan is the gate's business: exit 3, like a changed target.
pub(crate) fn read_plan(path: &std::path::Path) -> anyhow::Result<Plan> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the plan {}", path.display()))?;
    Plan::from_json(&text).map_err(|e| match e {
        plumb_engine::Error::TamperedPlan { .. } => anyhow::Error::new(Blocked(format!("{}: {e}", path.display()))),
        other => anyhow::anyhow!("{}: {other}", path.display()),
    })
}

/// Asks for the confirmation the plan needs and returns what was typed: the database's name where
/// the policy or a loss of data asks for it (`asks` says which; `--confirm NAME` without a
/// terminal), else `yes` (or `--yes`).
fn confirm(
    args: &ApplyHow,
    target: &Source,
    env: &str,
    asks: Option<&str>,
    name: &str,
) -> anyhow::Result<Option<String>> {
    let name_needed = asks.is_some();
    if name_needed && args.confirm.is_some() {
        return Ok(args.confirm.clone());
    }
    let interactive = std::io::stdin().is_terminal();
    if !interactive {
        if let Some(asks) = asks {
            return Err(Blocked(format!("not applied: {asks}: pass --confirm {name}")).into());
        }
        if args.yes {
            return Ok(None);
        }
        return Err(Blocked("not applied: pass --yes to apply without a terminal to confirm on".into()).into());
    }
    if args.yes && !name_needed {
        return Ok(None);
    }
    let expected = if name_needed { name } else { "yes" };
    eprint!("type {expected:?} to apply these steps to {target} ({env}): ");
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().read_line(&mut answer)?;
    let answer = answer.trim().to_owned();
    if !name_needed && answer != "yes" {
        return Err(Blocked("not applied: the confirmation did not match".into()).into());
    }
    Ok(name_needed.then_some(answer))
}
