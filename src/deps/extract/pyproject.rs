//! `pyproject.toml`: the dependency tables of PEP 621, PEP 735, Poetry, PDM and uv.
//!
//! - `[project] dependencies` (direct) and `[project.optional-dependencies]` (optional=true);
//! - `[dependency-groups]` (PEP 735, dev=true; `{include-group = "x"}` entries are followed, with
//!   unknown groups and include cycles warned);
//! - `[tool.poetry.dependencies]` (without `python`), `[tool.poetry.dev-dependencies]` and
//!   `[tool.poetry.group.<g>.dependencies]` (dev=true unless the group is `main`); Poetry's version
//!   syntax: a bare `1.2.3` or `==1.2.3` is a pin, `^`/`~`/ranges/`*` are not; table forms carry
//!   `version`, `optional`, `extras`, or a `git`/`path`/`url`/`file` source (kept as the requirement);
//! - `[tool.pdm.dev-dependencies]` and `[tool.uv] dev-dependencies` (dev=true); `[tool.uv.sources]`
//!   turns a dependency into its git/path/url source, and `workspace = true` members are left out.
//!
//! A reference to the project itself (`my-project[extra]` inside its own extras) is not a package.
//! Lines come from the TOML parser's spans: the line of each dependency string or key.
use super::pep508::{editable_package, pep508_package};
use super::toml_lock::{is_exact_version, parse_table, source_of, string, table, Toml};
use super::{ExtractError, Extraction, Extractor, FileKind, Source};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use std::collections::HashSet;
use toml::de::{DeTable, DeValue};
use toml::Spanned;

pub(crate) struct Pyproject;

/// `include-group` chains longer than this are not followed (each level is a stack frame).
const MAX_GROUP_DEPTH: usize = 64;

impl Extractor for Pyproject {
    fn name(&self) -> &'static str {
        "pyproject.toml"
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::PyPI
    }
    fn kind(&self) -> FileKind {
        FileKind::Manifest
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["pyproject.toml"]
    }
    fn package_manager(&self) -> &'static str {
        "pip"
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let text = src.content.strip_prefix('\u{feff}').unwrap_or(src.content);
        let doc = parse_table(text, "pyproject.toml")?;
        let mut ctx = Toml::new(text, src.rel);
        let doc = doc.get_ref();
        let project = table(doc, "project");
        let poetry = table(doc, "tool").and_then(|t| table(t, "poetry"));
        ctx.project = project
            .and_then(|p| string(p, "name"))
            .or_else(|| poetry.and_then(|p| string(p, "name")))
            .map(|n| Ecosystem::PyPI.normalize_name(n));

        if let Some(project) = project {
            if let Some(deps) = project.get("dependencies") {
                ctx.pep508_array("project.dependencies", deps, false, false);
            }
            if let Some(extras) = project.get("optional-dependencies") {
                match extras.get_ref().as_table() {
                    Some(extras) => {
                        for (extra, deps) in extras {
                            let label = format!("project.optional-dependencies.{}", extra.get_ref());
                            ctx.pep508_array(&label, deps, false, true);
                        }
                    }
                    None => ctx.warn(extras.span().start, "project.optional-dependencies is not a table".into()),
                }
            }
        }
        if let Some(groups) = doc.get("dependency-groups") {
            ctx.dependency_groups(groups);
        }
        if let Some(poetry) = poetry {
            if let Some(deps) = poetry.get("dependencies") {
                ctx.poetry_table("tool.poetry.dependencies", deps, false);
            }
            if let Some(deps) = poetry.get("dev-dependencies") {
                ctx.poetry_table("tool.poetry.dev-dependencies", deps, true);
            }
            if let Some(groups) = table(poetry, "group") {
                for (name, group) in groups {
                    let Some(deps) = group.get_ref().as_table().and_then(|g| g.get("dependencies")) else {
                        continue;
                    };
                    let label = format!("tool.poetry.group.{}.dependencies", name.get_ref());
                    ctx.poetry_table(&label, deps, name.get_ref() != "main");
                }
            }
        }
        let tool = table(doc, "tool");
        if let Some(groups) = tool.and_then(|t| table(t, "pdm")).and_then(|p| p.get("dev-dependencies")) {
            match groups.get_ref().as_table() {
                Some(groups) => {
                    for (group, deps) in groups {
                        let label = format!("tool.pdm.dev-dependencies.{}", group.get_ref());
                        ctx.pep508_array(&label, deps, true, false);
                    }
                }
                None => ctx.warn(groups.span().start, "tool.pdm.dev-dependencies is not a table".into()),
            }
        }
        let uv = tool.and_then(|t| table(t, "uv"));
        if let Some(deps) = uv.and_then(|u| u.get("dev-dependencies")) {
            ctx.pep508_array("tool.uv.dev-dependencies", deps, true, false);
        }
        if let Some(sources) = uv.and_then(|u| table(u, "sources")) {
            ctx.apply_uv_sources(sources);
        }
        Ok(ctx.out)
    }
}

