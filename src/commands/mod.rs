//! The library side of every subcommand: settings from one [`Config`](crate::config::Config), what goes to
//! standard output and standard error, and the exit code. `main.rs` only parses the arguments and calls
//! these.
pub mod db;
pub mod history;
pub mod loki;
pub mod rules;
pub mod run;
pub mod secrets;

use crate::cli::ColorChoice;
use crate::config::Env;
use std::io::IsTerminal;

/// Scan done, gates passed.
pub const EXIT_PASSED: u8 = 0;
/// A gate failed.
pub const EXIT_GATE_FAILED: u8 = 1;
/// Usage, configuration or fatal error, or a scan that could not check what it should have.
pub const EXIT_ERROR: u8 = 2;

/// How output for people looks, decided once per command from the flags and the environment.
#[derive(Debug, Clone)]
pub struct Terminal {
    /// Colour on standard output / standard error.
    pub color_out: bool,
    pub color_err: bool,
    /// Columns: `COLUMNS`, else the terminal's width, else 100.
    pub width: usize,
    pub quiet: bool,
    pub verbose: bool,
}

impl Terminal {
    /// `--color auto` colours a stream that is a terminal, unless `NO_COLOR` is set (to anything) or
    /// `TERM=dumb`.
    pub fn detect(choice: ColorChoice, quiet: bool, verbose: bool, env: &dyn Env) -> Terminal {
        let no_color = env.get("NO_COLOR").is_some() || env.get("TERM").as_deref() == Some("dumb");
        let pick = |is_tty: bool| match choice {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_tty && !no_color,
        };
        let width = env
            .get("COLUMNS")
            .and_then(|c| c.trim().parse::<usize>().ok())
            .filter(|w| *w >= 20)
            .or_else(|| terminal_size::terminal_size().map(|(w, _)| usize::from(w.0)))
            .unwrap_or(100);
        Terminal {
            color_out: pick(std::io::stdout().is_terminal()),
            color_err: pick(std::io::stderr().is_terminal()),
            width,
            quiet,
            verbose,
        }
    }

    /// A plain terminal (tests, piped output).
    pub fn plain() -> Terminal {
        Terminal { color_out: false, color_err: false, width: 100, quiet: false, verbose: false }
    }
}

/// Who is setting a status, from the environment: the CI user, else the login name.
pub fn user_from_env(env: &dyn Env) -> Option<String> {
    ["GITHUB_ACTOR", "GITLAB_USER_LOGIN", "BUILD_USER_ID", "CIRCLE_USERNAME", "USER", "USERNAME"]
        .iter()
        .find_map(|k| env.get(k))
        .map(|u| u.trim().chars().take(100).collect())
}
