//! The command line, with its help and its errors in the user's language
//! (`COMCOM_LANG`, `LC_ALL`, `LANG`).

use std::ffi::OsString;
use std::process::ExitCode;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg as ClapArg, ArgAction, ArgMatches, Command};
use comcom_i18n::{Arg, Locale};

use crate::commands;
use crate::failure::Failure;

/// Builds the command tree with help texts in `locale`.
pub fn command(locale: Locale) -> Command {
    let t = |key: &str| locale.t(key);
    let tree = Command::new("comcom")
        .about(t("cli-about"))
        .version(env!("CARGO_PKG_VERSION"))
        .disable_version_flag(true)
        .arg(
            ClapArg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(t("cli-help-version")),
        )
        .disable_help_subcommand(true)
        .arg_required_else_help(true)
        .subcommand_required(true)
        .subcommand(
            Command::new("mail")
                .about(t("cli-help-mail"))
                .subcommand_required(true)
                .subcommand(
                    Command::new("bounces")
                        .about(t("cli-help-mail-bounces"))
                        .arg(
                            ClapArg::new("files")
                                .value_name("FILE")
                                .required(true)
                                .num_args(1..)
                                .help(t("cli-help-mail-bounces-files")),
                        ),
                )
                .subcommand(
                    Command::new("inbox").about(t("cli-help-mail-inbox")).arg(
                        ClapArg::new("files")
                            .value_name("FILE")
                            .required(true)
                            .num_args(1..)
                            .help(t("cli-help-mail-inbox-files")),
                    ),
                ),
        )
        .subcommand(
            Command::new("serve").about(t("cli-help-serve")).arg(
                ClapArg::new("bind")
                    .long("bind")
                    .value_name("ADDR")
                    .help(t("cli-help-bind")),
            ),
        )
        .subcommand(
            Command::new("init")
                .about(t("cli-help-init"))
                .arg(
                    ClapArg::new("epci")
                        .long("epci")
                        .value_name("SIREN")
                        .required(true)
                        .help(t("cli-help-epci")),
                )
                .arg(
                    ClapArg::new("commune-spaces")
                        .long("commune-spaces")
                        .value_name("all|none|INSEE,…")
                        .help(t("cli-help-commune-spaces")),
                ),
        )
        .subcommand(
            Command::new("user")
                .about(t("cli-help-user"))
                .subcommand_required(true)
                .subcommand(
                    Command::new("add")
                        .about(t("cli-help-user-add"))
                        .arg(
                            ClapArg::new("email")
                                .long("email")
                                .value_name("EMAIL")
                                .required(true)
                                .help(t("cli-help-email")),
                        )
                        .arg(
                            ClapArg::new("name")
                                .long("name")
                                .value_name("NOM")
                                .help(t("cli-help-name")),
                        )
                        .arg(
                            ClapArg::new("admin")
                                .long("admin")
                                .action(ArgAction::SetTrue)
                                .help(t("cli-help-admin")),
                        )
                        .arg(
                            ClapArg::new("admin-of")
                                .long("admin-of")
                                .value_name("SIREN")
                                .conflicts_with("admin")
                                .help(t("cli-help-admin-of")),
                        ),
                ),
        )
        .subcommand(token_command(locale))
        .subcommand(
            Command::new("territories")
                .about(t("cli-help-territories"))
                .subcommand_required(true)
                .subcommand(
                    Command::new("search").about(t("cli-help-search")).arg(
                        ClapArg::new("words")
                            .value_name("MOTS")
                            .num_args(1..)
                            .action(ArgAction::Append)
                            .help(t("cli-help-words")),
                    ),
                )
                .subcommand(Command::new("list").about(t("cli-help-list")))
                .subcommand(
                    Command::new("remove")
                        .about(t("cli-help-remove"))
                        .arg(ClapArg::new("siren").value_name("SIREN").required(true))
                        .arg(
                            ClapArg::new("yes")
                                .long("yes")
                                .action(ArgAction::SetTrue)
                                .help(t("cli-help-yes")),
                        ),
                ),
        )
        .subcommand(
            Command::new("import")
                .about(t("cli-help-import"))
                .subcommand_required(true)
                .subcommand(
                    Command::new("elus")
                        .about(t("cli-help-import-elus"))
                        .arg(
                            ClapArg::new("file")
                                .value_name("FICHIER")
                                .required(true)
                                .value_parser(clap::value_parser!(std::path::PathBuf))
                                .help(t("cli-help-import-file")),
                        )
                        .arg(
                            ClapArg::new("dry-run")
                                .long("dry-run")
                                .action(ArgAction::SetTrue)
                                .help(t("cli-help-dry-run")),
                        ),
                ),
        )
        .subcommand(file_command(locale, "backup"))
        .subcommand(file_command(locale, "restore"))
        .subcommand(seed_command(locale))
        .subcommand(
            Command::new("search")
                .about(t("cli-help-fulltext"))
                .subcommand_required(true)
                .subcommand(
                    Command::new("reindex")
                        .about(t("cli-help-fulltext-reindex"))
                        .arg(
                            ClapArg::new("queue")
                                .long("queue")
                                .action(ArgAction::SetTrue)
                                .help(t("cli-help-fulltext-queue")),
                        ),
                ),
        )
        .subcommand(feeds_command(locale));
    localize_help(tree, locale)
}

