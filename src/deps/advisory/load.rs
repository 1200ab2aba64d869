//! Reading OSV records from files: one `.json`/`.yaml` record, a directory tree of them, or an
//! `all.zip` export. Bad records are reported one by one; the rest load.
use super::AdvisoryError;
use crate::model::Advisory;
use std::io::Read;
use std::path::Path;

/// Largest single record accepted (OSV records are a few KiB, the largest real ones about 1 MiB; this
/// bounds a hostile file).
pub(crate) const MAX_RECORD_BYTES: u64 = 2 * 1024 * 1024;

/// Largest expansion of one zip entry over its compressed size: OSV JSON compresses about 5–15 times; a
/// far higher ratio is a zip bomb.
pub(crate) const MAX_EXPANSION_RATIO: u64 = 200;

/// Largest total of uncompressed record bytes read from one source (a whole OSV export is about 1 GiB).
pub(crate) const MAX_TOTAL_BYTES: u64 = 4 * 1024 * 1024 * 1024;

/// A parsed record with its original JSON text.
pub(crate) struct Loaded {
    pub advisory: Advisory,
    pub raw_json: String,
}

/// What reading a source gave: records and per-record problems.
#[derive(Default)]
pub(crate) struct LoadOutcome {
    pub records: Vec<Loaded>,
    pub problems: Vec<String>,
}

/// Parse one record from JSON or YAML text (`yaml` picks the syntax).
pub(crate) fn parse_record(text: &str, yaml: bool) -> Result<Loaded, String> {
    let value: serde_json::Value = if yaml {
        serde_saphyr::from_str(text).map_err(|e| format!("not valid YAML: {e}"))?
    } else {
        serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?
    };
    let advisory: Advisory = serde_json::from_value(value.clone()).map_err(|e| format!("not an OSV record: {e}"))?;
    if advisory.id.trim().is_empty() {
        return Err("not an OSV record: no id".into());
    }
    let raw_json = serde_json::to_string(&value).map_err(|e| e.to_string())?;
    Ok(Loaded { advisory, raw_json })
}

fn kind_of(path: &Path) -> Option<bool> {
    match path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).as_deref() {
        Some("json") => Some(false),
        Some("yaml") | Some("yml") => Some(true),
        _ => None,
    }
}

/// Load a file (record or zip) or a directory tree.
pub(crate) fn load_path(path: &Path) -> Result<LoadOutcome, AdvisoryError> {
    let read_err = |e: std::io::Error| AdvisoryError::Read { path: path.display().to_string(), message: e.to_string() };
    let meta = std::fs::metadata(path).map_err(read_err)?;
    let mut out = LoadOutcome::default();
    if !meta.is_dir() && !meta.is_file() {
        // a FIFO would block forever, a device never end
        return Err(AdvisoryError::Read {
            path: path.display().to_string(),
            message: "not a regular file or a folder; not read".into(),
        });
    }
    if meta.is_dir() {
        let walker = ignore::WalkBuilder::new(path).standard_filters(false).follow_links(false).build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    out.problems.push(e.to_string());
                    continue;
                }
            };
            let p = entry.path();
            if entry.file_type().is_some_and(|t| t.is_file()) {
                if let Some(yaml) = kind_of(p) {
                    load_file(p, yaml, &mut out);
                }
            }
        }
    } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        load_zip(path, &mut out)?;
    } else {
        let yaml = kind_of(path).unwrap_or(false);
        load_file(path, yaml, &mut out);
    }
    Ok(out)
}

fn load_file(p: &Path, yaml: bool, out: &mut LoadOutcome) {
    let name = p.display().to_string();
    match std::fs::symlink_metadata(p) {
        Ok(m) if !m.is_file() => {
            out.problems.push(format!("{name}: not a regular file; skipped"));
            return;
        }
        Ok(m) if m.len() > MAX_RECORD_BYTES => {
            out.problems.push(format!("{name}: {} bytes, larger than a record can be; skipped", m.len()));
            return;
        }
        Err(e) => {
            out.problems.push(format!("{name}: {e}"));
            return;
        }
        _ => {}
    }
    let mut bytes = Vec::new();
    let read = std::fs::File::open(p).and_then(|f| f.take(MAX_RECORD_BYTES + 1).read_to_end(&mut bytes));
    if bytes.len() as u64 > MAX_RECORD_BYTES {
        out.problems.push(format!("{name}: larger than a record can be; skipped"));
        return;
    }
    match read.map(|_| bytes) {
        Ok(bytes) => match std::str::from_utf8(&bytes) {
            Ok(text) => match parse_record(text, yaml) {
                Ok(r) => out.records.push(r),
                Err(e) => out.problems.push(format!("{name}: {e}")),
            },
            Err(_) => out.problems.push(format!("{name}: not UTF-8")),
        },
        Err(e) => out.problems.push(format!("{name}: {e}")),
    }
}

