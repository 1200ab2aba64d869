//! pip requirements files, found by convention: every `.txt` whose name contains `requirements`
//! (`requirements.txt`, `test-requirements.txt`, `requirements_dev.txt`, `prod.requirements.txt`), every
//! `.txt` inside a folder named `requirements` at any depth below it (`requirements/base.txt`), and
//! `constraints*.txt`.
//!
//! Follows pip's own reading order: physical lines ending in `\` are joined (a comment line never
//! continues), comments (`#` at the start or after whitespace) are dropped, and the line is split at
//! the first whitespace-separated token that starts with `-`: what comes before is the requirement,
//! what follows are its per-requirement options (`--hash`, `--config-settings`…), which are ignored.
//! A line that is only options is a global option line: `-r`/`--requirement` includes another file,
//! `-c`/`--constraint` names a constraints file (read like an include: its pins are what gets installed
//! of those packages), `-e`/`--editable` names an editable source, and index/find-links/trusted-host
//! style options are ignored.
//!
//! Includes are resolved relative to the including file's directory, read from disk and confined to
//! the scanned root: an include that leaves it (by `..` or through a symlink), a missing file and an
//! include cycle each give a warning and the scan goes on. Packages from an included file carry that
//! file's path and line numbers. An included file that the scan reads on its own (it is named like a
//! requirements file) is not read again through the include. Environment variables (`${VAR}`) are
//! never expanded.
//!
//! The PEP 508 helpers at the bottom are shared with the other Python manifest extractors.
#[cfg(test)]
use super::pep508::sdist_name;
use super::pep508::{has_url_scheme, looks_like_source, parse_pep508, source_dep, SourceDep};
use super::{ExtractError, Extraction, Extractor, FileKind, Source};
use crate::model::{Ecosystem, FileError, Package};
use std::collections::HashSet;
use std::path::{Component, Path, PathBuf};

pub(crate) struct Requirements;

/// Included files larger than this are refused (the engine applies its own limit to the file itself).
const MAX_INCLUDE_BYTES: u64 = 32 * 1024 * 1024;
/// Includes nested deeper than this are not followed (each level is a stack frame).
const MAX_INCLUDE_DEPTH: usize = 32;

impl Extractor for Requirements {
    fn name(&self) -> &'static str {
        "requirements.txt"
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::PyPI
    }
    fn kind(&self) -> FileKind {
        FileKind::Manifest
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["*requirements*.txt", "constraints*.txt"]
    }
    fn package_manager(&self) -> &'static str {
        "pip"
    }
    fn path_patterns(&self) -> &'static [&'static str] {
        &["**/requirements/**/*.txt"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let root = std::fs::canonicalize(src.root).unwrap_or_else(|_| src.root.to_path_buf());
        let mut reader = Reader {
            root,
            given_root: normalize_lexically(src.root),
            out: Extraction::default(),
            chain: Vec::new(),
            done: HashSet::new(),
            read_separately: src.read_separately,
            constraint: is_constraints_file(src.rel),
        };
        // the file itself is the start of the include chain (an include of it is a cycle)
        if let Ok(me) = std::fs::canonicalize(src.path) {
            reader.chain.push(me);
        }
        let dir = src.path.parent().unwrap_or(Path::new(""));
        reader.read(src.content, src.rel, dir);
        Ok(reader.out)
    }
}

/// Reads one requirements file and, recursively, the files it includes.
struct Reader<'a> {
    /// The canonical scanned root; includes must resolve inside it.
    root: PathBuf,
    /// The root as given, lexically normalised (for the check made before touching the file system).
    given_root: PathBuf,
    out: Extraction,
    /// Canonical paths of the files being read, outermost first (to detect include cycles).
    chain: Vec<PathBuf>,
    /// Canonical paths of files already read completely (a file included twice is read once).
    done: HashSet<PathBuf>,
    /// Files the scan reads on their own (see [`Source::read_separately`]).
    read_separately: Option<&'a HashSet<PathBuf>>,
    /// Reading a constraints file (named `constraints*.txt`, or reached through `-c`).
    constraint: bool,
}

