//! Detectors: the checks a call, import, assignment or taint pattern cannot express, written in Rust and
//! switched on by rules (`match: { detector: { name, params } }`), plus the import rules. Each walks the
//! IR once; none needs data flow.
//!
//! - `decorator` (params `names`): a function decorated with one of these (`csrf_exempt`).
//! - `route-missing-auth` (params `auth`, `methods`): in a file whose routes use an authentication
//!   decorator, a route that changes state (POST, PUT, PATCH, DELETE) without one (A01).
//! - `login-missing-rate-limit` (params `names`, `limiters`): a login route with no rate limit (A07).
//! - `swallowed-exception` (params `calls`): `except: pass` (or `except Exception`) around
//!   authentication or cryptography calls (A09).
//! - `assert-access-control` (params `names`): `assert` deciding access; `python -O` removes it (A01).
//! - `hardcoded-password-compare` (params `names`): a password or token compared with a literal (A07).
//! - `nested-quantifier` (params `calls`): a constant regular expression given to one of `calls` (a regex
//!   literal is a call of `RegExp`) with a quantified group that itself ends in a quantifier
//!   (`(a+)+`, `(\w*)*`, `(x+){2,}`): exponential backtracking on a crafted input (ReDoS).
//! - `replace-first-only` (params `chars`): JavaScript's `s.replace('<', …)` with a string pattern, which
//!   replaces only the first occurrence, used on one of `chars` (an escaping attempt that leaves the rest).
//! - `message-origin-unchecked`: a `message` event listener whose handler never reads the event's
//!   `origin` (any window can post to it).
//! - `app-missing-setting` (params `app`, `settings`, `when`, `unless`): a file that creates an application
//!   (a call of one of `app`: `flask.Flask`) but never mentions any of `settings` (a string, keyword,
//!   attribute or name: `SESSION_COOKIE_SECURE`, `TrustedHostMiddleware`), reported at the app's creation.
//!   Only where the file mentions one of `when` (a qualified name read or called, or such a word:
//!   `flask.request.files`, `SECRET_KEY`), and never where it calls one of `unless` (the configuration is
//!   loaded from elsewhere: `*.config.from_object`; a library handles it: `flask_talisman.Talisman`).
//! - `class-extends` (params `bases`): a class with one of `bases` among its resolved base classes (a
//!   subclass of Django's `SafeString`, whose instances templates never escape).
//! - `model-all-fields` (params `bases`, `models`): a serializer or model form (a class with one of
//!   `bases`) whose `Meta` sets `fields = "__all__"` on a model named like one of `models` (users,
//!   accounts): every column, password hash and staff flag included, is read and written.
//! - `idor-candidate` (params `getters`, `request_params`, `owners`): in a request handler, an object
//!   fetched by an id that comes from the request (a URL parameter of the handler, `req.params.id`) by
//!   one of `getters` (`Note.objects.get`, `findById`), in a handler that never mentions an owner, user or
//!   permission (`owners`): a candidate for insecure direct object reference (A01), at low confidence.
//! - `query-in-response` (params `finders`, `models`, `responders`, `request_params`, `unless`): in a
//!   request handler, the result of a database query (a call of one of `finders` on a model named like one
//!   of `models`) sent as the response (`res.json(user)`, `res.send({ users })`) in a handler that
//!   mentions none of `unless` (a projection, `limit`, a DTO): whole user records with their password
//!   hashes, or lists with no bound.
//! - `dict-entry` (params `key`, `equals`, `text`, `imports`): an object or dict literal whose `key` is set
//!   to one of `equals` (`rejectUnauthorized: false`), or holds a string whose fixed text matches the
//!   regular expression `text` (`args: ['--remote-debugging-port=9222']`); with `imports`, only in files
//!   importing one of those modules.
//! - `origin-pattern-loose` (params `names`, `keys`): a regular expression literal listing allowed origins
//!   (assigned to a name like one of `names`, `corsOrigins`, or the value of one of `keys`, `origin:`, alone
//!   or in a list) with an unescaped `.` between host labels: `/^https:\/\/www.example.com$/` also
//!   accepts `wwwXexample.com`, a domain anyone can register.
//! - `method-never-called` (params `calls`, `algorithm`, `method`): an object made by one of `calls` whose
//!   first argument (a string, or a name bound to one in the function or the module) matches the regular
//!   expression `algorithm`, kept in a local name whose `method` is never called, where the object is used
//!   only through its own methods (handed to anything else, a stream pipeline say, it may be finished
//!   there): an AEAD decipher whose `final()`, the step that checks the authentication tag, never runs.
//! - `argv-option-injection` (params `calls`, `programs`, `subcommands`): a program of `programs` run by one
//!   of `calls` with an argument list written at the call whose subcommand is one of `subcommands` and that
//!   holds a value not written in the code, not the value of an option before it, with no `--` before it:
//!   a value starting with `-` becomes an option (`git clone --upload-pack=…` runs a command).
//! - `template-extension` (params `calls`, `escaped`): a template rendered by one of `calls` with a context
//!   (arguments or keywords after the name) whose name, as far as the code writes it (`"mail.txt"`,
//!   `name + ".txt"`, `"%s.txt" % x`, `"{}.txt".format(x)`, an f-string), does not end in one of the
//!   extensions `escaped`: Flask escapes only `.html`/`.htm`/`.xml`/`.xhtml`/`.svg` templates, so values
//!   rendered into any other template are not escaped.
//! - `argument-named` (params `calls`, `arg`, `kwarg`, `names`): a call of one of `calls` whose argument
//!   `arg` (or keyword `kwarg`) is a value taken whole from a name, attribute or constant key like one of
//!   `names`, compared in lower case: a whole `user` record signed into a JWT, where a literal listing the
//!   claims was meant; `Hashids(salt=app.config['SECRET_KEY'])`.
//! - `auth-failure-unlogged` (params `checks`, `request_params`, `loggers`): a request handler (a route, or
//!   a function taking a request: `req`) that checks credentials (calls one of `checks`) and logs
//!   nothing at all (calls none of `loggers`): failed logins leave no trace to alert on (A09).
use super::matchers::{qualify, Compiled, Glob};
use super::taint::Hit;
use crate::syntax::ir::{CmpOp, Expr, Function, Lit, Module, Span, Stmt};

/// The detectors [`run`] knows (a rule naming another one is refused when the rules load).
pub(crate) const NAMES: &[&str] = &[
    "name-reference",
    "missing-call",
    "dict-entry",
    "origin-pattern-loose",
    "method-never-called",
    "argv-option-injection",
    "template-extension",
    "argument-named",
    "secret-default-argument",
    "decorator",
    "route-missing-auth",
    "login-missing-rate-limit",
    "swallowed-exception",
    "assert-access-control",
    "hardcoded-password-compare",
    "nested-quantifier",
    "replace-first-only",
    "sensitive-log",
    "app-missing-setting",
    "class-extends",
    "model-all-fields",
    "idor-candidate",
    "query-in-response",
    "auth-failure-unlogged",
    "message-origin-unchecked",
];

/// Whether a code-engine rule may name this detector (the ones here and the `.sql` checks).
pub(crate) fn known(name: &str) -> bool {
    NAMES.contains(&name) || super::sql::NAMES.contains(&name)
}

