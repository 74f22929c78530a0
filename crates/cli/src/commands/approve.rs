//! `plumb approve PLAN [--reject] [--comment TEXT] [--allow RULE] [--as NAME]`, `--show-key`.

use anyhow::Context;
use plumb_db::approver::approval_key;
use plumb_engine::approval::Decision;

use super::print;
use super::source::keychain;
use crate::cli::ApproveArgs;
use crate::exit::{Blocked, Exit};

pub(crate) fn run(args: ApproveArgs) -> anyhow::Result<Exit> {
    let (key, created) = approval_key(keychain())?;
    if created {
        eprintln!("created your approval key (kept in the OS keychain, service \"plumb\", account \"approval-key\")");
    }
    let Some(path) = &args.plan else {
        print(&format!("{}\n", key.public_key()))?;
        return Ok(Exit::Ok);
    };
    super::apply::check_rule_names(&args.allow)?;
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read the plan {}", path.display()))?;
    let plan = super::apply::read_plan(&text, path)?;
    let decision = if args.reject { Decision::Reject } else { Decision::Approve };
    if decision == Decision::Approve {
        let open = plan.unacknowledged(&args.allow);
        if !open.is_empty() {
            let mut listed = String::new();
            for finding in open {
                plumb_engine::text::findings::finding(&mut listed, "  ", "      ", finding);
            }
            eprint!("{listed}");
            return Err(Blocked(
                "not approved: acknowledge each blocking finding above with --allow RULE once you have read it".into(),
            )
            .into());
        }
    }
    let name = args.name.clone().or_else(user_name).context("say who you are with --as NAME")?;
    let now = jiff::Timestamp::now().to_string();
    let approval = key.sign(&name, &now, decision, &plan, &args.allow, &args.comment);
    let out = plumb_db::project::approval_path(path, &name);
    std::fs::write(&out, approval.to_json()).with_context(|| format!("cannot write {}", out.display()))?;
    let verb = if args.reject { "rejected" } else { "approved" };
    print(&format!(
        "{verb} {} ({} steps, {}) as {name}: {}\n",
        path.display(),
        plan.steps.len(),
        plan.hash,
        out.display()
    ))?;
    Ok(Exit::Ok)
}

pub(crate) fn user_name() -> Option<String> {
    ["PLUMB_APPROVER", "USER", "USERNAME", "LOGNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
}
