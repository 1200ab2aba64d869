//! The SARIF, JUnit and GitLab reporters on a hand-built report with a realistic mix of findings:
//! insta snapshots (times and the tool version redacted), structural checks that fail loudly, and
//! validation against the official schemas in ../shared/schemas when that folder is present.
//!
//! `SECSCAN_ARTIFACTS_DIR=DIR cargo test --test reporters` also writes every artifact into DIR, so that
//! `../shared/tools/validate-artifact.py` can check them (.ci/run does).
use secscan::model::report::Timing;
use secscan::model::{
    Confidence, Ecosystem, Engine, FileError, Finding, GateResult, IssueType, Package, Report, ReportSummary, Severity,
    Status,
};
use secscan::report::{by_name, gitlab, junit, sarif};
use serde_json::Value;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

// ───────────────────────────── the report ─────────────────────────────

#[allow(clippy::too_many_arguments)]
fn package(
    eco: Ecosystem,
    name: &str,
    version: Option<&str>,
    file: &str,
    line: u32,
    direct: bool,
    dev: bool,
    path: &[&str],
) -> Package {
    let mut p = Package::new(eco, name, version.map(str::to_string), file).at_line(Some(line));
    p.direct = direct;
    p.dev = dev;
    p.dependency_path = path.iter().map(|s| s.to_string()).collect();
    p
}

#[allow(clippy::too_many_arguments)]
fn dependency(
    id: &str,
    severity: Severity,
    eco: Ecosystem,
    name: &str,
    version: &str,
    file: &str,
    line: u32,
    summary: &str,
) -> Finding {
    let mut f =
        Finding::new(Engine::Deps, id, IssueType::dependency(eco), severity, format!("{name} {version}: {summary}"));
    f.vulnerability_id = Some(id.to_string());
    f.package_name = Some(name.to_string());
    f.package_version = Some(version.to_string());
    f.ecosystem = Some(eco);
    f.file_path = Some(file.to_string());
    f.line_number = Some(line);
    f.owasp = vec!["A06:2021".into()];
    f.fingerprint = secscan::postprocess::fingerprint::hash(&["deps", eco.as_str(), name, id, file]);
    f
}

/// A scan of a small shop: npm and PyPI dependencies, a SQL injection, a committed AWS key, a
/// Django DEBUG setting marked accepted-risk, and a finding on a file whose name and title carry
/// characters that need escaping in every format; with the short ids the pipeline gives every issue.
fn sample_report() -> Report {
    let mut r = sample_report_without_ids();
    for f in r.issues.iter_mut() {
        f.id = secscan::postprocess::fingerprint::short_id(&f.fingerprint);
    }
    r
}

