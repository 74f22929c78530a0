use super::*;
use crate::approval::{ApprovalKey, Decision};
use crate::model::test_support::sample_database;
use crate::policy::{EnvPolicy, Policy};

/// A plan that drops a column: one blocking `drop-column` finding, one step losing data.
fn dropping_plan() -> Plan {
    let from = sample_database();
    let mut to = from.clone();
    let users = to.schemas[0].tables.iter_mut().find(|t| t.name == "users").unwrap();
    users.columns.retain(|c| c.name != "status");
    users.indexes.retain(|i| i.name != "users_status_idx");
    let plan = crate::plan::plan(&from, &to, &Default::default()).unwrap();
    assert!(plan.findings.iter().any(|f| f.rule == "drop-column" && f.blocks()), "{:?}", plan.findings);
    plan
}

struct Team {
    ana: ApprovalKey,
    bo: ApprovalKey,
    policy: Policy,
}

fn team() -> Team {
    let (ana, bo) = (ApprovalKey::generate(), ApprovalKey::generate());
    let text = format!("[approvers]\nana = \"{}\"\nbo = \"{}\"\n", ana.public_key(), bo.public_key());
    Team { ana, bo, policy: Policy::from_toml(&text, "policy.toml").unwrap() }
}

fn approve(key: &ApprovalKey, name: &str, plan: &Plan, acks: &[&str]) -> Approval {
    let acks: Vec<String> = acks.iter().map(|a| (*a).to_owned()).collect();
    key.sign(name, "2026-11-22T01:00:00Z", Decision::Approve, plan, &acks, "looks right")
}

fn request<'a>(
    policy: &'a EnvPolicy,
    approvals: &'a [Approval],
    applier: &'a Applier,
    acks: &'a [String],
) -> GateRequest<'a> {
    GateRequest {
        policy,
        approvals,
        applier,
        acknowledged: acks,
        confirmation: Some("shop"),
        database_name: "shop",
        facts: &crate::lint::live::NO_FACTS,
        live: None,
    }
}

fn bo_applies(team: &Team) -> Applier {
    Applier { name: "bo".into(), public_key: Some(team.bo.public_key()) }
}

#[test]
fn production_lets_a_plan_through_with_another_persons_approval_and_acknowledgement() {
    let team = team();
    let plan = dropping_plan();
    let prod = team.policy.for_environment("prod");
    let approvals = [approve(&team.ana, "ana", &plan, &["drop-column"])];
    let applier = bo_applies(&team);
    let clearance = check(&plan, &request(&prod, &approvals, &applier, &[])).unwrap();
    assert_eq!(clearance.approvers, ["ana"]);
    assert_eq!(clearance.acknowledged, [Acknowledgement { rule: "drop-column".into(), by: "ana".into() }]);
}

#[test]
fn each_missing_piece_is_refused_with_its_reason() {
    let team = team();
    let plan = dropping_plan();
    let prod = team.policy.for_environment("prod");
    let applier = bo_applies(&team);
    let acks = vec!["drop-column".to_owned()];
    let refuse =
        |approvals: &[Approval], acks: &[String]| check(&plan, &request(&prod, approvals, &applier, acks)).unwrap_err();

    let err = refuse(&[], &acks);
    assert!(matches!(err, GateError::NotEnoughApprovals { needed: 1, .. }), "{err}");
    assert!(err.to_string().contains("other than the person applying, found 0"), "{err}");

    let own = [approve(&team.bo, "bo", &plan, &[])];
    let err = refuse(&own, &acks);
    assert!(err.to_string().contains("bo is the person applying and cannot approve their own apply"), "{err}");
    // The same key under another name is still the applier.
    let own_renamed = [approve(&team.bo, "robert", &plan, &[])];
    assert!(matches!(refuse(&own_renamed, &acks), GateError::NotEnoughApprovals { .. }));

    let stranger = ApprovalKey::generate();
    let err = refuse(&[approve(&stranger, "ana", &plan, &[])], &acks);
    assert!(err.to_string().contains("ana's key is not one the policy trusts"), "{err}");
    assert!(!err.to_string().contains(&stranger.public_key()), "the refusal does not spell out the key: {err}");
    assert!(!err.in_window().contains("plumb approve"), "{}", err.in_window());

    let mut forged = approve(&team.ana, "ana", &plan, &[]);
    forged.comment = "edited".into();
    let err = refuse(&[forged], &acks);
    assert!(err.to_string().contains("does not match its content"), "{err}");

    let mut other_plan = plan.clone();
    other_plan.steps.pop();
    let other_plan = other_plan.seal();
    let err = refuse(&[approve(&team.ana, "ana", &other_plan, &[])], &acks);
    assert!(err.to_string().contains("is for another plan"), "{err}");

    let rejection = team.ana.sign("ana", "2026-11-22T01:00:00Z", Decision::Reject, &plan, &[], "keep the column");
    let err = refuse(&[rejection, approve(&team.ana, "ana", &plan, &[])], &acks);
    assert_eq!(err.to_string(), "not applied: ana rejected this plan: keep the column");

    let err = refuse(&[approve(&team.ana, "ana", &plan, &[])], &[]);
    assert!(matches!(&err, GateError::Unacknowledged { rules, .. } if rules == &["drop-column"]), "{err}");
    assert!(err.to_string().contains("pass --allow drop-column"), "{err}");

    let mut no_name = request(&prod, &[], &applier, &acks);
    let dev = team.policy.for_environment("dev");
    no_name.policy = &prod;
    no_name.confirmation = Some("shop2");
    let approvals = [approve(&team.ana, "ana", &plan, &[])];
    no_name.approvals = &approvals;
    let err = check(&plan, &no_name).unwrap_err();
    assert!(err.to_string().contains("type the database's name, \"shop\", to confirm (typed \"shop2\")"), "{err}");
    // Development asks for no approval, but this plan drops a column: the name is typed there too,
    // whatever the plan file says of its losses (the gate reads them from its own derivation).
    let err = check(&plan, &GateRequest { policy: &dev, confirmation: None, ..no_name }).unwrap_err();
    assert!(matches!(&err, GateError::Confirmation { losses: 1, .. }), "{err}");
    assert!(err.to_string().contains("this plan loses data (1 step(s)): type the database's name, \"shop\""), "{err}");
    let mut hidden = plan.clone();
    hidden.steps.iter_mut().for_each(|s| s.data_loss = None);
    assert!(!name_to_type(&hidden, &dev), "the file's own claim would ask for nothing");
    check(&plan, &GateRequest { policy: &dev, confirmation: Some("shop"), ..no_name }).unwrap();
}

