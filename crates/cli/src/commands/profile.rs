//! `plumb profile add | list | show | rm | test | import | export | password | unlock | lock`.

use std::io::{BufRead, IsTerminal};
use std::time::Duration;

use anyhow::Context;
use plumb_db::profile::{
    import_env_file, import_environment, preflight, FromUrl, KeychainStatus, Password, PasswordSaved, PasswordStorage,
    Preflight, Profile, ProfileStore,
};
use serde::Serialize;

use super::print;
use super::source::{keychain, password, prompt};
use crate::cli::{ProfileAddArgs, ProfileCommand, ProfileExportArgs, ProfileImportArgs, ProfileUnlockArgs};
use crate::exit::Exit;

pub(crate) async fn run(command: ProfileCommand) -> anyhow::Result<Exit> {
    let store = ProfileStore::open_default()?;
    match command {
        ProfileCommand::Add(args) => add(&store, args),
        ProfileCommand::List(args) => list(&store, args.json),
        ProfileCommand::Show(args) => show(&store, &args.name, args.json),
        ProfileCommand::Rm(args) => {
            let removed = store.remove(keychain(), &args.name)?;
            print(&format!("removed profile {} and its password\n", removed.name))?;
            Ok(Exit::Ok)
        }
        ProfileCommand::Test(args) => test(&store, &args.name, args.json).await,
        ProfileCommand::Import(args) => import(&store, args),
        ProfileCommand::Export(args) => export(&store, args),
        ProfileCommand::Password(args) => set_password(&store, &args.name),
        ProfileCommand::Unlock(args) => unlock(&store, args),
        ProfileCommand::Lock(args) => {
            let profile = store.find(&args.name)?;
            store.relock(&profile)?;
            print(&format!("{} is read-only again\n", profile.name))?;
            Ok(Exit::Ok)
        }
    }
}

fn add(store: &ProfileStore, args: ProfileAddArgs) -> anyhow::Result<Exit> {
    let mut new = Profile::from_url(&args.name, &args.url, &args.env)?;
    if args.password_stdin {
        anyhow::ensure!(
            new.password.is_none(),
            "the URL holds a password and --password-stdin gives another: give only one"
        );
        new.password = Some(read_stdin_password()?);
    }
    if args.read_only || args.writable {
        new.profile.read_only = args.read_only;
    }
    new.profile.color = args.color;
    new.profile.group = args.group;
    new.profile.notes = args.notes;
    if let Some(shadow) = &args.shadow_url {
        new.shadow_password = new.profile.set_shadow_url(shadow)?;
    }
    let (profile, saved) = store.add(keychain(), new)?;
    print(&format!("added profile {} ({}, {})\n", profile.name, profile.display_url(), describe_access(&profile)))?;
    report_password(saved);
    Ok(Exit::Ok)
}

/// Reads the first line of stdin as a password (the line end is not part of it).
fn read_stdin_password() -> anyhow::Result<Password> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line).context("cannot read the password from stdin")?;
    let password = line.strip_suffix('\n').unwrap_or(&line);
    let password = password.strip_suffix('\r').unwrap_or(password);
    anyhow::ensure!(!password.is_empty(), "--password-stdin: stdin held no password");
    Ok(Password::new(password))
}

fn report_password(saved: PasswordSaved) {
    match saved {
        PasswordSaved::NoPassword => {}
        PasswordSaved::Keychain => eprintln!("password saved in the OS keychain (service \"plumb\")"),
        PasswordSaved::MemoryOnly => {
            let reason = match keychain().status() {
                KeychainStatus::Unavailable { reason } => reason,
                KeychainStatus::Available => "the keychain refused it".into(),
            };
            eprintln!(
                "warning: no usable OS keychain ({reason}): the password was not saved anywhere; \
                 Plumb will ask for it when it connects"
            );
        }
    }
}

fn describe_access(profile: &Profile) -> String {
    let access = if profile.read_only { "read-only" } else { "writable" };
    format!("{}, {access}", profile.environment)
}

/// A profile as `list --json` and `show --json` print it.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ProfileView<'a> {
    #[serde(flatten)]
    profile: &'a Profile,
    url: String,
    shown_color: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    unlocked_until: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_check: Option<Preflight>,
}

