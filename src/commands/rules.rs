//! `secscan rules list | show ID`: the code engine's rule catalog, with each rule's docs.
use super::{Terminal, EXIT_ERROR, EXIT_PASSED};
use crate::error::Result;
use crate::report::text::terminal;
use crate::rules::{Rule, RuleSet};
use std::path::PathBuf;

/// The OWASP filter as given (`A03`, `a03:2021`) → `A03:2021`.
fn owasp_key(s: &str) -> String {
    let upper = s.trim().to_ascii_uppercase();
    if upper.contains(':') {
        upper
    } else {
        format!("{upper}:2021")
    }
}

/// `rules list`.
pub fn list(dirs: &[PathBuf], language: Option<&str>, owasp: Option<&str>, json: bool, term: &Terminal) -> Result<u8> {
    let set = RuleSet::load(dirs)?;
    let owasp = owasp.map(owasp_key);
    let mut rules: Vec<&Rule> = set
        .rules
        .iter()
        .filter(|r| language.is_none_or(|l| r.languages.iter().any(|x| x.eq_ignore_ascii_case(l))))
        .filter(|r| owasp.as_ref().is_none_or(|o| r.metadata.owasp.iter().any(|x| x.eq_ignore_ascii_case(o))))
        .collect();
    rules.sort_by(|a, b| a.metadata.owasp.first().cmp(&b.metadata.owasp.first()).then(a.id.cmp(&b.id)));
    if json {
        let list: Vec<serde_json::Value> = rules
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.id, "title": r.title, "languages": r.languages, "issue_type": r.issue_type,
                    "severity": r.severity, "confidence": r.confidence, "kind": r.kind(),
                    "cwe": r.metadata.cwe, "owasp": r.metadata.owasp, "source": r.source,
                })
            })
            .collect();
        let text = serde_json::to_string_pretty(&list).map_err(|e| crate::error::Error::usage(e.to_string()))?;
        println!("{}", crate::report::text::json_safe(text));
        return Ok(EXIT_PASSED);
    }
    // aligned columns, ids never broken; the title takes what is left of the line
    let langs = |r: &Rule| {
        let mut l: Vec<&str> = r
            .languages
            .iter()
            .map(|x| match x.as_str() {
                "javascript" => "js",
                "typescript" => "ts",
                "python" => "py",
                other => other,
            })
            .collect();
        l.dedup();
        l.join(",")
    };
    let owasp =
        |r: &Rule| r.metadata.owasp.iter().map(|o| o.split(':').next().unwrap_or(o)).collect::<Vec<_>>().join(",");
    let cwe = |r: &Rule| r.metadata.cwe.first().cloned().unwrap_or_default();
    let w_id = rules.iter().map(|r| r.id.chars().count()).max().unwrap_or(2).max(2);
    let w_lang = rules.iter().map(|r| langs(r).len()).max().unwrap_or(4).max(4);
    let w_owasp = rules.iter().map(|r| owasp(r).len()).max().unwrap_or(5).max(5);
    let w_cwe = rules.iter().map(|r| cwe(r).len()).max().unwrap_or(3).max(3);
    let used = w_id + w_lang + w_owasp + w_cwe + 8 + 5 * 2;
    let w_title = term.width.saturating_sub(used).max(20);
    println!("{:w_id$}  {:w_lang$}  {:w_owasp$}  {:w_cwe$}  {:8}  TITLE", "ID", "LANG", "OWASP", "CWE", "SEVERITY");
    for r in &rules {
        let title = crate::report::text::truncate(&r.title, w_title);
        println!(
            "{:w_id$}  {:w_lang$}  {:w_owasp$}  {:w_cwe$}  {:8}  {}",
            terminal(&r.id),
            langs(r),
            terminal(&owasp(r)),
            terminal(&cwe(r)),
            r.severity.as_str(),
            terminal(&title)
        );
    }
    println!("{} rule(s); `secscan rules show ID` for one rule's docs", rules.len());
    Ok(EXIT_PASSED)
}

/// `rules show ID`.
pub fn show(dirs: &[PathBuf], id: &str, _term: &Terminal) -> Result<u8> {
    let set = RuleSet::load(dirs)?;
    let Some(r) = set.get(id) else {
        eprintln!("error: no rule with the id {} (see `secscan rules list`)", terminal(id));
        return Ok(EXIT_ERROR);
    };
    let t = |s: &str| terminal(s.trim_end()).into_owned();
    println!("{} — {}", t(&r.id), t(&r.title));
    println!();
    println!("  languages   {}", t(&r.languages.join(", ")));
    println!("  OWASP       {}", t(&r.metadata.owasp.join(", ")));
    println!("  CWE         {}", t(&r.metadata.cwe.join(", ")));
    println!("  issue type  {}", r.issue_type.as_str());
    println!("  severity    {} (confidence {})", r.severity.as_str(), r.confidence.as_str());
    println!("  likelihood  {}, impact {}", r.metadata.likelihood.as_str(), r.metadata.impact.as_str());
    println!("  match       {}", r.kind());
    println!("  defined in  {}", t(&r.source));
    for (head, body) in [
        ("What it finds", &r.docs.what),
        ("Why it matters", &r.docs.why),
        ("Vulnerable example", &r.docs.example),
        ("The fix", &r.docs.fix),
    ] {
        println!();
        println!("{head}");
        for line in body.trim_end().lines() {
            println!("    {}", t(line));
        }
    }
    if !r.metadata.references.is_empty() {
        println!();
        println!("References");
        for reference in &r.metadata.references {
            println!("    {}", t(reference));
        }
    }
    Ok(EXIT_PASSED)
}
