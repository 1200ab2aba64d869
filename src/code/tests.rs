//! Unit tests of the interpreter: propagation, sanitizers, summaries, flow-sensitivity.
use super::*;

fn findings(src: &str) -> Vec<(String, u32)> {
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let engine = CodeEngine::new(set, &[]);
    let (found, errors) = engine.python("t.py", src).expect("parses");
    assert!(errors.is_empty(), "{errors:?}");
    found.into_iter().map(|f| (f.rule_id, f.line_number.unwrap_or(0))).collect()
}

fn has(src: &str, rule: &str) -> bool {
    findings(src).iter().any(|(r, _)| r == rule)
}

#[test]
fn a_value_reassigned_to_a_constant_is_clean() {
    let src =
        "import os\nfrom flask import request\ndef f():\n    x = request.args['a']\n    x = 'ls'\n    os.system(x)\n";
    assert!(!has(src, "py-command-injection"));
    let src = "import os\nfrom flask import request\ndef f():\n    x = request.args['a']\n    os.system(x)\n";
    assert!(has(src, "py-command-injection"));
}

/// The deepest code the parser accepts is analysed on a worker's stack without overflowing it.
#[test]
fn the_deepest_accepted_code_fits_a_worker_stack() {
    let depth = crate::syntax::python::MAX_NESTING - 10;
    // a call is two levels of the tree (the call and its argument)
    let calls = format!(
        "import os\nfrom flask import request\ndef f():\n    os.system({}request.args['x']{})\n",
        "str(".repeat(depth / 2),
        ")".repeat(depth / 2)
    );
    let lists = format!("x = {}1{}\n", "[".repeat(depth), "]".repeat(depth));
    let sums = format!("y = {}1{}\n", "(1 + ".repeat(depth), ")".repeat(depth));
    let mut ifs = String::from("def g(a):\n");
    for i in 0..200 {
        ifs.push_str(&" ".repeat(4 * (i + 1)));
        ifs.push_str("if a:\n");
    }
    ifs.push_str(&" ".repeat(4 * 201));
    ifs.push_str("eval(a)\n");
    let handle = std::thread::Builder::new()
        .stack_size(crate::WORKER_STACK)
        .spawn(move || {
            let set = Arc::new(RuleSet::load(&[]).expect("rules"));
            let engine = CodeEngine::new(set, &[]);
            let mut out = Vec::new();
            for src in [calls, lists, sums, ifs] {
                out.push(engine.python("deep.py", &src).map(|(f, _)| f.len()).map_err(|e| e.message));
            }
            out
        })
        .expect("spawn");
    let counts = handle.join().expect("no stack overflow");
    assert_eq!(counts[0], Ok(1), "the flow through {} calls is found", depth / 2);
    for c in &counts {
        assert!(c.is_ok(), "accepted by the parser: {c:?}");
    }
}

const FLASK: &str =
    "import os\nimport subprocess\nimport shlex\nfrom flask import Flask, request\napp = Flask(__name__)\n";

fn lines(src: &str, rule: &str) -> Vec<u32> {
    findings(src).into_iter().filter(|(r, _)| r == rule).map(|(_, l)| l).collect()
}

#[test]
fn taint_follows_assignments_string_building_and_containers() {
    let src = format!(
        "{FLASK}@app.route('/a')\ndef a():\n    q = request.args['q']\n    parts = ['ls', q]\n    cmd = ' '.join(parts)\n    os.system(cmd)\n    d = {{'safe': 'x', 'bad': q}}\n    os.system(d['safe'])\n    os.system(d['bad'])\n    items = []\n    items.append('a')\n    items.append(q)\n    items.pop(0)\n    os.system(items[0])\n    return 'ok'\n"
    );
    assert_eq!(lines(&src, "py-command-injection"), vec![11, 14, 19]);
}

