//! Python source parsing (ruff_python_parser).
//!
//! [`parse`] turns a module's text into ruff's syntax tree or a [`SyntaxError`] that says where the
//! source stops being Python. Callers walk the tree themselves; [`LineIndex`](super::LineIndex) maps the
//! tree's byte offsets back to 1-based lines and columns.
use ruff_python_ast::visitor::source_order::{SourceOrderVisitor, TraversalSignal};
use ruff_python_ast::{AnyNodeRef, ModModule, PySourceType};
use ruff_text_size::{Ranged, TextSize};

use super::LineIndex;

pub(crate) use ruff_python_parser::Parsed;

/// Python source that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub(crate) struct SyntaxError {
    /// 1-based line of the first error.
    pub line: u32,
    /// 1-based column (in characters) of the first error.
    pub column: u32,
    pub message: String,
}

/// Syntax trees nested deeper than this are refused. CPython refuses such code too (its parser and
/// compiler have recursion limits well below what a few megabytes of `-` or `(` can build), and
/// walking or even dropping a tree that deep would overflow the stack.
pub(crate) const MAX_NESTING: usize = 1000;

/// Parse a whole module. A leading byte-order mark is accepted.
///
/// Safe on hostile input: a tree nested deeper than [`MAX_NESTING`] is an error (and is leaked rather
/// than dropped, since dropping it recursively could overflow the stack).
pub(crate) fn parse(source: &str) -> Result<Parsed<ModModule>, SyntaxError> {
    // A cheap pass over the bytes first: the parser's memory grows with nesting (1 MB of `[` cost about
    // 2 GB before the tree could be measured), so obviously deep input never reaches it.
    if let Some(offset) = nesting_prescan(source) {
        let (line, column) = LineIndex::new(source).line_column(source, offset);
        return Err(SyntaxError { line, column, message: format!("nesting deeper than {MAX_NESTING} levels") });
    }
    // parse without converting to a Result: that conversion drops the tree on error, and the drop
    // is recursive
    let parsed = ruff_python_parser::parse_unchecked_source(source, PySourceType::Python);
    if let Some(offset) = too_deep(parsed.syntax()) {
        let (line, column) = LineIndex::new(source).line_column(source, offset.to_usize());
        std::mem::forget(parsed);
        return Err(SyntaxError { line, column, message: format!("nesting deeper than {MAX_NESTING} levels") });
    }
    match parsed.errors().first() {
        Some(e) => {
            let (line, column) = LineIndex::new(source).line_column(source, e.location.start().to_usize());
            Err(SyntaxError { line, column, message: e.error.to_string() })
        }
        None => Ok(parsed),
    }
}

/// Where bracket nesting, or a run of prefix operators (`- - - x`, `not not x`), goes deeper than
/// [`MAX_NESTING`], skipping strings and comments; linear, no allocation. A lower bound of the tree's
/// depth: what it misses the tree walk below catches.
pub(crate) fn nesting_prescan(source: &str) -> Option<usize> {
    let b = source.as_bytes();
    let mut depth = 0usize;
    let mut run = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'#' => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            q @ (b'"' | b'\'') => {
                let triple = b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q);
                i += if triple { 3 } else { 1 };
                while i < b.len() {
                    if b[i] == b'\\' {
                        i += 2;
                        continue;
                    }
                    if b[i] == q && (!triple || (b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q))) {
                        i += if triple { 3 } else { 1 };
                        break;
                    }
                    if b[i] == b'\n' && !triple {
                        break;
                    }
                    i += 1;
                }
                run = 0;
                continue;
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            b'-' | b'+' | b'~' => {
                run += 1;
                if run > MAX_NESTING {
                    return Some(i);
                }
            }
            b'n' if b[i..].starts_with(b"not ")
                && (i == 0 || !b[i - 1].is_ascii_alphanumeric() && b[i - 1] != b'_') =>
            {
                run += 1;
                if run > MAX_NESTING {
                    return Some(i);
                }
                i += 4;
                continue;
            }
            c if c.is_ascii_whitespace() => {}
            _ => run = 0,
        }
        i += 1;
    }
    None
}