impl Reader<'_> {
    fn warn(&mut self, rel: &str, line: u32, message: String) {
        let mut w = FileError::new("deps", rel, message);
        w.line_number = Some(line);
        self.out.warnings.push(w);
    }

    fn read(&mut self, content: &str, rel: &str, dir: &Path) {
        for (line_no, text) in logical_lines(content) {
            let line = strip_comment(&text).trim();
            if line.is_empty() {
                continue;
            }
            let (args, options) = split_args_options(line);
            if args.is_empty() {
                self.option_line(options, rel, dir, line_no);
            } else {
                self.requirement_line(args, rel, line_no, false);
            }
        }
    }

    /// A line that starts with an option: includes, constraints, editables, or global settings.
    fn option_line(&mut self, options: &str, rel: &str, dir: &Path, line_no: u32) {
        let tokens = split_tokens(options);
        let mut i = 0;
        while let Some(token) = tokens.get(i) {
            i += 1;
            let Some((opt, inline_value)) = parse_option(token) else {
                // stray positional text after options: pip ignores it
                continue;
            };
            let Some(kind) = option_kind(opt) else {
                self.warn(rel, line_no, format!("unknown pip option {opt}; line skipped"));
                return;
            };
            let value = match (kind, inline_value) {
                (OptionKind::Flag, _) => continue,
                (_, Some(v)) => Some(v),
                (_, None) => {
                    let v = tokens.get(i).cloned();
                    i += 1;
                    v
                }
            };
            let Some(value) = value.filter(|v| !v.is_empty()) else {
                self.warn(rel, line_no, format!("option {opt} needs a value; line skipped"));
                return;
            };
            match kind {
                OptionKind::Include => self.include(&value, rel, dir, line_no, self.constraint),
                OptionKind::Constraint => self.include(&value, rel, dir, line_no, true),
                OptionKind::Editable => self.requirement_line(&value, rel, line_no, true),
                OptionKind::Flag | OptionKind::Ignored => {}
            }
        }
    }

    fn requirement_line(&mut self, args: &str, rel: &str, line_no: u32, editable: bool) {
        let parsed = if editable || looks_like_source(args) { None } else { Some(parse_pep508(args)) };
        let dep = match parsed {
            Some(Ok(dep)) => dep,
            Some(Err(e)) => {
                let msg = if args.contains("${") {
                    format!("invalid requirement {args:?} (environment variables are not expanded): {e}")
                } else {
                    format!("invalid requirement {args:?}: {e}")
                };
                self.warn(rel, line_no, msg);
                return;
            }
            None => match source_dep(args) {
                SourceDep::Named(dep) => dep,
                SourceDep::LocalProject => return,
                SourceDep::Unnamed(source) => {
                    self.warn(rel, line_no, format!("cannot tell the package name of {source:?}; skipped"));
                    return;
                }
            },
        };
        if self.constraint && (dep.version.is_none() || dep.requirement.is_some()) {
            // a range or a source in a constraints file bounds what may be installed, not what is
            return;
        }
        let mut p = Package::new(Ecosystem::PyPI, &dep.name, dep.version, rel).at_line(Some(line_no));
        p.requirement = dep.requirement;
        p.constraint = self.constraint;
        self.out.packages.push(p);
    }

    /// `-r FILE`: read FILE (relative to the including file's directory) if it stays inside the root.
    fn include(&mut self, target: &str, rel: &str, dir: &Path, line_no: u32, constraint: bool) {
        if has_url_scheme(target) {
            self.warn(rel, line_no, format!("include {target} is a URL; not fetched"));
            return;
        }
        let joined = dir.join(target);
        // a lexical check first, so that a path outside the root is never touched
        let lexical = normalize_lexically(&joined);
        if lexical.is_absolute() && !lexical.starts_with(&self.root) && !lexical.starts_with(&self.given_root) {
            self.warn(rel, line_no, format!("include {target} leaves the scanned root; refused"));
            return;
        }
        let canonical = match std::fs::canonicalize(&joined) {
            Ok(p) => p,
            Err(e) => {
                self.warn(rel, line_no, format!("cannot read include {target}: {e}"));
                return;
            }
        };
        if !canonical.starts_with(&self.root) {
            self.warn(rel, line_no, format!("include {target} leaves the scanned root; refused"));
            return;
        }
        if self.read_separately.is_some_and(|set| set.contains(&canonical)) {
            // the scan reads that file on its own: its packages (and warnings) come from there, once
            return;
        }
        if self.chain.contains(&canonical) {
            self.warn(rel, line_no, format!("include {target} forms a cycle; not read again"));
            return;
        }
        if self.done.contains(&canonical) {
            return;
        }
        if self.chain.len() > MAX_INCLUDE_DEPTH {
            self.warn(
                rel,
                line_no,
                format!("include {target} is nested deeper than {MAX_INCLUDE_DEPTH} files; not read"),
            );
            return;
        }
        let content = match std::fs::metadata(&canonical) {
            Ok(m) if !m.is_file() => Err(format!("{target} is not a file")),
            Ok(m) if m.len() > MAX_INCLUDE_BYTES => Err(format!("{target} is larger than {MAX_INCLUDE_BYTES} bytes")),
            Ok(_) => std::fs::read_to_string(&canonical).map_err(|e| format!("{target}: {e}")),
            Err(e) => Err(format!("{target}: {e}")),
        };
        let content = match content {
            Ok(c) => c,
            Err(e) => {
                self.warn(rel, line_no, format!("cannot read include {e}"));
                return;
            }
        };
        let inc_rel = relative_to(&canonical, &self.root);
        let inc_dir = joined.parent().map(Path::to_path_buf).unwrap_or_default();
        self.chain.push(canonical.clone());
        let outer = std::mem::replace(&mut self.constraint, constraint);
        self.read(&content, &inc_rel, &inc_dir);
        self.constraint = outer;
        self.chain.pop();
        self.done.insert(canonical);
    }
}

