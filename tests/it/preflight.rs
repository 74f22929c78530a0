//! Connection checks on the real servers: version, user, tables, TLS, and whether the user may
//! change the schema — as an administrator and as a user who may only read.

use plumb_db::profile::{preflight, Profile};
use plumb_db::Source;
use plumb_engine::dialect::Flavor;
use plumb_tests::{Server, TestDb};

fn as_user(url: &str, user: &str, password: Option<&str>) -> Source {
    let mut url = url::Url::parse(url).unwrap();
    url.set_username(user).unwrap();
    url.set_password(password).unwrap();
    url.as_str().parse().unwrap()
}

#[tokio::test]
async fn postgres_admin_and_reader() {
    let db = TestDb::fresh(Server::Postgres, "preflight_postgres").await;
    let reader = format!("{}_reader", db.name());
    db.exec(&format!(
        "CREATE TABLE a (id int PRIMARY KEY); CREATE TABLE b (id int); \
         DROP ROLE IF EXISTS {reader}; CREATE ROLE {reader} LOGIN; \
         REVOKE CREATE ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO {reader}"
    ))
    .await;
    let admin = preflight(&db.source()).await.unwrap();
    assert_eq!((admin.flavor, admin.tables, admin.database.as_str()), (Flavor::Postgres, 2, db.name()));
    assert!(admin.can_change_schema && admin.tls.is_some() && admin.latency_ms < 1000.0, "{admin:?}");
    assert_eq!(admin.schema.as_deref(), Some("public"));
    assert!(admin.version_text.starts_with("PostgreSQL"), "{admin:?}");

    let check = preflight(&as_user(db.url(), &reader, None)).await.unwrap();
    assert_eq!(check.user.as_deref(), Some(reader.as_str()));
    assert!(!check.can_change_schema, "{check:?}");
    assert!(check.privileges.contains("no CREATE privilege on schema public"), "{}", check.privileges);
    db.exec(&format!("DROP OWNED BY {reader}; DROP ROLE {reader}")).await;
}

#[tokio::test]
async fn mysql_admin_and_reader() {
    let db = TestDb::fresh(Server::Mysql, "preflight_mysql").await;
    let reader = format!("r{}", &db.name()[db.name().len() - 12..]);
    db.exec(&format!(
        "CREATE TABLE a (id int PRIMARY KEY); \
         DROP USER IF EXISTS '{reader}'@'%'; CREATE USER '{reader}'@'%' IDENTIFIED BY 'read-only-pw'; \
         GRANT SELECT ON `{}`.* TO '{reader}'@'%'",
        db.name()
    ))
    .await;
    let admin = preflight(&db.source()).await.unwrap();
    assert!(matches!(admin.flavor, Flavor::Mysql | Flavor::Mariadb));
    assert_eq!((admin.tables, admin.database.as_str()), (1, db.name()));
    assert!(admin.can_change_schema && admin.tls.is_some(), "{admin:?}");

    let check = preflight(&as_user(db.url(), &reader, Some("read-only-pw"))).await.unwrap();
    assert!(check.user.as_deref().is_some_and(|u| u.starts_with(&reader)), "{check:?}");
    assert!(!check.can_change_schema && check.privileges.contains("no CREATE and ALTER"), "{check:?}");
    let wrong = preflight(&as_user(db.url(), &reader, Some("not-it"))).await.unwrap_err();
    assert!(wrong.to_string().contains("authentication failed") && !wrong.to_string().contains("not-it"), "{wrong}");
    db.exec(&format!("DROP USER '{reader}'@'%'")).await;
}

#[tokio::test]
async fn a_profile_of_a_live_server_connects_with_the_fields_it_was_saved_with() {
    let db = TestDb::fresh(Server::Postgres, "preflight_profile_round_trip").await;
    db.exec("CREATE TABLE t (id int)").await;
    let mut url = url::Url::parse(db.url()).unwrap();
    url.set_query(Some("sslmode=prefer&connect_timeout=5"));
    let profile = Profile::from_url("live", url.as_str(), "staging").unwrap().profile;
    let check = preflight(&profile.source(None).unwrap()).await.unwrap();
    assert_eq!((check.tables, check.database.as_str()), (1, db.name()));
}
