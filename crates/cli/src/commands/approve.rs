//! `plumb approve PLAN [--reject] [--comment TEXT] [--allow RULE] [--as NAME]`, `--show-key`.

use anyhow::Context;
use plumb_db::approver::{approval_key, sign_beside};
use plumb_engine::approval::Decision;

use super::print;
use super::source::keychain;
use crate::cli::ApproveArgs;
use crate::exit::{Blocked, Exit};

pub(crate) fn run(args: ApproveArgs) -> anyhow::Result<Exit> {
    let Some(path) = &args.plan else {
        let (key, created) = approval_key(keychain())?;
        announce(created);
        print(&format!("{}\n", key.public_key()))?;
        return Ok(Exit::Ok);
    };
    super::apply::check_rule_names(&args.allow)?;
    let plan = super::apply::read_plan(path)?;
    let decision = if args.reject { Decision::Reject } else { Decision::Approve };
    let name = args.name.clone().or_else(plumb_db::project::user_name).context("say who you are with --as NAME")?;
    let signed = match sign_beside(keychain(), path, &plan, &name, decision, &args.allow, &args.comment) {
        Err(plumb_db::Error::Unacknowledged { open }) => {
            let mut listed = String::new();
            for finding in &open {
                plumb_engine::text::findings::finding(&mut listed, "  ", "      ", finding);
            }
            eprint!("{listed}");
            return Err(Blocked(
                "not approved: acknowledge each blocking finding above with --allow RULE once you have read it".into(),
            )
            .into());
        }
        other => other?,
    };
    announce(signed.key_created);
    let out = signed.path;
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

fn announce(created: bool) {
    if created {
        eprintln!("created your approval key (kept in the OS keychain, service \"plumb\", account \"approval-key\")");
    }
}
