//! `--log-sink loki://host:port` (or `SECSCAN_LOG_SINK`): the scan's errors, warnings and a summary pushed
//! to Loki's push API as structured lines (labels: tool, project, branch, level), in one batch, with a
//! short timeout. Loki being down or refusing is a warning on the terminal, never a failed scan.
//!
//! Only the command line or the environment set the sink: a scanned repository's own settings file must
//! not be able to send scan data to a host of its choosing.
use crate::model::Report;
use crate::store::ScanMeta;
use serde_json::json;
use std::time::Duration;

/// At most this many lines per push (the rest is summarised in one line).
const MAX_LINES: usize = 1000;

/// The push URL of a sink: `loki://host:port` is plain HTTP, `loki+https://host` HTTPS; `http(s)://` URLs
/// are taken as the Loki base.
pub fn push_url(sink: &str) -> Result<String, String> {
    let (scheme, rest) = if let Some(r) = sink.strip_prefix("loki+https://") {
        ("https", r)
    } else if let Some(r) = sink.strip_prefix("loki://") {
        ("http", r)
    } else if let Some(r) = sink.strip_prefix("https://") {
        ("https", r)
    } else if let Some(r) = sink.strip_prefix("http://") {
        ("http", r)
    } else {
        return Err(format!("{sink}: expected loki://host:port (or loki+https://host)"));
    };
    let host = rest.trim_end_matches('/');
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(format!("{sink}: no host"));
    }
    // host[:port] only: credentials in the URL would be printed in CI logs with every warning about the
    // sink, and a path or query would change where the push goes
    if host.contains(['@', '/', '?', '#']) {
        return Err("expected loki://host:port (no credentials, path or query in the URL)".into());
    }
    Ok(format!("{scheme}://{host}/loki/api/v1/push"))
}

fn bounded(s: &str, max: usize) -> String {
    crate::report::text::truncate(s, max)
}

/// The push body: one stream per level, each line a JSON object. `exit_code` is the run's: the summary
/// says "passed" only when the run exits 0 (so `--strict` and an incomplete scan are not passes).
pub(crate) fn body(report: &Report, meta: &ScanMeta, now_ns: u128, exit_code: i32) -> serde_json::Value {
    let project = bounded(
        meta.project_name.as_deref().unwrap_or_else(|| report.root.rsplit('/').next().unwrap_or(&report.root)),
        200,
    );
    let branch = bounded(meta.branch.as_deref().unwrap_or(""), 200);
    let labels = |level: &str| json!({ "tool": "secscan", "project": project, "branch": branch, "level": level });
    let ts = |i: usize| (now_ns + i as u128).to_string();
    let mut streams = Vec::new();
    let errors: Vec<serde_json::Value> = report
        .incomplete
        .iter()
        .take(MAX_LINES)
        .enumerate()
        .map(|(i, reason)| {
            json!([ts(i), json!({ "msg": "scan incomplete", "reason": bounded(reason, 2000) }).to_string()])
        })
        .collect();
    if !errors.is_empty() {
        streams.push(json!({ "stream": labels("error"), "values": errors }));
    }
    let mut warnings: Vec<serde_json::Value> = report
        .errors
        .iter()
        .take(MAX_LINES)
        .enumerate()
        .map(|(i, e)| {
            let line = json!({
                "msg": "warning",
                "engine": bounded(&e.engine, 50),
                "file": bounded(&e.file_path, 500),
                "line": e.line_number,
                "message": bounded(&e.message, 2000),
            });
            json!([ts(i), line.to_string()])
        })
        .collect();
    if report.errors.len() > MAX_LINES {
        let more = json!({ "msg": "more warnings not sent", "count": report.errors.len() - MAX_LINES });
        warnings.push(json!([ts(MAX_LINES), more.to_string()]));
    }
    if !warnings.is_empty() {
        streams.push(json!({ "stream": labels("warning"), "values": warnings }));
    }
    let s = &report.summary;
    let summary = json!({
        "msg": "scan finished",
        "passed": exit_code == 0,
        "exit_code": exit_code,
        "security_score": s.security_score,
        "issues": s.total_issues,
        "critical": s.critical_issues,
        "high": s.high_issues,
        "medium": s.medium_issues,
        "low": s.low_issues,
        "warnings": report.errors.len(),
        "commit": meta.commit_sha.as_deref().map(|c| bounded(c, 64)),
        "tool_version": report.tool_version,
    });
    streams.push(json!({ "stream": labels("info"), "values": [[ts(0), summary.to_string()]] }));
    json!({ "streams": streams })
}

/// Push; the problem, if any, for a warning.
pub(crate) fn push(sink: &str, report: &Report, meta: &ScanMeta, exit_code: i32) -> Result<(), String> {
    let url = push_url(sink)?;
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
    let client = reqwest::blocking::Client::builder()
        .timeout(Duration::from_secs(5))
        .connect_timeout(Duration::from_secs(3))
        .build()
        .map_err(|e| e.to_string())?;
    let response = client.post(&url).json(&body(report, meta, now, exit_code)).send().map_err(|e| {
        // the URL is ours; reqwest's message may repeat it
        format!("cannot reach {url}: {}", e.without_url())
    })?;
    if !response.status().is_success() {
        return Err(format!("{url} answered {}", response.status()));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sink_urls() {
        assert_eq!(push_url("loki://127.0.0.1:3100").as_deref(), Ok("http://127.0.0.1:3100/loki/api/v1/push"));
        assert_eq!(push_url("loki+https://logs.example/").as_deref(), Ok("https://logs.example/loki/api/v1/push"));
        assert!(push_url("ftp://x").is_err());
        assert!(push_url("loki://").is_err());
        let err = push_url("loki://user:s3cret@logs.example:3100").expect_err("credentials");
        assert!(!err.contains("s3cret"), "{err}");
        assert!(push_url("loki://logs.example/x?y").is_err());
    }
}