fn sample_report_without_ids() -> Report {
    let mut issues = Vec::new();

    let mut lodash = dependency(
        "GHSA-jf85-cpcp-j695",
        Severity::Critical,
        Ecosystem::Npm,
        "lodash",
        "4.17.11",
        "package-lock.json",
        12,
        "Prototype Pollution in lodash",
    );
    lodash.description = "Versions of lodash before 4.17.12 are vulnerable to Prototype Pollution. The function defaultsDeep allows a malicious user to modify the prototype of Object via {constructor: {prototype: {...}}} causing the addition or modification of an existing property that will exist on all objects.".into();
    lodash.remediation = "Outdated with a security patch: upgrade lodash from 4.17.11 to 4.17.12 or later (4.17.12 is the smallest version that fixes GHSA-jf85-cpcp-j695).".into();
    lodash.aliases = vec!["CVE-2019-10744".into()];
    lodash.fixed_versions = vec!["4.17.12".into()];
    lodash.dependency_path = vec!["lodash".into()];
    lodash.cvss_score = Some(9.1);
    lodash.cvss_vector = Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H".into());
    lodash.cwe = vec!["CWE-1321".into(), "CWE-20".into()];
    lodash.references = vec![
        "https://nvd.nist.gov/vuln/detail/CVE-2019-10744".into(),
        "https://github.com/lodash/lodash/pull/4336".into(),
        "javascript:alert(1)".into(),
    ];
    // the same advisory in a second lockfile: one rule, two results
    let mut lodash_api = lodash.clone();
    lodash_api.file_path = Some("services/api/package-lock.json".into());
    lodash_api.line_number = Some(8);
    lodash_api.fingerprint = secscan::postprocess::fingerprint::hash(&[
        "deps",
        "npm",
        "lodash",
        "GHSA-jf85-cpcp-j695",
        "services/api/package-lock.json",
    ]);

    let mut minimist = dependency(
        "GHSA-xvch-5gv4-984h",
        Severity::High,
        Ecosystem::Npm,
        "minimist",
        "0.0.8",
        "package-lock.json",
        31,
        "Prototype Pollution in minimist",
    );
    minimist.description =
        "Minimist <=1.2.5 is vulnerable to Prototype Pollution via file index.js, function setKey() (lines 69-95)."
            .into();
    minimist.remediation = "Outdated with a security patch: upgrade minimist from 0.0.8 to 0.2.4 or later (0.2.4 is the smallest version that fixes GHSA-xvch-5gv4-984h). minimist is not a direct dependency: it comes in through mkdirp > minimist; upgrade that chain, or force the version (npm `overrides`, yarn `resolutions`, pnpm `overrides`).".into();
    minimist.aliases = vec!["CVE-2021-44906".into(), "SNYK-JS-MINIMIST-2429795".into()];
    minimist.fixed_versions = vec!["0.2.4".into(), "1.2.6".into()];
    minimist.dependency_path = vec!["mkdirp".into(), "minimist".into()];
    minimist.cwe = vec!["CWE-1321".into()];
    minimist.dev = true;

    let mut py = dependency(
        "PYSEC-2022-42969",
        Severity::Medium,
        Ecosystem::PyPI,
        "py",
        "1.11.0",
        "requirements.txt",
        3,
        "ReDoS in py library when used with subversion",
    );
    py.description = "The py library through 1.11.0 for Python allows remote attackers to conduct a ReDoS (Regular expression Denial of Service) attack via a Subversion repository with crafted info data, because the InfoSvnCommand argument is mishandled.".into();
    py.remediation = "No fixed version of py is known for PYSEC-2022-42969. Consider replacing the package, removing it if unused, or mitigating as the advisory describes.".into();
    py.aliases = vec!["CVE-2022-42969".into(), "GHSA-w596-4wvx-j9j6".into()];
    py.cvss_score = Some(5.3);
    py.cvss_vector = Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:L".into());
    py.cwe = vec!["CWE-1333".into()];

    let mut no_lockfile = Finding::new(
        Engine::Deps,
        "deps-no-lockfile",
        IssueType::BestPracticeConfiguration,
        Severity::Info,
        "No lockfile: versions are not reproducible".into(),
    );
    no_lockfile.description = "requirements.txt declares 1 dependencies by range rather than an exact version (flask >=2.0), and no lockfile locks them.".into();
    no_lockfile.remediation = "Lock the dependencies (uv lock, poetry lock, pdm lock, pipenv lock, or pip-compile --generate-hashes to a requirements file with exact pins) and commit the result.".into();
    no_lockfile.file_path = Some("requirements.txt".into());
    no_lockfile.line_number = Some(4);
    no_lockfile.ecosystem = Some(Ecosystem::PyPI);
    no_lockfile.owasp = vec!["A08:2021".into()];
    no_lockfile.cwe = vec!["CWE-1357".into()];
    no_lockfile.fingerprint =
        secscan::postprocess::fingerprint::hash(&["deps", "deps-no-lockfile", "requirements.txt"]);

    let mut sqli = Finding::new(
        Engine::Code,
        "python-sql-string-format",
        IssueType::OwaspInjection,
        Severity::High,
        "SQL query built with string formatting".into(),
    );
    sqli.description =
        "User input reaches cursor.execute() through an f-string, so an attacker can change the query (SQL injection)."
            .into();
    sqli.remediation =
        "Pass the values as parameters: cursor.execute(\"SELECT * FROM users WHERE name = %s\", (name,)).".into();
    sqli.file_path = Some("app/db.py".into());
    sqli.line_number = Some(42);
    sqli.confidence = Confidence::Medium;
    sqli.cwe = vec!["CWE-89".into()];
    sqli.owasp = vec!["A03:2021".into()];
    sqli.references = vec!["https://owasp.org/Top10/A03_2021-Injection/".into()];
    sqli.snippet = Some("cursor.execute(f\"SELECT * FROM users WHERE name = '{name}'\")".into());
    sqli.fingerprint =
        secscan::postprocess::fingerprint::hash(&["code", "python-sql-string-format", "app/db.py", "h1"]);

    let mut secret = Finding::new(
        Engine::Secrets,
        "aws-access-key-id",
        IssueType::BestPracticeSecrets,
        Severity::Critical,
        "AWS access key id committed to the repository".into(),
    );
    secret.description =
        "An AWS access key id is written in source code; anyone with read access to the repository can use it.".into();
    secret.remediation = "Revoke the key in IAM, remove it from the code and the git history, and load credentials from the environment or a secret store.".into();
    secret.file_path = Some("config/settings.py".into());
    secret.line_number = Some(7);
    secret.cwe = vec!["CWE-798".into()];
    secret.owasp = vec!["A07:2021".into()];
    secret.snippet = Some("AWS_ACCESS_KEY_ID = \"AKIA****************\"".into());
    secret.fingerprint =
        secscan::postprocess::fingerprint::hash(&["secrets", "aws-access-key-id", "config/settings.py", "h2"]);

    let mut debug = Finding::new(
        Engine::Practices,
        "django-debug-enabled",
        IssueType::OwaspSecurityMisconfiguration,
        Severity::Medium,
        "Django DEBUG is True".into(),
    );
    debug.description = "DEBUG = True shows stack traces, settings and SQL to anyone who triggers an error.".into();
    debug.remediation = "Read DEBUG from the environment and keep it False in production.".into();
    debug.file_path = Some("config/settings.py".into());
    debug.line_number = Some(3);
    debug.cwe = vec!["CWE-489".into()];
    debug.owasp = vec!["A05:2021".into()];
    debug.status = Status::AcceptedRisk;
    debug.confidence = Confidence::High;
    debug.fingerprint =
        secscan::postprocess::fingerprint::hash(&["practices", "django-debug-enabled", "config/settings.py"]);

    // hostile strings from the repository: a space and non-ASCII in the path, markup and an ANSI
    // escape in the title, a very long snippet
    let mut odd = Finding::new(
        Engine::Code,
        "js-eval-user-input",
        IssueType::OwaspInjection,
        Severity::Low,
        "eval() of <user> & \"input\" \u{1b}[31m]]> in vüe".into(),
    );
    odd.description = "Data from the request reaches eval().".into();
    odd.remediation = "Do not evaluate strings; parse JSON with JSON.parse.".into();
    odd.file_path = Some("src/my app/vüe #1.js".into());
    odd.confidence = Confidence::Low;
    odd.cwe = vec!["CWE-95".into(), "not-a-cwe".into()];
    odd.owasp = vec!["A03:2021".into()];
    odd.snippet = Some("x".repeat(5_000));
    odd.fingerprint = secscan::postprocess::fingerprint::hash(&["code", "js-eval-user-input", "src/my app/vüe #1.js"]);

    issues.push(secret);
    issues.push(lodash);
    issues.push(lodash_api);
    issues.push(minimist);
    issues.push(sqli);
    issues.push(py);
    issues.push(debug);
    issues.push(odd);
    issues.push(no_lockfile);
    issues.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));

    let inventory = vec![
        package(Ecosystem::Npm, "lodash", Some("4.17.11"), "package-lock.json", 12, true, false, &["lodash"]),
        package(Ecosystem::Npm, "mkdirp", Some("0.5.1"), "package-lock.json", 25, true, true, &["mkdirp"]),
        package(
            Ecosystem::Npm,
            "minimist",
            Some("0.0.8"),
            "package-lock.json",
            31,
            false,
            true,
            &["mkdirp", "minimist"],
        ),
        package(
            Ecosystem::Npm,
            "lodash",
            Some("4.17.11"),
            "services/api/package-lock.json",
            8,
            true,
            false,
            &["lodash"],
        ),
        package(Ecosystem::PyPI, "py", Some("1.11.0"), "requirements.txt", 3, true, false, &[]),
        {
            let mut flask = package(Ecosystem::PyPI, "flask", None, "requirements.txt", 4, true, false, &[]);
            flask.requirement = Some(">=2.0".into());
            flask
        },
    ];

    let errors = vec![
        {
            let mut e = FileError::new("deps", "poetry.lock", "truncated TOML: expected `]` at the end of the file");
            e.line_number = Some(14);
            e
        },
        FileError::new(
            "deps",
            "advisories",
            "OSV API unavailable (timed out after 60 s); results come from the local database only",
        ),
        FileError::new("discover", "data/huge.json", "larger than 64 MB: skipped"),
    ];

    let count = |s: Severity| issues.iter().filter(|f| f.status.counts() && f.severity == s).count() as u32;
    let summary = ReportSummary {
        security_score: 32,
        total_issues: issues.iter().filter(|f| f.status.counts()).count() as u32,
        critical_issues: count(Severity::Critical),
        high_issues: count(Severity::High),
        medium_issues: count(Severity::Medium),
        low_issues: count(Severity::Low),
        info_issues: count(Severity::Info),
        created_at: "2026-01-02T03:04:05Z".into(),
    };
    let timing = |stage: &str, millis: u64| Timing { stage: stage.into(), millis };
    Report {
        summary,
        root: "/home/ci/builds/acme/acme-shop".into(),
        tool_version: secscan::VERSION.into(),
        issues,
        suppressed: Vec::new(),
        inventory,
        errors,
        comparison: None,
        trend: Vec::new(),
        remediation: None,
        report_id: None,
        gates: vec![GateResult {
            gate: "critical".into(),
            passed: false,
            message: "3 critical issues (limit 0)".into(),
        }],
        timings: vec![
            timing("discover", 4),
            timing("deps", 1_250),
            timing("code", 310),
            timing("secrets", 95),
            timing("practices", 12),
            timing("total", 1_700),
        ],
        files_scanned: 57,
        ..Report::default()
    }
}

