//! `Pipfile.lock` (Pipenv, JSON).
//!
//! The `default` section holds the production packages, `develop` the dev ones (`dev = true`);
//! each key is a package name and its `version` is `==1.2.3` (→ `1.2.3`; any other text becomes the
//! `requirement`). Entries from `git` (+ `ref`), `path` or `file` are non-registry packages:
//! `requirement` is the source (`git+<url>@<ref>`, the path, the URL) and the version, when the lock
//! has one, is kept; `path = "."` is the project itself and is left out. An entry with neither
//! version nor source is skipped with a warning.
//!
//! A package with the same version in both sections is reported once, as production. The lock has
//! no graph (`dependency_path` stays empty) and does not say which packages the Pipfile names, so
//! `direct` is false (the engine marks direct packages from the Pipfile). The line is the one of the
//! package's `"name": {` key inside its section.
use super::{ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use crate::model::{Ecosystem, FileError, Package};
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;
use std::collections::HashSet;

pub(crate) struct PipfileLock;

const FORMAT: &str = "Pipfile.lock";
const SECTIONS: [&str; 2] = ["default", "develop"];

impl Extractor for PipfileLock {
    fn name(&self) -> &'static str {
        FORMAT
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::PyPI
    }
    fn kind(&self) -> FileKind {
        FileKind::Lockfile
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["Pipfile.lock"]
    }
    fn package_manager(&self) -> &'static str {
        "pipenv"
    }
    fn locks(&self) -> &'static [&'static str] {
        &["Pipfile"]
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let text = src.content.strip_prefix('\u{feff}').unwrap_or(src.content);
        let mut out = Extraction::default();
        if text.trim().is_empty() {
            return Ok(out);
        }
        let root: Value = serde_json::from_str(text).map_err(|e| ExtractError::Syntax {
            format: FORMAT,
            message: format!("line {}, column {}: {e}", e.line(), e.column()),
        })?;
        let Value::Object(root) = root else {
            return Err(ExtractError::Syntax { format: FORMAT, message: "the top level is not an object".into() });
        };
        let key_lines = section_key_lines(text);
        let warn = |line: Option<u32>, message: String| {
            let mut w = FileError::new("deps", src.rel, message);
            w.line_number = line;
            w
        };
        let mut seen_default: HashSet<(String, Option<String>, Option<String>)> = HashSet::new();
        for (section_index, section) in SECTIONS.iter().enumerate() {
            let dev = section_index == 1;
            let entries = match root.get(*section) {
                None | Some(Value::Null) => continue,
                Some(Value::Object(entries)) => entries,
                Some(_) => {
                    out.warnings.push(warn(None, format!("\"{section}\" is not an object: ignored")));
                    continue;
                }
            };
            for (name, entry) in entries {
                let line = key_lines.get(&(section_index, name.clone())).copied();
                let Some(entry) = entry.as_object() else {
                    out.warnings.push(warn(line, format!("{section} entry {name} is not an object: skipped")));
                    continue;
                };
                let text_of = |k: &str| entry.get(k).and_then(Value::as_str).map(str::trim).filter(|s| !s.is_empty());
                let source = if let Some(git) = text_of("git") {
                    let mut req = if git.starts_with("git+") { git.to_string() } else { format!("git+{git}") };
                    if let Some(r) = text_of("ref") {
                        req.push('@');
                        req.push_str(r);
                    }
                    Some(req)
                } else {
                    text_of("path").or_else(|| text_of("file")).map(str::to_string)
                };
                if source.as_deref().is_some_and(|s| matches!(s.trim_end_matches('/'), "." | "")) {
                    continue; // the project itself (`-e .`)
                }
                let spec = text_of("version");
                let exact = spec.and_then(|v| v.strip_prefix("===").or_else(|| v.strip_prefix("=="))).map(str::trim);
                let (version, requirement) = match (exact.filter(|v| !v.is_empty() && !v.contains('*')), spec) {
                    (Some(v), _) => (Some(v.to_string()), source),
                    (None, Some(spec)) => (None, source.or(Some(spec.to_string()))),
                    (None, None) if source.is_some() => (None, source),
                    (None, None) => {
                        out.warnings
                            .push(warn(line, format!("{section} entry {name} has no version or source: skipped")));
                        continue;
                    }
                };
                let normalized = Ecosystem::PyPI.normalize_name(name);
                let identity = (normalized, version.clone(), requirement.clone());
                if dev {
                    if seen_default.contains(&identity) {
                        continue; // also a production package
                    }
                } else {
                    seen_default.insert(identity);
                }
                let mut pkg = Package::new(Ecosystem::PyPI, name, version, src.rel).at_line(line);
                pkg.requirement = requirement;
                pkg.direct = false;
                pkg.dev = dev;
                out.packages.push(pkg);
            }
        }
        Ok(out)
    }
}