/// Run the import rules and the enabled detectors over a module.
pub(crate) fn run(m: &Module, c: &Compiled) -> Vec<Hit> {
    let mut hits = Vec::new();
    let mut hit = |rule: usize, span: Span| hits.push(Hit::pattern(rule, span));
    for (name, span) in &m.imports {
        for (glob, rule) in &c.imports {
            if glob.is_match(name) || glob_prefix(glob, name) {
                hit(*rule, *span);
            }
        }
    }
    for d in &c.detectors {
        let (name, rule, params) = (&d.name, &d.rule, &d.params);
        let strings = |key: &str| -> &[String] { d.strings(key) };
        let globs = |key: &str| -> &[Glob] { d.globs(key) };
        match name.as_str() {
            "name-reference" => {
                // a qualified name read anywhere (a deprecated protocol constant, an unsafe class)
                let mut seen = rustc_hash::FxHashSet::default();
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |s| {
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let last = match x {
                                    Expr::Attr(_, a, _) | Expr::Name(a, _) => a,
                                    _ => return,
                                };
                                // a name is qualified (an allocation) only when its last segment can match
                                if !d.may_end_with("names", last) {
                                    return;
                                }
                                if let Some(q) = qualify(m, x) {
                                    if d.matches("names", &q) && seen.insert(x.span().start) {
                                        hit(*rule, x.span());
                                    }
                                }
                            })
                        })
                    });
                    for default in f.params.iter().filter_map(|p| p.default.as_ref()) {
                        if qualify(m, default).is_some_and(|q| d.matches("names", &q))
                            && seen.insert(default.span().start)
                        {
                            hit(*rule, default.span());
                        }
                    }
                }
            }
            "missing-call" => {
                // a file that calls one of `when` (creates an Express app) but none of `requires`
                // (helmet(), app.disable('x-powered-by')): reported at the first `when` call
                let requires = globs("requires");
                let mut first: Option<Span> = None;
                let mut satisfied = false;
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |s| {
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let Expr::Call(c) = x else { return };
                                let Some(q) = qualify(m, &c.func) else { return };
                                if first.is_none() && d.matches("when", &q) {
                                    first = Some(c.span);
                                }
                                let with_arg = c.args.first().and_then(Expr::as_str).map(|a| format!("{q}('{a}')"));
                                if requires
                                    .iter()
                                    .any(|g| g.is_match(&q) || with_arg.as_ref().is_some_and(|w| g.is_match(w)))
                                {
                                    satisfied = true;
                                }
                            })
                        })
                    });
                }
                if let (Some(at), false) = (first, satisfied) {
                    hit(*rule, at);
                }
            }
            "dict-entry" => {
                // an object or dict literal with `key` set to one of `equals` (`rejectUnauthorized: false`),
                // or holding a string whose fixed text matches `text` (`args: ['--remote-debugging-port=9222']`);
                // with `imports`, only in files importing one of those modules
                let key = params.get("key").and_then(|v| v.as_str()).unwrap_or_default().to_string();
                let equals: Vec<serde_json::Value> =
                    params.get("equals").and_then(|v| v.as_array()).cloned().unwrap_or_default();
                if !super::matchers::Compiled::imports_any(m, strings("imports")) {
                    continue;
                }
                let text = d.regex("text");
                if let Some(text) = text {
                    for f in &m.functions {
                        walk_stmts(&f.body, &mut |s| {
                            stmt_exprs(s, &mut |e| {
                                walk_expr(e, &mut |x| {
                                    let Expr::Dict(items, _) = x else { return };
                                    for (k, v) in items {
                                        if k.as_ref().and_then(Expr::as_str) != Some(key.as_str()) {
                                            continue;
                                        }
                                        walk_expr(v, &mut |part| {
                                            if let Expr::Lit(Lit::Str(s), sp) = part {
                                                if text.is_match(s) {
                                                    hit(*rule, *sp);
                                                }
                                            }
                                        });
                                    }
                                })
                            })
                        });
                    }
                    continue;
                }
                let matches_value = |e: &Expr| match e {
                    Expr::Lit(Lit::Bool(b), _) => equals.iter().any(|v| v.as_bool() == Some(*b)),
                    Expr::Lit(Lit::Int(i), _) => equals.iter().any(|v| v.as_i64() == Some(*i)),
                    Expr::Lit(Lit::Str(s), _) => equals.iter().any(|v| v.as_str() == Some(s.as_str())),
                    Expr::Lit(Lit::None, _) => equals.iter().any(serde_json::Value::is_null),
                    _ => false,
                };
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |s| {
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                if let Expr::Dict(items, _) = x {
                                    for (k, v) in items {
                                        if k.as_ref().and_then(Expr::as_str) == Some(key.as_str()) && matches_value(v) {
                                            hit(*rule, v.span());
                                        }
                                    }
                                }
                            })
                        })
                    });
                }
            }
            "origin-pattern-loose" => {
                let names = globs("names");
                let keys = strings("keys");
                let mut seen = rustc_hash::FxHashSet::default();
                let mut check = |value: &Expr, hits: &mut dyn FnMut(Span)| {
                    walk_expr(value, &mut |x| {
                        let Expr::Call(c) = x else { return };
                        if !matches!(&c.func, Expr::Name(n, _) if n == "RegExp") {
                            return;
                        }
                        if let Some(Expr::Lit(Lit::Str(pattern), sp)) = c.args.first() {
                            if loose_host_dot(pattern) && seen.insert(sp.start) {
                                hits(*sp);
                            }
                        }
                    })
                };
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |st| {
                        if let Stmt::Assign { targets, value, .. } = st {
                            let named = targets.iter().any(|t| match t {
                                Expr::Name(n, _) | Expr::Attr(_, n, _) => {
                                    let lower = n.to_ascii_lowercase();
                                    names.iter().any(|g| g.is_match(&lower))
                                }
                                _ => false,
                            });
                            if named {
                                check(value, &mut |sp| hit(*rule, sp));
                            }
                        }
                        stmt_exprs(st, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let Expr::Dict(items, _) = x else { return };
                                for (k, v) in items {
                                    if k.as_ref().and_then(Expr::as_str).is_some_and(|k| keys.iter().any(|w| w == k)) {
                                        check(v, &mut |sp| hit(*rule, sp));
                                    }
                                }
                            })
                        })
                    });
                }
            }
            "method-never-called" => {
                let method = params.get("method").and_then(|v| v.as_str()).unwrap_or_default();
                let algorithm = d.regex("algorithm");
                let (Some(algorithm), false) = (algorithm, method.is_empty()) else { continue };
                let module_strings = string_constants(m.functions.first());
                for (fi, f) in m.functions.iter().enumerate() {
                    let local_strings = string_constants(Some(f));
                    let mut made: Vec<(String, Span)> = Vec::new();
                    walk_stmts(&f.body, &mut |st| {
                        let Stmt::Assign { targets, value: Expr::Call(c), .. } = st else { return };
                        let [Expr::Name(var, _)] = targets.as_slice() else { return };
                        if !qualify(m, &c.func).is_some_and(|q| d.matches("calls", &q)) {
                            return;
                        }
                        let algo = match c.args.first() {
                            Some(Expr::Lit(Lit::Str(a), _)) => Some(a.as_str()),
                            Some(Expr::Name(n, _)) => {
                                local_strings.get(n.as_str()).or_else(|| module_strings.get(n.as_str())).copied()
                            }
                            _ => None,
                        };
                        if algo.is_some_and(|a| algorithm.is_match(a)) {
                            made.push((var.clone(), c.span));
                        }
                    });
                    if made.is_empty() {
                        continue;
                    }
                    // the function and the functions written inside it
                    let inside: Vec<&Function> = m
                        .functions
                        .iter()
                        .enumerate()
                        .filter(|(i, g)| *i == fi || encloses(m, fi, g))
                        .map(|(_, g)| g)
                        .collect();
                    for (var, at) in made {
                        let (mut uses, mut as_receiver, mut finished) = (0usize, 0usize, false);
                        for g in &inside {
                            walk_stmts(&g.body, &mut |st| {
                                let target_of_assign = |e: &Expr| matches!(st, Stmt::Assign { targets, .. } if targets.iter().any(|t| std::ptr::eq(t, e)));
                                stmt_exprs(st, &mut |e| {
                                    if target_of_assign(e) {
                                        return;
                                    }
                                    walk_expr(e, &mut |x| match x {
                                        Expr::Name(n, _) if *n == var => uses += 1,
                                        Expr::Call(c) => {
                                            if let Expr::Attr(base, name, _) = &c.func {
                                                if matches!(base.as_ref(), Expr::Name(n, _) if *n == var) {
                                                    as_receiver += 1;
                                                    finished |= name == method;
                                                }
                                            }
                                        }
                                        _ => {}
                                    })
                                })
                            });
                        }
                        if !finished && uses == as_receiver {
                            hit(*rule, at);
                        }
                    }
                }
            }
            "argv-option-injection" => {
                let programs = strings("programs");
                let subcommands = strings("subcommands");
                for f in &m.functions {
                    // names bound to a string in the function or a function around it are written in the
                    // code (collected only for a function with a candidate call)
                    let mut fixed: Option<rustc_hash::FxHashSet<&str>> = None;
                    walk_stmts(&f.body, &mut |st| {
                        stmt_exprs(st, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let Expr::Call(c) = x else { return };
                                // `spawn('git', [...])`, or `subprocess.run(['git', ...])`
                                let (program, argv) = match (c.args.first(), c.args.get(1)) {
                                    (Some(Expr::Lit(Lit::Str(p), _)), Some(Expr::Container(_, argv, _))) => {
                                        (p.as_str(), &argv[..])
                                    }
                                    (Some(Expr::Container(_, all, _)), _) => match all.split_first() {
                                        Some((Expr::Lit(Lit::Str(p), _), rest)) => (p.as_str(), rest),
                                        _ => return,
                                    },
                                    _ => return,
                                };
                                let program = program.rsplit(['/', '\\']).next().unwrap_or(program);
                                if !programs.iter().any(|p| p == program)
                                    || !qualify(m, &c.func).is_some_and(|q| d.matches("calls", &q))
                                {
                                    return;
                                }
                                let fixed = fixed.get_or_insert_with(|| {
                                    let mut names = rustc_hash::FxHashSet::default();
                                    let mut cur = Some(f);
                                    for _ in 0..m.functions.len() {
                                        let Some(g) = cur else { break };
                                        names.extend(string_constants(Some(g)).into_keys());
                                        cur = g.parent.and_then(|p| m.functions.get(p));
                                    }
                                    names.extend(string_constants(m.functions.first()).into_keys());
                                    names
                                });
                                let mut subcommand = false;
                                let mut previous_is_option = false;
                                for a in argv {
                                    match a.as_str() {
                                        Some("--") => return,
                                        Some(word) => {
                                            subcommand |= subcommands.iter().any(|s| s == word);
                                            // `--depth 1`: the word after an option is its value
                                            previous_is_option = word.starts_with('-') && !word.contains('=');
                                        }
                                        None if matches!(a, Expr::Starred(..)) => return,
                                        None if matches!(a, Expr::Name(n, _) if fixed.contains(n.as_str())) => {
                                            previous_is_option = false;
                                        }
                                        None => {
                                            if subcommand && !previous_is_option {
                                                hit(*rule, c.span);
                                                return;
                                            }
                                            previous_is_option = false;
                                        }
                                    }
                                }
                            })
                        })
                    });
                }
            }
            "template-extension" => {
                let escaped = strings("escaped");
                each_call(m, &mut |c| {
                    let context = c.args.len() > 1 || !c.kwargs.is_empty();
                    if !context {
                        return;
                    }
                    let Some(name) = c.args.first().or_else(|| {
                        c.kwargs.iter().find(|(k, _)| k.as_deref() == Some("template_name_or_list")).map(|(_, v)| v)
                    }) else {
                        return;
                    };
                    if !d.may_call("calls", m, &c.func) {
                        return;
                    }
                    let Some(tail) = written_tail(name) else { return };
                    if !qualify(m, &c.func).is_some_and(|q| d.matches("calls", &q)) {
                        return;
                    }
                    // the extension is what follows the last dot of the last path segment (none: no extension)
                    let file = tail.rsplit('/').next().unwrap_or(&tail);
                    let ext = file.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
                    // a name whose tail the code does not write (`"mail." + kind`) is not judged
                    if tail.ends_with('.') || (ext.is_empty() && !matches!(name, Expr::Lit(..))) {
                        return;
                    }
                    if !escaped.contains(&ext) {
                        hit(*rule, c.span);
                    }
                });
            }
            "argument-named" => {
                let names = globs("names");
                let at = params.get("arg").and_then(serde_json::Value::as_u64).unwrap_or(0) as usize;
                let kwarg = params.get("kwarg").and_then(|v| v.as_str());
                each_call(m, &mut |c| {
                    if !d.may_call("calls", m, &c.func) {
                        return;
                    }
                    let value = c.args.get(at).or_else(|| {
                        kwarg.and_then(|k| c.kwargs.iter().find(|(n, _)| n.as_deref() == Some(k)).map(|(_, v)| v))
                    });
                    let last = match value {
                        Some(Expr::Name(n, _) | Expr::Attr(_, n, _)) => n.to_ascii_lowercase(),
                        Some(Expr::Index(_, key, _)) => match key.as_str() {
                            Some(k) => k.to_ascii_lowercase(),
                            None => return,
                        },
                        _ => return,
                    };
                    if names.iter().any(|g| g.is_match(&last))
                        && qualify(m, &c.func).is_some_and(|q| d.matches("calls", &q))
                    {
                        hit(*rule, c.span);
                    }
                });
            }
            "secret-default-argument" => {
                // `def login(user, password="hunter2")`
                let names = globs("names");
                for f in &m.functions {
                    for p in &f.params {
                        let secret_name = names.iter().any(|g| g.is_match(&p.name.to_ascii_lowercase()));
                        if let (true, Some(Expr::Lit(Lit::Str(v), span))) = (secret_name, p.default.as_ref()) {
                            if !v.is_empty() {
                                hit(*rule, *span);
                            }
                        }
                    }
                }
            }
            "decorator" => {
                for f in &m.functions {
                    for decorator in &f.decorators {
                        if qualify(m, decorator).is_some_and(|q| d.matches("names", &q)) {
                            hit(*rule, decorator.span());
                        }
                    }
                }
            }
            "route-missing-auth" => {
                let public = globs("public");
                let routes: Vec<(&Function, Vec<String>)> =
                    m.functions.iter().filter_map(|f| route_methods(m, c, f).map(|ms| (f, ms))).collect();
                // on the function, or on its class (a NestJS controller guarded as a whole)
                let has_auth = |f: &Function| {
                    let class = f.class.and_then(|i| m.classes.get(i)).map(|c| c.decorators.as_slice()).unwrap_or(&[]);
                    f.decorators.iter().chain(class).any(|dec| qualify(m, dec).is_some_and(|q| d.matches("auth", &q)))
                };
                // only where the file shows what its authentication looks like
                if routes.iter().any(|(f, _)| has_auth(f)) {
                    for (f, methods) in &routes {
                        let changes = methods.iter().any(|x| matches!(x.as_str(), "POST" | "PUT" | "PATCH" | "DELETE"));
                        let is_public = public.iter().any(|g| g.is_match(&f.name.to_ascii_lowercase()));
                        if changes && !is_public && !has_auth(f) && !checks_user_in_body(f) {
                            hit(*rule, function_span(f));
                        }
                    }
                }
            }
            "login-missing-rate-limit" => {
                let names = globs("names");
                let limiters = globs("limiters");
                // login routes first: most files have none, and then nothing else is read
                let logins: Vec<&Function> = m
                    .functions
                    .iter()
                    .filter(|f| {
                        names.iter().any(|g| g.is_match(&f.name.to_ascii_lowercase()))
                            && route_methods(m, c, f).is_some()
                    })
                    .collect();
                let limited_globally = logins.is_empty()
                    || m.functions.iter().flat_map(|f| f.body.iter()).any(|s| mentions_call(s, m, limiters, true));
                if !limited_globally {
                    for f in logins {
                        let limited =
                            f.decorators.iter().any(|dec| qualify(m, dec).is_some_and(|q| d.matches("limiters", &q)));
                        if !limited {
                            hit(*rule, function_span(f));
                        }
                    }
                }
            }
            "swallowed-exception" => {
                let calls = globs("calls");
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |s| {
                        if let Stmt::Try { body, handlers, .. } = s {
                            if !body.iter().any(|b| mentions_call(b, m, calls, false)) {
                                return;
                            }
                            for h in handlers {
                                let broad = h.types.is_empty()
                                    || h.types.iter().any(|t| {
                                        qualify(m, t).is_some_and(|q| q == "Exception" || q == "BaseException")
                                    });
                                let silent = h
                                    .body
                                    .iter()
                                    .all(|b| matches!(b, Stmt::Pass(_) | Stmt::Continue(_)) || is_ellipsis(b));
                                if broad && silent {
                                    hit(*rule, h.span);
                                }
                            }
                        }
                    });
                }
            }
            "assert-access-control" => {
                let names = globs("names");
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |s| {
                        if let Stmt::Assert(test, span) = s {
                            // a type check of a permissions value (`assert isinstance(self.permissions, list)`)
                            // checks the program, not the user
                            let type_check = matches!(test, Expr::Call(c)
                                if matches!(&c.func, Expr::Name(n, _) if matches!(n.as_str(), "isinstance" | "issubclass" | "hasattr" | "callable")));
                            if type_check {
                                return;
                            }
                            let mut found = false;
                            walk_expr(test, &mut |e| match e {
                                Expr::Name(n, _) | Expr::Attr(_, n, _) => {
                                    found |= names.iter().any(|g| g.is_match(&n.to_ascii_lowercase()))
                                }
                                _ => {}
                            });
                            if found {
                                hit(*rule, *span);
                            }
                        }
                    });
                }
            }
            "hardcoded-password-compare" => {
                let names = globs("names");
                // the secret-like name a side is called by, lower-cased
                let secret_name = |e: &Expr| -> Option<String> {
                    let n = match e {
                        Expr::Name(n, _) | Expr::Attr(_, n, _) => n.to_ascii_lowercase(),
                        Expr::Index(_, k, _) => k.as_str()?.to_ascii_lowercase(),
                        _ => return None,
                    };
                    names.iter().any(|g| g.is_match(&n)).then_some(n)
                };
                let secret_literal = |e: &Expr, name: &str| match e {
                    Expr::Lit(Lit::Str(s), _) => credential_literal(s, name),
                    _ => false,
                };
                for f in &m.functions {
                    walk_stmts(&f.body, &mut |s| {
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                if let Expr::Compare(left, ops, span) = x {
                                    if let [(CmpOp::Eq | CmpOp::NotEq, right)] = ops.as_slice() {
                                        if secret_name(left).is_some_and(|n| secret_literal(right, &n))
                                            || secret_name(right).is_some_and(|n| secret_literal(left, &n))
                                        {
                                            hit(*rule, *span);
                                        }
                                    }
                                }
                            });
                        });
                    });
                }
            }
            "nested-quantifier" => {
                each_call(m, &mut |c| {
                    if !matches!(c.args.first(), Some(Expr::Lit(Lit::Str(_), _))) || !d.may_call("calls", m, &c.func) {
                        return;
                    }
                    let Some(q) = qualify(m, &c.func) else { return };
                    if !d.matches("calls", &q) {
                        return;
                    }
                    if let Some(Expr::Lit(Lit::Str(pattern), span)) = c.args.first() {
                        if nested_quantifier(pattern) {
                            hit(*rule, *span);
                        }
                    }
                });
            }
            "replace-first-only" => {
                let chars = strings("chars");
                each_call(m, &mut |c| {
                    let Expr::Attr(_, method, _) = &c.func else { return };
                    if method != "replace" {
                        return;
                    }
                    if let Some(Expr::Lit(Lit::Str(pattern), _)) = c.args.first() {
                        if chars.iter().any(|ch| ch == pattern) {
                            hit(*rule, c.span);
                        }
                    }
                });
            }
            "sensitive-log" => {
                // a log call whose arguments read a variable, attribute or key named as a credential or
                // personal datum (`password`, `token`, `card_number`), directly or inside a built string
                each_call(m, &mut |c| {
                    if !d.may_call("callee", m, &c.func) {
                        return;
                    }
                    let Some(q) = callee(m, c) else { return };
                    if !d.matches("callee", &q) {
                        return;
                    }
                    let mut sensitive = false;
                    for a in c.args.iter().chain(c.kwargs.iter().map(|(_, v)| v)) {
                        walk_expr(a, &mut |x| {
                            let (name, attribute) = match x {
                                Expr::Name(n, _) => (Some(n.as_str()), false),
                                Expr::Attr(_, n, _) => (Some(n.as_str()), true),
                                Expr::Index(_, k, _) => (k.as_str(), false),
                                _ => (None, false),
                            };
                            // `checkout.token`, `card.pin`: on an object, a bare `token` or `pin` is as often an
                            // identifier as a credential; `user.access_token` is not
                            let ambiguous = attribute
                                && name.is_some_and(|n| matches!(n.to_ascii_lowercase().as_str(), "token" | "pin"));
                            if !ambiguous && name.is_some_and(sensitive_name) {
                                sensitive = true;
                            }
                        });
                        // `{ password }` / `{"password": x}` handed to a structured logger
                        if let Expr::Dict(entries, _) = a {
                            if entries
                                .iter()
                                .any(|(k, _)| k.as_ref().and_then(Expr::as_str).is_some_and(sensitive_name))
                            {
                                sensitive = true;
                            }
                        }
                    }
                    if sensitive {
                        hit(*rule, c.span);
                    }
                });
            }
            "app-missing-setting" => {
                let (settings, when) = (globs("settings"), globs("when"));
                let mut first: Option<Span> = None;
                let mut handled = false;
                each_call(m, &mut |c| {
                    if !d.may_call("app", m, &c.func) && !d.may_call("unless", m, &c.func) {
                        return;
                    }
                    let Some(q) = qualify(m, &c.func) else { return };
                    if first.is_none() && d.matches("app", &q) {
                        first = Some(c.span);
                    }
                    handled |= d.matches("unless", &q);
                });
                // the module's words only for a file that creates an app and configures it here
                if let (Some(at), false) = (first, handled) {
                    let words = mentions(m);
                    let mentioned = |gs: &[Glob]| words.iter().any(|w| gs.iter().any(|g| g.is_match(w)));
                    if !mentioned(settings) && (when.is_empty() || mentioned(when)) {
                        hit(*rule, at);
                    }
                }
            }
            "class-extends" => {
                for class in &m.classes {
                    if class.bases.iter().any(|b| qualify(m, b).is_some_and(|q| d.matches("bases", &q))) {
                        hit(*rule, class.span);
                    }
                }
            }
            "model-all-fields" => {
                let models = globs("models");
                for outer in &m.classes {
                    if !outer.bases.iter().any(|b| qualify(m, b).is_some_and(|q| d.matches("bases", &q))) {
                        continue;
                    }
                    // its `class Meta:` (a class defined inside it)
                    let metas = m.classes.iter().filter(|c| {
                        c.name == "Meta" && c.span.start > outer.span.start && c.span.end <= outer.span.end
                    });
                    for meta in metas {
                        let (mut all_fields, mut sensitive) = (None, false);
                        for st in &meta.body {
                            let Stmt::Assign { targets, value, span, .. } = st else { continue };
                            let Some(Expr::Name(target, _)) = targets.first() else { continue };
                            match (target.as_str(), value) {
                                ("fields", Expr::Lit(Lit::Str(v), _)) if v == "__all__" => all_fields = Some(*span),
                                ("model", model) => {
                                    // `model = User`, `model = auth.models.User`, `model = get_user_model()`
                                    let name = qualify(m, model).unwrap_or_default();
                                    let last = name.rsplit('.').next().unwrap_or_default().to_string();
                                    sensitive = models.iter().any(|g| g.is_match(&last) || g.is_match(&name));
                                }
                                _ => {}
                            }
                        }
                        if let (Some(at), true) = (all_fields, sensitive) {
                            hit(*rule, at);
                        }
                    }
                }
            }
            "idor-candidate" => {
                let owners = globs("owners");
                let request_params = strings("request_params");
                for f in &m.functions {
                    if !is_handler(m, c, f, request_params) {
                        continue;
                    }
                    let request = f.params.iter().find(|p| request_params.contains(&p.name)).map(|p| p.name.as_str());
                    // the handler's own parameters other than the request (URL parameters: `note_id`, `pk`)
                    let url_params: Vec<&str> = f
                        .params
                        .iter()
                        .map(|p| p.name.as_str())
                        .filter(|n| Some(*n) != request && !matches!(*n, "self" | "cls" | "res" | "next"))
                        .collect();
                    let from_request = |e: &Expr| {
                        let mut found = false;
                        walk_expr(e, &mut |x| match x {
                            Expr::Name(n, _) => found |= url_params.contains(&n.as_str()),
                            // `req.params.id`, `request.args["id"]`
                            Expr::Attr(base, _, _) => {
                                if let (Expr::Name(b, _), Some(r)) = (base.as_ref(), request) {
                                    found |= b == r;
                                }
                            }
                            _ => {}
                        });
                        found
                    };
                    let mut candidates = Vec::new();
                    walk_stmts(&f.body, &mut |s| {
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let Expr::Call(call) = x else { return };
                                if !d.may_call("getters", m, &call.func) {
                                    return;
                                }
                                let Some(q) = callee(m, call) else { return };
                                // the id: a positional argument, or a keyword naming one (`pk=`, `note_id=`)
                                let id_like = |k: &str| {
                                    let k = k.to_ascii_lowercase();
                                    k == "pk" || k == "id" || k == "uuid" || k.ends_with("_id") || k.ends_with("_pk")
                                };
                                let by_keyword = call
                                    .kwargs
                                    .iter()
                                    .filter(|(k, _)| k.as_deref().is_some_and(id_like))
                                    .map(|(_, v)| v);
                                if d.matches("getters", &q) && call.args.iter().chain(by_keyword).any(from_request) {
                                    candidates.push(call.span);
                                }
                            })
                        })
                    });
                    if candidates.is_empty() {
                        continue;
                    }
                    if function_mentions(m, f, owners) {
                        continue;
                    }
                    for at in candidates {
                        hit(*rule, at);
                    }
                }
            }
            "query-in-response" => {
                let (models, unless) = (globs("models"), globs("unless"));
                let (responders, request_params) = (strings("responders"), strings("request_params"));
                // a query of a matching model: `User.findOne(...)`, `prisma.user.findMany()`
                let is_query = |e: &Expr| {
                    let mut found = false;
                    walk_expr(e, &mut |x| {
                        let Expr::Call(call) = x else { return };
                        let Some(q) = callee(m, call) else { return };
                        let Expr::Attr(receiver, _, _) = &call.func else { return };
                        let model = match receiver.as_ref() {
                            Expr::Name(n, _) | Expr::Attr(_, n, _) => n.as_str(),
                            _ => return,
                        };
                        found |=
                            d.matches("finders", &q) && (models.is_empty() || models.iter().any(|g| g.is_match(model)));
                    });
                    found
                };
                for f in &m.functions {
                    if !is_handler(m, c, f, request_params) {
                        continue;
                    }
                    let mut queried: rustc_hash::FxHashSet<String> = rustc_hash::FxHashSet::default();
                    let mut at: Option<Span> = None;
                    walk_stmts(&f.body, &mut |s| {
                        if let Stmt::Assign { targets, value, .. } = s {
                            if let [Expr::Name(v, _)] = targets.as_slice() {
                                if is_query(value) {
                                    queried.insert(v.clone());
                                }
                            }
                        }
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let Expr::Call(call) = x else { return };
                                let Expr::Attr(_, method, _) = &call.func else { return };
                                if !responders.contains(method) || at.is_some() {
                                    return;
                                }
                                // the record itself, or inside an object literal (`{ user }`), or the query
                                let sent = call.args.first().is_some_and(|a| match a {
                                    Expr::Name(v, _) => queried.contains(v.as_str()),
                                    Expr::Dict(items, _) => items
                                        .iter()
                                        .any(|(_, v)| matches!(v, Expr::Name(n, _) if queried.contains(n.as_str()))),
                                    other => is_query(other),
                                });
                                if sent {
                                    at = Some(call.span);
                                }
                            })
                        })
                    });
                    let Some(at) = at else { continue };
                    if !function_mentions(m, f, unless) {
                        hit(*rule, at);
                    }
                }
            }
            "auth-failure-unlogged" => {
                let loggers = globs("loggers");
                let request_params = strings("request_params");
                // a function that is itself a check (an authentication backend's `authenticate`)
                let check_names: Vec<Glob> =
                    strings("checks").iter().map(|s| Glob::new(s.rsplit('.').next().unwrap_or(s))).collect();
                for f in &m.functions {
                    // a handler, not a helper that answers whether a password matches
                    if !is_handler(m, c, f, request_params) || check_names.iter().any(|g| g.is_match(&f.name)) {
                        continue;
                    }
                    // the first check (by the last segment first: most handlers call none), then, only in
                    // a handler that checks, whether it logs
                    let mut check: Option<Span> = None;
                    walk_stmts(&f.body, &mut |s| {
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let Expr::Call(call) = x else { return };
                                if check.is_some() || !d.may_call("checks", m, &call.func) {
                                    return;
                                }
                                if callee(m, call).is_some_and(|q| d.matches("checks", &q)) {
                                    check = Some(call.span);
                                }
                            })
                        })
                    });
                    if check.is_none() {
                        continue;
                    }
                    let mut logs = false;
                    walk_stmts(&f.body, &mut |s| {
                        stmt_exprs(s, &mut |e| {
                            walk_expr(e, &mut |x| {
                                let Expr::Call(call) = x else { return };
                                if !logs {
                                    logs = callee(m, call).is_some_and(|q| d.matches("loggers", &q));
                                }
                            })
                        })
                    });
                    // the handlers nested in it (callbacks of passport.authenticate, promise handlers) count
                    if !logs {
                        logs = m
                            .functions
                            .iter()
                            .filter(|g| g.parent.and_then(|p| m.functions.get(p)).is_some_and(|p| std::ptr::eq(p, f)))
                            .any(|g| g.body.iter().any(|s| mentions_call(s, m, loggers, false)));
                    }
                    if let (Some(at), false) = (check, logs) {
                        hit(*rule, at);
                    }
                }
            }
            "message-origin-unchecked" => {
                each_call(m, &mut |c| {
                    let Some(q) = callee(m, c) else { return };
                    if !(q == "addEventListener" || q.ends_with(".addEventListener")) {
                        return;
                    }
                    if c.args.first().and_then(Expr::as_str) != Some("message") {
                        return;
                    }
                    let handler = match c.args.get(1) {
                        Some(Expr::Lambda(i, _)) => m.functions.get(*i),
                        Some(Expr::Name(n, _)) => m.functions.iter().find(|f| &f.name == n),
                        _ => None,
                    };
                    if let Some(f) = handler {
                        if !reads_origin(f) {
                            hit(*rule, c.span);
                        }
                    }
                });
            }
            _ => {}
        }
    }
    hits
}

