//! The HTML report: a snapshot of the page for a hand-built report, and the escaping and self-containment rules
//! (no raw markup from the repository, a script block nothing can close, no external load, a CSP whose hash
//! matches the inline script). The page's behaviour in a real browser is checked by tests/browser/check-html.mjs.
use secscan::model::report::Timing;
use secscan::model::{
    Comparison, Confidence, Ecosystem, Engine, FileError, Finding, FixedIssue, GateResult, IssueType, Package,
    RemediationStats, Report, ReportSummary, Severity, Status, Suppressed, TrendPoint,
};
use secscan::report::by_name;
use secscan::report::html::{csp_hash, render_html};

const HOSTILE_TITLE: &str = "</script><img src=x onerror=alert(1)>";
const HOSTILE_PATH: &str = "<img src=x onerror=alert(1)>.py";
const CREATED_AT: &str = "2026-11-27T10:00:00Z";

/// A finding at `path:line` with the given fingerprint (`"fp-name"`).
fn finding(
    (engine, rule, t, s): (Engine, &str, IssueType, Severity),
    title: &str,
    (path, line): (&str, u32),
    fingerprint: &str,
) -> Finding {
    let mut f = Finding::new(engine, rule, t, s, title.to_string());
    f.file_path = Some(path.to_string());
    f.line_number = Some(line);
    f.fingerprint = fingerprint.to_string();
    f
}

fn package(name: &str, version: &str, eco: Ecosystem) -> Package {
    Package::new(eco, name, Some(version.into()), "package-lock.json").at_line(Some(3))
}

/// A report with every section filled, and markup where a hostile repository or advisory could put it.
fn report() -> Report {
    let mut dep = finding(
        (Engine::Deps, "CVE-2021-44906", IssueType::NodeDependency, Severity::Critical),
        "minimist 1.2.5: Prototype pollution in minimist",
        ("package-lock.json", 23),
        "fp-minimist",
    );
    dep.description = "minimist before 1.2.6 lets `--__proto__.x=y` set properties on Object.prototype.".into();
    dep.remediation = "Upgrade minimist to 1.2.6 or later.".into();
    dep.vulnerability_id = Some("CVE-2021-44906".into());
    dep.aliases = vec!["GHSA-xvch-5gv4-984h".into()];
    dep.package_name = Some("minimist".into());
    dep.package_version = Some("1.2.5".into());
    dep.fixed_versions = vec!["1.2.6".into()];
    dep.dependency_path = vec!["mkdirp".into(), "minimist".into()];
    dep.ecosystem = Some(Ecosystem::Npm);
    dep.cvss_score = Some(9.8);
    dep.owasp = vec!["A06:2021".into()];
    dep.cwe = vec!["CWE-1321".into()];
    dep.references = vec!["https://nvd.nist.gov/vuln/detail/CVE-2021-44906".into(), "javascript:alert(1)".into()];

    let mut hostile = finding(
        (Engine::Deps, "SECSCAN-XSS-1", IssueType::PythonDependency, Severity::High),
        HOSTILE_TITLE,
        (HOSTILE_PATH, 1),
        "fp-hostile",
    );
    hostile.description = "<script>alert(2)</script> & \u{2028} \"quoted\" 'single' <!-- comment".into();
    hostile.snippet = Some("requests==2.0 # <b>bold</b>".into());
    hostile.owasp = vec!["A06:2021".into()];
    hostile.aliases = vec!["CVE-\"><svg onload=alert(3)>".into()];

    let mut code = finding(
        (Engine::Code, "python-sql-injection", IssueType::OwaspInjection, Severity::High),
        "SQL built from a request parameter",
        ("app/db.py", 42),
        "fp-sql",
    );
    code.owasp = vec!["A03:2021".into()];
    code.snippet = Some("cursor.execute(\"SELECT * FROM t WHERE id=\" + request.args[\"id\"])".into());
    code.status = Status::InProgress;

    let mut lockfile = finding(
        (Engine::Deps, "deps-no-lockfile", IssueType::BestPracticeConfiguration, Severity::Info),
        "No lockfile: versions are not reproducible",
        ("services/api/requirements.txt", 1),
        "fp-lock",
    );
    lockfile.owasp = vec!["A08:2021".into()];

    let mut accepted = finding(
        (Engine::Secrets, "aws-access-key", IssueType::BestPracticeSecrets, Severity::Medium),
        "AWS access key",
        ("config/settings.py", 7),
        "fp-secret",
    );
    accepted.status = Status::AcceptedRisk;
    accepted.confidence = Confidence::Medium;
    accepted.snippet = Some("AKIA****************".into());

    let suppressed = finding(
        (Engine::Code, "python-eval", IssueType::OwaspInjection, Severity::Low),
        "eval of <user> input",
        ("tools/<x>.py", 3),
        "fp-eval",
    );

    Report {
        summary: ReportSummary {
            security_score: 61,
            total_issues: 4,
            critical_issues: 1,
            high_issues: 2,
            info_issues: 1,
            created_at: CREATED_AT.into(),
            ..ReportSummary::default()
        },
        root: "/repos/<shop>".into(),
        tool_version: secscan::VERSION.into(),
        issues: vec![dep, hostile, code, lockfile, accepted],
        suppressed: vec![Suppressed {
            issue: suppressed,
            ids: vec!["python-eval".into()],
            reason: "reviewed: <trusted> input".into(),
        }],
        inventory: vec![
            package("minimist", "1.2.5", Ecosystem::Npm),
            package("mkdirp", "0.5.5", Ecosystem::Npm),
            package("requests", "2.0.0", Ecosystem::PyPI),
        ],
        errors: vec![FileError::new("deps", "<svg onload=alert(4)>/package.json", "not valid package.json: <EOF>")],
        gates: vec![
            GateResult { gate: "critical".into(), passed: false, message: "1 critical issue (limit 0)".into() },
            GateResult { gate: "score".into(), passed: false, message: "security score 61 (minimum 70)".into() },
        ],
        comparison: Some(Comparison {
            against: "report 2 of 2026-11-20T10:00:00Z".into(),
            new: vec!["fp-hostile".into(), "fp-gone-from-issues".into()],
            still_open: vec!["fp-minimist".into(), "fp-sql".into(), "fp-lock".into()],
            fixed: vec![
                FixedIssue {
                    fingerprint: "fp-old".into(),
                    rule_id: "CVE-2020-0001".into(),
                    title: "lodash 4.17.15: <b>prototype</b> pollution".into(),
                    severity: Severity::High,
                    file_path: Some("package-lock.json".into()),
                    first_seen_at: Some("2026-11-01T08:00:00Z".into()),
                    resolved_at: Some(CREATED_AT.into()),
                },
                FixedIssue {
                    fingerprint: "fp-older".into(),
                    rule_id: "python-debug".into(),
                    title: "DEBUG = True".into(),
                    severity: Severity::Low,
                    file_path: None,
                    first_seen_at: None,
                    resolved_at: Some(CREATED_AT.into()),
                },
            ],
            gates_on_new_only: false,
        }),
        trend: vec![
            TrendPoint {
                report_id: 1,
                created_at: "2026-11-13T10:00:00Z".into(),
                security_score: 45,
                ..Default::default()
            },
            TrendPoint {
                report_id: 2,
                created_at: "2026-11-20T10:00:00Z".into(),
                security_score: 52,
                ..Default::default()
            },
            TrendPoint { report_id: 3, created_at: CREATED_AT.into(), security_score: 61, ..Default::default() },
        ],
        remediation: Some(RemediationStats { open_issues: 4, resolved_issues: 2, mttr_hours: Some(74.5) }),
        report_id: Some(3),
        timings: vec![Timing { stage: "deps".into(), millis: 12 }, Timing { stage: "total".into(), millis: 30 }],
        files_scanned: 9,
        ..Report::default()
    }
}

