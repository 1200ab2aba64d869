//! Checks of a candidate secret value: entropy, placeholders, checksums, token structure.
//!
//! Each named check (`checks:` of a rule's `secret` match) returns whether the value passes; the
//! universal placeholder test runs on every value.
use base64::Engine as _;

/// The checks a rule may name.
pub(crate) const NAMES: &[&str] = &[
    "github-checksum",
    "jwt",
    "assignment",
    "url-password",
    "private-key",
    "not-hex-digest",
    "mixed-characters",
    "k8s-secret-data",
];

/// Shannon entropy of the value in bits per character.
pub(crate) fn entropy(value: &str) -> f64 {
    let mut counts = [0u32; 256];
    let mut n = 0u32;
    for b in value.bytes() {
        counts[b as usize] += 1;
        n += 1;
    }
    if n == 0 {
        return 0.0;
    }
    let n = f64::from(n);
    counts.iter().filter(|&&c| c > 0).map(|&c| f64::from(c) / n).map(|p| -p * p.log2()).sum()
}

/// Words that mark a value as an example or a template, not a credential.
const PLACEHOLDER_WORDS: &[&str] = &[
    "example",
    "sample",
    "dummy",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "changethis",
    "your_",
    "your-",
    "yourkey",
    "yourtoken",
    "yourpassword",
    "_here",
    "-here",
    "xxxx",
    "****",
    "....",
    "redacted",
    "notreal",
    "not_real",
    "not-a-real",
    "fake",
    "replace_",
    "replace-",
    "insert_",
    "insert-",
    "secret_key_here",
    "do-not-use",
    "do_not_use",
    "donotuse",
    "not-for-prod",
    "not_for_prod",
    "put your",
    "unique phrase",
    "todo",
    "fixme",
    "${",
    "{{",
    "}}",
    "#{",
];

/// A value that is an example, a template or a reference to a value held elsewhere.
pub(crate) fn is_placeholder(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    if PLACEHOLDER_WORDS.iter().any(|w| lower.contains(w)) {
        return true;
    }
    // `%(password)s`: a Python format field
    if let Some(i) = lower.find("%(") {
        let rest = &lower[i + 2..];
        if let Some(close) = rest.find(')') {
            if close > 0 && rest[..close].bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                return true;
            }
        }
    }
    // `<your-key>`, `<token>`: a name in angle brackets
    if let Some(open) = lower.find('<') {
        if let Some(len) = lower[open + 1..].find('>') {
            let inside = &lower[open + 1..open + 1 + len];
            if inside.len() >= 2 && inside.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_ .".contains(&b)) {
                return true;
            }
        }
    }
    // one character repeated (`aaaaaaaa`, `00000000`), or a run of the alphabet or digits
    let mut chars = lower.chars();
    if let Some(first) = chars.next() {
        if chars.all(|c| c == first) {
            return true;
        }
    }
    let body: String = lower.chars().filter(|c| c.is_ascii_alphanumeric()).collect();
    if body.len() >= 6
        && ("0123456789abcdefghijklmnopqrstuvwxyz".contains(&body)
            || "abcdefghijklmnopqrstuvwxyz0123456789".contains(&body)
            || "12345678901234567890".contains(&body)
            || "9876543210".contains(&body))
    {
        return true;
    }
    false
}

/// Values of a generic `password = …` that are words of a program, not credentials.
const GENERIC_NON_SECRETS: &[&str] = &[
    "password",
    "passwd",
    "pass",
    "pwd",
    "secret",
    "token",
    "apikey",
    "api_key",
    "api-key",
    "auth",
    "credential",
    "credentials",
    "bearer",
    "basic",
    "none",
    "null",
    "nil",
    "undefined",
    "true",
    "false",
    "string",
    "str",
    "required",
    "optional",
    "hidden",
    "text",
    "empty",
    "default",
    "test",
    "testing",
    "unknown",
    "invalid",
    "missing",
    "access_token",
    "refresh_token",
    "id_token",
    "client_secret",
    "new-password",
    "current-password",
    "one-time-code",
];