/// Line of every key directly inside the top-level `default` (0) and `develop` (1) objects, by one
/// scan of the (already validated) JSON text. A duplicated key keeps its last line, as the parsed
/// value does.
fn section_key_lines(text: &str) -> HashMap<(usize, String), u32> {
    struct Frame {
        object: bool,
        expect_key: bool,
        key: Option<String>,
        section: Option<usize>,
    }
    let lines = LineIndex::new(text);
    let bytes = text.as_bytes();
    let mut out = HashMap::default();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'"' => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                let depth = stack.len();
                if let Some(top) = stack.last_mut() {
                    if top.object && top.expect_key {
                        // keys of the root object and of the two sections are all we need
                        if depth == 1 || top.section.is_some() {
                            let key: Option<String> = match text.get(start + 1..i) {
                                Some(raw) if !raw.contains('\\') => Some(raw.to_string()),
                                _ => text.get(start..=i).and_then(|s| serde_json::from_str(s).ok()),
                            };
                            if let (Some(section), Some(k)) = (top.section, key.as_ref()) {
                                out.insert((section, k.clone()), lines.line(start));
                            }
                            top.key = key;
                        }
                        top.expect_key = false;
                    }
                }
            }
            b'{' | b'[' => {
                let section = match stack.as_slice() {
                    [root] if bytes[i] == b'{' => {
                        root.key.as_deref().and_then(|k| SECTIONS.iter().position(|s| *s == k))
                    }
                    _ => None,
                };
                let object = bytes[i] == b'{';
                stack.push(Frame { object, expect_key: object, key: None, section });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => {
                if let Some(top) = stack.last_mut() {
                    top.expect_key = top.object;
                }
            }
            _ => {}
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Result<Extraction, ExtractError> {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("Pipfile.lock"),
            rel: "Pipfile.lock",
            content: text,
        };
        PipfileLock.extract(&src)
    }

    #[test]
    fn key_lines_only_inside_sections() {
        let text =
            "{\n \"_meta\": {\"default\": {\"x\": 1}},\n \"default\": {\n  \"a\\\"b\": {\"version\": \"==1\"},\n  \
                    \"c\": {\"hashes\": [\"{\", \"}\"], \"version\": \"==2\"}\n },\n \"develop\": {\"d\": {}}\n}";
        let lines = section_key_lines(text);
        assert_eq!(lines.len(), 3, "{lines:?}");
        assert_eq!(lines[&(0, "a\"b".to_string())], 4);
        assert_eq!(lines[&(0, "c".to_string())], 5);
        assert_eq!(lines[&(1, "d".to_string())], 7);
    }

    #[test]
    fn same_version_in_both_sections_is_one_production_package() {
        let x = run(r#"{"default": {"a": {"version": "==1.0"}, "b": {"version": "==1.0"}},
                        "develop": {"a": {"version": "==1.0"}, "b": {"version": "==2.0"}}}"#)
        .unwrap();
        let got: Vec<_> = x.packages.iter().map(|p| (p.name.as_str(), p.version.as_deref(), p.dev)).collect();
        assert_eq!(got, vec![("a", Some("1.0"), false), ("b", Some("1.0"), false), ("b", Some("2.0"), true)]);
    }

    #[test]
    fn sources_become_requirements() {
        let x = run(r#"{"default": {
            "g": {"git": "https://git.example/g.git", "ref": "abc", "editable": true},
            "p": {"path": "./libs/p", "version": "==0.3"},
            "me": {"path": ".", "editable": true},
            "bad": {"hashes": []}
        }}"#)
        .unwrap();
        let got: Vec<_> =
            x.packages.iter().map(|p| (p.name.as_str(), p.version.as_deref(), p.requirement.as_deref())).collect();
        assert_eq!(
            got,
            vec![("g", None, Some("git+https://git.example/g.git@abc")), ("p", Some("0.3"), Some("./libs/p"))]
        );
        assert_eq!(x.warnings.len(), 1);
        assert_eq!(x.warnings[0].line_number, Some(5));
    }

    #[test]
    fn broken_json_is_a_syntax_error_and_empty_is_nothing() {
        assert!(matches!(run("{\"default\": {"), Err(ExtractError::Syntax { .. })));
        assert!(matches!(run("[]"), Err(ExtractError::Syntax { .. })));
        assert!(run(" \n").unwrap().packages.is_empty());
    }
}