#[test]
fn sanitizers_and_guards_clean_for_their_class_only() {
    let src = format!(
        "{FLASK}@app.route('/a')\ndef a():\n    q = request.args['q']\n    os.system('x ' + shlex.quote(q))\n    os.system('x ' + str(int(q)))\n    if q not in ('a', 'b'):\n        return 'no'\n    os.system('x ' + q)\n    return open(shlex.quote(request.args['f'])).read()\n"
    );
    assert!(lines(&src, "py-command-injection").is_empty(), "quoted, cast, allow-listed");
    assert_eq!(lines(&src, "py-path-traversal"), vec![14], "shlex.quote does not make a path safe");
}

#[test]
fn summaries_carry_flows_through_local_functions() {
    let src = format!(
        "{FLASK}def build(x):\n    return 'tar ' + x\ndef run(c):\n    os.system(c)\n@app.route('/a')\ndef a():\n    run(build(request.args['q']))\n    run(build('fixed'))\n    return 'ok'\n"
    );
    assert_eq!(lines(&src, "py-command-injection"), vec![9], "reported at the sink inside run(), once");
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let (found, _) = CodeEngine::new(set, &[]).python("t.py", &src).expect("parses");
    let trace: Vec<&str> = found[0].trace.iter().map(|s| s.kind.as_str()).collect();
    assert_eq!(trace.first(), Some(&"source"));
    assert_eq!(trace.last(), Some(&"sink"));
    assert!(found[0].trace.iter().any(|s| s.note.contains("through build()")), "{:?}", found[0].trace);
    // the command text written in build() is not a second source of the flow
    assert_eq!(found[0].trace.iter().filter(|s| s.kind == "source").count(), 1, "{:?}", found[0].trace);
}

#[test]
fn constant_branches_and_flow_order_decide() {
    let src = format!(
        "{FLASK}@app.route('/a')\ndef a():\n    q = request.args['q']\n    bar = 'safe' if 7 * 18 + 106 > 200 else q\n    os.system(bar)\n    num = 86\n    if 7 * 42 - num > 200:\n        other = 'const'\n    else:\n        other = q\n    os.system(other)\n    late = 'x'\n    os.system(late)\n    late = q\n    return 'ok'\n"
    );
    assert!(lines(&src, "py-command-injection").is_empty(), "{:?}", findings(&src));
}

#[test]
fn route_parameters_and_django_views_are_sources() {
    let src = "import os\nfrom flask import Flask\napp = Flask(__name__)\n@app.route('/x/<name>')\ndef x(name):\n    os.system('echo ' + name)\ndef view(request, slug):\n    os.system('echo ' + slug)\ndef helper(value):\n    os.system('echo ' + value)\n";
    let found = findings(src);
    assert!(found.contains(&("py-command-injection".to_string(), 6)));
    assert!(found.contains(&("py-command-injection".to_string(), 8)));
    // a plain function's parameter is not a source: only the audit tier reports it
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let (all, _) = CodeEngine::new(set, &[]).python("t.py", src).expect("parses");
    let helper = all.iter().find(|f| f.line_number == Some(10)).expect("audit finding");
    assert_eq!(helper.confidence, crate::model::Confidence::Low);
    assert!(helper.severity <= crate::model::Severity::Medium);
}

#[test]
fn syntax_errors_and_ignored_files() {
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let engine = CodeEngine::new(set, &[]);
    let err = engine.python("bad.py", "def f(:\n").expect_err("syntax error");
    assert_eq!(err.line_number, Some(1));
    assert!(err.message.contains("syntax error"), "{}", err.message);
    let dir = tempfile::tempdir().expect("tmp");
    let text = "# secscan: ignore-file\nimport os\nos.system(input())\n";
    let empty = std::collections::HashSet::new();
    let file =
        crate::engine::SourceFile { root: dir.path(), path: dir.path(), rel: "a.py", text, read_separately: &empty };
    let out = engine.analyze(&file, 0);
    assert!(out.findings.is_empty() && out.errors.is_empty() && out.complete);
}

#[test]
fn disabled_rules_do_not_run() {
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let engine = CodeEngine::new(set, &["py-command-injection".to_string()]);
    let (found, _) = engine.python("t.py", "import os\nos.system(input())\n").expect("parses");
    assert!(found.iter().all(|f| f.rule_id != "py-command-injection"));
}

