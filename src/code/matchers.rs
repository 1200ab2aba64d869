//! The match kinds a rule may use, compiled once per scan: qualified-name patterns indexed by their last
//! segment (so a call is checked against the few rules that can match it, not every rule), argument
//! predicates, and the taint library. The interpreter (taint.rs) asks these tables at each call,
//! assignment and return; the detectors at the end of this file are the checks written in Rust.
use super::taint::Val;
use crate::model::Confidence;
use crate::rules::library::{Library, SOURCE_KINDS};
use crate::rules::{ArgIs, ArgPred, Match, Rule, RuleSet};
use crate::syntax::ir::{Call, Expr, Lit, Module, Span};
use aho_corasick::AhoCorasick;
use rustc_hash::FxHashMap;
use rustc_hash::FxHashMap as HashMap;
use std::sync::OnceLock;

/// A pattern over qualified names: literal text with `*` for any run of characters.
#[derive(Debug, Clone)]
pub(crate) struct Glob {
    parts: Vec<String>,
}

impl Glob {
    pub(crate) fn new(pattern: &str) -> Glob {
        Glob { parts: pattern.split('*').map(str::to_string).collect() }
    }

    pub(crate) fn is_match(&self, s: &str) -> bool {
        let n = self.parts.len();
        if n == 1 {
            return s == self.parts[0];
        }
        let (first, last) = (&self.parts[0], &self.parts[n - 1]);
        if s.len() < first.len() + last.len() || !s.starts_with(first.as_str()) || !s.ends_with(last.as_str()) {
            return false;
        }
        let mut rest = &s[first.len()..s.len() - last.len()];
        for mid in &self.parts[1..n - 1] {
            match rest.find(mid.as_str()) {
                Some(i) => rest = &rest[i + mid.len()..],
                None => return false,
            }
        }
        true
    }
}

/// The last dotted segment of a qualified name (`execute` of `sqlite3.connect().cursor().execute`).
fn tail(name: &str) -> &str {
    name.rsplit('.').next().unwrap_or(name)
}

/// Patterns with a value each. A name is checked only against the patterns that can match it: those
/// whose last segment is the name's (`*.execute`), those whose first segment is the name's
/// (`requests.*`), and those starting with `*` whose longest literal part occurs in the name (one
/// Aho-Corasick pass over the name finds them all).
#[derive(Debug)]
pub(crate) struct NameIndex<T> {
    by_tail: FxHashMap<String, Vec<(Glob, T)>>,
    by_head: FxHashMap<String, Vec<(Glob, T)>>,
    wild: Vec<(Glob, T)>,
    /// The longest literal part of each wild pattern (empty: the pattern is all `*`).
    needles: Vec<String>,
    finder: OnceLock<Option<AhoCorasick>>,
}

impl<T> Default for NameIndex<T> {
    fn default() -> Self {
        NameIndex {
            by_tail: FxHashMap::default(),
            by_head: FxHashMap::default(),
            wild: Vec::new(),
            needles: Vec::new(),
            finder: OnceLock::new(),
        }
    }
}

/// The first dotted segment of a name.
fn head(name: &str) -> &str {
    name.split('.').next().unwrap_or(name)
}

impl<T: Copy> NameIndex<T> {
    /// No pattern at all.
    pub(crate) fn is_empty(&self) -> bool {
        self.by_tail.is_empty() && self.by_head.is_empty() && self.wild.is_empty()
    }

    pub(crate) fn insert(&mut self, pattern: &str, value: T) {
        let (t, h) = (tail(pattern), head(pattern));
        if !t.contains('*') {
            self.by_tail.entry(t.to_string()).or_default().push((Glob::new(pattern), value));
        } else if !h.contains('*') && pattern.contains('.') {
            self.by_head.entry(h.to_string()).or_default().push((Glob::new(pattern), value));
        } else {
            let longest = pattern.split('*').max_by_key(|p| p.len()).unwrap_or_default().to_string();
            self.needles.push(longest);
            self.wild.push((Glob::new(pattern), value));
        }
    }