/// The value of a generic assignment (`password = "…"`) is a credential-like literal: not a word of the
/// program (a field label, a type, a keyword), not a reference to a variable, setting or environment
/// value, not a file path or URL without credentials, and not prose.
pub(crate) fn assignment_value(value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    if v.len() < 6 || v.len() > 200 || !v.is_ascii() {
        // prose in another script is a label, not a credential
        return false;
    }
    // a Ruby symbol, an Ethereum address (public), a class or variable name in PascalCase or camelCase
    if v.starts_with(':') || (v.len() == 42 && v.starts_with("0x") && v[2..].bytes().all(|b| b.is_ascii_hexdigit())) {
        return false;
    }
    if camel_case_identifier(v) {
        return false;
    }
    // base64 of `user:password` (a basic-auth value): its password decides
    if let Some(password) = basic_auth_password(v) {
        return url_password(&password) && password.len() >= 4;
    }
    if GENERIC_NON_SECRETS.iter().any(|w| lower == *w) {
        return false;
    }
    // references: environment lookups, settings, other variables, template and format markers
    let references = [
        "process.env",
        "os.environ",
        "os.getenv",
        "getenv(",
        "environ[",
        "environ.get",
        "settings.",
        "config.",
        "config[",
        "env(",
        "env.",
        "vault:",
        "secretsmanager",
        "ssm:",
        "ref(",
        "secrets.",
        "{",
        "(",
        "$(",
        "%s",
        "%d",
        "@@",
    ];
    if references.iter().any(|r| lower.contains(r)) || v.starts_with('$') {
        return false;
    }
    // prose, paths and URLs: spaces, a path, a file name
    if v.contains(' ') || v.starts_with('/') || v.starts_with("./") || v.starts_with("http") {
        return false;
    }
    if [".py", ".js", ".ts", ".json", ".yaml", ".yml", ".txt", ".pem", ".key", ".crt", ".html"]
        .iter()
        .any(|ext| lower.ends_with(ext))
    {
        return false;
    }
    // an identifier (snake_case, camelCase, dotted or kebab names): a name, not a value
    let identifier_like = v.chars().all(|c| c.is_ascii_alphabetic() || c == '_' || c == '.' || c == '-');
    if identifier_like && !v.chars().any(|c| c.is_ascii_uppercase() && c.is_ascii_lowercase()) {
        // all letters and separators: a credential only when it mixes cases irregularly
        let upper = v.chars().filter(|c| c.is_ascii_uppercase()).count();
        let lower_n = v.chars().filter(|c| c.is_ascii_lowercase()).count();
        let separators = v.chars().filter(|c| matches!(c, '_' | '.' | '-')).count();
        if separators > 0 || upper == 0 || lower_n == 0 || upper <= 2 {
            return false;
        }
    }
    // a UUID is an id; a domain name (an OAuth client id, a host) is an address, not a credential
    if (v.len() == 36 && uuid::Uuid::try_parse(v).is_ok()) || domain_name(&lower) {
        return false;
    }
    // a hash made by a password hasher is not the password
    if lower.starts_with("pbkdf2_") || lower.starts_with("$2") || lower.starts_with("argon2") {
        return false;
    }
    mixed_characters(v) && entropy(v) >= 2.5
}

