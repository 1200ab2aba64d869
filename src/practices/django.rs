//! Django settings modules, read as text (never imported): the values of `manage.py check --deploy` that
//! leave a deployed site open. A setting a split settings package defines in any of its modules counts as
//! defined; settings modules for development, tests or local use are not checked.
use super::ci::{hit, Hit};
use std::path::Path;

/// A module named for development, tests or a local machine.
fn development_module(rel: &str) -> bool {
    let name = rel.rsplit('/').next().unwrap_or(rel).trim_end_matches(".py").to_ascii_lowercase();
    ["dev", "development", "local", "test", "tests", "testing", "ci", "debug"]
        .iter()
        .any(|w| name == *w || name.starts_with(&format!("{w}_")) || name.ends_with(&format!("_{w}")))
}

/// Whether a text is a Django settings module.
fn is_settings(text: &str) -> bool {
    text.contains("INSTALLED_APPS") || text.contains("ROOT_URLCONF") || text.contains("MIDDLEWARE")
}

/// The line of a top-level assignment of `name` (`NAME = …`, `NAME: T = …`), and the text after `=`.
fn assignment<'a>(lines: &[&'a str], name: &str) -> Option<(usize, &'a str)> {
    lines.iter().enumerate().rev().find_map(|(i, l)| {
        let rest = l.strip_prefix(name)?;
        let rest = rest.trim_start();
        let rest = rest.strip_prefix(':').map(|r| r.split_once('=').map_or("", |(_, v)| v)).or_else(|| {
            let r = rest.strip_prefix('=')?;
            (!r.starts_with('=')).then_some(r)
        })?;
        Some((i, rest.trim()))
    })
}

/// The text of a bracketed value starting on `line` (up to the matching bracket, bounded).
fn bracketed(lines: &[&str], line: usize) -> String {
    let mut depth = 0i32;
    let mut out = String::new();
    for l in lines.iter().skip(line).take(400) {
        let code = l.split('#').next().unwrap_or("");
        out.push_str(code);
        out.push('\n');
        depth += code.matches(['[', '(', '{']).count() as i32 - code.matches([']', ')', '}']).count() as i32;
        if depth <= 0 && out.contains(['[', '(']) {
            break;
        }
    }
    out
}

/// Settings whose absence from a module is reported only when no module of its settings package
/// defines them (`settings/base.py` beside `settings/production.py`): the engine's `finish` decides.
pub(crate) const PACKAGE_NAMES: &[&str] = &["SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "AUTH_PASSWORD_VALIDATORS"];

/// The folder of the settings package a module belongs to (`app/settings` for `app/settings/prod.py`).
pub(crate) fn package_of(rel: &str) -> Option<&str> {
    let (dir, _) = rel.rsplit_once('/')?;
    (dir == "settings" || dir.ends_with("/settings")).then_some(dir)
}

/// What one module tells its package: the [`PACKAGE_NAMES`] it defines (every module counts, also the
/// development ones and those that only import others).
pub(crate) fn defines(text: &str) -> Vec<&'static str> {
    let lines: Vec<&str> = text.lines().collect();
    PACKAGE_NAMES.iter().copied().filter(|n| assignment(&lines, n).is_some()).collect()
}

/// A "not set" item of a finding's note, for a setting another module of the package may define.
pub(crate) fn unset_item(detector: &str, name: &str) -> String {
    if detector == "django-no-password-validators" {
        format!("{name} is not set")
    } else {
        format!("{name} not set")
    }
}

/// The module of a settings package that answers for settings nobody defines: production first, else
/// the base module.
fn answers_for_package(path: &Path) -> bool {
    let Some(dir) = path.parent() else { return true };
    if dir.file_name().is_none_or(|n| n != "settings") {
        return true;
    }
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    for candidate in ["production.py", "prod.py", "base.py", "common.py", "__init__.py"] {
        if dir.join(candidate).is_file() {
            return name == candidate;
        }
    }
    true
}

