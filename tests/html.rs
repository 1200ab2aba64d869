//! The HTML report: a snapshot of the page for a hand-built report, the escaping and self-containment rules
//! (no raw markup from the repository, a script block nothing can close, no external load, a CSP whose hash
//! matches the inline script), and the parts people read: packages grouped with their upgrade, the issue table's
//! columns, the triaged count, the inventory and what was not checked. The page's behaviour in a real browser is
//! checked by tests/browser/check-html.mjs.
use secscan::model::report::Timing;
use secscan::model::{
    Comparison, Confidence, DependencyChecks, Ecosystem, Engine, FileError, Finding, FixedIssue, GateResult, IssueType,
    Package, RelaxedSetting, RemediationStats, Report, ReportSummary, Severity, Status, Suppressed, TrendPoint,
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
    dep.dev = true;
    dep.id = "3fa8093d6e".into();

    // A second advisory of the same installed minimist: one upgrade (1.2.6) fixes both.
    let mut dep2 = finding(
        (Engine::Deps, "GHSA-vh95-rmgr-6w4m", IssueType::NodeDependency, Severity::Medium),
        "minimist 1.2.5: Prototype pollution through constructor",
        ("package-lock.json", 23),
        "fp-minimist-2",
    );
    dep2.vulnerability_id = Some("GHSA-vh95-rmgr-6w4m".into());
    dep2.aliases = vec!["CVE-2020-7598".into()];
    dep2.package_name = Some("minimist".into());
    dep2.package_version = Some("1.2.5".into());
    dep2.fixed_versions = vec!["1.2.6".into(), "0.2.1".into()];
    dep2.dependency_path = vec!["mkdirp".into(), "minimist".into()];
    dep2.ecosystem = Some(Ecosystem::Npm);
    dep2.dev = true;
    dep2.references = vec!["http://example.com/advisory".into(), "ftp://example.com/advisory".into()];

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
    hostile.package_name = Some("<b>requests</b>".into());
    hostile.package_version = Some("2.0".into());
    hostile.ecosystem = Some(Ecosystem::PyPI);

    // Two advisories of the same requests that no single version fixes; the second is triaged.
    let requests = |rule: &str, severity, fix: &str, fingerprint: &str| {
        let mut f = finding(
            (Engine::Deps, rule, IssueType::PythonDependency, severity),
            &format!("requests 2.0.0: {rule}"),
            ("services/api/requirements.txt", 4),
            fingerprint,
        );
        f.vulnerability_id = Some(rule.into());
        f.package_name = Some("requests".into());
        f.package_version = Some("2.0.0".into());
        f.fixed_versions = vec![fix.into()];
        f.dependency_path = vec!["requests".into()];
        f.ecosystem = Some(Ecosystem::PyPI);
        f
    };
    let requests_leak = requests("CVE-2023-32681", Severity::Low, "2.31.0", "fp-requests-1");
    let mut requests_triaged = requests("CVE-2018-18074", Severity::Medium, "2.20.0", "fp-requests-2");
    requests_triaged.status = Status::FalsePositive;
    requests_triaged.status_reason = Some("only used against our own <internal> host".into());
    requests_triaged.status_set_by = Some("bob".into());

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
    accepted.status_reason = Some("test fixture key, rotated".into());
    accepted.status_set_by = Some("alice".into());
    accepted.status_expires_at = Some("2027-01-31T00:00:00Z".into());

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
        issues: vec![dep, dep2, hostile, code, lockfile, accepted, requests_leak, requests_triaged],
        suppressed: vec![Suppressed {
            issue: suppressed,
            ids: vec!["python-eval".into()],
            reason: "reviewed: <trusted> input".into(),
        }],
        inventory: vec![
            package("minimist", "1.2.5", Ecosystem::Npm),
            package("mkdirp", "0.5.5", Ecosystem::Npm),
            package("requests", "2.0.0", Ecosystem::PyPI),
            Package {
                requirement: Some(">=2.0".into()),
                ..Package::new(Ecosystem::PyPI, "flask", None, "requirements.txt")
            },
        ],
        errors: vec![FileError::new("deps", "<svg onload=alert(4)>/package.json", "not valid package.json: <EOF>")],
        gates: vec![
            GateResult { gate: "critical".into(), passed: false, message: "1 critical issue (limit 0)".into() },
            GateResult { gate: "score".into(), passed: false, message: "security score 61 (minimum 70)".into() },
        ],
        comparison: Some(Comparison {
            against: "report 2 of 2026-11-20T10:00:00Z".into(),
            new: vec!["fp-hostile".into(), "fp-gone-from-issues".into()],
            still_open: vec!["fp-minimist".into(), "fp-sql".into(), "fp-lock".into(), "fp-secret".into()],
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
        checks: Some(DependencyChecks { checked: 3, unpinned: 1, non_registry: 0, advisories_available: true }),
        relaxed_settings: vec![RelaxedSetting {
            key: "gates.block_on_critical".into(),
            value: "false".into(),
            message: "lets critical issues pass the gate".into(),
        }],
        excluded: vec!["vendor/<lib>.py".into(), "docs/conf.py".into()],
        ..Report::default()
    }
}

/// The page with the time and version redacted, as the snapshot holds it.
fn redacted(html: &str) -> String {
    html.replace(CREATED_AT, "[created_at]").replace(secscan::VERSION, "[version]")
}

/// The attributes of a tag (`<name a="1" b>`, without the closing `>`): names and values, quotes removed. Values
/// are read whole, so text inside a value (an escaped title that says `src=`) is not taken for an attribute.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag.trim_start_matches('<').trim_start_matches(|c: char| !c.is_whitespace());
    loop {
        rest = rest.trim_start_matches(|c: char| c.is_whitespace() || c == '/');
        if rest.is_empty() {
            return out;
        }
        let name_end = rest.find(|c: char| c == '=' || c.is_whitespace()).unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = &rest[name_end..];
        if let Some(after) = rest.strip_prefix('=') {
            let (value, tail) = match after.chars().next() {
                Some(q @ ('"' | '\'')) => {
                    let end = after[1..].find(q).map_or(after.len(), |i| i + 1);
                    (&after[1..end], after.get(end + 1..).unwrap_or(""))
                }
                _ => after.split_at(after.find(char::is_whitespace).unwrap_or(after.len())),
            };
            out.push((name, value));
            rest = tail;
        } else {
            out.push((name, ""));
        }
    }
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
    assert!(
        html.contains("&lt;svg onload=alert(4)&gt;/</span><wbr><span>package.json"),
        "escaped warning path missing"
    );
    assert!(html.contains("&lt;b&gt;requests&lt;&#x2f;b&gt;"), "escaped package name missing");
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
        for (name, value) in attributes(tag) {
            if ["src", "href", "xlink:href", "action", "srcset", "poster", "data"].contains(&name) {
                assert!(value.starts_with("data:") || value.starts_with('#'), "{name}= to somewhere else: {tag}");
            }
        }
    }
    assert!(tags > 100, "the scan saw the tags ({tags})");
    // Outside the data block (where references are text for the script to show) and the script, no URL of any
    // kind; the script names none and requests nothing (its only URL is the export's own object URL).
    let data = between(&html, r#"<script type="application/json" id="data">"#, "</script>");
    let script = between(&html, "<script>", "</script>").to_ascii_lowercase();
    let outside = lower.replace(&data.to_ascii_lowercase(), "").replace(&script, "");
    for needle in ["http://", "https://", "url(", "@import", "//cdn", "javascript:"] {
        assert!(!outside.contains(needle), "{needle} in the page outside the data block");
    }
    for needle in
        ["http://", "https://", "fetch(", "xmlhttprequest", "websocket", "eventsource", "sendbeacon", "import("]
    {
        assert!(!script.contains(needle), "{needle} in the script");
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
    // Donut: one slice per severity present among counted issues (the accepted risk and the false positive are not).
    assert_eq!(html.matches(r#"class="slice "#).count(), 5);
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

#[test]
fn dependency_findings_are_grouped_by_installed_package_with_one_upgrade() {
    let html = render_html(&report()).expect("renders");
    let groups = between(&html, r#"<table id="package-groups">"#, "</table>");
    let row = |package: &str| between(groups, &format!(r#"<tr data-package="{package}">"#), "</tr>").to_string();
    assert_eq!(groups.matches("<tr data-package=").count(), 3, "minimist, requests and the hostile package");
    // minimist: two advisories, and 1.2.6 (the first fixed version of each) fixes both.
    let minimist = row("minimist");
    assert!(minimist.contains("CVE-2021-44906") && minimist.contains("GHSA-vh95-rmgr-6w4m"), "{minimist}");
    assert!(
        minimist.contains(r#"<strong class="id">1.2.6</strong>"#) && minimist.contains("fixes all 2"),
        "{minimist}"
    );
    assert!(minimist.contains("transitive, dev") && minimist.contains("via mkdirp"), "{minimist}");
    assert!(minimist.contains("package-lock.json") && minimist.contains("<code>1.2.5</code>"), "{minimist}");
    // requests: the advisories name different versions, so no single upgrade; the triaged one says so.
    let requests = row("requests");
    assert!(requests.contains("No single version fixes all: the advisories name 2.20.0, 2.31.0"), "{requests}");
    assert!(requests.contains("fixed in 2.31.0") && requests.contains("fixed in 2.20.0"), "{requests}");
    assert!(requests.contains(r#"<span class="status">false positive</span>"#), "{requests}");
    assert!(requests.contains("direct") && !requests.contains("transitive"), "{requests}");
    // The hostile package: escaped, and no fixed version at all.
    let hostile = row("&lt;b&gt;requests&lt;&#x2f;b&gt;");
    assert!(hostile.contains("No fixed version published"), "{hostile}");
    // The most severe package first.
    assert!(groups.find(r#"data-package="minimist""#) < groups.find(r#"data-package="requests""#));
}

#[test]
fn issue_table_has_package_fix_scope_ecosystem_status_and_short_id_columns() {
    let html = render_html(&report()).expect("renders");
    let head = between(&html, r#"<table id="issues">"#, "</thead>");
    let columns: Vec<&str> = head.split(r#"data-sort=""#).skip(1).map(|s| &s[..s.find('"').unwrap()]).collect();
    assert_eq!(
        columns,
        ["severity", "title", "id", "package", "version", "fix", "scope", "ecosystem", "file", "status", "short"]
    );
    // Every sortable header is a button (focusable, Enter and Space press it).
    assert_eq!(head.matches("<th scope=\"col\" data-sort=").count(), head.matches("<button type=\"button\">").count());
    // The filters: each control has a label, and the id/package search is there.
    let filters = between(&html, r#"<div class="filters" role="search" aria-label="Filter the issues">"#, "</div>");
    for id in ["filter-search", "filter-severity", "filter-type", "filter-status", "filter-file"] {
        assert!(filters.contains(&format!(r#"<label for="{id}">"#)), "no label for {id}");
    }
    // The script reads the columns from the data: short id, triage, package fields.
    let data = between(&html, r#"<script type="application/json" id="data">"#, "</script>");
    let parsed: serde_json::Value = serde_json::from_str(data).expect("data block is JSON");
    let secret = parsed["issues"].as_array().unwrap().iter().find(|i| i["rule_id"] == "aws-access-key").unwrap();
    assert_eq!(secret["status"], "ACCEPTED_RISK");
    assert_eq!(secret["status_reason"], "test fixture key, rotated");
    assert_eq!(secret["status_set_by"], "alice");
    assert_eq!(secret["status_expires_at"], "2027-01-31T00:00:00Z");
    let minimist = parsed["issues"].as_array().unwrap().iter().find(|i| i["fingerprint"] == "fp-minimist").unwrap();
    assert_eq!(minimist["id"], "3fa8093d6e");
    assert_eq!(minimist["dev"], true);
    assert_eq!(parsed["types"]["NODE_DEPENDENCY"], "Node.js dependency");
    let script = between(&html, "<script>", "</script>");
    for part in [
        "var direct = (issue.dependency_path || []).length <= 1;",
        "(issue.dev ? ', dev' : '')",
        "issue.status_reason",
        "issue.status_set_by",
        "issue.status_expires_at",
        "idNode('code', (issue.fixed_versions || [])[0])",
        "idNode('code', issue.package_version)",
        "el('code', null, issue.id || '')",
    ] {
        assert!(script.contains(part), "the script does not show {part}");
    }
}

#[test]
fn only_http_and_https_references_become_links() {
    let html = render_html(&report()).expect("renders");
    let script = between(&html, "<script>", "</script>");
    // The strict test, then the parsed scheme, and only then an href; rel and target on every link.
    assert!(script.contains(r#"var WEB_URL = /^https?:\/\/[^\s"'<>`\\]+$/i;"#), "the strict URL test");
    let reference = between(script, "function reference(ref) {", "\n  }\n");
    let test = reference.find("WEB_URL.test(text)").expect("tests the text");
    let scheme = reference.find("url.protocol !== 'http:' && url.protocol !== 'https:'").expect("checks the scheme");
    let href = reference.find("a.href = url.href").expect("sets the href");
    assert!(test < scheme && scheme < href, "the href is set only after both checks");
    assert!(reference.contains("a.rel = 'noopener noreferrer';") && reference.contains("a.target = '_blank';"));
    assert!(reference.contains("return el('span', 'ref-text', text);"), "anything else stays text");
    // No other href is set from data: the only other one is the export's own object URL.
    assert_eq!(script.matches(".href = ").count(), 2, "{script}");
    assert!(script.contains("a.href = url;") && script.contains("URL.createObjectURL(blob)"));
    assert!(!script.contains("setAttribute('href'") && !script.contains("setAttribute(\"href\""));
}

#[test]
fn triaged_issues_are_explained_beside_the_counted_ones() {
    let html = render_html(&report()).expect("renders");
    let counts = between(&html, r#"<span id="issue-counts">"#, "</span>");
    assert_eq!(counts, "6 issues counted, 2 triaged (accepted risk / false positive)");
    // Still open includes the accepted risk: say that it is triaged, not counted.
    assert!(html
        .contains("<strong>4</strong> still open (1 of them triaged: accepted risk / false positive, not counted)."));
    // Nothing triaged: no word about it.
    let mut untriaged = report();
    untriaged.issues.retain(|f| f.status.counts());
    let html = render_html(&untriaged).expect("renders");
    assert_eq!(between(&html, r#"<span id="issue-counts">"#, "</span>"), "6 issues counted");
}

#[test]
fn inventory_section_filters_and_exports() {
    let html = render_html(&report()).expect("renders");
    let section = between(&html, r#"<section id="inventory">"#, "</section>");
    assert!(section.contains(r#"<span id="inventory-shown">4</span> of 4 packages shown"#), "{section}");
    assert!(
        section.contains(r#"<label for="inventory-search">"#)
            && section.contains(r#"<label for="inventory-ecosystem">"#)
    );
    assert!(
        section.contains(r#"<option value="PyPI">PyPI (2)</option>"#)
            && section.contains(r#"<option value="npm">npm (2)</option>"#)
    );
    assert!(section.contains(r#"<button type="button" id="inventory-export""#));
    assert!(section.contains("3 of 4 packages checked against advisories"), "the checked line: {section}");
    let data = between(&html, r#"<script type="application/json" id="data">"#, "</script>");
    let parsed: serde_json::Value = serde_json::from_str(data).expect("data block is JSON");
    let names: Vec<&str> =
        parsed["inventory"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["minimist", "mkdirp", "requests", "flask"]);
    assert_eq!(parsed["inventory"][3]["requirement"], ">=2.0");
    assert_eq!(parsed["project"], "<shop>");
    // The export is built in the page: a Blob, an object URL, an <a download>; no licences.
    let script = between(&html, "<script>", "</script>");
    assert!(script.contains("new Blob(") && script.contains("a.download = 'secscan-inventory.cdx.json';"));
    assert!(!script.contains("licenses"));
}

#[test]
fn what_was_not_checked_is_shown() {
    let html = render_html(&report()).expect("renders");
    let coverage = between(&html, r#"<section id="coverage">"#, "</section>");
    assert!(coverage
        .contains("Advisories: 3 of 4 packages checked against advisories; not checked: 1 declared by a range only."));
    assert!(coverage.contains("gates.block_on_critical") && coverage.contains("lets critical issues pass the gate"));
    assert!(coverage.contains("Files kept out of the scan (2)") && coverage.contains("&lt;lib&gt;.py"), "{coverage}");
    let note = between(&html, r#"<p class="callout" id="coverage-note">"#, "</p>");
    assert!(
        note.contains("1 setting of the repository's .secscan.toml weakens this scan.")
            && note.contains("2 tracked files were excluded.")
    );

    let mut incomplete = report();
    incomplete.incomplete = vec!["no advisory data for 4 packages".into()];
    incomplete.relaxed_settings.clear();
    incomplete.excluded.clear();
    let html = render_html(&incomplete).expect("renders");
    assert!(html.contains("Not checked: not a pass"));
    let coverage = between(&html, r#"<section id="coverage">"#, "</section>");
    assert!(coverage.contains("<li>no advisory data for 4 packages</li>"), "{coverage}");
    assert!(!html.contains(r#"id="coverage-note""#) && !coverage.contains("id=\"coverage-none\""));

    let empty = render_html(&Report::default()).expect("renders");
    assert!(empty.contains(r#"id="coverage-none""#));
}

#[test]
fn trend_labels_tell_reports_of_one_day_apart() {
    let labels = |html: &str| -> Vec<String> {
        html.split(r#"<text class="axis-label""#).skip(1).map(|s| between(s, ">", "</text>").to_string()).collect()
    };
    let html = render_html(&report()).expect("renders");
    assert_eq!(labels(&html), ["2026-11-13", "2026-11-20", "2026-11-27"]);
    let mut one_day = report();
    for (p, at) in one_day.trend.iter_mut().zip(["2026-11-27T08:00:00Z", "2026-11-27T09:30:00Z", CREATED_AT]) {
        p.created_at = at.into();
    }
    let html = render_html(&one_day).expect("renders");
    assert_eq!(labels(&html), ["08:00", "09:30", "10:00"]);
    assert!(html.contains("Axis: reports of 2026-11-27, times in UTC."));
}

#[test]
fn charts_fit_their_cards_and_ids_keep_together() {
    let html = render_html(&report()).expect("renders");
    // The type chart has no fixed width: its bars are percentages of the card.
    let chart = between(&html, r#"<svg id="type-chart""#, ">");
    assert!(chart.contains(r#"width="100%""#) && !chart.contains("viewBox"), "{chart}");
    assert!(html.contains(r#"width="85%""#), "the longest bar");
    // Ids, versions and package names never wrap; paths wrap only after a slash; print shows everything.
    assert!(html.contains(".id, .nowrap, code { white-space: nowrap; }"));
    assert!(html.contains("<span>services/</span><wbr><span>api/</span><wbr><span>requirements.txt</span>"));
    let print = between(&html, "@media print {", "\n}\n");
    assert!(print.contains("nav, .filters, noscript, .no-print { display: none !important; }"), "{print}");
    assert!(print.contains("thead { display: table-header-group; }") && print.contains("break-inside: avoid"));
}