/// Whether a file is a constraints file by its name (`constraints.txt`, `constraints-prod.txt`).
fn is_constraints_file(rel: &str) -> bool {
    rel.rsplit('/').next().is_some_and(|name| name.to_ascii_lowercase().starts_with("constraints"))
}

/// Physical lines joined where pip joins them: `(first line number, joined text)`.
fn logical_lines(content: &str) -> Vec<(u32, String)> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut out = Vec::new();
    let mut pending: Option<(u32, String)> = None;
    for (i, line) in content.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let line = line.strip_suffix('\r').unwrap_or(line);
        let comment = line.trim_start().starts_with('#');
        if !line.ends_with('\\') || comment {
            match pending.take() {
                Some((start, mut joined)) => {
                    if comment {
                        joined.push(' ');
                    }
                    joined.push_str(line);
                    out.push((start, joined));
                }
                None => out.push((n, line.to_string())),
            }
        } else {
            let part = line.trim_end_matches('\\');
            match &mut pending {
                Some((_, joined)) => joined.push_str(part),
                None => pending = Some((n, part.to_string())),
            }
        }
    }
    out.extend(pending);
    out
}

/// Drop a comment: `#` at the start of the line or after whitespace (pip's rule; `a#b` is not one).
fn strip_comment(line: &str) -> &str {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '#' && prev_space {
            return &line[..i];
        }
        prev_space = c.is_whitespace();
    }
    line
}

/// Split at the first whitespace-separated token starting with `-`: (requirement, options).
fn split_args_options(line: &str) -> (&str, &str) {
    let mut prev_space = true;
    for (i, c) in line.char_indices() {
        if c == '-' && prev_space {
            return (line[..i].trim(), &line[i..]);
        }
        prev_space = c.is_whitespace();
    }
    (line.trim(), "")
}