    /// Every value whose pattern matches `name`.
    pub(crate) fn find(&self, name: &str, mut f: impl FnMut(T)) {
        for list in [self.by_tail.get(tail(name)), self.by_head.get(head(name))].into_iter().flatten() {
            for (g, v) in list {
                if g.is_match(name) {
                    f(*v);
                }
            }
        }
        if self.wild.is_empty() {
            return;
        }
        let finder = self.finder.get_or_init(|| {
            if self.needles.iter().any(String::is_empty) {
                return None;
            }
            AhoCorasick::builder().match_kind(aho_corasick::MatchKind::Standard).build(&self.needles).ok()
        });
        match finder {
            Some(ac) => {
                // each pattern whose needle occurs, once
                let mut seen = [false; 256];
                for m in ac.find_overlapping_iter(name) {
                    let i = m.pattern().as_usize();
                    if i < seen.len() && std::mem::replace(&mut seen[i], true) {
                        continue;
                    }
                    if let Some((g, v)) = self.wild.get(i) {
                        if g.is_match(name) {
                            f(*v);
                        }
                    }
                }
            }
            None => {
                for (g, v) in &self.wild {
                    if g.is_match(name) {
                        f(*v);
                    }
                }
            }
        }
    }

    pub(crate) fn first(&self, name: &str) -> Option<T> {
        let mut out = None;
        self.find(name, |v| {
            if out.is_none() {
                out = Some(v);
            }
        });
        out
    }

    pub(crate) fn any(&self, name: &str) -> bool {
        self.first(name).is_some()
    }
}

/// A compiled argument predicate.
#[derive(Debug, Clone)]
pub(crate) struct Pred {
    arg: Option<usize>,
    kwarg: Option<String>,
    is: Option<ArgIs>,
    equals: Vec<Lit>,
    matches: Option<regex::Regex>,
    below: Option<f64>,
    names: Vec<Glob>,
    lacks_key: Option<String>,
    mask_any: Option<i64>,
    element: Option<usize>,
    key: Option<String>,
}

impl Pred {
    fn new(p: &ArgPred) -> Pred {
        let equals = p
            .equals
            .iter()
            .filter_map(|v| match v {
                serde_json::Value::String(s) => Some(Lit::Str(s.clone())),
                serde_json::Value::Bool(b) => Some(Lit::Bool(*b)),
                serde_json::Value::Null => Some(Lit::None),
                serde_json::Value::Number(n) => n.as_i64().map(Lit::Int).or_else(|| n.as_f64().map(Lit::Float)),
                _ => None,
            })
            .collect();
        Pred {
            arg: p.arg,
            kwarg: p.kwarg.clone(),
            is: p.is,
            equals,
            // validated when the rule was loaded
            matches: p.matches.as_deref().and_then(|m| regex::Regex::new(m).ok()),
            below: p.below,
            names: p.names.iter().map(|n| Glob::new(n)).collect(),
            lacks_key: p.lacks_key.clone(),
            mask_any: p.mask_any,
            element: p.element,
            key: p.key.clone(),
        }
    }

    /// Whether the predicate holds of a call's arguments.
    pub(crate) fn holds(&self, args: &Args<'_>) -> bool {
        let v = args.get(self.arg, self.kwarg.as_deref());
        self.holds_of(v)
    }

