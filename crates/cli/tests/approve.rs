//! `plumb approve` with a real Secret Service (a private gnome-keyring): the key is created once
//! and kept, blocking findings must be acknowledged, and the written approval verifies against the
//! plan — and stops verifying when anything in it is edited.

use std::path::Path;
use std::process::{Command, Output};

use plumb_engine::approval::{Approval, ApprovalError, TrustedApprover};
use plumb_engine::plan::Plan;

mod common;
use common::inside_private_keyring;

fn plumb(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumb")).args(args).env_remove("RUST_LOG").output().unwrap()
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

#[test]
fn a_signed_approval_binds_the_plan_and_the_acknowledged_findings() {
    if !inside_private_keyring("a_signed_approval_binds_the_plan_and_the_acknowledged_findings") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert!(plumb(&["demo", dir.path().to_str().unwrap()]).status.success());
    let (prod, dev) = (dir.path().join("demo-prod.sqlite"), dir.path().join("demo-dev.sqlite"));
    let plan_file = dir.path().join("plan.json");
    let planned = plumb(&["plan", prod.to_str().unwrap(), dev.to_str().unwrap(), "--out", plan_file.to_str().unwrap()]);
    assert!(planned.status.success(), "{}", text(&planned));

    let first = plumb(&["approve", "--show-key"]);
    assert!(text(&first).contains("created your approval key"), "{}", text(&first));
    let public_key = String::from_utf8_lossy(&first.stdout).trim().to_owned();
    let again = plumb(&["approve", "--show-key"]);
    assert_eq!(String::from_utf8_lossy(&again.stdout).trim(), public_key, "the key is kept in the keychain");

    let plan_path = plan_file.to_str().unwrap();
    let unacknowledged = plumb(&["approve", plan_path, "--as", "ana"]);
    assert_eq!(unacknowledged.status.code(), Some(3), "{}", text(&unacknowledged));
    assert!(text(&unacknowledged).contains("drop-column"), "{}", text(&unacknowledged));
    let approved =
        plumb(&["approve", plan_path, "--as", "ana", "--allow", "drop-column", "--comment", "unused since v42"]);
    assert!(approved.status.success(), "{}", text(&approved));
    let written = dir.path().join("plan.approval.ana.json");
    assert!(text(&approved).contains("approved") && written.exists(), "{}", text(&approved));

    let plan = Plan::from_json(&std::fs::read_to_string(&plan_file).unwrap()).unwrap();
    let approval = Approval::from_json(&std::fs::read_to_string(&written).unwrap()).unwrap();
    let trusted = [TrustedApprover { name: "ana".into(), public_key: public_key.clone() }];
    approval.verify(&plan, &trusted).unwrap();
    assert_eq!(approval.acknowledged, ["drop-column"]);
    let mut edited = approval.clone();
    edited.comment = "approved by the CTO".into();
    assert!(matches!(edited.verify(&plan, &trusted), Err(ApprovalError::BadSignature { .. })));

    // `plumb verify`, as a pull request's CI runs it: the policy trusts ana; bo will apply.
    std::fs::create_dir_all(dir.path().join(".plumb")).unwrap();
    std::fs::write(
        dir.path().join(".plumb/policy.toml"),
        format!("[approvers]\nana = \"{}\"\n", trusted[0].public_key),
    )
    .unwrap();
    let verify = |path: &str| {
        Command::new(env!("CARGO_BIN_EXE_plumb"))
            .args(["verify", path, "--env", "prod", "--as", "bo"])
            .current_dir(dir.path())
            .output()
            .unwrap()
    };
    let accepted = verify(plan_path);
    assert_eq!(accepted.status.code(), Some(0), "{}", text(&accepted));
    assert!(text(&accepted).contains("approved by ana"), "{}", text(&accepted));
    let mut appended = plan.clone();
    appended.steps[0].sql.push_str("; DELETE FROM users");
    let edited_path = dir.path().join("edited.json");
    std::fs::write(&edited_path, appended.seal().to_json()).unwrap();
    // Her approval beside the edited plan too: it was signed for the plan before the edit.
    std::fs::copy(&written, dir.path().join("edited.approval.ana.json")).unwrap();
    let refused = verify(edited_path.to_str().unwrap());
    assert_eq!(refused.status.code(), Some(3), "{}", text(&refused));
    assert!(text(&refused).contains("not what Plumb makes of its own schemas"), "{}", text(&refused));
    let by_ana = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(["verify", plan_path, "--env", "prod", "--as", "ana"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(by_ana.status.code(), Some(3), "her own approval does not count for her apply: {}", text(&by_ana));

    // Applying signs the run record with the key of the person applying.
    let dev_copy = dir.path().join("copy.sqlite");
    std::fs::copy(&prod, &dev_copy).unwrap();
    let applied = Command::new(env!("CARGO_BIN_EXE_plumb"))
        .args(["apply", plan_path, "--to", dev_copy.to_str().unwrap(), "--env", "dev", "--yes"])
        .args(["--confirm", "copy.sqlite"])
        .args(["--allow", "drop-column", "--allow", "sqlite-drop-column-restrictions", "--allow", "recreate-table"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert!(applied.status.success(), "{}", text(&applied));
    let runs = plumb_db::evidence::list(&dir.path().join(".plumb/runs")).unwrap();
    assert_eq!(runs.len(), 1);
    assert!(runs[0].signed_by_applier(), "the run record carries a valid signature: {:?}", runs[0]);
    assert_eq!(runs[0].applier_key.as_deref(), Some(public_key.as_str()), "with the applier's own key");
    let mut forged = runs[0].clone();
    forged.record.applied_by = "carol".into();
    assert!(!forged.signed_by_applier(), "an edited record no longer verifies");

    let rejected = plumb(&["approve", plan_path, "--as", "bo", "--reject", "--comment", "rename instead"]);
    assert!(rejected.status.success(), "{}", text(&rejected));
    let rejection =
        Approval::from_json(&std::fs::read_to_string(dir.path().join("plan.approval.bo.json")).unwrap()).unwrap();
    let err = rejection.verify(&plan, &trusted).unwrap_err().to_string();
    assert_eq!(err, "bo rejected this plan: rename instead");
    assert!(Path::new(&written).exists());
}