fn list(store: &ProfileStore, json: bool) -> anyhow::Result<Exit> {
    let mut profiles = store.list()?;
    profiles.sort_by_key(|p| (environment_rank(&p.environment), p.name.to_lowercase()));
    if json {
        let views: Vec<_> = profiles.iter().map(|p| view(store, p, false)).collect::<anyhow::Result<_>>()?;
        print(&format!("{}\n", serde_json::to_string_pretty(&views)?))?;
        return Ok(Exit::Ok);
    }
    if profiles.is_empty() {
        print("no profiles yet: add one with `plumb profile add NAME --url URL`, or `plumb profile import`\n")?;
        return Ok(Exit::Ok);
    }
    let width = |f: &dyn Fn(&Profile) -> usize, min: usize| profiles.iter().map(f).max().unwrap_or(0).max(min);
    let name_width = width(&|p| p.name.len() + 1, 4);
    let env_width = width(&|p| p.environment.len(), 11);
    let mut out = format!("{:name_width$}  {:env_width$}  {:10}  CONNECTION\n", "NAME", "ENVIRONMENT", "DIALECT");
    for p in &profiles {
        let read_only = if p.read_only { "  read-only" } else { "" };
        let group = p.group.as_deref().map(|g| format!("  [{g}]")).unwrap_or_default();
        out.push_str(&format!(
            "{:name_width$}  {:env_width$}  {:10}  {}{read_only}{group}\n",
            format!("@{}", p.name),
            p.environment,
            p.dialect.display_name(),
            p.display_url()
        ));
    }
    print(&out)?;
    Ok(Exit::Ok)
}

fn environment_rank(environment: &str) -> usize {
    if plumb_db::profile::is_production(environment) {
        return 0;
    }
    ["staging", "dev"].iter().position(|e| e.eq_ignore_ascii_case(environment)).map_or(3, |i| i + 1)
}

fn view<'a>(store: &ProfileStore, profile: &'a Profile, with_check: bool) -> anyhow::Result<ProfileView<'a>> {
    Ok(ProfileView {
        profile,
        url: profile.display_url(),
        shown_color: profile.color(),
        unlocked_until: store.unlocked(&profile.id)?.map(|u| u.until.to_string()),
        last_check: if with_check { store.last_check(&profile.id)? } else { None },
    })
}

fn show(store: &ProfileStore, name: &str, json: bool) -> anyhow::Result<Exit> {
    let profile = store.find(name)?;
    let view = view(store, &profile, true)?;
    if json {
        print(&format!("{}\n", serde_json::to_string_pretty(&view)?))?;
        return Ok(Exit::Ok);
    }
    let password = match profile.password {
        PasswordStorage::None => "none",
        PasswordStorage::Keychain => "in the OS keychain",
        PasswordStorage::Ask => "asked for when needed (no keychain when it was added)",
    };
    let mut out = format!("@{} ({})\n", profile.name, describe_access(&profile));
    let mut line = |label: &str, value: &str| out.push_str(&format!("  {label:<11} {value}\n"));
    line("id", profile.id.as_str());
    line("connection", &view.url);
    line("password", password);
    line("colour", profile.color());
    if let Some(group) = &profile.group {
        line("group", group);
    }
    if let Some(shadow) = &profile.shadow_url {
        line("shadow", shadow);
    }
    if !profile.notes.is_empty() {
        line("notes", &profile.notes);
    }
    if let Some(until) = &view.unlocked_until {
        line("unlocked", &format!("writes allowed until {until}"));
    }
    match &view.last_check {
        Some(check) => line("last check", &format!("{} — {}", check.checked_at, summary(check))),
        None => line("last check", "never (plumb profile test NAME)"),
    }
    print(&out)?;
    Ok(Exit::Ok)
}

fn summary(check: &Preflight) -> String {
    let tls = match check.tls {
        Some(true) => ", TLS",
        Some(false) => ", no TLS",
        None => "",
    };
    format!("{} {}, {} tables{tls}", check.flavor.display_name(), check.server_version, check.tables)
}

async fn test(store: &ProfileStore, name: &str, json: bool) -> anyhow::Result<Exit> {
    let profile = store.find(name)?;
    let password = password(store, &profile)?;
    let check = preflight(&profile.source(password.as_ref())?).await?;
    store.record_check(&profile.id, &check)?;
    if json {
        print(&format!("{}\n", serde_json::to_string_pretty(&check)?))?;
        return Ok(Exit::Ok);
    }
    let yes_no = |b: bool| if b { "yes" } else { "no" };
    let mut out =
        format!("@{}: connected in {} ms, round trip {:.1} ms\n", profile.name, check.connect_ms, check.latency_ms);
    let mut line = |label: &str, value: &str| out.push_str(&format!("  {label:<15} {value}\n"));
    line("server", &check.version_text);
    if let Some(user) = &check.user {
        line("user", user);
    }
    let database = match &check.schema {
        Some(schema) => format!("{} (schema {schema})", check.database),
        None => check.database.clone(),
    };
    line("database", &database);
    line("schema changes", &format!("{} ({})", yes_no(check.can_change_schema), check.privileges));
    if let Some(tls) = check.tls {
        line("TLS", yes_no(tls));
    }
    line("tables", &check.tables.to_string());
    if profile.read_only {
        line("writes", "refused: the profile is read-only (plumb profile unlock NAME)");
    }
    print(&out)?;
    Ok(Exit::Ok)
}

