//! Progress on standard error, only when it is a terminal and not in CI: machine output on standard
//! output is never mixed with it.
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::time::Duration;

/// A spinner for a long step; hidden (a no-op) when not interactive or when `quiet`.
pub(crate) fn spinner(message: &str, quiet: bool) -> ProgressBar {
    let interactive =
        std::io::stderr().is_terminal() && std::env::var_os("CI").is_none_or(|v| v.is_empty() || v == "false");
    if quiet || !interactive {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new_spinner();
    if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
        bar.set_style(style);
    }
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}