/// A statement no dialect parses is checked as text and named in a warning; with a dialect configured,
/// only that dialect is tried.
#[test]
fn sql_files_parse_statement_by_statement_with_a_warning_for_the_rest() {
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let src = "CREATE TABLE users (id int, password varchar(40));\n\
               CREATE USER 'report'@'%' IDENTIFIED BY 'hunter2';\n\
               GRANT SELECT ON users TO PUBLIC;\n";
    let (found, errors) = CodeEngine::new(set.clone(), &[]).sql_file("db/init.sql", src);
    let ids: Vec<(&str, u32)> = found.iter().map(|f| (f.rule_id.as_str(), f.line_number.unwrap_or(0))).collect();
    assert_eq!(
        ids,
        [("sql-plaintext-password-column", 1), ("sql-hardcoded-password", 2), ("sql-grant-public", 3)],
        "{errors:?}"
    );
    assert_eq!(errors.len(), 1);
    assert_eq!(errors[0].line_number, Some(2));
    // T-SQL's EXEC(@sql) does not parse as PostgreSQL; the text check still sees it
    let tsql =
        "CREATE PROCEDURE p (@f nvarchar(9)) AS\nBEGIN\n  DECLARE @s nvarchar(99) = N'x' + @f;\n  EXEC(@s);\nEND\n";
    let (found, _) = CodeEngine::new(set.clone(), &[]).with_sql_dialect("postgresql").sql_file("p.sql", tsql);
    assert_eq!(found.iter().map(|f| f.line_number.unwrap_or(0)).collect::<Vec<_>>(), [4]);
    let (_, errors) = CodeEngine::new(set, &[]).sql_file("p.sql", tsql);
    assert!(errors.is_empty(), "{errors:?}");
}

fn js_findings(src: &str) -> Vec<(String, u32)> {
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let (found, errors) = CodeEngine::new(set, &[]).javascript("t.ts", src).expect("parses");
    assert!(errors.is_empty(), "{errors:?}");
    found.into_iter().map(|f| (f.rule_id, f.line_number.unwrap_or(0))).collect()
}

fn js_has(src: &str, rule: &str, line: u32) -> bool {
    js_findings(src).iter().any(|(r, l)| r == rule && *l == line)
}

/// Every way of naming child_process.exec resolves to it.
#[test]
fn js_aliases_resolve_to_the_module_function() {
    let handler = "app.get('/x', (req, res) => {\n  RUN(req.query.c);\n});\n";
    for (import, call) in [
        ("const cp = require('child_process');", "cp.exec"),
        ("const { exec } = require('child_process');", "exec"),
        ("const { exec: run } = require('node:child_process');", "run"),
        ("import * as cp from 'child_process';", "cp.exec"),
        ("import { exec as run } from 'node:child_process';", "run"),
        ("import cp from 'child_process';", "cp.exec"),
    ] {
        let src = format!("{import}\n{}", handler.replace("RUN", call));
        assert!(js_has(&src, "js-command-injection", 3), "{import} / {call}: {:?}", js_findings(&src));
    }
    // a local function of the same name is not the module's
    let src = "function exec(x) { return x; }\napp.get('/x', (req, res) => {\n  exec(req.query.c);\n});\n";
    assert!(js_findings(src).is_empty());
}

/// Destructuring of request data keeps each field's taint; a field of a constant object is clean.
#[test]
fn js_destructuring_carries_request_fields() {
    let src = "const { exec } = require('child_process');\n\
               app.post('/x', (req, res) => {\n  const { cmd, opts: { dir } } = req.body;\n  exec(cmd);\n  exec('ls ' + dir);\n\
               const { fixed } = { fixed: 'ls' };\n  exec(fixed);\n});\n";
    let found = js_findings(src);
    let lines: Vec<u32> = found.iter().filter(|(r, _)| r == "js-command-injection").map(|(_, l)| *l).collect();
    assert_eq!(lines, [4, 5], "{found:?}");
}