/// Where the tree first nests deeper than [`MAX_NESTING`], found without recursion.
fn too_deep(module: &ModModule) -> Option<TextSize> {
    /// Collects a node's direct children instead of descending into them.
    struct Children<'a> {
        found: Vec<AnyNodeRef<'a>>,
    }
    impl<'a> SourceOrderVisitor<'a> for Children<'a> {
        fn enter_node(&mut self, node: AnyNodeRef<'a>) -> TraversalSignal {
            self.found.push(node);
            TraversalSignal::Skip
        }
    }
    let mut stack: Vec<(AnyNodeRef<'_>, usize)> = vec![(AnyNodeRef::from(module), 0)];
    let mut children = Children { found: Vec::new() };
    while let Some((node, depth)) = stack.pop() {
        if depth > MAX_NESTING {
            return Some(node.start());
        }
        node.visit_source_order(&mut children);
        stack.extend(children.found.drain(..).map(|c| (c, depth + 1)));
    }
    None
}

// ── Lowering to the IR ──────────────────────────────────────────────────────────────────────────

use super::ir::{
    BinOp as IrBinOp, Call, Class, CmpOp as IrCmpOp, ContainerKind, Expr as IrExpr, Function, Handler, Language, Lit,
    Module, Param, Span, Stmt as IrStmt,
};
use ruff_python_ast::{self as ast, Expr, Stmt};

fn span(r: impl Ranged) -> Span {
    let range = r.range();
    Span::new(range.start().to_usize(), range.end().to_usize())
}

/// Lower a parsed module into the IR. Recursion follows the tree, which [`parse`] has bounded to
/// [`MAX_NESTING`] levels.
pub(crate) fn lower(module: &ModModule) -> Module {
    let mut l = Lowerer {
        module: Module {
            language: Language::Python,
            functions: Vec::new(),
            classes: Vec::new(),
            imports: Vec::new(),
            aliases: Default::default(),
            local_aliases: Default::default(),
            exports: Default::default(),
        },
        class: None,
    };
    l.module.functions.push(Function {
        name: "<module>".into(),
        class: None,
        parent: None,
        params: Vec::new(),
        decorators: Vec::new(),
        body: Vec::new(),
        span: span(module),
        head: Span::new(0, 0),
    });
    let body = l.block(&module.body, 0);
    l.module.functions[0].body = body;
    l.module
}

enum PatternTest {
    Always,
    Test(IrExpr),
    Unknown,
}

struct Lowerer {
    module: Module,
    /// The class whose body is being lowered.
    class: Option<usize>,
}

impl Lowerer {
    fn block(&mut self, stmts: &[Stmt], func: usize) -> Vec<IrStmt> {
        let mut out = Vec::with_capacity(stmts.len());
        for s in stmts {
            self.stmt(s, func, &mut out);
        }
        out
    }