#[test]
fn a_tampered_plan_is_refused_first() {
    let team = team();
    let mut plan = dropping_plan();
    plan.steps[0].sql.push_str(" -- and more");
    let dev = team.policy.for_environment("dev");
    let applier = bo_applies(&team);
    let err = check(&plan, &request(&dev, &[], &applier, &["drop-column".into()])).unwrap_err();
    assert!(matches!(err, GateError::Tampered { .. }), "{err}");
}

#[test]
fn policy_can_forbid_destruction_or_a_rule_outright() {
    let key = ApprovalKey::generate().public_key();
    let text = format!(
        "[approvers]\nana = \"{key}\"\n[environments.prod]\ndestructive = false\n[environments.staging]\nnever_acknowledge = [\"drop-column\"]\n"
    );
    let policy = Policy::from_toml(&text, "policy.toml").unwrap();
    let plan = dropping_plan();
    let applier = Applier { name: "bo".into(), public_key: None };
    let acks = vec!["drop-column".to_owned()];
    let prod = policy.for_environment("prod");
    let err = check(&plan, &request(&prod, &[], &applier, &acks)).unwrap_err();
    assert!(err.to_string().contains("forbids destructive changes on prod"), "{err}");
    let staging = policy.for_environment("staging");
    let err = check(&plan, &request(&staging, &[], &applier, &acks)).unwrap_err();
    assert!(err.to_string().contains("never lets drop-column through on staging"), "{err}");
}

#[test]
fn a_protected_table_is_never_destroyed_whatever_is_acknowledged() {
    let plan = dropping_plan();
    let schema = &plan.from_part.schemas[0].name;
    for pattern in ["users", "use*", &format!("{schema}.users")] {
        let policy = Policy::from_toml(&format!("protected = [\"audit_*\", \"{pattern}\"]\n"), "policy.toml").unwrap();
        let dev = policy.for_environment("dev");
        let applier = Applier { name: "cy".into(), public_key: None };
        let acks = vec!["drop-column".to_owned()];
        let refused = check(&plan, &request(&dev, &[], &applier, &acks)).unwrap_err();
        assert!(matches!(&refused, GateError::Protected { pattern: p, .. } if p == pattern), "{refused}");
        assert!(refused.to_string().contains("drops column"), "{refused}");
    }
    let policy = Policy::from_toml("protected = [\"audit_*\"]\n", "policy.toml").unwrap();
    let dev = policy.for_environment("dev");
    let applier = Applier { name: "cy".into(), public_key: None };
    let acks = vec!["drop-column".to_owned()];
    assert!(check(&plan, &request(&dev, &[], &applier, &acks)).is_ok(), "other tables are not protected");
    assert!(Policy::from_toml("protected = [\"[\"]\n", "policy.toml").is_err(), "a broken glob is refused");
}

#[test]
fn the_person_applying_must_show_a_key_where_someone_else_must_approve() {
    let team = team();
    let plan = dropping_plan();
    let prod = team.policy.for_environment("prod");
    let approvals = [approve(&team.ana, "ana", &plan, &["drop-column"])];
    // Ana approved; without a keychain she could call herself bo.
    let nameless = Applier { name: "bo".into(), public_key: None };
    let refused = check(&plan, &request(&prod, &approvals, &nameless, &[])).unwrap_err();
    assert!(matches!(refused, GateError::UnknownApplier { .. }), "{refused}");
    // With her own key she is ana, whatever name she types.
    let ana_as_bo = Applier { name: "bo".into(), public_key: Some(team.ana.public_key()) };
    let refused = check(&plan, &request(&prod, &approvals, &ana_as_bo, &[])).unwrap_err();
    assert!(refused.to_string().contains("ana is the person applying"), "{refused}");
    // Development asks for no approval: no key needed.
    let dev = team.policy.for_environment("dev");
    assert!(check(&plan, &request(&dev, &[], &nameless, &["drop-column".into()])).is_ok());
}

#[test]
fn an_approval_counts_under_the_policys_name_for_its_key() {
    let team = team();
    let plan = dropping_plan();
    let prod = team.policy.for_environment("prod");
    // Bo signs as "carol": it is bo's approval, and bo cannot approve his own apply.
    let as_carol = [approve(&team.bo, "carol", &plan, &["drop-column"])];
    let bo = bo_applies(&team);
    let refused = check(&plan, &request(&prod, &as_carol, &bo, &[])).unwrap_err();
    assert!(refused.to_string().contains("bo is the person applying"), "{refused}");
    let ana = Applier { name: "ana".into(), public_key: Some(team.ana.public_key()) };
    let clearance = check(&plan, &request(&prod, &as_carol, &ana, &[])).unwrap();
    assert_eq!(clearance.approvers, ["bo"], "counted as bo, the policy's name for the key");
    assert_eq!(clearance.acknowledged[0].by, "bo");
}
