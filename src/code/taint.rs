//! The interpreter: one forward pass over each function's statements, in source order, with an abstract
//! value for every local name. A value knows whether untrusted data flows into it (which kinds, from
//! which function parameters, cleaned for which classes of sink, and the trace of how it got there),
//! its constant value when the code fixes it, what it is (a qualified path such as `flask.request` or
//! `sqlite3.connect().cursor()`, through which calls on it are resolved), and the shape of lists and
//! dicts with constant keys. Branches with a constant test take one side; other branches run both
//! sides and merge; loops run twice; a branch that returns or raises leaves no state behind, so a
//! guard that exits (`if x not in ALLOWED: abort()`) cleans what follows.
//!
//! Every call is checked, as it is evaluated, against the structural call rules and the taint sinks
//! indexed by callee (matchers.rs). Functions of the same file get summaries (which parameters flow to
//! the return value, and to which sinks), computed on first call; route handlers' parameters and the
//! request objects are sources. Work per file is bounded by a step budget.
use super::matchers::{kind_bit, kind_name, Args, Compiled, Kinds, Pred, TaintRule, ALL_CLASSES};
use super::text;
use crate::model::Confidence;
use crate::syntax::ir::{BinOp, Call, CmpOp, Expr, Function, Lit, Module, Span, Stmt};
use rustc_hash::FxHashMap as HashMap;
use std::rc::Rc;

/// Evaluation steps allowed per file before the analysis stops (and says so).
const STEP_BUDGET: u64 = 4_000_000;
/// Elements a list or dict value tracks one by one; beyond, they are folded together.
const MAX_ITEMS: usize = 64;
/// Steps kept in a trace.
const MAX_TRACE: u16 = 12;
/// Functions analysed inside one another (a call to a function not yet summarised analyses it first).
const MAX_DEPTH: usize = 24;

/// One step of a trace, linked to the step before it.
#[derive(Debug)]
pub(crate) struct Step {
    pub(crate) span: Span,
    pub(crate) note: Note,
    pub(crate) prev: Option<Rc<Step>>,
    depth: u16,
}

/// What happened at a step.
#[derive(Debug, Clone)]
pub(crate) enum Note {
    /// Untrusted data of a kind enters.
    Source(&'static str),
    /// A parameter of the function (the flow comes from its callers).
    Param(String),
    /// Assigned to a name.
    Assign(String),
    /// Passed through a function of this file.
    Through(String),
    /// Written into a string whose fixed text reads as SQL or HTML.
    Built(&'static str),
}

fn step(span: Span, note: Note, prev: Option<Rc<Step>>) -> Option<Rc<Step>> {
    let depth = prev.as_ref().map_or(0, |p| p.depth + 1);
    if depth >= MAX_TRACE {
        return prev;
    }
    Some(Rc::new(Step { span, note, prev, depth }))
}

/// Where a value's data comes from.
#[derive(Debug, Clone, Default)]
pub(crate) struct Taint {
    /// Source kinds (bits of `SOURCE_KINDS`).
    pub(crate) kinds: super::matchers::Kinds,
    /// Parameters of the function being analysed whose data flows here (bit per position, first 64).
    pub(crate) params: u64,
    /// Classes of sink the data of `kinds` has been cleaned for.
    pub(crate) cleaned: u32,
    /// Classes of sink the data of `params` has been cleaned for (kept apart, so that joining an
    /// escaped request value with a parameter does not lose the escaping of either).
    pub(crate) pcleaned: u32,
    pub(crate) trace: Option<Rc<Step>>,
}

impl Taint {
    pub(crate) fn is_tainted(&self) -> bool {
        self.kinds != 0 || self.params != 0
    }

    /// Which trace to keep when joining: a source's, then a literal's, then a parameter's.
    fn trace_rank(&self) -> u8 {
        // a source from outside, then a parameter (a caller's source is put in front of it), then a
        // literal's mark (which matters only to the rules that follow literals)
        if self.kinds & !super::matchers::LITERAL_KINDS != 0 {
            3
        } else if self.params != 0 {
            2
        } else {
            u8::from(self.kinds != 0)
        }
    }

    /// Whether the value carries data from outside the code (a literal's marks do not count).
    pub(crate) fn untrusted(&self) -> bool {
        self.kinds & !super::matchers::LITERAL_KINDS != 0 || self.params != 0
    }

    fn join(&self, other: &Taint) -> Taint {
        match (self.is_tainted(), other.is_tainted()) {
            (false, _) => other.clone(),
            (true, false) => self.clone(),
            (true, true) => {
                // each part's cleaning is the intersection over the sides that carry that part
                let meet = |a: bool, ca: u32, b: bool, cb: u32| match (a, b) {
                    (true, true) => ca & cb,
                    (true, false) => ca,
                    (false, true) => cb,
                    (false, false) => 0,
                };
                // the trace of a source wins over a parameter's, and over a literal's mark; of two alike,
                // the one cleaned for fewer sinks
                let key = |t: &Taint| (t.trace_rank(), std::cmp::Reverse(t.cleaned.count_ones()));
                Taint {
                    kinds: self.kinds | other.kinds,
                    params: self.params | other.params,
                    cleaned: meet(self.kinds != 0, self.cleaned, other.kinds != 0, other.cleaned),
                    pcleaned: meet(self.params != 0, self.pcleaned, other.params != 0, other.pcleaned),
                    trace: if key(self) >= key(other) { self.trace.clone() } else { other.trace.clone() },
                }
            }
        }
    }

    fn clean(&mut self, bits: u32) {
        if self.is_tainted() {
            self.cleaned |= bits;
            self.pcleaned |= bits;
        }
    }

    /// Whether the data of `kinds` is still dangerous for the class `class_bit`.
    fn dangerous_for(&self, class_bit: u32) -> bool {
        self.cleaned & class_bit == 0
    }

    /// Whether the data of `params` is still dangerous for the class `class_bit`.
    fn params_dangerous_for(&self, class_bit: u32) -> bool {
        self.pcleaned & class_bit == 0
    }
}

/// What a value is made of.
#[derive(Debug, Clone, Default)]
pub(crate) enum Shape {
    #[default]
    Opaque,
    List(Rc<Vec<Val>>),
    /// Entries with constant keys.
    Dict(Rc<Vec<(String, Val)>>),
    /// A function of this file.
    Func(usize),
}

/// An abstract value.
#[derive(Debug, Clone, Default)]
pub(crate) struct Val {
    /// Untrusted data in the value itself (for a list or dict: in the parts not tracked one by one).
    pub(crate) taint: Taint,
    /// The constant, when the code fixes it.
    pub(crate) konst: Option<Lit>,
    /// Determined by constants of the code alone (its value may still be unknown to the analysis).
    pub(crate) fixed: bool,
    /// What the value is, qualified (`flask.request`, `hashlib.md5()`).
    pub(crate) path: Option<Rc<str>>,
    pub(crate) shape: Shape,
    /// A request object: attributes read from it are untrusted unless known safe.
    pub(crate) request: bool,
    /// The local name this value is a parsed view of (`u = urlparse(target)`: `target`), so that a check
    /// of the view (`u.netloc in ALLOWED`) validates the name.
    pub(crate) view_of: Option<Rc<str>>,
    /// A string built (concatenation, f-string, `%`, `.format`, `join`) from parts not all fixed by the code.
    pub(crate) built: bool,
    /// The result of a check (`ok = is_safe_url(url=target)`): what it proves clean when it is true.
    pub(crate) validates: Option<Rc<Vec<(String, u32)>>>,
    /// Classes of sink this value is harmless for whatever its origin: constants for all, a sanitizer's
    /// result for its classes (`int(x)`, `shlex.quote(x)`). Data of unknown origin is reported only
    /// where it is not safe.
    pub(crate) safe: u32,
    /// What the fixed text of a built string reads as (`TEXT_SQL`, `TEXT_HTML`).
    pub(crate) text: u8,
}

impl Val {
    fn lit(l: Lit) -> Val {
        let path = match l {
            Lit::Str(_) => Some(Rc::from("str")),
            Lit::Bytes(_) => Some(Rc::from("bytes")),
            _ => None,
        };
        Val { konst: Some(l), fixed: true, path, safe: ALL_CLASSES, ..Val::default() }
    }

    fn named(path: &str) -> Val {
        Val { path: Some(Rc::from(path)), ..Val::default() }
    }

    fn tainted(t: Taint) -> Val {
        Val { taint: t, ..Val::default() }
    }

    /// The taint of the value and of everything in it.
    pub(crate) fn total(&self) -> Taint {
        self.total_depth(0)
    }

    fn total_depth(&self, depth: usize) -> Taint {
        let mut t = self.taint.clone();
        if depth > 8 {
            return t;
        }
        match &self.shape {
            Shape::List(items) => {
                for v in items.iter() {
                    t = t.join(&v.total_depth(depth + 1));
                }
            }
            Shape::Dict(items) => {
                for (_, v) in items.iter() {
                    t = t.join(&v.total_depth(depth + 1));
                }
            }
            _ => {}
        }
        t
    }

    /// The items of a list or tuple value.
    fn list_items(&self) -> Option<Vec<Val>> {
        match &self.shape {
            Shape::List(items) => Some(items.iter().cloned().collect()),
            _ => None,
        }
    }

    /// Element `i` of a tuple or list value.
    pub(crate) fn item(&self, i: usize) -> Option<Val> {
        match &self.shape {
            Shape::List(items) => items.get(i).cloned(),
            _ => None,
        }
    }

    /// The value of `key` in a dict display.
    pub(crate) fn entry(&self, key: &str) -> Option<Val> {
        match &self.shape {
            Shape::Dict(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()),
            _ => None,
        }
    }

    /// For a dict display: whether it has `key`.
    pub(crate) fn has_key(&self, key: &str) -> Option<bool> {
        match &self.shape {
            Shape::Dict(items) => Some(items.iter().any(|(k, _)| k == key)),
            _ => None,
        }
    }

    /// Python truthiness of the constant.
    fn truth(&self) -> Option<bool> {
        Some(match self.konst.as_ref()? {
            Lit::Str(s) => !s.is_empty(),
            Lit::Bytes(b) => !b.is_empty(),
            Lit::Int(i) => *i != 0,
            Lit::Float(f) => *f != 0.0,
            Lit::Bool(b) => *b,
            Lit::None => false,
        })
    }

    /// A value made of several (string building, an unknown call): taint joined, fixed if all are.
    fn combine<'v>(parts: impl IntoIterator<Item = &'v Val>) -> Val {
        let mut out = Val { fixed: true, safe: u32::MAX, ..Val::default() };
        let mut any = false;
        for p in parts {
            out.taint = out.taint.join(&p.total());
            out.fixed &= p.fixed;
            out.built |= p.built;
            out.safe &= p.safe_bits();
            any = true;
        }
        if !any {
            // made of nothing (a call without arguments): nothing is known of it
            out.safe = 0;
        }
        out
    }

    /// `safe`, counting a fixed value as safe for everything.
    fn safe_bits(&self) -> u32 {
        if self.fixed {
            u32::MAX
        } else {
            self.safe
        }
    }

    fn join(&self, other: &Val) -> Val {
        let shape = match (&self.shape, &other.shape) {
            (Shape::List(a), Shape::List(b)) if a.len() == b.len() => {
                Shape::List(Rc::new(a.iter().zip(b.iter()).map(|(x, y)| x.join(y)).collect()))
            }
            (Shape::Dict(a), Shape::Dict(b)) => {
                let mut items: Vec<(String, Val)> = a.as_ref().clone();
                for (k, v) in b.iter() {
                    match items.iter_mut().find(|(kk, _)| kk == k) {
                        Some((_, old)) => *old = old.join(v),
                        None => items.push((k.clone(), v.clone())),
                    }
                }
                Shape::Dict(Rc::new(items))
            }
            (Shape::Func(a), Shape::Func(b)) if a == b => Shape::Func(*a),
            (Shape::Opaque, Shape::Opaque) => Shape::Opaque,
            _ => {
                // different shapes: keep the data, lose the structure
                return Val {
                    taint: self.total().join(&other.total()),
                    fixed: self.fixed && other.fixed,
                    built: self.built || other.built,
                    safe: self.safe_bits() & other.safe_bits(),
                    path: if self.path == other.path { self.path.clone() } else { None },
                    request: self.request || other.request,
                    text: self.text | other.text,
                    ..Val::default()
                };
            }
        };
        Val {
            taint: self.taint.join(&other.taint),
            konst: if self.konst == other.konst { self.konst.clone() } else { None },
            fixed: self.fixed && other.fixed,
            path: if self.path == other.path {
                self.path.clone()
            } else {
                self.path.clone().or_else(|| other.path.clone())
            },
            shape,
            request: self.request || other.request,
            view_of: if self.view_of == other.view_of { self.view_of.clone() } else { None },
            built: self.built || other.built,
            validates: None,
            safe: self.safe_bits() & other.safe_bits(),
            text: self.text | other.text,
        }
    }

    /// The value of an element (iterating, or an unknown index).
    fn element(&self) -> Val {
        let t = self.total();
        Val { taint: t, fixed: self.fixed, request: self.request, ..Val::default() }
    }
}

/// The local names of a function at a point.
#[derive(Debug, Clone, Default)]
struct Env {
    vars: HashMap<String, Val>,
    /// Returned or raised: this path ends.
    dead: bool,
    /// `break`/`continue`: the rest of the loop body is skipped.
    jumped: bool,
}

impl Env {
    fn merge(a: Env, b: Env) -> Env {
        match (a.dead, b.dead) {
            (true, false) => return b,
            (false, true) | (true, true) => return a,
            _ => {}
        }
        let (mut big, small) = if a.vars.len() >= b.vars.len() { (a, b) } else { (b, a) };
        for (k, v) in small.vars {
            match big.vars.get_mut(&k) {
                Some(old) => *old = old.join(&v),
                None => {
                    big.vars.insert(k, v);
                }
            }
        }
        big.jumped &= small.jumped;
        big
    }
}

/// A sink reached by a parameter's data: reported where the function is called with untrusted data.
#[derive(Debug, Clone)]
struct ParamSink {
    /// Position of the rule in `Compiled::rules`.
    rule: usize,
    span: Span,
    params: u64,
    cleaned: u32,
    trace: Option<Rc<Step>>,
}

#[derive(Debug, Default)]
struct Summary {
    ret: Val,
    sinks: Vec<ParamSink>,
    /// Per parameter: the classes its data is cleaned for on every path that returns it.
    param_cleaned: Vec<u32>,
}

#[derive(Debug)]
enum FnState {
    Pending,
    Running,
    Done(Rc<Summary>),
}

/// The function being analysed.
struct Ctx {
    func: usize,
    /// A request handler: its return value is the response.
    route: bool,
    ret: Option<Val>,
    sinks: Vec<ParamSink>,
    /// Per parameter bit: the classes cleaned on every return of its data so far.
    ret_cleaned: Vec<u32>,
}

impl Ctx {
    fn new(func: usize, route: bool) -> Ctx {
        Ctx { func, route, ret: None, sinks: Vec::new(), ret_cleaned: vec![u32::MAX; 64] }
    }
}

/// What kind of finding a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Untrusted data from a source reaches the sink.
    Flow,
    /// Data of unknown origin (or a string built from it) reaches the sink.
    Audit,
    /// A structural pattern.
    Pattern,
}

