use super::*;

fn server_profile(url: &str) -> FromUrl {
    Profile::from_url("staging", url, "staging").unwrap()
}

#[test]
fn a_url_becomes_fields_and_the_password_comes_out() {
    let FromUrl { profile, password, .. } = server_profile(
        "postgres://al%40ice:p%40ss%3Aw0rd@db.example:6543/shop?sslmode=verify-full&schemas=public,sales&connect_timeout=3",
    );
    assert_eq!(profile.dialect, Flavor::Postgres);
    assert_eq!(profile.host.as_deref(), Some("db.example"));
    assert_eq!(profile.port, Some(6543));
    assert_eq!(profile.user.as_deref(), Some("al@ice"));
    assert_eq!(profile.database.as_deref(), Some("shop"));
    assert_eq!(profile.tls.mode, Some(TlsMode::VerifyFull));
    assert_eq!(profile.options.get("schemas").map(String::as_str), Some("public,sales"));
    assert_eq!(password.as_ref().map(Password::expose), Some("p@ss:w0rd"));
    assert_eq!(profile.password, PasswordStorage::Keychain);
    let shown = profile.display_url();
    assert!(!shown.contains("w0rd"), "{shown}");
    assert_eq!(
        shown,
        "postgres://al%40ice@db.example:6543/shop?sslmode=verify-full&connect_timeout=3&schemas=public%2Csales"
    );
}

#[test]
fn the_source_puts_the_password_back_in_memory_and_round_trips() {
    for url in [
        "postgres://alice:pw@db:5432/app?sslmode=require",
        "mysql://root:s3cr%2Ft@127.0.0.1:3306/shop?ssl-mode=REQUIRED",
        "mariadb://root@[::1]:3307/shop",
    ] {
        let FromUrl { profile, password, .. } = server_profile(url);
        let source = profile.source(password.as_ref()).unwrap();
        let (again, password_again) = url_form::read_source(source.clone()).unwrap();
        assert_eq!(password_again, password, "{url}");
        assert_eq!(
            (again.host, again.port, again.user, again.database),
            (profile.host, profile.port, profile.user, profile.database)
        );
        assert_eq!(again.tls, profile.tls, "{url}");
        assert!(!source.to_string().contains("s3cr"), "{source}");
    }
}

#[test]
fn sqlite_paths_and_prisma_file_urls_are_sqlite_profiles() {
    for text in ["sqlite:data/app.db", "data/app.db", "file:data/app.db"] {
        let FromUrl { profile, password, .. } = Profile::from_url("local", text, "dev").unwrap();
        assert_eq!(
            (profile.dialect, profile.path.as_deref()),
            (Flavor::Sqlite, Some(std::path::Path::new("data/app.db")))
        );
        assert!(password.is_none());
        assert_eq!(profile.display_url(), "sqlite:data/app.db");
    }
}

#[test]
fn production_starts_read_only_and_red() {
    let prod = Profile::from_url("live", "postgres://u@h/db", "prod").unwrap().profile;
    assert!(prod.read_only && prod.is_production());
    assert_eq!(prod.color(), "#c62828");
    let dev = Profile::from_url("mine", "postgres://u@h/db", "dev").unwrap().profile;
    assert!(!dev.read_only && !dev.is_production());
}

#[test]
fn every_field_problem_is_named_at_once() {
    let mut profile = server_profile("mysql://u@h/db").profile;
    profile.name = "has space".into();
    profile.host = Some(" ".into());
    profile.database = None;
    profile.color = Some("red".into());
    profile.tls.ca_file = Some("/no/such/ca.pem".into());
    let fields: Vec<_> = profile.problems().into_iter().map(|p| p.field).collect();
    assert_eq!(fields, ["name", "color", "host", "database", "tls.caFile"]);
    let err = profile.validate().unwrap_err().to_string();
    assert!(err.contains("/no/such/ca.pem: no such file"), "{err}");
    assert!(Profile::from_url("x", "snap.json", "dev").unwrap_err().to_string().contains("snapshot"));
    assert!(Profile::from_url("x", "postgres://u@h/db?sslmode=sometimes", "dev").is_err());
}

#[test]
fn the_store_adds_finds_updates_and_removes_with_the_password() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::new(dir.path());
    let keychain = Keychain::memory_only("test");
    assert!(store.list().unwrap().is_empty(), "no file yet is no profiles");
    let (added, saved) = store.add(&keychain, server_profile("postgres://app:s3cr3t@db/app")).unwrap();
    assert_eq!(saved, store::PasswordSaved::MemoryOnly);
    assert_eq!(added.password, PasswordStorage::Ask);
    assert_eq!(store.find("@STAGING").unwrap().id, added.id, "found by @name, ignoring case");
    assert_eq!(store.password(&keychain, &added).unwrap().unwrap().expose(), "s3cr3t");
    let text = std::fs::read_to_string(store.path()).unwrap();
    assert!(!text.contains("s3cr3t") && text.contains("[[profile]]") && text.contains("No password"), "{text}");

    let err = store.add(&keychain, server_profile("postgres://other@db/app")).unwrap_err();
    assert!(matches!(err, Error::ProfileExists { .. }), "{err}");

    let mut renamed = added.clone();
    renamed.name = "stage".into();
    store.update(&keychain, renamed.clone(), None, None).unwrap();
    assert!(keychain.get(added.id.as_str()).unwrap().is_some(), "a rename keeps the password");
    let mut trusted = renamed.clone();
    trusted.password = PasswordStorage::None;
    store.update(&keychain, trusted, None, None).unwrap();
    assert!(keychain.get(added.id.as_str()).unwrap().is_none(), "no password used, none kept");
    assert!(store.find("staging").unwrap_err().to_string().contains("profiles: stage"));

    let removed = store.remove(&keychain, "stage").unwrap();
    assert_eq!(removed.id, added.id);
    assert!(keychain.get(added.id.as_str()).unwrap().is_none(), "the password went with the profile");
    let err = store.find("stage").unwrap_err().to_string();
    assert!(err.contains("plumb profile add"), "{err}");
}

