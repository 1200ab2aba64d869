//! Secrets in the git history: every blob the current branch's commits introduced, each read once.
//!
//! The `git` command does the reading, with plumbing only (`log --raw`, `cat-file --batch`): an argument
//! list, never a shell; no pager, external diff, text conversion or hooks (a scanned repository's own
//! configuration must not run anything); bounded output. A finding names the commit that introduced the
//! value, its author and date, and the commit that removed it from the file when a later one did (a
//! value that was ever pushed stays leaked: it must be rotated, removing it is not enough).
use super::{Hit, SecretsEngine};
use crate::engine::EngineOutput;
use crate::model::finding::TraceStep;
use crate::model::{FileError, Finding};
use crate::syntax::LineIndex;
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};

/// A blob, its change, its findings with their values, and whether its scan was cut short by the time bound.
type BlobFindings = (String, usize, Vec<(Finding, String)>, bool);

/// What `--git-history` / `--since` asked for.
#[derive(Debug, Clone)]
pub(crate) struct Options {
    pub(crate) since: Option<String>,
    pub(crate) max_file_bytes: u64,
}

/// At most this many bytes of `git log` output (the list of commits and changed paths).
const MAX_LOG_BYTES: u64 = 2 * 1024 * 1024 * 1024;

/// Blobs are scanned in batches of about this many bytes (memory stays bounded on any history).
const BATCH_BYTES: usize = 64 * 1024 * 1024;

/// One commit of the branch.
#[derive(Debug, Clone)]
struct Commit {
    sha: String,
    author: String,
    date: String,
}

/// A change of one path in one commit: the new blob, or none when the path was deleted.
#[derive(Debug, Clone)]
struct Change {
    commit: usize,
    path: String,
    blob: Option<String>,
}

/// `git` with the repository's dangerous settings neutralised.
fn git(root: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(root)
        .args(["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.pager=cat"])
        .args(["-c", "diff.external=", "-c", "log.showSignature=false", "--no-pager"])
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        // a partial clone would fetch each missing blob over the network: report them missing instead
        .env("GIT_NO_LAZY_FETCH", "1")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_EXTERNAL_DIFF")
        .stdin(Stdio::null());
    c
}