/// The extra reporting tiers of a sink.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Tiers {
    pub(crate) unknown: Option<Confidence>,
    pub(crate) built: Option<Confidence>,
}

/// A finding of the analysis: the rule (position in `Compiled::rules`), where, and how the data got there.
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub(crate) rule: usize,
    pub(crate) span: Span,
    /// Source first; the sink is `span`.
    pub(crate) trace: Vec<(Span, Note)>,
    pub(crate) confidence: Option<Confidence>,
    /// A data flow from an untrusted source (rather than a pattern or data of unknown origin).
    pub(crate) flow: bool,
    /// Data of unknown origin at a sink (an audit finding: its severity is capped at MEDIUM).
    pub(crate) audit: bool,
    /// Untrusted data written into SQL or HTML text: reported unless the text reaches a sink of the
    /// rule, whose finding then tells the whole story (`drop_covered`).
    pub(crate) construct: bool,
    /// For a flow reported where its SQL or HTML text is built: the sink that text reaches.
    pub(crate) sink_at: Option<Span>,
}

impl Hit {
    /// A structural match (a detector, an import, an SQL statement): no trace, the rule's confidence.
    pub(crate) fn pattern(rule: usize, span: Span) -> Hit {
        Hit {
            rule,
            span,
            trace: Vec::new(),
            confidence: None,
            flow: false,
            audit: false,
            construct: false,
            sink_at: None,
        }
    }
}

/// A trace as its steps, source first.
fn steps_of(trace: Option<Rc<Step>>) -> Vec<(Span, Note)> {
    let mut steps = Vec::new();
    let mut cur = trace;
    while let Some(s) = cur {
        steps.push((s.span, s.note.clone()));
        cur = s.prev.clone();
    }
    steps.reverse();
    steps
}

/// The analysis of one module.
pub(crate) struct Interp<'a> {
    m: &'a Module,
    c: &'a Compiled,
    rel: &'a str,
    states: Vec<FnState>,
    globals: HashMap<String, Val>,
    stack: Vec<Ctx>,
    pub(crate) hits: Vec<Hit>,
    hit_at: HashMap<(usize, u32, u32), usize>,
    /// Inside the arguments of a call that prints or logs: text built there is a message, not a
    /// statement or a page.
    in_message: u32,
    /// While a `builds` sink's arguments are checked: a flow is a construction hit.
    building: bool,
    /// A construction hit was recorded at the call being evaluated.
    built_here: bool,
    /// Construction hits (rule, start) whose value a later check proved clean (`if (!p.startsWith(root))
    /// return`): not reported.
    pub(crate) validated: std::collections::HashSet<(usize, u32)>,
    budget: u64,
    /// The step budget ran out: findings may be incomplete.
    pub(crate) exhausted: bool,
    /// Names called somewhere in the file (a function taking the request that the file itself calls is a
    /// helper, not a view: its data comes from its callers).
    called: std::collections::HashSet<String>,
    /// Bits of the classes guards clean.
    path_bit: u32,
    url_bits: u32,
    /// (class bit, kind bit) of the literal kinds whose class a sanitizer can clean (`hardcoded`,
    /// `cleartext`): what cleans for the class drops the literal's mark.
    literal_classes: Vec<(u32, Kinds)>,
    /// A Python module that imports FastAPI and no framework sending a returned string as HTML.
    fastapi_only: bool,
}

/// Methods that put their arguments into the object they are called on.
const MUTATORS: &[&str] = &[
    "write",
    "writelines",
    "append",
    "extend",
    "add",
    "insert",
    "update",
    "put",
    "push",
    "appendleft",
    "setdefault",
    "feed",
];

/// Calls after which the code does not go on.
const EXITS: &[&str] =
    &["abort", "flask.abort", "sys.exit", "exit", "quit", "os._exit", "werkzeug.exceptions.abort", "process.exit"];

