//! Checks of CI pipelines: GitHub Actions workflows (parsed as YAML, expressions tokenised), GitLab CI,
//! Jenkins and CircleCI files, and the shell they run.
//!
//! Each check returns hits (1-based line, the detector's name, a short note); the engine turns them into
//! findings of the rules that name the detector.
use super::expr;
use serde_json::Value;

/// A place a check found something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Hit {
    pub(crate) detector: &'static str,
    pub(crate) line: u32,
    pub(crate) note: String,
}

/// A hit on a 0-based line index.
pub(crate) fn hit(detector: &'static str, line: usize, note: impl Into<String>) -> Hit {
    Hit { detector, line: u32::try_from(line + 1).unwrap_or(u32::MAX), note: note.into() }
}

/// Indentation of a line (spaces; a tab counts as one).
fn indent(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

/// The YAML key of a line (`  - run: x` → `run`), if it has one.
fn key_of(line: &str) -> Option<&str> {
    let t = line.trim_start().trim_start_matches("- ").trim_start();
    let colon = t.find(':')?;
    let key = t[..colon].trim().trim_matches(|c| c == '"' || c == '\'');
    (!key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')).then_some(key)
}

/// The key whose value holds position `column` of line `idx`: the line's own key when the position is
/// after its colon, else the nearest line above with less indentation that has a key.
pub(crate) fn governing_key<'a>(lines: &[&'a str], idx: usize, column: usize) -> Option<&'a str> {
    let line = lines.get(idx)?;
    if let Some(k) = key_of(line) {
        if line.find(':').is_some_and(|c| column > c) {
            return Some(k);
        }
    }
    let own = indent(line);
    let mut i = idx;
    while i > 0 {
        i -= 1;
        let l = lines[i];
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            continue;
        }
        if indent(l) < own {
            if let Some(k) = key_of(l) {
                return Some(k);
            }
        }
    }
    None
}

/// The events a workflow runs on (`on:` as a string, a list or a map). YAML 1.1 readers turn a bare `on`
/// into `true`; both spellings are read.
pub(crate) fn triggers(doc: &Value) -> Vec<String> {
    let on = doc.get("on").or_else(|| doc.get("true"));
    match on {
        Some(Value::String(s)) => vec![s.clone()],
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(str::to_string)).collect(),
        Some(Value::Object(m)) => m.keys().cloned().collect(),
        _ => Vec::new(),
    }
}

/// Events whose payload (titles, bodies, branch names) outsiders control, or that run with the base
/// repository's secrets on an outsider's code.
const UNTRUSTED_EVENTS: &[&str] = &[
    "pull_request_target",
    "workflow_run",
    "issue_comment",
    "issues",
    "discussion",
    "discussion_comment",
    "pull_request_review",
    "pull_request_review_comment",
];

/// Events that run with secrets and a write token although the code may come from a fork.
const PRIVILEGED_EVENTS: &[&str] = &["pull_request_target", "workflow_run"];

/// A line that pipes a download into a shell (`curl … | sh`, `wget -O- … | bash`).
pub(crate) fn pipes_download_to_shell(line: &str) -> bool {
    let l = line.to_ascii_lowercase();
    if !(l.contains("curl ") || l.contains("wget ") || l.contains("iwr ") || l.contains("invoke-webrequest")) {
        return false;
    }
    let Some(pipe) = l.rfind('|') else { return false };
    let after = l[pipe + 1..].trim_start();
    let after = after.strip_prefix("sudo ").unwrap_or(after).trim_start();
    ["sh", "bash", "zsh", "sh -", "bash -", "sh -s", "bash -s", "python", "python3", "iex", "node"]
        .iter()
        .any(|s| after == *s || after.starts_with(&format!("{s} ")) || after.starts_with(&format!("{s};")))
}

/// `npm install` (not `npm ci`) of a project's dependencies in a pipeline.
fn npm_install(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches("- ").trim_start_matches("run:").trim();
    let words: Vec<&str> = t.split_whitespace().collect();
    words.windows(2).any(|w| w[0] == "npm" && (w[1] == "install" || w[1] == "i"))
        && !words.iter().any(|w| *w == "-g" || *w == "--global")
        // `npm install some-package` adds one package on purpose; the check is about the project's tree
        && words.iter().skip_while(|w| **w != "npm").skip(2).all(|w| w.starts_with('-'))
}