/// Checks of one settings module.
pub(crate) fn settings(rel: &str, path: &Path, text: &str) -> Vec<Hit> {
    // Django's own defaults module and the settings of test suites are not deployed
    let name = rel.rsplit('/').next().unwrap_or(rel);
    if development_module(rel)
        || !is_settings(text)
        || name == "global_settings.py"
        || crate::discover::is_test_path(rel)
    {
        return Vec::new();
    }
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    if let Some((i, v)) = assignment(&lines, "ALLOWED_HOSTS") {
        let value = bracketed(&lines, i);
        if value.contains("\"*\"") || value.contains("'*'") || v.starts_with("\"*\"") {
            out.push(hit("django-allowed-hosts-wildcard", i, "ALLOWED_HOSTS accepts any host"));
        }
    }
    // sessions (cookie-based logins) make CSRF, framing and cookie flags matter; a token-only API has none
    let middleware = assignment(&lines, "MIDDLEWARE").map(|(i, _)| (i, bracketed(&lines, i)));
    let sessions = middleware.as_ref().is_some_and(|(_, v)| v.contains("SessionMiddleware"))
        || (middleware.is_none() && text.contains("django.contrib.sessions"));
    if let Some((i, value)) = &middleware {
        let i = *i;
        let missing: Vec<&str> = [
            ("SecurityMiddleware", "django.middleware.security.SecurityMiddleware", false),
            ("CsrfViewMiddleware", "django.middleware.csrf.CsrfViewMiddleware", true),
            ("XFrameOptionsMiddleware", "django.middleware.clickjacking.XFrameOptionsMiddleware", true),
        ]
        .iter()
        .filter(|(short, _, needs_sessions)| !value.contains(short) && (sessions || !needs_sessions))
        .map(|(_, full, _)| *full)
        .collect();
        if !missing.is_empty() {
            out.push(hit("django-missing-security-middleware", i, format!("MIDDLEWARE lacks {}", missing.join(", "))));
        }
    }
    if let Some((i, _)) = assignment(&lines, "PASSWORD_HASHERS") {
        let value = bracketed(&lines, i);
        let first = value.split(['"', '\'']).nth(1).unwrap_or("");
        let class = first.rsplit('.').next().unwrap_or(first);
        let weak = [
            "MD5PasswordHasher",
            "SHA1PasswordHasher",
            "UnsaltedMD5PasswordHasher",
            "UnsaltedSHA1PasswordHasher",
            "CryptPasswordHasher",
        ];
        if weak.contains(&class) {
            out.push(hit("django-weak-password-hasher", i, format!("passwords are hashed with {first}")));
        }
    }
    if let Some((i, v)) = assignment(&lines, "DEBUG_PROPAGATE_EXCEPTIONS") {
        if v.starts_with("True") {
            out.push(hit("django-insecure-deploy-settings", i, "DEBUG_PROPAGATE_EXCEPTIONS = True"));
        }
    }
    if let Some((i, v)) = assignment(&lines, "AUTH_PASSWORD_VALIDATORS") {
        if v.replace(char::is_whitespace, "") == "[]" {
            out.push(hit("django-no-password-validators", i, "AUTH_PASSWORD_VALIDATORS is empty"));
        }
    }
    // settings turned off here, or defined nowhere in this module (whether another module of its settings
    // package defines them is decided when every module has been read: PracticesEngine::finish)
    let defined = |name: &str| assignment(&lines, name).is_some();
    let mut off = Vec::new();
    let mut first_off = None;
    // (name, the value that turns it off, reported when set nowhere: the cookie flags of a site with
    // sessions; redirect and HSTS are often the TLS proxy's job, so only an explicit off counts)
    for (name, bad, when_unset) in [
        ("SESSION_COOKIE_SECURE", "False", sessions),
        ("CSRF_COOKIE_SECURE", "False", sessions),
        ("SECURE_SSL_REDIRECT", "False", false),
        ("SECURE_HSTS_SECONDS", "0", false),
    ] {
        match assignment(&lines, name) {
            Some((i, v)) if v.split_whitespace().next() == Some(bad) => {
                off.push(format!("{name} = {bad}"));
                first_off.get_or_insert(i);
            }
            Some(_) => {}
            None if when_unset && !defined(name) && answers_for_package(path) => {
                off.push(unset_item("django-insecure-deploy-settings", name))
            }
            None => {}
        }
    }
    if !off.is_empty() {
        let line = first_off
            .or_else(|| assignment(&lines, "DEBUG").map(|(i, _)| i))
            .or_else(|| assignment(&lines, "ALLOWED_HOSTS").map(|(i, _)| i))
            .unwrap_or(0);
        out.push(hit("django-insecure-deploy-settings", line, off.join(", ")));
    }
    if !defined("AUTH_PASSWORD_VALIDATORS")
        && answers_for_package(path)
        && text.contains("django.contrib.auth")
        && sessions
    {
        let line = assignment(&lines, "INSTALLED_APPS").map_or(0, |(i, _)| i);
        out.push(hit(
            "django-no-password-validators",
            line,
            unset_item("django-no-password-validators", "AUTH_PASSWORD_VALIDATORS"),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_checks() {
        let text = "INSTALLED_APPS = ['django.contrib.auth']\nALLOWED_HOSTS = ['*']\nMIDDLEWARE = [\n    'django.contrib.sessions.middleware.SessionMiddleware',\n]\nPASSWORD_HASHERS = ['django.contrib.auth.hashers.MD5PasswordHasher']\nSESSION_COOKIE_SECURE = False\n";
        let hits: Vec<(&str, u32)> = settings("app/settings.py", Path::new("/nonexistent/app/settings.py"), text)
            .iter()
            .map(|h| (h.detector, h.line))
            .collect();
        assert!(hits.contains(&("django-allowed-hosts-wildcard", 2)));
        assert!(hits.contains(&("django-missing-security-middleware", 3)));
        assert!(hits.contains(&("django-weak-password-hasher", 6)));
        assert!(hits.contains(&("django-insecure-deploy-settings", 7)));
        assert!(hits.contains(&("django-no-password-validators", 1)));
        assert!(settings("app/settings/local.py", Path::new("/x/app/settings/local.py"), text).is_empty());
        assert_eq!(assignment(&["X == 1", "X = 2"], "X").map(|(i, _)| i), Some(1));
    }
}
