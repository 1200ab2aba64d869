//! `setup.py`, read statically from its syntax tree — never executed.
//!
//! Finds calls to `setup(...)` (also `setuptools.setup`, `distutils.core.setup` and import aliases)
//! anywhere in the module and reads their keyword arguments: `install_requires` (direct),
//! `extras_require` (optional, except `":marker"` keys, which setuptools installs unconditionally),
//! `tests_require` and `setup_requires` (dev). A value may be a list/tuple literal, a string (one
//! requirement per line), a `+` of those, or a name bound to one of them by an assignment
//! (`REQUIRES = [...]`, later `REQUIRES += [...]`, `.append(...)`, `.extend(...)`); `setup(**kwargs)`
//! with a dict literal or `dict(...)` is followed too. Strings inside are literals (implicitly
//! concatenated ones included) or names bound to literals. Anything computed at run time (reading a
//! file, a comprehension, `.format()`) is skipped with a warning. Each package's line is the line of
//! its string literal.
use super::pep508::pep508_package;
use super::{ExtractError, Extraction, Extractor, FileKind, Source};
use crate::model::{Ecosystem, FileError};
use crate::syntax::python;
use crate::syntax::LineIndex;
use ruff_python_ast::{self as ast, Expr, Operator, Stmt};
use ruff_text_size::{Ranged, TextSize};
use rustc_hash::FxHashMap as HashMap;
use std::cell::Cell;
use std::collections::HashSet;

pub(crate) struct SetupPy;

/// How deep statements and expressions are followed (the tree itself may be deeper).
const MAX_DEPTH: u32 = 48;
/// How many list items name resolution may produce in total (guards `A = A + A` doubling chains).
const MAX_ITEMS: usize = 100_000;

impl Extractor for SetupPy {
    fn name(&self) -> &'static str {
        "setup.py"
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::PyPI
    }
    fn kind(&self) -> FileKind {
        FileKind::Manifest
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["setup.py"]
    }
    fn package_manager(&self) -> &'static str {
        "setuptools"
    }
    fn is_library_metadata(&self) -> bool {
        true
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let parsed = python::parse(src.content)
            .map_err(|e| ExtractError::Syntax { format: "setup.py", message: e.to_string() })?;
        let module = parsed.syntax();
        let mut scan = Scan {
            src: src.content,
            rel: src.rel,
            index: LineIndex::new(src.content),
            bindings: HashMap::default(),
            setup_names: ["setup".to_string()].into_iter().collect(),
            module_names: ["setuptools".to_string()].into_iter().collect(),
            calls: Vec::new(),
            order: 0,
            budget: Cell::new(MAX_ITEMS),
            out: Extraction::default(),
        };
        scan.walk(&module.body, false, 0);
        let calls = std::mem::take(&mut scan.calls);
        for (call, at) in calls {
            scan.setup_call(call, at);
        }
        Ok(scan.out)
    }
}

