//! The code engine's IR: one small language-neutral model of a source file that every parser lowers into
//! (Python now; JavaScript/TypeScript next), so that one interpreter, one taint engine and one rule
//! format serve every language.
//!
//! Small on purpose: functions (the module's top level is function 0) with their parameters, decorators
//! and bodies; statements in source order (assignments, expression statements, returns, branches, loops,
//! `try`, `with`, raises, asserts, nested definitions); expressions that keep what rules and taint need
//! (names, attribute and index reads, literals, string building, containers, calls with positional and
//! keyword arguments, operators, comparisons). Every node keeps its byte span; lines come from one
//! [`LineIndex`](super::LineIndex) when a finding is made. Names are resolved later, by the interpreter,
//! through the module's import table.
// The IR is the contract between every language's lowering and the engine: it keeps spans and parts that
// the Python rules do not read yet (the JavaScript lowering and future rules will).
#![allow(dead_code)]
use rustc_hash::FxHashMap as HashMap;

/// A byte range `start..end` in the source text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Span {
    pub(crate) start: u32,
    pub(crate) end: u32,
}

impl Span {
    pub(crate) fn new(start: usize, end: usize) -> Span {
        Span { start: u32::try_from(start).unwrap_or(u32::MAX), end: u32::try_from(end).unwrap_or(u32::MAX) }
    }
}

/// The languages the IR is lowered from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Language {
    Python,
    /// JavaScript and TypeScript (one IR: types are dropped).
    JavaScript,
}

impl Language {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Language::Python => "python",
            Language::JavaScript => "javascript",
        }
    }
}

/// One source file.
#[derive(Debug, Clone)]
pub(crate) struct Module {
    pub(crate) language: Language,
    /// Function 0 is the module's top level; nested definitions and methods follow.
    pub(crate) functions: Vec<Function>,
    pub(crate) classes: Vec<Class>,
    /// Every import, in source order: (qualified module or name, span).
    pub(crate) imports: Vec<(String, Span)>,
    /// Local name → qualified name, from the module-level imports, the last one winning as in Python
    /// (`import yaml as y`: `y` → `yaml`; `from subprocess import run as r`: `r` → `subprocess.run`).
    /// Imports inside functions bind in the function only (`Stmt::Import`).
    pub(crate) aliases: HashMap<String, String>,
    /// Local name → qualified name of the imports inside functions, for checks that read names without
    /// following scopes (`None`: functions bind the name to different things).
    pub(crate) local_aliases: HashMap<String, Option<String>>,
    /// Functions the module exports by name (`export const handler = …`, `exports.handler = …`): index →
    /// exported name.
    pub(crate) exports: HashMap<usize, String>,
}

impl Module {
    /// Record an import made inside a function.
    pub(crate) fn bind_local(&mut self, local: &str, qualified: &str) {
        self.local_aliases
            .entry(local.to_string())
            .and_modify(|q| {
                if q.as_deref() != Some(qualified) {
                    *q = None;
                }
            })
            .or_insert_with(|| Some(qualified.to_string()));
    }

    /// The qualified name a local name is imported as: at module level, else by the imports inside
    /// functions when they agree.
    pub(crate) fn alias(&self, name: &str) -> Option<&str> {
        self.aliases.get(name).or_else(|| self.local_aliases.get(name).and_then(Option::as_ref)).map(String::as_str)
    }
}

/// A class definition.
#[derive(Debug, Clone)]
pub(crate) struct Class {
    pub(crate) name: String,
    pub(crate) bases: Vec<Expr>,
    pub(crate) decorators: Vec<Expr>,
    /// Annotated fields of the class body (`age: int`): name and annotation (pydantic models, dataclasses).
    pub(crate) fields: Vec<(String, Expr)>,
    /// Assignments in the class body (`fields = "__all__"`), in order.
    pub(crate) body: Vec<Stmt>,
    pub(crate) span: Span,
}

/// A function (or the module's top level, or a lambda).
#[derive(Debug, Clone)]
pub(crate) struct Function {
    pub(crate) name: String,
    /// The class it is a method of.
    pub(crate) class: Option<usize>,
    /// The function it is defined in.
    pub(crate) parent: Option<usize>,
    pub(crate) params: Vec<Param>,
    pub(crate) decorators: Vec<Expr>,
    pub(crate) body: Vec<Stmt>,
    pub(crate) span: Span,
    /// Span of the `def name` part (where a finding about the function points).
    pub(crate) head: Span,
}

/// A parameter.
#[derive(Debug, Clone)]
pub(crate) struct Param {
    pub(crate) name: String,
    pub(crate) default: Option<Expr>,
    pub(crate) annotation: Option<Expr>,
    pub(crate) span: Span,
}

/// A statement.
#[derive(Debug, Clone)]
pub(crate) enum Stmt {
    /// `targets = value`, or `target op= value` (`op` set).
    Assign {
        targets: Vec<Expr>,
        value: Expr,
        op: Option<BinOp>,
        span: Span,
    },
    /// An expression evaluated for its effect (a call).
    Expr(Expr),
    Return(Option<Expr>, Span),
    If {
        test: Expr,
        then: Vec<Stmt>,
        orelse: Vec<Stmt>,
        span: Span,
    },
    /// `for target in iter` (`test` none) or `while test` (`target`, `iter` none).
    Loop {
        target: Option<Expr>,
        iter: Option<Expr>,
        test: Option<Expr>,
        body: Vec<Stmt>,
        orelse: Vec<Stmt>,
        span: Span,
    },
    Try {
        body: Vec<Stmt>,
        handlers: Vec<Handler>,
        orelse: Vec<Stmt>,
        finally: Vec<Stmt>,
        span: Span,
    },
    With {
        items: Vec<(Expr, Option<Expr>)>,
        body: Vec<Stmt>,
        span: Span,
    },
    Raise(Option<Expr>, Span),
    Assert(Expr, Span),
    /// An import binding local names to qualified ones, where it is in the code.
    Import(Vec<(String, String)>, Span),
    /// A nested function (its index) defined here.
    Def(usize),
    /// A class (its index) defined here.
    ClassDef(usize),
    Break(Span),
    Continue(Span),
    Pass(Span),
}