fn import(store: &ProfileStore, args: ProfileImportArgs) -> anyhow::Result<Exit> {
    if let Some(file) = &args.profiles {
        let text = std::fs::read_to_string(file).with_context(|| format!("cannot read {}", file.display()))?;
        let (added, skipped) = store.import_shared(&text, file)?;
        for profile in &added {
            print(&format!("added profile {} ({})\n", profile.name, profile.display_url()))?;
        }
        for name in skipped {
            eprintln!("skipped {name}: a profile by that name exists");
        }
        if added.iter().any(|p| p.password != PasswordStorage::None) {
            eprintln!("passwords are not shared: save yours with `plumb profile password NAME`");
        }
        return Ok(Exit::Ok);
    }
    let (found, skipped) = match (&args.url, &args.env_file) {
        (Some(url), _) => {
            let source = url.parse()?;
            let name = args.name.clone().context("--url needs --name for the profile")?;
            (vec![plumb_db::profile::Found { key: "--url".into(), source, suggested_name: name }], vec![])
        }
        (None, Some(file)) => import_env_file(file)?,
        (None, None) => import_environment(),
    };
    for key in &skipped {
        eprintln!("skipped {key}: not a postgres://, mysql:// or SQLite URL");
    }
    let from = args.env_file.as_ref().map_or_else(|| "the environment".to_owned(), |f| f.display().to_string());
    anyhow::ensure!(!found.is_empty(), "no DATABASE_URL, POSTGRES_URL, MYSQL_URL or similar variable in {from}");
    let single = found.len() == 1;
    let mut added = 0;
    for item in found {
        let name = match &args.name {
            Some(name) if single => name.clone(),
            _ => item.suggested_name.clone(),
        };
        let new: FromUrl = Profile::from_source(&name, item.source, &args.env)?;
        match store.add(keychain(), new) {
            Ok((profile, saved)) => {
                added += 1;
                print(&format!("added profile {} from {} ({})\n", profile.name, item.key, profile.display_url()))?;
                report_password(saved);
            }
            Err(e @ plumb_db::Error::ProfileExists { .. }) => eprintln!("skipped {}: {e}", item.key),
            Err(e) => return Err(e.into()),
        }
    }
    anyhow::ensure!(added > 0, "nothing imported: every profile name is taken (use --name, or remove them)");
    Ok(Exit::Ok)
}

fn export(store: &ProfileStore, args: ProfileExportArgs) -> anyhow::Result<Exit> {
    let text = store.export(&args.names)?;
    match &args.out {
        Some(path) => {
            std::fs::write(path, text).with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("wrote {} (no passwords)", path.display());
        }
        None => print(&text)?,
    }
    Ok(Exit::Ok)
}

fn set_password(store: &ProfileStore, name: &str) -> anyhow::Result<Exit> {
    let profile = store.find(name)?;
    let typed = if std::io::stdin().is_terminal() {
        prompt(&format!("password for @{} ({}): ", profile.name, profile.display_url()))?
    } else {
        read_stdin_password()?
    };
    let updated = store.update(keychain(), profile, Some(&typed), None)?;
    report_password(match updated.password {
        PasswordStorage::Keychain => PasswordSaved::Keychain,
        _ => PasswordSaved::MemoryOnly,
    });
    Ok(Exit::Ok)
}

fn unlock(store: &ProfileStore, args: ProfileUnlockArgs) -> anyhow::Result<Exit> {
    let profile = store.find(&args.name)?;
    if !profile.read_only {
        print(&format!("{} is not read-only: nothing to unlock\n", profile.name))?;
        return Ok(Exit::Ok);
    }
    let unlock = store.unlock(&profile, Duration::from_secs(args.minutes.saturating_mul(60)))?;
    print(&format!(
        "{} ({}) accepts writes until {} ({} minutes); `plumb profile lock {}` ends it sooner\n",
        profile.name, profile.environment, unlock.until, args.minutes, profile.name
    ))?;
    Ok(Exit::Ok)
}