/// A name that holds a credential or a personal datum (`password`, `api_key`, `cardNumber`), not one that
/// describes it (`password_hash`, `token_type`, `PASSWORD_MIN_LENGTH`).
fn sensitive_name(name: &str) -> bool {
    // camelCase to snake_case, so that `cardNumber` and `card_number` read alike; a capital after a
    // capital or underscore starts no new word (`DB_PASSWORD` is `db_password`, not `d_b__p_a_s_s…`)
    let mut snake = String::with_capacity(name.len() + 4);
    let mut previous: Option<char> = None;
    for c in name.chars() {
        if c.is_ascii_uppercase() && previous.is_some_and(|p| p.is_ascii_lowercase() || p.is_ascii_digit()) {
            snake.push('_');
        }
        snake.push(c.to_ascii_lowercase());
        previous = Some(c);
    }
    let n = snake.trim_matches('_');
    const WORDS: &[&str] = &[
        "password",
        "passwd",
        "passphrase",
        "pwd",
        "secret",
        "token",
        "api_key",
        "apikey",
        "access_key",
        "private_key",
        "credential",
        "credentials",
        "card_number",
        "credit_card",
        "cvv",
        "cvc",
        "ssn",
        "pin",
    ];
    // the word last: `user_password`, `access_token` (a name that starts with it is usually about the value:
    // `token_payload`, `password_reset_url`), and confirmation fields of forms
    let has = WORDS.iter().any(|w| n == *w || n.ends_with(&format!("_{w}")))
        || n.starts_with("password_confirm")
        || n == "password1"
        || n == "password2";
    has && !crate::secrets::checks::metadata_key(n)
        && !n.contains("hash")
        && !n.ends_with("_count")
        && !n.contains("reset")
        && !n.contains("expire")
        && !n.ends_with("_exp")
}