fn output(root: &Path, args: &[&str]) -> Result<String, String> {
    let out = git(root).args(args).output().map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().next().unwrap_or("git failed").trim().to_string());
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// Scan the history; findings and problems go into `out`.
pub(crate) fn scan(engine: &SecretsEngine, root: &Path, opts: &Options, out: &mut EngineOutput) {
    let error = |out: &mut EngineOutput, message: String| {
        out.errors.push(FileError::new("secrets", "git history", message));
    };
    match output(root, &["rev-parse", "--is-inside-work-tree"]) {
        Ok(s) if s == "true" => {}
        Ok(_) | Err(_) => {
            error(out, "not a git repository (or git is not installed): the history was not scanned".into());
            out.incomplete = Some("--git-history was asked for, but the history could not be read".into());
            return;
        }
    }
    if output(root, &["rev-parse", "--is-shallow-repository"]).is_ok_and(|s| s == "true") {
        error(
            out,
            "shallow clone: commits before the clone's depth were not scanned (fetch with fetch-depth: 0 for \
             the whole history)"
                .into(),
        );
    }
    let (commits, changes) = match log(root, opts.since.as_deref()) {
        Ok(x) => x,
        Err(message) => {
            error(out, format!("cannot read the history: {message}"));
            out.incomplete = Some("--git-history was asked for, but the history could not be read".into());
            return;
        }
    };
    // each blob once: where it first appeared
    let mut first: HashMap<&str, usize> = HashMap::default();
    for (i, c) in changes.iter().enumerate() {
        if let Some(b) = &c.blob {
            first.entry(b.as_str()).or_insert(i);
        }
    }
    let binary = super::binary_names().unwrap_or_else(globset::GlobSet::empty);
    let mut wanted: Vec<(String, usize)> = first
        .iter()
        .filter(|(_, &i)| !binary.is_match(changes[i].path.rsplit('/').next().unwrap_or_default()))
        .map(|(b, &i)| (b.to_string(), i))
        .collect();
    wanted.sort_by_key(|(_, i)| *i);

    // blob → the value hashes found in it (for "removed in"), and the findings of first appearances
    let mut values_in: HashMap<String, HashSet<String>> = HashMap::default();
    let mut found: Vec<(usize, Finding, String)> = Vec::new();
    let mut too_large = 0usize;
    let mut timed_out = 0usize;
    let result = read_blobs(root, &wanted, opts.max_file_bytes, |batch| {
        let scanned: Vec<BlobFindings> = batch
            .par_iter()
            .map(|(blob, change, bytes)| {
                let path = &changes[*change].path;
                if crate::engine::looks_binary(bytes) {
                    return (blob.clone(), *change, Vec::new(), false);
                }
                let text = String::from_utf8_lossy(bytes);
                let lines = LineIndex::new(&text);
                let scanned = engine.scan_text(path, &text, &lines);
                let hits: Vec<Hit> = scanned.hits;
                let findings = engine.findings(path, &text, &lines, &hits);
                (blob.clone(), *change, findings, scanned.timed_out)
            })
            .collect();
        for (blob, change, findings, cut_short) in scanned {
            timed_out += usize::from(cut_short);
            let set = values_in.entry(blob).or_default();
            for (f, value) in findings {
                set.insert(super::value_hash(&engine.salt, &value));
                found.push((change, f, value));
            }
        }
    });
    match result {
        Ok((skipped, missing)) => {
            too_large += skipped;
            if missing > 0 {
                error(
                    out,
                    format!(
                        "{missing} blob(s) of the history are missing from the repository (a partial or \
                         filtered clone): they were not scanned"
                    ),
                );
                out.incomplete = Some(format!("--git-history: {missing} blob(s) missing, not scanned"));
            }
        }
        Err(message) => {
            error(out, format!("cannot read the history's files: {message}"));
            out.incomplete = Some("--git-history was asked for, but the history's files could not be read".into());
        }
    }
    if timed_out > 0 {
        error(out, format!("{timed_out} blob(s) of the history hit the scan's time bound and were scanned in part"));
        out.incomplete = Some(format!("--git-history: {timed_out} blob(s) scanned in part"));
    }
    if too_large > 0 {
        error(out, format!("{too_large} blob(s) of the history over the size limit were not scanned"));
    }

    // the changes of each path, in order, to find where a value left the file
    let mut by_path: HashMap<&str, Vec<usize>> = HashMap::default();
    for (i, c) in changes.iter().enumerate() {
        by_path.entry(c.path.as_str()).or_default().push(i);
    }
    let present: HashSet<String> = out.findings.iter().map(|f| f.fingerprint.clone()).collect();
    let mut reported: HashMap<String, usize> = HashMap::default();
    for (change, mut f, value) in found {
        let c = &changes[change];
        let commit = &commits[c.commit];
        let hash = super::value_hash(&engine.salt, &value);
        let removed = by_path.get(c.path.as_str()).and_then(|list| {
            list.iter().filter(|&&j| j > change).find_map(|&j| {
                let later = &changes[j];
                let gone = match &later.blob {
                    None => true,
                    Some(b) => values_in.get(b).is_some_and(|set| !set.contains(&hash)) || !values_in.contains_key(b),
                };
                gone.then_some(later.commit)
            })
        });
        let short = |s: &str| s.chars().take(12).collect::<String>();
        f.trace.push(TraceStep {
            kind: "commit".into(),
            line: f.line_number.unwrap_or(1).max(1),
            column: f.column.unwrap_or(1).max(1),
            note: format!("{} introduced it ({}, {})", commit.sha, commit.author, commit.date),
        });
        if let Some(r) = removed {
            let rc = &commits[r];
            f.trace.push(TraceStep {
                kind: "removed".into(),
                line: f.line_number.unwrap_or(1).max(1),
                column: f.column.unwrap_or(1).max(1),
                note: format!("{} removed it from {} ({}, {})", rc.sha, c.path, rc.author, rc.date),
            });
            f.description.push_str(&format!(
                " Committed in {} and removed in {}: it was pushed, so it is leaked; rotate it (removing it \
                 is not enough).",
                short(&commit.sha),
                short(&rc.sha)
            ));
        } else {
            f.description.push_str(&format!(
                " Committed in {} by {} on {}.",
                short(&commit.sha),
                commit.author,
                commit.date
            ));
        }
        if present.contains(&f.fingerprint) {
            // still in the working tree: the finding there gets the history
            if let Some(w) = out.findings.iter_mut().find(|w| w.fingerprint == f.fingerprint) {
                if w.trace.is_empty() {
                    w.trace = f.trace.clone();
                    w.description.push_str(&format!(" First committed in {}.", short(&commit.sha)));
                }
            }
            continue;
        }
        // the same value in the same file across commits is one issue: the first commit's
        if reported.contains_key(&f.fingerprint) {
            continue;
        }
        reported.insert(f.fingerprint.clone(), out.findings.len());
        f.title = match removed {
            Some(r) => format!("{} (commit {}, removed in {})", f.title, short(&commit.sha), short(&commits[r].sha)),
            None => format!("{} (commit {})", f.title, short(&commit.sha)),
        };
        out.findings.push(f);
        out.redact.push(value);
    }
    out.notes.push(format!(
        "secrets: git history scanned: {} commit(s){}, {} unique blob(s)",
        commits.len(),
        opts.since.as_deref().map(|s| format!(" not reachable from {s}")).unwrap_or_default(),
        wanted.len()
    ));
}