impl Toml<'_> {
    fn pep508(&mut self, text: &str, offset: usize, dev: bool, optional: bool) {
        let line = Some(self.line(offset));
        let pkg = if let Some(editable) = text.trim_start().strip_prefix("-e") {
            // PDM writes editable local/VCS dependencies as `-e <source>`
            editable_package(editable.trim(), self.rel, line, &mut self.out.warnings)
        } else {
            pep508_package(text, self.rel, line, &mut self.out.warnings)
        };
        if let Some(p) = pkg {
            self.push(p, dev, optional);
        }
    }

    /// An array of PEP 508 strings.
    fn pep508_array(&mut self, label: &str, value: &Spanned<DeValue<'_>>, dev: bool, optional: bool) {
        let Some(items) = value.get_ref().as_array() else {
            self.warn(value.span().start, format!("{label} is not an array"));
            return;
        };
        for item in items.iter() {
            match item.get_ref().as_str() {
                Some(s) => self.pep508(s, item.span().start, dev, optional),
                None => self.warn(item.span().start, format!("an entry of {label} is not a string")),
            }
        }
    }

    /// PEP 735 groups: every string once, include-group references checked.
    fn dependency_groups(&mut self, groups: &Spanned<DeValue<'_>>) {
        let Some(groups) = groups.get_ref().as_table() else {
            self.warn(groups.span().start, "dependency-groups is not a table".into());
            return;
        };
        let by_name: HashMap<String, &Spanned<DeValue<'_>>> =
            groups.iter().map(|(k, v)| (Ecosystem::PyPI.normalize_name(k.get_ref()), v)).collect();
        let mut emitted = HashSet::new();
        for (name, _) in groups {
            let mut stack = vec![Ecosystem::PyPI.normalize_name(name.get_ref())];
            self.group(&by_name, &mut stack, &mut emitted);
        }
    }

    fn group(
        &mut self,
        by_name: &HashMap<String, &Spanned<DeValue<'_>>>,
        stack: &mut Vec<String>,
        emitted: &mut HashSet<usize>,
    ) {
        let Some(name) = stack.last().cloned() else {
            return;
        };
        let Some(value) = by_name.get(&name) else {
            return;
        };
        let Some(items) = value.get_ref().as_array() else {
            if emitted.insert(value.span().start) {
                self.warn(value.span().start, format!("dependency group {name} is not an array"));
            }
            return;
        };
        for item in items.iter() {
            let start = item.span().start;
            match item.get_ref() {
                DeValue::String(s) => {
                    if emitted.insert(start) {
                        self.pep508(s.as_ref(), start, true, false);
                    }
                }
                DeValue::Table(t) => {
                    let Some(target) = string(t, "include-group") else {
                        if emitted.insert(start) {
                            self.warn(start, format!("an entry of dependency group {name} is not understood"));
                        }
                        continue;
                    };
                    let target = Ecosystem::PyPI.normalize_name(target);
                    if !by_name.contains_key(&target) {
                        if emitted.insert(start) {
                            self.warn(start, format!("dependency group {name} includes unknown group {target}"));
                        }
                    } else if stack.len() >= MAX_GROUP_DEPTH {
                        if emitted.insert(start) {
                            self.warn(start, format!("dependency group {name} nests includes too deeply"));
                        }
                    } else if stack.contains(&target) {
                        if emitted.insert(start) {
                            self.warn(start, format!("dependency group {name} includes {target} in a cycle"));
                        }
                    } else {
                        stack.push(target);
                        self.group(by_name, stack, emitted);
                        stack.pop();
                    }
                }
                _ => {
                    if emitted.insert(start) {
                        self.warn(start, format!("an entry of dependency group {name} is not a string"));
                    }
                }
            }
        }
    }

    /// A Poetry dependency table: `name = "^1.0"` or `name = { ... }` or `name = [{ ... }, ...]`.
    fn poetry_table(&mut self, label: &str, deps: &Spanned<DeValue<'_>>, dev: bool) {
        let Some(deps) = deps.get_ref().as_table() else {
            self.warn(deps.span().start, format!("{label} is not a table"));
            return;
        };
        for (name, value) in deps {
            if name.get_ref().eq_ignore_ascii_case("python") {
                continue;
            }
            let line = self.line(name.span().start);
            let alternatives: Vec<&Spanned<DeValue<'_>>> = match value.get_ref().as_array() {
                Some(items) => items.iter().collect(),
                None => vec![value],
            };
            for v in alternatives {
                let (spec, optional) = match v.get_ref() {
                    DeValue::String(s) => (poetry_constraint(s.as_ref()), false),
                    DeValue::Table(t) => {
                        let optional = t.get("optional").and_then(|o| o.get_ref().as_bool()).unwrap_or(false);
                        match source_of(t) {
                            Some(source) => ((None, Some(source.to_string())), optional),
                            None => (poetry_constraint(string(t, "version").unwrap_or("*")), optional),
                        }
                    }
                    _ => {
                        self.warn(v.span().start, format!("{label}.{} is not understood", name.get_ref()));
                        continue;
                    }
                };
                let (version, requirement) = spec;
                let mut p = Package::new(Ecosystem::PyPI, name.get_ref(), version, self.rel).at_line(Some(line));
                p.requirement = requirement;
                self.push(p, dev, optional);
            }
        }
    }

    /// `[tool.uv.sources]`: a dependency from git/path/url is not a registry version; workspace members
    /// are not packages at all.
    fn apply_uv_sources(&mut self, sources: &DeTable<'_>) {
        let mut by_name: HashMap<String, Option<String>> = HashMap::default();
        for (name, value) in sources {
            let first = match value.get_ref() {
                DeValue::Array(a) => a.iter().next().and_then(|v| v.get_ref().as_table()),
                DeValue::Table(t) => Some(t),
                _ => None,
            };
            let Some(t) = first else { continue };
            let name = Ecosystem::PyPI.normalize_name(name.get_ref());
            if t.get("workspace").and_then(|w| w.get_ref().as_bool()) == Some(true) {
                by_name.insert(name, None);
            } else if let Some(source) = source_of(t) {
                by_name.insert(name, Some(source.to_string()));
            }
        }
        if by_name.is_empty() {
            return;
        }
        self.out.packages.retain_mut(|p| match by_name.get(&p.name) {
            None => true,
            Some(None) => false,
            Some(Some(source)) => {
                p.version = None;
                p.requirement = Some(source.clone());
                true
            }
        });
    }
}