fn load_zip(path: &Path, out: &mut LoadOutcome) -> Result<(), AdvisoryError> {
    let err = |m: String| AdvisoryError::Read { path: path.display().to_string(), message: m };
    let file = std::fs::File::open(path).map_err(|e| err(e.to_string()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| err(format!("not a zip archive: {e}")))?;
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let mut entry = match archive.by_index(i) {
            Ok(e) => e,
            Err(e) => {
                out.problems.push(format!("{}: entry {i}: {e}", path.display()));
                continue;
            }
        };
        if !entry.is_file() {
            continue;
        }
        let name = entry.name().to_string();
        let Some(yaml) = kind_of(Path::new(&name)) else {
            continue;
        };
        let declared = entry.size();
        if declared > MAX_RECORD_BYTES
            || declared > entry.compressed_size().saturating_mul(MAX_EXPANSION_RATIO).max(64 * 1024)
        {
            out.problems.push(format!(
                "{}!{name}: {declared} bytes uncompressed from {}: larger than a record can be; skipped",
                path.display(),
                entry.compressed_size()
            ));
            continue;
        }
        if total > MAX_TOTAL_BYTES {
            out.problems.push(format!(
                "{}: more than {MAX_TOTAL_BYTES} bytes of records; the rest of the archive is not read",
                path.display()
            ));
            break;
        }
        let mut text = String::new();
        let mut limited = (&mut entry).take(MAX_RECORD_BYTES + 1);
        match limited.read_to_string(&mut text) {
            Ok(n) if n as u64 > MAX_RECORD_BYTES || n as u64 > declared.max(1).saturating_mul(2) + 1024 => {
                out.problems.push(format!("{}!{name}: larger than a record can be; skipped", path.display()))
            }
            Ok(n) => {
                total += n as u64;
                match parse_record(&text, yaml) {
                    Ok(r) => out.records.push(r),
                    Err(e) => out.problems.push(format!("{}!{name}: {e}", path.display())),
                }
            }
            Err(e) => out.problems.push(format!("{}!{name}: {e}", path.display())),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_json_and_yaml_records() {
        let j = r#"{"id":"X-1","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"a"},"versions":["1.0.0"]}]}"#;
        let r = parse_record(j, false).expect("json record");
        assert_eq!(r.advisory.id, "X-1");
        let y = "id: Y-1\nmodified: '2024-01-01T00:00:00Z'\naffected:\n  - package: {ecosystem: PyPI, name: foo}\n    versions: ['1.0']\n";
        let r = parse_record(y, true).expect("yaml record");
        assert_eq!(r.advisory.affected[0].package.name, "foo");
    }

    #[cfg(unix)]
    #[test]
    fn devices_and_fifos_are_refused_not_read() {
        // `db import /dev/zero` grew until the kernel killed it; a FIFO hung it
        let err = load_path(Path::new("/dev/zero")).err().expect("refused").to_string();
        assert!(err.contains("not a regular file"), "{err}");
    }

    #[test]
    fn oversized_and_bomb_like_zip_entries_are_skipped() {
        use std::io::Write;
        let dir = tempfile::tempdir().expect("tmp");
        let zip_path = dir.path().join("all.zip");
        {
            let file = std::fs::File::create(&zip_path).expect("create");
            let mut w = zip::ZipWriter::new(file);
            let opts = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
            // a valid record padded far past a record's size: compresses to almost nothing
            let big = format!(
                r#"{{"id":"BIG-1","modified":"2024-01-01T00:00:00Z","details":"{}","affected":[]}}"#,
                "a".repeat(3 * 1024 * 1024)
            );
            w.start_file("BIG-1.json", opts).expect("start");
            w.write_all(big.as_bytes()).expect("write");
            w.start_file("OK-1.json", opts).expect("start");
            w.write_all(br#"{"id":"OK-1","modified":"2024-01-01T00:00:00Z","affected":[]}"#).expect("write");
            w.finish().expect("finish");
        }
        let out = load_path(&zip_path).expect("loads");
        let ids: Vec<&str> = out.records.iter().map(|r| r.advisory.id.as_str()).collect();
        assert_eq!(ids, vec!["OK-1"]);
        assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        assert!(out.problems[0].contains("larger than a record can be"), "{:?}", out.problems);
    }

    #[test]
    fn rejects_non_records() {
        assert!(parse_record("[1,2]", false).is_err());
        assert!(parse_record("{\"modified\":\"x\"}", false).is_err());
        assert!(parse_record("{", false).is_err());
    }
}