/// `seed --scale department [--force]`; the tests' tiny `test` scale is not shown.
fn seed_command(locale: Locale) -> Command {
    use clap::builder::{PossibleValue, PossibleValuesParser};
    let t = |key: &str| locale.t(key);
    Command::new("seed")
        .about(t("cli-help-seed"))
        .arg(
            ClapArg::new("scale")
                .long("scale")
                .value_name("department")
                .required(true)
                .hide_possible_values(true)
                .value_parser(PossibleValuesParser::new([
                    PossibleValue::new("department"),
                    PossibleValue::new("test").hide(true),
                ]))
                .help(t("cli-help-seed-scale")),
        )
        .arg(
            ClapArg::new("force")
                .long("force")
                .action(ArgAction::SetTrue)
                .help(t("cli-help-seed-force")),
        )
}

/// `backup FILE [--force]` and `restore FILE [--force]`, whose help texts
/// are `cli-help-NAME`, `cli-help-NAME-file` and `cli-help-NAME-force`.
fn file_command(locale: Locale, name: &'static str) -> Command {
    let t = |suffix: &str| locale.t(&format!("cli-help-{name}{suffix}"));
    Command::new(name)
        .about(t(""))
        .arg(
            ClapArg::new("file")
                .value_name("FICHIER")
                .required(true)
                .value_parser(clap::value_parser!(std::path::PathBuf))
                .help(t("-file")),
        )
        .arg(
            ClapArg::new("force")
                .long("force")
                .action(ArgAction::SetTrue)
                .help(t("-force")),
        )
}

/// `feeds inspect|add|list|remove|poll`: the feeds of the communes' sites.
fn feeds_command(locale: Locale) -> Command {
    let t = |key: &str| locale.t(key);
    Command::new("feeds")
        .about(t("cli-help-feeds"))
        .subcommand_required(true)
        .subcommand(
            Command::new("inspect")
                .about(t("cli-help-feeds-inspect"))
                .arg(
                    ClapArg::new("source")
                        .value_name("FICHIER|URL")
                        .required(true)
                        .help(t("cli-help-feeds-source")),
                )
                .arg(
                    ClapArg::new("base")
                        .long("base")
                        .value_name("URL")
                        .help(t("cli-help-feeds-base")),
                ),
        )
        .subcommand(
            Command::new("add")
                .about(t("cli-help-feeds-add"))
                .arg(
                    ClapArg::new("commune")
                        .long("commune")
                        .value_name("INSEE")
                        .required(true)
                        .help(t("cli-help-feeds-commune")),
                )
                .arg(
                    ClapArg::new("url")
                        .value_name("URL")
                        .required(true)
                        .help(t("cli-help-feeds-url")),
                ),
        )
        .subcommand(Command::new("list").about(t("cli-help-feeds-list")))
        .subcommand(
            Command::new("remove")
                .about(t("cli-help-feeds-remove"))
                .arg(
                    ClapArg::new("id")
                        .value_name("N")
                        .required(true)
                        .value_parser(clap::value_parser!(i64))
                        .help(t("cli-help-feeds-id")),
                ),
        )
        .subcommand(Command::new("poll").about(t("cli-help-feeds-poll")))
}

/// `token create|list|revoke --email E …`: a person's API access tokens.
fn token_command(locale: Locale) -> Command {
    let t = |key: &str| locale.t(key);
    let email = || {
        ClapArg::new("email")
            .long("email")
            .value_name("EMAIL")
            .required(true)
            .help(t("cli-help-email"))
    };
    Command::new("token")
        .about(t("cli-help-token"))
        .subcommand_required(true)
        .subcommand(
            Command::new("create")
                .about(t("cli-help-token-create"))
                .arg(email())
                .arg(
                    ClapArg::new("name")
                        .long("name")
                        .value_name("NOM")
                        .help(t("cli-help-token-name")),
                )
                .arg(
                    ClapArg::new("scope")
                        .long("scope")
                        .value_name("read|write")
                        .help(t("cli-help-token-scope")),
                ),
        )
        .subcommand(
            Command::new("list")
                .about(t("cli-help-token-list"))
                .arg(email()),
        )
        .subcommand(
            Command::new("revoke")
                .about(t("cli-help-token-revoke"))
                .arg(email())
                .arg(
                    ClapArg::new("id")
                        .long("id")
                        .value_name("N")
                        .required(true)
                        .value_parser(clap::value_parser!(i64))
                        .help(t("cli-help-token-id")),
                ),
        )
}

