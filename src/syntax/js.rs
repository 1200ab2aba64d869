//! JavaScript and TypeScript (JSX, TSX, CommonJS, ES modules) parsing with oxc, lowered into the IR the
//! code engine shares with Python.
//!
//! Lowering keeps what rules and taint need: `require`/`import` bindings become the IR's imports
//! (`const { exec } = require('child_process')` binds `exec` to `child_process.exec`, `node:` prefixes
//! dropped), `this` becomes the method receiver `self`, arrow functions and callbacks become functions
//! of their own (an Express handler passed to `app.get(path, auth, handler)` is analysed with its
//! parameters), destructuring becomes assignments from the destructured value (`const { id } =
//! req.query` reads `req.query.id`), template literals are string building, tagged templates are calls
//! of their tag (`sql\`…\``), optional chaining and TypeScript casts vanish, `switch` becomes an if
//! chain, JSX's `dangerouslySetInnerHTML={{__html: x}}` and `href={x}` become calls of
//! `jsx.dangerouslySetInnerHTML` / `jsx.href` so rules can name them.
use super::ir::{
    BinOp as IrBinOp, Call, Class, CmpOp as IrCmpOp, ContainerKind, Expr as IrExpr, Function, Handler, Language, Lit,
    Module, Param, Span, Stmt as IrStmt,
};
use super::LineIndex;
use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_parser::{ParseOptions, Parser};
use oxc_semantic::SemanticBuilder;
use oxc_span::{GetSpan, SourceType};

/// Source that does not parse.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}, column {column}: {message}")]
pub(crate) struct SyntaxError {
    pub line: u32,
    pub column: u32,
    pub message: String,
}

/// Nesting deeper than this is refused before parsing (brackets, braces, parentheses; strings,
/// template literals, comments and regular expressions are skipped roughly): the lowering and the
/// analysis recurse on the tree.
pub(crate) const MAX_NESTING: usize = 1000;

/// The result of parsing: the IR, and whether the parser had to recover from errors (its findings are
/// then less certain).
pub(crate) struct Parsed {
    pub(crate) module: Module,
    pub(crate) recovered: Option<SyntaxError>,
}

/// Parse `source` as the kind of file `path` names (`.ts`, `.tsx`, `.jsx`, `.mjs`…) and lower it.
pub(crate) fn parse(source: &str, path: &str) -> Result<Parsed, SyntaxError> {
    let lines = LineIndex::new(source);
    let at = |offset: usize, message: String| {
        let (line, column) = lines.line_column(source, offset);
        SyntaxError { line, column, message }
    };
    if let Some(offset) = nesting_prescan(source) {
        return Err(at(offset, format!("nesting deeper than {MAX_NESTING} levels")));
    }
    // plain `.js` files may hold JSX (React code often does)
    let source_type = match SourceType::from_path(path) {
        Ok(t) if t.is_javascript() => t.with_jsx(true),
        Ok(t) => t,
        Err(_) => SourceType::mjs().with_jsx(true),
    };
    let options = || ParseOptions { allow_return_outside_function: true, ..ParseOptions::default() };
    let allocator = Allocator::default();
    let retry_allocator = Allocator::default();
    let first = Parser::new(&allocator, source, source_type).with_options(options()).parse();
    // a `.js` file with type annotations (TypeScript or Flow syntax left in by a build setup): read as
    // TypeScript when that parses
    let ret = if first.panicked && source_type.is_javascript() {
        let second = Parser::new(&retry_allocator, source, SourceType::tsx()).with_options(options()).parse();
        if second.panicked {
            first
        } else {
            second
        }
    } else {
        first
    };
    let error_of = |d: &oxc_diagnostics::OxcDiagnostic| {
        let offset = d.labels.as_ref().first().map_or(0, |l| l.offset() as usize);
        at(offset, d.message.to_string())
    };
    if ret.panicked {
        return Err(ret.diagnostics.first().map(error_of).unwrap_or_else(|| at(0, "the parser gave up".into())));
    }
    // the early errors the parser leaves to semantic analysis (redeclarations, misplaced `return`…)
    let semantic = SemanticBuilder::new().with_check_syntax_error(true).build(&ret.program);
    let first_error = ret.diagnostics.first().or_else(|| semantic.diagnostics.first()).map(error_of);
    let mut l = Lowerer {
        module: Module {
            language: Language::JavaScript,
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
        span: span(ret.program.span),
        head: Span::new(0, 0),
    });
    let mut body = Vec::new();
    for s in &ret.program.body {
        l.stmt(s, 0, &mut body);
    }
    l.module.functions[0].body = body;
    Ok(Parsed { module: l.module, recovered: first_error })
}

/// Where bracket nesting goes deeper than [`MAX_NESTING`] (a lower bound of the tree's depth).
pub(crate) fn nesting_prescan(source: &str) -> Option<usize> {
    let b = source.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            q @ (b'"' | b'\'' | b'`') => {
                i += 1;
                while i < b.len() && b[i] != q {
                    if b[i] == b'\\' {
                        i += 1;
                    } else if q != b'`' && b[i] == b'\n' {
                        break;
                    }
                    i += 1;
                }
            }
            b'(' | b'[' | b'{' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    None
}

fn span(s: oxc_span::Span) -> Span {
    Span::new(s.start as usize, s.end as usize)
}

/// A module name as rules name it: `node:fs` is `fs`.
fn module_name(m: &str) -> String {
    m.strip_prefix("node:").unwrap_or(m).to_string()
}

struct Lowerer {
    module: Module,
    class: Option<usize>,
}

impl Lowerer {
    /// Bind names to qualified names (imports), where they are and, at module level, in the alias table.
    fn bind(&mut self, bound: Vec<(String, String)>, func: usize, s: Span, out: &mut Vec<IrStmt>) {
        for (_, q) in &bound {
            let module = q.split('.').next().unwrap_or(q).to_string();
            self.module.imports.push((module, s));
        }
        for (local, q) in &bound {
            if func == 0 {
                self.module.aliases.insert(local.clone(), q.clone());
            } else {
                self.module.bind_local(local, q);
            }
        }
        if !bound.is_empty() {
            out.push(IrStmt::Import(bound, s));
        }
    }