/// A key name that holds something about a credential, not the credential (`password_hash`,
/// `token_url`, `api_key_header`, `secret_name`).
pub(crate) fn metadata_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase().replace('-', "_");
    let k = k.trim_matches(|c: char| c == '"' || c == '\'' || c == '_' || c == '.');
    const SUFFIXES: &[&str] = &[
        "file",
        "path",
        "dir",
        "url",
        "uri",
        "endpoint",
        "host",
        "field",
        "name",
        "type",
        "length",
        "len",
        "size",
        "count",
        "id",
        "hash",
        "hashed",
        "digest",
        "format",
        "header",
        "prefix",
        "suffix",
        "regex",
        "pattern",
        "policy",
        "timeout",
        "expires",
        "expiry",
        "expiration",
        "ttl",
        "label",
        "placeholder",
        "hint",
        "message",
        "msg",
        "text",
        "min",
        "max",
        "class",
        "mode",
        "version",
        "env",
        "var",
        "variable",
        "key_id",
        "location",
        "strategy",
        "method",
        "scheme",
        "algorithm",
        "alg",
        "required",
        "enabled",
        "reset",
        "confirm",
        "confirmation",
        "validator",
        "validators",
        "input",
        "provider",
        "source",
        "store",
        "storage",
        "ref",
        "arn",
        "param",
        "parameter",
        "secret_name",
        "limit",
        "rotation",
        "lifetime",
        "age",
    ];
    let last = k.rsplit(['_', '.']).next().unwrap_or(k);
    // names of interface texts (`LABEL_PASSWORD`, `TITLE_TWO_FACTOR_AUTH`) and of keys public by design
    const UI: &[&str] = &[
        "label",
        "title",
        "btn",
        "button",
        "tooltip",
        "caption",
        "heading",
        "desc",
        "description",
        "error",
        "errors",
        "msg",
        "message",
        "placeholder",
        "hint",
        "help",
        "link",
        "icon",
        "menu",
        "tab",
        "nav",
        "notice",
        "warning",
        "info",
        "prompt",
        "question",
        "lbl",
        "txt",
        "str",
        "i18n",
        "translation",
        "aria",
    ];
    let public = ["public", "publishable", "searchonly", "search_only", "site_key", "sitekey", "anon", "client_id"];
    if k.split(['_', '.']).any(|seg| UI.contains(&seg)) || public.iter().any(|w| k.contains(w)) {
        return true;
    }
    // an application key with a prefix is a client id of a service (`pusher_app_key`); `APP_KEY` alone is
    // a framework's encryption key
    if (k.ends_with("app_key") || k.ends_with("appkey")) && k != "app_key" && k != "appkey" {
        return true;
    }
    SUFFIXES.contains(&last)
        || ["checksum", "sha1", "sha256", "md5", "etag", "commit", "revision", "nonce", "integrity"]
            .iter()
            .any(|w| k.contains(w))
        || k.ends_with("key_id")
        || k.contains("tokenizer")
        || k.contains("author")
        || k.starts_with("is_")
        || k.starts_with("has_")
        || k.starts_with("show_")
        || k.starts_with("use_")
        || k.starts_with("num_")
        || k.starts_with("max_")
        || k.starts_with("min_")
}

/// `UntypedFormControl`, `passwordInput`: words joined in PascalCase or camelCase.
fn camel_case_identifier(v: &str) -> bool {
    if !v.bytes().all(|b| b.is_ascii_alphabetic()) {
        return false;
    }
    // every uppercase letter starts a word of at least two lowercase letters
    let b = v.as_bytes();
    let mut words = 0;
    let mut i = 0;
    while i < b.len() {
        let start = i;
        if b[i].is_ascii_uppercase() || i == 0 {
            i += 1;
        }
        while i < b.len() && b[i].is_ascii_lowercase() {
            i += 1;
        }
        if i - start < 2 && i < b.len() {
            return false;
        }
        if i == start {
            return false;
        }
        words += 1;
    }
    words >= 2
}

/// The password of a basic-auth value (base64 of `user:password`), when the value is one.
pub(crate) fn basic_auth_password(v: &str) -> Option<String> {
    if v.len() < 8 || !v.len().is_multiple_of(4) {
        return None;
    }
    let bytes = base64::engine::general_purpose::STANDARD.decode(v).ok()?;
    let text = String::from_utf8(bytes).ok()?;
    let (user, password) = text.split_once(':')?;
    let printable = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_graphic());
    (printable(user) && printable(password)).then(|| password.to_string())
}

/// A value of a Kubernetes Secret's `data:` (base64): it decodes to a credential, a private key, or a
/// registry configuration with credentials.
pub(crate) fn k8s_secret_data(v: &str) -> bool {
    let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(v) else { return false };
    let Ok(text) = String::from_utf8(bytes) else { return false };
    let t = text.trim();
    if t.contains("PRIVATE KEY-----") {
        return private_key(t);
    }
    if t.contains("\"auths\"") || t.contains("\"auth\"") || t.contains("password") || t.contains("api_url") {
        return t.len() >= 16;
    }
    if t.contains("BEGIN CERTIFICATE") || t.contains("PUBLIC KEY") {
        return false;
    }
    assignment_value(t) || (t.len() >= 16 && !t.contains(' ') && entropy(t) >= 3.5 && !is_placeholder(t))
}

/// A host or domain name (`client-id.apps.provider.example`, `db.internal`).
fn domain_name(lower: &str) -> bool {
    const TLDS: &[&str] = &[
        ".com",
        ".net",
        ".org",
        ".io",
        ".dev",
        ".app",
        ".cloud",
        ".example",
        ".local",
        ".internal",
        ".localhost",
        ".test",
        ".invalid",
        ".co",
        ".ai",
    ];
    lower.contains('.')
        && TLDS.iter().any(|t| lower.ends_with(t))
        && lower.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'.' || b == b'-' || b == b'_')
}