/// The branch's commits (oldest first) and their changes.
fn log(root: &Path, since: Option<&str>) -> Result<(Vec<Commit>, Vec<Change>), String> {
    let mut args: Vec<String> = [
        "log",
        "--reverse",
        "--topo-order",
        "--raw",
        "-z",
        "--no-abbrev",
        "--no-renames",
        "--no-ext-diff",
        "--no-textconv",
        "--no-color",
        "--format=%x01%H%x00%an%x00%aI",
        "HEAD",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    if let Some(since) = since {
        if since.starts_with('-') {
            return Err(format!("--since {since}: not a ref"));
        }
        // checked to be a commit first, so that a typo is an error rather than an empty scan
        output(root, &["rev-parse", "--verify", "--quiet", "--end-of-options", &format!("{since}^{{commit}}")])
            .map_err(|_| format!("--since {since}: no such commit"))?;
        args.push("--not".into());
        args.push(since.to_string());
    }
    args.push("--".into());
    let mut child =
        git(root).args(&args).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    if let Some(stdout) = child.stdout.take() {
        stdout.take(MAX_LOG_BYTES).read_to_end(&mut raw).map_err(|e| e.to_string())?;
    }
    let status = child.wait().map_err(|e| e.to_string())?;
    if !status.success() {
        let mut err = String::new();
        if let Some(mut e) = child.stderr.take() {
            let _ = e.read_to_string(&mut err);
        }
        if err.contains("does not have any commits") || err.contains("unknown revision") {
            return Ok((Vec::new(), Vec::new()));
        }
        return Err(err.lines().next().unwrap_or("git log failed").to_string());
    }
    Ok(parse_log(&raw))
}

/// Parse `git log --raw -z --format=%x01%H%x00%an%x00%aI`.
fn parse_log(raw: &[u8]) -> (Vec<Commit>, Vec<Change>) {
    let mut commits = Vec::new();
    let mut changes = Vec::new();
    let mut fields = raw.split(|b| *b == 0).map(|f| String::from_utf8_lossy(f).into_owned()).peekable();
    while let Some(field) = fields.next() {
        let field = field.trim_start_matches('\n');
        if let Some(sha) = field.strip_prefix('\u{1}') {
            let author = fields.next().unwrap_or_default();
            let date = fields.next().unwrap_or_default();
            // the date field runs into the first raw entry after a newline
            let (date, rest) = match date.split_once('\n') {
                Some((d, r)) => (d.to_string(), Some(r.to_string())),
                None => (date, None),
            };
            commits.push(Commit {
                sha: sha.to_string(),
                author: author.trim().to_string(),
                date: date.trim().to_string(),
            });
            if let Some(entry) = rest.filter(|r| r.starts_with(':')) {
                let path = fields.next().unwrap_or_default();
                push_change(&mut changes, commits.len() - 1, &entry, path);
            }
        } else if field.starts_with(':') && !commits.is_empty() {
            let path = fields.next().unwrap_or_default();
            push_change(&mut changes, commits.len() - 1, field, path);
        }
    }
    (commits, changes)
}

fn push_change(changes: &mut Vec<Change>, commit: usize, entry: &str, path: String) {
    // `:100644 100644 <old> <new> M`
    let parts: Vec<&str> = entry.trim_start_matches(':').split_whitespace().collect();
    let (Some(new_mode), Some(new), Some(status)) = (parts.get(1), parts.get(3), parts.get(4)) else { return };
    let blob = match status.chars().next() {
        Some('D') => None,
        // regular files and symlinks' targets are text; submodules (160000) are not blobs
        _ if new_mode.starts_with("160") => return,
        _ => Some(new.to_string()),
    };
    changes.push(Change { commit, path, blob });
}

/// Read the wanted blobs with one `git cat-file --batch`, in batches handed to `scan`; blobs over the
/// size limit are skipped (counted).
fn read_blobs(
    root: &Path,
    wanted: &[(String, usize)],
    max_bytes: u64,
    mut scan: impl FnMut(Vec<(String, usize, Vec<u8>)>),
) -> Result<(usize, usize), String> {
    if wanted.is_empty() {
        return Ok((0, 0));
    }
    let mut child = git(root)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| e.to_string())?;
    let mut stdin = child.stdin.take().ok_or("no stdin")?;
    let list: Vec<String> = wanted.iter().map(|(b, _)| b.clone()).collect();
    let writer = std::thread::spawn(move || {
        for b in list {
            if writeln!(stdin, "{b}").is_err() {
                break;
            }
        }
    });
    let stdout = child.stdout.take().ok_or("no stdout")?;
    let mut reader = BufReader::with_capacity(1 << 20, stdout);
    let mut batch = Vec::new();
    let mut batch_bytes = 0usize;
    let mut skipped = 0usize;
    let mut missing = 0usize;
    let mut header = String::new();
    for (blob, change) in wanted {
        header.clear();
        if reader.by_ref().take(1024).read_line(&mut header).map_err(|e| e.to_string())? == 0 {
            return Err("git cat-file ended early".into());
        }
        let parts: Vec<&str> = header.split_whitespace().collect();
        if parts.get(1) == Some(&"missing") {
            missing += 1;
            continue;
        }
        let size: u64 = parts.get(2).and_then(|s| s.parse().ok()).ok_or("unexpected git cat-file output")?;
        if size > max_bytes {
            // read past it without keeping it
            std::io::copy(&mut reader.by_ref().take(size + 1), &mut std::io::sink()).map_err(|e| e.to_string())?;
            skipped += 1;
            continue;
        }
        let mut bytes = Vec::with_capacity(size as usize);
        reader.by_ref().take(size).read_to_end(&mut bytes).map_err(|e| e.to_string())?;
        let mut nl = [0u8; 1];
        reader.read_exact(&mut nl).map_err(|e| e.to_string())?;
        batch_bytes += bytes.len();
        batch.push((blob.clone(), *change, bytes));
        if batch_bytes >= BATCH_BYTES {
            scan(std::mem::take(&mut batch));
            batch_bytes = 0;
        }
    }
    if !batch.is_empty() {
        scan(batch);
    }
    let _ = writer.join();
    let _ = child.wait();
    Ok((skipped, missing))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_raw_log_output() {
        let raw = b"\x01aaa\x00Ann\x002024-01-01T00:00:00+00:00\n:000000 100644 0000 bbb A\x00app/.env\x00:100644 100644 bbb ccc M\x00x.py\x00\x01ddd\x00Bob\x002024-01-02T00:00:00+00:00\n:100644 000000 ccc 0000 D\x00x.py\x00";
        let (commits, changes) = parse_log(raw);
        assert_eq!(commits.len(), 2);
        assert_eq!(commits[1].author, "Bob");
        assert_eq!(changes.len(), 3);
        assert_eq!(changes[0].path, "app/.env");
        assert_eq!(changes[0].blob.as_deref(), Some("bbb"));
        assert_eq!(changes[2].commit, 1);
        assert!(changes[2].blob.is_none());
    }
}