fn render(format: &str) -> BTreeMap<String, Vec<u8>> {
    let reporter = by_name(format).unwrap_or_else(|| panic!("reporter {format} is not registered"));
    reporter
        .render(&sample_report())
        .expect("render")
        .into_iter()
        .map(|a| (a.file_name.expect("a file artifact").to_string(), a.bytes))
        .collect()
}

fn json_of(bytes: &[u8]) -> Value {
    serde_json::from_slice(bytes).expect("valid JSON")
}

fn shared() -> Option<PathBuf> {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/schemas");
    p.is_dir().then_some(p)
}

/// Write the artifacts where SECSCAN_ARTIFACTS_DIR says (for the Python validator in .ci/run).
fn write_artifacts(format: &str) {
    let Some(dir) = std::env::var_os("SECSCAN_ARTIFACTS_DIR") else {
        return;
    };
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir).expect("create SECSCAN_ARTIFACTS_DIR");
    for (name, bytes) in render(format) {
        std::fs::write(dir.join(name), bytes).expect("write artifact");
    }
}

// ───────────────────────────── SARIF ─────────────────────────────

#[test]
fn sarif_snapshot() {
    write_artifacts("sarif");
    let out = render("sarif");
    assert_eq!(out.keys().collect::<Vec<_>>(), ["secscan.sarif"]);
    let doc = json_of(&out["secscan.sarif"]);
    insta::assert_json_snapshot!("sarif", doc, {
        ".runs[0].tool.driver.version" => "[version]",
        ".runs[0].tool.driver.semanticVersion" => "[version]",
        ".runs[0].invocations[0].startTimeUtc" => "[time]",
        ".runs[0].invocations[0].endTimeUtc" => "[time]",
    });
}