    fn block(&mut self, stmts: &[Statement<'_>], func: usize) -> Vec<IrStmt> {
        let mut out = Vec::with_capacity(stmts.len());
        for s in stmts {
            self.stmt(s, func, &mut out);
        }
        out
    }

    fn one(&mut self, s: &Statement<'_>, func: usize) -> Vec<IrStmt> {
        let mut out = Vec::new();
        self.stmt(s, func, &mut out);
        out
    }

    fn stmt(&mut self, s: &Statement<'_>, func: usize, out: &mut Vec<IrStmt>) {
        let sp = span(s.span());
        match s {
            Statement::BlockStatement(b) => {
                for x in &b.body {
                    self.stmt(x, func, out);
                }
            }
            Statement::ExpressionStatement(e) => self.expr_stmt(&e.expression, func, out),
            Statement::VariableDeclaration(v) => self.var_decl(v, func, out),
            Statement::FunctionDeclaration(f) => {
                let idx = self.function(f, func, None);
                out.push(IrStmt::Def(idx));
            }
            Statement::ClassDeclaration(c) => self.class_decl(c, func, out),
            Statement::ReturnStatement(r) => {
                out.push(IrStmt::Return(r.argument.as_ref().map(|a| self.expr(a, func)), sp))
            }
            Statement::IfStatement(i) => {
                let test = self.expr(&i.test, func);
                let then = self.one(&i.consequent, func);
                let orelse = i.alternate.as_ref().map(|a| self.one(a, func)).unwrap_or_default();
                out.push(IrStmt::If { test, then, orelse, span: sp });
            }
            Statement::ForStatement(f) => {
                if let Some(init) = &f.init {
                    match init {
                        ForStatementInit::VariableDeclaration(v) => self.var_decl(v, func, out),
                        other => {
                            if let Some(e) = other.as_expression() {
                                self.expr_stmt(e, func, out);
                            }
                        }
                    }
                }
                let mut body = self.one(&f.body, func);
                if let Some(u) = &f.update {
                    self.expr_stmt(u, func, &mut body);
                }
                let test = f.test.as_ref().map(|t| self.expr(t, func)).unwrap_or(IrExpr::Unknown(sp));
                out.push(IrStmt::Loop {
                    target: None,
                    iter: None,
                    test: Some(test),
                    body,
                    orelse: Vec::new(),
                    span: sp,
                });
            }
            Statement::ForInStatement(f) => {
                let target = self.for_left(&f.left, func);
                let iter = self.expr(&f.right, func);
                let body = self.one(&f.body, func);
                // the keys of an object: as untrusted as the object
                out.push(IrStmt::Loop {
                    target: Some(target),
                    iter: Some(iter),
                    test: None,
                    body,
                    orelse: Vec::new(),
                    span: sp,
                });
            }
            Statement::ForOfStatement(f) => {
                let target = self.for_left(&f.left, func);
                let iter = self.expr(&f.right, func);
                let body = self.one(&f.body, func);
                out.push(IrStmt::Loop {
                    target: Some(target),
                    iter: Some(iter),
                    test: None,
                    body,
                    orelse: Vec::new(),
                    span: sp,
                });
            }
            Statement::WhileStatement(w) => {
                let test = self.expr(&w.test, func);
                let body = self.one(&w.body, func);
                out.push(IrStmt::Loop {
                    target: None,
                    iter: None,
                    test: Some(test),
                    body,
                    orelse: Vec::new(),
                    span: sp,
                });
            }
            Statement::DoWhileStatement(w) => {
                // the body runs once for sure, then as a loop
                let first = self.one(&w.body, func);
                out.extend(first);
                let test = self.expr(&w.test, func);
                let body = self.one(&w.body, func);
                out.push(IrStmt::Loop {
                    target: None,
                    iter: None,
                    test: Some(test),
                    body,
                    orelse: Vec::new(),
                    span: sp,
                });
            }
            Statement::SwitchStatement(sw) => {
                let subject = self.expr(&sw.discriminant, func);
                out.push(IrStmt::Expr(subject.clone()));
                // an if chain on equality with each case; fall-through is approximated by each case's own body
                let mut orelse = Vec::new();
                let mut default = None;
                for case in sw.cases.iter().rev() {
                    let body: Vec<IrStmt> = case
                        .consequent
                        .iter()
                        .flat_map(|s| self.one(s, func))
                        .filter(|s| !matches!(s, IrStmt::Break(_)))
                        .collect();
                    match &case.test {
                        None => default = Some(body),
                        Some(t) => {
                            let value = self.expr(t, func);
                            let test =
                                IrExpr::Compare(Box::new(subject.clone()), vec![(IrCmpOp::Eq, value)], span(case.span));
                            let rest = if orelse.is_empty() { default.take().unwrap_or_default() } else { orelse };
                            orelse = vec![IrStmt::If { test, then: body, orelse: rest, span: span(case.span) }];
                        }
                    }
                }
                if orelse.is_empty() {
                    orelse = default.unwrap_or_default();
                }
                out.extend(orelse);
            }
            Statement::TryStatement(t) => {
                let body = self.block(&t.block.body, func);
                let handlers = t
                    .handler
                    .as_ref()
                    .map(|h| {
                        let name = h.param.as_ref().and_then(|p| binding_name(&p.pattern));
                        vec![Handler {
                            types: Vec::new(),
                            name,
                            body: self.block(&h.body.body, func),
                            span: span(h.span),
                        }]
                    })
                    .unwrap_or_default();
                let finally = t.finalizer.as_ref().map(|f| self.block(&f.body, func)).unwrap_or_default();
                out.push(IrStmt::Try { body, handlers, orelse: Vec::new(), finally, span: sp });
            }
            Statement::ThrowStatement(t) => out.push(IrStmt::Raise(Some(self.expr(&t.argument, func)), sp)),
            Statement::BreakStatement(_) => out.push(IrStmt::Break(sp)),
            Statement::ContinueStatement(_) => out.push(IrStmt::Continue(sp)),
            Statement::LabeledStatement(l) => self.stmt(&l.body, func, out),
            Statement::EmptyStatement(_) | Statement::DebuggerStatement(_) => out.push(IrStmt::Pass(sp)),
            Statement::WithStatement(w) => {
                let o = self.expr(&w.object, func);
                out.push(IrStmt::Expr(o));
                self.stmt(&w.body, func, out);
            }
            Statement::ImportDeclaration(i) => {
                let module = module_name(i.source.value.as_str());
                let mut bound = Vec::new();
                if let Some(specs) = &i.specifiers {
                    for sp in specs {
                        match sp {
                            ImportDeclarationSpecifier::ImportSpecifier(s) => {
                                let imported = match &s.imported {
                                    ModuleExportName::IdentifierName(n) => n.name.as_str().to_string(),
                                    ModuleExportName::IdentifierReference(n) => n.name.as_str().to_string(),
                                    ModuleExportName::StringLiteral(n) => n.value.as_str().to_string(),
                                };
                                let q =
                                    if imported == "default" { module.clone() } else { format!("{module}.{imported}") };
                                bound.push((s.local.name.as_str().to_string(), q));
                            }
                            ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                                bound.push((s.local.name.as_str().to_string(), module.clone()))
                            }
                            ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                                bound.push((s.local.name.as_str().to_string(), module.clone()))
                            }
                        }
                    }
                }
                if bound.is_empty() {
                    self.module.imports.push((module, sp));
                } else {
                    self.bind(bound, func, sp, out);
                }
            }
            Statement::ExportDeclaration(e) => {
                let from = out.len();
                if let Declaration::FunctionDeclaration(f) = &e.declaration {
                    let idx = self.module.functions.len();
                    if let Some(id) = &f.id {
                        self.module.exports.insert(idx, id.name.as_str().to_string());
                    }
                }
                self.declaration(&e.declaration, func, out);
                // `export const handler = async (event) => …`
                for st in out.get(from..).unwrap_or_default() {
                    if let IrStmt::Assign { targets, value: IrExpr::Lambda(idx, _), .. } = st {
                        if let [IrExpr::Name(n, _)] = targets.as_slice() {
                            self.module.exports.insert(*idx, n.clone());
                        }
                    }
                }
            }
            Statement::ExportDefaultDeclaration(e) => match &e.declaration {
                ExportDefaultDeclarationKind::FunctionDeclaration(f) => {
                    let idx = self.function(f, func, None);
                    out.push(IrStmt::Def(idx));
                }
                ExportDefaultDeclarationKind::ClassDeclaration(c) => self.class_decl(c, func, out),
                other => {
                    if let Some(e) = other.as_expression() {
                        let v = self.expr(e, func);
                        out.push(IrStmt::Expr(v));
                    }
                }
            },
            other => {
                if let Some(d) = other.as_declaration() {
                    self.declaration(d, func, out);
                }
            }
        }
    }

    fn declaration(&mut self, d: &Declaration<'_>, func: usize, out: &mut Vec<IrStmt>) {
        match d {
            Declaration::VariableDeclaration(v) => self.var_decl(v, func, out),
            Declaration::FunctionDeclaration(f) => {
                let idx = self.function(f, func, None);
                out.push(IrStmt::Def(idx));
            }
            Declaration::ClassDeclaration(c) => self.class_decl(c, func, out),
            _ => {}
        }
    }

    fn for_left(&mut self, left: &ForStatementLeft<'_>, func: usize) -> IrExpr {
        match left {
            ForStatementLeft::VariableDeclaration(v) => {
                v.declarations.first().map(|d| self.pattern_target(&d.id)).unwrap_or(IrExpr::Unknown(span(v.span)))
            }
            other => match other.as_assignment_target() {
                Some(t) => self.assign_target(t, func),
                None => IrExpr::Unknown(span(other.span())),
            },
        }
    }

    fn expr_stmt(&mut self, e: &Expression<'_>, func: usize, out: &mut Vec<IrStmt>) {
        match e.get_inner_expression() {
            Expression::AssignmentExpression(a) => {
                let value = self.expr(&a.right, func);
                let op = match a.operator {
                    AssignmentOperator::Assign => None,
                    AssignmentOperator::Addition => Some(IrBinOp::Add),
                    AssignmentOperator::Subtraction => Some(IrBinOp::Sub),
                    AssignmentOperator::Multiplication => Some(IrBinOp::Mul),
                    AssignmentOperator::BitwiseOR => Some(IrBinOp::BitOr),
                    AssignmentOperator::BitwiseAnd => Some(IrBinOp::BitAnd),
                    _ => Some(IrBinOp::Other),
                };
                match &a.left {
                    AssignmentTarget::ObjectAssignmentTarget(_) | AssignmentTarget::ArrayAssignmentTarget(_) => {
                        self.destructure_target(&a.left, value, func, out, span(a.span));
                    }
                    t => {
                        let target = self.assign_target(t, func);
                        // `exports.handler = …`, `module.exports.handler = …`
                        if let (IrExpr::Attr(base, name, _), IrExpr::Lambda(idx, _)) = (&target, &value) {
                            if matches!(base.dotted().as_deref(), Some("exports" | "module.exports")) {
                                self.module.exports.insert(*idx, name.clone());
                            }
                        }
                        out.push(IrStmt::Assign { targets: vec![target], value, op, span: span(a.span) });
                    }
                }
            }
            Expression::SequenceExpression(s) => {
                for x in &s.expressions {
                    self.expr_stmt(x, func, out);
                }
            }
            other => {
                let v = self.expr(other, func);
                out.push(IrStmt::Expr(v));
            }
        }
    }

    /// `a`, `a.b`, `a[b]` as an assignment target.
    fn assign_target(&mut self, t: &AssignmentTarget<'_>, func: usize) -> IrExpr {
        match t.as_simple_assignment_target() {
            Some(SimpleAssignmentTarget::AssignmentTargetIdentifier(id)) => {
                IrExpr::Name(id.name.as_str().to_string(), span(id.span))
            }
            Some(s) => match s.as_member_expression() {
                Some(m) => self.member(m, func),
                None => IrExpr::Unknown(span(s.span())),
            },
            None => IrExpr::Unknown(span(t.span())),
        }
    }

    /// `({ a, b: c } = value)` and `[a, b] = value`.
    fn destructure_target(
        &mut self,
        t: &AssignmentTarget<'_>,
        value: IrExpr,
        func: usize,
        out: &mut Vec<IrStmt>,
        sp: Span,
    ) {
        match t {
            AssignmentTarget::ObjectAssignmentTarget(o) => {
                for p in &o.properties {
                    match p {
                        AssignmentTargetProperty::AssignmentTargetPropertyIdentifier(id) => {
                            let name = id.binding.name.as_str().to_string();
                            let read = IrExpr::Attr(Box::new(value.clone()), name.clone(), sp);
                            out.push(IrStmt::Assign {
                                targets: vec![IrExpr::Name(name, span(id.span))],
                                value: read,
                                op: None,
                                span: sp,
                            });
                        }
                        AssignmentTargetProperty::AssignmentTargetPropertyProperty(pp) => {
                            let key = pp.name.static_name().map(|k| k.to_string());
                            let read = match key {
                                Some(k) => IrExpr::Attr(Box::new(value.clone()), k, sp),
                                None => IrExpr::Index(Box::new(value.clone()), Box::new(IrExpr::Unknown(sp)), sp),
                            };
                            if let Some(t) = pp.binding.as_assignment_target() {
                                let target = self.assign_target(t, func);
                                out.push(IrStmt::Assign { targets: vec![target], value: read, op: None, span: sp });
                            }
                        }
                    }
                }
            }
            AssignmentTarget::ArrayAssignmentTarget(a) => {
                for (i, el) in a.elements.iter().enumerate() {
                    if let Some(el) = el {
                        if let Some(t) = el.as_assignment_target() {
                            let target = self.assign_target(t, func);
                            let read = IrExpr::Index(
                                Box::new(value.clone()),
                                Box::new(IrExpr::Lit(Lit::Int(i as i64), sp)),
                                sp,
                            );
                            out.push(IrStmt::Assign { targets: vec![target], value: read, op: None, span: sp });
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn var_decl(&mut self, v: &VariableDeclaration<'_>, func: usize, out: &mut Vec<IrStmt>) {
        for d in &v.declarations {
            let sp = span(d.span);
            let Some(init) = &d.init else { continue };
            // `const x = require('m')`, `const { a, b: c } = require('m')`, `const y = require('m').z`
            if let Some(q) = required(init) {
                let mut bound = Vec::new();
                match &d.id {
                    BindingPattern::BindingIdentifier(id) => bound.push((id.name.as_str().to_string(), q)),
                    BindingPattern::ObjectPattern(o) => {
                        for p in &o.properties {
                            if let (Some(k), Some(local)) = (p.key.static_name(), binding_name(&p.value)) {
                                bound.push((local, format!("{q}.{k}")));
                            }
                        }
                    }
                    _ => {}
                }
                if !bound.is_empty() {
                    self.bind(bound, func, sp, out);
                    continue;
                }
            }
            let value = self.expr(init, func);
            self.destructure(&d.id, value, func, out, sp);
        }
    }

    /// Assignments from a value to a binding pattern.
    fn destructure(&mut self, p: &BindingPattern<'_>, value: IrExpr, func: usize, out: &mut Vec<IrStmt>, sp: Span) {
        match p {
            BindingPattern::BindingIdentifier(id) => out.push(IrStmt::Assign {
                targets: vec![IrExpr::Name(id.name.as_str().to_string(), span(id.span))],
                value,
                op: None,
                span: sp,
            }),
            BindingPattern::ObjectPattern(o) => {
                for prop in &o.properties {
                    let read = match prop.key.static_name() {
                        Some(k) => IrExpr::Attr(Box::new(value.clone()), k.to_string(), sp),
                        None => IrExpr::Index(Box::new(value.clone()), Box::new(IrExpr::Unknown(sp)), sp),
                    };
                    self.destructure(&prop.value, read, func, out, sp);
                }
                if let Some(rest) = &o.rest {
                    self.destructure(&rest.argument, value.clone(), func, out, sp);
                }
            }
            BindingPattern::ArrayPattern(a) => {
                for (i, el) in a.elements.iter().enumerate() {
                    if let Some(el) = el {
                        let read =
                            IrExpr::Index(Box::new(value.clone()), Box::new(IrExpr::Lit(Lit::Int(i as i64), sp)), sp);
                        self.destructure(el, read, func, out, sp);
                    }
                }
                if let Some(rest) = &a.rest {
                    self.destructure(&rest.argument, IrExpr::Slice(Box::new(value.clone()), sp), func, out, sp);
                }
            }
            BindingPattern::AssignmentPattern(ap) => {
                // `{ a = default } = value`: either
                let default = self.expr(&ap.right, func);
                let either = IrExpr::Bool(false, vec![value, default], sp);
                self.destructure(&ap.left, either, func, out, sp);
            }
        }
    }

    /// A binding pattern as an assignment target (loop variables).
    fn pattern_target(&mut self, p: &BindingPattern<'_>) -> IrExpr {
        match p {
            BindingPattern::BindingIdentifier(id) => IrExpr::Name(id.name.as_str().to_string(), span(id.span)),
            BindingPattern::ArrayPattern(a) => IrExpr::Container(
                ContainerKind::Tuple,
                a.elements
                    .iter()
                    .map(|e| e.as_ref().map_or(IrExpr::Unknown(span(a.span)), |e| self.pattern_target(e)))
                    .collect(),
                span(a.span),
            ),
            BindingPattern::AssignmentPattern(ap) => self.pattern_target(&ap.left),
            BindingPattern::ObjectPattern(o) => {
                // the names it binds, each taking the whole value (their data is the element's)
                IrExpr::Container(
                    ContainerKind::Tuple,
                    o.properties.iter().map(|p| self.pattern_target(&p.value)).collect(),
                    span(o.span),
                )
            }
        }
    }

    fn class_decl(&mut self, c: &oxc_ast::ast::Class<'_>, func: usize, out: &mut Vec<IrStmt>) {
        let idx = self.module.classes.len();
        let decorators = c.decorators.iter().map(|d| self.expr(&d.expression, func)).collect();
        let bases = c.heritage.as_ref().map(|h| vec![self.expr(&h.expression, func)]).unwrap_or_default();
        self.module.classes.push(Class {
            name: c.id.as_ref().map(|i| i.name.as_str().to_string()).unwrap_or_default(),
            bases,
            decorators,
            fields: Vec::new(),
            body: Vec::new(),
            span: span(c.span),
        });
        out.push(IrStmt::ClassDef(idx));
        let outer = self.class.replace(idx);
        for el in &c.body.body {
            if let ClassElement::MethodDefinition(m) = el {
                let name = m.key.static_name().map(|k| k.to_string()).unwrap_or_else(|| "<method>".into());
                let decorators: Vec<IrExpr> = m.decorators.iter().map(|d| self.expr(&d.expression, func)).collect();
                let f = self.function(&m.value, func, Some((name, decorators)));
                out.push(IrStmt::Def(f));
            }
        }
        self.class = outer;
    }

    /// A function (declaration, expression or method); `method`: its name and decorators.
    fn function(
        &mut self,
        f: &oxc_ast::ast::Function<'_>,
        parent: usize,
        method: Option<(String, Vec<IrExpr>)>,
    ) -> usize {
        let idx = self.module.functions.len();
        let (name, decorators) = method.unwrap_or_else(|| {
            (f.id.as_ref().map(|i| i.name.as_str().to_string()).unwrap_or_else(|| "<function>".into()), Vec::new())
        });
        let head = f.id.as_ref().map(|i| span(i.span)).unwrap_or(span(f.span));
        self.module.functions.push(Function {
            name,
            class: self.class,
            parent: Some(parent),
            params: Vec::new(),
            decorators,
            body: Vec::new(),
            span: span(f.span),
            head,
        });
        let outer = self.class.take();
        let (params, mut prologue) = self.params(&f.params, idx);
        if let Some(b) = &f.body {
            for s in &b.statements {
                self.stmt(s, idx, &mut prologue);
            }
        }
        self.class = outer;
        let func = &mut self.module.functions[idx];
        func.class = self.class;
        func.params = params;
        func.body = prologue;
        idx
    }

    fn arrow(&mut self, a: &ArrowFunctionExpression<'_>, parent: usize) -> usize {
        let idx = self.module.functions.len();
        self.module.functions.push(Function {
            name: "<arrow>".into(),
            class: None,
            parent: Some(parent),
            params: Vec::new(),
            decorators: Vec::new(),
            body: Vec::new(),
            span: span(a.span),
            head: span(a.span),
        });
        let (params, mut body) = self.params(&a.params, idx);
        match &a.body {
            ArrowFunctionBody::FunctionBody(b) => {
                for s in &b.statements {
                    self.stmt(s, idx, &mut body);
                }
            }
            other => {
                if let Some(e) = other.as_expression() {
                    let v = self.expr(e, idx);
                    body.push(IrStmt::Return(Some(v), span(e.span())));
                }
            }
        }
        let func = &mut self.module.functions[idx];
        func.params = params;
        func.body = body;
        idx
    }

    /// Parameters, and the assignments that destructure patterned ones (`({ body }) => …`).
    fn params(&mut self, p: &FormalParameters<'_>, func: usize) -> (Vec<Param>, Vec<IrStmt>) {
        let mut out = Vec::new();
        let mut prologue = Vec::new();
        for (i, item) in p.items.iter().enumerate() {
            let sp = span(item.span);
            // a parameter decorator (NestJS `@Body()`, `@Query('q')`) says where its value comes from
            let annotation = item.decorators.first().map(|d| self.expr(&d.expression, func));
            let default = item.initializer.as_ref().map(|e| self.expr(e, func));
            match &item.pattern {
                BindingPattern::BindingIdentifier(id) => {
                    out.push(Param { name: id.name.as_str().to_string(), default, annotation, span: sp })
                }
                other => {
                    // `({ params, query }, res) => …`: a destructured request of a handler is the request
                    let handler = i == 0
                        && p.items
                            .get(1)
                            .and_then(|s| binding_name(&s.pattern))
                            .is_some_and(|n| matches!(n.as_str(), "res" | "response" | "reply"));
                    let name = if handler { "req".to_string() } else { format!("$arg{i}") };
                    out.push(Param { name: name.clone(), default, annotation, span: sp });
                    self.destructure(other, IrExpr::Name(name, sp), func, &mut prologue, sp);
                }
            }
        }
        if let Some(rest) = &p.rest {
            let sp = span(rest.span);
            match binding_name(&rest.rest.argument) {
                Some(n) => out.push(Param { name: n, default: None, annotation: None, span: sp }),
                None => out.push(Param { name: "$rest".into(), default: None, annotation: None, span: sp }),
            }
        }
        (out, prologue)
    }

    fn member(&mut self, m: &MemberExpression<'_>, func: usize) -> IrExpr {
        let sp = span(m.span());
        let object = self.expr(m.object(), func);
        match m {
            MemberExpression::StaticMemberExpression(s) => {
                IrExpr::Attr(Box::new(object), s.property.name.as_str().to_string(), sp)
            }
            MemberExpression::PrivateFieldExpression(p) => {
                IrExpr::Attr(Box::new(object), p.field.name.as_str().to_string(), sp)
            }
            MemberExpression::ComputedMemberExpression(c) => {
                let index = self.expr(&c.expression, func);
                IrExpr::Index(Box::new(object), Box::new(index), sp)
            }
        }
    }

    fn args(&mut self, args: &[Argument<'_>], func: usize) -> Vec<IrExpr> {
        args.iter()
            .map(|a| match a {
                Argument::SpreadElement(s) => IrExpr::Starred(Box::new(self.expr(&s.argument, func)), span(s.span)),
                other => match other.as_expression() {
                    Some(e) => self.expr(e, func),
                    None => IrExpr::Unknown(span(other.span())),
                },
            })
            .collect()
    }

    fn expr(&mut self, e: &Expression<'_>, func: usize) -> IrExpr {
        let sp = span(e.span());
        match e {
            Expression::BooleanLiteral(b) => IrExpr::Lit(Lit::Bool(b.value), sp),
            Expression::NullLiteral(_) => IrExpr::Lit(Lit::None, sp),
            Expression::NumericLiteral(n) => {
                if n.value.fract() == 0.0 && n.value.abs() < 9.0e15 {
                    IrExpr::Lit(Lit::Int(n.value as i64), sp)
                } else {
                    IrExpr::Lit(Lit::Float(n.value), sp)
                }
            }
            Expression::StringLiteral(s) => IrExpr::Lit(Lit::Str(s.value.as_str().to_string()), sp),
            Expression::TemplateLiteral(t) => self.template(t, func),
            Expression::RegExpLiteral(r) => IrExpr::Call(Box::new(Call {
                func: IrExpr::Name("RegExp".into(), sp),
                args: vec![IrExpr::Lit(Lit::Str(r.regex.pattern.text.as_str().to_string()), sp)],
                kwargs: Vec::new(),
                span: sp,
            })),
            Expression::Identifier(id) => match id.name.as_str() {
                "undefined" => IrExpr::Lit(Lit::None, sp),
                n => IrExpr::Name(n.to_string(), sp),
            },
            Expression::ThisExpression(_) => IrExpr::Name("self".into(), sp),
            Expression::ArrayExpression(a) => IrExpr::Container(
                ContainerKind::List,
                a.elements
                    .iter()
                    .filter_map(|el| match el {
                        ArrayExpressionElement::SpreadElement(s) => {
                            Some(IrExpr::Starred(Box::new(self.expr(&s.argument, func)), span(s.span)))
                        }
                        ArrayExpressionElement::Elision(_) => None,
                        other => other.as_expression().map(|x| self.expr(x, func)),
                    })
                    .collect(),
                sp,
            ),
            Expression::ObjectExpression(o) => {
                let mut items = Vec::new();
                for p in &o.properties {
                    match p {
                        ObjectPropertyKind::ObjectProperty(p) => {
                            let key =
                                p.key.static_name().map(|k| IrExpr::Lit(Lit::Str(k.to_string()), span(p.key.span())));
                            let value = self.expr(&p.value, func);
                            items.push((Some(key.unwrap_or(IrExpr::Unknown(span(p.key.span())))), value));
                        }
                        ObjectPropertyKind::SpreadProperty(s) => items.push((None, self.expr(&s.argument, func))),
                    }
                }
                IrExpr::Dict(items, sp)
            }
            Expression::ArrowFunctionExpression(a) => {
                let idx = self.arrow(a, func);
                IrExpr::Lambda(idx, sp)
            }
            Expression::FunctionExpression(f) => {
                let idx = self.function(f, func, None);
                IrExpr::Lambda(idx, sp)
            }
            Expression::AssignmentExpression(a) => {
                // in an expression: its value (the binding itself is rare where rules look)
                self.expr(&a.right, func)
            }
            Expression::AwaitExpression(a) => self.expr(&a.argument, func),
            Expression::YieldExpression(y) => y.argument.as_ref().map_or(IrExpr::Unknown(sp), |a| self.expr(a, func)),
            Expression::BinaryExpression(b) => {
                let (l, r) = (self.expr(&b.left, func), self.expr(&b.right, func));
                let cmp = match b.operator {
                    BinaryOperator::Equality | BinaryOperator::StrictEquality => Some(IrCmpOp::Eq),
                    BinaryOperator::Inequality | BinaryOperator::StrictInequality => Some(IrCmpOp::NotEq),
                    BinaryOperator::LessThan => Some(IrCmpOp::Lt),
                    BinaryOperator::LessEqualThan => Some(IrCmpOp::LtE),
                    BinaryOperator::GreaterThan => Some(IrCmpOp::Gt),
                    BinaryOperator::GreaterEqualThan => Some(IrCmpOp::GtE),
                    // `key in object`: membership
                    BinaryOperator::In => Some(IrCmpOp::In),
                    _ => None,
                };
                if let Some(op) = cmp {
                    return IrExpr::Compare(Box::new(l), vec![(op, r)], sp);
                }
                let op = match b.operator {
                    BinaryOperator::Addition => IrBinOp::Add,
                    BinaryOperator::Subtraction => IrBinOp::Sub,
                    BinaryOperator::Multiplication => IrBinOp::Mul,
                    BinaryOperator::Division => IrBinOp::Div,
                    BinaryOperator::Remainder => IrBinOp::Mod,
                    BinaryOperator::Exponential => IrBinOp::Pow,
                    BinaryOperator::BitwiseOR => IrBinOp::BitOr,
                    BinaryOperator::BitwiseAnd => IrBinOp::BitAnd,
                    _ => IrBinOp::Other,
                };
                IrExpr::Bin(op, Box::new(l), Box::new(r), sp)
            }
            Expression::LogicalExpression(l) => {
                let parts = vec![self.expr(&l.left, func), self.expr(&l.right, func)];
                IrExpr::Bool(matches!(l.operator, LogicalOperator::And), parts, sp)
            }
            Expression::UnaryExpression(u) => {
                let arg = self.expr(&u.argument, func);
                match u.operator {
                    UnaryOperator::LogicalNot => IrExpr::Unary(true, Box::new(arg), sp),
                    UnaryOperator::UnaryNegation => match arg {
                        IrExpr::Lit(Lit::Int(v), _) => IrExpr::Lit(Lit::Int(v.saturating_neg()), sp),
                        other => IrExpr::Unary(false, Box::new(other), sp),
                    },
                    // typeof, void, delete: a value that carries no data of its operand
                    UnaryOperator::Typeof | UnaryOperator::Void | UnaryOperator::Delete => IrExpr::Unknown(sp),
                    _ => IrExpr::Unary(false, Box::new(arg), sp),
                }
            }
            Expression::UpdateExpression(_) => IrExpr::Unknown(sp),
            Expression::ConditionalExpression(c) => IrExpr::IfExp(
                Box::new(self.expr(&c.test, func)),
                Box::new(self.expr(&c.consequent, func)),
                Box::new(self.expr(&c.alternate, func)),
                sp,
            ),
            Expression::CallExpression(c) => self.call(&c.callee, &c.arguments, func, sp),
            Expression::NewExpression(n) => self.call(&n.callee, &n.arguments, func, sp),
            Expression::ChainExpression(c) => match &c.expression {
                ChainElement::CallExpression(call) => self.call(&call.callee, &call.arguments, func, sp),
                ChainElement::TSNonNullExpression(n) => self.expr(&n.expression, func),
                other => match other.as_member_expression() {
                    Some(m) => self.member(m, func),
                    None => IrExpr::Unknown(sp),
                },
            },
            Expression::ParenthesizedExpression(p) => self.expr(&p.expression, func),
            Expression::SequenceExpression(s) => {
                s.expressions.last().map_or(IrExpr::Unknown(sp), |x| self.expr(x, func))
            }
            Expression::TaggedTemplateExpression(t) => {
                let tag = self.expr(&t.tag, func);
                let text = self.template(&t.quasi, func);
                IrExpr::Call(Box::new(Call { func: tag, args: vec![text], kwargs: Vec::new(), span: sp }))
            }
            Expression::ClassExpression(c) => {
                let mut out = Vec::new();
                self.class_decl(c, func, &mut out);
                IrExpr::Unknown(sp)
            }
            Expression::TSAsExpression(x) => self.expr(&x.expression, func),
            Expression::TSSatisfiesExpression(x) => self.expr(&x.expression, func),
            Expression::TSTypeAssertion(x) => self.expr(&x.expression, func),
            Expression::TSNonNullExpression(x) => self.expr(&x.expression, func),
            Expression::TSInstantiationExpression(x) => self.expr(&x.expression, func),
            Expression::JSXElement(el) => self.jsx_element(el, func),
            Expression::JSXFragment(f) => {
                let children = f.children.iter().filter_map(|c| self.jsx_child(c, func)).collect();
                IrExpr::Container(ContainerKind::List, children, sp)
            }
            Expression::ImportExpression(i) => {
                let source = self.expr(&i.source, func);
                IrExpr::Call(Box::new(Call {
                    func: IrExpr::Name("import".into(), sp),
                    args: vec![source],
                    kwargs: Vec::new(),
                    span: sp,
                }))
            }
            other => match other.as_member_expression() {
                Some(m) => self.member(m, func),
                None => IrExpr::Unknown(sp),
            },
        }
    }

    fn template(&mut self, t: &TemplateLiteral<'_>, func: usize) -> IrExpr {
        let mut parts = Vec::new();
        for (i, q) in t.quasis.iter().enumerate() {
            let text =
                q.value.cooked.as_ref().map_or_else(|| q.value.raw.as_str().to_string(), |c| c.as_str().to_string());
            if !text.is_empty() {
                parts.push(IrExpr::Lit(Lit::Str(text), span(q.span)));
            }
            if let Some(e) = t.expressions.get(i) {
                parts.push(self.expr(e, func));
            }
        }
        IrExpr::Build(parts, span(t.span))
    }

    fn call(&mut self, callee: &Expression<'_>, arguments: &[Argument<'_>], func: usize, sp: Span) -> IrExpr {
        // `require('m')` in an expression: the module itself
        if let Expression::Identifier(id) = callee.get_inner_expression() {
            if id.name.as_str() == "require" {
                if let Some(Argument::StringLiteral(s)) = arguments.first() {
                    let m = module_name(s.value.as_str());
                    self.module.imports.push((m.clone(), sp));
                    let local = format!("@{m}");
                    self.module.aliases.insert(local.clone(), m);
                    return IrExpr::Name(local, sp);
                }
            }
        }
        let f = self.expr(callee, func);
        let args = self.args(arguments, func);
        IrExpr::Call(Box::new(Call { func: f, args, kwargs: Vec::new(), span: sp }))
    }

    fn jsx_element(&mut self, el: &JSXElement<'_>, func: usize) -> IrExpr {
        let sp = span(el.span);
        let mut calls = Vec::new();
        // a component (`<ReactMarkdown escapeHtml={false} />`) is a call of it with its props, so that
        // rules can name a component's options and its props flow into it
        let component = match &el.opening_element.name {
            JSXElementName::IdentifierReference(r) => Some(r.name.as_str().to_string()),
            _ => None,
        };
        let mut props: Vec<(Option<IrExpr>, IrExpr)> = Vec::new();
        for attr in &el.opening_element.attributes {
            let JSXAttributeItem::Attribute(a) = attr else { continue };
            let name = match &a.name {
                JSXAttributeName::Identifier(i) => i.name.as_str().to_string(),
                JSXAttributeName::NamespacedName(n) => n.name.name.as_str().to_string(),
            };
            let asp = span(a.span);
            let value = match &a.value {
                // `<X flag />` is `flag={true}`
                None => Some(IrExpr::Lit(Lit::Bool(true), asp)),
                Some(JSXAttributeValue::StringLiteral(s)) => {
                    Some(IrExpr::Lit(Lit::Str(s.value.as_str().to_string()), asp))
                }
                Some(JSXAttributeValue::ExpressionContainer(c)) => {
                    c.expression.as_expression().map(|e| self.expr(e, func))
                }
                _ => None,
            };
            let Some(value) = value else { continue };
            if component.is_some() {
                props.push((Some(IrExpr::Lit(Lit::Str(name.clone()), asp)), value.clone()));
            }
            if !matches!(&a.value, Some(JSXAttributeValue::ExpressionContainer(_))) {
                continue;
            }
            // the attributes where data becomes markup or a navigation target
            if matches!(name.as_str(), "dangerouslySetInnerHTML" | "href" | "src" | "action" | "formAction") {
                calls.push(IrExpr::Call(Box::new(Call {
                    func: IrExpr::Attr(Box::new(IrExpr::Name("jsx".into(), sp)), name, sp),
                    args: vec![value],
                    kwargs: Vec::new(),
                    span: span(a.span),
                })));
            }
        }
        if let Some(name) = component {
            calls.push(IrExpr::Call(Box::new(Call {
                func: IrExpr::Name(name, sp),
                args: vec![IrExpr::Dict(props, sp)],
                kwargs: Vec::new(),
                span: span(el.opening_element.span),
            })));
        }
        for c in &el.children {
            if let Some(x) = self.jsx_child(c, func) {
                calls.push(x);
            }
        }
        IrExpr::Container(ContainerKind::List, calls, sp)
    }

    fn jsx_child(&mut self, c: &JSXChild<'_>, func: usize) -> Option<IrExpr> {
        match c {
            JSXChild::Element(el) => Some(self.jsx_element(el, func)),
            // `{value}` in JSX is escaped by React: evaluated for its calls, not as markup
            JSXChild::ExpressionContainer(e) => e.expression.as_expression().map(|x| {
                let v = self.expr(x, func);
                IrExpr::Call(Box::new(Call {
                    func: IrExpr::Name("jsx.text".into(), span(e.span)),
                    args: vec![v],
                    kwargs: Vec::new(),
                    span: span(e.span),
                }))
            }),
            JSXChild::Fragment(f) => Some(IrExpr::Container(
                ContainerKind::List,
                f.children.iter().filter_map(|c| self.jsx_child(c, func)).collect(),
                span(f.span),
            )),
            _ => None,
        }
    }
}

/// The qualified name a `require(...)` expression yields: `require('m')` → `m`, `require('m').a.b` →
/// `m.a.b`.
fn required(e: &Expression<'_>) -> Option<String> {
    match e.get_inner_expression() {
        Expression::CallExpression(c) => match c.callee.get_inner_expression() {
            Expression::Identifier(id) if id.name.as_str() == "require" => match c.arguments.first() {
                Some(Argument::StringLiteral(s)) => Some(module_name(s.value.as_str())),
                _ => None,
            },
            _ => None,
        },
        Expression::StaticMemberExpression(m) => {
            required(&m.object).map(|q| format!("{q}.{}", m.property.name.as_str()))
        }
        _ => None,
    }
}

/// The name a simple binding pattern binds.
fn binding_name(p: &BindingPattern<'_>) -> Option<String> {
    match p {
        BindingPattern::BindingIdentifier(id) => Some(id.name.as_str().to_string()),
        BindingPattern::AssignmentPattern(a) => binding_name(&a.left),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(src: &str, path: &str) -> Module {
        parse(src, path).expect("parses").module
    }

    #[test]
    fn requires_and_imports_bind_qualified_names() {
        let m = lowered(
            "const cp = require('child_process');\nconst { exec, spawn: sp } = require('node:child_process');\nimport * as fs from 'fs';\nimport { readFile as rf } from 'node:fs/promises';\nimport express from 'express';\n",
            "a.mjs",
        );
        assert_eq!(m.aliases.get("cp").map(String::as_str), Some("child_process"));
        assert_eq!(m.aliases.get("exec").map(String::as_str), Some("child_process.exec"));
        assert_eq!(m.aliases.get("sp").map(String::as_str), Some("child_process.spawn"));
        assert_eq!(m.aliases.get("fs").map(String::as_str), Some("fs"));
        assert_eq!(m.aliases.get("rf").map(String::as_str), Some("fs/promises.readFile"));
        assert_eq!(m.aliases.get("express").map(String::as_str), Some("express"));
    }

    #[test]
    fn a_javascript_file_with_type_annotations_is_read_as_typescript() {
        let parsed = parse("function upload({ file }: Request, res: Response) { return file; }\n", "a.js")
            .expect("read as TypeScript");
        assert!(parsed.recovered.is_none());
        assert!(parse("function (", "b.js").is_err(), "what no dialect parses is still an error");
    }

    #[test]
    fn requires_inside_functions_are_local_aliases_while_they_agree() {
        let m = lowered(
            "function a() { const { spawn } = require('child_process'); const x = require('fs'); }
function b() { const x = require('path'); }
",
            "a.js",
        );
        assert!(!m.aliases.contains_key("spawn"));
        assert_eq!(m.alias("spawn"), Some("child_process.spawn"));
        assert_eq!(m.alias("x"), None, "two functions bind x to different modules");
    }

    #[test]
    fn callbacks_classes_and_typescript_lower() {
        let m = lowered(
            "app.get('/x', auth, async (req, res) => { const { id } = req.query; res.send(`<p>${id}</p>`); });\nclass S { run(q: string) { return this.db!.query(q as string); } }\n",
            "a.ts",
        );
        let names: Vec<&str> = m.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, vec!["<module>", "<arrow>", "run"]);
        assert_eq!(m.functions[1].params.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(), vec!["req", "res"]);
        assert_eq!(m.functions[2].class, Some(0));
    }

    #[test]
    fn syntax_errors_and_deep_nesting_are_errors() {
        assert!(
            parse("function (", "a.js").is_err() || parse("function (", "a.js").is_ok_and(|p| p.recovered.is_some())
        );
        let deep = format!("x = {}1{};", "(".repeat(100_000), ")".repeat(100_000));
        let err = parse(&deep, "a.js").err().expect("refused");
        assert!(err.message.contains("nesting"), "{err}");
    }
}