/// Help in the user's language for a command and all its subcommands:
/// headings, the help flag, the usage line.
fn localize_help(command: Command, locale: Locale) -> Command {
    let t = |key: &str| locale.t(key);
    let names: Vec<String> = command
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect();
    let mut command = command
        .disable_help_flag(true)
        .arg(
            ClapArg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(t("cli-help-help")),
        )
        .subcommand_help_heading(t("cli-help-commands"))
        .subcommand_value_name(t("cli-help-command-name"))
        .help_template(format!(
            "{{about-with-newline}}\n{} {{usage}}\n\n{{all-args}}{{after-help}}",
            t("cli-help-usage")
        ));
    let options: Vec<String> = command
        .get_arguments()
        .filter(|a| !a.is_positional())
        .map(|a| a.get_id().to_string())
        .collect();
    for id in options {
        command = command.mut_arg(id, |a| a.help_heading(t("cli-help-options")));
    }
    for name in names {
        command = command.mut_subcommand(name, |sub| localize_help(sub, locale));
    }
    command
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let locale = Locale::from_env();
    let code = run(locale, std::env::args_os());
    ExitCode::from(code)
}

/// Parses `args` and runs the command; returns the process exit code.
pub fn run(locale: Locale, args: impl IntoIterator<Item = OsString>) -> u8 {
    let matches = match command(locale).try_get_matches_from(args) {
        Ok(m) => m,
        Err(e) => return usage_error(locale, &e),
    };
    if matches.subcommand_name() != Some("serve") {
        restore_default_sigpipe();
    }
    match dispatch(locale, &matches) {
        Ok(code) => code,
        Err(failure) => {
            failure.print(locale);
            failure.exit_code
        }
    }
}