/// Shell lines that echo a secret-looking variable into the job log.
fn echoes_secret(line: &str) -> bool {
    let t = line.trim_start().trim_start_matches("- ").trim();
    let lower = t.to_ascii_lowercase();
    // `echo`/`printf` as a command: at the start, after a separator or a quote (`sh 'echo …'`)
    let command = ["echo ", "printf "].iter().any(|c| {
        lower.match_indices(c).any(|(i, _)| {
            i == 0 || lower[..i].trim_end().ends_with([';', '&', '|', '\'', '"', '(', '{']) || lower[..i].ends_with(' ')
        })
    });
    if !command || lower.starts_with('#') || lower.starts_with("//") {
        return false;
    }
    let vars: Vec<&str> = t
        .split('$')
        .skip(1)
        .map(|v| v.trim_start_matches('{').trim_start_matches("env."))
        .map(|v| v.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or(""))
        .collect();
    vars.iter().any(|v| {
        let u = v.to_ascii_uppercase();
        ["TOKEN", "SECRET", "PASSWORD", "PASSWD", "API_KEY", "APIKEY", "PRIVATE_KEY", "CREDENTIAL", "AUTH"]
            .iter()
            .any(|w| u.contains(w))
            && !u.ends_with("_FILE")
            && !u.ends_with("_PATH")
            && !u.ends_with("_URL")
    })
}

