//! Checks of Dockerfiles and of the repository's own hygiene: credential files committed, a `.gitignore`
//! that lets `.env` in, a package.json without a lockfile, database dumps.
use super::ci::{hit, pipes_download_to_shell, Hit};
use std::path::Path;

/// A Dockerfile's instructions: (first line index, instruction upper-cased, arguments), continuation
/// lines joined.
fn instructions(text: &str) -> Vec<(usize, String, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if current.is_none() && (t.is_empty() || t.starts_with('#')) {
            continue;
        }
        let (start, mut joined) = current.take().unwrap_or((i, String::new()));
        if t.starts_with('#') {
            current = Some((start, joined));
            continue;
        }
        let continued = t.ends_with('\\');
        joined.push_str(t.trim_end_matches('\\'));
        joined.push(' ');
        if continued && joined.len() < 64 * 1024 {
            current = Some((start, joined));
        } else {
            let j = joined.trim();
            let (word, rest) = j.split_once(char::is_whitespace).unwrap_or((j, ""));
            out.push((start, word.to_ascii_uppercase(), rest.trim().to_string()));
        }
    }
    if let Some((start, joined)) = current {
        let j = joined.trim();
        let (word, rest) = j.split_once(char::is_whitespace).unwrap_or((j, ""));
        out.push((start, word.to_ascii_uppercase(), rest.trim().to_string()));
    }
    out
}

/// Checks of a Dockerfile.
pub(crate) fn dockerfile(text: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let ins = instructions(text);
    // the final stage: instructions after the last FROM
    let last_from = ins.iter().rposition(|(_, w, _)| w == "FROM");
    let mut user: Option<(usize, String)> = None;
    for (k, (line, word, args)) in ins.iter().enumerate() {
        let lower = args.to_ascii_lowercase();
        match word.as_str() {
            "ADD" => {
                let sources: Vec<&str> = args.split_whitespace().filter(|a| !a.starts_with("--")).collect();
                let sources = &sources[..sources.len().saturating_sub(1)];
                if sources.iter().any(|s| s.starts_with("http://") || s.starts_with("https://")) {
                    let checksum = args.contains("--checksum=");
                    if !checksum {
                        out.push(hit(
                            "docker-add-remote",
                            *line,
                            "ADD of a URL downloads without verifying what arrives",
                        ));
                    }
                }
                if sources.iter().any(|s| secret_file_name(s)) {
                    out.push(hit("docker-copy-secret", *line, "a credential file is copied into the image"));
                }
            }
            "COPY" => {
                let sources: Vec<&str> = args.split_whitespace().filter(|a| !a.starts_with("--")).collect();
                let sources = &sources[..sources.len().saturating_sub(1)];
                if sources.iter().any(|s| secret_file_name(s)) {
                    out.push(hit("docker-copy-secret", *line, "a credential file is copied into the image"));
                }
            }
            "RUN" if pipes_download_to_shell(&lower) => {
                out.push(hit("ci-curl-pipe-shell", *line, "a download is piped into a shell"));
            }
            "USER" if last_from.is_some_and(|f| k > f) => user = Some((*line, args.clone())),
            _ => {}
        }
    }
    if let Some(f) = last_from {
        let base = ins[f].2.to_ascii_lowercase();
        // images that are only a binary (scratch, distroless nonroot) have no root shell to fear
        let rootless_base = base.starts_with("scratch") || base.contains("nonroot") || base.contains("distroless");
        let root = match &user {
            None => !rootless_base,
            Some((_, u)) => {
                let name = u.split(':').next().unwrap_or("").trim();
                name == "root" || name == "0"
            }
        };
        if root {
            let line = user.as_ref().map_or(ins[f].0, |(l, _)| *l);
            out.push(hit("docker-runs-as-root", line, "the container's process runs as root"));
        }
    }
    out
}

/// Files whose name alone says they hold credentials (`.env`, SSH keys, key stores, Terraform state,
/// service-account keys); templates such as `.env.example` are not.
fn credential_by_name(name: &str) -> bool {
    !is_env_template(name)
        && (name == ".env"
            || name.starts_with(".env.")
            || matches!(name, "id_rsa" | "id_dsa" | "id_ecdsa" | "id_ed25519" | ".git-credentials")
            || [".p12", ".pfx", ".kdbx", ".jks", ".keystore", ".tfstate"].iter().any(|e| name.ends_with(e))
            || name.starts_with("service-account") && name.ends_with(".json"))
}

/// File names that hold credentials (a source of COPY): those by name, and private keys, `.pgpass` and
/// `credentials.json`, whose content is not at hand there.
pub(crate) fn secret_file_name(path: &str) -> bool {
    let name = path.trim_end_matches('/').rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    credential_by_name(&name)
        || matches!(name.as_str(), ".pgpass" | "credentials.json")
        || name.ends_with(".pem") && !name.contains("cert") && !name.contains("chain") && !name.contains("ca")
        || name.ends_with(".key")
}

