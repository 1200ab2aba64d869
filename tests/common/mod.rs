//! What the end-to-end test files share: the binary in a clean environment.
use assert_cmd::Command;
use std::path::Path;

/// The binary with none of the §6.1 variables, CI markers or secscan's own settings from the environment
/// the tests run in, and caches in a temporary home.
pub fn secscan(home: &Path) -> Command {
    let mut c = Command::cargo_bin("secscan").expect("binary");
    for v in [
        "SECURITY_SCANNER_ENABLED",
        "SECURITY_BLOCK_ON_CRITICAL",
        "SECURITY_BLOCK_ON_HIGH",
        "SECURITY_FAIL_SCORE_THRESHOLD",
        "SECSCAN_DB",
        "SECSCAN_LOG_SINK",
        "SECSCAN_TOOL_TIMEOUT",
        "CI",
        "GITHUB_ACTIONS",
        "GITLAB_CI",
        "JENKINS_URL",
        "CIRCLECI",
    ] {
        c.env_remove(v);
    }
    c.env("HOME", home).env("XDG_CACHE_HOME", home.join("cache")).env("NO_COLOR", "1");
    c
}