/// Checks of a GitHub Actions workflow. `npm_lockfile`: the repository has an npm lockfile at its root
/// (without one, `npm ci` cannot run, and the missing lockfile is the finding).
pub(crate) fn github_workflow(text: &str, doc: &Value, npm_lockfile: bool, owner: Option<&str>) -> Vec<Hit> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let events = triggers(doc);
    let untrusted_trigger = events.iter().any(|e| UNTRUSTED_EVENTS.contains(&e.as_str()));
    let privileged = events.iter().any(|e| PRIVILEGED_EVENTS.contains(&e.as_str()));
    let public_pr = events.iter().any(|e| e == "pull_request" || e == "pull_request_target");

    // script injection: an untrusted expression inside a `run:` script or a github-script `script:`
    let mut line_starts = vec![0usize];
    line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
    for e in expr::expressions(text) {
        let Some(path) = expr::untrusted(e.inner) else { continue };
        let idx = line_starts.partition_point(|&s| s <= e.start).saturating_sub(1);
        let column = e.start - line_starts[idx];
        if matches!(governing_key(&lines, idx, column), Some("run") | Some("script")) {
            out.push(hit(
                "gha-script-injection",
                idx,
                format!("`{path}` is written into the script; pass it through an environment variable"),
            ));
        }
    }

    let jobs = doc.get("jobs").and_then(Value::as_object);
    let top_permissions = doc.get("permissions");
    // permissions: write-all anywhere, or none at the top on a workflow outsiders can trigger
    for (i, l) in lines.iter().enumerate() {
        if key_of(l) == Some("permissions") && l.contains("write-all") {
            out.push(hit("gha-excessive-permissions", i, "`permissions: write-all` grants every scope"));
        }
    }
    if untrusted_trigger && top_permissions.is_none() {
        let jobs_all_scoped = jobs.is_some_and(|j| j.values().all(|job| job.get("permissions").is_some()));
        if !jobs_all_scoped {
            let line = lines.iter().position(|l| matches!(key_of(l), Some("on") | Some("\"on\"")) && indent(l) == 0);
            out.push(hit(
                "gha-excessive-permissions",
                line.unwrap_or(0),
                "no top-level `permissions:` on a workflow outsiders can trigger: the token gets the default scopes",
            ));
        }
    }

    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start().trim_start_matches("- ").trim_start();
        // third-party actions pinned by a tag or branch
        if let Some(rest) = t.strip_prefix("uses:") {
            let target = rest.split('#').next().unwrap_or("").trim().trim_matches(|c| c == '"' || c == '\'');
            if let Some((name, reference)) = target.rsplit_once('@') {
                let local = target.starts_with("./") || target.starts_with("docker://");
                let first_party = name.starts_with("actions/") || name.starts_with("github/");
                let sha = reference.len() == 40 && reference.bytes().all(|b| b.is_ascii_hexdigit());
                if !local && !first_party && !sha && !name.contains("/.github/workflows/") {
                    out.push(hit(
                        "gha-unpinned-action",
                        i,
                        format!("`{name}@{reference}`: a tag can be moved to other code; pin the full commit SHA"),
                    ));
                }
            }
        }
        // shell_lines' other check (secrets echoed) is left out here on purpose: Actions masks registered
        // secrets in job logs
        if pipes_download_to_shell(l) {
            out.push(hit("ci-curl-pipe-shell", i, "a download is piped into a shell"));
        }
        if npm_lockfile && npm_install(l) && matches!(governing_key(&lines, i, l.len()), Some("run")) {
            out.push(hit("ci-npm-install", i, "`npm install` in CI: use `npm ci` (the lockfile, exactly)"));
        }
    }

    let Some(jobs) = jobs else { return out };
    for (job_id, job) in jobs {
        let job_line = lines.iter().position(|l| key_of(l) == Some(job_id.as_str()) && indent(l) > 0).unwrap_or(0);
        let find_after = |needle: &str| -> usize {
            lines
                .iter()
                .enumerate()
                .skip(job_line)
                .find(|(_, l)| l.contains(needle) && !l.trim_start().starts_with('#'))
                .map_or(job_line, |(i, _)| i)
        };
        // reusable workflow from elsewhere that gets every secret
        if let Some(uses) = job.get("uses").and_then(Value::as_str) {
            // another owner's workflow (one of the repository's own owner is as trusted as a local one)
            let same_owner = owner.is_some_and(|o| uses.split('/').next().is_some_and(|u| u.eq_ignore_ascii_case(o)));
            if !uses.starts_with("./") && !same_owner && job.get("secrets").and_then(Value::as_str) == Some("inherit") {
                out.push(hit(
                    "gha-secrets-inherit",
                    find_after("inherit"),
                    format!("every secret of the repository goes to `{uses}`; pass only the ones it needs"),
                ));
            }
        }
        // self-hosted runners on pull requests from forks
        let runs_on = job.get("runs-on");
        let self_hosted = match runs_on {
            Some(Value::String(s)) => s == "self-hosted",
            Some(Value::Array(a)) => a.iter().any(|v| v.as_str() == Some("self-hosted")),
            Some(Value::Object(o)) => o.get("labels").is_some_and(|l| l.to_string().contains("self-hosted")),
            _ => false,
        };
        if self_hosted && public_pr {
            out.push(hit(
                "gha-self-hosted-pr",
                find_after("self-hosted"),
                "a self-hosted runner runs code from pull requests: a fork can persist on the machine",
            ));
        }
        let Some(steps) = job.get("steps").and_then(Value::as_array) else { continue };
        for step in steps {
            let uses = step.get("uses").and_then(Value::as_str).unwrap_or("");
            if uses.starts_with("actions/checkout@") {
                let with = step.get("with");
                let reference = with.and_then(|w| w.get("ref")).map(|r| r.as_str().unwrap_or("").to_string());
                let head = reference.as_deref().is_some_and(|r| {
                    let r = r.to_ascii_lowercase();
                    r.contains("github.event.pull_request.head")
                        || r.contains("github.head_ref")
                        || r.contains("github.event.workflow_run.head")
                        || r.contains("refs/pull/")
                });
                if privileged && head {
                    let r = reference.unwrap_or_default();
                    out.push(hit(
                        "gha-untrusted-checkout",
                        find_after(r.trim()),
                        "the pull request's code is checked out in a workflow that holds the base repository's secrets and a write token",
                    ));
                }
                let persist = with.and_then(|w| w.get("persist-credentials"));
                let off = persist.is_some_and(|p| p == &Value::Bool(false) || p.as_str() == Some("false"));
                if privileged && !off {
                    let line = find_after("actions/checkout@");
                    out.push(hit(
                        "gha-persist-credentials",
                        line,
                        "the checkout leaves the token in .git/config for every later step; set persist-credentials: false",
                    ));
                }
            }
        }
    }
    out
}