/// `.env.example`, `.env.sample`, `.env.template`, `.env.dist`: templates meant to be committed.
fn is_env_template(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    ["example", "sample", "template", "dist", "defaults", "schema", "test.example"]
        .iter()
        .any(|s| n.ends_with(&format!(".{s}")) || n.contains(".example."))
}

/// A committed file that holds credentials by its kind: what the file is matters, not only its content.
/// `text` is `None` for files not read (binary key stores).
pub(crate) fn committed_credential_file(rel: &str, text: Option<&str>) -> Option<Hit> {
    let name = rel.rsplit('/').next().unwrap_or(rel).to_ascii_lowercase();
    if is_env_template(&name) {
        return None;
    }
    // a `.env` among a project's tests is test input (the secrets engine still reads what it holds)
    let env_file = name == ".env" || name.starts_with(".env.");
    if env_file && crate::discover::is_test_path(rel) {
        return None;
    }
    let always = credential_by_name(&name);
    // files that hold credentials only when their content says so
    let by_content = match text {
        Some(t) => {
            (name.ends_with(".pem") || name.ends_with(".key")) && t.contains("PRIVATE KEY-----")
                || name == "credentials.json" && (t.contains("\"private_key\"") || t.contains("client_secret"))
                || matches!(name.as_str(), ".npmrc" | ".yarnrc" | ".yarnrc.yml")
                    && t.lines().any(|l| {
                        let l = l.trim();
                        (l.contains("_authToken")
                            || l.contains("_auth=")
                            || l.contains("_password")
                            || l.contains("npmAuthToken"))
                            && !l.contains("${")
                            && !l.starts_with('#')
                    })
                || matches!(name.as_str(), ".pypirc") && t.lines().any(|l| l.trim_start().starts_with("password"))
                || matches!(name.as_str(), ".netrc" | "_netrc") && t.contains("password")
        }
        None => false,
    };
    (always || by_content).then(|| {
        hit(
            "repo-credential-file",
            0,
            format!("`{name}` is a credential file; it should not be in the repository (nor in its history)"),
        )
    })
}

/// Whether the root holds a `.env` file or a template of one (the project reads env files).
pub(crate) fn has_env_files(root: &Path) -> bool {
    let templates =
        [".env.example", ".env.sample", ".env.template", ".env.dist", ".env.defaults", ".env.local.example"];
    templates.iter().any(|t| root.join(t).is_file()) || root.join(".env").is_file()
}

/// Whether a Python manifest (requirements, Pipfile) names a dotenv library.
pub(crate) fn manifest_uses_dotenv(text: &str) -> bool {
    text.contains("dotenv") || text.contains("django-environ") || text.contains("environs")
}

/// Whether a package.json lists dotenv among the application's own dependencies (a library that merely
/// supports dotenv lists it as a peer or optional dependency).
pub(crate) fn package_uses_dotenv(doc: &serde_json::Value) -> bool {
    doc.get("dependencies").and_then(|x| x.as_object()).is_some_and(|deps| deps.contains_key("dotenv"))
}

/// The root `.gitignore` does not keep `.env` files out. Reported only in a project that uses env files:
/// the caller keeps the hit when the root has env files, or when a root manifest names a dotenv library
/// (decided in the engine's finish(), from the manifests' own facts).
pub(crate) fn gitignore_misses_env(root: &Path, text: &str) -> Option<Hit> {
    let mut b = ignore::gitignore::GitignoreBuilder::new(root);
    for line in text.lines().take(100_000) {
        let _ = b.add_line(None, line);
    }
    let gi = b.build().ok()?;
    let ignored = gi.matched(root.join(".env"), false).is_ignore();
    (!ignored).then(|| hit("repo-env-not-ignored", 0, "`.env` is not in .gitignore: local secrets get committed"))
}

/// A web server's package.json that authenticates users (a password hashing, session, token or passport
/// package) but has no rate-limiting package: nothing slows password guessing down (unless a proxy or
/// gateway in front does, which the repository cannot show; hence low confidence).
pub(crate) fn package_without_rate_limiter(doc: &serde_json::Value, text: &str) -> Option<Hit> {
    const SERVERS: &[&str] = &["express", "koa", "fastify", "@nestjs/core", "@hapi/hapi", "hapi", "restify"];
    const AUTH: &[&str] = &[
        "passport",
        "passport-local",
        "@nestjs/passport",
        "koa-passport",
        "bcrypt",
        "bcryptjs",
        "argon2",
        "@node-rs/argon2",
        "@node-rs/bcrypt",
        "express-session",
        "cookie-session",
        "@fastify/session",
        "@fastify/secure-session",
        "@fastify/jwt",
        "@nestjs/jwt",
        "express-jwt",
        "jsonwebtoken",
    ];
    const LIMITERS: &[&str] = &[
        "express-rate-limit",
        "express-slow-down",
        "express-brute",
        "express-limiter",
        "rate-limiter-flexible",
        "rate-limit-redis",
        "@nestjs/throttler",
        "koa-ratelimit",
        "koa2-ratelimit",
        "@fastify/rate-limit",
        "fastify-rate-limit",
        "hapi-rate-limit",
        "hapi-rate-limitor",
        "@upstash/ratelimit",
    ];
    let deps = |key: &str| doc.get(key).and_then(|d| d.as_object());
    let runtime = deps("dependencies")?;
    let server = SERVERS.iter().find(|s| runtime.contains_key(**s))?;
    let auth = AUTH.iter().find(|a| runtime.contains_key(**a))?;
    let limited = ["dependencies", "devDependencies", "optionalDependencies", "peerDependencies"]
        .iter()
        .filter_map(|k| deps(k))
        .any(|m| {
            m.keys().any(|k| LIMITERS.contains(&k.as_str()) || k.contains("ratelimit") || k.contains("rate-limit"))
        });
    if limited {
        return None;
    }
    let line = text.lines().position(|l| l.trim_start().starts_with("\"dependencies\"")).unwrap_or(0);
    Some(hit(
        "api-no-rate-limiter",
        line,
        format!("a {server} server that authenticates users ({auth}) with no rate-limiting package"),
    ))
}