#[test]
fn a_forgotten_password_is_asked_for() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::new(dir.path());
    let (added, _) =
        store.add(&Keychain::memory_only("first session"), server_profile("postgres://app:pw@db/app")).unwrap();
    let next_session = Keychain::memory_only("second session");
    let err = store.password(&next_session, &added).unwrap_err();
    assert!(matches!(err, Error::PasswordNeeded { .. }), "{err}");
    next_session.remember(added.id.as_str(), Password::new("pw"));
    assert!(store.password(&next_session, &added).unwrap().is_some());
}

#[test]
fn read_only_profiles_refuse_writes_until_unlocked_for_a_while() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::new(dir.path());
    let keychain = Keychain::memory_only("test");
    let (prod, _) = store.add(&keychain, Profile::from_url("live", "sqlite:live.db", "prod").unwrap()).unwrap();
    let err = store.may_write(&prod).unwrap_err().to_string();
    assert!(err.contains("read-only") && err.contains("plumb profile unlock live"), "{err}");
    let unlock = store.unlock(&prod, std::time::Duration::from_secs(60)).unwrap();
    assert!(unlock.until > jiff::Timestamp::now());
    store.may_write(&prod).unwrap();
    store.relock(&prod).unwrap();
    assert!(store.may_write(&prod).is_err());
    store.unlock(&prod, std::time::Duration::ZERO).unwrap();
    assert!(store.may_write(&prod).is_err(), "an unlock expires");
}

#[test]
fn export_leaves_out_ids_and_passwords_and_import_skips_taken_names() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::new(dir.path());
    let keychain = Keychain::memory_only("test");
    store.add(&keychain, server_profile("postgres://app:s3cr3t@db/app")).unwrap();
    let exported = store.export(&[]).unwrap();
    assert!(!exported.contains("s3cr3t") && exported.contains("password = \"ask\""), "{exported}");

    let other = ProfileStore::new(dir.path().join("teammate"));
    let (added, skipped) = other.import_shared(&exported, std::path::Path::new("shared.toml")).unwrap();
    assert_eq!((added.len(), skipped.len()), (1, 0));
    assert_ne!(added[0].id, store.find("staging").unwrap().id, "a new id per importer");
    let (added, skipped) = other.import_shared(&exported, std::path::Path::new("shared.toml")).unwrap();
    assert_eq!((added.len(), skipped), (0, vec!["staging".to_owned()]));
    let err =
        other.import_shared("version = 1\n[[profile]]\nname = 3\n", std::path::Path::new("bad.toml")).unwrap_err();
    assert!(err.to_string().starts_with("bad.toml:"), "{err}");
}

#[test]
fn a_damaged_profile_file_is_reported_not_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let store = ProfileStore::new(dir.path());
    std::fs::write(store.path(), "version = 1\n[[profile]\n").unwrap();
    let err = store.list().unwrap_err().to_string();
    assert!(err.contains("profiles.toml") && err.contains("line 2"), "{err}");
    assert!(store.add(&Keychain::memory_only("t"), server_profile("postgres://u@h/db")).is_err());
    assert_eq!(std::fs::read_to_string(store.path()).unwrap(), "version = 1\n[[profile]\n", "left as it was");
}

#[tokio::test]
async fn preflight_of_an_sqlite_file_counts_tables_and_checks_write_access() {
    let dir = tempfile::tempdir().unwrap();
    let demos = crate::demo::ensure_demo_databases(dir.path()).await.unwrap();
    let profile = Profile::from_url("demo", &format!("sqlite:{}", demos[0].path.display()), "dev").unwrap().profile;
    let check = preflight(&profile.source(None).unwrap()).await.unwrap();
    assert_eq!(check.flavor, Flavor::Sqlite);
    assert!(check.tables >= 3 && check.can_change_schema && check.tls.is_none(), "{check:?}");
    assert!(check.version_text.starts_with("SQLite 3."), "{check:?}");
    let missing = Profile::from_url("gone", "sqlite:/no/such.db", "dev").unwrap().profile;
    assert!(preflight(&missing.source(None).unwrap()).await.unwrap_err().to_string().contains("no such file"));
}