/// A request handler: a route (by its decorators), or a function taking a request parameter named like
/// one of `request_params` (`req`, `ctx`, Django's `request`).
fn is_handler(m: &Module, c: &Compiled, f: &Function, request_params: &[String]) -> bool {
    f.params.iter().any(|p| request_params.contains(&p.name)) || route_methods(m, c, f).is_some()
}

/// The qualified name of what a call calls, or its dotted text when the name does not resolve.
fn callee(m: &Module, call: &crate::syntax::ir::Call) -> Option<String> {
    qualify(m, &call.func).or_else(|| call.func.dotted())
}

/// Whether a function mentions a word matching one of `globs` (compared in lower case).
fn function_mentions(m: &Module, f: &Function, globs: &[Glob]) -> bool {
    let mut words = rustc_hash::FxHashSet::default();
    function_words(m, f, &mut words);
    words.iter().any(|w| {
        let w = w.to_ascii_lowercase();
        globs.iter().any(|g| g.is_match(&w))
    })
}

/// Every word a module mentions: string constants, keyword names, names and attribute names, dict keys,
/// and the qualified names of what it reads and calls (decorators and class bodies included).
fn mentions(m: &Module) -> rustc_hash::FxHashSet<String> {
    let mut words = rustc_hash::FxHashSet::default();
    for f in &m.functions {
        function_words(m, f, &mut words);
    }
    for c in &m.classes {
        walk_stmts(&c.body, &mut |s| stmt_exprs(s, &mut |e| walk_expr(e, &mut |x| add_word(m, &mut words, x))));
        words.extend(c.fields.iter().map(|(name, _)| name.clone()));
    }
    words
}

