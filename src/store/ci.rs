//! Where a scan ran: the CI provider and run, the commit, the branch, the pull request. Read from the
//! CI's environment variables, or locally from `.git` as files (git itself is never run).
use serde::Serialize;
use std::path::{Path, PathBuf};

/// A CI system we recognise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CiProvider {
    GithubActions,
    GitlabCi,
    Jenkins,
    Circleci,
}

impl CiProvider {
    pub fn as_str(self) -> &'static str {
        match self {
            CiProvider::GithubActions => "github-actions",
            CiProvider::GitlabCi => "gitlab-ci",
            CiProvider::Jenkins => "jenkins",
            CiProvider::Circleci => "circleci",
        }
    }
}

/// What the store records about a scan besides its report.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ScanMeta {
    /// Display name of the project; default: the last component of the root.
    pub project_name: Option<String>,
    pub commit_sha: Option<String>,
    pub branch: Option<String>,
    pub ci_provider: Option<CiProvider>,
    pub ci_run_id: Option<String>,
    /// Pull/merge request number.
    pub pull_request: Option<String>,
    /// RFC 3339.
    pub started_at: Option<String>,
    pub finished_at: Option<String>,
    /// Default: the report's `total` timing.
    pub duration_ms: Option<u64>,
}

/// Branch and commit of a checkout.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct GitHead {
    /// `None` when HEAD is detached.
    pub branch: Option<String>,
    pub commit: Option<String>,
}

/// The number at the end of `…/pull/N`, `refs/pull/N/merge`, or `N` itself.
fn pr_number(s: &str) -> Option<String> {
    let parts: Vec<&str> = s.trim().trim_end_matches('/').split('/').collect();
    let n = match parts.iter().position(|p| *p == "pull" || *p == "pulls") {
        Some(i) => parts.get(i + 1)?,
        None => parts.last()?,
    };
    (!n.is_empty() && n.chars().all(|c| c.is_ascii_digit())).then(|| n.to_string())
}

impl ScanMeta {
    /// Detect the CI provider and what it tells about the run; an empty `ScanMeta` outside CI.
    /// `env` looks a variable up (`&|k| std::env::var(k).ok()` for the process environment);
    /// empty values count as unset.
    pub fn from_env(env: &dyn Fn(&str) -> Option<String>) -> ScanMeta {
        let get = |k: &str| env(k).map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
        let first = |ks: &[&str]| ks.iter().find_map(|k| get(k));
        let mut m = ScanMeta::default();
        if get("GITHUB_ACTIONS").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
            m.ci_provider = Some(CiProvider::GithubActions);
            m.ci_run_id = get("GITHUB_RUN_ID");
            m.commit_sha = get("GITHUB_SHA");
            // GITHUB_HEAD_REF is the source branch of a pull request; GITHUB_REF_NAME is `N/merge` there.
            m.branch = first(&["GITHUB_HEAD_REF", "GITHUB_REF_NAME"]);
            m.pull_request = get("GITHUB_REF").filter(|r| r.starts_with("refs/pull/")).and_then(|r| pr_number(&r));
        } else if get("GITLAB_CI").is_some() {
            m.ci_provider = Some(CiProvider::GitlabCi);
            m.ci_run_id = get("CI_PIPELINE_ID");
            m.commit_sha = get("CI_COMMIT_SHA");
            m.branch = first(&["CI_MERGE_REQUEST_SOURCE_BRANCH_NAME", "CI_COMMIT_BRANCH", "CI_COMMIT_REF_NAME"]);
            m.pull_request = get("CI_MERGE_REQUEST_IID");
        } else if get("CIRCLECI").is_some() {
            m.ci_provider = Some(CiProvider::Circleci);
            m.ci_run_id = first(&["CIRCLE_WORKFLOW_ID", "CIRCLE_BUILD_NUM"]);
            m.commit_sha = get("CIRCLE_SHA1");
            m.branch = get("CIRCLE_BRANCH");
            m.pull_request = get("CIRCLE_PULL_REQUEST").and_then(|u| pr_number(&u)).or_else(|| get("CIRCLE_PR_NUMBER"));
        } else if get("JENKINS_URL").is_some() {
            m.ci_provider = Some(CiProvider::Jenkins);
            m.ci_run_id = first(&["BUILD_ID", "BUILD_NUMBER"]);
            m.commit_sha = get("GIT_COMMIT");
            // Multibranch pipelines: CHANGE_BRANCH is a PR's source branch, BRANCH_NAME the branch
            // (or `PR-N`); the git plugin's GIT_BRANCH is `origin/main`.
            m.branch = first(&["CHANGE_BRANCH", "BRANCH_NAME"]).or_else(|| {
                get("GIT_BRANCH").map(|b| {
                    let b = b.strip_prefix("refs/heads/").unwrap_or(&b);
                    b.strip_prefix("origin/").unwrap_or(b).to_string()
                })
            });
            m.pull_request = get("CHANGE_ID");
        }
        m
    }

    /// [`ScanMeta::from_env`], then the branch and commit it lacks from the `.git` of `root` (or of
    /// the nearest folder above it).
    pub fn detect(root: &Path, env: &dyn Fn(&str) -> Option<String>) -> ScanMeta {
        let mut m = ScanMeta::from_env(env);
        if m.branch.is_none() || m.commit_sha.is_none() {
            if let Some(head) = read_git_head(root) {
                if m.commit_sha.is_none() {
                    m.commit_sha = head.commit;
                }
                if m.branch.is_none() {
                    m.branch = head.branch;
                }
            }
        }
        m
    }
}

