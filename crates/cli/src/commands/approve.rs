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
                crate::output::findings::finding(&mut listed, "  ", "      ", finding);
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
    let out = approval_path(path, &name);
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

/// `plan.json` → `plan.approval.ana.json`, beside it.
fn approval_path(plan: &std::path::Path, name: &str) -> std::path::PathBuf {
    let stem = plan.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "plan".into());
    let safe: String =
        name.chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
    plan.with_file_name(format!("{stem}.approval.{safe}.json"))
}

fn user_name() -> Option<String> {
    ["PLUMB_APPROVER", "USER", "USERNAME"].iter().find_map(|v| std::env::var(v).ok().filter(|n| !n.trim().is_empty()))
}

#[cfg(test)]
mod tests {
    #[test]
    fn approvals_are_written_beside_the_plan_under_a_safe_name() {
        let path = super::approval_path(std::path::Path::new("/work/plans/add-index.json"), "Ana María/ops");
        assert_eq!(path, std::path::Path::new("/work/plans/add-index.approval.Ana_María_ops.json"));
    }
}