/// The words of one function: its body, decorators and parameter defaults (see [`mentions`]).
fn function_words(m: &Module, f: &Function, words: &mut rustc_hash::FxHashSet<String>) {
    walk_stmts(&f.body, &mut |s| stmt_exprs(s, &mut |e| walk_expr(e, &mut |x| add_word(m, words, x))));
    for d in f.decorators.iter().chain(f.params.iter().filter_map(|p| p.default.as_ref())) {
        walk_expr(d, &mut |x| add_word(m, words, x));
    }
}

fn add_word(m: &Module, words: &mut rustc_hash::FxHashSet<String>, x: &Expr) {
    match x {
        Expr::Lit(Lit::Str(s), _) if s.len() <= 200 => {
            words.insert(s.clone());
        }
        Expr::Name(n, _) | Expr::Attr(_, n, _) => {
            words.insert(n.clone());
            if let Some(q) = qualify(m, x) {
                words.insert(q);
            }
        }
        Expr::Call(c) => {
            words.extend(c.kwargs.iter().filter_map(|(k, _)| k.clone()));
        }
        _ => {}
    }
}

/// Every call of the module, in every function.
fn each_call(m: &Module, f: &mut impl FnMut(&crate::syntax::ir::Call)) {
    for func in &m.functions {
        walk_stmts(&func.body, &mut |s| {
            stmt_exprs(s, &mut |e| {
                walk_expr(e, &mut |x| {
                    if let Expr::Call(c) = x {
                        f(c);
                    }
                })
            })
        });
    }
}