fn read_trimmed(p: &Path) -> Option<String> {
    std::fs::read_to_string(p).ok().map(|s| s.trim().to_string())
}

fn is_sha(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.chars().all(|c| c.is_ascii_hexdigit())
}

/// The git directory of a checkout at or above `start`: `.git` itself, or where a `.git` file
/// (worktree, submodule) points with `gitdir: …`.
fn git_dir(start: &Path) -> Option<PathBuf> {
    let start = std::fs::canonicalize(start).unwrap_or_else(|_| start.to_path_buf());
    for dir in start.ancestors() {
        let dotgit = dir.join(".git");
        if dotgit.is_dir() {
            return Some(dotgit);
        }
        if dotgit.is_file() {
            let text = read_trimmed(&dotgit)?;
            let target = text.strip_prefix("gitdir:")?.trim();
            return Some(dir.join(target));
        }
    }
    None
}

/// Resolve a ref (`refs/heads/main`) to a commit: loose ref file, then `packed-refs`.
fn resolve_ref(git: &Path, common: &Path, name: &str) -> Option<String> {
    for base in [git, common] {
        if let Some(s) = read_trimmed(&base.join(name)).filter(|s| is_sha(s)) {
            return Some(s);
        }
    }
    let packed = std::fs::read_to_string(common.join("packed-refs")).ok()?;
    packed.lines().find_map(|line| {
        if line.starts_with('#') || line.starts_with('^') {
            return None;
        }
        let (sha, r) = line.split_once(' ')?;
        (r.trim() == name && is_sha(sha)).then(|| sha.to_string())
    })
}

