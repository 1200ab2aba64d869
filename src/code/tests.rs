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