/// Whether a message handler looks at where the message came from (`e.origin`, a destructured
/// `origin`, `e.source`).
fn reads_origin(f: &Function) -> bool {
    if f.params.iter().any(|p| p.name == "origin") {
        return true;
    }
    let mut found = false;
    walk_stmts(&f.body, &mut |s| {
        stmt_exprs(s, &mut |e| {
            walk_expr(e, &mut |x| match x {
                Expr::Attr(_, a, _) if a == "origin" || a == "source" => found = true,
                Expr::Name(n, _) if n == "origin" => found = true,
                _ => {}
            })
        })
    });
    found
}

/// Whether a regular expression repeats a group whose content is itself only repetition (`(a+)+`,
/// `(\\w+\\s?)*`, `(\\d+){2,}`): every iteration can match the same text in many ways, the classic
/// exponential-backtracking shape. A group with a part that must appear exactly once (`(\\.\\w+)*`) is
/// not reported.
pub(crate) fn nested_quantifier(pattern: &str) -> bool {
    #[derive(Default, Clone, Copy)]
    struct Frame {
        // in the current alternative: some part repeats / some part appears exactly once
        quant: bool,
        once: bool,
        // an earlier alternative was only repetition
        risky: bool,
    }
    let b = pattern.as_bytes();
    let mut stack: Vec<Frame> = vec![Frame::default()];
    let mut i = 0;
    // the quantifier at `at`: (repeats without bound, may be absent)
    let quantifier = |at: usize| -> (bool, bool, usize) {
        match b.get(at) {
            Some(b'+') => (true, false, 1),
            Some(b'*') => (true, true, 1),
            Some(b'?') => (false, true, 1),
            Some(b'{') => {
                let end = b[at..].iter().position(|c| *c == b'}').map_or(0, |e| e + 1);
                if end == 0 {
                    return (false, false, 0);
                }
                let min_zero = b.get(at + 1) == Some(&b'0');
                (unbounded_brace(&b[at..]), min_zero, end)
            }
            _ => (false, false, 0),
        }
    };
    while i < b.len() {
        // one atom: its end, and for a group the frame it closes
        let (atom_end, group): (usize, Option<Frame>) = match b[i] {
            b'\\' => {
                // \b and \B are positions, not characters
                if matches!(b.get(i + 1), Some(b'b' | b'B')) {
                    i += 2;
                    continue;
                }
                (i + 2, None)
            }
            b'[' => {
                let mut j = i + 1;
                while j < b.len() && b[j] != b']' {
                    j += if b[j] == b'\\' { 2 } else { 1 };
                }
                (j + 1, None)
            }
            b'(' => {
                if stack.len() >= 64 {
                    return false;
                }
                stack.push(Frame::default());
                i += 1;
                continue;
            }
            b'|' => {
                if let Some(top) = stack.last_mut() {
                    top.risky |= top.quant && !top.once;
                    top.quant = false;
                    top.once = false;
                }
                i += 1;
                continue;
            }
            b')' => {
                let closed = stack.pop().unwrap_or_default();
                if stack.is_empty() {
                    stack.push(Frame::default());
                }
                (i + 1, Some(closed))
            }
            b'^' | b'$' => {
                i += 1;
                continue;
            }
            _ => (i + 1, None),
        };
        let (unbounded, optional, len) = quantifier(atom_end.min(b.len()));
        // a lazy or possessive mark after the quantifier
        let mut next = atom_end + len;
        if len > 0 && matches!(b.get(next), Some(b'?' | b'+')) {
            next += 1;
        }
        let Some(top) = stack.last_mut() else { return false };
        match group {
            Some(g) => {
                let only_repetition = g.risky || (g.quant && !g.once);
                if unbounded && only_repetition {
                    return true;
                }
                if unbounded {
                    top.quant = true;
                } else if !optional {
                    top.quant |= g.quant;
                    top.once |= g.once;
                }
            }
            None => {
                if unbounded {
                    top.quant = true;
                } else if !optional {
                    top.once = true;
                }
            }
        }
        i = next.max(i + 1);
    }
    false
}