    fn stmt(&mut self, s: &Stmt, func: usize, out: &mut Vec<IrStmt>) {
        match s {
            Stmt::FunctionDef(f) => {
                let idx = self.function(f, func);
                out.push(IrStmt::Def(idx));
            }
            Stmt::ClassDef(c) => {
                let bases = c.arguments.as_ref().map(|a| self.exprs(&a.args, func)).unwrap_or_default();
                let decorators = c.decorator_list.iter().map(|d| self.expr(&d.expression, func)).collect();
                let fields = c
                    .body
                    .iter()
                    .filter_map(|s| match s {
                        Stmt::AnnAssign(a) => match a.target.as_ref() {
                            Expr::Name(n) => Some((n.id.as_str().to_string(), self.expr(&a.annotation, func))),
                            _ => None,
                        },
                        _ => None,
                    })
                    .collect();
                let idx = self.module.classes.len();
                self.module.classes.push(Class {
                    name: c.name.as_str().to_string(),
                    bases,
                    decorators,
                    fields,
                    body: Vec::new(),
                    span: span(c),
                });
                let outer = self.class.replace(idx);
                let body = self.block(&c.body, func);
                self.class = outer;
                // methods became functions of their own; the class keeps its other statements
                let (defs, rest): (Vec<IrStmt>, Vec<IrStmt>) =
                    body.into_iter().partition(|s| matches!(s, IrStmt::Def(_)));
                self.module.classes[idx].body = rest;
                out.push(IrStmt::ClassDef(idx));
                out.extend(defs);
            }
            Stmt::Return(r) => out.push(IrStmt::Return(r.value.as_ref().map(|v| self.expr(v, func)), span(r))),
            Stmt::Delete(_) | Stmt::TypeAlias(_) | Stmt::Global(_) | Stmt::Nonlocal(_) | Stmt::IpyEscapeCommand(_) => {}
            Stmt::Assign(a) => out.push(IrStmt::Assign {
                targets: a.targets.iter().map(|t| self.expr(t, func)).collect(),
                value: self.expr(&a.value, func),
                op: None,
                span: span(a),
            }),
            Stmt::AugAssign(a) => out.push(IrStmt::Assign {
                targets: vec![self.expr(&a.target, func)],
                value: self.expr(&a.value, func),
                op: Some(bin_op(a.op)),
                span: span(a),
            }),
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    out.push(IrStmt::Assign {
                        targets: vec![self.expr(&a.target, func)],
                        value: self.expr(v, func),
                        op: None,
                        span: span(a),
                    });
                }
            }
            Stmt::For(f) => out.push(IrStmt::Loop {
                target: Some(self.expr(&f.target, func)),
                iter: Some(self.expr(&f.iter, func)),
                test: None,
                body: self.block(&f.body, func),
                orelse: self.block(&f.orelse, func),
                span: span(f),
            }),
            Stmt::While(w) => out.push(IrStmt::Loop {
                target: None,
                iter: None,
                test: Some(self.expr(&w.test, func)),
                body: self.block(&w.body, func),
                orelse: self.block(&w.orelse, func),
                span: span(w),
            }),
            Stmt::If(i) => {
                // elif/else clauses nest as else branches
                let mut orelse: Vec<IrStmt> = Vec::new();
                for clause in i.elif_else_clauses.iter().rev() {
                    let body = self.block(&clause.body, func);
                    orelse = match &clause.test {
                        Some(t) => {
                            vec![IrStmt::If { test: self.expr(t, func), then: body, orelse, span: span(clause) }]
                        }
                        None => body,
                    };
                }
                out.push(IrStmt::If {
                    test: self.expr(&i.test, func),
                    then: self.block(&i.body, func),
                    orelse,
                    span: span(i),
                });
            }
            Stmt::With(w) => out.push(IrStmt::With {
                items: w
                    .items
                    .iter()
                    .map(|it| {
                        (self.expr(&it.context_expr, func), it.optional_vars.as_ref().map(|v| self.expr(v, func)))
                    })
                    .collect(),
                body: self.block(&w.body, func),
                span: span(w),
            }),
            Stmt::Match(m) => {
                // an if/elif chain: a case whose pattern is literal values compares the subject with them
                // (so a constant subject picks its case), a wildcard is the final else, any other pattern
                // is a branch that may or may not be taken
                let subject = self.expr(&m.subject, func);
                out.push(IrStmt::Expr(subject.clone()));
                let mut orelse = Vec::new();
                for case in m.cases.iter().rev() {
                    let body = self.block(&case.body, func);
                    let guard = case.guard.as_ref().map(|g| self.expr(g, func));
                    let test = match (self.pattern_test(&case.pattern, &subject, func), guard) {
                        (PatternTest::Always, None) => {
                            orelse = body;
                            continue;
                        }
                        (PatternTest::Always, Some(g)) => g,
                        (PatternTest::Test(t), None) => t,
                        (PatternTest::Test(t), Some(g)) => IrExpr::Bool(true, vec![t, g], span(case)),
                        (PatternTest::Unknown, _) => IrExpr::Unknown(span(case)),
                    };
                    orelse = vec![IrStmt::If { test, then: body, orelse, span: span(case) }];
                }
                out.extend(orelse);
            }
            Stmt::Raise(r) => out.push(IrStmt::Raise(r.exc.as_ref().map(|e| self.expr(e, func)), span(r))),
            Stmt::Try(t) => out.push(IrStmt::Try {
                body: self.block(&t.body, func),
                handlers: t
                    .handlers
                    .iter()
                    .map(|h| {
                        let ast::ExceptHandler::ExceptHandler(h) = h;
                        let types = match h.type_.as_deref() {
                            None => Vec::new(),
                            Some(Expr::Tuple(t)) => t.elts.iter().map(|e| self.expr(e, func)).collect(),
                            Some(e) => vec![self.expr(e, func)],
                        };
                        Handler {
                            types,
                            name: h.name.as_ref().map(|n| n.as_str().to_string()),
                            body: self.block(&h.body, func),
                            span: span(h),
                        }
                    })
                    .collect(),
                orelse: self.block(&t.orelse, func),
                finally: self.block(&t.finalbody, func),
                span: span(t),
            }),
            Stmt::Assert(a) => out.push(IrStmt::Assert(self.expr(&a.test, func), span(a))),
            Stmt::Import(i) => {
                let mut bound = Vec::new();
                for alias in &i.names {
                    let name = alias.name.as_str();
                    self.module.imports.push((name.to_string(), span(alias)));
                    match &alias.asname {
                        Some(as_name) => bound.push((as_name.as_str().to_string(), name.to_string())),
                        None => {
                            // `import a.b.c` binds `a`
                            let first = name.split('.').next().unwrap_or(name);
                            bound.push((first.to_string(), first.to_string()));
                        }
                    }
                }
                self.bind(bound, func, span(i), out);
            }
            Stmt::ImportFrom(i) => {
                let base = format!(
                    "{}{}",
                    ".".repeat(i.level as usize),
                    i.module.as_ref().map(|m| m.as_str()).unwrap_or_default()
                );
                let mut bound = Vec::new();
                for alias in &i.names {
                    let name = alias.name.as_str();
                    let qualified = if base.is_empty() || base.ends_with('.') {
                        format!("{base}{name}")
                    } else {
                        format!("{base}.{name}")
                    };
                    self.module.imports.push((qualified.clone(), span(alias)));
                    if name != "*" {
                        let local = alias.asname.as_ref().map(|a| a.as_str()).unwrap_or(name);
                        bound.push((local.to_string(), qualified));
                    }
                }
                self.bind(bound, func, span(i), out);
            }
            Stmt::Expr(e) => out.push(IrStmt::Expr(self.expr(&e.value, func))),
            Stmt::Pass(p) => out.push(IrStmt::Pass(span(p))),
            Stmt::Break(b) => out.push(IrStmt::Break(span(b))),
            Stmt::Continue(c) => out.push(IrStmt::Continue(span(c))),
        }
    }

    /// Names bound by an import: a statement where it is, and the module's alias table when it is at
    /// module level.
    fn bind(&mut self, bound: Vec<(String, String)>, func: usize, span: Span, out: &mut Vec<IrStmt>) {
        for (local, qualified) in &bound {
            if func == 0 {
                self.module.aliases.insert(local.clone(), qualified.clone());
            } else {
                self.module.bind_local(local, qualified);
            }
        }
        if !bound.is_empty() {
            out.push(IrStmt::Import(bound, span));
        }
    }

    /// What a `case` pattern tests of the subject, where it is literal values or a wildcard.
    fn pattern_test(&mut self, p: &ast::Pattern, subject: &IrExpr, func: usize) -> PatternTest {
        let eq = |value: IrExpr| IrExpr::Compare(Box::new(subject.clone()), vec![(IrCmpOp::Eq, value)], subject.span());
        match p {
            ast::Pattern::MatchValue(v) => PatternTest::Test(eq(self.expr(&v.value, func))),
            ast::Pattern::MatchSingleton(v) => {
                let lit = match v.value {
                    ast::Singleton::None => Lit::None,
                    ast::Singleton::True => Lit::Bool(true),
                    ast::Singleton::False => Lit::Bool(false),
                };
                PatternTest::Test(eq(IrExpr::Lit(lit, span(v))))
            }
            ast::Pattern::MatchAs(a) => match &a.pattern {
                None => PatternTest::Always,
                Some(inner) => self.pattern_test(inner, subject, func),
            },
            ast::Pattern::MatchOr(o) => {
                let mut tests = Vec::new();
                for alt in &o.patterns {
                    match self.pattern_test(alt, subject, func) {
                        PatternTest::Always => return PatternTest::Always,
                        PatternTest::Unknown => return PatternTest::Unknown,
                        PatternTest::Test(t) => tests.push(t),
                    }
                }
                PatternTest::Test(IrExpr::Bool(false, tests, span(o)))
            }
            _ => PatternTest::Unknown,
        }
    }

    fn params(&mut self, p: &ast::Parameters, func: usize) -> Vec<Param> {
        let mut out = Vec::new();
        for pd in p.posonlyargs.iter().chain(p.args.iter()).chain(p.kwonlyargs.iter()) {
            out.push(Param {
                name: pd.parameter.name.as_str().to_string(),
                default: pd.default.as_ref().map(|d| self.expr(d, func)),
                annotation: pd.parameter.annotation.as_ref().map(|a| self.expr(a, func)),
                span: span(pd),
            });
        }
        for v in p.vararg.iter().chain(p.kwarg.iter()) {
            out.push(Param {
                name: v.name.as_str().to_string(),
                default: None,
                annotation: v.annotation.as_ref().map(|a| self.expr(a, func)),
                span: span(v.as_ref()),
            });
        }
        out
    }

    fn function(&mut self, f: &ast::StmtFunctionDef, parent: usize) -> usize {
        let idx = self.module.functions.len();
        let decorators = f.decorator_list.iter().map(|d| self.expr(&d.expression, parent)).collect();
        self.module.functions.push(Function {
            name: f.name.as_str().to_string(),
            class: self.class,
            parent: Some(parent),
            params: Vec::new(),
            decorators,
            body: Vec::new(),
            span: span(f),
            head: span(&f.name),
        });
        let params = self.params(&f.parameters, parent);
        // a nested definition does not belong to the class
        let outer = self.class.take();
        let body = self.block(&f.body, idx);
        self.class = outer;
        let func = &mut self.module.functions[idx];
        func.params = params;
        func.body = body;
        idx
    }

    fn exprs(&mut self, es: &[Expr], func: usize) -> Vec<IrExpr> {
        es.iter().map(|e| self.expr(e, func)).collect()
    }

    fn expr(&mut self, e: &Expr, func: usize) -> IrExpr {
        let s = span(e);
        match e {
            Expr::BoolOp(b) => IrExpr::Bool(matches!(b.op, ast::BoolOp::And), self.exprs(&b.values, func), s),
            Expr::Named(n) => {
                // `(x := value)`: the value (the binding is rare in the code rules look at)
                self.expr(&n.value, func)
            }
            Expr::BinOp(b) => {
                let (l, r) = (self.expr(&b.left, func), self.expr(&b.right, func));
                IrExpr::Bin(bin_op(b.op), Box::new(l), Box::new(r), s)
            }
            Expr::UnaryOp(u) if matches!(u.op, ast::UnaryOp::USub) => match self.expr(&u.operand, func) {
                IrExpr::Lit(Lit::Int(v), _) => IrExpr::Lit(Lit::Int(v.saturating_neg()), s),
                IrExpr::Lit(Lit::Float(v), _) => IrExpr::Lit(Lit::Float(-v), s),
                other => IrExpr::Unary(false, Box::new(other), s),
            },
            Expr::UnaryOp(u) => {
                IrExpr::Unary(matches!(u.op, ast::UnaryOp::Not), Box::new(self.expr(&u.operand, func)), s)
            }
            Expr::Lambda(l) => {
                let idx = self.module.functions.len();
                self.module.functions.push(Function {
                    name: "<lambda>".into(),
                    class: None,
                    parent: Some(func),
                    params: Vec::new(),
                    decorators: Vec::new(),
                    body: Vec::new(),
                    span: s,
                    head: s,
                });
                let params = l.parameters.as_ref().map(|p| self.params(p, func)).unwrap_or_default();
                let body = vec![IrStmt::Return(Some(self.expr(&l.body, idx)), span(l.body.as_ref()))];
                let f = &mut self.module.functions[idx];
                f.params = params;
                f.body = body;
                IrExpr::Lambda(idx, s)
            }
            Expr::If(i) => IrExpr::IfExp(
                Box::new(self.expr(&i.test, func)),
                Box::new(self.expr(&i.body, func)),
                Box::new(self.expr(&i.orelse, func)),
                s,
            ),
            Expr::Dict(d) => IrExpr::Dict(
                d.items
                    .iter()
                    .map(|it| (it.key.as_ref().map(|k| self.expr(k, func)), self.expr(&it.value, func)))
                    .collect(),
                s,
            ),
            Expr::Set(x) => IrExpr::Container(ContainerKind::Set, self.exprs(&x.elts, func), s),
            Expr::List(x) => IrExpr::Container(ContainerKind::List, self.exprs(&x.elts, func), s),
            Expr::Tuple(x) => IrExpr::Container(ContainerKind::Tuple, self.exprs(&x.elts, func), s),
            Expr::ListComp(c) => self.comprehension(&c.elt, &c.generators, func, s),
            Expr::SetComp(c) => self.comprehension(&c.elt, &c.generators, func, s),
            Expr::Generator(c) => self.comprehension(&c.elt, &c.generators, func, s),
            Expr::DictComp(c) => self.comprehension(&c.value, &c.generators, func, s),
            Expr::Await(a) => self.expr(&a.value, func),
            Expr::Yield(y) => y.value.as_ref().map(|v| self.expr(v, func)).unwrap_or(IrExpr::Unknown(s)),
            Expr::YieldFrom(y) => self.expr(&y.value, func),
            Expr::Compare(c) => {
                let left = self.expr(&c.left, func);
                let rest =
                    c.ops.iter().zip(c.comparators.iter()).map(|(op, e)| (cmp_op(*op), self.expr(e, func))).collect();
                IrExpr::Compare(Box::new(left), rest, s)
            }
            Expr::Call(c) => {
                let func_expr = self.expr(&c.func, func);
                let args = self.exprs(&c.arguments.args, func);
                let kwargs = c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| (k.arg.as_ref().map(|a| a.as_str().to_string()), self.expr(&k.value, func)))
                    .collect();
                IrExpr::Call(Box::new(Call { func: func_expr, args, kwargs, span: s }))
            }
            Expr::FString(f) => {
                let mut parts = Vec::new();
                for part in f.value.as_slice() {
                    match part {
                        ast::FStringPart::Literal(l) => parts.push(IrExpr::Lit(Lit::Str(l.value.to_string()), span(l))),
                        ast::FStringPart::FString(fs) => {
                            for el in fs.elements.iter() {
                                match el {
                                    ast::InterpolatedStringElement::Literal(l) => {
                                        parts.push(IrExpr::Lit(Lit::Str(l.value.to_string()), span(l)))
                                    }
                                    ast::InterpolatedStringElement::Interpolation(i) => {
                                        parts.push(self.expr(&i.expression, func))
                                    }
                                }
                            }
                        }
                    }
                }
                IrExpr::Build(parts, s)
            }
            Expr::TString(_) => IrExpr::Unknown(s),
            Expr::StringLiteral(l) => IrExpr::Lit(Lit::Str(l.value.to_str().to_string()), s),
            Expr::BytesLiteral(b) => {
                IrExpr::Lit(Lit::Bytes(b.value.iter().flat_map(|p| p.as_slice().iter().copied()).collect()), s)
            }
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => i.as_i64().map_or(IrExpr::Unknown(s), |v| IrExpr::Lit(Lit::Int(v), s)),
                ast::Number::Float(f) => IrExpr::Lit(Lit::Float(*f), s),
                ast::Number::Complex { .. } => IrExpr::Unknown(s),
            },
            Expr::BooleanLiteral(b) => IrExpr::Lit(Lit::Bool(b.value), s),
            Expr::NoneLiteral(_) => IrExpr::Lit(Lit::None, s),
            Expr::EllipsisLiteral(_) => IrExpr::Unknown(s),
            Expr::Attribute(a) => IrExpr::Attr(Box::new(self.expr(&a.value, func)), a.attr.as_str().to_string(), s),
            Expr::Subscript(x) => {
                let value = self.expr(&x.value, func);
                match x.slice.as_ref() {
                    Expr::Slice(_) => IrExpr::Slice(Box::new(value), s),
                    idx => IrExpr::Index(Box::new(value), Box::new(self.expr(idx, func)), s),
                }
            }
            Expr::Starred(x) => IrExpr::Starred(Box::new(self.expr(&x.value, func)), s),
            Expr::Name(n) => IrExpr::Name(n.id.as_str().to_string(), s),
            Expr::Slice(_) | Expr::IpyEscapeCommand(_) => IrExpr::Unknown(s),
        }
    }

    fn comprehension(&mut self, elt: &Expr, generators: &[ast::Comprehension], func: usize, s: Span) -> IrExpr {
        let gens = generators.iter().map(|g| (self.expr(&g.target, func), self.expr(&g.iter, func))).collect();
        IrExpr::Comprehension(Box::new(self.expr(elt, func)), gens, s)
    }
}

