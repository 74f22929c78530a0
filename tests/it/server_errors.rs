//! Connection failures a person can act on: each a specific one-line error, within the timeout,
//! never showing the password.

use std::time::{Duration, Instant};

use plumb_db::{ErrorKind, Source};
use plumb_tests::pg_admin_url;

const SECRET: &str = "s3cr3t-pw";

fn pg_url_with(user: &str, port: Option<u16>, database: &str, query: &str) -> String {
    let admin = url::Url::parse(&pg_admin_url()).unwrap();
    let host = admin.host_str().unwrap().to_owned();
    let port = port.or(admin.port()).unwrap_or(5432);
    format!("postgres://{user}:{SECRET}@{host}:{port}/{database}{query}")
}

async fn fail(url: &str) -> (plumb_db::Error, Duration) {
    let source: Source = url.parse().expect("a valid URL");
    let started = Instant::now();
    let err = source.load().await.expect_err("the connection must fail");
    (err, started.elapsed())
}

fn assert_clean(err: &plumb_db::Error) {
    let text = err.to_string();
    assert!(!text.contains(SECRET), "no password in {text:?}");
    assert!(text.contains(":***@"), "the redacted URL names the server: {text:?}");
    assert_eq!(text.lines().count(), 1, "one line: {text:?}");
}

#[tokio::test]
async fn postgres_unknown_user_is_an_authentication_error() {
    let (err, _) = fail(&pg_url_with("plumb_no_such_role", None, "postgres", "")).await;
    assert_eq!(err.kind(), ErrorKind::AuthFailed, "{err}");
    assert!(err.to_string().contains("authentication failed for user \"plumb_no_such_role\""), "{err}");
    assert_clean(&err);
}

/// A postgres:// URL pointing at the MariaDB port: the answer to the TLS request is not
/// PostgreSQL's, and the error says to check the port, without the driver's source locations.
#[tokio::test]
async fn another_kind_of_server_on_the_port_says_to_check_it() {
    let mysql = url::Url::parse(&plumb_tests::mysql_admin_url()).unwrap();
    let (err, _) =
        fail(&pg_url_with("postgres", Some(mysql.port().unwrap_or(3306)), "postgres", "?sslmode=prefer")).await;
    assert_eq!(err.kind(), ErrorKind::ConnectionFailed, "{err}");
    let text = err.to_string();
    assert!(text.contains("check the port"), "{text}");
    assert!(!text.contains("sqlx_"), "no driver source location: {text}");
    assert_clean(&err);
}

#[tokio::test]
async fn postgres_unknown_database_is_named() {
    let (err, _) = fail(&pg_url_with("postgres", None, "plumb_no_such_db", "")).await;
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(err.to_string().contains("database \"plumb_no_such_db\" does not exist"), "{err}");
    assert_clean(&err);
}

#[tokio::test]
async fn a_closed_port_is_refused_at_once() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    }; // dropped: nothing listens there now
    let (err, took) = fail(&pg_url_with("postgres", Some(port), "postgres", "")).await;
    assert_eq!(err.kind(), ErrorKind::ConnectionFailed, "{err}");
    assert!(err.to_string().contains("connection refused"), "{err}");
    assert!(took < Duration::from_secs(5), "refused connections fail fast, took {took:?}");
    assert_clean(&err);
}

#[tokio::test]
async fn a_server_that_never_answers_times_out_on_time() {
    // Accepts TCP connections and says nothing, like a host behind a black-holing firewall.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let (err, took) = fail(&pg_url_with("postgres", Some(port), "postgres", "?connect_timeout=1")).await;
    assert_eq!(err.kind(), ErrorKind::Timeout, "{err}");
    assert!(err.to_string().contains("no answer within 1 s"), "{err}");
    assert!(took < Duration::from_secs(5), "bounded by connect_timeout, took {took:?}");
    assert_clean(&err);
    drop(listener);
}

fn mysql_url_with(user: &str, password: &str, database: &str) -> String {
    let admin = url::Url::parse(&plumb_tests::mysql_admin_url()).unwrap();
    let host = admin.host_str().unwrap().to_owned();
    let port = admin.port().unwrap_or(3306);
    format!("mysql://{user}:{password}@{host}:{port}/{database}")
}

#[tokio::test]
async fn mysql_wrong_password_is_an_authentication_error() {
    let db = plumb_tests::TestDb::fresh(plumb_tests::Server::Mysql, "my_wrong_password").await;
    db.exec(&format!(
        "CREATE USER IF NOT EXISTS 'plumb_pw_test'@'%' IDENTIFIED BY 'right-pw';
         CREATE USER IF NOT EXISTS 'plumb_pw_test'@'localhost' IDENTIFIED BY 'right-pw';
         GRANT SELECT ON `{0}`.* TO 'plumb_pw_test'@'%';
         GRANT SELECT ON `{0}`.* TO 'plumb_pw_test'@'localhost';",
        db.name()
    ))
    .await;
    let (err, _) = fail(&mysql_url_with("plumb_pw_test", SECRET, db.name())).await;
    assert_eq!(err.kind(), ErrorKind::AuthFailed, "{err}");
    assert!(err.to_string().contains("authentication failed for user \"plumb_pw_test\""), "{err}");
    assert_clean(&err);

    let ok: Source = mysql_url_with("plumb_pw_test", "right-pw", db.name()).parse().unwrap();
    let worked = ok.load().await;
    // Users are server-wide: remove this one before asserting, so a failure leaves nothing behind.
    db.exec("DROP USER IF EXISTS 'plumb_pw_test'@'%'; DROP USER IF EXISTS 'plumb_pw_test'@'localhost';").await;
    assert!(worked.is_ok(), "the right password works, so the failure was the password: {worked:?}");
}

#[tokio::test]
async fn mysql_unknown_database_is_named() {
    let (err, _) = fail(&mysql_url_with("root", SECRET, "plumb_no_such_db")).await;
    // root has an empty password here, so the server may refuse the password or the database
    // first; either is a specific error, never a generic one.
    assert!(matches!(err.kind(), ErrorKind::NotFound | ErrorKind::AuthFailed), "{err}");
    assert_clean(&err);
    let no_password = mysql_url_with("root", "", "plumb_no_such_db").replace("root:@", "root@");
    let err = Source::load(&no_password.parse().unwrap()).await.unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    assert!(err.to_string().contains("database \"plumb_no_such_db\" does not exist"), "{err}");
}

#[tokio::test]
async fn postgres_tls_options_are_honoured() {
    let required: Source = format!("{}?sslmode=require", plumb_tests::pg_admin_url()).parse().unwrap();
    required.load().await.expect("the test server speaks TLS");

    let ca = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/unrelated-ca.crt");
    let (err, _) =
        fail(&pg_url_with("postgres", None, "postgres", &format!("?sslmode=verify-ca&sslrootcert={}", ca.display())))
            .await;
    assert_eq!(err.kind(), ErrorKind::ConnectionFailed, "{err}");
    assert!(err.to_string().contains("TLS failed") && err.to_string().contains("certificate"), "{err}");
    assert_clean(&err);

    let (err, took) =
        fail(&pg_url_with("postgres", None, "postgres", "?sslmode=verify-full&sslrootcert=/nonexistent/ca.crt")).await;
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("sslrootcert: no such file \"/nonexistent/ca.crt\""), "{err}");
    assert!(took < Duration::from_secs(1), "checked before connecting");
    assert_clean(&err);
}
