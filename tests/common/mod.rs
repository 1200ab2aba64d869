//! What the end-to-end test files share: the binary in a clean environment, and reading one HTTP
//! request in the local test servers.
use assert_cmd::Command;
use std::io::{BufRead, BufReader, Read};
use std::net::TcpStream;
use std::path::Path;

/// The binary with none of the §6.1 variables (scanner switches, gates, external tools), advisory
/// sources, CI markers or secscan's own settings from the environment the tests run in, and caches in a
/// temporary home.
pub fn secscan(home: &Path) -> Command {
    let mut c = Command::cargo_bin("secscan").expect("binary");
    for v in [
        "SECURITY_SCANNER_ENABLED",
        "SECURITY_BLOCK_ON_CRITICAL",
        "SECURITY_BLOCK_ON_HIGH",
        "SECURITY_FAIL_SCORE_THRESHOLD",
        "OSV_API_ENABLED",
        "OSV_API_URL",
        "OSV_DOWNLOAD_URL",
        "SECSCAN_ADVISORY_DB",
        "SECSCAN_DB",
        "SECSCAN_LOG_SINK",
        "SECSCAN_TOOL_TIMEOUT",
        "SECSCAN_IGNORE_REPO_CONFIG",
        "CI",
        "GITHUB_ACTIONS",
        "GITHUB_REPOSITORY",
        "GITLAB_CI",
        "JENKINS_URL",
        "CIRCLECI",
        "SNYK_TOKEN",
        "SAFETY_API_KEY",
    ] {
        c.env_remove(v);
    }
    for v in secscan::config::TOOL_VARIABLES {
        c.env_remove(v);
    }
    c.env("HOME", home).env("XDG_CACHE_HOME", home.join("cache")).env("NO_COLOR", "1");
    c
}

/// One HTTP/1.1 request read from a test server's connection: (method, path, body).
#[allow(dead_code)]
pub fn read_request(stream: &TcpStream) -> Option<(String, String, String)> {
    let mut reader = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_string(), parts.next().unwrap_or("").to_string());
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
            break;
        }
        if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
            len = v.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; len];
    let _ = reader.read_exact(&mut body);
    Some((method, path, String::from_utf8_lossy(&body).into_owned()))
}