impl<'a> Interp<'a> {
    pub(crate) fn new(m: &'a Module, c: &'a Compiled, rel: &'a str) -> Interp<'a> {
        let bit = |name: &str| c.class_bits.get(name).copied().unwrap_or(0);
        Interp {
            m,
            c,
            rel,
            states: m.functions.iter().map(|_| FnState::Pending).collect(),
            globals: HashMap::default(),
            stack: Vec::new(),
            hits: Vec::new(),
            hit_at: HashMap::default(),
            in_message: 0,
            building: false,
            built_here: false,
            validated: Default::default(),
            budget: STEP_BUDGET,
            exhausted: false,
            path_bit: bit("path"),
            url_bits: bit("url") | bit("redirect"),
            literal_classes: ["hardcoded", "cleartext"]
                .iter()
                .map(|k| (bit(k), super::matchers::kind_bit(k)))
                .filter(|(b, _)| *b != 0)
                .collect(),
            fastapi_only: fastapi_only(m),
            called: called_names(m),
        }
    }

    /// Analyse the whole module: its top level, then every function.
    pub(crate) fn run(&mut self) {
        let Some(top) = self.m.functions.first() else { return };
        self.states[0] = FnState::Running;
        self.stack.push(Ctx::new(0, false));
        let mut env = Env::default();
        self.block(&top.body, &mut env);
        self.stack.pop();
        self.globals = env.vars;
        self.states[0] = FnState::Done(Rc::default());
        for f in 1..self.m.functions.len() {
            if matches!(self.states[f], FnState::Pending) && self.m.functions[f].parent == Some(0) {
                self.summary(f, None);
            }
        }
    }

    fn tick(&mut self) -> bool {
        if self.budget == 0 {
            self.exhausted = true;
            return false;
        }
        self.budget -= 1;
        true
    }

    // ── functions ───────────────────────────────────────────────────────────────────────────────────

    /// The summary of a function, analysing it first if need be (`closure`: the enclosing function's
    /// names, for a nested function analysed where it is defined).
    fn summary(&mut self, f: usize, closure: Option<&Env>) -> Option<Rc<Summary>> {
        match self.states.get(f)? {
            FnState::Done(s) => return Some(s.clone()),
            FnState::Running => return None,
            FnState::Pending => {}
        }
        if self.stack.len() >= MAX_DEPTH {
            return None;
        }
        let func = self.m.functions.get(f)?;
        self.states[f] = FnState::Running;
        let (route, handler, serverless, takes_request) = self.handler_kind(f, func);
        let mut env = Env::default();
        if let Some(outer) = closure {
            env.vars = outer.vars.clone();
        }
        let typed = if route { typed_route_params(self.m, func) } else { Vec::new() };
        let fixture = self.pytest_fixture(func);
        for (i, p) in func.params.iter().enumerate() {
            let mut v =
                self.param_value(i, &p.name, p.annotation.as_ref(), p.span, (handler, takes_request), serverless);
            if fixture {
                // pytest passes a fixture its `request` (`request.param`) and other fixtures: the test's
                // own data, neither a client's nor of unknown origin
                v = Val { fixed: true, ..Val::default() };
            }
            if typed.contains(&p.name) {
                // `<int:id>`: the framework converted it; it cannot carry text
                v.taint.kinds = 0;
                v.taint.trace = step(p.span, Note::Param(p.name.clone()), None);
                v.safe = ALL_CLASSES;
            }
            // a literal default that is a source (a cleartext URL) flows in when the caller omits it
            if let Some(Expr::Lit(Lit::Str(text), span)) = &p.default {
                v.taint = v.taint.join(&self.literal_taint(text, *span));
            }
            env.vars.insert(p.name.clone(), v);
        }
        self.stack.push(Ctx::new(f, route));
        self.block(&func.body, &mut env);
        let ctx = self.stack.pop();
        let summary = Rc::new(match ctx {
            Some(ctx) => Summary { ret: ctx.ret.unwrap_or_default(), sinks: ctx.sinks, param_cleaned: ctx.ret_cleaned },
            None => Summary::default(),
        });
        self.states[f] = FnState::Done(summary.clone());
        Some(summary)
    }

    /// Whether a function is a request handler: (its return value is the response, its parameters are
    /// untrusted, the parameter its signature makes untrusted: a serverless handler's event, a GraphQL
    /// resolver's `args`), whether it takes the request first (then the request is untrusted even where
    /// the function is not a handler: a middleware's `process_request`).
    fn handler_kind(&self, index: usize, func: &Function) -> (bool, bool, Option<usize>, bool) {
        let decorated = func
            .decorators
            .iter()
            .any(|d| super::matchers::qualify(self.m, d).is_some_and(|n| self.c.is_route_decorator(&n)));
        // a function taking the request first (Django views) handles requests too; a method only under
        // a view's method names
        let view_method = func.class.is_none()
            || self.c.view_methods.is_empty()
            || self.c.view_methods.iter().any(|m| m.is_match(&func.name));
        let takes_request = !self.called.contains(&func.name)
            && !self.pytest_fixture(func)
            && func.params.iter().find(|p| p.name != "self" && p.name != "cls").is_some_and(|p| {
                self.c.request_params.contains(&p.name)
                    || p.annotation.as_ref().is_some_and(|a| self.is_request_type(a))
            });
        let request_first = view_method && takes_request;
        let names: Vec<&str> = func.params.iter().map(|p| p.name.as_str()).collect();
        // `[parent, "*args", context, info]`: the starred parameter is the untrusted one, else the first
        let signature = self
            .c
            .handler_signatures
            .iter()
            .find(|sig| {
                sig.len() == names.len() && sig.iter().zip(&names).all(|(a, b)| a.trim_start_matches('*') == *b)
            })
            .map(|sig| sig.iter().position(|a| a.starts_with('*')).unwrap_or(0))
            .or_else(|| {
                // exported under a handler's name: its first parameter is the event
                let exported = self.m.exports.get(&index)?;
                (self.c.exported_handlers.contains(exported) && !func.params.is_empty()).then_some(0)
            });
        (decorated, decorated || request_first || signature.is_some(), signature, takes_request)
    }

    /// A pytest fixture (decorated with `pytest.fixture`, or given pytest's `request: FixtureRequest`):
    /// its `request` is the test's, not a client's.
    fn pytest_fixture(&self, func: &Function) -> bool {
        let pytest = |e: &Expr| {
            super::matchers::qualify(self.m, e)
                .is_some_and(|n| n.starts_with("pytest.") || n.ends_with("FixtureRequest"))
        };
        func.decorators.iter().any(|d| match d {
            Expr::Call(c) => pytest(&c.func),
            other => pytest(other),
        }) || func.params.iter().any(|p| p.annotation.as_ref().is_some_and(pytest))
    }

    fn is_request_type(&self, annotation: &Expr) -> bool {
        super::matchers::qualify(self.m, annotation)
            .is_some_and(|n| self.c.request_types.iter().any(|g| g.is_match(&n)))
    }

    fn param_value(
        &self,
        i: usize,
        name: &str,
        annotation: Option<&Expr>,
        span: Span,
        (handler, takes_request): (bool, bool),
        serverless: Option<usize>,
    ) -> Val {
        let mut v = Val::default();
        if i < 64 {
            v.taint.params = 1 << i;
            v.taint.trace = step(span, Note::Param(name.to_string()), None);
        }
        if name == "self" || name == "cls" {
            return Val { path: Some(Rc::from(name)), ..Val::default() };
        }
        let is_request =
            self.c.request_params.iter().any(|p| p == name) || annotation.is_some_and(|a| self.is_request_type(a));
        if is_request {
            v.request = true;
            v.path = Some(Rc::from("param.request"));
        }
        // a serverless handler's event (its first parameter), a resolver's arguments: the request
        if (handler || (takes_request && is_request))
            && (is_request || serverless == Some(i) || !self.c.request_param_only)
        {
            if annotation.is_some_and(|a| self.is_clean_type(a)) {
                return Val { taint: Taint { params: v.taint.params, trace: v.taint.trace, ..Taint::default() }, ..v };
            }
            v.taint.kinds |= kind_bit("web");
            v.taint.trace = step(span, Note::Source(if is_request { "request" } else { "route parameter" }), None);
        }
        v
    }

    /// An annotation whose values cannot carry text (`int`, `uuid.UUID`, a model whose fields are not str).
    fn is_clean_type(&self, a: &Expr) -> bool {
        let Some(name) = super::matchers::qualify(self.m, a) else { return false };
        matches!(
            name.as_str(),
            "int" | "float" | "bool" | "uuid.UUID" | "UUID" | "datetime.date" | "datetime.datetime" | "decimal.Decimal"
        ) || self.m.classes.iter().any(|c| {
            c.name == name
                && !c.fields.is_empty()
                && c.fields.iter().all(|(_, t)| {
                    super::matchers::qualify(self.m, t).is_some_and(|n| {
                        matches!(n.as_str(), "int" | "float" | "bool" | "uuid.UUID" | "UUID" | "datetime.date")
                    })
                })
        })
    }

    // ── statements ──────────────────────────────────────────────────────────────────────────────────

    fn block(&mut self, stmts: &[Stmt], env: &mut Env) {
        for (i, s) in stmts.iter().enumerate() {
            if !self.tick() {
                return;
            }
            if env.dead || env.jumped {
                // code after a return, raise or break never runs; it is still checked (it is in the
                // repository and may be made reachable), on a copy that does not flow on
                let rest = &stmts[i..];
                if !rest
                    .iter()
                    .all(|s| matches!(s, Stmt::Return(..) | Stmt::Pass(_) | Stmt::Break(_) | Stmt::Continue(_)))
                {
                    let mut unreachable = Env { dead: false, jumped: false, ..env.clone() };
                    let saved = self.stack.last_mut().map(|c| (c.ret.take(), std::mem::take(&mut c.sinks)));
                    for s in rest {
                        if !self.tick() {
                            break;
                        }
                        // past another return or raise: still checked, each statement once
                        unreachable.dead = false;
                        unreachable.jumped = false;
                        self.stmt(s, &mut unreachable);
                    }
                    if let (Some(ctx), Some((ret, sinks))) = (self.stack.last_mut(), saved) {
                        ctx.ret = ret;
                        ctx.sinks = sinks;
                    }
                }
                return;
            }
            self.stmt(s, env);
        }
    }

    fn stmt(&mut self, s: &Stmt, env: &mut Env) {
        match s {
            Stmt::Assign { targets, value, op, span } => {
                let mut v = self.eval(value, env);
                if matches!(value, Expr::Call(_) | Expr::Compare(..) | Expr::Bool(..)) {
                    let mut proves = Vec::new();
                    self.guards(value, true, env, &mut proves, 0);
                    if !proves.is_empty() {
                        v.validates = Some(Rc::new(proves));
                    }
                }
                if let (Some(op), Some(target)) = (op, targets.first()) {
                    let old = self.eval(target, env);
                    v = binop(*op, &old, &v);
                }
                for t in targets {
                    self.assign(t, v.clone(), *span, env);
                }
            }
            Stmt::Expr(e) => {
                self.eval(e, env);
            }
            Stmt::Return(e, span) => {
                let v = e.as_ref().map(|e| self.eval(e, env)).unwrap_or_else(|| Val::lit(Lit::None));
                // what a call returns is that call's result, not markup written here (unless it is a
                // string method of markup: `html.trim()`)
                let markup = e.as_ref().is_none_or(written_here);
                self.returned(v, *span, markup);
                env.dead = true;
            }
            Stmt::If { test, then, orelse, .. } => {
                let t = self.eval(test, env);
                match t.truth() {
                    Some(true) if t.fixed => self.block(then, env),
                    Some(false) if t.fixed => self.block(orelse, env),
                    _ => {
                        let mut yes = env.clone();
                        self.refine(test, true, &mut yes);
                        self.block(then, &mut yes);
                        let mut no = std::mem::take(env);
                        self.refine(test, false, &mut no);
                        self.block(orelse, &mut no);
                        *env = Env::merge(yes, no);
                    }
                }
            }
            Stmt::Loop { target, iter, test, body, orelse, .. } => {
                let item = iter.as_ref().map(|i| self.eval(i, env).element());
                for _ in 0..2 {
                    let mut inner = env.clone();
                    if let (Some(t), Some(item)) = (target, &item) {
                        self.assign(t, item.clone(), t.span(), &mut inner);
                    }
                    if let Some(t) = test {
                        let tv = self.eval(t, &mut inner);
                        if tv.fixed && tv.truth() == Some(false) {
                            break;
                        }
                    }
                    self.block(body, &mut inner);
                    inner.jumped = false;
                    *env = Env::merge(std::mem::take(env), inner);
                    if env.dead {
                        return;
                    }
                }
                self.block(orelse, env);
            }
            Stmt::Try { body, handlers, orelse, finally, .. } => {
                let before = env.clone();
                self.block(body, env);
                self.block(orelse, env);
                for h in handlers {
                    let mut he = Env::merge(before.clone(), Env { dead: false, ..env.clone() });
                    he.dead = false;
                    if let Some(name) = &h.name {
                        let t = Taint {
                            kinds: kind_bit("exception"),
                            trace: step(h.span, Note::Source("exception"), None),
                            ..Taint::default()
                        };
                        he.vars.insert(name.clone(), Val::tainted(t));
                    }
                    self.block(&h.body, &mut he);
                    *env = Env::merge(std::mem::take(env), he);
                }
                if !finally.is_empty() {
                    let dead = env.dead;
                    env.dead = false;
                    self.block(finally, env);
                    env.dead |= dead;
                }
            }
            Stmt::With { items, body, .. } => {
                for (e, target) in items {
                    let v = self.eval(e, env);
                    if let Some(t) = target {
                        self.assign(t, v, t.span(), env);
                    }
                }
                self.block(body, env);
            }
            Stmt::Raise(e, _) => {
                if let Some(e) = e {
                    self.eval(e, env);
                }
                env.dead = true;
            }
            Stmt::Assert(e, _) => {
                self.eval(e, env);
            }
            Stmt::Def(idx) => {
                let name = self.m.functions.get(*idx).map(|f| f.name.clone()).unwrap_or_default();
                let in_module = self.stack.last().is_some_and(|c| c.func == 0);
                let is_method = self.m.functions.get(*idx).is_some_and(|f| f.class.is_some());
                if !in_module {
                    // a nested function sees the names of the function it is defined in
                    let snapshot = env.clone();
                    self.summary(*idx, Some(&snapshot));
                }
                if !is_method {
                    env.vars.insert(
                        name,
                        Val { shape: Shape::Func(*idx), fixed: true, safe: ALL_CLASSES, ..Val::default() },
                    );
                }
            }
            Stmt::ClassDef(idx) => {
                if let Some(class) = self.m.classes.get(*idx) {
                    let mut class_env = Env::default();
                    self.block(&class.body, &mut class_env);
                    env.vars.insert(class.name.clone(), Val::named(&class.name));
                }
            }
            Stmt::Import(bound, span) => {
                for (local, qualified) in bound {
                    let v = self.named_value(qualified, *span);
                    env.vars.insert(local.clone(), v);
                }
            }
            Stmt::Break(_) | Stmt::Continue(_) => env.jumped = true,
            Stmt::Pass(_) => {}
        }
    }

    fn returned(&mut self, v: Val, span: Span, markup: bool) {
        let route = self.stack.last().is_some_and(|c| c.route);
        if route {
            let html = self.c.class_bits.get("html").copied().unwrap_or(0);
            for pos in self.c.route_returns.clone() {
                let Some(Some(rule)) = self.c.taint.get(pos) else { continue };
                let tiers = Tiers { unknown: rule.unknown, built: rule.built };
                // as markup, only the body counts (a dict or list is served as JSON); as data, all of it
                let value = if rule.class_bit == html { response_body(&v) } else { Some(v.clone()) };
                // a NestJS handler's result is sent as JSON unless it is a string: only markup built in
                // the handler counts (a service's result is data)
                let value = value.filter(|b| {
                    rule.class_bit != html
                        || self.m.language != crate::syntax::ir::Language::JavaScript
                        || (b.built && markup)
                });
                // a FastAPI route's result is serialised as JSON (a string too) unless the route
                // declares an HTML response class
                let value = value.filter(|_| rule.class_bit != html || !self.json_route());
                if let Some(value) = value {
                    self.check_value(pos, &value, span, tiers);
                }
            }
        }
        if let Some(ctx) = self.stack.last_mut() {
            let t = v.total();
            for bit in 0..64usize {
                if t.params & (1 << bit) != 0 {
                    ctx.ret_cleaned[bit] &= t.pcleaned;
                }
            }
            ctx.ret = Some(match ctx.ret.take() {
                Some(old) => old.join(&v),
                None => v,
            });
        }
    }

    /// Whether the handler being run is a FastAPI route answering JSON: the module is FastAPI's only
    /// ([`fastapi_only`]) and the route does not name `HTMLResponse`.
    fn json_route(&self) -> bool {
        if !self.fastapi_only {
            return false;
        }
        let Some(f) = self.stack.last().and_then(|c| self.m.functions.get(c.func)) else { return false };
        let mut html = false;
        for d in &f.decorators {
            super::detectors::walk_expr(d, &mut |e| {
                if let Expr::Name(n, _) | Expr::Attr(_, n, _) = e {
                    html |= n.contains("HTML") || n.contains("Html");
                }
            });
        }
        !html
    }

    /// After a test is known true (`positive`) or false: names it proves clean.
    fn refine(&mut self, test: &Expr, positive: bool, env: &mut Env) {
        let mut cleaned: Vec<(String, u32)> = Vec::new();
        self.guards(test, positive, env, &mut cleaned, 0);
        for (name, bits) in cleaned {
            if let Some(v) = env.vars.get_mut(&name) {
                // a value built here and checked now: its construction hit is answered
                let mut cur = v.taint.trace.clone();
                while let Some(st) = cur {
                    if matches!(st.note, Note::Built(_)) {
                        for h in self.hits.iter().filter(|h| h.construct && h.span.start == st.span.start) {
                            let class = self.c.taint.get(h.rule).and_then(|r| r.as_ref()).map_or(0, |r| r.class_bit);
                            if class & bits != 0 {
                                self.validated.insert((h.rule, h.span.start));
                            }
                        }
                    }
                    cur = st.prev.clone();
                }
                v.taint.clean(bits);
                v.safe |= bits;
                if let Shape::List(items) = &mut v.shape {
                    for it in Rc::make_mut(items) {
                        it.taint.clean(bits);
                    }
                }
            }
        }
    }

    fn guards(&self, test: &Expr, positive: bool, env: &Env, out: &mut Vec<(String, u32)>, depth: usize) {
        if depth > 16 {
            return;
        }
        match test {
            Expr::Unary(true, inner, _) => self.guards(inner, !positive, env, out, depth + 1),
            Expr::Name(n, _) if positive => {
                if let Some(list) = env.vars.get(n).and_then(|v| v.validates.clone()) {
                    out.extend(list.iter().cloned());
                }
            }
            Expr::Bool(true, parts, _) if positive => {
                for p in parts {
                    self.guards(p, true, env, out, depth + 1);
                }
            }
            Expr::Bool(false, parts, _) if !positive => {
                for p in parts {
                    self.guards(p, false, env, out, depth + 1);
                }
            }
            Expr::Compare(left, ops, _) if ops.len() == 1 && matches!(left.as_ref(), Expr::Lit(Lit::Str(_), _)) => {
                // a deny-list check of characters (`if "'" in x: return`): the data has none of them after
                let (op, right) = (&ops[0].0, &ops[0].1);
                let absent = match op {
                    CmpOp::In => !positive,
                    CmpOp::NotIn => positive,
                    _ => false,
                };
                if let (true, Expr::Lit(Lit::Str(chars), _), Some(name)) = (absent, left.as_ref(), subject(right)) {
                    let bits = self.denied_classes(chars);
                    if bits != 0 {
                        out.push((name.to_string(), bits));
                    }
                }
            }
            Expr::Compare(left, ops, _) if ops.len() == 1 => {
                let (op, right) = (&ops[0].0, &ops[0].1);
                let holds = match op {
                    CmpOp::In | CmpOp::Eq | CmpOp::Is => positive,
                    CmpOp::NotIn | CmpOp::NotEq | CmpOp::IsNot => !positive,
                    _ => return,
                };
                if !holds || !self.is_trusted(right, env) {
                    return;
                }
                if matches!(op, CmpOp::Eq | CmpOp::NotEq | CmpOp::Is | CmpOp::IsNot) && !matches!(right, Expr::Lit(..))
                {
                    return;
                }
                if let Some(name) = subject(left) {
                    out.push((name.to_string(), ALL_CLASSES));
                } else if let Some(name) = url_part_subject(left) {
                    out.push((name.to_string(), self.url_bits));
                } else if let Expr::Attr(view, attr, _) = left.as_ref() {
                    // `u.netloc in ALLOWED` where `u = urlparse(target)`
                    if let Expr::Name(u, _) = view.as_ref() {
                        if matches!(attr.as_str(), "netloc" | "hostname" | "host" | "scheme") {
                            out.push((u.clone(), self.url_bits));
                            if let Some(of) = env.vars.get(u).and_then(|v| v.view_of.clone()) {
                                out.push((of.to_string(), self.url_bits));
                            }
                        }
                    }
                }
            }
            Expr::Call(c) if positive => {
                let callee = super::matchers::qualify(self.m, &c.func).unwrap_or_default();
                let method = callee.rsplit('.').next().unwrap_or_default();
                let first = c.args.first();
                let validated = match (callee.as_str(), method) {
                    ("re.fullmatch" | "re.match", _) => c.args.get(1).and_then(subject).map(|n| (n, ALL_CLASSES)),
                    ("isinstance", _) => {
                        let clean = c
                            .args
                            .get(1)
                            .and_then(|t| super::matchers::qualify(self.m, t))
                            .is_some_and(|t| matches!(t.as_str(), "int" | "float" | "bool" | "uuid.UUID"));
                        if clean {
                            first.and_then(subject).map(|n| (n, ALL_CLASSES))
                        } else {
                            None
                        }
                    }
                    (_, "isdigit" | "isdecimal" | "isnumeric" | "isalnum" | "isalpha" | "isidentifier") => {
                        match &c.func {
                            Expr::Attr(base, _, _) => subject(base).map(|n| (n, ALL_CLASSES)),
                            _ => None,
                        }
                    }
                    (_, "startswith" | "startsWith" | "is_relative_to") => match &c.func {
                        Expr::Attr(base, _, _) => subject(base).map(|n| (n, self.path_bit | self.url_bits)),
                        _ => None,
                    },
                    // JavaScript: `ALLOWED.includes(x)`, `allowed.has(x)`, `Number.isInteger(x)`, validator.js
                    (_, "includes" | "has") if c.args.len() == 1 => match (&c.func, first) {
                        (Expr::Attr(base, _, _), Some(arg)) if self.is_trusted(base, env) => {
                            // `ALLOWED.includes(u.hostname)` where `u = new URL(target)`: the URL's host
                            if let Expr::Attr(view, part, _) = arg {
                                if let (Expr::Name(u, _), true) =
                                    (view.as_ref(), matches!(part.as_str(), "hostname" | "host" | "origin" | "netloc"))
                                {
                                    out.push((u.clone(), self.url_bits));
                                    if let Some(of) = env.vars.get(u).and_then(|v| v.view_of.clone()) {
                                        out.push((of.to_string(), self.url_bits));
                                    }
                                }
                            }
                            subject(arg).map(|n| (n, ALL_CLASSES))
                        }
                        _ => None,
                    },
                    ("Number.isInteger" | "Number.isSafeInteger" | "Number.isFinite", _) => {
                        first.and_then(subject).map(|n| (n, ALL_CLASSES))
                    }
                    (
                        _,
                        "isInt" | "isNumeric" | "isUUID" | "isAlphanumeric" | "isAlpha" | "isHexadecimal" | "isMongoId"
                        | "isBoolean" | "isDecimal" | "isFloat",
                    ) if callee.starts_with("validator") => first.and_then(subject).map(|n| (n, ALL_CLASSES)),
                    (_, "isURL" | "isFQDN") if callee.starts_with("validator") => {
                        first.and_then(subject).map(|n| (n, self.url_bits))
                    }
                    (_, "url_has_allowed_host_and_scheme" | "is_safe_url" | "is_safe_redirect_url") => {
                        c.arg(Some(0), Some("url")).and_then(subject).map(|n| (n, self.url_bits))
                    }
                    _ => None,
                };
                if let Some((n, bits)) = validated {
                    out.push((n.to_string(), bits));
                }
            }
            _ => {}
        }
    }

    /// The classes of sink that data without these characters is safe for.
    fn denied_classes(&self, chars: &str) -> u32 {
        let bit = |name: &str| self.c.class_bits.get(name).copied().unwrap_or(0);
        let mut bits = 0;
        if chars.contains("..") {
            bits |= bit("path");
        }
        if chars.contains('\'') || chars.contains('"') {
            bits |= bit("sql") | bit("xpath");
        }
        if chars.contains('<') {
            bits |= bit("html");
        }
        if chars.contains('\n') || chars.contains('\r') {
            bits |= bit("log") | bit("header");
        }
        if chars.contains(';')
            || chars.contains('|')
            || chars.contains('&')
            || chars.contains('`')
            || chars.contains('$')
        {
            bits |= bit("shell");
        }
        if chars.contains('(') || chars.contains(')') || chars.contains('*') {
            bits |= bit("ldap");
        }
        bits
    }

    /// Whether a string built by `+` or a template starts with a part the code fixes that fixes the URL's
    /// scheme and host (`"https://api.example.com/" + id`, a path of this site `"/users/" + id`, or a
    /// base URL from configuration): whatever follows cannot send the request or the user elsewhere.
    fn host_fixed(&self, e: &Expr, env: &Env) -> bool {
        // the leading parts, in order (a few are enough to see a scheme and host)
        let mut leaves: Vec<&Expr> = Vec::new();
        fn collect<'e>(e: &'e Expr, out: &mut Vec<&'e Expr>, depth: usize) {
            if out.len() >= 8 || depth > 64 {
                return;
            }
            match e {
                Expr::Bin(BinOp::Add, a, b, _) => {
                    collect(a, out, depth + 1);
                    collect(b, out, depth + 1);
                }
                Expr::Build(parts, _) => parts.iter().for_each(|p| collect(p, out, depth + 1)),
                _ => out.push(e),
            }
        }
        collect(e, &mut leaves, 0);
        let mut prefix = String::new();
        for leaf in leaves {
            let v = match leaf {
                Expr::Lit(l, _) => Val::lit(l.clone()),
                Expr::Name(n, _) => match env.vars.get(n).or_else(|| self.globals.get(n)) {
                    Some(v) => v.clone(),
                    None => return false,
                },
                // a constant of configuration (`config.BASE_URL`, `settings.API`)
                Expr::Attr(..) => {
                    let Some(dotted) = leaf.dotted() else { return false };
                    let head = dotted.split('.').next().unwrap_or_default();
                    let fixed = match env.vars.get(head).or_else(|| self.globals.get(head)) {
                        Some(v) => v.fixed && !v.taint.untrusted(),
                        None => super::matchers::qualify(self.m, leaf).is_some_and(|q| q != dotted),
                    };
                    return prefix.is_empty() && fixed;
                }
                _ => return fixes_host(&prefix),
            };
            match &v.konst {
                Some(Lit::Str(s)) => prefix.push_str(s),
                Some(Lit::Int(i)) => prefix.push_str(&i.to_string()),
                Some(_) => return fixes_host(&prefix),
                None => {
                    return (prefix.is_empty() && v.fixed && !v.taint.untrusted() && !v.request) || fixes_host(&prefix)
                }
            }
            if fixes_host(&prefix) {
                return true;
            }
        }
        fixes_host(&prefix)
    }

