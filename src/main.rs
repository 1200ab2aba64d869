//! The binary: parse the command line, call the library's command, map the outcome to an exit code
//! (0 passed, 1 a gate failed, 2 usage, configuration or fatal error, or a scan that could not check
//! what it should have).
use clap::Parser;
use secscan::cli::{Cli, Command, DbCommand, IssuesCommand, ReportCommand, RulesCommand, RunArgs, SecretsCommand};
use secscan::commands::{self, run::RunOptions, Terminal, EXIT_ERROR};
use secscan::config::{Config, Flags, ProcessEnv};
use secscan::report::text::terminal;
use std::process::ExitCode;

/// mimalloc: the scan allocates many small short-lived values on every worker thread (syntax trees, IR,
/// abstract values): the code engine on django ran 17 % faster than with the system allocator.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    // `secscan rules list | head` closes the pipe early: end quietly like other command-line tools
    // instead of panicking on the next write (Rust ignores SIGPIPE by default)
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of one signal before any thread starts
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let term = Terminal::detect(cli.color, cli.quiet, cli.verbose, &ProcessEnv);
    match dispatch(cli.command, &term) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            // an error message can quote the scanned repository (a bad key of its configuration)
            eprintln!("error: {}", terminal(&e.to_string()));
            ExitCode::from(EXIT_ERROR)
        }
    }
}

fn dispatch(command: Command, term: &Terminal) -> secscan::error::Result<u8> {
    let env = &ProcessEnv;
    match command {
        Command::Run(args) => run(*args, term, env),
        Command::Import(args) => {
            let mut run_args = args.run;
            // the given report first, then any more of --import
            run_args.imports.insert(0, format!("{}:{}", args.file.display(), args.from));
            // a report of its own, unless engines were asked for too
            run_args.engines.get_or_insert_with(|| vec!["none".to_string()]);
            run(run_args, term, env)
        }
        Command::Db(DbCommand::Import { src, advisory }) => commands::db::import(&src, &advisory, term, env),
        Command::Db(DbCommand::Update { advisory, ecosystems }) => {
            commands::db::update(&advisory, &ecosystems, term, env)
        }
        Command::Db(DbCommand::Status { advisory }) => commands::db::status(&advisory, env),
        Command::Report(ReportCommand::List { history, limit, offset }) => {
            commands::history::report_list(&history, limit, offset, term, env)
        }
        Command::Report(ReportCommand::Show { id, output }) => commands::history::report_show(id, &output, term, env),
        Command::Report(ReportCommand::Latest { output }) => commands::history::report_latest(&output, term, env),
        Command::Report(ReportCommand::Prune { older_than, dry_run, history }) => {
            commands::history::report_prune(&history, &older_than, dry_run, env)
        }
        Command::Issues(IssuesCommand::List { history, filter, json, limit, offset }) => {
            commands::history::issues_list(&history, &filter, json, limit, offset, term, env)
        }
        Command::Issues(IssuesCommand::SetStatus { args, reason, expires, by, history, filter }) => {
            commands::history::issues_set_status(&args, reason, expires, by, &history.into(), &filter, env)
        }
        Command::Score(args) => commands::history::score(&args.history, args.trend, term, env),
        Command::Rules(RulesCommand::List { language, owasp, json, source }) => {
            commands::rules::list(&source.dirs, language.as_deref(), owasp.as_deref(), json, term)
        }
        Command::Rules(RulesCommand::Show { id, source }) => commands::rules::show(&source.dirs, &id, term),
        Command::Secrets(SecretsCommand::Baseline { file, path, git_history, config, exclude }) => {
            let flags = Flags { config, exclude, git_history, ..Flags::default() };
            commands::secrets::baseline(&path, &file, &flags, term, env)
        }
    }
}

fn run(args: RunArgs, term: &Terminal, env: &ProcessEnv) -> secscan::error::Result<u8> {
    let flags = Flags {
        config: args.config,
        ignore_repo_config: args.ignore_repo_config,
        engines: args.engines,
        exclude: args.exclude,
        formats: args.format,
        out_dir: args.out_dir,
        fail_on: args.fail_on,
        min_score: args.min_score,
        strict: args.strict,
        allow_no_advisories: args.allow_no_advisories,
        no_dev: args.no_dev,
        offline: args.offline,
        advisory_db: args.advisory_db,
        baseline: args.baseline,
        db: args.db,
        no_history: args.no_history,
        new_only: args.new_only,
        jobs: args.jobs,
        rules: args.rules,
        git_history: args.git_history,
        since: args.since,
        imports: args.imports,
    };
    let cfg = Config::load(&args.path, &flags, env)?;
    if let Some(sink) = args.log_sink.as_deref() {
        secscan::commands::loki::push_url(sink).map_err(|m| secscan::error::Error::config("--log-sink", m))?;
    }
    let opts = RunOptions { output: args.output, show_triaged: args.show_triaged, log_sink: args.log_sink };
    commands::run::run(&cfg, &opts, term, env)
}