/// Poetry's constraint syntax: a bare `1.2.3`, `=1.2.3` or `==1.2.3` is a pin; anything else is a range.
fn poetry_constraint(spec: &str) -> (Option<String>, Option<String>) {
    let t = spec.trim();
    let bare = t.strip_prefix("==").or_else(|| t.strip_prefix('=')).unwrap_or(t).trim();
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
            path: Path::new("/pyproject.toml"),
            rel: "pyproject.toml",
            content,
        };
        Pyproject.extract(&src)
    }

    type Row = (String, Option<String>, Option<u32>, bool, bool);

    fn summary(x: &Extraction) -> Vec<Row> {
        x.packages.iter().map(|p| (p.name.clone(), p.version.clone(), p.line_number, p.dev, p.optional)).collect()
    }

    fn row(name: &str, version: Option<&str>, line: u32, dev: bool, optional: bool) -> Row {
        (name.into(), version.map(Into::into), Some(line), dev, optional)
    }

    #[test]
    fn pep621_and_groups() {
        let x = run(concat!(
            "[project]\n",
            "name = \"Demo\"\n",
            "dependencies = [\"requests==2.32.0\", \"flask>=3\",\n",
            "  \"importlib-metadata==6.0.0; python_version < '3.10'\"]\n",
            "[project.optional-dependencies]\n",
            "fast = [\"orjson\"]\n",
            "all = [\"demo[fast]\"]\n",
            "[dependency-groups]\n",
            "test = [\"pytest==8.0.0\", {include-group = \"lint\"}]\n",
            "lint = [\"ruff\"]\n",
            "loop = [{include-group = \"loop\"}, {include-group = \"nope\"}]\n",
        ))
        .expect("extracts");
        assert_eq!(
            summary(&x),
            vec![
                row("requests", Some("2.32.0"), 3, false, false),
                row("flask", None, 3, false, false),
                row("importlib-metadata", Some("6.0.0"), 4, false, false),
                row("orjson", None, 6, false, true),
                row("pytest", Some("8.0.0"), 9, true, false),
                row("ruff", None, 10, true, false),
            ]
        );
        assert_eq!(x.warnings.len(), 2, "{:?}", x.warnings);
        assert_eq!(x.packages[1].requirement.as_deref(), Some("flask>=3"));
    }

    #[test]
    fn poetry_tables() {
        let x = run(concat!(
            "[tool.poetry]\n",
            "name = \"demo\"\n",
            "[tool.poetry.dependencies]\n",
            "python = \"^3.9\"\n",
            "requests = \"2.31.0\"\n",
            "django = \"^4.2\"\n",
            "pinned = \"==1.0\"\n",
            "extra = { version = \"1.2.3\", optional = true, extras = [\"x\"] }\n",
            "fromgit = { git = \"https://git.example/a.git\", tag = \"v1\" }\n",
            "multi = [{ version = \"1.0\", python = \"<3.8\" }, { version = \"^2\", python = \">=3.8\" }]\n",
            "[tool.poetry.dev-dependencies]\n",
            "pytest = \"*\"\n",
            "[tool.poetry.group.docs.dependencies]\n",
            "sphinx = \"~7.0\"\n",
            "[tool.poetry.group.main.dependencies]\n",
            "attrs = \"23.1.0\"\n",
            "[tool.poetry.dependencies.tabled]\n",
            "version = \"0.1.0\"\n",
        ))
        .expect("extracts");
        assert_eq!(
            summary(&x),
            vec![
                row("requests", Some("2.31.0"), 5, false, false),
                row("django", None, 6, false, false),
                row("pinned", Some("1.0"), 7, false, false),
                row("extra", Some("1.2.3"), 8, false, true),
                row("fromgit", None, 9, false, false),
                row("multi", Some("1.0"), 10, false, false),
                row("multi", None, 10, false, false),
                row("tabled", Some("0.1.0"), 17, false, false),
                row("pytest", None, 12, true, false),
                row("sphinx", None, 14, true, false),
                row("attrs", Some("23.1.0"), 16, false, false),
            ]
        );
        assert_eq!(x.packages[4].requirement.as_deref(), Some("https://git.example/a.git"));
        assert_eq!(x.packages[1].requirement.as_deref(), Some("^4.2"));
    }

    #[test]
    fn pdm_and_uv() {
        let x = run(concat!(
            "[project]\nname = \"demo\"\ndependencies = [\"member\", \"local\", \"plain==1\"]\n",
            "[tool.pdm.dev-dependencies]\n",
            "test = [\"pytest>=7\", \"-e file:///${PROJECT_ROOT}/sub\", \"-e git+https://git.example/x.git#egg=xx\"]\n",
            "[tool.uv]\n",
            "dev-dependencies = [\"mypy==1.8.0\"]\n",
            "[tool.uv.sources]\n",
            "member = { workspace = true }\n",
            "local = { path = \"../local\" }\n",
        ))
        .expect("extracts");
        assert_eq!(
            summary(&x),
            vec![
                row("local", None, 3, false, false),
                row("plain", Some("1"), 3, false, false),
                row("pytest", None, 5, true, false),
                row("xx", None, 5, true, false),
                row("mypy", Some("1.8.0"), 7, true, false),
            ]
        );
        assert_eq!(x.packages[0].requirement.as_deref(), Some("../local"));
        assert!(x.warnings.is_empty(), "{:?}", x.warnings);
    }

    #[test]
    fn broken_and_odd_documents() {
        let err = run("this is not valid toml [[[\n= = = =\n").expect_err("not toml");
        assert!(err.to_string().contains("line 1"), "{err}");
        assert!(run("").expect("empty").packages.is_empty());
        assert!(run("[project]\ndynamic = [\"dependencies\"]\n").expect("dynamic").packages.is_empty());
        let x = run("\u{feff}[project]\r\ndependencies = [\"a==1\", 3, \"==bad\"]\r\n").expect("bom/crlf");
        assert_eq!(summary(&x), vec![row("a", Some("1"), 2, false, false)]);
        assert_eq!(x.warnings.len(), 2);
        assert!(run("[project]\ndependencies = \"a\"\n").expect("wrong type").warnings.len() == 1);
    }

    #[test]
    fn poetry_constraints() {
        assert_eq!(poetry_constraint("1.2.3"), (Some("1.2.3".into()), None));
        assert_eq!(poetry_constraint("==1.2.3"), (Some("1.2.3".into()), None));
        assert_eq!(poetry_constraint("^1.2"), (None, Some("^1.2".into())));
        assert_eq!(poetry_constraint("1.2.*"), (None, Some("1.2.*".into())));
        assert_eq!(poetry_constraint(">=1,<2"), (None, Some(">=1,<2".into())));
        assert_eq!(poetry_constraint(""), (None, Some("*".into())));
    }
}
