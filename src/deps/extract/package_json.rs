//! package.json: the project's declared npm dependencies.
//!
//! `dependencies`, `devDependencies` (dev), `optionalDependencies` (optional) and `peerDependencies`
//! (peer; optional when `peerDependenciesMeta.<name>.optional`). An exact version (`1.2.3`, `=1.2.3`,
//! `v1.2.3`) is the version; anything else (range, tag, URL, git, `file:`, `link:`, `workspace:`) is
//! kept as the requirement. `npm:real@^1` aliases name the real package. A name declared in several
//! of dependencies/optionalDependencies/devDependencies is one entry (prod if any declaration is; npm
//! lets optionalDependencies override dependencies); peer declarations stay separate entries. A Unity
//! package manifest (top-level `"unity"`) declares Unity packages, not npm ones: no packages.
use super::json::{json_error, JsonKeys, ROOT};
use super::npm::{exact_version, npm_alias};
use super::{strip_bom, warning, ExtractError, Extraction, Extractor, FileKind, LineIndex, Source};
use crate::model::{Ecosystem, Package};
use rustc_hash::FxHashMap as HashMap;
use serde_json::Value;

pub(crate) struct PackageJson;

const FORMAT: &str = "package.json";

impl Extractor for PackageJson {
    fn name(&self) -> &'static str {
        FORMAT
    }
    fn ecosystem(&self) -> Ecosystem {
        Ecosystem::Npm
    }
    fn kind(&self) -> FileKind {
        FileKind::Manifest
    }
    fn file_names(&self) -> &'static [&'static str] {
        &["package.json"]
    }
    fn package_manager(&self) -> &'static str {
        "npm"
    }
    fn extract(&self, src: &Source<'_>) -> Result<Extraction, ExtractError> {
        let text = strip_bom(src.content);
        let mut out = Extraction::default();
        if text.trim().is_empty() {
            return Ok(out);
        }
        let root: Value = serde_json::from_str(text).map_err(|e| json_error(FORMAT, &e))?;
        let Value::Object(root) = root else { return Ok(out) };
        // a Unity package manifest: its dependencies are Unity registry packages, not npm ones
        if root.get("unity").is_some_and(Value::is_string) {
            return Ok(out);
        }
        let keys = JsonKeys::scan(text);
        let lines = LineIndex::new(text);

        // (real name, peer) → index in out.packages, and the priority of the declaration kept
        let mut seen: HashMap<(String, bool), (usize, u8)> = HashMap::default();
        // priority: lower wins the spec and line; optionalDependencies override dependencies
        let sections: [(&str, u8); 4] =
            [("optionalDependencies", 0), ("dependencies", 1), ("devDependencies", 2), ("peerDependencies", 3)];
        // walk sections in file order so the output follows the file
        let mut order: Vec<(&str, u8)> = sections.to_vec();
        order.sort_by_key(|(s, _)| keys.child(ROOT, s).map(|k| keys.offset(k)).unwrap_or(usize::MAX));
        for (section, priority) in order {
            let Some(value) = root.get(section) else { continue };
            let section_key = keys.child(ROOT, section);
            let section_line = section_key.map(|k| lines.line(keys.offset(k)));
            let deps = match value {
                Value::Object(m) => m,
                Value::Null => continue,
                _ => {
                    out.warnings.push(warning(src.rel, section_line, format!("{section} is not an object")));
                    continue;
                }
            };
            let peer = section == "peerDependencies";
            for (alias, spec) in deps {
                let line = section_key.and_then(|s| keys.child(s, alias)).map(|k| lines.line(keys.offset(k)));
                let Some(spec) = spec.as_str() else {
                    out.warnings.push(warning(src.rel, line, format!("{section}.{alias} is not a string")));
                    continue;
                };
                let (name, range) = match npm_alias(spec.trim()) {
                    Some((real, range)) if !real.is_empty() => (real, range),
                    _ => (alias.as_str(), spec),
                };
                if name.trim().is_empty() {
                    out.warnings.push(warning(src.rel, line, format!("{section} has an empty package name")));
                    continue;
                }
                let version = exact_version(range);
                let requirement = match (&version, range.trim()) {
                    (Some(_), _) => None,
                    (None, "") => Some("*".to_string()),
                    (None, r) => Some(r.to_string()),
                };
                let mut p = Package::new(Ecosystem::Npm, name, version, src.rel).at_line(line);
                p.requirement = requirement;
                p.direct = true;
                p.dev = section == "devDependencies";
                p.optional = section == "optionalDependencies" || (peer && peer_optional(&root, alias));
                p.peer = peer;
                p.dependency_path = vec![p.name.clone()];
                let id = (p.name.clone(), peer);
                match seen.get(&id).copied() {
                    Some((i, kept)) => {
                        let Some(q) = out.packages.get_mut(i) else { continue };
                        let dev = q.dev && p.dev;
                        let optional = if peer { q.optional && p.optional } else { q.optional || p.optional };
                        if priority < kept {
                            *q = p;
                            seen.insert(id, (i, priority));
                        }
                        q.dev = dev;
                        q.optional = optional;
                    }
                    None => {
                        seen.insert(id, (out.packages.len(), priority));
                        out.packages.push(p);
                    }
                }
            }
        }
        Ok(out)
    }
}

fn peer_optional(root: &serde_json::Map<String, Value>, name: &str) -> bool {
    root.get("peerDependenciesMeta")
        .and_then(|m| m.get(name))
        .and_then(|m| m.get("optional"))
        .and_then(Value::as_bool)
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn run(text: &str) -> Result<Extraction, ExtractError> {
        let src = Source {
            read_separately: None,
            root: Path::new("."),
            path: Path::new("package.json"),
            rel: "package.json",
            content: text,
        };
        PackageJson.extract(&src)
    }

    #[test]
    fn same_name_in_several_sections() {
        let x = run(r#"{
  "devDependencies": { "a": "^1.0.0", "b": "2.0.0" },
  "dependencies": { "a": "1.2.3" },
  "optionalDependencies": { "b": "2.0.0" },
  "peerDependencies": { "a": "^1" }
}"#)
        .unwrap();
        assert_eq!(x.packages.len(), 3);
        let a = x.packages.iter().find(|p| p.name == "a" && !p.peer).unwrap();
        assert_eq!((a.version.as_deref(), a.dev, a.line_number), (Some("1.2.3"), false, Some(3)));
        let b = x.packages.iter().find(|p| p.name == "b").unwrap();
        assert_eq!((b.dev, b.optional, b.line_number), (false, true, Some(4)));
        assert!(x.packages.iter().any(|p| p.name == "a" && p.peer && p.requirement.as_deref() == Some("^1")));
    }

    #[test]
    fn non_objects_and_garbage() {
        assert!(run("{").is_err());
        assert_eq!(run("[1]").unwrap().packages.len(), 0);
        assert_eq!(run("").unwrap().packages.len(), 0);
        let x = run(r#"{"dependencies": ["a"], "devDependencies": {"b": 1, "c": "1.0.0"}}"#).unwrap();
        assert_eq!(x.packages.len(), 1);
        assert_eq!(x.warnings.len(), 2);
    }
}