    /// Whether the predicate holds of one value (`None`: absent).
    pub(crate) fn holds_of(&self, v: Option<&Val>) -> bool {
        // `key` (a dotted path into nested dicts: `cookie.secure`) first, then `element`
        let mut cur: Option<Val> = None;
        let mut moved = false;
        if let Some(k) = &self.key {
            let mut at = v.cloned();
            for part in k.split('.') {
                at = at.and_then(|x| x.entry(part));
            }
            cur = at;
            moved = true;
        }
        if let Some(i) = self.element {
            cur = if moved { cur.and_then(|x| x.item(i)) } else { v.and_then(|x| x.item(i)) };
            moved = true;
        }
        let item = cur;
        let v = if moved { item.as_ref() } else { v };
        if let Some(is) = self.is {
            let ok = match is {
                ArgIs::Missing => v.is_none(),
                ArgIs::Present => v.is_some(),
                ArgIs::Constant => v.is_some_and(|v| v.fixed),
                ArgIs::Nonconstant => v.is_some_and(|v| !v.fixed),
            };
            if !ok {
                return false;
            }
        }
        if !self.equals.is_empty()
            && !v.and_then(|v| v.konst.as_ref()).is_some_and(|k| self.equals.iter().any(|e| lit_eq(e, k)))
        {
            return false;
        }
        if let Some(re) = &self.matches {
            match v.and_then(|v| v.konst.as_ref()) {
                Some(Lit::Str(s)) if re.is_match(s) => {}
                _ => return false,
            }
        }
        if let Some(limit) = self.below {
            match v.and_then(|v| v.konst.as_ref()) {
                Some(Lit::Int(i)) if (*i as f64) < limit => {}
                Some(Lit::Float(f)) if *f < limit => {}
                _ => return false,
            }
        }
        if !self.names.is_empty() {
            match v.and_then(|v| v.path.as_deref()) {
                Some(p) if self.names.iter().any(|g| g.is_match(p)) => {}
                _ => return false,
            }
        }
        if let Some(mask) = self.mask_any {
            match v.and_then(|v| v.konst.as_ref()) {
                Some(Lit::Int(i)) if i & mask != 0 => {}
                _ => return false,
            }
        }
        if let Some(key) = &self.lacks_key {
            match v.map(|v| v.has_key(key)) {
                Some(Some(false)) => {}
                _ => return false,
            }
        }
        true
    }
}

fn lit_eq(a: &Lit, b: &Lit) -> bool {
    match (a, b) {
        (Lit::Int(x), Lit::Float(y)) | (Lit::Float(y), Lit::Int(x)) => (*x as f64) == *y,
        // `True == 1` in Python, but a rule asking for `true` means the keyword value True
        _ => a == b,
    }
}

/// A call's evaluated arguments.
pub(crate) struct Args<'a> {
    pub(crate) positional: &'a [Val],
    /// Whether a `*args` hides the positions from this index on.
    pub(crate) starred_from: Option<usize>,
    pub(crate) keywords: &'a [(Option<String>, Val)],
    /// The call's expressions (for the location of an argument).
    pub(crate) call: Option<&'a Call>,
}

impl Args<'_> {
    /// Where an argument is in the source.
    pub(crate) fn span_of(&self, position: Option<usize>, name: Option<&str>) -> Option<Span> {
        let call = self.call?;
        let by_position = position.and_then(|p| match self.starred_from {
            Some(s) if p >= s => None,
            _ => call.args.get(p).map(Expr::span),
        });
        by_position.or_else(|| {
            name.and_then(|n| call.kwargs.iter().find(|(k, _)| k.as_deref() == Some(n)).map(|(_, v)| v.span()))
        })
    }

    pub(crate) fn get(&self, position: Option<usize>, name: Option<&str>) -> Option<&Val> {
        let by_position = position.and_then(|p| match self.starred_from {
            Some(s) if p >= s => None,
            _ => self.positional.get(p),
        });
        by_position
            .or_else(|| name.and_then(|n| self.keywords.iter().find(|(k, _)| k.as_deref() == Some(n)).map(|(_, v)| v)))
    }
}

/// The last segments of a list of name patterns.
#[derive(Debug, Default)]
struct Tails {
    exact: rustc_hash::FxHashSet<String>,
    prefixes: Vec<String>,
    any: bool,
}

/// A detector switched on by a rule, its parameters compiled once (not for every file): lists of
/// strings, the same as name patterns, and the regular expressions of `text` and `algorithm`.
#[derive(Debug)]
pub(crate) struct DetectorSpec {
    pub(crate) name: String,
    pub(crate) rule: usize,
    pub(crate) params: serde_json::Value,
    strings: HashMap<String, Vec<String>>,
    globs: HashMap<String, Vec<Glob>>,
    /// Per list: the last segments its patterns end with (exact, or `prefix*`), and whether one ends in a
    /// segment too wild to tell (then any name may match).
    tails: HashMap<String, Tails>,
    /// Per list: its patterns indexed by last segment, first segment and literal parts.
    indexes: HashMap<String, NameIndex<()>>,
    regexes: HashMap<String, regex::Regex>,
}