#[test]
fn sarif_structure() {
    let report = sample_report();
    let doc = sarif::to_value(&report);
    assert_eq!(doc["version"], "2.1.0");
    assert!(doc["$schema"].as_str().unwrap().ends_with("sarif-2.1.0.json"));
    let runs = doc["runs"].as_array().unwrap();
    assert_eq!(runs.len(), 1, "one run");
    let run = &runs[0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "secscan");
    assert_eq!(driver["version"], secscan::VERSION);
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    assert_eq!(run["automationDetails"]["id"], "secscan/acme-shop/");
    assert!(run["originalUriBaseIds"]["%SRCROOT%"].is_object());

    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "rule ids unique: {ids:?}");
    let distinct_rules: HashSet<&str> = report.issues.iter().map(|f| f.rule_id.as_str()).collect();
    assert_eq!(unique, distinct_rules, "one rule per distinct rule_id");
    assert_eq!(rules.len(), 8, "9 findings, lodash's advisory twice");

    for rule in rules {
        let id = rule["id"].as_str().unwrap();
        for key in ["shortDescription", "fullDescription", "help"] {
            let text = rule[key]["text"].as_str().unwrap_or_default();
            assert!(!text.is_empty() && text.chars().count() <= 1024, "{id}: {key}");
        }
        assert!(!rule["help"]["markdown"].as_str().unwrap_or_default().is_empty(), "{id}: markdown");
        let props = &rule["properties"];
        let tags: Vec<&str> = props["tags"].as_array().unwrap().iter().map(|t| t.as_str().unwrap()).collect();
        assert!(tags.len() <= 10, "{id}: {tags:?}");
        for t in &tags {
            if t.contains("cwe") {
                let n = t.strip_prefix("external/cwe/cwe-").unwrap_or_else(|| panic!("{id}: CWE tag {t}"));
                assert!(n.parse::<u32>().is_ok(), "{id}: CWE tag {t}");
            }
        }
        assert!(["very-high", "high", "medium", "low"].contains(&props["precision"].as_str().unwrap()));
        let info = report.issues.iter().filter(|f| f.rule_id == id).all(|f| f.severity == Severity::Info);
        match props.get("security-severity") {
            Some(Value::String(s)) => {
                let v: f64 = s.parse().unwrap_or_else(|_| panic!("{id}: security-severity {s} not a number"));
                assert!(v > 0.0 && v <= 10.0, "{id}: security-severity {v} outside (0, 10]");
                assert!(tags.contains(&"security"), "{id}: security tag");
                assert!(!info);
            }
            None => assert!(info, "{id}: only INFO rules go without security-severity"),
            Some(other) => panic!("{id}: security-severity must be a string, got {other}"),
        }
    }
    // the CVSS score when present, the representative score otherwise
    let sev = |id: &str| -> String {
        rules.iter().find(|r| r["id"] == id).unwrap()["properties"]["security-severity"].as_str().unwrap().to_string()
    };
    assert_eq!(sev("GHSA-jf85-cpcp-j695"), "9.1");
    assert_eq!(sev("GHSA-xvch-5gv4-984h"), "8.0");
    assert_eq!(sev("PYSEC-2022-42969"), "5.3");
    assert_eq!(sev("aws-access-key-id"), "9.5");
    assert_eq!(sev("js-eval-user-input"), "2.0");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), report.issues.len(), "one result per finding");
    let mut hashes = HashSet::new();
    for (i, r) in results.iter().enumerate() {
        let rid = r["ruleId"].as_str().unwrap();
        let idx = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[idx]["id"], rid, "result {i}: ruleIndex points at its rule");
        assert!(["error", "warning", "note"].contains(&r["level"].as_str().unwrap()));
        assert!(!r["message"]["text"].as_str().unwrap().is_empty());
        let loc = &r["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && !uri.contains('\\') && !uri.contains(' ') && !uri.contains("://"), "{uri}");
        assert_eq!(loc["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        let h = r["partialFingerprints"]["primaryLocationLineHash"].as_str().unwrap();
        let (hex, n) = h.split_once(':').unwrap();
        assert!(hex.len() == 16 && hex.chars().all(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()), "{h}");
        assert!(n.parse::<u32>().unwrap() >= 1);
        assert!(hashes.insert(h.to_string()), "line hashes unique: {h}");
        assert_eq!(r["partialFingerprints"]["secscan/v1"], report.issues[i].fingerprint);
    }
    // the file name with a space and non-ASCII is percent-encoded
    assert!(
        results
            .iter()
            .any(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                == "src/my%20app/v%C3%BCe%20%231.js")
    );
    // the accepted-risk finding carries a suppression
    let debug = results.iter().find(|r| r["ruleId"] == "django-debug-enabled").unwrap();
    assert_eq!(debug["suppressions"][0]["status"], "accepted");
    // dependency properties
    let minimist = results.iter().find(|r| r["ruleId"] == "GHSA-xvch-5gv4-984h").unwrap();
    assert_eq!(minimist["properties"]["package"], "minimist");
    assert_eq!(minimist["properties"]["dependencyPath"], serde_json::json!(["mkdirp", "minimist"]));
    assert_eq!(minimist["properties"]["fixedVersions"], serde_json::json!(["0.2.4", "1.2.6"]));

    let inv = &run["invocations"][0];
    assert_eq!(inv["executionSuccessful"], true);
    assert_eq!(inv["toolExecutionNotifications"].as_array().unwrap().len(), report.errors.len());
}

#[test]
fn sarif_without_findings_still_has_results() {
    let mut report = sample_report();
    report.issues.clear();
    report.errors.clear();
    let doc = sarif::to_value(&report);
    assert_eq!(doc["runs"][0]["results"], serde_json::json!([]));
    assert_eq!(doc["runs"][0]["tool"]["driver"]["rules"], serde_json::json!([]));
}

#[test]
fn sarif_against_official_schemas() {
    let Some(schemas) = shared() else {
        println!("SKIPPED SARIF schema validation: ../shared not present");
        return;
    };
    // GitHub's upload-sarif copy of the schema puts an `anyOf` array where a schema belongs (see
    // shared/schemas/README.md), which the jsonschema crate refuses to compile; .ci/run checks it with
    // ../shared/tools/validate-artifact.py instead.
    let doc = sarif::to_value(&sample_report());
    assert_valid(&schemas.join("sarif/sarif-schema-2.1.0.json"), &doc);
}

// ───────────────────────────── JUnit ─────────────────────────────

/// quick-junit's reader wants a zone in `timestamp`; secscan writes the zone-less form of the Ant
/// schema (which Jenkins reads), so the attribute is dropped before parsing.
fn parse_junit(xml: &str) -> quick_junit::Report {
    let xml = xml.replace(" timestamp=\"2026-01-02T03:04:05\"", "");
    quick_junit::Report::deserialize_from_str(&xml).expect("well-formed JUnit")
}

fn junit_redacted(xml: &str) -> String {
    xml.replace(secscan::VERSION, "[version]").replace("2026-01-02T03:04:05", "[timestamp]")
}

#[test]
fn junit_snapshot() {
    write_artifacts("junit");
    let out = render("junit");
    assert_eq!(out.keys().collect::<Vec<_>>(), ["secscan-junit.xml"]);
    let xml = String::from_utf8(out["secscan-junit.xml"].clone()).unwrap();
    insta::assert_snapshot!("junit", junit_redacted(&xml));
}

#[test]
fn junit_structure() {
    let report = sample_report();
    let xml = junit::to_xml(&report).unwrap();
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
    assert!(!xml.contains('\u{1b}'), "control characters removed");
    let parsed = parse_junit(&xml);
    assert_eq!(parsed.name.as_deref(), Some("secscan"));
    let suites: Vec<&str> = parsed.test_suites.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        suites,
        ["secscan.deps", "secscan.code", "secscan.secrets", "secscan.practices", "secscan.discover", "secscan.gates"]
    );
    let mut names = HashSet::new();
    let (mut failures, mut skipped, mut errors, mut tests) = (0, 0, 0, 0);
    for s in &parsed.test_suites {
        assert!(!s.test_cases.is_empty(), "{}: never empty", s.name.as_str());
        assert_eq!(s.tests, s.test_cases.len(), "{}: tests count", s.name.as_str());
        tests += s.tests;
        for c in &s.test_cases {
            assert!(names.insert(c.name.as_str().to_string()), "duplicate testcase name {}", c.name.as_str());
            assert!(
                c.classname.as_deref().unwrap().starts_with(&format!("{}.", s.name.as_str()))
                    || c.classname.as_deref() == Some(s.name.as_str())
            );
            match &c.status {
                quick_junit::TestCaseStatus::NonSuccess {
                    kind: quick_junit::NonSuccessKind::Failure,
                    message,
                    ty,
                    description,
                    ..
                } => {
                    failures += 1;
                    let m = message.as_deref().unwrap();
                    let t = ty.as_deref().unwrap();
                    assert!(m.starts_with(&format!("[{}] ", t.to_ascii_uppercase())), "{m} / {t}");
                    assert!(description.as_deref().unwrap().contains("Fix: "), "{m}: text holds the fix");
                }
                quick_junit::TestCaseStatus::NonSuccess { .. } => errors += 1,
                quick_junit::TestCaseStatus::Skipped { .. } => skipped += 1,
                quick_junit::TestCaseStatus::Success { .. } => {}
            }
        }
    }
    let counted = report.issues.iter().filter(|f| f.status.counts() && f.severity > Severity::Info).count();
    let failed_gates = report.gates.iter().filter(|g| !g.passed).count();
    assert_eq!(failures, counted + failed_gates, "one failure per counted finding from LOW up, and per failed gate");
    assert_eq!(skipped, report.issues.len() - counted, "INFO and accepted-risk findings are skipped");
    assert_eq!(errors, 3, "poetry.lock, advisories, data/huge.json");
    // findings + inventory files (package-lock.json, services/api/package-lock.json, requirements.txt)
    // + the three warning targets
    assert_eq!(tests, report.issues.len() + 3 + 3 + report.gates.len());
    assert_eq!(parsed.tests, tests);
    assert_eq!(parsed.failures, failures);
    // dependency names carry the file and line
    assert!(names.contains("GHSA-jf85-cpcp-j695 package-lock.json:12"));
    assert!(names.contains("GHSA-jf85-cpcp-j695 services/api/package-lock.json:8"));
    assert!(names.contains("scan requirements.txt"));
    assert!(names.contains("gate critical"));
}