    /// Whether an expression is free of untrusted data (an allow-list), without evaluating calls.
    fn is_trusted(&self, e: &Expr, env: &Env) -> bool {
        match e {
            Expr::Lit(..) => true,
            Expr::Container(_, items, _) => items.iter().all(|i| self.is_trusted(i, env)),
            Expr::Dict(items, _) => items.iter().all(|(k, _)| k.as_ref().is_some_and(|k| self.is_trusted(k, env))),
            Expr::Name(n, _) => {
                let v = env.vars.get(n).or_else(|| self.globals.get(n));
                v.is_none_or(|v| !v.total().untrusted() && !v.request)
            }
            Expr::Attr(base, _, _) => self.is_trusted(base, env),
            Expr::Call(c) => {
                // `ALLOWED.keys()`, `settings.ALLOWED_HOSTS`
                matches!(&c.func, Expr::Attr(base, m, _) if matches!(m.as_str(), "keys" | "values") && self.is_trusted(base, env))
            }
            _ => false,
        }
    }

    // ── assignment ──────────────────────────────────────────────────────────────────────────────────

    fn assign(&mut self, target: &Expr, mut v: Val, span: Span, env: &mut Env) {
        match target {
            Expr::Name(n, _) => {
                self.check_assign(n, &v, span);
                self.check_store(n, &v, span);
                if v.taint.is_tainted() {
                    v.taint.trace = step(span, Note::Assign(n.clone()), v.taint.trace.take());
                }
                // attributes stored on the old object are gone
                let prefix = format!("{n}.");
                env.vars.retain(|k, _| !k.starts_with(&prefix));
                env.vars.insert(n.clone(), v);
            }
            Expr::Attr(base, attr, _) => {
                let place = match base.as_ref() {
                    Expr::Name(b, _) => Some(format!("{b}.{attr}")),
                    _ => None,
                };
                let qualified = self.place(target, env);
                if let Some(q) = &qualified {
                    self.check_assign(q, &v, span);
                    self.check_store(q, &v, span);
                }
                if let Some(p) = place {
                    env.vars.insert(p, v);
                } else {
                    self.eval(base, env);
                }
            }
            Expr::Index(base, index, _) => {
                let key = self.eval(index, env);
                if let Some(q) = self.place(base, env) {
                    let with_key = match &key.konst {
                        Some(Lit::Str(k)) => format!("{q}['{k}']"),
                        _ => format!("{q}[]"),
                    };
                    self.check_assign(&with_key, &v, span);
                    // the key is stored too: a key chosen by the client can overwrite another entry
                    let stored = Val { taint: v.total().join(&key.total()), fixed: v.fixed && key.fixed, ..v.clone() };
                    self.check_store(&format!("{q}[]"), &stored, span);
                }
                if let Expr::Name(n, _) = base.as_ref() {
                    let mut container = self.lookup(n, env).unwrap_or_default();
                    store_item(&mut container, &key, v);
                    env.vars.insert(n.clone(), container);
                } else if let Expr::Attr(b, attr, _) = base.as_ref() {
                    if let Expr::Name(bn, _) = b.as_ref() {
                        let p = format!("{bn}.{attr}");
                        let mut container = env.vars.get(&p).cloned().unwrap_or_default();
                        store_item(&mut container, &key, v);
                        env.vars.insert(p, container);
                    }
                }
            }
            Expr::Container(_, items, _) => {
                let parts: Option<Vec<Val>> = match &v.shape {
                    Shape::List(vals) if vals.len() == items.len() => Some(vals.as_ref().clone()),
                    _ => None,
                };
                for (i, t) in items.iter().enumerate() {
                    let part = match &parts {
                        Some(p) => p[i].clone(),
                        None => v.element(),
                    };
                    self.assign(t, part, span, env);
                }
            }
            Expr::Starred(inner, _) => self.assign(inner, v.element(), span, env),
            _ => {}
        }
    }

    /// The qualified place an expression names (`flask.session`, `app.config`, `self.token`).
    fn place(&mut self, e: &Expr, env: &mut Env) -> Option<String> {
        match e {
            Expr::Name(n, _) => Some(match self.lookup(n, env) {
                Some(v) => match v.path {
                    Some(p) if p.as_ref() != "str" && p.as_ref() != "dict" => p.to_string(),
                    _ => n.clone(),
                },
                None => self.m.aliases.get(n).cloned().unwrap_or_else(|| n.clone()),
            }),
            Expr::Attr(base, attr, _) => Some(format!("{}.{attr}", self.place(base, env)?)),
            Expr::Call(c) => Some(format!("{}()", self.place(&c.func, env)?)),
            _ => None,
        }
    }

    fn check_assign(&mut self, place: &str, v: &Val, span: Span) {
        let mut matched = Vec::new();
        self.c.assigns.find(place, |i| matched.push(i));
        for i in matched {
            let Some(rule) = self.c.assign_rules.get(i) else { continue };
            if self.c.assign_applies(rule, self.rel)
                && rule.value.holds_of(Some(v))
                && (rule.any.is_empty() || rule.any.iter().any(|p| p.holds_of(Some(v))))
            {
                self.hit(rule.rule, span, None, None, Kind::Pattern);
            }
        }
    }

    fn check_store(&mut self, place: &str, v: &Val, span: Span) {
        self.check_store_in(Lookup::Write, place, v, span)
    }

    /// A value written into a place (`session[]`) or a key read from one (`globals()[]`) against the
    /// rules' sinks of that kind.
    fn check_store_in(&mut self, kind: Lookup, place: &str, v: &Val, span: Span) {
        let mut specs = Vec::new();
        match kind {
            Lookup::Write => self.c.stores.find(place, |i| specs.push(i)),
            Lookup::Read => self.c.lookups.find(place, |i| specs.push(i)),
        }
        for i in specs {
            let Some(spec) = self.c.sink_specs.get(i) else { continue };
            if !Compiled::imports_any(self.m, &spec.imports) {
                continue;
            }
            let tiers = Tiers { unknown: spec.unknown, built: spec.built };
            self.check_value(spec.rule, v, span, tiers);
        }
    }

    // ── expressions ─────────────────────────────────────────────────────────────────────────────────

    fn lookup(&self, name: &str, env: &Env) -> Option<Val> {
        if let Some(v) = env.vars.get(name) {
            return Some(v.clone());
        }
        if self.stack.last().is_some_and(|c| c.func != 0) {
            if let Some(v) = self.globals.get(name) {
                return Some(v.clone());
            }
        }
        None
    }

    fn eval(&mut self, e: &Expr, env: &mut Env) -> Val {
        if !self.tick() {
            return Val::default();
        }
        match e {
            Expr::Name(n, span) => match self.lookup(n, env) {
                Some(v) => v,
                None => match self.m.aliases.get(n) {
                    Some(path) => self.named_value(&path.clone(), *span),
                    None => {
                        let mut v = self.named_value(n, *span);
                        // a name bound nowhere in this file: a builtin is code; anything else (a star
                        // import, a global set elsewhere) is data the analysis cannot see
                        v.fixed &= is_builtin(n);
                        v
                    }
                },
            },
            Expr::Attr(base, attr, span) => {
                if let Expr::Name(b, _) = base.as_ref() {
                    if let Some(v) = env.vars.get(&format!("{b}.{attr}")) {
                        return v.clone();
                    }
                }
                let bv = self.eval(base, env);
                self.attribute(&bv, attr, *span)
            }
            Expr::Index(base, index, span) => {
                let bv = self.eval(base, env);
                let iv = self.eval(index, env);
                if !self.c.lookups.is_empty() && !iv.fixed {
                    if let Some(place) = self.place(base, env) {
                        self.check_store_in(Lookup::Read, &format!("{place}[]"), &iv, *span);
                    }
                }
                index_value(&bv, &iv, *span)
            }
            Expr::Slice(base, _) => {
                let bv = self.eval(base, env);
                Val { taint: bv.total(), fixed: bv.fixed, path: bv.path.clone(), request: false, ..Val::default() }
            }
            Expr::Lit(l, span) => {
                let mut v = Val::lit(l.clone());
                if let Lit::Str(text) = l {
                    v.taint = self.literal_taint(text, *span);
                }
                v
            }
            Expr::Build(parts, _) => {
                let vals: Vec<Val> = parts.iter().map(|p| self.eval(p, env)).collect();
                let mut out = Val::combine(&vals);
                out.path = Some(Rc::from("str"));
                out.built |= !out.fixed;
                if self.host_fixed(e, env) {
                    out.taint.clean(self.url_bits);
                }
                if vals.iter().all(|v| v.konst.is_some()) {
                    out.konst = Some(Lit::Str(vals.iter().filter_map(|v| v.konst.as_ref().map(lit_text)).collect()));
                } else {
                    out.text = written_text(&vals);
                    self.text_sink(&mut out, e.span());
                }
                out
            }
            Expr::Container(_, items, _) => {
                let mut vals = Vec::with_capacity(items.len().min(MAX_ITEMS));
                let mut rest = Val { fixed: true, ..Val::default() };
                for it in items {
                    let v = self.eval(it, env);
                    if matches!(it, Expr::Starred(..)) || vals.len() >= MAX_ITEMS {
                        rest = Val::combine([&rest, &v]);
                        rest.fixed &= v.fixed;
                    } else {
                        vals.push(v);
                    }
                }
                let fixed = rest.fixed && vals.iter().all(|v| v.fixed);
                Val { taint: rest.taint, fixed, shape: Shape::List(Rc::new(vals)), ..Val::default() }
            }
            Expr::Dict(items, _) => {
                let mut entries = Vec::new();
                let mut rest = Val { fixed: true, ..Val::default() };
                for (k, v) in items {
                    let kv = k.as_ref().map(|k| self.eval(k, env));
                    let vv = self.eval(v, env);
                    match kv.as_ref().and_then(|k| k.konst.clone()) {
                        Some(Lit::Str(key)) if entries.len() < MAX_ITEMS => {
                            // a value under a query operator's key of an object or dict literal is a
                            // `dict.$KEY` store place (`{ $where: code }`: MongoDB runs the string)
                            if key.starts_with('$') && !self.c.stores.is_empty() {
                                self.check_store(&format!("dict.{key}"), &vv, v.span());
                            }
                            entries.push((key, vv))
                        }
                        _ => {
                            let kt = kv.unwrap_or_default();
                            rest = Val::combine([&rest, &kt, &vv]);
                        }
                    }
                }
                let fixed = rest.fixed && entries.iter().all(|(_, v)| v.fixed);
                Val {
                    taint: rest.taint,
                    fixed,
                    shape: Shape::Dict(Rc::new(entries)),
                    path: Some(Rc::from("dict")),
                    ..Val::default()
                }
            }
            Expr::Call(c) => self.call(c, env),
            Expr::Bin(op, a, b, _) => {
                let av = self.eval(a, env);
                let bv = self.eval(b, env);
                let mut out = binop(*op, &av, &bv);
                if *op == BinOp::Add && self.host_fixed(e, env) {
                    out.taint.clean(self.url_bits);
                }
                if *op == BinOp::Mod && format_fixes_host(&av, '%') {
                    out.taint.clean(self.url_bits);
                }
                if out.built && matches!(op, BinOp::Add | BinOp::Mod) {
                    out.text = written_text(&[av, bv]);
                    self.text_sink(&mut out, e.span());
                }
                out
            }
            Expr::Unary(not, x, _) => {
                let v = self.eval(x, env);
                if *not {
                    Val { konst: v.truth().map(|t| Lit::Bool(!t)), fixed: v.fixed, ..Val::default() }
                } else {
                    Val {
                        taint: v.total(),
                        konst: match v.konst {
                            Some(Lit::Int(i)) => Some(Lit::Int(i.saturating_neg())),
                            _ => None,
                        },
                        fixed: v.fixed,
                        ..Val::default()
                    }
                }
            }
            Expr::Bool(and, parts, _) => {
                let vals: Vec<Val> = parts.iter().map(|p| self.eval(p, env)).collect();
                let mut out = Val::combine(&vals);
                if vals.iter().all(|v| v.fixed && v.konst.is_some()) {
                    let pick = if *and {
                        vals.iter().find(|v| v.truth() == Some(false)).or(vals.last())
                    } else {
                        vals.iter().find(|v| v.truth() == Some(true)).or(vals.last())
                    };
                    out.konst = pick.and_then(|v| v.konst.clone());
                } else if !*and {
                    // `x or default`: either one; keep a shared shape
                    if let Some(first) = vals.first() {
                        out = vals.iter().skip(1).fold(first.clone(), |acc, v| acc.join(v));
                    }
                }
                out
            }
            Expr::Compare(left, ops, _) => {
                let mut vals = vec![self.eval(left, env)];
                for (_, r) in ops {
                    vals.push(self.eval(r, env));
                }
                let fixed = vals.iter().all(|v| v.fixed);
                let konst = compare(&vals, ops);
                Val { konst, fixed, ..Val::default() }
            }
            Expr::IfExp(test, body, orelse, _) => {
                let t = self.eval(test, env);
                match t.truth() {
                    Some(true) if t.fixed => self.eval(body, env),
                    Some(false) if t.fixed => self.eval(orelse, env),
                    _ => {
                        let a = self.eval(body, env);
                        let b = self.eval(orelse, env);
                        a.join(&b)
                    }
                }
            }
            Expr::Comprehension(elt, gens, _) => {
                let mut saved = Vec::new();
                let mut fixed = true;
                for (target, iter) in gens {
                    let item = self.eval(iter, env).element();
                    fixed &= item.fixed;
                    for name in names_in(target) {
                        saved.push((name.clone(), env.vars.get(&name).cloned()));
                    }
                    self.assign(target, item, target.span(), env);
                }
                let v = self.eval(elt, env);
                for (name, old) in saved.into_iter().rev() {
                    match old {
                        Some(o) => env.vars.insert(name, o),
                        None => env.vars.remove(&name),
                    };
                }
                Val { taint: v.total(), fixed: fixed && v.fixed, ..Val::default() }
            }
            Expr::Lambda(idx, _) => {
                let snapshot = env.clone();
                self.summary(*idx, Some(&snapshot));
                // a function written in the code is code
                Val { shape: Shape::Func(*idx), fixed: true, safe: ALL_CLASSES, ..Val::default() }
            }
            Expr::Starred(x, _) => self.eval(x, env),
            Expr::Unknown(_) => Val::default(),
        }
    }