/// The page with the time and version redacted, as the snapshot holds it.
fn redacted(html: &str) -> String {
    html.replace(CREATED_AT, "[created_at]").replace(secscan::VERSION, "[version]")
}

/// The text between `start` (exclusive) and the next `end`.
fn between<'a>(text: &'a str, start: &str, end: &str) -> &'a str {
    let from = text.find(start).unwrap_or_else(|| panic!("no {start}")) + start.len();
    let len = text[from..].find(end).unwrap_or_else(|| panic!("no {end} after {start}"));
    &text[from..from + len]
}

#[test]
fn html_report_snapshot() {
    let html = render_html(&report()).expect("renders");
    insta::assert_snapshot!("html_report", redacted(&html));
}

#[test]
fn html_is_registered_and_written_as_one_file() {
    let reporter = by_name("html").expect("html reporter registered");
    let out = reporter.render(&report()).expect("renders");
    assert_eq!(out.len(), 1);
    assert_eq!(out[0].file_name, Some("secscan-report.html"));
    assert!(secscan::config::formats().contains(&reporter.name()));
}

#[test]
fn repository_strings_appear_only_escaped() {
    let html = render_html(&report()).expect("renders");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<img"), "raw <img in the page");
    assert!(!lower.contains("<svg onload"), "raw <svg onload in the page");
    assert!(!lower.contains("<b>"), "raw <b> in the page");
    assert!(!html.contains("<user>") && !html.contains("<shop>") && !html.contains("<trusted>"));
    // Exactly our two script elements: the data block and the page's script; nothing else closes one.
    assert_eq!(lower.matches("<script").count(), 2);
    assert_eq!(lower.matches("</script").count(), 2);
    // Escaped where the template prints the strings (top issues, changes, suppressed, warnings)…
    assert!(html.contains("&lt;&#x2f;script&gt;&lt;img src=x onerror=alert(1)&gt;"), "escaped title missing");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.py"), "escaped path missing");
    assert!(html.contains("&lt;svg onload=alert(4)&gt;&#x2f;package.json"), "escaped warning path missing");
    // …and in the JSON the script reads.
    let data = between(&html, r#"<script type="application/json" id="data">"#, "</script>");
    for c in ['<', '>', '&', '\u{2028}', '\u{2029}'] {
        assert!(!data.contains(c), "{c:?} unescaped in the data block");
    }
    assert!(data.contains(r"\u003c/script\u003e\u003cimg src=x onerror=alert(1)\u003e"));
    let parsed: serde_json::Value = serde_json::from_str(data).expect("data block is JSON");
    let titles: Vec<&str> = parsed["issues"].as_array().unwrap().iter().map(|i| i["title"].as_str().unwrap()).collect();
    assert!(titles.contains(&HOSTILE_TITLE), "the data round-trips: {titles:?}");
    let paths: Vec<&str> =
        parsed["issues"].as_array().unwrap().iter().filter_map(|i| i["file_path"].as_str()).collect();
    assert!(paths.contains(&HOSTILE_PATH));
}

#[test]
fn page_loads_nothing_from_elsewhere() {
    let html = render_html(&report()).expect("renders");
    let lower = html.to_ascii_lowercase();
    // Every src= / href= of every tag is a data: URL (the empty favicon that stops a favicon request) or a
    // fragment. Tags are what starts with `<` and a letter: escaped text has no raw `<`.
    let mut tags = 0;
    for (at, _) in lower.match_indices('<') {
        if !lower[at + 1..].starts_with(|c: char| c.is_ascii_alphabetic()) {
            continue;
        }
        tags += 1;
        let tag = &lower[at..at + lower[at..].find('>').expect("tag closes")];
        for attr in [" src=", " href=", " xlink:href=", " action=", " srcset=", " poster=", " data="] {
            if let Some(i) = tag.find(attr) {
                let value = tag[i + attr.len()..].trim_start_matches(['"', '\'']);
                assert!(value.starts_with("data:") || value.starts_with('#'), "{attr} to somewhere else: {tag}");
            }
        }
    }
    assert!(tags > 100, "the scan saw the tags ({tags})");
    // Outside the data block (where references are text for the script to show), no URL of any kind.
    let data = between(&html, r#"<script type="application/json" id="data">"#, "</script>");
    let outside = lower.replace(&data.to_ascii_lowercase(), "");
    for needle in ["http://", "https://", "url(", "@import", "//cdn", "javascript:"] {
        assert!(!outside.contains(needle), "{needle} in the page outside the data block");
    }
}

#[test]
fn csp_forbids_loads_and_allows_exactly_the_inline_script() {
    let html = render_html(&report()).expect("renders");
    let csp = between(&html, r#"<meta http-equiv="Content-Security-Policy" content=""#, "\"");
    assert!(csp.starts_with("default-src 'none';"), "{csp}");
    assert!(csp.contains("img-src data:"), "{csp}");
    let script_src = csp.split(';').map(str::trim).find(|d| d.starts_with("script-src ")).expect("script-src");
    assert!(!script_src.contains("unsafe") && !script_src.contains('*'), "{csp}");
    let script = between(&html, "<script>", "</script>");
    assert!(script.contains("JSON.parse(document.getElementById('data').textContent)"));
    assert!(!script.contains("innerHTML") && !script.contains("insertAdjacentHTML") && !script.contains("eval("));
    assert_eq!(script_src, format!("script-src {}", csp_hash(script)), "the CSP does not allow the page's script");
}

#[test]
fn sections_follow_the_report() {
    let html = render_html(&report()).expect("renders");
    // Trend of three points: a chart with three points.
    assert!(html.contains(r#"id="trend-chart""#));
    assert_eq!(html.matches(r#"class="trend-point""#).count(), 3);
    // Donut: one slice per severity present among counted issues (critical, high, info; the accepted risk is not counted).
    assert_eq!(html.matches(r#"class="slice "#).count(), 3);
    // Types: one bar per type present among counted issues.
    assert_eq!(html.matches(r#"class="bar""#).count(), 4);
    // Time to remediation of the fixed issue: 2026-11-01T08:00 → 2026-11-27T10:00.
    assert!(html.contains("26 d 2 h"), "time to remediation");
    assert!(html.contains("mean time to remediation 3 d 2 h"));
    // OWASP: A03 from the code finding's tag, A06 and A08 from the static map.
    let row = |id: &str| between(&html, &format!(r#"<tr data-owasp="{id}">"#), "</tr>").to_string();
    assert!(row("A03").contains("python-sql-injection") && row("A03").ends_with(r#"<td class="num">1</td>"#));
    assert!(row("A06").contains("dependency advisories (OSV)") && row("A06").ends_with(r#"<td class="num">2</td>"#));
    assert!(row("A08").contains("deps-no-lockfile") && row("A08").ends_with(r#"<td class="num">1</td>"#));
    assert!(row("A01").contains("not covered yet"));

    // Without history and comparison: notes instead.
    let mut bare = report();
    bare.trend.truncate(1);
    bare.comparison = None;
    bare.remediation = None;
    let html = render_html(&bare).expect("renders");
    assert!(html.contains(r#"id="trend-note""#) && !html.contains(r#"id="trend-chart""#));
    assert!(html.contains("There is no previous report to compare with"));

    // An empty report renders too.
    let empty = render_html(&Report::default()).expect("renders");
    assert!(empty.contains("No critical or high issue."));
    assert_eq!(empty.matches(r#"class="slice "#).count(), 0);
}