/// Whitespace-separated tokens with simple shell quoting (`'a b'`, `"a b"`).
fn split_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut has = false;
    let mut quote: Option<char> = None;
    for c in text.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                has = true;
            }
            None if c.is_whitespace() => {
                if has {
                    out.push(std::mem::take(&mut cur));
                    has = false;
                }
            }
            None => {
                cur.push(c);
                has = true;
            }
        }
    }
    if has {
        out.push(cur);
    }
    out
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum OptionKind {
    Include,
    Constraint,
    Editable,
    /// Takes a value that does not matter here (index URLs, hashes…).
    Ignored,
    /// Takes no value.
    Flag,
}

/// Split `--name=value`, `-rfile`, `--name`, `-r` into the option and an inline value.
fn parse_option(token: &str) -> Option<(&str, Option<String>)> {
    if let Some(long) = token.strip_prefix("--") {
        if long.is_empty() {
            return None;
        }
        return Some(match token.split_once('=') {
            Some((name, value)) => (name, Some(value.to_string())),
            None => (token, None),
        });
    }
    // a short option is `-` and one character; the rest of the token is its value
    let first = token.strip_prefix('-')?.chars().next()?;
    let (name, value) = token.split_at(1 + first.len_utf8());
    let value = value.strip_prefix('=').unwrap_or(value);
    Some((name, (!value.is_empty()).then(|| value.to_string())))
}

fn option_kind(opt: &str) -> Option<OptionKind> {
    Some(match opt {
        "-r" | "--requirement" => OptionKind::Include,
        "-c" | "--constraint" => OptionKind::Constraint,
        "-e" | "--editable" => OptionKind::Editable,
        "-i" | "--index-url" | "--extra-index-url" | "-f" | "--find-links" | "--trusted-host" | "--no-binary"
        | "--only-binary" | "--use-feature" | "--hash" | "--global-option" | "--install-option" | "-C"
        | "--config-settings" | "--platform" | "--python-version" | "--implementation" | "--abi" => OptionKind::Ignored,
        "--no-index"
        | "--pre"
        | "--prefer-binary"
        | "--require-hashes"
        | "-Z"
        | "--always-unzip"
        | "--process-dependency-links"
        | "--no-deps" => OptionKind::Flag,
        _ => return None,
    })
}

