//! A language's taint library (`rules/<language>/_library.yaml`): where untrusted data comes from, what
//! cleans it for which class of sink, and which functions are request handlers. Data, like the rules.
use serde::Deserialize;

/// The kinds of untrusted data a source can give, in the order of their bits.
/// At most 16 (a set of them is a `u16`).
pub(crate) const SOURCE_KINDS: &[&str] =
    &["web", "cli", "env", "file", "network", "random", "exception", "cleartext", "hardcoded"];

/// Reads of these qualified names (attributes, or calls of them) give untrusted data of a kind.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SourceSpec {
    /// `web`, `cli`, `env`, `file`, `network`, `random`, `exception`.
    pub(crate) kind: String,
    /// Attribute reads (`flask.request.args`): the value and everything read or called from it.
    #[serde(default)]
    pub(crate) attrs: Vec<String>,
    /// Calls (`input`, `os.getenv`): their result.
    #[serde(default)]
    pub(crate) calls: Vec<String>,
    /// String literals matching one of these regular expressions (`^http://`)…
    #[serde(default)]
    pub(crate) literals: Vec<String>,
    /// …unless they match one of these (`^http://localhost`).
    #[serde(default)]
    pub(crate) literals_except: Vec<String>,
}

/// Calls whose result is clean for these classes of sink (`*`: every class).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SanitizerSpec {
    pub(crate) classes: Vec<String>,
    pub(crate) calls: Vec<String>,
}

/// One language's taint library.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Library {
    pub(crate) language: String,
    /// Decorators (qualified, `*` globs) that make a function a request handler: its parameters are
    /// untrusted (`web`), and its return value is the response.
    pub(crate) routes: Vec<String>,
    /// Decorators that match `routes` but are not routes (`unittest.mock.patch` against `*.patch`).
    #[serde(default)]
    pub(crate) routes_except: Vec<String>,
    /// Parameter names that hold the request object in any function (`request`, `req`): their
    /// attributes listed under the `param.request` prefix in `sources` are untrusted.
    pub(crate) request_params: Vec<String>,
    /// Annotations that make a parameter the request object (`starlette.requests.Request`).
    #[serde(default)]
    pub(crate) request_types: Vec<String>,
    /// Parameter lists that make a function an event handler whose first parameter is untrusted (AWS
    /// Lambda's `(event, context)`), or the parameter written with a leading `*` (a GraphQL resolver's
    /// `(parent, *args, context, info)`).
    #[serde(default)]
    pub(crate) handler_signatures: Vec<Vec<String>>,
    /// Names under which an exported function is an event handler whose first parameter is untrusted
    /// (`export const handler = async (event) => …`, AWS Lambda's convention).
    #[serde(default)]
    pub(crate) exported_handlers: Vec<String>,
    /// Methods of a class that take the request first are request handlers only under these names (a
    /// class-based view's `get` and `post`, a viewset's `list`), not a middleware's `process_view` or an
    /// admin's `response_add` (their request is still untrusted); empty: any method.
    #[serde(default)]
    pub(crate) view_methods: Vec<String>,
    /// In a request handler, whether every parameter is untrusted (`all`: Flask/Django route parameters)
    /// or only the request object (`request`: Express's `(req, res, next)`).
    #[serde(default = "all_params")]
    pub(crate) handler_params: String,
    /// Module-level request objects (`flask.request`): untrusted, like a request parameter.
    #[serde(default)]
    pub(crate) request_objects: Vec<String>,
    /// Attributes of a request object that the client does not control (`method`, `user`).
    #[serde(default)]
    pub(crate) request_safe_attrs: Vec<String>,
    /// Calls whose result does not carry their arguments' data (`os.path.exists`, ORM lookups): by
    /// default a call's result is as untrusted as its arguments and the object it is called on.
    #[serde(default)]
    pub(crate) opaque: Vec<String>,
    /// Calls whose result comes from outside the program (files, network, environment, clock) even when
    /// every argument is a constant: their result is never "fixed by the code".
    #[serde(default)]
    pub(crate) external: Vec<String>,
    pub(crate) sources: Vec<SourceSpec>,
    pub(crate) sanitizers: Vec<SanitizerSpec>,
}

fn all_params() -> String {
    "all".into()
}

impl Library {
    /// Consistency beyond the types: (field, message) of the first problem.
    pub(crate) fn check(&self) -> Result<(), (String, String)> {
        if !matches!(self.handler_params.as_str(), "all" | "request") {
            return Err(("handler_params".into(), "all or request".into()));
        }
        if self.routes.is_empty() {
            return Err(("routes".into(), "at least one route decorator".into()));
        }
        for (i, s) in self.sources.iter().enumerate() {
            if !SOURCE_KINDS.contains(&s.kind.as_str()) {
                return Err((
                    format!("sources.{i}.kind"),
                    format!("{} is not one of {}", s.kind, SOURCE_KINDS.join(", ")),
                ));
            }
            for (j, re) in s.literals.iter().chain(&s.literals_except).enumerate() {
                if let Err(e) = regex::Regex::new(re) {
                    return Err((format!("sources.{i}.literals.{j}"), e.to_string()));
                }
            }
            if s.attrs.is_empty() && s.calls.is_empty() && s.literals.is_empty() {
                return Err((format!("sources.{i}"), "a source needs attrs or calls".into()));
            }
        }
        for (i, s) in self.sanitizers.iter().enumerate() {
            if s.classes.is_empty() || s.calls.is_empty() {
                return Err((format!("sanitizers.{i}"), "a sanitizer needs classes and calls".into()));
            }
        }
        Ok(())
    }
}