impl DetectorSpec {
    fn new(name: &str, rule: usize, params: &serde_json::Value) -> DetectorSpec {
        let mut strings = HashMap::default();
        let mut globs = HashMap::default();
        let mut tails = HashMap::default();
        let mut indexes = HashMap::default();
        let mut regexes = HashMap::default();
        for (key, value) in params.as_object().into_iter().flatten() {
            if let Some(list) = value.as_array() {
                let list: Vec<String> = list.iter().filter_map(|s| s.as_str().map(str::to_string)).collect();
                globs.insert(key.clone(), list.iter().map(|s| Glob::new(s)).collect());
                let mut t = Tails::default();
                for pattern in &list {
                    let last = pattern.rsplit('.').next().unwrap_or(pattern);
                    match last.strip_suffix('*') {
                        Some(prefix) if !prefix.is_empty() && !prefix.contains(['*', '(', '[']) => {
                            t.prefixes.push(prefix.to_string())
                        }
                        _ if last.contains(['*', '(', '[']) => t.any = true,
                        _ => {
                            t.exact.insert(last.to_string());
                        }
                    }
                }
                tails.insert(key.clone(), t);
                let mut index = NameIndex::default();
                for pattern in &list {
                    index.insert(pattern, ());
                }
                indexes.insert(key.clone(), index);
                strings.insert(key.clone(), list);
            }
            // validated when the rule was loaded
            if let (true, Some(Ok(re))) =
                (matches!(key.as_str(), "text" | "algorithm"), value.as_str().map(regex::Regex::new))
            {
                regexes.insert(key.clone(), re);
            }
        }
        DetectorSpec { name: name.to_string(), rule, params: params.clone(), strings, globs, tails, indexes, regexes }
    }

    /// Whether a callee could match one of the patterns of list `key`, by its last segment (through the
    /// module's aliases): a cheap test before qualifying the name and matching every pattern.
    pub(crate) fn may_call(&self, key: &str, m: &Module, func: &Expr) -> bool {
        let last = match func {
            Expr::Attr(_, a, _) => a.as_str(),
            Expr::Name(n, _) => {
                let q = m.alias(n).unwrap_or(n);
                q.rsplit('.').next().unwrap_or(q)
            }
            // a callee that is not a name (`make()()`): its qualified name is not known here
            _ => return self.tails.contains_key(key),
        };
        self.may_end_with(key, last)
    }

    /// Whether a qualified name ending in segment `last` could match one of the patterns of list `key`.
    pub(crate) fn may_end_with(&self, key: &str, last: &str) -> bool {
        let Some(t) = self.tails.get(key) else { return false };
        t.any || t.exact.contains(last) || t.prefixes.iter().any(|p| last.starts_with(p.as_str()))
    }

    /// Whether a qualified name matches one of the patterns of list `key` (through the list's index: the
    /// same answer as trying every pattern, without trying every pattern).
    pub(crate) fn matches(&self, key: &str, name: &str) -> bool {
        self.indexes.get(key).is_some_and(|i| i.any(name))
    }

    /// A list of strings among the parameters (empty when absent).
    pub(crate) fn strings(&self, key: &str) -> &[String] {
        self.strings.get(key).map_or(&[], Vec::as_slice)
    }

    /// A list of name patterns among the parameters (empty when absent).
    pub(crate) fn globs(&self, key: &str) -> &[Glob] {
        self.globs.get(key).map_or(&[], Vec::as_slice)
    }

    /// A compiled regular expression parameter (`text`, `algorithm`).
    pub(crate) fn regex(&self, key: &str) -> Option<&regex::Regex> {
        self.regexes.get(key)
    }
}