/// Checks of a GitLab CI file (YAML) and of the shell of Jenkins and CircleCI files (text).
pub(crate) fn gitlab_ci(text: &str, doc: &Value) -> Vec<Hit> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = shell_lines(text);
    // security jobs allowed to fail: their findings never stop a pipeline
    if let Some(map) = doc.as_object() {
        for (name, job) in map {
            let security =
                ["sast", "secret", "dependency", "scan", "audit", "security", "gitleaks", "trivy", "semgrep"]
                    .iter()
                    .any(|w| name.to_ascii_lowercase().contains(w));
            let allowed = job.get("allow_failure").is_some_and(|v| v == &Value::Bool(true));
            if security && allowed {
                let start = lines.iter().position(|l| key_of(l) == Some(name.as_str()) && indent(l) == 0).unwrap_or(0);
                let line = lines
                    .iter()
                    .enumerate()
                    .skip(start)
                    .find(|(_, l)| l.contains("allow_failure"))
                    .map_or(start, |(i, _)| i);
                out.push(hit("ci-security-job-allowed-to-fail", line, format!("the security job `{name}` may fail")));
            }
        }
    }
    out
}

/// Line checks shared by every pipeline: downloads piped into a shell, secrets echoed, `set -x`.
pub(crate) fn shell_lines(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    for (i, l) in text.lines().enumerate() {
        if pipes_download_to_shell(l) {
            out.push(hit("ci-curl-pipe-shell", i, "a download is piped into a shell"));
        }
        if echoes_secret(l) {
            out.push(hit("ci-secret-echoed", i, "a secret is printed into the job log"));
        }
    }
    out
}

/// CircleCI: orbs by a moving version.
pub(crate) fn circleci(text: &str, doc: &Value) -> Vec<Hit> {
    let mut out = shell_lines(text);
    if let Some(orbs) = doc.get("orbs").and_then(Value::as_object) {
        let lines: Vec<&str> = text.lines().collect();
        for (name, v) in orbs {
            let Some(reference) = v.as_str() else { continue };
            let version = reference.rsplit_once('@').map(|(_, v)| v);
            let moving = match version {
                None => true,
                Some(v) => v == "volatile" || v.split('.').count() < 3,
            };
            if moving {
                let line = lines.iter().position(|l| l.contains(reference)).unwrap_or(0);
                out.push(hit("ci-unpinned-orb", line, format!("orb `{name}` is `{reference}`: pin an exact version")));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Value {
        serde_saphyr::from_str(text).unwrap_or(Value::Null)
    }

    #[test]
    fn script_injection_in_run_but_not_in_env() {
        let text = "on: issues\npermissions: {}\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo \"${{ github.event.issue.title }}\"\n      - env:\n          TITLE: ${{ github.event.issue.title }}\n        run: |\n          echo \"$TITLE\"\n          echo ${{ github.event.issue.body }}\n";
        let hits: Vec<(&str, u32)> =
            github_workflow(text, &doc(text), true, None).into_iter().map(|h| (h.detector, h.line)).collect();
        assert_eq!(hits, vec![("gha-script-injection", 7), ("gha-script-injection", 12)]);
    }

    #[test]
    fn secrets_inherit_to_the_same_owner_is_trusted() {
        let text = "on: push\njobs:\n  a:\n    uses: acme/shared/.github/workflows/d.yml@v1\n    secrets: inherit\n  b:\n    uses: evil/x/.github/workflows/d.yml@v1\n    secrets: inherit\n";
        let inherit = |owner: Option<&str>| -> Vec<u32> {
            github_workflow(text, &doc(text), true, owner)
                .into_iter()
                .filter(|h| h.detector == "gha-secrets-inherit")
                .map(|h| h.line)
                .collect()
        };
        assert_eq!(inherit(None), vec![5, 8]);
        assert_eq!(inherit(Some("ACME")), vec![8]);
    }

    #[test]
    fn shell_lines_and_helpers() {
        assert!(pipes_download_to_shell("curl -sSL https://get.example | sh"));
        assert!(pipes_download_to_shell("wget -qO- https://x.example/i.sh | sudo bash -s -- --yes"));
        assert!(!pipes_download_to_shell("curl -o x.tgz https://x.example && sha256sum -c x.sha"));
        assert!(echoes_secret("echo $NPM_TOKEN"));
        assert!(echoes_secret("  - echo \"deploying with ${DEPLOY_PASSWORD}\""));
        assert!(!echoes_secret("echo $CI_COMMIT_SHA"));
        assert!(!echoes_secret("echo $TOKEN_FILE"));
        assert!(npm_install("      - run: npm install"));
        assert!(!npm_install("npm install -g pnpm"));
        assert!(!npm_install("npm install left-pad"));
        assert_eq!(triggers(&doc("on: [push, pull_request_target]\n")), vec!["push", "pull_request_target"]);
    }
}