    /// What a string literal is as a source: its kinds (a literal may be of several: a cleartext URL is
    /// also written in the code), cleaned for every class but those of the rules that read them.
    fn literal_taint(&self, text: &str, span: Span) -> Taint {
        let mut t = Taint::default();
        for (bit, yes, no, harmless) in &self.c.source_literals {
            if yes.is_match(text) && !no.is_match(text) {
                if t.kinds == 0 {
                    t.trace = step(span, Note::Source(kind_name(*bit)), None);
                    t.cleaned = *harmless;
                } else {
                    t.cleaned &= *harmless;
                }
                t.kinds |= *bit;
            }
        }
        t
    }

    /// The value of a qualified name read from no local: a module, a request object or a source.
    fn named_value(&self, path: &str, span: Span) -> Val {
        let mut v = Val::named(path);
        if self.c.request_objects.iter().any(|r| r == path) {
            v.request = true;
            v.taint =
                Taint { kinds: kind_bit("web"), trace: step(span, Note::Source("request"), None), ..Taint::default() };
        }
        if let Some(bit) = self.c.source_attrs.first(path) {
            v.taint = Taint { kinds: bit, trace: step(span, Note::Source(kind_name(bit)), None), ..Taint::default() };
        }
        // a module, a builtin or a global of another module is code, not data
        v.fixed = !v.taint.is_tainted();
        if let Some(k) = stdlib_constant(path) {
            v.konst = Some(Lit::Int(k));
        }
        v
    }

    fn attribute(&self, bv: &Val, attr: &str, span: Span) -> Val {
        let path = bv.path.as_ref().map(|p| format!("{p}.{attr}"));
        let mut out = Val { taint: bv.taint.clone(), path: path.as_deref().map(Rc::from), ..Val::default() };
        // whether this read is itself a source (a literal's kinds carried along keep it fixed)
        let mut sourced = bv.request;
        if bv.request {
            if self.c.request_safe_attrs.iter().any(|a| a == attr) {
                out.taint = Taint::default();
            } else {
                out.taint =
                    Taint { kinds: kind_bit("web"), trace: step(span, Note::Source("web"), None), ..Taint::default() };
            }
        }
        // a source named by its attribute alone (`*.stack`) applies to a base of any origin
        let probe = path.clone().unwrap_or_else(|| format!("?.{attr}"));
        if let Some(bit) = self.c.source_attrs.first(&probe) {
            out.taint = Taint { kinds: bit, trace: step(span, Note::Source(kind_name(bit)), None), ..Taint::default() };
            sourced = true;
        }
        // a module's constant (`ssl.CERT_NONE`) is fixed code; a field of a fixed value is too
        out.fixed = bv.fixed && !sourced;
        if let Some(k) = path.as_deref().and_then(stdlib_constant) {
            out.konst = Some(Lit::Int(k));
        }
        out
    }

    // ── calls ───────────────────────────────────────────────────────────────────────────────────────

    fn call(&mut self, c: &Call, env: &mut Env) -> Val {
        // the callee: a method of a value, a function of this file, or a qualified name
        let (name, receiver, local): (String, Option<Val>, Option<(usize, usize)>) = match &c.func {
            Expr::Attr(base, method, _) => {
                let bv = self.eval(base, env);
                let base_path =
                    bv.path.as_deref().map(str::to_string).or_else(|| base.dotted()).unwrap_or_else(|| "?".into());
                let local =
                    if base_path == "self" { self.method_of_current_class(method).map(|f| (f, 1)) } else { None };
                (format!("{base_path}.{method}"), Some(bv), local)
            }
            Expr::Name(n, _) => match self.lookup(n, env) {
                Some(Val { shape: Shape::Func(f), .. }) => (n.clone(), None, Some((f, 0))),
                Some(v) => (v.path.as_deref().map(str::to_string).unwrap_or_else(|| n.clone()), None, None),
                None => (self.m.aliases.get(n).cloned().unwrap_or_else(|| n.clone()), None, None),
            },
            other => {
                let v = self.eval(other, env);
                match v.shape {
                    Shape::Func(f) => ("<lambda>".into(), None, Some((f, 0))),
                    // a function reached by reflection (`getattr(os, "system")(cmd)`) is that function; the
                    // result of a call (`make()()`) is called as `make()`'s result
                    _ => (
                        v.path
                            .as_deref()
                            .map(|p| if p.ends_with(')') { format!("{p}()") } else { p.to_string() })
                            .unwrap_or_else(|| "?".into()),
                        None,
                        None,
                    ),
                }
            }
        };
        let mut positional = Vec::with_capacity(c.args.len());
        let mut starred_from = None;
        let message = prints_message(&name);
        self.in_message += u32::from(message);
        for (i, a) in c.args.iter().enumerate() {
            if matches!(a, Expr::Starred(..)) && starred_from.is_none() {
                starred_from = Some(i);
            }
            positional.push(self.eval(a, env));
        }
        let keywords: Vec<(Option<String>, Val)> =
            c.kwargs.iter().map(|(k, v)| (k.clone(), self.eval(v, env))).collect();
        self.in_message -= u32::from(message);
        let args = Args { positional: &positional, starred_from, keywords: &keywords, call: Some(c) };

        // structural rules and sinks, checked where the call is
        let outer_built = std::mem::take(&mut self.built_here);
        self.check_call(&name, &args, receiver.as_ref(), c.span);
        let built_here = std::mem::replace(&mut self.built_here, outer_built);
        // a function handed to an executor or a thread pool is called with the arguments after it
        let handed = match name.rsplit('.').next().unwrap_or_default() {
            "run_in_executor" => Some(1),
            "submit" | "apply_async" | "apply" if receiver.is_some() => Some(0),
            _ => None,
        };
        if let Some(at) = handed {
            if let Some(func) = positional.get(at).and_then(|f| f.path.clone()) {
                let rest = positional.get(at + 1..).unwrap_or_default();
                let inner = Args { positional: rest, starred_from: None, keywords: &[], call: None };
                self.check_call(&func, &inner, None, c.span);
            }
        }
        // an array's callback is called with its elements: `paths.forEach(p => fs.readFileSync(p))`
        if let (Some(list), Some(Shape::Func(f))) = (receiver.as_ref(), positional.first().map(|v| &v.shape)) {
            let element_at = match name.rsplit('.').next().unwrap_or_default() {
                "forEach" | "map" | "flatMap" | "filter" | "find" | "findIndex" | "findLast" | "findLastIndex"
                | "some" | "every" => Some(0),
                "reduce" | "reduceRight" => Some(1),
                _ => None,
            };
            if let Some(at) = element_at {
                let f = *f;
                let mut params = vec![Val::default(); at];
                params.push(list.element());
                let inner = Args { positional: &params, starred_from: None, keywords: &[], call: None };
                self.apply_summary(f, 0, &inner, None, c.span, &name);
            }
        }
        if EXITS.contains(&name.as_str()) {
            env.dead = true;
        }

        // the result
        let mut result = if let Some((f, offset)) = local {
            self.apply_summary(f, offset, &args, receiver.as_ref(), c.span, &name)
        } else if let Some(bit) = self.c.source_calls.first(&name) {
            Val::tainted(Taint {
                kinds: bit,
                trace: step(c.span, Note::Source(kind_name(bit)), None),
                ..Taint::default()
            })
        } else if let Some(v) = self.container_method(c, &name, receiver.as_ref(), &args, env) {
            v
        } else {
            let mut cleans = self.c.sanitizes(&name);
            if strips_parent_dirs(&name, c) {
                // `p.replace(/\.\.\//g, '')`: the traversal sequences are taken out
                cleans |= self.c.class_bits.get("path").copied().unwrap_or(0);
            }
            if cleans == ALL_CLASSES || self.c.opaque.any(&name) {
                Val {
                    fixed: positional.iter().all(|v| v.fixed) && keywords.iter().all(|(_, v)| v.fixed),
                    safe: ALL_CLASSES,
                    ..Val::default()
                }
            } else {
                // what a request's safe method returns (`request.get_host()`, validated against the
                // allowed hosts) does not carry the request's data
                let method = name.rsplit('.').next().unwrap_or_default();
                let safe_method = receiver
                    .as_ref()
                    .is_some_and(|r| r.request && self.c.request_safe_attrs.iter().any(|a| a == method));
                let mut v = Val::combine(
                    positional
                        .iter()
                        .chain(keywords.iter().map(|(_, v)| v))
                        .chain(receiver.iter().filter(|_| !safe_method)),
                );
                // a function of constants is a constant, unless it reads the outside world (a file, the
                // network, the environment, the clock) or has no input at all
                let inputs = positional.len() + keywords.len() + usize::from(receiver.is_some());
                let external = self.c.external.any(&name);
                v.fixed &= inputs > 0 && !external;
                // a transformation of harmless data stays harmless; what comes from outside is not
                v.safe = if external { cleans } else { v.safe | cleans };
                if let Some(r) = &receiver {
                    if r.request {
                        v.request = name.ends_with(".get") || name.ends_with(".getlist");
                    }
                }
                v.taint.clean(cleans);
                // what cleans for a literal's class (a key read from a file: `fs.readFileSync('key.pem')`)
                // makes it no longer that literal: its mark goes, so that joined with other data (a key
                // from the environment or else from a file) it does not come back
                for (class, kind) in &self.literal_classes {
                    if cleans & class != 0 {
                        v.taint.kinds &= !kind;
                    }
                }
                if let Some(k) = string_method(&name, receiver.as_ref(), &positional) {
                    v.konst = Some(k);
                }
                let on_string = receiver
                    .as_ref()
                    .is_some_and(|r| r.path.as_deref() == Some("str") || matches!(r.konst, Some(Lit::Str(_))));
                if on_string
                    && (name.ends_with(".format")
                        || name.ends_with(".join")
                        || name.ends_with(".format_map")
                        || name.ends_with(".concat"))
                {
                    v.built |= !v.fixed;
                    v.path = Some(Rc::from("str"));
                    if name.ends_with(".format") && receiver.as_ref().is_some_and(|r| format_fixes_host(r, '{')) {
                        v.taint.clean(self.url_bits);
                    }
                    if v.built {
                        // `"<p>{}</p>".format(x)`, `sep.join(parts)`, `html.concat(x)`
                        let mut parts: Vec<Val> = receiver.iter().cloned().collect();
                        if name.ends_with(".join") {
                            parts.extend(positional.first().and_then(|l| l.list_items()).unwrap_or_default());
                        }
                        parts.extend(positional.iter().cloned());
                        v.text = written_text(&parts);
                        self.text_sink(&mut v, c.span);
                    }
                } else if let (true, Some(Shape::List(items))) =
                    (name.ends_with(".join"), receiver.as_ref().map(|r| &r.shape))
                {
                    // JavaScript's `[a, b].join(sep)`
                    let items: Vec<Val> = items.iter().cloned().collect();
                    if items.iter().any(|i| !i.fixed) {
                        v.built = true;
                        v.path = Some(Rc::from("str"));
                        v.text = written_text(&items);
                        self.text_sink(&mut v, c.span);
                    }
                } else if matches!(
                    name.as_str(),
                    "util.format" | "format" | "sprintf" | "sprintf-js.sprintf" | "util.format()"
                ) && positional.first().is_some_and(|f| matches!(f.konst, Some(Lit::Str(_))))
                    && !v.fixed
                {
                    // `util.format("SELECT … '%s'", x)`
                    v.built = true;
                    v.path = Some(Rc::from("str"));
                    v.text = written_text(&positional);
                    self.text_sink(&mut v, c.span);
                }
                v
            }
        };
        // reflection with constants is resolved: `getattr(os, "system")`, `__import__("os")`
        match (name.as_str(), positional.first().and_then(|v| v.konst.as_ref()), positional.get(1)) {
            ("__import__" | "importlib.import_module", Some(Lit::Str(module)), _) => {
                result = self.named_value(module, c.span)
            }
            ("getattr", _, Some(attr)) => {
                if let (Some(base), Some(Lit::Str(a))) = (positional.first(), attr.konst.as_ref()) {
                    result = self.attribute(base, a, c.span);
                }
            }
            _ => {}
        }
        if result.path.is_none() {
            result.path = Some(Rc::from(format!("{name}()")));
        }
        if built_here && result.taint.kinds != 0 {
            result.taint.trace = step(c.span, Note::Built("a file path"), result.taint.trace.take());
        }
        if name.ends_with("urlparse")
            || name.ends_with("urlsplit")
            || name.ends_with(".URL")
            || name == "furl"
            || name == "URL"
        {
            if let Some(Expr::Name(n, _)) = c.args.first() {
                result.view_of = Some(Rc::from(n.as_str()));
            }
        }
        // mutators of a local object (`buf.write(x)`, `items.append(x)`): the object holds the data now
        if let Expr::Attr(base, method, _) = &c.func {
            if let Expr::Name(var, _) = base.as_ref() {
                if MUTATORS.contains(&method.as_str())
                    && !matches!(receiver.as_ref().map(|r| &r.shape), Some(Shape::List(_) | Shape::Dict(_)))
                {
                    let added = Val::combine(positional.iter().chain(keywords.iter().map(|(_, v)| v)));
                    if let Some(obj) = env.vars.get_mut(var.as_str()) {
                        obj.taint = obj.taint.join(&added.taint);
                        obj.fixed &= added.fixed;
                    }
                }
            }
        }
        result
    }