#[test]
fn junit_names_stay_unique_for_repeated_findings() {
    let mut report = sample_report();
    let again = report.issues[0].clone();
    report.issues.push(again.clone());
    report.issues.push(again);
    let xml = junit::to_xml(&report).unwrap();
    let parsed = parse_junit(&xml);
    let mut names = HashSet::new();
    for c in parsed.test_suites.iter().flat_map(|s| &s.test_cases) {
        assert!(names.insert(c.name.as_str().to_string()), "duplicate {}", c.name.as_str());
    }
}

// ───────────────────────────── GitLab ─────────────────────────────

const GITLAB_FILES: [(&str, &str, &str); 3] = [
    ("gl-dependency-scanning-report.json", "dependency-scanning-report-format.json", "dependency_scanning"),
    ("gl-sast-report.json", "sast-report-format.json", "sast"),
    ("gl-secret-detection-report.json", "secret-detection-report-format.json", "secret_detection"),
];

#[test]
fn gitlab_snapshots() {
    write_artifacts("gitlab");
    let out = render("gitlab");
    assert_eq!(out.len(), 3);
    for (file, _, _) in GITLAB_FILES {
        let doc = json_of(&out[file]);
        let name = file.trim_end_matches(".json");
        insta::assert_json_snapshot!(name, doc, {
            ".scan.analyzer.version" => "[version]",
            ".scan.scanner.version" => "[version]",
            ".scan.start_time" => "[time]",
            ".scan.end_time" => "[time]",
        });
    }
}