/// A handler passed after middleware is analysed with its request parameter; `.then` callbacks and
/// helper functions carry data; a template literal is string building.
#[test]
fn js_callbacks_and_template_literals_carry_taint() {
    let src = "const { exec } = require('child_process');\nconst auth = (req, res, next) => next();\n\
               router.post('/a', auth, express.json(), async (req, res) => {\n  exec(`tar czf ${req.body.name}.tgz`);\n});\n\
               function build(x) {\n  return `ls ${x}`;\n}\n\
               app.get('/b', (req, res) => {\n  exec(build(req.query.d));\n});\n\
               app.get('/c', (req, res) => {\n  exec(`ls ${parseInt(req.query.n, 10)}`);\n});\n";
    let found = js_findings(src);
    let lines: Vec<u32> = found.iter().filter(|(r, _)| r == "js-command-injection").map(|(_, l)| *l).collect();
    assert_eq!(lines, [4, 10], "{found:?}");
}

/// The lines of a rule's high-confidence findings (flows from a source, not audit findings).
fn js_flow_lines(path: &str, src: &str, rule: &str) -> Vec<u32> {
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let (found, _) = CodeEngine::new(set, &[]).javascript(path, src).expect("parses");
    found
        .iter()
        .filter(|f| f.rule_id == rule && f.confidence == crate::model::Confidence::High)
        .filter_map(|f| f.line_number)
        .collect()
}

/// An array's callback is applied to the array's elements: a sink inside it is a flow from the array.
#[test]
fn js_array_callbacks_receive_the_elements() {
    let src = "const { exec } = require('child_process');\n\
               app.post('/a', (req, res) => {\n  const names = req.body.names;\n  names.forEach((n) => {\n    exec('touch ' + n);\n  });\n\
               names.reduce((acc, n) => exec('rm ' + n), null);\n  ['a', 'b'].forEach((n) => exec('ls ' + n));\n});\n";
    // a literal array's elements are written in the code: only the callback's own audit finding is left
    assert_eq!(js_flow_lines("t.ts", src, "js-command-injection"), [5, 7]);
}

/// A GraphQL resolver's `args` and an exported Lambda handler's event are request data; a DOM listener's
/// `event` is not.
#[test]
fn js_resolver_arguments_and_exported_handlers_are_sources() {
    let src = "const { exec } = require('child_process');\n\
               const resolvers = { Query: { run(parent, args, context, info) {\n    return exec(args.cmd);\n  } } };\n\
               export const handler = async (event) => {\n  exec(event.cmd);\n};\n\
               button.addEventListener('click', function (event) {\n  exec(event.cmd);\n});\n";
    assert_eq!(js_flow_lines("t.mjs", src, "js-command-injection"), [3, 6]);
}

/// NestJS parameters decorated with @Query/@Body are request data; a method's string result is the
/// response, a service result is not.
#[test]
fn js_nest_decorated_parameters_are_sources() {
    let src = "import { Controller, Get, Query } from '@nestjs/common';\nimport { execSync } from 'child_process';\n\
               @Controller('x')\nexport class X {\n  constructor(private readonly svc: any) {}\n\
               @Get('a')\n  a(@Query('q') q: string) {\n    return { out: execSync('grep ' + q) };\n  }\n\
               @Get('b')\n  b(@Query('q') q: string) {\n    return `<b>${q}</b>`;\n  }\n\
               @Get('c')\n  c(@Query('q') q: string) {\n    return this.svc.find(q);\n  }\n}\n";
    let found = js_findings(src);
    assert!(found.contains(&("js-command-injection".to_string(), 8)), "{found:?}");
    assert!(found.contains(&("js-xss-response".to_string(), 12)), "{found:?}");
    assert_eq!(found.len(), 2, "{found:?}");
}

#[test]
fn a_fixed_scheme_and_host_fix_where_a_url_goes() {
    use super::taint::fixes_host;
    for yes in [
        "https://api.example.com/",
        "https://api.example.com/v1?x=",
        "/users/",
        "http://h:8080#",
        "//cdn.example.com/a",
    ] {
        assert!(fixes_host(yes), "{yes}");
    }
    for no in ["https://", "https://api.example.com", "/", "//", "/\\", "https://user@", "javascript:", "evil"] {
        assert!(!fixes_host(no), "{no}");
    }
}