    /// The structural rules and sinks of a call of `name`.
    fn check_call(&mut self, name: &str, args: &Args<'_>, receiver: Option<&Val>, span: Span) {
        let mut rules = Vec::new();
        self.c.calls.find(name, |i| rules.push(i));
        for i in rules {
            if let Some(r) = self.c.call_rules.get(i) {
                if r.holds(args) {
                    // at the argument that decided it (`verify=False`), else at the call
                    let at = r.deciding_span(args).unwrap_or(span);
                    self.hit(r.rule, at, None, None, Kind::Pattern);
                }
            }
        }
        let mut sinks = Vec::new();
        self.c.sinks.find(name, |i| sinks.push(i));
        for i in sinks {
            self.check_sink(i, args, receiver, span);
        }
    }

    fn method_of_current_class(&self, method: &str) -> Option<usize> {
        let func = self.stack.last()?.func;
        let class = self.m.functions.get(func)?.class?;
        self.m.functions.iter().position(|f| f.class == Some(class) && f.name == method)
    }

    /// Calls on lists and dicts held in local names: `append`, `pop`, `get`, `update`…, and configparser's
    /// `set`/`get`. The receiver is updated in place.
    fn container_method(
        &mut self,
        c: &Call,
        name: &str,
        receiver: Option<&Val>,
        args: &Args<'_>,
        env: &mut Env,
    ) -> Option<Val> {
        let Expr::Attr(base, method, _) = &c.func else { return None };
        let recv = receiver?;
        let var = match base.as_ref() {
            Expr::Name(n, _) => Some(n.clone()),
            Expr::Attr(b, a, _) => match b.as_ref() {
                Expr::Name(bn, _) => Some(format!("{bn}.{a}")),
                _ => None,
            },
            _ => None,
        };
        let config = recv.path.as_deref().is_some_and(|p| p.starts_with("configparser."));
        let arg = |i: usize| args.positional.get(i).cloned();
        let mut updated: Option<Val> = None;
        let result = match (&recv.shape, method.as_str()) {
            (_, "set") if config && args.positional.len() >= 3 => {
                let key = config_key(&arg(0), &arg(1));
                let mut items = match &recv.shape {
                    Shape::Dict(items) => items.as_ref().clone(),
                    _ => Vec::new(),
                };
                let v = arg(2).unwrap_or_default();
                match key {
                    Some(k) => {
                        items.retain(|(kk, _)| *kk != k);
                        items.push((k, v));
                        updated = Some(Val { shape: Shape::Dict(Rc::new(items)), ..recv.clone() });
                    }
                    None => updated = Some(Val { taint: recv.taint.join(&v.total()), ..recv.clone() }),
                }
                Val::lit(Lit::None)
            }
            (_, "get") if config && args.positional.len() >= 2 => {
                let key = config_key(&arg(0), &arg(1));
                match (&recv.shape, key) {
                    (Shape::Dict(items), Some(k)) => items
                        .iter()
                        .find(|(kk, _)| *kk == k)
                        .map(|(_, v)| v.clone())
                        .unwrap_or_else(|| Val::tainted(recv.taint.clone())),
                    _ => recv.element(),
                }
            }
            (Shape::List(items), "append" | "add") => {
                let mut items = items.as_ref().clone();
                let v = arg(0).unwrap_or_default();
                if items.len() < MAX_ITEMS {
                    items.push(v);
                    updated = Some(Val { shape: Shape::List(Rc::new(items)), ..recv.clone() });
                } else {
                    updated = Some(Val { taint: recv.taint.join(&v.total()), ..recv.clone() });
                }
                Val::lit(Lit::None)
            }
            (Shape::List(items), "insert") => {
                let mut items = items.as_ref().clone();
                let v = arg(1).unwrap_or_default();
                match arg(0).and_then(|i| i.konst) {
                    Some(Lit::Int(i)) if items.len() < MAX_ITEMS => {
                        let at = if i < 0 {
                            items.len().saturating_sub(i.unsigned_abs() as usize)
                        } else {
                            (i as usize).min(items.len())
                        };
                        items.insert(at, v);
                        updated = Some(Val { shape: Shape::List(Rc::new(items)), ..recv.clone() });
                    }
                    _ => {
                        updated =
                            Some(Val { taint: recv.total().join(&v.total()), shape: Shape::Opaque, ..recv.clone() })
                    }
                }
                Val::lit(Lit::None)
            }
            (Shape::List(items), "pop") => {
                let mut items = items.as_ref().clone();
                let at = match arg(0).map(|i| i.konst) {
                    None => items.len().checked_sub(1),
                    Some(Some(Lit::Int(i))) if i < 0 => items.len().checked_sub(i.unsigned_abs() as usize),
                    Some(Some(Lit::Int(i))) => Some(i as usize).filter(|i| *i < items.len()),
                    Some(_) => None,
                };
                match at {
                    Some(i) if i < items.len() => {
                        let v = items.remove(i);
                        updated = Some(Val { shape: Shape::List(Rc::new(items)), ..recv.clone() });
                        v
                    }
                    _ => recv.element(),
                }
            }
            (Shape::List(items), "remove") => {
                let mut items = items.as_ref().clone();
                if let Some(k) = arg(0).and_then(|v| v.konst) {
                    if let Some(i) = items.iter().position(|v| v.konst.as_ref() == Some(&k)) {
                        items.remove(i);
                    }
                    updated = Some(Val { shape: Shape::List(Rc::new(items)), ..recv.clone() });
                }
                Val::lit(Lit::None)
            }
            (Shape::List(items), "extend") => {
                let mut items = items.as_ref().clone();
                let v = arg(0).unwrap_or_default();
                match &v.shape {
                    Shape::List(more) if items.len() + more.len() <= MAX_ITEMS => items.extend(more.iter().cloned()),
                    _ => {
                        updated = Some(Val {
                            taint: recv.taint.join(&v.total()),
                            shape: Shape::List(Rc::new(items)),
                            ..recv.clone()
                        });
                        return Some(Val::lit(Lit::None)).inspect(|_| {
                            if let (Some(var), Some(u)) = (&var, updated) {
                                env.vars.insert(var.clone(), u);
                            }
                        });
                    }
                }
                updated = Some(Val { shape: Shape::List(Rc::new(items)), ..recv.clone() });
                Val::lit(Lit::None)
            }
            (Shape::List(_), "clear") => {
                updated =
                    Some(Val { shape: Shape::List(Rc::new(Vec::new())), taint: Taint::default(), ..recv.clone() });
                Val::lit(Lit::None)
            }
            (Shape::Dict(items), "get" | "pop" | "setdefault") => {
                let key = arg(0).and_then(|k| k.konst);
                let found = match &key {
                    Some(Lit::Str(k)) => items.iter().find(|(kk, _)| kk == k).map(|(_, v)| v.clone()),
                    _ => None,
                };
                let default = arg(1).unwrap_or_else(|| Val::lit(Lit::None));
                match (found, &key) {
                    (Some(v), _) => v,
                    (None, Some(Lit::Str(_))) => default.join(&Val::tainted(recv.taint.clone())),
                    _ => recv.element().join(&default),
                }
            }
            (Shape::Dict(items), "update") => {
                let mut items = items.as_ref().clone();
                let mut taint = recv.taint.clone();
                if let Some(Shape::Dict(more)) = arg(0).map(|v| v.shape) {
                    for (k, v) in more.iter() {
                        items.retain(|(kk, _)| kk != k);
                        items.push((k.clone(), v.clone()));
                    }
                } else if let Some(v) = arg(0) {
                    taint = taint.join(&v.total());
                }
                for (k, v) in args.keywords {
                    if let Some(k) = k {
                        items.retain(|(kk, _)| kk != k);
                        items.push((k.clone(), v.clone()));
                    }
                }
                updated = Some(Val { taint, shape: Shape::Dict(Rc::new(items)), ..recv.clone() });
                Val::lit(Lit::None)
            }
            _ => return None,
        };
        let _ = name;
        if let (Some(var), Some(u)) = (var, updated) {
            env.vars.insert(var, u);
        }
        Some(result)
    }