/// What a statement did to a name, in document order.
enum Binding<'a> {
    /// `NAME = value`
    Set(&'a Expr),
    /// `NAME += value`, `NAME.extend(value)`
    Extend(&'a Expr),
    /// `NAME.append(value)`
    Append(&'a Expr),
}

/// One entry of a requirement list.
enum Item<'a> {
    /// A string (one requirement, or several lines of them) and the offset of its literal.
    Str(String, TextSize, Option<&'a ast::ExprStringLiteral>),
    /// Something that is not a string literal.
    Other(&'a Expr),
}

struct Scan<'a> {
    src: &'a str,
    rel: &'a str,
    index: LineIndex,
    /// name → (position in document order, what happened to it)
    bindings: HashMap<&'a str, Vec<(u32, Binding<'a>)>>,
    /// Names under which `setup` is callable (`setup`, `from setuptools import setup as s`).
    setup_names: HashSet<String>,
    /// Names under which the setuptools module is reachable (`setuptools`, `import setuptools as st`).
    module_names: HashSet<String>,
    /// `setup(...)` calls and the position they see bindings at.
    calls: Vec<(&'a ast::ExprCall, u32)>,
    order: u32,
    budget: Cell<usize>,
    out: Extraction,
}

impl<'a> Scan<'a> {
    fn line(&self, offset: TextSize) -> u32 {
        self.index.line(offset.to_usize())
    }

    fn warn(&mut self, offset: TextSize, message: String) {
        let mut w = FileError::new("deps", self.rel, message);
        w.line_number = Some(self.line(offset));
        self.out.warnings.push(w);
    }

    fn bind(&mut self, name: &'a str, binding: Binding<'a>) {
        self.order += 1;
        self.bindings.entry(name).or_default().push((self.order, binding));
    }

    /// Record bindings, imports and `setup(...)` calls in document order. Calls inside functions see
    /// every binding (the function runs later); module-level calls see the bindings before them.
    fn walk(&mut self, body: &'a [Stmt], in_function: bool, depth: u32) {
        if depth > MAX_DEPTH {
            return;
        }
        for stmt in body {
            match stmt {
                Stmt::Assign(a) => {
                    self.find_call(&a.value, in_function);
                    for t in &a.targets {
                        if let Expr::Name(n) = t {
                            self.bind(n.id.as_str(), Binding::Set(&a.value));
                        }
                    }
                }
                Stmt::AnnAssign(a) => {
                    if let (Expr::Name(n), Some(v)) = (a.target.as_ref(), a.value.as_deref()) {
                        self.find_call(v, in_function);
                        self.bind(n.id.as_str(), Binding::Set(v));
                    }
                }
                Stmt::AugAssign(a) => {
                    if let (Expr::Name(n), Operator::Add) = (a.target.as_ref(), a.op) {
                        self.bind(n.id.as_str(), Binding::Extend(&a.value));
                    }
                }
                Stmt::Expr(e) => {
                    self.find_call(&e.value, in_function);
                    self.find_mutation(&e.value);
                }
                Stmt::Return(r) => {
                    if let Some(v) = r.value.as_deref() {
                        self.find_call(v, in_function);
                    }
                }
                Stmt::ImportFrom(i) => {
                    let module = i.module.as_ref().map(|m| m.id.as_str()).unwrap_or("");
                    if i.level == 0 && matches!(module, "setuptools" | "distutils.core") {
                        for alias in &i.names {
                            if alias.name.id.as_str() == "setup" {
                                let local = alias.asname.as_ref().unwrap_or(&alias.name);
                                self.setup_names.insert(local.id.as_str().to_string());
                            }
                        }
                    }
                }
                Stmt::Import(i) => {
                    for alias in &i.names {
                        if let (Some(asname), "setuptools") = (&alias.asname, alias.name.id.as_str()) {
                            self.module_names.insert(asname.id.as_str().to_string());
                        }
                    }
                }
                Stmt::FunctionDef(f) => self.walk(&f.body, true, depth + 1),
                Stmt::ClassDef(c) => self.walk(&c.body, true, depth + 1),
                Stmt::If(s) => {
                    self.walk(&s.body, in_function, depth + 1);
                    for clause in &s.elif_else_clauses {
                        self.walk(&clause.body, in_function, depth + 1);
                    }
                }
                Stmt::With(s) => self.walk(&s.body, in_function, depth + 1),
                Stmt::Try(s) => {
                    self.walk(&s.body, in_function, depth + 1);
                    for h in &s.handlers {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        self.walk(&h.body, in_function, depth + 1);
                    }
                    self.walk(&s.orelse, in_function, depth + 1);
                    self.walk(&s.finalbody, in_function, depth + 1);
                }
                Stmt::For(s) => {
                    self.walk(&s.body, in_function, depth + 1);
                    self.walk(&s.orelse, in_function, depth + 1);
                }
                Stmt::While(s) => {
                    self.walk(&s.body, in_function, depth + 1);
                    self.walk(&s.orelse, in_function, depth + 1);
                }
                Stmt::Match(s) => {
                    for case in &s.cases {
                        self.walk(&case.body, in_function, depth + 1);
                    }
                }
                _ => {}
            }
        }
    }

    fn find_call(&mut self, expr: &'a Expr, in_function: bool) {
        let Expr::Call(call) = expr else { return };
        let is_setup = match call.func.as_ref() {
            Expr::Name(n) => self.setup_names.contains(n.id.as_str()),
            Expr::Attribute(a) if a.attr.id.as_str() == "setup" => match a.value.as_ref() {
                Expr::Name(m) => self.module_names.contains(m.id.as_str()),
                Expr::Attribute(core) => {
                    core.attr.id.as_str() == "core"
                        && matches!(core.value.as_ref(), Expr::Name(d) if d.id.as_str() == "distutils")
                }
                _ => false,
            },
            _ => false,
        };
        if is_setup {
            let at = if in_function { u32::MAX } else { self.order + 1 };
            self.calls.push((call, at));
        }
    }

    /// `NAME.append(x)` / `NAME.extend(xs)`
    fn find_mutation(&mut self, expr: &'a Expr) {
        let Expr::Call(call) = expr else { return };
        let Expr::Attribute(attr) = call.func.as_ref() else {
            return;
        };
        let Expr::Name(target) = attr.value.as_ref() else {
            return;
        };
        let [arg] = &call.arguments.args[..] else {
            return;
        };
        match attr.attr.id.as_str() {
            "append" => self.bind(target.id.as_str(), Binding::Append(arg)),
            "extend" => self.bind(target.id.as_str(), Binding::Extend(arg)),
            _ => {}
        }
    }

    fn setup_call(&mut self, call: &'a ast::ExprCall, at: u32) {
        let mut kwargs: Vec<(String, &'a Expr)> = Vec::new();
        for kw in &call.arguments.keywords {
            match &kw.arg {
                Some(name) => kwargs.push((name.id.as_str().to_string(), &kw.value)),
                None => match self.dict_entries(&kw.value, at, 0) {
                    Some(entries) => {
                        kwargs.extend(entries.into_iter().filter_map(|(k, v)| Some((k?, v))));
                    }
                    None => self.warn(kw.value.start(), "setup(**...) is computed at run time; not read".into()),
                },
            }
        }
        let project = kwargs
            .iter()
            .find(|(k, _)| k == "name")
            .and_then(|(_, v)| self.string_value(v, at, 0))
            .map(|(s, _, _)| Ecosystem::PyPI.normalize_name(&s));
        for (key, value) in kwargs {
            match key.as_str() {
                "install_requires" => self.requirement_list(&key, value, at, false, false, project.as_deref()),
                "tests_require" | "setup_requires" => {
                    self.requirement_list(&key, value, at, true, false, project.as_deref())
                }
                "extras_require" => match self.dict_entries(value, at, 0) {
                    Some(entries) => {
                        for (extra, list) in entries {
                            // `":python_version<'3'"` keys are conditional but not optional
                            let optional = !extra.as_deref().is_some_and(|e| e.starts_with(':'));
                            let label = format!("extras_require[{}]", extra.as_deref().unwrap_or("?"));
                            self.requirement_list(&label, list, at, false, optional, project.as_deref());
                        }
                    }
                    None => self.warn(value.start(), "extras_require is computed at run time; not read".into()),
                },
                _ => {}
            }
        }
    }

    fn requirement_list(
        &mut self,
        label: &str,
        value: &'a Expr,
        at: u32,
        dev: bool,
        optional: bool,
        project: Option<&str>,
    ) {
        let Some(items) = self.items(value, at, 0) else {
            self.warn(value.start(), format!("{label} is computed at run time; not read"));
            return;
        };
        for item in items {
            match item {
                Item::Other(e) => {
                    self.warn(e.start(), format!("an entry of {label} is not a string literal; skipped"));
                }
                Item::Str(text, offset, literal) => {
                    for (line, req) in self.requirement_lines(&text, offset, literal) {
                        let mut warnings = std::mem::take(&mut self.out.warnings);
                        let pkg = pep508_package(req, self.rel, Some(line), &mut warnings);
                        self.out.warnings = warnings;
                        if let Some(mut p) = pkg {
                            if project.is_some_and(|name| name == p.name) {
                                continue; // the project's own extras
                            }
                            p.dev = dev;
                            p.optional = optional;
                            self.out.packages.push(p);
                        }
                    }
                }
            }
        }
    }

    /// The requirements of one string (setuptools accepts several, one per line, with `#` comments),
    /// each with its line: the literal's line plus the line within the string when the source text
    /// has the same line breaks as the value (it may not, with `\n` escapes).
    fn requirement_lines<'s>(
        &self,
        text: &'s str,
        offset: TextSize,
        literal: Option<&ast::ExprStringLiteral>,
    ) -> Vec<(u32, &'s str)> {
        let first = self.line(offset);
        let source_breaks =
            literal.and_then(|l| self.src.get(l.range().to_std_range())).map(|s| s.matches('\n').count());
        let same_layout =
            literal.is_some_and(|l| l.value.iter().count() == 1) && source_breaks == Some(text.matches('\n').count());
        let mut out = Vec::new();
        for (i, raw) in text.split('\n').enumerate() {
            let req = raw.split(" #").next().unwrap_or(raw).trim();
            if req.is_empty() || req.starts_with('#') {
                continue;
            }
            let line = if same_layout { first.saturating_add(u32::try_from(i).unwrap_or(0)) } else { first };
            out.push((line, req));
        }
        out
    }

    fn take_budget(&self, n: usize) -> bool {
        let left = self.budget.get();
        self.budget.set(left.saturating_sub(n));
        left >= n
    }

    /// The entries of a requirement list, or `None` when the value is not a literal.
    fn items(&self, expr: &'a Expr, at: u32, depth: u32) -> Option<Vec<Item<'a>>> {
        if depth > MAX_DEPTH || !self.take_budget(1) {
            return None;
        }
        match expr {
            Expr::List(ast::ExprList { elts, .. })
            | Expr::Tuple(ast::ExprTuple { elts, .. })
            | Expr::Set(ast::ExprSet { elts, .. }) => {
                if !self.take_budget(elts.len()) {
                    return None;
                }
                let mut out = Vec::with_capacity(elts.len());
                for e in elts {
                    if let Expr::Starred(s) = e {
                        out.extend(self.items(&s.value, at, depth + 1)?);
                    } else {
                        out.push(match self.string_value(e, at, depth + 1) {
                            Some((s, offset, literal)) => Item::Str(s, offset, literal),
                            None => Item::Other(e),
                        });
                    }
                }
                Some(out)
            }
            Expr::StringLiteral(_) => {
                let (s, offset, literal) = self.string_value(expr, at, depth + 1)?;
                Some(vec![Item::Str(s, offset, literal)])
            }
            Expr::BinOp(b) if b.op == Operator::Add => {
                let mut left = self.items(&b.left, at, depth + 1)?;
                left.extend(self.items(&b.right, at, depth + 1)?);
                Some(left)
            }
            Expr::Name(n) => {
                let visible: Vec<_> = self.bindings.get(n.id.as_str())?.iter().filter(|(pos, _)| *pos < at).collect();
                // only the last plain assignment and what followed it matter
                let from = visible.iter().rposition(|(_, b)| matches!(b, Binding::Set(_)))?;
                let mut acc: Option<Vec<Item<'a>>> = None;
                for (pos, binding) in visible.into_iter().skip(from) {
                    acc = match binding {
                        Binding::Set(v) => self.items(v, *pos, depth + 1),
                        Binding::Extend(v) => {
                            acc.and_then(|mut a| self.items(v, *pos, depth + 1).map(|more| a.extend(more)).map(|_| a))
                        }
                        Binding::Append(v) => acc.map(|mut a| {
                            a.push(match self.string_value(v, *pos, depth + 1) {
                                Some((s, offset, literal)) => Item::Str(s, offset, literal),
                                None => Item::Other(v),
                            });
                            a
                        }),
                    };
                }
                acc
            }
            Expr::Call(c) => {
                // list(...) / tuple(...) around a literal
                let Expr::Name(f) = c.func.as_ref() else {
                    return None;
                };
                match (&c.arguments.args[..], c.arguments.keywords.is_empty(), f.id.as_str()) {
                    ([arg], true, "list" | "tuple" | "sorted" | "set") => self.items(arg, at, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// A string literal (or a name bound to one): its value, the offset of the literal, the literal.
    fn string_value(
        &self,
        expr: &'a Expr,
        at: u32,
        depth: u32,
    ) -> Option<(String, TextSize, Option<&'a ast::ExprStringLiteral>)> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr {
            Expr::StringLiteral(s) => Some((s.value.to_str().to_string(), s.start(), Some(s))),
            Expr::Name(n) => {
                let (pos, binding) = self.bindings.get(n.id.as_str())?.iter().rev().find(|(pos, _)| *pos < at)?;
                match binding {
                    Binding::Set(v) => self.string_value(v, *pos, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Entries of a dict literal, `dict(...)` call or a name bound to one: (string key, value).
    fn dict_entries(&self, expr: &'a Expr, at: u32, depth: u32) -> Option<Vec<(Option<String>, &'a Expr)>> {
        if depth > MAX_DEPTH {
            return None;
        }
        match expr {
            Expr::Dict(d) => {
                let mut out = Vec::with_capacity(d.items.len());
                for item in &d.items {
                    match &item.key {
                        Some(k) => out.push((self.string_value(k, at, depth + 1).map(|(s, _, _)| s), &item.value)),
                        None => out.extend(self.dict_entries(&item.value, at, depth + 1)?),
                    }
                }
                Some(out)
            }
            Expr::Call(c) => {
                let Expr::Name(f) = c.func.as_ref() else {
                    return None;
                };
                if f.id.as_str() != "dict" || !c.arguments.args.is_empty() {
                    return None;
                }
                let mut out = Vec::new();
                for kw in &c.arguments.keywords {
                    match &kw.arg {
                        Some(name) => out.push((Some(name.id.as_str().to_string()), &kw.value)),
                        None => out.extend(self.dict_entries(&kw.value, at, depth + 1)?),
                    }
                }
                Some(out)
            }
            Expr::Name(n) => {
                let (pos, binding) = self.bindings.get(n.id.as_str())?.iter().rev().find(|(pos, _)| *pos < at)?;
                match binding {
                    Binding::Set(v) => self.dict_entries(v, *pos, depth + 1),
                    _ => None,
                }
            }
            _ => None,
        }
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
            path: Path::new("/setup.py"),
            rel: "setup.py",
            content,
        };
        SetupPy.extract(&src)
    }

    type Row = (String, Option<String>, Option<u32>, bool, bool);

    fn summary(x: &Extraction) -> Vec<Row> {
        x.packages.iter().map(|p| (p.name.clone(), p.version.clone(), p.line_number, p.dev, p.optional)).collect()
    }

    fn pkg(name: &str, version: Option<&str>, line: u32, dev: bool, optional: bool) -> Row {
        (name.into(), version.map(Into::into), Some(line), dev, optional)
    }

    #[test]
    fn literal_lists_and_extras() {
        let x = run(concat!(
            "from setuptools import setup\n",
            "setup(\n",
            "    name='demo',\n",
            "    install_requires=['a==1.0', \"b>=2\",\n",
            "        'c' '==3'],\n",
            "    extras_require={'test': ('pytest',), ':python_version<\"3\"': ['futures'], 'all': ['demo[test]']},\n",
            "    tests_require=['mock'],\n",
            ")\n"
        ))
        .expect("extracts");
        assert_eq!(
            summary(&x),
            vec![
                pkg("a", Some("1.0"), 4, false, false),
                pkg("b", None, 4, false, false),
                pkg("c", Some("3"), 5, false, false),
                pkg("pytest", None, 6, false, true),
                pkg("futures", None, 6, false, false),
                pkg("mock", None, 7, true, false),
            ]
        );
        assert!(x.warnings.is_empty(), "{:?}", x.warnings);
    }

    #[test]
    fn names_are_resolved_in_order() {
        let x = run(concat!(
            "import setuptools as st\n",
            "BASE = 'x==1'\n",
            "REQUIRES = [BASE, 'y']\n",
            "REQUIRES += ['z']\n",
            "REQUIRES.append('w')\n",
            "EXTRAS = dict(dev=['d'])\n",
            "kw = {'extras_require': EXTRAS}\n",
            "st.setup(install_requires=REQUIRES, **kw)\n",
            "REQUIRES = ['late']\n",
        ))
        .expect("extracts");
        assert_eq!(
            summary(&x),
            vec![
                pkg("x", Some("1"), 2, false, false),
                pkg("y", None, 3, false, false),
                pkg("z", None, 4, false, false),
                pkg("w", None, 5, false, false),
                pkg("d", None, 6, false, true),
            ]
        );
    }

    #[test]
    fn setup_inside_main_sees_later_bindings() {
        let x = run(
            "from distutils.core import setup as s\ndef main():\n    s(install_requires=REQ)\nREQ = ['a']\nmain()\n",
        )
        .expect("extracts");
        assert_eq!(summary(&x), vec![pkg("a", None, 4, false, false)]);
    }

    #[test]
    fn computed_values_are_warned() {
        let x = run(concat!(
            "from setuptools import setup\n",
            "reqs = open('requirements.txt').read().splitlines()\n",
            "setup(install_requires=reqs, setup_requires=['ok', 'v=={}'.format(v), '%s==1'])\n",
        ))
        .expect("extracts");
        assert_eq!(summary(&x), vec![pkg("ok", None, 3, true, false)]);
        assert_eq!(x.warnings.len(), 3, "{:?}", x.warnings);
    }

    #[test]
    fn multi_line_strings() {
        let x = run("from setuptools import setup\nsetup(install_requires='''\n  a==1\n  # no\n  b  # why\n''')\n")
            .expect("extracts");
        assert_eq!(summary(&x), vec![pkg("a", Some("1"), 3, false, false), pkg("b", None, 5, false, false)]);
        let x = run("from setuptools import setup\nsetup(install_requires='a\\nb')\n").expect("extracts");
        assert_eq!(summary(&x), vec![pkg("a", None, 2, false, false), pkg("b", None, 2, false, false)]);
    }

    #[test]
    fn doubling_chains_are_bounded() {
        let mut s = String::from("from setuptools import setup\nA = ['a']\n");
        for _ in 0..40 {
            s.push_str("A = A + A\n");
        }
        s.push_str("setup(install_requires=A)\n");
        let x = run(&s).expect("extracts");
        assert!(x.packages.len() <= MAX_ITEMS);
    }

    #[test]
    fn syntax_errors_and_empty_files() {
        assert!(matches!(run("setup(\n"), Err(ExtractError::Syntax { .. })));
        let x = run("").expect("empty is fine");
        assert!(x.packages.is_empty());
    }
}
