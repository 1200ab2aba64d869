//! setuptools' declarative `setup.cfg`.
//!
//! Reads `[options] install_requires` (direct), `tests_require` and `setup_requires` (dev=true) and
//! every key of `[options.extras_require]` (optional=true). The INI reading follows Python's `configparser` as setuptools configures it:
//! `=` or `:` separates key and value; a line indented deeper than its key continues the value
//! (blank lines inside a value are kept); whole-line comments start with `#` or `;` (indented or
//! not); there are no inline comments at that level. setuptools then splits a value: a multi-line
//! value has one requirement per line, a one-line value is split at `;` (so `a; b` is two
//! requirements — which is why markers need the multi-line form); entries starting with `#` are
//! dropped and ` #` ends a requirement. A `file:` value names another file, which is not followed
//! here (a warning says so; requirement files are scanned on their own).
use super::pep508::pep508_package;
use super::{ExtractError, Extraction, Extractor, FileKind, Source};
use crate::model::{Ecosystem, FileError};

pub(crate) struct SetupCfg;

impl Extractor for SetupCfg {
    fn name(&self) -> &'static str {
        "setup.cfg"
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::PyPI
    }
    fn kind(&self) -> FileKind {
        FileKind::Manifest
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["setup.cfg"]
    }
    fn package_manager(&self) -> &'static str {
        "setuptools"
    }
    fn is_library_metadata(&self) -> bool {
        true
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let mut out = Extraction::default();
        let entries = read_ini(src.content, src.rel, &mut out.warnings);
        let project = entries
            .iter()
            .find(|e| e.section == "metadata" && e.key == "name")
            .map(|e| Ecosystem::PyPI.normalize_name(e.lines.first().map_or("", |(_, v)| v)));
        for entry in &entries {
            let key = entry.key.replace('-', "_");
            let (dev, optional) = match (entry.section.as_str(), key.as_str()) {
                ("options", "install_requires") => (false, false),
                ("options", "tests_require" | "setup_requires") => (true, false),
                ("options.extras_require", _) => (false, true),
                _ => continue,
            };
            for (line, text) in requirement_entries(entry) {
                if let Some(file) = text.strip_prefix("file:") {
                    let mut w = FileError::new(
                        "deps",
                        src.rel,
                        format!("{} = file:{file} is not followed; scan that file itself", entry.key),
                    );
                    w.line_number = Some(line);
                    out.warnings.push(w);
                    continue;
                }
                if let Some(mut p) = pep508_package(text, src.rel, Some(line), &mut out.warnings) {
                    if project.as_deref() == Some(p.name.as_str()) {
                        continue;
                    }
                    p.dev = dev;
                    p.optional = optional;
                    out.packages.push(p);
                }
            }
        }
        Ok(out)
    }
}

/// One `key = value` of an INI file with its value's lines (line number, stripped text).
#[derive(Debug)]
struct Entry<'a> {
    section: String,
    key: String,
    key_line: u32,
    /// The first element is the text after the delimiter on the key's line (possibly empty).
    lines: Vec<(u32, &'a str)>,
}

/// Read an INI file the way `configparser` does (see the module docs). Lines that are none of
/// section, option, continuation, comment or blank are warned and skipped.
fn read_ini<'a>(content: &'a str, rel: &str, warnings: &mut Vec<FileError>) -> Vec<Entry<'a>> {
    let content = content.strip_prefix('\u{feff}').unwrap_or(content);
    let mut entries: Vec<Entry<'a>> = Vec::new();
    let mut section: Option<String> = None;
    // indentation of the current option's line, while a value can still continue
    let mut open_indent: Option<usize> = None;
    for (i, raw) in content.lines().enumerate() {
        let n = u32::try_from(i + 1).unwrap_or(u32::MAX);
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let stripped = raw.trim();
        let indent = raw.len() - raw.trim_start().len();
        if stripped.starts_with('#') || stripped.starts_with(';') {
            continue;
        }
        if stripped.is_empty() {
            // a blank line stays part of an open value (configparser's empty_lines_in_values)
            if open_indent.is_some() {
                if let Some(e) = entries.last_mut() {
                    e.lines.push((n, ""));
                }
            }
            continue;
        }
        if let Some(key_indent) = open_indent {
            if indent > key_indent {
                if let Some(e) = entries.last_mut() {
                    e.lines.push((n, stripped));
                }
                continue;
            }
        }
        if let Some(header) = stripped.strip_prefix('[').and_then(|h| h.rfind(']').map(|end| &h[..end])) {
            section = Some(header.to_string());
            open_indent = None;
            continue;
        }
        let Some(delim) = stripped.find(['=', ':']) else {
            let mut w = FileError::new("deps", rel, format!("line {n} is not an INI entry; skipped"));
            w.line_number = Some(n);
            warnings.push(w);
            open_indent = None;
            continue;
        };
        let Some(sec) = &section else {
            let mut w = FileError::new("deps", rel, "entry before any [section]; skipped");
            w.line_number = Some(n);
            warnings.push(w);
            open_indent = None;
            continue;
        };
        let key = stripped[..delim].trim();
        let value = stripped[delim + 1..].trim();
        if key.is_empty() {
            let mut w = FileError::new("deps", rel, "entry without a key; skipped");
            w.line_number = Some(n);
            warnings.push(w);
            open_indent = None;
            continue;
        }
        entries.push(Entry { section: sec.clone(), key: key.to_string(), key_line: n, lines: vec![(n, value)] });
        open_indent = Some(indent);
    }
    entries
}