/// Structural call rule.
#[derive(Debug)]
pub(crate) struct CallRule {
    pub(crate) rule: usize,
    pub(crate) all: Vec<Pred>,
    pub(crate) any: Vec<Pred>,
    pub(crate) none: Vec<Pred>,
}

impl CallRule {
    /// The argument that decided the match: the first `any` predicate that holds, else the first `all`
    /// predicate about a present argument.
    pub(crate) fn deciding_span(&self, args: &Args<'_>) -> Option<Span> {
        let present = |p: &&Pred| p.is != Some(ArgIs::Missing) && (p.arg.is_some() || p.kwarg.is_some());
        let decided = match self.any.iter().find(|p| p.holds(args)) {
            Some(p) => Some(p).filter(present),
            None => self.all.iter().find(present),
        }?;
        args.span_of(decided.arg, decided.kwarg.as_deref())
    }

    pub(crate) fn holds(&self, args: &Args<'_>) -> bool {
        self.all.iter().all(|p| p.holds(args))
            && (self.any.is_empty() || self.any.iter().any(|p| p.holds(args)))
            && !self.none.iter().any(|p| p.holds(args))
    }
}

/// One sink of a taint rule.
#[derive(Debug)]
pub(crate) struct SinkSpec {
    pub(crate) rule: usize,
    pub(crate) args: Vec<usize>,
    pub(crate) kwargs: Vec<String>,
    pub(crate) receiver: bool,
    pub(crate) keys: Vec<String>,
    pub(crate) argv: bool,
    pub(crate) argv_from: Option<usize>,
    pub(crate) body: bool,
    pub(crate) whole: bool,
    pub(crate) all: Vec<Pred>,
    pub(crate) none: Vec<Pred>,
    pub(crate) imports: Vec<String>,
    pub(crate) unknown: Option<Confidence>,
    pub(crate) built: Option<Confidence>,
    /// The call builds a value from its arguments (`path.join`): a construction hit.
    pub(crate) builds: bool,
}

/// A taint rule's settings.
#[derive(Debug)]
pub(crate) struct TaintRule {
    pub(crate) class_bit: u32,
    pub(crate) sources: Kinds,
    pub(crate) unknown: Option<Confidence>,
    pub(crate) built: Option<Confidence>,
    /// Confidence by source kind bit.
    pub(crate) source_confidence: Vec<(Kinds, Confidence)>,
}

/// An assignment rule.
#[derive(Debug)]
pub(crate) struct AssignRule {
    pub(crate) rule: usize,
    pub(crate) value: Pred,
    pub(crate) any: Vec<Pred>,
    pub(crate) files: Vec<globset::GlobMatcher>,
    pub(crate) not_files: Vec<globset::GlobMatcher>,
}

/// The classes of a sanitizer that cleans for every class (`int`): every bit.
pub(crate) const ALL_CLASSES: u32 = u32::MAX;