    /// The result of calling a function of this file: its summary applied to the arguments; sinks its
    /// parameters reach are checked with these arguments.
    fn apply_summary(
        &mut self,
        f: usize,
        offset: usize,
        args: &Args<'_>,
        receiver: Option<&Val>,
        span: Span,
        name: &str,
    ) -> Val {
        let closure = (self.m.functions.get(f).and_then(|func| func.parent) != Some(0)).then(Env::default);
        let Some(summary) = self.summary(f, closure.as_ref()) else {
            let mut v =
                Val::combine(args.positional.iter().chain(args.keywords.iter().map(|(_, v)| v)).chain(receiver));
            v.fixed = false;
            return v;
        };
        let params: Vec<String> = self
            .m
            .functions
            .get(f)
            .map(|func| func.params.iter().map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        let arg_of = |bit: usize| -> Option<Val> {
            if bit < offset {
                return receiver.cloned();
            }
            let pname = params.get(bit)?;
            args.get(Some(bit - offset), Some(pname)).cloned()
        };
        // the return value
        let ret = &summary.ret;
        let mut out = Val {
            taint: Taint { params: 0, ..ret.taint.clone() },
            konst: ret.konst.clone(),
            fixed: ret.fixed,
            path: ret.path.clone(),
            shape: ret.shape.clone(),
            request: ret.request,
            view_of: None,
            built: ret.built,
            validates: None,
            safe: ret.safe,
            text: ret.text,
        };
        if ret.taint.kinds == 0 {
            out.taint = Taint::default();
        }
        let total = ret.total();
        for bit in 0..64usize {
            if total.params & (1 << bit) == 0 {
                continue;
            }
            if let Some(a) = arg_of(bit) {
                let mut t = a.total();
                t.clean(summary.param_cleaned.get(bit).copied().filter(|c| *c != u32::MAX).unwrap_or(total.pcleaned));
                if t.is_tainted() {
                    t.trace = step(span, Note::Through(name.to_string()), t.trace.take());
                }
                out.taint = out.taint.join(&t);
                out.request |= a.request;
                out.fixed &= a.fixed;
            }
        }
        if total.params != 0 {
            out.shape = Shape::Opaque;
            out.konst = None;
            // what the function returns is as fixed as the arguments it returns
            let args_fixed =
                (0..64usize).filter(|b| total.params & (1 << b) != 0).all(|b| arg_of(b).is_some_and(|a| a.fixed));
            if args_fixed {
                out.fixed = true;
                out.built = false;
            }
        }
        // sinks the parameters reach
        for ps in &summary.sinks {
            for bit in 0..64usize {
                if ps.params & (1 << bit) == 0 {
                    continue;
                }
                let Some(a) = arg_of(bit) else { continue };
                let mut t = a.total();
                t.clean(ps.cleaned);
                if t.is_tainted() {
                    t.trace = step(span, Note::Through(name.to_string()), t.trace.take());
                    // then the steps inside the function, from its parameter to the sink
                    let mut inside = Vec::new();
                    let mut cur = ps.trace.clone();
                    while let Some(s) = cur {
                        if !matches!(s.note, Note::Param(_)) {
                            inside.push((s.span, s.note.clone()));
                        }
                        cur = s.prev.clone();
                    }
                    for (sp, note) in inside.into_iter().rev() {
                        t.trace = step(sp, note, t.trace.take());
                    }
                }
                self.check_taint(ps.rule, &t, ps.span, Tiers::default(), Some(&a));
            }
        }
        out
    }

    /// Untrusted data written into text of a kind a rule names as a sink (`text: sql`): a construction
    /// hit at `span`, and a step in the value's trace so that a sink the text then reaches covers it.
    fn text_sink(&mut self, v: &mut Val, span: Span) {
        if v.text == 0 || v.taint.kinds == 0 || self.c.text_sinks.is_empty() || self.in_message > 0 {
            return;
        }
        // data already written into such text where it was built (`base + "/status"` of a URL built
        // above): that place is the one reported
        let mut written: Vec<&'static str> = Vec::new();
        let mut cur = v.taint.trace.clone();
        while let Some(st) = cur {
            if let Note::Built(w) = st.note {
                written.push(w);
            }
            cur = st.prev.clone();
        }
        let mut found: Option<&'static str> = None;
        for i in 0..self.c.text_sinks.len() {
            let Some(&(kind, idx)) = self.c.text_sinks.get(i) else { continue };
            if v.text & kind == 0 {
                continue;
            }
            let Some(spec) = self.c.sink_specs.get(idx) else { continue };
            if !Compiled::imports_any(self.m, &spec.imports) {
                continue;
            }
            let pos = spec.rule;
            let Some(Some(rule)) = self.c.taint.get(pos) else { continue };
            if v.taint.kinds & rule.sources == 0 || !v.taint.dangerous_for(rule.class_bit) {
                continue;
            }
            let confidence = source_confidence(rule, v.taint.kinds).map(|c| match c {
                // the text is not yet executed or served: one step short of the sink
                Confidence::High => Confidence::Medium,
                other => other,
            });
            let what = match kind {
                text::TEXT_SQL => "SQL text",
                text::TEXT_HTML => "HTML",
                _ => "a URL's host",
            };
            if written.contains(&what) {
                continue;
            }
            self.construct_hit(pos, span, v.taint.trace.clone(), confidence);
            found = Some(what);
        }
        if let Some(what) = found {
            v.taint.trace = step(span, Note::Built(what), v.taint.trace.take());
        }
    }

    fn construct_hit(&mut self, pos: usize, span: Span, trace: Option<Rc<Step>>, confidence: Option<Confidence>) {
        // one hit per place a chain (`"<p>" + a + "</p>"`) starts
        let key = (pos, span.start, u32::MAX);
        if self.hit_at.contains_key(&key) {
            return;
        }
        self.hit_at.insert(key, self.hits.len());
        self.hits.push(Hit {
            trace: steps_of(trace),
            confidence,
            flow: true,
            construct: true,
            ..Hit::pattern(pos, span)
        });
    }

    fn check_sink(&mut self, spec_idx: usize, args: &Args<'_>, receiver: Option<&Val>, span: Span) {
        let Some(spec) = self.c.sink_specs.get(spec_idx) else { return };
        if !spec.all.iter().all(|p: &Pred| p.holds(args)) || spec.none.iter().any(|p| p.holds(args)) {
            return;
        }
        if !Compiled::imports_any(self.m, &spec.imports) {
            return;
        }
        let rule = spec.rule;
        let mut vals: Vec<Val> = Vec::new();
        if spec.args.is_empty() && spec.kwargs.is_empty() && !spec.receiver {
            vals.extend(args.positional.iter().cloned());
            vals.extend(args.keywords.iter().map(|(_, v)| v.clone()));
        } else {
            for &i in &spec.args {
                if let Some(v) = args.get(Some(i), None) {
                    vals.push(v.clone());
                }
            }
            for k in &spec.kwargs {
                if k == "**" {
                    // `f(**values)`: the mapping spread into keywords
                    vals.extend(args.keywords.iter().filter(|(name, _)| name.is_none()).map(|(_, v)| v.clone()));
                } else if let Some(v) = args.get(None, Some(k)) {
                    vals.push(v.clone());
                }
            }
            if spec.receiver {
                vals.extend(receiver.cloned());
            }
        }
        if let Some(from) = spec.argv_from {
            // one argv list of the arguments from `from` on, lists spread
            let mut items = Vec::new();
            for v in args.positional.iter().skip(from).take(MAX_ITEMS) {
                match v.list_items() {
                    Some(inner) => items.extend(inner),
                    None => items.push(v.clone()),
                }
            }
            if !items.is_empty() {
                let fixed = items.iter().all(|v| v.fixed);
                vals = vec![Val { fixed, shape: Shape::List(Rc::new(items)), ..Val::default() }];
            }
        }
        let argv = spec.argv || spec.argv_from.is_some();
        let (body, whole) = (spec.body, spec.whole);
        if !spec.keys.is_empty() {
            // only the named keys of an object written at the call
            vals = vals
                .into_iter()
                .flat_map(|v| match &v.shape {
                    Shape::Dict(_) => spec.keys.iter().filter_map(|k| v.entry(k)).collect::<Vec<_>>(),
                    _ => vec![v],
                })
                .collect();
        }
        for v in vals {
            if whole && matches!(v.shape, Shape::Dict(_) | Shape::List(_)) {
                continue;
            }
            let v = if argv { argv_program(&v) } else { v };
            let Some(v) = (if body { response_body(&v) } else { Some(v) }) else { continue };
            if spec.builds {
                self.building = true;
                self.check_value(rule, &v, span, Tiers::default());
                self.building = false;
                continue;
            }
            self.check_value(rule, &v, span, Tiers { unknown: spec.unknown, built: spec.built });
        }
    }

    /// A value arriving at a sink of rule `pos`; `tiers` also report data of unknown origin and strings
    /// built from it.
    fn check_value(&mut self, pos: usize, v: &Val, span: Span, tiers: Tiers) {
        let t = v.total();
        self.check_taint(pos, &t, span, tiers, Some(v));
    }

    fn check_taint(&mut self, pos: usize, t: &Taint, span: Span, tiers: Tiers, v: Option<&Val>) {
        let Some(Some(rule)) = self.c.taint.get(pos) else { return };
        let class_bit = rule.class_bit;
        if t.kinds & rule.sources != 0 && t.dangerous_for(class_bit) {
            let best = source_confidence(rule, t.kinds);
            if self.building {
                let best = best.map(|c| if c == Confidence::High { Confidence::Medium } else { c });
                self.construct_hit(pos, span, t.trace.clone(), best);
                self.built_here = true;
                return;
            }
            self.hit(pos, span, t.trace.clone(), best, Kind::Flow);
            return;
        }
        if self.building {
            // a value built from a parameter is followed to the sinks it reaches, not reported here
            return;
        }
        if t.params != 0 && t.params_dangerous_for(class_bit) {
            if let Some(ctx) = self.stack.last_mut() {
                if ctx.sinks.len() < 256 {
                    ctx.sinks.push(ParamSink {
                        rule: pos,
                        span,
                        params: t.params,
                        cleaned: t.pcleaned,
                        trace: t.trace.clone(),
                    });
                }
            }
        }
        let Some(v) = v else { return };
        if v.fixed || v.safe & class_bit != 0 {
            return;
        }
        if let (Some(conf), true) = (tiers.built, v.built) {
            self.hit(pos, span, None, Some(conf), Kind::Audit);
        } else if let Some(conf) = tiers.unknown {
            self.hit(pos, span, None, Some(conf), Kind::Audit);
        }
    }

    fn hit(&mut self, pos: usize, span: Span, trace: Option<Rc<Step>>, confidence: Option<Confidence>, kind: Kind) {
        let (flow, audit) = (kind == Kind::Flow, kind == Kind::Audit);
        let new = Hit { trace: steps_of(trace), confidence, flow, audit, ..Hit::pattern(pos, span) };
        let key = (pos, span.start, span.end);
        if let Some(&i) = self.hit_at.get(&key) {
            // a flow from a source beats data of unknown origin at the same place
            if let Some(h) = self.hits.get_mut(i) {
                if flow && !h.flow {
                    *h = new;
                }
            }
            return;
        }
        self.hit_at.insert(key, self.hits.len());
        self.hits.push(new);
    }
}

/// The confidence of a flow of the source kinds `kinds` into a sink of `rule`: the surest kind among
/// those that count decides.
fn source_confidence(rule: &TaintRule, kinds: Kinds) -> Option<Confidence> {
    let kinds = kinds & rule.sources;
    let mut best: Option<Confidence> = None;
    for k in 0..crate::rules::library::SOURCE_KINDS.len() {
        if kinds & (1 << k) == 0 {
            continue;
        }
        let c = rule.source_confidence.iter().find(|(b, _)| *b == 1 << k).map_or(Confidence::High, |(_, c)| *c);
        best = Some(match best {
            Some(b) if rank(b) >= rank(c) => b,
            _ => c,
        });
    }
    best
}

/// Settle the construction hits (untrusted data written into SQL or HTML text). A flow whose text then
/// reaches a sink of the same rule is reported where the text is built, the place to fix (placeholders,
/// escaping), with the sink as the last step of its trace; a construction hit reaching no sink stays as
/// it is.
pub(crate) fn settle_constructs(hits: &mut Vec<Hit>, validated: &std::collections::HashSet<(usize, u32)>) {
    if !hits.iter().any(|h| h.construct) {
        return;
    }
    hits.retain(|h| !h.construct || !validated.contains(&(h.rule, h.span.start)));
    let built_at: HashMap<(usize, u32), Span> =
        hits.iter().filter(|h| h.construct).map(|h| ((h.rule, h.span.start), h.span)).collect();
    let mut absorbed = std::collections::HashSet::new();
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::with_capacity(hits.len());
    for mut h in std::mem::take(hits) {
        if !h.construct {
            let built = h.trace.iter().rev().find_map(|(s, note)| match note {
                Note::Built(_) => built_at.get(&(h.rule, s.start)).copied(),
                _ => None,
            });
            if let Some(at) = built {
                absorbed.insert((h.rule, at.start));
                if !seen.insert((h.rule, at.start)) {
                    continue;
                }
                h.sink_at = Some(h.span);
                h.span = at;
            }
        }
        out.push(h);
    }
    out.retain(|h| !h.construct || !absorbed.contains(&(h.rule, h.span.start)));
    *hits = out;
}

fn rank(c: Confidence) -> u8 {
    match c {
        Confidence::Low => 0,
        Confidence::Medium => 1,
        Confidence::High => 2,
    }
}

/// Whether a Python module imports FastAPI and no framework that sends a returned string as HTML.
fn fastapi_only(m: &Module) -> bool {
    let imports = |prefixes: &[&str]| {
        m.imports.iter().any(|(name, _)| {
            prefixes.iter().any(|p| name == p || name.strip_prefix(p).is_some_and(|rest| rest.starts_with('.')))
        })
    };
    m.language == crate::syntax::ir::Language::Python
        && imports(&["fastapi"])
        && !imports(&["flask", "quart", "bottle", "sanic", "django", "tornado", "aiohttp"])
}

/// The simple names (`helper`, `self.helper` → `helper`) every call of the module calls.
fn called_names(m: &Module) -> std::collections::HashSet<String> {
    let mut out = std::collections::HashSet::new();
    for f in &m.functions {
        super::detectors::walk_stmts(&f.body, &mut |s| {
            super::detectors::stmt_exprs(s, &mut |e| {
                super::detectors::walk_expr(e, &mut |x| {
                    if let Expr::Call(c) = x {
                        match &c.func {
                            Expr::Name(n, _) => {
                                out.insert(n.clone());
                            }
                            Expr::Attr(base, n, _) if matches!(base.as_ref(), Expr::Name(b, _) if b == "self" || b == "cls") =>
                            {
                                out.insert(n.clone());
                            }
                            _ => {}
                        }
                    }
                })
            })
        });
    }
    out
}

/// Parameters a route's path converts to a number or UUID (Flask `<int:id>`, `<uuid:key>`).
fn typed_route_params(m: &Module, func: &Function) -> Vec<String> {
    let mut out = Vec::new();
    for d in &func.decorators {
        let Expr::Call(c) = d else { continue };
        let Some(path) = c.args.first().and_then(Expr::as_str) else { continue };
        let _ = m;
        for part in path.split('<').skip(1) {
            let inner = part.split('>').next().unwrap_or_default();
            if let Some((conv, name)) = inner.split_once(':') {
                if matches!(conv.trim(), "int" | "float" | "uuid") {
                    out.push(name.trim().to_string());
                }
            }
        }
    }
    out
}

/// JavaScript's globals that are code, not data (and `@module` names of `require`s).
fn is_js_global(name: &str) -> bool {
    name.starts_with('@')
        || matches!(
            name,
            "Math"
                | "JSON"
                | "Object"
                | "Array"
                | "String"
                | "Number"
                | "Boolean"
                | "parseInt"
                | "parseFloat"
                | "console"
                | "process"
                | "require"
                | "module"
                | "exports"
                | "Promise"
                | "Date"
                | "Buffer"
                | "encodeURIComponent"
                | "decodeURIComponent"
                | "encodeURI"
                | "decodeURI"
                | "RegExp"
                | "Symbol"
                | "Map"
                | "Set"
                | "WeakMap"
                | "isNaN"
                | "NaN"
                | "Infinity"
                | "globalThis"
                | "setTimeout"
                | "setInterval"
                | "Function"
                | "Reflect"
                | "Proxy"
                | "BigInt"
                | "Intl"
                | "URL"
                | "URLSearchParams"
                | "jsx"
                | "self"
                | "import"
                | "fetch"
                | "atob"
                | "btoa"
                | "structuredClone"
                | "queueMicrotask"
        )
}

/// Whether an expression's value is written by this code rather than returned by a call (a string
/// method of such a value counts as written here: `html.trim()`).
fn written_here(e: &Expr) -> bool {
    let mut e = e;
    // bounded by the expression's depth, which the parser bounds
    loop {
        match e {
            Expr::Call(c) => match &c.func {
                Expr::Attr(base, m, _) if STRING_METHODS.contains(&m.as_str()) => e = base,
                _ => return false,
            },
            _ => return true,
        }
    }
}

/// Whether the start of a URL fixes where it goes: a scheme (or `//`) and a host followed by a path,
/// query or fragment, or a path of this site (`/x`, not `//`).
pub(crate) fn fixes_host(s: &str) -> bool {
    let b = s.as_bytes();
    let rest = if let Some(r) = s.strip_prefix("//") {
        // protocol-relative: the host follows
        r
    } else if b.first() == Some(&b'/') {
        return b.len() > 1 && b[1] != b'\\';
    } else {
        match s.find("://") {
            Some(i)
                if i > 0
                    && s[..i].bytes().all(|c| c.is_ascii_alphanumeric() || c == b'+' || c == b'-' || c == b'.') =>
            {
                &s[i + 3..]
            }
            _ => return false,
        }
    };
    // the host ends at the first `/`, `?` or `#` (and must not be empty, nor carry credentials the
    // rest could extend)
    match rest.find(['/', '?', '#']) {
        Some(end) => end > 0 && !rest[..end].contains('@') && !rest[..end].contains('\\'),
        None => false,
    }
}

/// Methods of strings that return the string transformed (markup stays markup through them).
const STRING_METHODS: &[&str] = &[
    "trim",
    "trimStart",
    "trimEnd",
    "toString",
    "concat",
    "replace",
    "replaceAll",
    "padStart",
    "padEnd",
    "slice",
    "substring",
    "toUpperCase",
    "toLowerCase",
    "join",
    "strip",
    "format",
    "encode",
    "decode",
];

/// Python's builtin names that are functions, types or constants.
fn is_builtin(name: &str) -> bool {
    is_js_global(name)
        || matches!(
            name,
            "str"
                | "int"
                | "float"
                | "bool"
                | "bytes"
                | "bytearray"
                | "complex"
                | "len"
                | "print"
                | "open"
                | "eval"
                | "exec"
                | "compile"
                | "dict"
                | "list"
                | "set"
                | "frozenset"
                | "tuple"
                | "range"
                | "enumerate"
                | "zip"
                | "map"
                | "filter"
                | "sorted"
                | "reversed"
                | "min"
                | "max"
                | "sum"
                | "abs"
                | "round"
                | "isinstance"
                | "issubclass"
                | "type"
                | "object"
                | "super"
                | "property"
                | "staticmethod"
                | "classmethod"
                | "getattr"
                | "setattr"
                | "hasattr"
                | "delattr"
                | "repr"
                | "format"
                | "hash"
                | "id"
                | "iter"
                | "next"
                | "any"
                | "all"
                | "chr"
                | "ord"
                | "hex"
                | "oct"
                | "bin"
                | "divmod"
                | "pow"
                | "callable"
                | "vars"
                | "globals"
                | "locals"
                | "dir"
                | "input"
                | "__import__"
                | "__name__"
                | "__file__"
                | "memoryview"
                | "slice"
                | "NotImplemented"
                | "Ellipsis"
        )
        || name.ends_with("Error")
        || name.ends_with("Exception")
        || name.ends_with("Warning")
}

/// Values of the standard library's constants that rules compare (file mode bits).
fn stdlib_constant(path: &str) -> Option<i64> {
    let name = path.strip_prefix("stat.")?;
    Some(match name {
        "S_ISUID" => 0o4000,
        "S_ISGID" => 0o2000,
        "S_ISVTX" => 0o1000,
        "S_IRWXU" => 0o700,
        "S_IRUSR" | "S_IREAD" => 0o400,
        "S_IWUSR" | "S_IWRITE" => 0o200,
        "S_IXUSR" | "S_IEXEC" => 0o100,
        "S_IRWXG" => 0o70,
        "S_IRGRP" => 0o40,
        "S_IWGRP" => 0o20,
        "S_IXGRP" => 0o10,
        "S_IRWXO" => 0o7,
        "S_IROTH" => 0o4,
        "S_IWOTH" => 0o2,
        "S_IXOTH" => 0o1,
        _ => return None,
    })
}

/// The names a target binds.
fn names_in(target: &Expr) -> Vec<String> {
    match target {
        Expr::Name(n, _) => vec![n.clone()],
        Expr::Container(_, items, _) => items.iter().flat_map(names_in).collect(),
        Expr::Starred(x, _) => names_in(x),
        _ => Vec::new(),
    }
}

/// The local name a test is about: `x`, `str(x)`, `x.lower()`, `os.path.realpath(x)`, `p.resolve()`.
fn subject(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n, _) => Some(n),
        Expr::Call(c) => match &c.func {
            Expr::Attr(base, m, _) if c.args.is_empty() && m != "get" => subject(base),
            Expr::Name(n, _) if matches!(n.as_str(), "str" | "int" | "realpath" | "abspath" | "normpath") => {
                c.args.first().and_then(subject)
            }
            Expr::Attr(_, m, _) if matches!(m.as_str(), "realpath" | "abspath" | "normpath" | "resolve" | "Path") => {
                c.args.first().and_then(subject)
            }
            _ => None,
        },
        _ => None,
    }
}