/// A `.sql` file that is a dump of user data (many INSERTs into a table of people or accounts).
pub(crate) fn database_dump(text: &str) -> Option<Hit> {
    let mut inserts = 0usize;
    let mut first = None;
    for (i, l) in text.lines().enumerate() {
        let lower = l.trim_start().to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("insert into ") {
            let table = rest.split(|c: char| c.is_whitespace() || c == '(').next().unwrap_or("");
            let table = table.trim_matches(|c| c == '`' || c == '"' || c == '[' || c == ']');
            let table = table.rsplit('.').next().unwrap_or(table);
            if ["user", "account", "customer", "member", "person", "people", "employee", "patient", "client"]
                .iter()
                .any(|w| table.contains(w))
            {
                inserts += 1 + rest.matches("),(").count() + rest.matches("), (").count();
                first.get_or_insert(i);
            }
        }
    }
    (inserts >= 20).then(|| {
        hit(
            "repo-database-dump",
            first.unwrap_or(0),
            format!("{inserts} rows of a table of people or accounts: a database dump in the repository"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dockerfile_checks() {
        let text = "FROM node:20 AS build\nRUN curl -fsSL https://get.example/install.sh \\\n  | bash\nADD https://x.example/tool.tgz /opt/\nCOPY .env /app/.env\nFROM node:20-slim\nCOPY --from=build /app /app\n";
        let hits: Vec<(&str, u32)> = dockerfile(text).into_iter().map(|h| (h.detector, h.line)).collect();
        assert_eq!(
            hits,
            vec![
                ("ci-curl-pipe-shell", 2),
                ("docker-add-remote", 4),
                ("docker-copy-secret", 5),
                ("docker-runs-as-root", 6)
            ]
        );
        assert!(dockerfile("FROM python:3.12-slim\nUSER app\n").is_empty());
        assert_eq!(dockerfile("FROM python:3.12\nUSER app\nUSER root\n")[0].line, 3);
        assert!(dockerfile("FROM gcr.io/distroless/static:nonroot\n").is_empty());
    }

    #[test]
    fn credential_files_and_dumps() {
        assert!(committed_credential_file(".env", Some("A=1")).is_some());
        assert!(committed_credential_file("config/.env.production", Some("A=1")).is_some());
        assert!(committed_credential_file(".env.example", Some("A=")).is_none());
        assert!(committed_credential_file("tests/apps/.env", Some("FOO=env")).is_none());
        assert!(committed_credential_file("certs/server.pem", Some("-----BEGIN CERTIFICATE-----")).is_none());
        assert!(committed_credential_file("deploy/key.pem", Some("-----BEGIN RSA PRIVATE KEY-----")).is_some());
        assert!(committed_credential_file(".npmrc", Some("//registry.npm.example/:_authToken=${NPM_TOKEN}")).is_none());
        assert!(committed_credential_file(".npmrc", Some("//registry.npm.example/:_authToken=abc123")).is_some());
        let dump: String = (0..25).map(|i| format!("INSERT INTO users VALUES ({i}, 'u{i}');\n")).collect();
        assert!(database_dump(&dump).is_some());
        assert!(database_dump("INSERT INTO settings VALUES (1);\n").is_none());
    }

    #[test]
    fn gitignore_and_lockfiles() {
        let dir = tempfile::tempdir().expect("tmp");
        assert!(!has_env_files(dir.path()), "a project without env files");
        assert!(gitignore_misses_env(dir.path(), "node_modules/\n").is_some());
        std::fs::write(dir.path().join(".env.example"), "A=\n").expect("write");
        assert!(has_env_files(dir.path()));
        assert!(manifest_uses_dotenv("django\npython-dotenv==1.0\n"));
        assert!(!package_uses_dotenv(&serde_json::json!({"peerDependencies": {"dotenv": "*"}})));
        assert!(package_uses_dotenv(&serde_json::json!({"dependencies": {"dotenv": "16"}})));
        assert!(gitignore_misses_env(dir.path(), "node_modules/\n.env*\n!.env.example\n").is_none());
    }
}