/// Whether `{…}` at the start of `b` is a quantifier without an upper bound or with a large one.
fn unbounded_brace(b: &[u8]) -> bool {
    let end = b.iter().position(|c| *c == b'}').unwrap_or(0);
    let inner = std::str::from_utf8(b.get(1..end).unwrap_or_default()).unwrap_or_default();
    match inner.split_once(',') {
        Some((lo, hi)) => {
            lo.chars().all(|c| c.is_ascii_digit()) && (hi.is_empty() || hi.parse::<u32>().is_ok_and(|h| h > 10))
        }
        None => false,
    }
}

/// Where a finding about a function points: from its first decorator to its name.
fn function_span(f: &Function) -> Span {
    let start = f.decorators.first().map_or(f.head.start, |d| d.span().start.saturating_sub(1));
    Span { start: start.min(f.head.start), end: f.head.end }
}

/// `glob` written as a module (`telnetlib`) matches its members (`telnetlib.Telnet`).
fn glob_prefix(glob: &Glob, name: &str) -> bool {
    let mut rest = name;
    while let Some(i) = rest.rfind('.') {
        rest = &rest[..i];
        if glob.is_match(rest) {
            return true;
        }
    }
    false
}

fn is_ellipsis(s: &Stmt) -> bool {
    matches!(s, Stmt::Expr(Expr::Unknown(_)))
}

/// The HTTP methods a route handles, if the function is a route (`@app.route(..., methods=[...])`,
/// `@app.post(...)`); `GET` when a route decorator names none.
fn route_methods(m: &Module, c: &Compiled, f: &Function) -> Option<Vec<String>> {
    let mut out: Option<Vec<String>> = None;
    for d in &f.decorators {
        let Some(q) = qualify(m, d) else { continue };
        if !c.is_route_decorator(&q) {
            continue;
        }
        let last = q.rsplit('.').next().unwrap_or_default().to_ascii_uppercase();
        let last = last.strip_prefix("REQUIRE_").unwrap_or(&last).to_string();
        let mut methods = Vec::new();
        if matches!(last.as_str(), "GET" | "POST" | "PUT" | "PATCH" | "DELETE") {
            methods.push(last.clone());
        }
        if let Expr::Call(call) = d {
            // Flask's methods=[...], Django's require_http_methods([...])
            let list = if last == "HTTP_METHODS" {
                call.arg(Some(0), Some("request_method_list"))
            } else {
                call.arg(None, Some("methods"))
            };
            if let Some(Expr::Container(_, items, _)) = list {
                methods.extend(items.iter().filter_map(|i| i.as_str()).map(|s| s.to_ascii_uppercase()));
            }
        }
        if methods.is_empty() {
            methods.push("GET".into());
        }
        out.get_or_insert_with(Vec::new).extend(methods);
    }
    out
}

/// Whether a function body checks the user itself (`current_user.is_authenticated`, `request.user`).
fn checks_user_in_body(f: &Function) -> bool {
    let mut found = false;
    walk_stmts(&f.body, &mut |s| {
        stmt_exprs(s, &mut |e| {
            walk_expr(e, &mut |x| {
                if let Expr::Attr(_, a, _) | Expr::Name(a, _) = x {
                    found |= matches!(
                        a.as_str(),
                        "is_authenticated"
                            | "current_user"
                            | "login_required"
                            | "has_permission"
                            | "check_permission"
                            | "verify_jwt_in_request"
                    );
                }
            })
        })
    });
    found
}

/// Whether a statement (and what it contains) calls one of `calls`; `top_only`: not inside nested blocks.
fn mentions_call(s: &Stmt, m: &Module, calls: &[Glob], top_only: bool) -> bool {
    let mut found = false;
    let mut check = |e: &Expr| {
        walk_expr(e, &mut |x| {
            if let Expr::Call(c) = x {
                if let Some(q) = qualify(m, &c.func) {
                    found |= calls.iter().any(|g| g.is_match(&q) || g.is_match(&q.to_ascii_lowercase()));
                }
            }
        })
    };
    if top_only {
        stmt_exprs(s, &mut check);
    } else {
        walk_stmts(std::slice::from_ref(s), &mut |s| stmt_exprs(s, &mut check));
    }
    found
}

/// Every statement, nested blocks included (not nested functions: they are functions of their own).
pub(crate) fn walk_stmts(stmts: &[Stmt], f: &mut impl FnMut(&Stmt)) {
    for s in stmts {
        f(s);
        match s {
            Stmt::If { then, orelse, .. } => {
                walk_stmts(then, f);
                walk_stmts(orelse, f);
            }
            Stmt::Loop { body, orelse, .. } => {
                walk_stmts(body, f);
                walk_stmts(orelse, f);
            }
            Stmt::Try { body, handlers, orelse, finally, .. } => {
                walk_stmts(body, f);
                for h in handlers {
                    walk_stmts(&h.body, f);
                }
                walk_stmts(orelse, f);
                walk_stmts(finally, f);
            }
            Stmt::With { body, .. } => walk_stmts(body, f),
            _ => {}
        }
    }
}

/// The expressions directly in a statement (not in its nested blocks).
pub(crate) fn stmt_exprs(s: &Stmt, f: &mut impl FnMut(&Expr)) {
    match s {
        Stmt::Assign { targets, value, .. } => {
            for t in targets {
                f(t);
            }
            f(value);
        }
        Stmt::Expr(e) | Stmt::Assert(e, _) => f(e),
        Stmt::Return(Some(e), _) | Stmt::Raise(Some(e), _) => f(e),
        Stmt::If { test, .. } => f(test),
        Stmt::Loop { target, iter, test, .. } => {
            for e in [target, iter, test].into_iter().flatten() {
                f(e);
            }
        }
        Stmt::With { items, .. } => {
            for (e, t) in items {
                f(e);
                if let Some(t) = t {
                    f(t);
                }
            }
        }
        _ => {}
    }
}