/// Branch and commit of the checkout at or above `start`, read from `.git` as files. `None` when
/// there is no git directory; a branch without commits yet has `commit: None`.
pub(crate) fn read_git_head(start: &Path) -> Option<GitHead> {
    let git = git_dir(start)?;
    let head = read_trimmed(&git.join("HEAD"))?;
    // Linked worktrees keep their refs in the common directory.
    let common = read_trimmed(&git.join("commondir")).map(|c| git.join(c)).unwrap_or_else(|| git.clone());
    if let Some(name) = head.strip_prefix("ref:") {
        let name = name.trim();
        Some(GitHead {
            branch: Some(name.strip_prefix("refs/heads/").unwrap_or(name).to_string()),
            commit: resolve_ref(&git, &common, name),
        })
    } else if is_sha(&head) {
        Some(GitHead { branch: None, commit: Some(head) })
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn meta(vars: &[(&str, &str)]) -> ScanMeta {
        let map: HashMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ScanMeta::from_env(&|k| map.get(k).cloned())
    }

    #[test]
    fn github_actions_push_and_pull_request() {
        let push = meta(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_RUN_ID", "123"),
            ("GITHUB_SHA", "abc"),
            ("GITHUB_REF", "refs/heads/main"),
            ("GITHUB_REF_NAME", "main"),
            ("GITHUB_HEAD_REF", ""),
        ]);
        assert_eq!(push.ci_provider, Some(CiProvider::GithubActions));
        assert_eq!(push.ci_run_id.as_deref(), Some("123"));
        assert_eq!(push.commit_sha.as_deref(), Some("abc"));
        assert_eq!(push.branch.as_deref(), Some("main"));
        assert_eq!(push.pull_request, None);

        let pr = meta(&[
            ("GITHUB_ACTIONS", "true"),
            ("GITHUB_REF", "refs/pull/42/merge"),
            ("GITHUB_REF_NAME", "42/merge"),
            ("GITHUB_HEAD_REF", "feature/x"),
        ]);
        assert_eq!(pr.branch.as_deref(), Some("feature/x"));
        assert_eq!(pr.pull_request.as_deref(), Some("42"));
    }

    #[test]
    fn gitlab_ci_branch_and_merge_request() {
        let m = meta(&[
            ("GITLAB_CI", "true"),
            ("CI_PIPELINE_ID", "9001"),
            ("CI_COMMIT_SHA", "def"),
            ("CI_COMMIT_REF_NAME", "develop"),
            ("CI_MERGE_REQUEST_IID", "7"),
        ]);
        assert_eq!(m.ci_provider, Some(CiProvider::GitlabCi));
        assert_eq!(m.ci_run_id.as_deref(), Some("9001"));
        assert_eq!(m.commit_sha.as_deref(), Some("def"));
        assert_eq!(m.branch.as_deref(), Some("develop"));
        assert_eq!(m.pull_request.as_deref(), Some("7"));
    }

    #[test]
    fn jenkins_git_plugin_and_multibranch() {
        let m = meta(&[
            ("JENKINS_URL", "https://ci.example/"),
            ("BUILD_NUMBER", "55"),
            ("GIT_COMMIT", "0123"),
            ("GIT_BRANCH", "origin/release"),
        ]);
        assert_eq!(m.ci_provider, Some(CiProvider::Jenkins));
        assert_eq!(m.ci_run_id.as_deref(), Some("55"));
        assert_eq!(m.commit_sha.as_deref(), Some("0123"));
        assert_eq!(m.branch.as_deref(), Some("release"));
        assert_eq!(m.pull_request, None);

        let pr = meta(&[
            ("JENKINS_URL", "https://ci.example/"),
            ("BUILD_ID", "56"),
            ("BRANCH_NAME", "PR-12"),
            ("CHANGE_BRANCH", "fix-login"),
            ("CHANGE_ID", "12"),
        ]);
        assert_eq!(pr.ci_run_id.as_deref(), Some("56"));
        assert_eq!(pr.branch.as_deref(), Some("fix-login"));
        assert_eq!(pr.pull_request.as_deref(), Some("12"));
    }

    #[test]
    fn circleci_workflow_and_pull_request_url() {
        let m = meta(&[
            ("CIRCLECI", "true"),
            ("CIRCLE_WORKFLOW_ID", "wf-1"),
            ("CIRCLE_BUILD_NUM", "77"),
            ("CIRCLE_SHA1", "fedc"),
            ("CIRCLE_BRANCH", "topic"),
            ("CIRCLE_PULL_REQUEST", "https://github.com/o/r/pull/314"),
        ]);
        assert_eq!(m.ci_provider, Some(CiProvider::Circleci));
        assert_eq!(m.ci_run_id.as_deref(), Some("wf-1"));
        assert_eq!(m.commit_sha.as_deref(), Some("fedc"));
        assert_eq!(m.branch.as_deref(), Some("topic"));
        assert_eq!(m.pull_request.as_deref(), Some("314"));
        let build = meta(&[("CIRCLECI", "true"), ("CIRCLE_BUILD_NUM", "77")]);
        assert_eq!(build.ci_run_id.as_deref(), Some("77"));
    }

    #[test]
    fn outside_ci_nothing_is_detected() {
        assert_eq!(meta(&[("CI", "true"), ("HOME", "/root")]), ScanMeta::default());
        assert_eq!(meta(&[("GITHUB_ACTIONS", "false")]), ScanMeta::default());
    }

    const SHA: &str = "0123456789abcdef0123456789abcdef01234567";
    const SHA2: &str = "89abcdef0123456789abcdef0123456789abcdef";

    #[test]
    fn local_branch_and_commit_from_dot_git_files() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        std::fs::create_dir_all(git.join("refs/heads/feature")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: refs/heads/feature/a\n").unwrap();
        std::fs::write(git.join("refs/heads/feature/a"), format!("{SHA}\n")).unwrap();
        let sub = dir.path().join("src/app");
        std::fs::create_dir_all(&sub).unwrap();
        // Found from a subfolder too.
        let head = read_git_head(&sub).unwrap();
        assert_eq!(head.branch.as_deref(), Some("feature/a"));
        assert_eq!(head.commit.as_deref(), Some(SHA));

        // Packed refs.
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(
            git.join("packed-refs"),
            format!("# pack-refs with: peeled fully-peeled sorted\n{SHA2} refs/heads/main\n^{SHA}\n"),
        )
        .unwrap();
        let head = read_git_head(dir.path()).unwrap();
        assert_eq!(head.branch.as_deref(), Some("main"));
        assert_eq!(head.commit.as_deref(), Some(SHA2));

        // A branch without commits yet.
        std::fs::write(git.join("HEAD"), "ref: refs/heads/empty\n").unwrap();
        let head = read_git_head(dir.path()).unwrap();
        assert_eq!((head.branch.as_deref(), head.commit), (Some("empty"), None));

        // Detached.
        std::fs::write(git.join("HEAD"), format!("{SHA}\n")).unwrap();
        let head = read_git_head(dir.path()).unwrap();
        assert_eq!((head.branch, head.commit.as_deref()), (None, Some(SHA)));
    }

    #[test]
    fn linked_worktree_dot_git_file() {
        let dir = tempfile::tempdir().unwrap();
        let common = dir.path().join("main/.git");
        let wt_git = common.join("worktrees/wt");
        std::fs::create_dir_all(common.join("refs/heads")).unwrap();
        std::fs::create_dir_all(&wt_git).unwrap();
        std::fs::write(common.join("refs/heads/topic"), SHA).unwrap();
        std::fs::write(wt_git.join("HEAD"), "ref: refs/heads/topic\n").unwrap();
        std::fs::write(wt_git.join("commondir"), "../..\n").unwrap();
        let checkout = dir.path().join("wt");
        std::fs::create_dir_all(&checkout).unwrap();
        std::fs::write(checkout.join(".git"), format!("gitdir: {}\n", wt_git.display())).unwrap();
        let head = read_git_head(&checkout).unwrap();
        assert_eq!(head.branch.as_deref(), Some("topic"));
        assert_eq!(head.commit.as_deref(), Some(SHA));
    }

    #[test]
    fn detect_fills_what_ci_does_not_say_from_git() {
        let dir = tempfile::tempdir().unwrap();
        let git = dir.path().join(".git");
        std::fs::create_dir_all(git.join("refs/heads")).unwrap();
        std::fs::write(git.join("HEAD"), "ref: refs/heads/main\n").unwrap();
        std::fs::write(git.join("refs/heads/main"), SHA).unwrap();
        let local = ScanMeta::detect(dir.path(), &|_| None);
        assert_eq!(local.branch.as_deref(), Some("main"));
        assert_eq!(local.commit_sha.as_deref(), Some(SHA));
        assert_eq!(local.ci_provider, None);
        let ci =
            ScanMeta::detect(dir.path(), &|k| (k == "GITLAB_CI" || k == "CI_COMMIT_REF_NAME").then(|| "x".to_string()));
        assert_eq!(ci.branch.as_deref(), Some("x"));
        assert_eq!(ci.commit_sha.as_deref(), Some(SHA));
        // No checkout at all.
        let none = tempfile::tempdir().unwrap();
        assert_eq!(read_git_head(none.path()), None);
    }
}