/// Everything a file's analysis asks, compiled from the enabled rules of one language and its library.
#[derive(Debug, Default)]
pub(crate) struct Compiled {
    /// Indices into the rule set of the rules that run.
    pub(crate) rules: Vec<usize>,
    pub(crate) calls: NameIndex<usize>,
    pub(crate) call_rules: Vec<CallRule>,
    pub(crate) sinks: NameIndex<usize>,
    pub(crate) stores: NameIndex<usize>,
    /// Subscript reads whose key is a sink (`globals()[]`).
    pub(crate) lookups: NameIndex<usize>,
    pub(crate) sink_specs: Vec<SinkSpec>,
    /// Taint rule settings by position in `rules` (None: not a taint rule).
    pub(crate) taint: Vec<Option<TaintRule>>,
    /// Positions (in `rules`) of taint rules with a route-return sink.
    pub(crate) route_returns: Vec<usize>,
    /// (kind of text bit, sink spec) of the rules' `text` sinks.
    pub(crate) text_sinks: Vec<(u8, usize)>,
    pub(crate) assigns: NameIndex<usize>,
    pub(crate) assign_rules: Vec<AssignRule>,
    /// (module pattern, position in `rules`).
    pub(crate) imports: Vec<(Glob, usize)>,
    /// (detector name, position in `rules`, params).
    pub(crate) detectors: Vec<DetectorSpec>,
    // the library
    pub(crate) routes: Vec<Glob>,
    pub(crate) routes_except: Vec<Glob>,
    pub(crate) request_params: Vec<String>,
    pub(crate) handler_signatures: Vec<Vec<String>>,
    pub(crate) exported_handlers: Vec<String>,
    /// The method names under which a method taking the request first is a handler (empty: any).
    pub(crate) view_methods: Vec<Glob>,
    /// Only the request parameter of a handler is untrusted (not all its parameters).
    pub(crate) request_param_only: bool,
    pub(crate) request_types: Vec<Glob>,
    pub(crate) request_objects: Vec<String>,
    pub(crate) request_safe_attrs: Vec<String>,
    pub(crate) opaque: NameIndex<()>,
    pub(crate) external: NameIndex<()>,
    /// Source kind bit of attribute reads and of calls.
    pub(crate) source_attrs: NameIndex<Kinds>,
    pub(crate) source_calls: NameIndex<Kinds>,
    /// String literals that are sources: (kind bit, patterns, exceptions).
    /// Literal sources: the kind, what matches, what is excepted, and the classes the literal is harmless
    /// for (all but those of the rules that read this kind: a string written in the code is a secret
    /// to the hard-coded secret rule, and just text to the XSS rule).
    pub(crate) source_literals: Vec<(Kinds, regex::RegexSet, regex::RegexSet, u32)>,
    /// Classes (bits) a sanitizer call cleans.
    pub(crate) sanitizers: NameIndex<u32>,
    /// Class name → bit.
    pub(crate) class_bits: HashMap<String, u32>,
}

/// A set of source kinds, one bit each (SOURCE_KINDS).
pub(crate) type Kinds = u16;

/// The kinds only string literals are (a cleartext URL, a string written in the code): marks for the
/// rules that read them, not untrusted data.
pub(crate) const LITERAL_KINDS: Kinds = 1 << 7 | 1 << 8;

/// The bit of a source kind.
pub(crate) fn kind_bit(kind: &str) -> Kinds {
    SOURCE_KINDS.iter().position(|k| *k == kind).map_or(0, |i| 1 << i)
}

/// The name of a source kind bit (the lowest set).
pub(crate) fn kind_name(bits: Kinds) -> &'static str {
    (0..SOURCE_KINDS.len()).find(|i| bits & (1 << i) != 0).map_or("untrusted", |i| SOURCE_KINDS[i])
}