/// setuptools' list parsing of a requirement value: one per line if the value spans lines,
/// otherwise split at `;`; `#` entries dropped and ` #` comments cut.
fn requirement_entries<'a>(entry: &Entry<'a>) -> Vec<(u32, &'a str)> {
    let mut lines = entry.lines.clone();
    // configparser strips the joined value: trailing blank lines do not count
    while lines.last().is_some_and(|(_, t)| t.is_empty()) {
        lines.pop();
    }
    let multi_line = lines.len() > 1;
    let chunks: Vec<(u32, &str)> = if multi_line {
        lines
    } else {
        let (n, text) = lines.first().copied().unwrap_or((entry.key_line, ""));
        if text.starts_with("file:") {
            return vec![(n, text)];
        }
        text.split(';').map(|c| (n, c)).collect()
    };
    chunks
        .into_iter()
        .map(|(n, c)| (n, c.trim()))
        .filter(|(_, c)| !c.is_empty() && !c.starts_with('#'))
        .map(|(n, c)| (n, c.split(" #").next().unwrap_or(c).trim()))
        .filter(|(_, c)| !c.is_empty())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(content: &str) -> Extraction {
        let src = Source {
            read_separately: None,
            root: Path::new("/"),
            path: Path::new("/setup.cfg"),
            rel: "setup.cfg",
            content,
        };
        SetupCfg.extract(&src).expect("extracts")
    }

    type Row<'a> = (&'a str, Option<&'a str>, Option<u32>, bool, bool);

    fn rows(x: &Extraction) -> Vec<Row<'_>> {
        x.packages.iter().map(|p| (p.name.as_str(), p.version.as_deref(), p.line_number, p.dev, p.optional)).collect()
    }

    #[test]
    fn options_and_extras() {
        let x = run(concat!(
            "[metadata]\n",
            "name = demo\n",
            "[options]\n",
            "packages = find:\n",
            "install_requires =\n",
            "    requests==2.31.0\n",
            "    # a comment\n",
            "    ; another\n",
            "\n",
            "    importlib-metadata>=4; python_version<\"3.8\"\n",
            "    flask  # why\n",
            "tests_require = pytest==8.0.0; mock\n",
            "setup-requires: wheel\n",
            "[options.extras_require]\n",
            "fast = orjson\n",
            "all =\n",
            "  demo[fast]\n",
            "  ujson==5.0.0\n",
        ));
        assert_eq!(
            rows(&x),
            vec![
                ("requests", Some("2.31.0"), Some(6), false, false),
                ("importlib-metadata", None, Some(10), false, false),
                ("flask", None, Some(11), false, false),
                ("pytest", Some("8.0.0"), Some(12), true, false),
                ("mock", None, Some(12), true, false),
                ("wheel", None, Some(13), true, false),
                ("orjson", None, Some(15), false, true),
                ("ujson", Some("5.0.0"), Some(18), false, true),
            ]
        );
        assert!(x.warnings.is_empty(), "{:?}", x.warnings);
        assert_eq!(x.packages[1].requirement.as_deref(), Some("importlib-metadata>=4; python_version<\"3.8\""));
    }

    #[test]
    fn first_line_value_and_continuations() {
        let x = run("[options]\r\ninstall_requires = a==1\r\n  b==2\r\n[other]\r\ninstall_requires = c\r\n");
        assert_eq!(rows(&x), vec![("a", Some("1"), Some(2), false, false), ("b", Some("2"), Some(3), false, false)]);
    }

    #[test]
    fn odd_lines_and_file_directive() {
        let x = run("junk\n[options]\nnot an entry\ninstall_requires = file: requirements.in\n");
        assert!(x.packages.is_empty());
        assert_eq!(x.warnings.len(), 3, "{:?}", x.warnings);
        let x = run("[options]\ninstall_requires =\n  ok\n  ==bad\n");
        assert_eq!(rows(&x), vec![("ok", None, Some(3), false, false)]);
        assert_eq!(x.warnings.len(), 1);
        assert!(run("").packages.is_empty());
    }
}
