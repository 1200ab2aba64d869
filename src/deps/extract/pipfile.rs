//! Pipenv's `Pipfile` (TOML).
//!
//! `[packages]` are direct dependencies, `[dev-packages]` are dev=true, and any other category table
//! (pipenv's custom package categories, e.g. `[docs]`) is optional=true: it is installed only when
//! asked for. `[source]`, `[requires]`, `[scripts]` and `[pipenv]` are settings, not packages.
//! A value is a version spec (`"*"` unpinned, `"==1.2"` or a bare `"1.2"` pinned, anything else a
//! range) or a table with `version`, `extras`, `markers`…, or a `git`/`path`/`file`/`hg`/`svn`/`bzr`
//! source, which becomes the requirement. `{path = "."}` is the project itself and is left out.
use super::toml_lock::{is_exact_version, parse_table, source_of, string, Toml};
use super::{ExtractError, Extraction, Extractor, FileKind, Source};
use crate::model::{Ecosystem, Package};
use toml::de::DeValue;

pub(crate) struct Pipfile;

/// Top-level tables that are settings rather than package categories.
const NOT_CATEGORIES: &[&str] = &["source", "requires", "scripts", "pipenv"];

impl Extractor for Pipfile {
    fn name(&self) -> &'static str {
        "Pipfile"
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::PyPI
    }
    fn kind(&self) -> FileKind {
        FileKind::Manifest
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["Pipfile"]
    }
    fn package_manager(&self) -> &'static str {
        "pipenv"
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let text = src.content.strip_prefix('\u{feff}').unwrap_or(src.content);
        let doc = parse_table(text, "Pipfile")?;
        let mut ctx = Toml::new(text, src.rel);
        for (category, value) in doc.get_ref() {
            let category = category.get_ref().as_ref();
            if NOT_CATEGORIES.contains(&category) {
                continue;
            }
            let Some(packages) = value.get_ref().as_table() else {
                if matches!(category, "packages" | "dev-packages") {
                    ctx.warn(value.span().start, format!("[{category}] is not a table"));
                }
                continue;
            };
            let (dev, optional) = match category {
                "packages" => (false, false),
                "dev-packages" => (true, false),
                _ => (false, true),
            };
            for (name, spec) in packages {
                let line = ctx.line(name.span().start);
                let (version, requirement) = match spec.get_ref() {
                    DeValue::String(s) => pipfile_constraint(s),
                    DeValue::Table(t) => match source_of(t) {
                        Some(".") if string(t, "path").is_some() => continue,
                        Some(source) => (None, Some(source.to_string())),
                        None => pipfile_constraint(string(t, "version").unwrap_or("*")),
                    },
                    _ => {
                        ctx.warn(spec.span().start, format!("[{category}] {} is not understood", name.get_ref()));
                        continue;
                    }
                };
                let mut p = Package::new(Ecosystem::PyPI, name.get_ref(), version, src.rel).at_line(Some(line));
                p.requirement = requirement;
                ctx.push(p, dev, optional);
            }
        }
        Ok(ctx.out)
    }
}

/// `"*"` → unpinned; `"==1.2"`/`"===1.2"`/`"1.2"` → pinned; anything else is a range kept as written.
fn pipfile_constraint(spec: &str) -> (Option<String>, Option<String>) {
    let t = spec.trim();
    let bare = t.strip_prefix("===").or_else(|| t.strip_prefix("==")).unwrap_or(t).trim();
    if is_exact_version(bare) {
        (Some(bare.to_string()), None)
    } else {
        (None, Some(if t.is_empty() { "*".to_string() } else { t.to_string() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(content: &str) -> Result<Extraction, ExtractError> {
        let src = Source {
            read_separately: None,
            root: Path::new("/"),
            path: Path::new("/Pipfile"),
            rel: "Pipfile",
            content,
        };
        Pipfile.extract(&src)
    }

    #[test]
    fn categories_and_forms() {
        let x = run(concat!(
            "[[source]]\nurl = \"https://pypi.example/simple\"\nname = \"pypi\"\n",
            "[packages]\n",
            "requests = \"*\"\n",
            "Django = \"==4.2.1\"\n",
            "flask = {version = \">=2\", extras = [\"async\"]}\n",
            "bare = \"1.0\"\n",
            "lib = {git = \"https://git.example/lib.git\", ref = \"main\"}\n",
            "me = {path = \".\", editable = true}\n",
            "[dev-packages]\n",
            "pytest = {version = \"==8.0.0\", markers = \"python_version >= '3.8'\"}\n",
            "[docs]\n",
            "sphinx = \"~=7.0\"\n",
            "[requires]\npython_version = \"3.11\"\n",
        ))
        .expect("extracts");
        let got: Vec<_> = x
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_deref(), p.line_number, p.dev, p.optional))
            .collect();
        assert_eq!(
            got,
            vec![
                ("requests", None, Some(5), false, false),
                ("django", Some("4.2.1"), Some(6), false, false),
                ("flask", None, Some(7), false, false),
                ("bare", Some("1.0"), Some(8), false, false),
                ("lib", None, Some(9), false, false),
                ("pytest", Some("8.0.0"), Some(12), true, false),
                ("sphinx", None, Some(14), false, true),
            ]
        );
        assert_eq!(x.packages[0].requirement.as_deref(), Some("*"));
        assert_eq!(x.packages[4].requirement.as_deref(), Some("https://git.example/lib.git"));
    }

    #[test]
    fn broken_and_empty() {
        assert!(run("[packages\nx = 1").is_err());
        assert!(run("").expect("empty").packages.is_empty());
        let x = run("[packages]\nodd = 3\nok = \"==1\"\n").expect("extracts");
        assert_eq!(x.packages.len(), 1);
        assert_eq!(x.warnings.len(), 1);
    }
}