#[test]
fn gitlab_structure() {
    let report = sample_report();
    let docs = [gitlab::dependency_scanning(&report), gitlab::sast(&report), gitlab::secret_detection(&report)];
    let mut all_ids = HashSet::new();
    for (doc, (file, _, scan_type)) in docs.iter().zip(GITLAB_FILES) {
        assert_eq!(doc["version"], gitlab::SCHEMA_VERSION, "{file}");
        assert_eq!(doc["scan"]["type"], scan_type);
        assert_eq!(doc["scan"]["status"], "success");
        assert_eq!(doc["scan"]["analyzer"]["id"], "secscan");
        assert_eq!(doc["scan"]["scanner"]["id"], "secscan");
        assert_eq!(doc["scan"]["end_time"], "2026-01-02T03:04:05");
        assert_eq!(doc["scan"]["start_time"], "2026-01-02T03:04:03");
        assert_eq!(doc["scan"]["messages"].as_array().unwrap().len(), report.errors.len());
        let vulns = doc["vulnerabilities"].as_array().unwrap();
        assert!(!vulns.is_empty(), "{file} has content");
        for v in vulns {
            let id = v["id"].as_str().unwrap();
            assert_eq!(id.len(), 36, "{id}");
            assert!(all_ids.insert(id.to_string()), "ids unique: {id}");
            assert!(["Critical", "High", "Medium", "Low", "Info"].contains(&v["severity"].as_str().unwrap()));
            assert!(v["name"].as_str().unwrap().chars().count() <= 255);
            let idents = v["identifiers"].as_array().unwrap();
            assert!(!idents.is_empty());
            for i in idents {
                for key in ["type", "name", "value"] {
                    assert!(!i[key].as_str().unwrap().is_empty(), "{file}: identifier {key}");
                }
                if let Some(url) = i.get("url") {
                    assert!(url.as_str().unwrap().starts_with("https://"), "{url}");
                }
            }
            assert!(idents.iter().any(|i| i["type"] == "cwe" || i["type"] == "cve"), "{file}: {idents:?}");
        }
    }
    let count = |t: &[IssueType]| report.issues.iter().filter(|f| t.contains(&f.issue_type)).count();
    assert_eq!(
        docs[0]["vulnerabilities"].as_array().unwrap().len(),
        count(&[IssueType::PythonDependency, IssueType::NodeDependency])
    );
    assert_eq!(
        docs[1]["vulnerabilities"].as_array().unwrap().len(),
        count(&[
            IssueType::OwaspInjection,
            IssueType::OwaspSecurityMisconfiguration,
            IssueType::BestPracticeConfiguration
        ])
    );
    assert_eq!(docs[2]["vulnerabilities"].as_array().unwrap().len(), count(&[IssueType::BestPracticeSecrets]));

    // dependency scanning: the advisory first, then its aliases with real pages; the package located
    let lodash = &docs[0]["vulnerabilities"][0];
    assert_eq!(lodash["identifiers"][0]["value"], "GHSA-jf85-cpcp-j695");
    assert_eq!(lodash["identifiers"][0]["type"], "ghsa");
    assert_eq!(lodash["identifiers"][1]["type"], "cve");
    assert_eq!(lodash["identifiers"][1]["url"], "https://nvd.nist.gov/vuln/detail/CVE-2019-10744");
    assert_eq!(lodash["location"]["file"], "package-lock.json");
    assert_eq!(lodash["location"]["dependency"]["package"]["name"], "lodash");
    assert_eq!(lodash["location"]["dependency"]["version"], "4.17.11");
    assert_eq!(lodash["location"]["dependency"]["direct"], true);
    assert_eq!(lodash["cvss_vectors"][0]["vector"], "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:H/A:H");
    assert_eq!(lodash["links"].as_array().unwrap().len(), 2, "the javascript: link is dropped");
    let files: Vec<&str> =
        docs[0]["dependency_files"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert_eq!(files, ["package-lock.json", "requirements.txt", "services/api/package-lock.json"]);
    // secrets: commit, file and line
    let secret = &docs[2]["vulnerabilities"][0];
    assert_eq!(secret["location"]["file"], "config/settings.py");
    assert_eq!(secret["location"]["start_line"], 7);
    assert!(secret["location"]["commit"]["sha"].is_string());
    // the same input gives the same ids
    assert_eq!(gitlab::sast(&report)["vulnerabilities"], docs[1]["vulnerabilities"]);
}

#[test]
fn gitlab_reports_are_written_even_when_empty() {
    let mut report = sample_report();
    report.issues.clear();
    let out = by_name("gitlab").unwrap().render(&report).unwrap();
    assert_eq!(out.len(), 3);
    for a in out {
        let doc = json_of(&a.bytes);
        assert_eq!(doc["vulnerabilities"], serde_json::json!([]), "{:?}", a.file_name);
    }
}

#[test]
fn gitlab_against_official_schemas() {
    let Some(schemas) = shared() else {
        println!("SKIPPED GitLab schema validation: ../shared not present");
        return;
    };
    let report = sample_report();
    let docs = [gitlab::dependency_scanning(&report), gitlab::sast(&report), gitlab::secret_detection(&report)];
    for (doc, (_, schema, _)) in docs.iter().zip(GITLAB_FILES) {
        assert_valid(&schemas.join("gitlab").join(gitlab::SCHEMA_VERSION).join(schema), doc);
    }
}

// ───────────────────────────── helpers ─────────────────────────────

fn assert_valid(schema_path: &Path, doc: &Value) {
    let schema: Value = serde_json::from_slice(&std::fs::read(schema_path).expect("read schema")).expect("schema JSON");
    let validator = jsonschema::validator_for(&schema)
        .unwrap_or_else(|e| panic!("{}: cannot compile schema: {e}", schema_path.display()));
    let errors: Vec<String> = validator.iter_errors(doc).map(|e| format!("{} at {}", e, e.instance_path())).collect();
    assert!(errors.is_empty(), "{} rejects the document:\n{}", schema_path.display(), errors.join("\n"));
    println!("valid against {}", schema_path.display());
}

#[test]
fn degenerate_findings_render_in_every_format() {
    let mut report = sample_report();
    let mut empty = Finding::new(Engine::Code, "", IssueType::OwaspInjection, Severity::High, String::new());
    empty.cvss_score = Some(f64::NAN);
    empty.cvss_vector = Some("CVSS:9/garbage".into());
    empty.cwe = vec!["CWE-".into(), "CWE-99999999999".into()];
    empty.line_number = Some(0);
    empty.file_path = Some("\u{0}/../\u{FFFF}".into());
    let mut orphan = Finding::new(
        Engine::Deps,
        "GHSA-xxxx-xxxx-xxxx",
        IssueType::NodeDependency,
        Severity::Critical,
        "no file".into(),
    );
    orphan.package_name = Some("lodash".into());
    orphan.package_version = Some("4.17.11".into());
    let mut secret =
        Finding::new(Engine::Secrets, "s", IssueType::BestPracticeSecrets, Severity::Info, "\u{1b}".into());
    secret.title = "\u{1b}".into();
    report.issues = vec![empty.clone(), empty, orphan, secret];
    for format in ["sarif", "junit", "gitlab"] {
        let out = by_name(format).unwrap().render(&report).expect(format);
        assert!(!out.is_empty());
    }
    let doc = sarif::to_value(&report);
    let results = doc["runs"][0]["results"].as_array().unwrap();
    // the dependency finding without a file is put on its manifest from the inventory
    assert_eq!(results[2]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "package-lock.json");
    assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["startLine"], 1);
    let gl = gitlab::sast(&report);
    let ids: HashSet<&str> =
        gl["vulnerabilities"].as_array().unwrap().iter().map(|v| v["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 2, "equal findings still get distinct ids");
    let xml = junit::to_xml(&report).unwrap();
    parse_junit(&xml);
    if let Some(schemas) = shared() {
        assert_valid(&schemas.join("sarif/sarif-schema-2.1.0.json"), &doc);
        let docs = [gitlab::dependency_scanning(&report), gl, gitlab::secret_detection(&report)];
        for (doc, (_, schema, _)) in docs.iter().zip(GITLAB_FILES) {
            assert_valid(&schemas.join("gitlab").join(gitlab::SCHEMA_VERSION).join(schema), doc);
        }
    }
}

/// Inline-suppressed findings are results with an `inSource` suppression, triaged issues carry an
/// `external` one with the reason, author and expiry, and every result has a `baselineState` from the
/// comparison (`absent` for the issues the scan no longer finds).
#[test]
fn sarif_suppressions_and_baseline_state() {
    let mut report = sample_report();
    let debug = report.issues.iter_mut().find(|f| f.rule_id == "django-debug-enabled").expect("debug");
    debug.status_reason = Some("local settings only".into());
    debug.status_set_by = Some("alice".into());
    debug.status_expires_at = Some("2027-01-31T00:00:00Z".into());
    let mut quiet = report.issues.iter().find(|f| f.rule_id == "js-eval-user-input").expect("eval").clone();
    quiet.fingerprint = secscan::postprocess::fingerprint::hash(&["suppressed"]);
    report.suppressed = vec![secscan::model::Suppressed {
        issue: quiet,
        ids: vec!["js-eval-user-input".into()],
        reason: "input is a constant".into(),
    }];
    let first = report.issues[0].fingerprint.clone();
    report.comparison = Some(secscan::model::Comparison {
        against: "report 4 of 2026-01-01T00:00:00Z".into(),
        new: vec![first.clone()],
        still_open: report.issues.iter().skip(1).map(|f| f.fingerprint.clone()).collect(),
        fixed: vec![secscan::model::FixedIssue {
            fingerprint: secscan::postprocess::fingerprint::hash(&["gone"]),
            rule_id: "GHSA-xvch-5gv4-984h".into(),
            title: "minimist 1.2.0: prototype pollution".into(),
            severity: Severity::Critical,
            file_path: Some("package-lock.json".into()),
            first_seen_at: None,
            resolved_at: None,
        }],
        gates_on_new_only: false,
    });
    let doc = sarif::to_value(&report);
    let results = doc["runs"][0]["results"].as_array().expect("results");
    assert_eq!(results.len(), report.issues.len() + 2, "issues, the suppressed one, the absent one");
    let states: Vec<&str> = results.iter().map(|r| r["baselineState"].as_str().expect("baselineState")).collect();
    assert_eq!(states[0], "new");
    assert!(states[1..report.issues.len()].iter().all(|s| *s == "unchanged"));
    assert_eq!(states.last(), Some(&"absent"));
    let inline = &results[report.issues.len()];
    assert_eq!(inline["suppressions"][0]["kind"], "inSource");
    assert!(inline["suppressions"][0]["justification"].as_str().expect("why").contains("input is a constant"));
    let debug = results.iter().find(|r| r["ruleId"] == "django-debug-enabled").expect("debug");
    let why = debug["suppressions"][0]["justification"].as_str().expect("why");
    assert_eq!(debug["suppressions"][0]["kind"], "external");
    assert!(why.contains("local settings only") && why.contains("alice") && why.contains("2027-01-31"), "{why}");
    assert_eq!(debug["properties"]["statusSetBy"], "alice");
    assert!(results
        .iter()
        .take(report.issues.len())
        .all(|r| r["properties"]["id"].as_str().is_some_and(|i| i.len() == 10)));
    if let Some(dir) = std::env::var_os("SECSCAN_ARTIFACTS_DIR") {
        let dir = PathBuf::from(dir).join("suppressed");
        std::fs::create_dir_all(&dir).expect("mkdir");
        std::fs::write(dir.join("secscan.sarif"), serde_json::to_vec_pretty(&doc).expect("json")).expect("write");
    }
}