impl Compiled {
    /// Compile the rules of `language` that `enabled` admits.
    pub(crate) fn new(set: &RuleSet, language: &str, enabled: impl Fn(&Rule) -> bool) -> Compiled {
        let mut c = Compiled::default();
        let mut bit_of = |c: &mut Compiled, class: &str| -> u32 {
            if class == "*" {
                return ALL_CLASSES;
            }
            let n = c.class_bits.len() as u32;
            *c.class_bits.entry(class.to_string()).or_insert(1 << n.min(30))
        };
        if let Some(lib) = set.library(language) {
            c.load_library(lib, &mut bit_of);
        }
        for (ri, rule) in set.rules.iter().enumerate() {
            if !rule.languages.iter().any(|l| l == language) || !enabled(rule) {
                continue;
            }
            let pos = c.rules.len();
            c.rules.push(ri);
            c.taint.push(None);
            for m in rule.matcher.all() {
                match m {
                    Match::Call(m) => {
                        let idx = c.call_rules.len();
                        c.call_rules.push(CallRule {
                            rule: pos,
                            all: m.all.iter().map(Pred::new).collect(),
                            any: m.any.iter().map(Pred::new).collect(),
                            none: m.none.iter().map(Pred::new).collect(),
                        });
                        for callee in &m.callee {
                            c.calls.insert(callee, idx);
                        }
                    }
                    Match::Taint(t) => {
                        let class_bit = bit_of(&mut c, &t.class);
                        let kinds = if t.sources.is_empty() {
                            vec!["web".to_string(), "cli".to_string()]
                        } else {
                            t.sources.clone()
                        };
                        let sources = kinds.iter().fold(0, |acc, k| acc | kind_bit(k));
                        let source_confidence = t.source_confidence.iter().map(|(k, v)| (kind_bit(k), *v)).collect();
                        c.taint[pos] = Some(TaintRule {
                            class_bit,
                            sources,
                            unknown: t.unknown,
                            built: t.built,
                            source_confidence,
                        });
                        for s in &t.sinks {
                            let idx = c.sink_specs.len();
                            c.sink_specs.push(SinkSpec {
                                rule: pos,
                                args: s.args.clone(),
                                kwargs: s.kwargs.clone(),
                                receiver: s.receiver,
                                keys: s.keys.clone(),
                                argv: s.argv,
                                argv_from: s.argv_from,
                                body: s.body,
                                whole: s.whole,
                                all: s.all.iter().map(Pred::new).collect(),
                                none: s.none.iter().map(Pred::new).collect(),
                                imports: s.imports.clone(),
                                unknown: s.unknown.or(t.unknown),
                                built: s.built.or(t.built),
                                builds: s.builds,
                            });
                            for callee in &s.call {
                                c.sinks.insert(callee, idx);
                            }
                            for place in &s.store {
                                c.stores.insert(place, idx);
                            }
                            for place in &s.lookup {
                                c.lookups.insert(place, idx);
                            }
                            if let Some(kind) = s.text.as_deref().map(super::text::kind).filter(|k| *k != 0) {
                                c.text_sinks.push((kind, idx));
                            }
                            if s.route_return && !c.route_returns.contains(&pos) {
                                c.route_returns.push(pos);
                            }
                        }
                    }
                    Match::Import(m) => {
                        for module in &m.modules {
                            c.imports.push((Glob::new(module), pos));
                        }
                    }
                    Match::Assign(m) => {
                        let idx = c.assign_rules.len();
                        let globs = |list: &[String]| {
                            list.iter()
                                .filter_map(|g| globset::GlobBuilder::new(g).literal_separator(false).build().ok())
                                .map(|g| g.compile_matcher())
                                .collect()
                        };
                        c.assign_rules.push(AssignRule {
                            rule: pos,
                            value: Pred::new(&m.value),
                            any: m.any.iter().map(Pred::new).collect(),
                            files: globs(&m.files),
                            not_files: globs(&m.not_files),
                        });
                        for target in &m.target {
                            c.assigns.insert(target, idx);
                        }
                    }
                    Match::Detector(d) => c.detectors.push(DetectorSpec::new(&d.name, pos, &d.params)),
                    Match::Secret(_) => {}
                }
            }
        }
        let consumers: Vec<(Kinds, u32)> = c.taint.iter().flatten().map(|t| (t.sources, t.class_bit)).collect();
        for (bit, _, _, harmless) in &mut c.source_literals {
            for (sources, class_bit) in &consumers {
                if sources & *bit != 0 {
                    *harmless &= !class_bit;
                }
            }
        }
        c
    }

    fn load_library(&mut self, lib: &Library, bit_of: &mut impl FnMut(&mut Compiled, &str) -> u32) {
        self.routes = lib.routes.iter().map(|r| Glob::new(r)).collect();
        self.routes_except = lib.routes_except.iter().map(|r| Glob::new(r)).collect();
        self.request_params = lib.request_params.clone();
        self.handler_signatures = lib.handler_signatures.clone();
        self.exported_handlers = lib.exported_handlers.clone();
        self.view_methods = lib.view_methods.iter().map(|m| Glob::new(m)).collect();
        self.request_param_only = lib.handler_params == "request";
        self.request_types = lib.request_types.iter().map(|r| Glob::new(r)).collect();
        self.request_objects = lib.request_objects.clone();
        self.request_safe_attrs = lib.request_safe_attrs.clone();
        for o in &lib.opaque {
            self.opaque.insert(o, ());
        }
        for e in &lib.external {
            self.external.insert(e, ());
        }
        for s in &lib.sources {
            let bit = kind_bit(&s.kind);
            for a in &s.attrs {
                self.source_attrs.insert(a, bit);
            }
            for call in &s.calls {
                self.source_calls.insert(call, bit);
            }
            if !s.literals.is_empty() {
                // validated when the library was loaded
                if let (Ok(yes), Ok(no)) = (regex::RegexSet::new(&s.literals), regex::RegexSet::new(&s.literals_except))
                {
                    self.source_literals.push((bit, yes, no, ALL_CLASSES));
                }
            }
        }
        for s in &lib.sanitizers {
            let mut bits = 0;
            for class in &s.classes {
                bits |= bit_of(self, class);
            }
            for call in &s.calls {
                self.sanitizers.insert(call, bits);
            }
        }
    }