#[test]
fn nested_repetition_is_found_and_separated_repetition_is_not() {
    use super::detectors::nested_quantifier;
    for bad in
        [r"(a+)+", r"^([a-zA-Z0-9]+\.?)+@x\.com$", r"^(\w+\s?)*$", r"(\d+){2,}", r"(x+x+)+y", r"(a|b+)*c", r"((ab)*)+"]
    {
        assert!(nested_quantifier(bad), "{bad}");
    }
    for good in [r"^\w+(\.\w+)*@x\.com$", r"^\d+$", r"^[(a+)+]$", r"(ab*)*", r"(a+){1,3}", r"\(a+\)+", r"(\w+-)*\w+"] {
        assert!(!nested_quantifier(good), "{good}");
    }
}

/// Code past a return or raise never runs, but it is in the repository: it is checked, however many
/// returns and raises come before it, without its state flowing on.
#[test]
fn code_after_several_returns_and_raises_is_still_checked() {
    let src = "import os\nimport sys\nraise ValueError('a')\nraise ValueError('b')\nos.system(sys.argv[1])\n";
    assert_eq!(lines(src, "py-command-injection"), [5]);
    let src = "import os\nfrom flask import request\ndef f():\n    return 1\n    return 2\n    os.system(request.args['x'])\n";
    assert_eq!(lines(src, "py-command-injection"), [6]);
}

/// A function reached by reflection with constants is that function, called at once or later.
#[test]
fn reflection_with_constants_reaches_the_function() {
    let src = "import os\nimport sys\ngetattr(os, 'system')(sys.argv[1])\nf = getattr(__import__('os'), 'system')\nf(sys.argv[2])\n";
    assert_eq!(lines(src, "py-command-injection"), [3, 5]);
}

/// An interpreter runs the script or the `-c` code it is given; the script's own arguments are data.
#[test]
fn interpreters_run_the_script_they_are_given() {
    let src = "import subprocess\nfrom flask import request\ndef f():\n    p = request.args['p']\n    subprocess.Popen(['python3', p])\n    subprocess.run(['node', '-e', p])\n    subprocess.run(['python3', '-u', 'manage.py', p])\n    subprocess.run(['/usr/bin/perl', 'report.pl', p])\n";
    assert_eq!(lines(src, "py-command-injection"), [5, 6]);
}

#[test]
fn a_lookup_in_a_map_of_fixed_values_is_fixed_until_the_map_holds_other_data() {
    let src = "import os\nfrom flask import request\ndef f():\n    m = {'a': 'ls', 'b': 'df'}\n    os.system(m[request.args['k']])\n    m['c'] = open('cmd.txt').read()\n    os.system(m[request.args['k']])\n    os.system(open('cmd.txt').read())\n";
    let found = lines(src, "py-command-injection");
    assert!(!found.contains(&5), "{found:?}");
    assert!(found.contains(&7), "{found:?}");
    assert!(found.contains(&8), "{found:?}");
}

#[test]
fn a_method_is_a_handler_only_under_a_view_name() {
    let src = "import os\nclass Ping:\n    def on_get(self, req, resp, host):\n        os.system('ping ' + host)\n    def process_view(self, request, view_func, args, kwargs):\n        os.system('echo ' + view_func)\n        os.system('echo ' + request.GET['q'])\n";
    let set = Arc::new(RuleSet::load(&[]).expect("rules"));
    let (all, _) = CodeEngine::new(set, &[]).python("t.py", src).expect("parses");
    let confidence = |line: u32| {
        all.iter().find(|f| f.rule_id == "py-command-injection" && f.line_number == Some(line)).map(|f| f.confidence)
    };
    // a Falcon responder's URL field is the client's; a middleware hook's view is not, its request is
    assert_eq!(confidence(4), Some(crate::model::Confidence::High));
    assert_ne!(confidence(6), Some(crate::model::Confidence::High));
    assert_eq!(confidence(7), Some(crate::model::Confidence::High));
}