/// `urlparse(x).netloc` and the like: the name whose URL is checked.
fn url_part_subject(e: &Expr) -> Option<&str> {
    match e {
        Expr::Attr(base, attr, _) if matches!(attr.as_str(), "netloc" | "hostname" | "scheme" | "host") => {
            match base.as_ref() {
                Expr::Call(c) => c.args.first().and_then(subject),
                _ => None,
            }
        }
        _ => None,
    }
}

fn lit_text(l: &Lit) -> String {
    match l {
        Lit::Str(s) => s.clone(),
        Lit::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
        Lit::Int(i) => i.to_string(),
        Lit::Float(f) => f.to_string(),
        Lit::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Lit::None => "None".to_string(),
    }
}

fn binop(op: BinOp, a: &Val, b: &Val) -> Val {
    if let (BinOp::Add, Shape::List(x), Shape::List(y)) = (op, &a.shape, &b.shape) {
        if x.len() + y.len() <= MAX_ITEMS {
            let items: Vec<Val> = x.iter().chain(y.iter()).cloned().collect();
            return Val {
                taint: a.taint.join(&b.taint),
                fixed: a.fixed && b.fixed,
                shape: Shape::List(Rc::new(items)),
                ..Val::default()
            };
        }
    }
    let mut out = Val::combine([a, b]);
    out.konst = match (op, &a.konst, &b.konst) {
        (BinOp::Add, Some(Lit::Str(x)), Some(Lit::Str(y))) if x.len() + y.len() <= 4096 => {
            Some(Lit::Str(format!("{x}{y}")))
        }
        (_, Some(Lit::Int(x)), Some(Lit::Int(y))) => match op {
            BinOp::Add => x.checked_add(*y).map(Lit::Int),
            BinOp::Sub => x.checked_sub(*y).map(Lit::Int),
            BinOp::Mul => x.checked_mul(*y).map(Lit::Int),
            BinOp::FloorDiv if *y != 0 => x.checked_div_euclid(*y).map(Lit::Int),
            BinOp::Mod if *y != 0 => x.checked_rem_euclid(*y).map(Lit::Int),
            BinOp::Pow if (0..64).contains(y) => x.checked_pow(*y as u32).map(Lit::Int),
            BinOp::BitOr => Some(Lit::Int(x | y)),
            BinOp::BitAnd => Some(Lit::Int(x & y)),
            BinOp::Div if *y != 0 => Some(Lit::Float(*x as f64 / *y as f64)),
            _ => None,
        },
        _ => None,
    };
    if matches!(a.konst, Some(Lit::Str(_))) || matches!(b.konst, Some(Lit::Str(_))) || a.path.as_deref() == Some("str")
    {
        out.path = Some(Rc::from("str"));
        out.built |= !out.fixed && matches!(op, BinOp::Add | BinOp::Mod);
    } else if op == BinOp::Div && a.path.as_deref().is_some_and(|p| p.ends_with("Path()") || p.ends_with(".resolve()"))
    {
        // `base / name` of pathlib is a path like its left side
        out.path = a.path.clone();
    }
    out
}

fn compare(vals: &[Val], ops: &[(CmpOp, Expr)]) -> Option<Lit> {
    let mut all = true;
    for (i, (op, _)) in ops.iter().enumerate() {
        let (a, b) = (vals.get(i)?.konst.as_ref()?, vals.get(i + 1)?.konst.as_ref()?);
        let r = match (op, a, b) {
            (CmpOp::Eq, x, y) => x == y,
            (CmpOp::NotEq, x, y) => x != y,
            (CmpOp::In, Lit::Str(x), Lit::Str(y)) => y.contains(x.as_str()),
            (CmpOp::NotIn, Lit::Str(x), Lit::Str(y)) => !y.contains(x.as_str()),
            (op, Lit::Int(x), Lit::Int(y)) => match op {
                CmpOp::Lt => x < y,
                CmpOp::LtE => x <= y,
                CmpOp::Gt => x > y,
                CmpOp::GtE => x >= y,
                _ => return None,
            },
            (op, x, y) => {
                let (x, y) = (num(x)?, num(y)?);
                match op {
                    CmpOp::Lt => x < y,
                    CmpOp::LtE => x <= y,
                    CmpOp::Gt => x > y,
                    CmpOp::GtE => x >= y,
                    _ => return None,
                }
            }
        };
        all &= r;
    }
    Some(Lit::Bool(all))
}

fn num(l: &Lit) -> Option<f64> {
    match l {
        Lit::Int(i) => Some(*i as f64),
        Lit::Float(f) => Some(*f),
        Lit::Bool(b) => Some(f64::from(u8::from(*b))),
        _ => None,
    }
}

/// `value[index]`.
fn index_value(bv: &Val, iv: &Val, span: Span) -> Val {
    let _ = span;
    match (&bv.shape, &iv.konst) {
        (Shape::Dict(items), Some(Lit::Str(k))) => match items.iter().find(|(kk, _)| kk == k) {
            Some((_, v)) => v.clone(),
            None => Val { taint: bv.taint.clone(), fixed: bv.fixed, request: bv.request, ..Val::default() },
        },
        (Shape::List(items), Some(Lit::Int(i))) => {
            let at = if *i < 0 { items.len().checked_sub(i.unsigned_abs() as usize) } else { Some(*i as usize) };
            match at.and_then(|a| items.get(a)) {
                Some(v) if bv.taint.kinds == 0 && bv.taint.params == 0 => v.clone(),
                Some(v) => v.join(&Val::tainted(bv.taint.clone())),
                None => bv.element(),
            }
        }
        (_, Some(Lit::Int(i))) if matches!(bv.konst, Some(Lit::Str(_))) => {
            let Some(Lit::Str(s)) = &bv.konst else { return bv.element() };
            let chars: Vec<char> = s.chars().collect();
            let at = if *i < 0 { chars.len().checked_sub(i.unsigned_abs() as usize) } else { Some(*i as usize) };
            match at.and_then(|a| chars.get(a)) {
                Some(ch) => Val::lit(Lit::Str(ch.to_string())),
                None => bv.element(),
            }
        }
        _ => {
            let mut v = bv.element();
            // a container the code wrote with fixed values only gives one of them, whatever the key
            // chooses (`ALLOWED = {"p": "ping"}; ALLOWED[user_key]`: an allow-list map)
            let closed = matches!(bv.shape, Shape::Dict(_) | Shape::List(_));
            v.fixed = bv.fixed && (iv.fixed || closed);
            v.path = bv.path.as_ref().map(|p| Rc::from(format!("{p}[]")));
            v
        }
    }
}

/// A subscript written (`session[k] = v`: the value) or read (`globals()[k]`: the key).
#[derive(Clone, Copy)]
enum Lookup {
    Write,
    Read,
}

fn store_item(container: &mut Val, key: &Val, v: Val) {
    // a container holding a value the code does not fix is not fixed (a lookup in it by an untrusted key
    // is then not one of the code's own values)
    container.fixed &= v.fixed;
    match (&mut container.shape, &key.konst) {
        (Shape::Dict(items), Some(Lit::Str(k))) => {
            let items = Rc::make_mut(items);
            items.retain(|(kk, _)| kk != k);
            if items.len() < MAX_ITEMS {
                items.push((k.clone(), v));
            } else {
                container.taint = container.taint.join(&v.total());
            }
        }
        (Shape::List(items), Some(Lit::Int(i))) => {
            let items = Rc::make_mut(items);
            let at = if *i < 0 { items.len().checked_sub(i.unsigned_abs() as usize) } else { Some(*i as usize) };
            match at.and_then(|a| items.get_mut(a)) {
                Some(slot) => *slot = v,
                None => container.taint = container.taint.join(&v.total()),
            }
        }
        (Shape::Opaque, Some(Lit::Str(k))) if !container.taint.untrusted() => {
            container.shape = Shape::Dict(Rc::new(vec![(k.clone(), v)]));
        }
        _ => {
            container.taint = container.taint.join(&v.total()).join(&key.total());
            container.fixed = false;
        }
    }
}

fn config_key(section: &Option<Val>, key: &Option<Val>) -> Option<String> {
    match (section.as_ref()?.konst.as_ref()?, key.as_ref()?.konst.as_ref()?) {
        (Lit::Str(s), Lit::Str(k)) => Some(format!("{s}\u{0}{k}")),
        _ => None,
    }
}

/// Constant results of string methods on constants (`"ABC".lower()`).
fn string_method(name: &str, receiver: Option<&Val>, args: &[Val]) -> Option<Lit> {
    let Some(Lit::Str(s)) = receiver?.konst.as_ref() else { return None };
    let method = name.rsplit('.').next()?;
    Some(Lit::Str(match method {
        "lower" | "casefold" => s.to_lowercase(),
        "upper" => s.to_uppercase(),
        "strip" if args.is_empty() => s.trim().to_string(),
        "format" if args.is_empty() => s.clone(),
        _ => return None,
    }))
}

/// The body of a response value: a tuple's first item (`(body, status, headers)`); none for a dict or list,
/// which the frameworks serialise as JSON.
fn response_body(v: &Val) -> Option<Val> {
    match &v.shape {
        Shape::Dict(_) => None,
        Shape::List(items) => items.first().filter(|b| !matches!(b.shape, Shape::Dict(_) | Shape::List(_))).cloned(),
        _ => Some(v.clone()),
    }
}

/// For an argv list: the program, or the command a shell runs (`["sh", "-c", cmd]`). A string or
/// unknown value is the program itself.
fn argv_program(v: &Val) -> Val {
    let Shape::List(items) = &v.shape else { return v.clone() };
    let Some(first) = items.first() else { return Val { taint: v.taint.clone(), ..Val::default() } };
    let shell = matches!(
        first.konst.as_ref(),
        Some(Lit::Str(s)) if matches!(
            s.rsplit(['/', '\\']).next().unwrap_or(s).to_ascii_lowercase().as_str(),
            "sh" | "bash" | "zsh" | "dash" | "ksh" | "cmd" | "cmd.exe" | "powershell" | "powershell.exe" | "pwsh"
        )
    );
    // a program fixed by the code but not known here (one of several) with `-c` is a shell too
    let shell = shell || (first.fixed && first.konst.is_none());
    let mut out = first.clone();
    out.taint = out.taint.join(&v.taint);
    // an interpreter runs the script it is given (`["python3", path]`) or the code of its `-c`/`-e`
    let interpreter = matches!(
        first.konst.as_ref(),
        Some(Lit::Str(s)) if {
            let base = s.rsplit(['/', '\\']).next().unwrap_or(s).to_ascii_lowercase();
            let base = base.trim_end_matches(".exe");
            let stem = base.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
            matches!(stem, "python" | "pypy" | "node" | "nodejs" | "perl" | "ruby" | "php" | "deno" | "bun")
        }
    );
    if interpreter {
        let mut rest = items.iter().skip(1);
        while let Some(a) = rest.next() {
            match a.konst.as_ref() {
                Some(Lit::Str(flag)) if matches!(flag.as_str(), "-c" | "-e" | "-r" | "--eval" | "-p" | "--print") => {
                    if let Some(code) = rest.next() {
                        out = out.join(code);
                        out.fixed = first.fixed && code.fixed;
                    }
                    break;
                }
                // other options (`-u`, `-W ignore` is rare enough to ignore) come before the script
                Some(Lit::Str(flag)) if flag.starts_with('-') => continue,
                _ => {
                    // the script itself
                    out = out.join(a);
                    out.fixed = first.fixed && a.fixed;
                    break;
                }
            }
        }
    }
    if shell {
        if let Some(pos) = items.iter().position(|a| matches!(a.konst.as_ref(), Some(Lit::Str(s)) if s == "-c" || s.eq_ignore_ascii_case("/c") || s == "-Command")) {
            if let Some(cmd) = items.get(pos + 1) {
                out = out.join(cmd);
                out.fixed = first.fixed && cmd.fixed;
            }
        }
    }
    out
}

/// What the parts of a string being built read as together: the fixed parts joined, a hole for each part
/// the code does not fix, plus what built parts already read as.
fn written_text(parts: &[Val]) -> u8 {
    let mut skeleton = String::new();
    let mut bits = 0;
    for p in parts {
        bits |= p.text;
        match &p.konst {
            Some(Lit::Str(s)) if skeleton.len() + s.len() <= 4096 => skeleton.push_str(s),
            _ => skeleton.push(text::HOLE),
        }
    }
    if skeleton.chars().all(|c| c == text::HOLE) {
        return bits;
    }
    bits | text::classify(&skeleton)
}

/// A call that prints or logs its arguments (`print`, `console.log`, `logger.info`).
fn prints_message(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or(name);
    name == "print"
        || name.starts_with("console.")
        || name.starts_with("logging.")
        || (name.contains('.')
            && matches!(
                last,
                "log" | "debug" | "info" | "warn" | "warning" | "error" | "critical" | "exception" | "trace" | "fatal"
            ))
}

/// A `replace` that takes `..` out of a string (`p.replace(/^(\.\.(\/|\\|$))+/, '')`,
/// `p.replaceAll('..', '')`): a path cleaned of its parent-directory steps.
fn strips_parent_dirs(name: &str, c: &Call) -> bool {
    if !(name.ends_with(".replace") || name.ends_with(".replaceAll")) {
        return false;
    }
    let pattern = match c.args.first() {
        Some(Expr::Lit(Lit::Str(s), _)) => s.as_str(),
        Some(Expr::Call(r)) if matches!(&r.func, Expr::Name(n, _) if n == "RegExp") => match r.args.first() {
            Some(Expr::Lit(Lit::Str(s), _)) => s.as_str(),
            _ => return false,
        },
        _ => return false,
    };
    let empty = matches!(c.args.get(1), Some(Expr::Lit(Lit::Str(s), _)) if s.is_empty());
    empty && (pattern.contains("..") || pattern.contains(r"\.\."))
}

/// A format string (`"https://api.example/%s"`, `"https://api.example/{}"`) whose written part, up to its
/// first placeholder, fixes the scheme and host: what is put in it cannot choose where a request goes.
fn format_fixes_host(format: &Val, placeholder: char) -> bool {
    match &format.konst {
        Some(Lit::Str(s)) => fixes_host(s.split(placeholder).next().unwrap_or_default()),
        _ => false,
    }
}