/// Resolve `.` and `..` without touching the file system.
fn normalize_lexically(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `path` relative to `root` with `/` separators (both canonical).
fn relative_to(path: &Path, root: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(content: &str) -> Extraction {
        let root = std::env::temp_dir();
        let path = root.join("secscan-no-such-dir/requirements.txt");
        let src = Source { read_separately: None, root: &root, path: &path, rel: "requirements.txt", content };
        Requirements.extract(&src).expect("extracts")
    }

    fn summary(x: &Extraction) -> Vec<(String, Option<String>, Option<u32>)> {
        x.packages.iter().map(|p| (p.name.clone(), p.version.clone(), p.line_number)).collect()
    }

    #[test]
    fn pins_ranges_and_markers() {
        let x = run(
            "a==1.0\nb>=2\nc==1.*\nd===1.0\ne==1.0; python_version<\"3\"\nf ; os_name=='nt'\nPkg.Name==1.2-alpha\n",
        );
        assert_eq!(
            summary(&x),
            vec![
                ("a".into(), Some("1.0".into()), Some(1)),
                ("b".into(), None, Some(2)),
                ("c".into(), None, Some(3)),
                ("d".into(), Some("1.0".into()), Some(4)),
                ("e".into(), Some("1.0".into()), Some(5)),
                ("f".into(), None, Some(6)),
                ("pkg-name".into(), Some("1.2-alpha".into()), Some(7)),
            ]
        );
        assert_eq!(x.packages[1].requirement.as_deref(), Some("b>=2"));
        assert_eq!(x.packages[5].requirement.as_deref(), Some("f ; os_name=='nt'"));
        assert_eq!(x.packages[4].requirement, None);
    }

    #[test]
    fn continuations_comments_and_options() {
        let x = run(
            "# c\nqwerty \\\n  == 0.1 \\\n  --hash=sha256:1\nfoo==1 # note\nbar==2 --hash=sha256:x#y\nlast==3 \\\n",
        );
        assert_eq!(
            summary(&x),
            vec![
                ("qwerty".into(), Some("0.1".into()), Some(2)),
                ("foo".into(), Some("1".into()), Some(5)),
                ("bar".into(), Some("2".into()), Some(6)),
                ("last".into(), Some("3".into()), Some(7)),
            ]
        );
        assert!(x.warnings.is_empty(), "{:?}", x.warnings);
    }

    #[test]
    fn comment_line_never_continues() {
        let x = run("a==1 \\\n# comment \\\nb==2\n");
        assert_eq!(summary(&x), vec![("a".into(), Some("1".into()), Some(1)), ("b".into(), Some("2".into()), Some(3))]);
    }

    #[test]
    fn global_options_are_ignored_and_unknown_ones_warned() {
        // pip reads `-foo==1.0` as `-f oo==1.0` (find-links): nothing to record, nothing wrong
        let x = run("-i https://pypi.example/simple\n--extra-index-url=https://pypi.example/x\n--pre\n-foo==1.0\n-c c.txt\n--bogus x\nok==1\n");
        assert_eq!(summary(&x), vec![("ok".into(), Some("1".into()), Some(7))]);
        // the constraints file is followed like an include (and is missing here); the unknown option warns
        let lines: Vec<_> = x.warnings.iter().map(|w| w.line_number).collect();
        assert_eq!(lines, vec![Some(5), Some(6)], "{:?}", x.warnings);
    }

    #[test]
    fn invalid_lines_are_warned_and_skipped() {
        let x = run("asdf==\n==1.0\nasdf 1.0\nfoo7==1.0 text --hash=sha256:1\nqwert==${VAR}\ngood==1\n");
        assert_eq!(summary(&x), vec![("good".into(), Some("1".into()), Some(6))]);
        assert_eq!(x.warnings.len(), 5);
        assert!(x.warnings[4].message.contains("environment variables"));
    }

    #[test]
    fn urls_vcs_and_paths() {
        let x = run(concat!(
            "urllib3 @ https://files.pythonhosted.example/urllib3-1.26.8.zip\n",
            "-e git+https://git.example/x/y.git@v1#egg=MyPkg\n",
            "git+https://git.example/x/z.git#egg=zed[extra]\n",
            "./downloads/numpy-1.9.2-cp34-none-win32.whl\n",
            "https://files.pythonhosted.example/pkg/Foo_Bar-2.0.tar.gz#sha256=1\n",
            "-e .\n",
            "./local/dir\n",
            "-e git+https://git.example/x/noegg.git\n",
            "name@https://files.pythonhosted.example/n.whl\n",
        ));
        let names: Vec<_> = x.packages.iter().map(|p| (p.name.as_str(), p.requirement.as_deref())).collect();
        assert_eq!(
            names,
            vec![
                ("urllib3", Some("https://files.pythonhosted.example/urllib3-1.26.8.zip")),
                ("mypkg", Some("git+https://git.example/x/y.git@v1#egg=MyPkg")),
                ("zed", Some("git+https://git.example/x/z.git#egg=zed[extra]")),
                ("numpy", Some("./downloads/numpy-1.9.2-cp34-none-win32.whl")),
                ("foo-bar", Some("https://files.pythonhosted.example/pkg/Foo_Bar-2.0.tar.gz#sha256=1")),
                ("name", Some("https://files.pythonhosted.example/n.whl")),
            ]
        );
        assert!(x.packages.iter().all(|p| p.version.is_none()));
        assert_eq!(x.warnings.len(), 1, "{:?}", x.warnings);
        assert_eq!(x.warnings[0].line_number, Some(8));
    }

    #[test]
    fn crlf_and_bom() {
        let x = run("\u{feff}a==1\r\nb==2 \\\r\n --hash=sha256:1\r\n");
        assert_eq!(summary(&x), vec![("a".into(), Some("1".into()), Some(1)), ("b".into(), Some("2".into()), Some(2))]);
    }

    #[test]
    fn option_parsing_forms() {
        assert_eq!(parse_option("-rfile.txt"), Some(("-r", Some("file.txt".to_string()))));
        assert_eq!(parse_option("-r"), Some(("-r", None)));
        assert_eq!(parse_option("--requirement=x.txt"), Some(("--requirement", Some("x.txt".to_string()))));
        assert_eq!(parse_option("--pre"), Some(("--pre", None)));
        assert_eq!(parse_option("-é"), Some(("-é", None)));
        assert_eq!(parse_option("x"), None);
    }

    #[test]
    fn hostile_markers_are_refused() {
        let x = run(&format!("a; {}python_version > '3'{}\n", "(".repeat(100_000), ")".repeat(100_000)));
        assert!(x.packages.is_empty());
        assert_eq!(x.warnings.len(), 1);
    }

    #[test]
    fn long_include_chains_stop() {
        let root = tempfile::tempdir().expect("tempdir");
        let r = root.path();
        for i in 0..100 {
            std::fs::write(r.join(format!("r{i}.txt")), format!("-r r{}.txt\np{i}==1\n", i + 1)).expect("write");
        }
        let content = "-r r0.txt\n";
        let path = r.join("requirements.txt");
        std::fs::write(&path, content).expect("write");
        let src = Source { read_separately: None, root: r, path: &path, rel: "requirements.txt", content };
        let x = Requirements.extract(&src).expect("extracts");
        assert_eq!(x.packages.len(), MAX_INCLUDE_DEPTH);
        assert_eq!(x.warnings.len(), 1, "{:?}", x.warnings);
    }

    #[test]
    fn sdist_names() {
        assert_eq!(sdist_name("foo-bar-1.0.tar.gz").as_deref(), Some("foo-bar"));
        assert_eq!(sdist_name("1.26.8.zip"), None);
    }

    #[cfg(unix)]
    #[test]
    fn includes_are_confined_and_cycles_stopped() {
        let outside = tempfile::tempdir().expect("tempdir");
        std::fs::write(outside.path().join("secret.txt"), "leaked==1\n").expect("write");
        let root = tempfile::tempdir().expect("tempdir");
        let r = root.path();
        std::fs::create_dir(r.join("sub")).expect("mkdir");
        std::fs::write(r.join("sub/a.txt"), "-r ../b.txt\nfroma==1\n").expect("write");
        std::fs::write(r.join("b.txt"), "-r sub/a.txt\nfromb==2\n").expect("write");
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), r.join("link.txt")).expect("symlink");
        let content = "-r sub/a.txt\n-r link.txt\n-r ../escape.txt\n-r missing.txt\ntop==0\n";
        let path = r.join("requirements.txt");
        std::fs::write(&path, content).expect("write");
        let src = Source { read_separately: None, root: r, path: &path, rel: "requirements.txt", content };
        let x = Requirements.extract(&src).expect("extracts");
        let got: Vec<_> = x.packages.iter().map(|p| (p.name.as_str(), p.file_path.as_str(), p.line_number)).collect();
        assert_eq!(
            got,
            vec![("fromb", "b.txt", Some(2)), ("froma", "sub/a.txt", Some(2)), ("top", "requirements.txt", Some(5))]
        );
        // the cycle (b.txt -> sub/a.txt), the symlink, the escape and the missing file
        assert_eq!(x.warnings.len(), 4, "{:?}", x.warnings);
        assert!(x.warnings.iter().any(|w| w.message.contains("cycle") && w.file_path == "b.txt"));
        assert!(x.warnings.iter().filter(|w| w.message.contains("leaves the scanned root")).count() == 2);
    }
}