/// Every sub-expression, the expression first.
pub(crate) fn walk_expr(e: &Expr, f: &mut impl FnMut(&Expr)) {
    f(e);
    match e {
        Expr::Attr(b, _, _) | Expr::Slice(b, _) | Expr::Unary(_, b, _) | Expr::Starred(b, _) => walk_expr(b, f),
        Expr::Index(a, b, _) | Expr::Bin(_, a, b, _) => {
            walk_expr(a, f);
            walk_expr(b, f);
        }
        Expr::Build(parts, _) | Expr::Container(_, parts, _) | Expr::Bool(_, parts, _) => {
            for p in parts {
                walk_expr(p, f);
            }
        }
        Expr::Dict(items, _) => {
            for (k, v) in items {
                if let Some(k) = k {
                    walk_expr(k, f);
                }
                walk_expr(v, f);
            }
        }
        Expr::Call(c) => {
            walk_expr(&c.func, f);
            for a in &c.args {
                walk_expr(a, f);
            }
            for (_, v) in &c.kwargs {
                walk_expr(v, f);
            }
        }
        Expr::Compare(l, rest, _) => {
            walk_expr(l, f);
            for (_, r) in rest {
                walk_expr(r, f);
            }
        }
        Expr::IfExp(a, b, c, _) => {
            walk_expr(a, f);
            walk_expr(b, f);
            walk_expr(c, f);
        }
        Expr::Comprehension(elt, gens, _) => {
            walk_expr(elt, f);
            for (t, i) in gens {
                walk_expr(t, f);
                walk_expr(i, f);
            }
        }
        Expr::Name(..) | Expr::Lit(..) | Expr::Lambda(..) | Expr::Unknown(_) => {}
    }
}

/// The end of a string as the code writes it: a literal, the last part of a concatenation or an f-string,
/// the format of `"%s.txt" % x` or `"{}.txt".format(x)`.
fn written_tail(e: &Expr) -> Option<String> {
    match e {
        Expr::Lit(Lit::Str(s), _) => Some(s.clone()),
        Expr::Bin(crate::syntax::ir::BinOp::Add, _, right, _) => written_tail(right),
        Expr::Bin(crate::syntax::ir::BinOp::Mod, left, _, _) => match left.as_ref() {
            Expr::Lit(Lit::Str(s), _) if !s.ends_with("%s") => Some(s.clone()),
            _ => None,
        },
        Expr::Build(parts, _) => parts.last().and_then(|p| match p {
            Expr::Lit(Lit::Str(s), _) => Some(s.clone()),
            _ => None,
        }),
        Expr::Call(c) => match &c.func {
            Expr::Attr(base, method, _) if method == "format" => match base.as_ref() {
                Expr::Lit(Lit::Str(s), _) if !s.ends_with('}') => Some(s.clone()),
                _ => None,
            },
            _ => None,
        },
        _ => None,
    }
}

/// The names a function (or the module) binds to a string literal, each to its last such value.
fn string_constants(f: Option<&Function>) -> rustc_hash::FxHashMap<&str, &str> {
    let mut out = rustc_hash::FxHashMap::default();
    if let Some(f) = f {
        for st in &f.body {
            if let Stmt::Assign { targets, value: Expr::Lit(Lit::Str(v), _), .. } = st {
                if let [Expr::Name(n, _)] = targets.as_slice() {
                    out.insert(n.as_str(), v.as_str());
                }
            }
        }
    }
    out
}

/// Whether function `outer` (an index) encloses `g`, directly or through other functions.
fn encloses(m: &Module, outer: usize, g: &Function) -> bool {
    let mut cur = g.parent;
    for _ in 0..m.functions.len() {
        match cur {
            Some(p) if p == outer => return true,
            Some(p) => cur = m.functions.get(p).and_then(|x| x.parent),
            None => return false,
        }
    }
    false
}

/// Whether a regular expression has a `.` that is not escaped between two host labels (`www.example`,
/// `(a|b).example`): it matches any character, so the pattern accepts hosts it was not meant to.
fn loose_host_dot(pattern: &str) -> bool {
    let b = pattern.as_bytes();
    let mut escaped = false;
    let mut in_class = false;
    for (i, &c) in b.iter().enumerate() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            b'\\' => escaped = true,
            b'[' => in_class = true,
            b']' => in_class = false,
            b'.' if !in_class => {
                let before = i.checked_sub(1).and_then(|j| b.get(j)).copied().unwrap_or(b' ');
                let after = b.get(i + 1).copied().unwrap_or(b' ');
                let label_end = before.is_ascii_alphanumeric() || before == b')';
                if label_end && after.is_ascii_alphabetic() {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// Whether `text`, compared with something called `name` (lower-cased), can be a credential written in
/// the code: not empty or spaced, not a sentinel in capitals (`"NOTPROVIDED"`, `"COLLATE"`), and for a
/// token (which a parser's tokens are called too) not a bare word (`token == "not"`).
fn credential_literal(text: &str, name: &str) -> bool {
    if text.chars().count() < 3 || text.contains(' ') {
        return false;
    }
    let sentinel = text.starts_with(|c: char| c.is_ascii_uppercase())
        && text.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
    if sentinel {
        return false;
    }
    let word = text.chars().all(|c| c.is_ascii_lowercase() || c == '_' || c == '-');
    !(word && name.ends_with("token"))
}

#[cfg(test)]
mod tests {
    use super::{credential_literal, loose_host_dot, sensitive_name};

    #[test]
    fn credential_literals() {
        assert!(credential_literal("letmein", "password"));
        assert!(credential_literal("abc123def", "api_token"));
        assert!(!credential_literal("not", "token"));
        assert!(!credential_literal("make", "token"));
        assert!(!credential_literal("NOTPROVIDED", "csrf_token"));
        assert!(!credential_literal("COLLATE", "token"));
        assert!(!credential_literal("", "password"));
        assert!(!credential_literal("two words", "password"));
    }

    #[test]
    fn loose_dots_between_host_labels() {
        for p in [r"^https:\/\/www.example.com$", r"^(http|https):\/\/(a|b).example\.com$", "example.org"] {
            assert!(loose_host_dot(p), "{p}");
        }
        for p in
            [r"^https:\/\/www\.example\.com$", r"(.+\.)*example\.com$", r"localhost\:", r"[a-z.]+\.example\.com", ".*"]
        {
            assert!(!loose_host_dot(p), "{p}");
        }
    }

    #[test]
    fn sensitive_names() {
        for n in [
            "password",
            "user_password",
            "apiKey",
            "cardNumber",
            "access_token",
            "client_secret",
            "DB_PASSWORD",
            "API_TOKEN",
        ] {
            assert!(sensitive_name(n), "{n}");
        }
        for n in [
            "password_hash",
            "token_type",
            "PASSWORD_MIN_LENGTH",
            "username",
            "tokenizer",
            "secret_name",
            "reset_token_expires",
            "token_exp",
            "token_payload",
        ] {
            assert!(!sensitive_name(n), "{n}");
        }
    }
}

#[cfg(test)]
mod names_tests {
    /// Every detector `run` dispatches on is listed in NAMES, and nothing else is.
    #[test]
    fn the_list_of_names_is_the_dispatch() {
        let source = include_str!("detectors.rs");
        let arms: Vec<&str> = source
            .lines()
            .filter_map(|l| l.strip_prefix("            \"").and_then(|r| r.strip_suffix("\" => {")))
            .collect();
        assert_eq!(arms, super::NAMES);
    }
}