fn bin_op(op: ast::Operator) -> IrBinOp {
    match op {
        ast::Operator::Add => IrBinOp::Add,
        ast::Operator::Sub => IrBinOp::Sub,
        ast::Operator::Mult => IrBinOp::Mul,
        ast::Operator::Div => IrBinOp::Div,
        ast::Operator::FloorDiv => IrBinOp::FloorDiv,
        ast::Operator::Mod => IrBinOp::Mod,
        ast::Operator::Pow => IrBinOp::Pow,
        ast::Operator::BitOr => IrBinOp::BitOr,
        ast::Operator::BitAnd => IrBinOp::BitAnd,
        _ => IrBinOp::Other,
    }
}

fn cmp_op(op: ast::CmpOp) -> IrCmpOp {
    match op {
        ast::CmpOp::Eq => IrCmpOp::Eq,
        ast::CmpOp::NotEq => IrCmpOp::NotEq,
        ast::CmpOp::Lt => IrCmpOp::Lt,
        ast::CmpOp::LtE => IrCmpOp::LtE,
        ast::CmpOp::Gt => IrCmpOp::Gt,
        ast::CmpOp::GtE => IrCmpOp::GtE,
        ast::CmpOp::Is => IrCmpOp::Is,
        ast::CmpOp::IsNot => IrCmpOp::IsNot,
        ast::CmpOp::In => IrCmpOp::In,
        ast::CmpOp::NotIn => IrCmpOp::NotIn,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(src: &str) -> Module {
        lower(parse(src).expect("parses").syntax())
    }

    #[test]
    fn lowering_keeps_imports_functions_and_order() {
        let m = lowered(
            "import yaml as y\nimport os.path\nfrom subprocess import run as r\nfrom . import views\n\
             class A(Base):\n    x = 1\n    def m(self, a, *rest, k=2, **kw):\n        return f'{a}!'\n\
             def f(x):\n    def g():\n        pass\n    return lambda q: q\n",
        );
        assert_eq!(m.aliases.get("y").map(String::as_str), Some("yaml"));
        assert_eq!(m.aliases.get("os").map(String::as_str), Some("os"));
        assert_eq!(m.aliases.get("r").map(String::as_str), Some("subprocess.run"));
        assert_eq!(m.aliases.get("views").map(String::as_str), Some(".views"));
        let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, vec!["<module>", "m", "f", "g", "<lambda>"]);
        assert_eq!(m.functions[1].class, Some(0));
        assert_eq!(
            m.functions[1].params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
            vec!["self", "a", "k", "rest", "kw"]
        );
        assert_eq!(m.functions[3].parent, Some(2));
        assert_eq!(m.classes[0].body.len(), 1, "the class keeps `x = 1`");
        assert!(matches!(m.functions[1].body[0], IrStmt::Return(Some(IrExpr::Build(..)), _)));
    }

    #[test]
    fn imports_inside_functions_bind_there_only() {
        let m = lowered(
            "from flask import render_template\ndef f():\n    from other import render_template\n    return 1\n",
        );
        assert_eq!(m.aliases.get("render_template").map(String::as_str), Some("flask.render_template"));
        assert!(matches!(&m.functions[1].body[0], IrStmt::Import(b, _) if b[0].1 == "other.render_template"));
    }

    #[test]
    fn match_on_literals_becomes_an_if_chain() {
        let m = lowered(
            "match g:\n    case 'A':\n        x = 1\n    case 'B' | 'C':\n        x = 2\n    case _:\n        x = 3\n",
        );
        let IrStmt::If { test, orelse, .. } = &m.functions[0].body[1] else { panic!("an if") };
        assert!(matches!(test, IrExpr::Compare(_, ops, _) if ops.len() == 1));
        let IrStmt::If { test: second, orelse: last, .. } = &orelse[0] else { panic!("elif") };
        assert!(matches!(second, IrExpr::Bool(false, alts, _) if alts.len() == 2), "an or of the alternatives");
        assert!(matches!(&last[0], IrStmt::Assign { .. }), "the wildcard is the final else");
    }

    #[test]
    fn negative_numbers_are_literals_and_containers_keep_items() {
        let m = lowered("x = [1, -2, *rest]\nd = {'k': v, **other}\n");
        let IrStmt::Assign { value: IrExpr::Container(_, items, _), .. } = &m.functions[0].body[0] else {
            panic!("list")
        };
        assert!(matches!(items[1], IrExpr::Lit(Lit::Int(-2), _)));
        assert!(matches!(items[2], IrExpr::Starred(..)));
        let IrStmt::Assign { value: IrExpr::Dict(entries, _), .. } = &m.functions[0].body[1] else { panic!("dict") };
        assert!(entries[0].0.is_some() && entries[1].0.is_none(), "`**other` has no key");
    }

    #[test]
    fn python_3_12_f_strings_parse() {
        // PEP 701: the same quote inside the braces
        let m = lowered("x = f'{', '.join(items)} and {d['k']}'\n");
        assert!(
            matches!(&m.functions[0].body[0], IrStmt::Assign { value: IrExpr::Build(parts, _), .. } if parts.len() == 3)
        );
    }

    #[test]
    fn parses_a_module() {
        let parsed = parse("\u{feff}import os\nx = [1, 2]\n").expect("parses");
        assert_eq!(parsed.syntax().body.len(), 2);
    }

    #[test]
    fn reports_the_line_of_a_syntax_error() {
        let err = parse("x = 1\ny = (\n").expect_err("does not parse");
        assert_eq!(err.line, 3);
        let err = parse("a = 1\nb = = 2\n").expect_err("does not parse");
        assert_eq!((err.line, err.column), (2, 5));
        assert!(!err.message.is_empty());
    }

    #[test]
    fn a_megabyte_of_brackets_is_refused_before_parsing() {
        // 1 MB of `[` in a setup.py cost about 2 GB of memory before the nesting guard refused it
        let src = format!("setup(install_requires={})\n", "[".repeat(1_000_000));
        assert_eq!(nesting_prescan(&src), Some(22 + MAX_NESTING), "at the first bracket past the limit");
        let err = parse(&src).expect_err("refused");
        assert!(err.message.contains("nesting"), "{err}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let cases = [
            format!("x = {}1\n", "-".repeat(200_000)),
            format!("x = {}1{}\n", "[".repeat(50_000), "]".repeat(50_000)),
            format!("x = {}\n", vec!["1"; 50_000].join(" + ")),
            format!("x = {}1\n", "not ".repeat(50_000)),
            format!("x = {}\n", "lambda: ".repeat(50_000)),
            format!("x = {}\n", "[".repeat(50_000)),
        ];
        for (i, src) in cases.iter().enumerate() {
            match parse(src) {
                Err(err) => assert_eq!(err.line, 1, "case {i}: {err}"),
                Ok(_) => panic!("case {i} parsed"),
            }
        }
        // brackets in strings and comments are not nesting
        let quoted = format!("x = '{}'  # {}\n", "[".repeat(50_000), "(".repeat(50_000));
        assert!(parse(&quoted).is_ok());
        let triple = format!("x = \"\"\"{}\"\"\"\n", "{".repeat(5_000));
        assert!(parse(&triple).is_ok());
        // wide is fine
        let wide = format!("x = [{}]\n", vec!["-1"; 50_000].join(", "));
        assert!(parse(&wide).is_ok());
        let nested_ok = format!("x = {}1{}\n", "[".repeat(100), "]".repeat(100));
        assert!(parse(&nested_ok).is_ok());
    }
}