/// An `except` clause.
#[derive(Debug, Clone)]
pub(crate) struct Handler {
    /// The exception types caught (empty: a bare `except:`).
    pub(crate) types: Vec<Expr>,
    pub(crate) name: Option<String>,
    pub(crate) body: Vec<Stmt>,
    pub(crate) span: Span,
}

/// A literal.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Str(String),
    Bytes(Vec<u8>),
    Int(i64),
    Float(f64),
    Bool(bool),
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BinOp {
    Add,
    Sub,
    Mul,
    Div,
    FloorDiv,
    Mod,
    Pow,
    BitOr,
    BitAnd,
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CmpOp {
    Eq,
    NotEq,
    Lt,
    LtE,
    Gt,
    GtE,
    In,
    NotIn,
    Is,
    IsNot,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ContainerKind {
    List,
    Tuple,
    Set,
}

/// An expression.
#[derive(Debug, Clone)]
pub(crate) enum Expr {
    Name(String, Span),
    Attr(Box<Expr>, String, Span),
    /// `value[index]`.
    Index(Box<Expr>, Box<Expr>, Span),
    /// `value[a:b]`: a part of the value.
    Slice(Box<Expr>, Span),
    Lit(Lit, Span),
    /// A string built from parts: an f-string or template literal.
    Build(Vec<Expr>, Span),
    Container(ContainerKind, Vec<Expr>, Span),
    /// A dict display: (key, value); a `None` key is `**other`.
    Dict(Vec<(Option<Expr>, Expr)>, Span),
    Call(Box<Call>),
    Bin(BinOp, Box<Expr>, Box<Expr>, Span),
    /// `not x` (`true`) or `-x`, `+x`, `~x`.
    Unary(bool, Box<Expr>, Span),
    /// `a and b` (`true`) or `a or b`.
    Bool(bool, Vec<Expr>, Span),
    Compare(Box<Expr>, Vec<(CmpOp, Expr)>, Span),
    /// `body if test else orelse`: (test, body, orelse).
    IfExp(Box<Expr>, Box<Expr>, Box<Expr>, Span),
    /// A comprehension: the element, and (target, iterable) per `for`.
    Comprehension(Box<Expr>, Vec<(Expr, Expr)>, Span),
    /// A lambda (its function index).
    Lambda(usize, Span),
    /// `*x` or `**x` in a call or a display.
    Starred(Box<Expr>, Span),
    Unknown(Span),
}

/// A call.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub(crate) func: Expr,
    pub(crate) args: Vec<Expr>,
    /// (name, value); a `None` name is `**kwargs`.
    pub(crate) kwargs: Vec<(Option<String>, Expr)>,
    pub(crate) span: Span,
}

impl Expr {
    pub(crate) fn span(&self) -> Span {
        match self {
            Expr::Name(_, s)
            | Expr::Attr(_, _, s)
            | Expr::Index(_, _, s)
            | Expr::Slice(_, s)
            | Expr::Lit(_, s)
            | Expr::Build(_, s)
            | Expr::Container(_, _, s)
            | Expr::Dict(_, s)
            | Expr::Bin(_, _, _, s)
            | Expr::Unary(_, _, s)
            | Expr::Bool(_, _, s)
            | Expr::Compare(_, _, s)
            | Expr::IfExp(_, _, _, s)
            | Expr::Comprehension(_, _, s)
            | Expr::Lambda(_, s)
            | Expr::Starred(_, s)
            | Expr::Unknown(s) => *s,
            Expr::Call(c) => c.span,
        }
    }

    /// The dotted path of a name or attribute chain (`os.path.join`), without resolving imports.
    pub(crate) fn dotted(&self) -> Option<String> {
        match self {
            Expr::Name(n, _) => Some(n.clone()),
            Expr::Attr(base, attr, _) => Some(format!("{}.{attr}", base.dotted()?)),
            _ => None,
        }
    }

    /// The string value of a string literal.
    pub(crate) fn as_str(&self) -> Option<&str> {
        match self {
            Expr::Lit(Lit::Str(s), _) => Some(s),
            _ => None,
        }
    }
}

impl Call {
    /// The argument at `position`, or else the keyword argument `name`.
    pub(crate) fn arg(&self, position: Option<usize>, name: Option<&str>) -> Option<&Expr> {
        let by_name = name.and_then(|n| self.kwargs.iter().find(|(k, _)| k.as_deref() == Some(n)).map(|(_, v)| v));
        let by_position = position.and_then(|p| {
            // a starred argument hides the positions after it
            let starred = self.args.iter().take(p + 1).any(|a| matches!(a, Expr::Starred(..)));
            (!starred).then(|| self.args.get(p)).flatten()
        });
        by_position.or(by_name)
    }
}