fn dispatch(locale: Locale, matches: &ArgMatches) -> Result<u8, Failure> {
    match matches.subcommand() {
        Some(("serve", m)) => {
            commands::serve::run(locale, m.get_one::<String>("bind").map(String::as_str))
        }
        Some(("init", m)) => commands::init::run(
            locale,
            m.get_one::<String>("epci")
                .map(String::as_str)
                .unwrap_or(""),
            m.get_one::<String>("commune-spaces").map(String::as_str),
        ),
        Some(("user", m)) => match m.subcommand() {
            Some(("add", a)) => commands::user::add(
                locale,
                commands::user::AddUser {
                    email: a
                        .get_one::<String>("email")
                        .map(String::as_str)
                        .unwrap_or(""),
                    name: a.get_one::<String>("name").map(String::as_str),
                    admin: a.get_flag("admin"),
                    admin_of: a.get_one::<String>("admin-of").map(String::as_str),
                },
            ),
            _ => unreachable_subcommand(),
        },
        Some(("mail", m)) => match m.subcommand() {
            Some(("bounces", b)) => {
                let files: Vec<String> = b
                    .get_many::<String>("files")
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                commands::mail::bounces(locale, &files)
            }
            Some(("inbox", b)) => {
                let files: Vec<String> = b
                    .get_many::<String>("files")
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                commands::mail::inbox(locale, &files)
            }
            _ => unreachable_subcommand(),
        },
        Some(("token", m)) => {
            fn text<'a>(sub: &'a ArgMatches, id: &str) -> Option<&'a str> {
                sub.get_one::<String>(id).map(String::as_str)
            }
            match m.subcommand() {
                Some(("create", c)) => commands::token::create(
                    locale,
                    text(c, "email").unwrap_or(""),
                    text(c, "name"),
                    text(c, "scope"),
                ),
                Some(("list", l)) => commands::token::list(locale, text(l, "email").unwrap_or("")),
                Some(("revoke", r)) => match r.get_one::<i64>("id") {
                    Some(id) => {
                        commands::token::revoke(locale, text(r, "email").unwrap_or(""), *id)
                    }
                    None => unreachable_subcommand(),
                },
                _ => unreachable_subcommand(),
            }
        }
        Some(("territories", m)) => match m.subcommand() {
            Some(("search", s)) => {
                let words: Vec<String> = s
                    .get_many::<String>("words")
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect();
                commands::territories::search(locale, &words.join(" "))
            }
            Some(("list", _)) => commands::territories::list(locale),
            Some(("remove", r)) => commands::territories::remove(
                locale,
                r.get_one::<String>("siren")
                    .map(String::as_str)
                    .unwrap_or(""),
                r.get_flag("yes"),
            ),
            _ => unreachable_subcommand(),
        },
        Some(("import", m)) => match m.subcommand() {
            Some(("elus", e)) => match e.get_one::<std::path::PathBuf>("file") {
                Some(file) => commands::import::elus(locale, file, e.get_flag("dry-run")),
                None => unreachable_subcommand(),
            },
            _ => unreachable_subcommand(),
        },
        Some(("backup", m)) => match m.get_one::<std::path::PathBuf>("file") {
            Some(file) => commands::backup::backup(locale, file, m.get_flag("force")),
            None => unreachable_subcommand(),
        },
        Some(("restore", m)) => match m.get_one::<std::path::PathBuf>("file") {
            Some(file) => commands::backup::restore(locale, file, m.get_flag("force")),
            None => unreachable_subcommand(),
        },
        Some(("seed", m)) => commands::seed::run(
            locale,
            m.get_one::<String>("scale")
                .map(String::as_str)
                .unwrap_or(""),
            m.get_flag("force"),
        ),
        Some(("search", m)) => match m.subcommand() {
            Some(("reindex", r)) => commands::search::reindex(locale, r.get_flag("queue")),
            _ => unreachable_subcommand(),
        },
        Some(("feeds", m)) => {
            let text =
                |sub: &ArgMatches, id: &str| sub.get_one::<String>(id).cloned().unwrap_or_default();
            match m.subcommand() {
                Some(("inspect", i)) => commands::feeds::inspect(
                    locale,
                    &text(i, "source"),
                    i.get_one::<String>("base").map(String::as_str),
                ),
                Some(("add", a)) => {
                    commands::feeds::add(locale, &text(a, "commune"), &text(a, "url"))
                }
                Some(("list", _)) => commands::feeds::list(locale),
                Some(("remove", r)) => match r.get_one::<i64>("id") {
                    Some(id) => commands::feeds::remove(locale, *id),
                    None => unreachable_subcommand(),
                },
                Some(("poll", _)) => commands::feeds::poll(locale),
                _ => unreachable_subcommand(),
            }
        }
        _ => unreachable_subcommand(),
    }
}

fn unreachable_subcommand() -> Result<u8, Failure> {
    // clap refuses a missing subcommand before we get here.
    Ok(2)
}

/// clap's own errors, rewritten in the user's language; help and version pass through.
fn usage_error(locale: Locale, error: &clap::Error) -> u8 {
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        print!("{error}");
        return 0;
    }
    if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        eprint!("{}", error.render());
        return 2;
    }
    let context = |kind: ContextKind| match error.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    let message = match error.kind() {
        ErrorKind::UnknownArgument => locale.t_args(
            "cli-usage-unknown-argument",
            &[("arg", Arg::from(context(ContextKind::InvalidArg)))],
        ),
        ErrorKind::InvalidSubcommand => locale.t_args(
            "cli-usage-unknown-command",
            &[("arg", Arg::from(context(ContextKind::InvalidSubcommand)))],
        ),
        ErrorKind::MissingRequiredArgument => locale.t_args(
            "cli-usage-missing",
            &[("arg", Arg::from(context(ContextKind::InvalidArg)))],
        ),
        ErrorKind::InvalidValue if context(ContextKind::InvalidValue).is_empty() => locale.t_args(
            "cli-usage-missing-value",
            &[("arg", Arg::from(context(ContextKind::InvalidArg)))],
        ),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => locale.t_args(
            "cli-usage-invalid-value",
            &[
                ("value", Arg::from(context(ContextKind::InvalidValue))),
                ("arg", Arg::from(context(ContextKind::InvalidArg))),
            ],
        ),
        _ => locale.t("cli-usage-error"),
    };
    eprintln!(
        "{}",
        locale.t_args("cli-error", &[("message", Arg::from(message))])
    );
    eprintln!("{}", locale.t("cli-usage-help"));
    2
}

/// Commands whose output is piped (`comcom territories search x | head`)
/// stop quietly when the reader goes away, as other command-line tools do,
/// instead of panicking on a write error. The server keeps Rust's default.
fn restore_default_sigpipe() {
    #[cfg(unix)]
    // SAFETY: called once at start-up, before any thread is spawned; SIG_DFL
    // is a valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