    /// The classes a sanitizer call cleans (0: not a sanitizer).
    pub(crate) fn sanitizes(&self, callee: &str) -> u32 {
        let mut bits = 0;
        self.sanitizers.find(callee, |b| bits |= b);
        bits
    }

    /// Whether a decorator (its qualified name) makes a function a request handler.
    pub(crate) fn is_route_decorator(&self, name: &str) -> bool {
        self.routes.iter().any(|g| g.is_match(name)) && !self.routes_except.iter().any(|g| g.is_match(name))
    }

    /// The assignment rules whose file globs admit `rel`.
    pub(crate) fn assign_applies(&self, rule: &AssignRule, rel: &str) -> bool {
        (rule.files.is_empty() || rule.files.iter().any(|g| g.is_match(rel)))
            && !rule.not_files.iter().any(|g| g.is_match(rel))
    }

    /// Whether the module imports one of `modules` (or a submodule or member of one).
    pub(crate) fn imports_any(module: &Module, modules: &[String]) -> bool {
        modules.is_empty()
            || module.imports.iter().any(|(name, _)| {
                modules
                    .iter()
                    .any(|m| name == m || name.strip_prefix(m.as_str()).is_some_and(|rest| rest.starts_with('.')))
            })
    }
}

/// The qualified name of an expression that names something (a decorator, a base class, an
/// annotation), through the module's imports, without evaluating it.
pub(crate) fn qualify(module: &Module, e: &Expr) -> Option<String> {
    match e {
        Expr::Name(n, _) => Some(module.alias(n).unwrap_or(n).to_string()),
        Expr::Attr(base, attr, _) => Some(format!("{}.{attr}", qualify(module, base)?)),
        Expr::Call(c) => qualify(module, &c.func),
        Expr::Index(base, _, _) => qualify(module, base),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_kinds_are_the_literal_sources() {
        assert_eq!(LITERAL_KINDS, kind_bit("cleartext") | kind_bit("hardcoded"));
    }

    #[test]
    fn globs_match_dotted_names() {
        assert!(Glob::new("*.execute").is_match("sqlite3.connect().cursor().execute"));
        assert!(!Glob::new("*.execute").is_match("execute"));
        assert!(Glob::new("hashlib.md5").is_match("hashlib.md5"));
        assert!(Glob::new("*escape_html*").is_match("utils.escape_html_text"));
        assert!(Glob::new("numpy.random.*").is_match("numpy.random.randint"));
        assert!(!Glob::new("a*a").is_match("a"));
        assert!(Glob::new("*session[]").is_match("helpers.utils.mysession[]"));
    }

    #[test]
    fn the_index_finds_by_last_segment_and_by_wildcard() {
        let mut idx = NameIndex::default();
        idx.insert("*.execute", 1);
        idx.insert("os.system", 2);
        idx.insert("*escape*", 3);
        let mut got = Vec::new();
        idx.find("cur.execute", |v| got.push(v));
        idx.find("os.system", |v| got.push(v));
        idx.find("html.escape", |v| got.push(v));
        idx.find("os.popen", |v| got.push(v));
        assert_eq!(got, vec![1, 2, 3]);
    }
}
