//! GitHub Actions expressions: the `${{ … }}` of a workflow, found in text and tokenised into the context
//! paths they read (`github.event.issue.title`, `github.event.commits[0].message` as
//! `github.event.commits.*.message`), so that checks reason about what an expression reads rather than
//! about its spelling.

/// One `${{ … }}` in a text: byte offset of `${{` and the expression inside.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Expression<'a> {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) inner: &'a str,
}

/// Every `${{ … }}` of a text, in order (an unterminated one ends the search).
pub(crate) fn expressions(text: &str) -> Vec<Expression<'_>> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = text[from..].find("${{") {
        let start = from + i;
        let body = start + 3;
        // `}}` inside a string literal does not end the expression
        let mut quote = false;
        let bytes = text.as_bytes();
        let mut j = body;
        let mut end = None;
        while j < bytes.len() {
            match bytes[j] {
                b'\'' => quote = !quote,
                b'}' if !quote && bytes.get(j + 1) == Some(&b'}') => {
                    end = Some(j);
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        let Some(end) = end else { break };
        out.push(Expression { start, end: end + 2, inner: &text[body..end] });
        from = end + 2;
    }
    out
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    Dot,
    Open,
    Close,
    Str(String),
    Star,
    Paren,
    Other,
}

fn tokens(expr: &str) -> Vec<Token> {
    let chars: Vec<char> = expr.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_alphanumeric() || chars[i] == '_' || chars[i] == '-') {
                i += 1;
            }
            out.push(Token::Ident(chars[start..i].iter().collect::<String>().to_ascii_lowercase()));
            continue;
        }
        match c {
            '.' => out.push(Token::Dot),
            '[' => out.push(Token::Open),
            ']' => out.push(Token::Close),
            '*' => out.push(Token::Star),
            '(' => out.push(Token::Paren),
            '\'' => {
                let start = i + 1;
                i += 1;
                // '' is an escaped quote inside a string
                while i < chars.len() && !(chars[i] == '\'' && chars.get(i + 1) != Some(&'\'')) {
                    if chars[i] == '\'' {
                        i += 1;
                    }
                    i += 1;
                }
                out.push(Token::Str(chars[start..i.min(chars.len())].iter().collect::<String>().to_ascii_lowercase()));
            }
            c if c.is_whitespace() => {}
            _ => out.push(Token::Other),
        }
        i += 1;
    }
    out
}

/// The context paths an expression reads: `a.b['c'][0].d` is `a.b.c.*.d`; a function's arguments are
/// read too (`contains(github.event.issue.title, 'x')` reads `github.event.issue.title`).
pub(crate) fn paths(expr: &str) -> Vec<String> {
    let toks = tokens(expr);
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let Token::Ident(first) = &toks[i] else {
            i += 1;
            continue;
        };
        // a function call is not a path (its arguments are, and come next)
        if matches!(toks.get(i + 1), Some(Token::Paren)) {
            i += 1;
            continue;
        }
        let mut path = first.clone();
        i += 1;
        loop {
            match (toks.get(i), toks.get(i + 1), toks.get(i + 2)) {
                (Some(Token::Dot), Some(Token::Ident(name)), _) => {
                    path.push('.');
                    path.push_str(name);
                    i += 2;
                }
                (Some(Token::Dot), Some(Token::Star), _) => {
                    path.push_str(".*");
                    i += 2;
                }
                (Some(Token::Open), Some(Token::Str(key)), Some(Token::Close)) => {
                    path.push('.');
                    path.push_str(key);
                    i += 3;
                }
                (Some(Token::Open), Some(_), Some(Token::Close)) => {
                    path.push_str(".*");
                    i += 3;
                }
                _ => break,
            }
        }
        if path.contains('.') {
            out.push(path);
        }
    }
    out
}

/// Context paths whose value anyone who can open an issue, a pull request or a comment (or name a branch)
/// chooses. `*` matches one segment.
const UNTRUSTED: &[&str] = &[
    "github.event.issue.title",
    "github.event.issue.body",
    "github.event.pull_request.title",
    "github.event.pull_request.body",
    "github.event.pull_request.head.ref",
    "github.event.pull_request.head.label",
    "github.event.pull_request.head.repo.default_branch",
    "github.event.pull_request.head.repo.description",
    "github.event.pull_request.head.repo.homepage",
    "github.event.comment.body",
    "github.event.review.body",
    "github.event.review_comment.body",
    "github.event.discussion.title",
    "github.event.discussion.body",
    "github.event.pages.*.page_name",
    "github.event.commits.*.message",
    "github.event.commits.*.author.email",
    "github.event.commits.*.author.name",
    "github.event.head_commit.message",
    "github.event.head_commit.author.email",
    "github.event.head_commit.author.name",
    "github.event.workflow_run.head_branch",
    "github.event.workflow_run.head_commit.message",
    "github.event.workflow_run.head_commit.author.email",
    "github.event.workflow_run.head_commit.author.name",
    "github.event.workflow_run.pull_requests.*.head.ref",
    "github.head_ref",
];

fn matches(pattern: &str, path: &str) -> bool {
    let p: Vec<&str> = pattern.split('.').collect();
    let q: Vec<&str> = path.split('.').collect();
    p.len() == q.len() && p.iter().zip(&q).all(|(a, b)| *a == "*" || *b == "*" || a == b)
}

/// The untrusted context an expression reads, if any.
pub(crate) fn untrusted(expr: &str) -> Option<String> {
    paths(expr).into_iter().find(|p| UNTRUSTED.iter().any(|u| matches(u, p)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_expressions_and_their_paths() {
        let text = "echo \"${{ github.event.issue.title }}\" && echo ${{ format('}}{0}', github.head_ref) }}";
        let found = expressions(text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].inner.trim(), "github.event.issue.title");
        assert_eq!(paths(found[1].inner), vec!["github.head_ref"]);
        assert_eq!(paths("github.event.commits[0].message"), vec!["github.event.commits.*.message"]);
        assert_eq!(paths("github.event['pull_request']['title']"), vec!["github.event.pull_request.title"]);
        assert_eq!(paths("contains(github.event.comment.body, '/deploy')"), vec!["github.event.comment.body"]);
    }

    #[test]
    fn knows_what_is_untrusted() {
        assert!(untrusted("github.event.issue.title").is_some());
        assert!(untrusted("github.event.commits[2].author.email").is_some());
        assert!(untrusted(" github.event.pull_request.number ").is_none());
        assert!(untrusted("github.sha").is_none());
        assert!(untrusted("steps.x.outputs.y").is_none());
    }
}