/// Token shapes that are public or inert by design: Stripe test-mode and publishable keys.
pub(crate) fn known_public(v: &str) -> bool {
    ["sk_test_", "rk_test_", "pk_test_", "pk_live_", "whsec_test_", "pk.eyJ"].iter().any(|p| v.starts_with(p))
}

/// Hex of a digest's length (MD5, SHA-1, SHA-224, SHA-256, SHA-384, SHA-512).
pub(crate) fn is_hex_digest(v: &str) -> bool {
    matches!(v.len(), 32 | 40 | 56 | 64 | 96 | 128) && v.bytes().all(|b| b.is_ascii_hexdigit())
}

/// At least two classes of characters (lower, upper, digit, symbol).
pub(crate) fn mixed_characters(v: &str) -> bool {
    let classes = [
        v.bytes().any(|b| b.is_ascii_lowercase()),
        v.bytes().any(|b| b.is_ascii_uppercase()),
        v.bytes().any(|b| b.is_ascii_digit()),
        v.bytes().any(|b| !b.is_ascii_alphanumeric()),
    ];
    classes.iter().filter(|c| **c).count() >= 2
}

const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

fn base62(mut n: u32, width: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        out.push(BASE62[(n % 62) as usize]);
        n /= 62;
    }
    while out.len() < width {
        out.push(b'0');
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A GitHub token of the classic format (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_` + 30 random characters
/// + 6 characters of a base-62 CRC-32 of the random part) whose checksum is right. Other formats pass.
pub(crate) fn github_checksum(v: &str) -> bool {
    let Some((prefix, rest)) = v.split_once('_') else { return true };
    if !matches!(prefix, "ghp" | "gho" | "ghu" | "ghs" | "ghr") || rest.len() != 36 || !rest.is_ascii() {
        return true;
    }
    let (random, check) = rest.split_at(30);
    base62(crc32fast::hash(random.as_bytes()), 6) == check
}

fn b64url_json(part: &str) -> Option<serde_json::Value> {
    let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.is_object().then_some(v)
}

/// A JSON Web Token: header and payload decode as JSON objects and the header names an algorithm.
pub(crate) fn jwt(v: &str) -> bool {
    let mut parts = v.split('.');
    let (Some(h), Some(p)) = (parts.next(), parts.next()) else { return false };
    let Some(header) = b64url_json(h) else { return false };
    let Some(payload) = b64url_json(p) else { return false };
    // a public client key issued as a JWT (an `anon` role) grants what anyone may do
    let public = payload.get("role").and_then(|r| r.as_str()) == Some("anon");
    header.get("alg").is_some() && !public
}

/// Passwords in URLs that are documentation, not credentials.
const URL_PLACEHOLDER_PASSWORDS: &[&str] =
    &["password", "pass", "passwd", "pwd", "secret", "pw", "p", "x", "user", "username", "admin", "root"];

/// The password of a `scheme://user:password@host` URL is a credential: not empty, not a template, not
/// a documentation word.
pub(crate) fn url_password(v: &str) -> bool {
    let lower = v.to_ascii_lowercase();
    !v.is_empty()
        && !URL_PLACEHOLDER_PASSWORDS.contains(&lower.as_str())
        && !v.starts_with('$')
        && !v.starts_with('%')
        && !v.starts_with(':')
        && !is_placeholder(v)
}

/// A private key block carries a key: enough base64 between its armour lines, not a template.
pub(crate) fn private_key(v: &str) -> bool {
    let body = v
        .split(['\n', '\r'])
        .flat_map(|l| l.split("\\n"))
        .filter(|l| !l.contains("-----") && !l.contains(':'))
        .map(str::trim)
        .collect::<String>();
    let base64 = body.bytes().filter(|b| b.is_ascii_alphanumeric() || *b == b'+' || *b == b'/').count();
    base64 >= 64 && !body.contains("...") && entropy(&body) >= 4.0
}

/// Run a named check.
pub(crate) fn run(name: &str, value: &str) -> bool {
    match name {
        "github-checksum" => github_checksum(value),
        "jwt" => jwt(value),
        "assignment" => assignment_value(value),
        "url-password" => url_password(value),
        "private-key" => private_key(value),
        "not-hex-digest" => !is_hex_digest(value),
        "mixed-characters" => mixed_characters(value),
        "k8s-secret-data" => k8s_secret_data(value),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ghp(random: &str) -> String {
        format!("ghp_{random}{}", base62(crc32fast::hash(random.as_bytes()), 6))
    }

    #[test]
    fn github_classic_checksums_are_validated() {
        let good = ghp("aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1");
        assert!(github_checksum(&good));
        let mut bad = good.clone();
        bad.replace_range(good.len() - 1.., if good.ends_with('A') { "B" } else { "A" });
        assert!(!github_checksum(&bad));
        assert!(github_checksum("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz"), "other formats pass");
    }

    #[test]
    fn entropy_and_placeholders() {
        assert!(entropy("aaaaaaaa") < 0.1);
        assert!(entropy("q8F$kz2!Lm9xP0") > 3.5);
        for p in ["<your-key>", "xxxxxxxxxxxx", "changeme", "your_api_key_here", "${DB_PASSWORD}", "{{ secret }}"] {
            assert!(is_placeholder(p), "{p}");
        }
        assert!(is_placeholder("1234567890"));
        assert!(!is_placeholder("q8F$kz2!Lm9xP0"));
    }

    #[test]
    fn generic_values() {
        for v in ["q8F$kz2!Lm9xP0", "Sup3rS3cret2024", "hunter2hunter2X", "d99f2576c15a868b022048c145f772d0"] {
            assert!(assignment_value(v), "{v}");
        }
        for v in [
            "password",
            "get_password()",
            "process.env.API_KEY",
            "os.environ['TOKEN']",
            "settings.SECRET_KEY",
            "new-password",
            "123e4567-e89b-12d3-a456-426614174000",
            "Enter your password",
            "PASSWORD_FIELD",
            "passwordInput",
            "pbkdf2_sha256$600000$abc$def",
            "1327913-pm6xfzut9.apps.provider.example",
        ] {
            assert!(!assignment_value(v), "{v}");
        }
    }

    #[test]
    fn words_names_and_encodings() {
        assert!(camel_case_identifier("UntypedFormControl"));
        assert!(camel_case_identifier("passwordInput"));
        assert!(!camel_case_identifier("hWtFqKzLmPxRvN"));
        assert_eq!(basic_auth_password("dXNlcm5hbWU6cGFzc3dvcmQ=").as_deref(), Some("password"));
        assert!(!assignment_value("dXNlcm5hbWU6cGFzc3dvcmQ="), "base64 of username:password is documentation");
        assert!(!assignment_value("Contraseña1"), "prose in another script");
        assert!(!assignment_value(":plain"));
        assert!(!assignment_value("0x36435796ca9be2bf150ce0dece51dc5ab2a12b3a"), "an address is public");
        assert!(is_placeholder("%(db_password)s"));
        assert!(!is_placeholder("bmEA[|IZF0%[eR19*5|!MiG~Sl%(K@Mf}=-0v"), "format-like bytes in a random salt");
        assert!(!is_placeholder("hWtF_ 4rVuKd>(ga2v"), "angle brackets alone are not a template");
        assert!(metadata_key("LABEL_PASSWORD") && metadata_key("pusher_app_key") && metadata_key("searchOnlyApiKey"));
        assert!(!metadata_key("APP_KEY") && !metadata_key("db_password"));
        let enc = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        assert!(k8s_secret_data(&enc("Q7vLm2Xp9Rt4Kz8W")));
        assert!(!k8s_secret_data(&enc("app")) && !k8s_secret_data(&enc("db.internal.example")));
    }

    #[test]
    fn jwts_must_decode() {
        let enc = |s: &str| base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(s);
        let token = format!("{}.{}.sig", enc(r#"{"alg":"HS256","typ":"JWT"}"#), enc(r#"{"sub":"42"}"#));
        assert!(jwt(&token));
        let not_json = format!("{}.{}.sig", enc(r#"{"alg":"HS256"}"#), enc("hello"));
        assert!(!jwt(&not_json));
    }

    #[test]
    fn url_passwords_and_keys() {
        assert!(url_password("s3cr3tPa55"));
        assert!(!url_password("password"));
        assert!(!url_password("${PASS}"));
        assert!(!private_key("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"));
    }
}
