//! OSV API client: `POST /v1/querybatch` for the ids affecting each package version, then
//! `GET /v1/vulns/{id}` for each record, both cached in the advisory database for 24 hours.
use super::db::AdvisoryDb;
use super::load::{parse_record, Loaded};
use super::AdvisoryError;
use crate::model::{Advisory, Ecosystem};
use rustc_hash::FxHashMap as HashMap;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::time::Duration;

/// Cache lifetime of API responses.
pub(crate) const CACHE_SECS: i64 = 24 * 3600;
/// Queries per `querybatch` request (the API's limit is 1000).
const BATCH: usize = 1000;
/// Pages followed for one query before giving up (bounds a misbehaving server).
const MAX_PAGES: usize = 20;

pub(crate) struct OsvClient {
    base: String,
    http: reqwest::blocking::Client,
}

#[derive(Deserialize)]
struct BatchResponse {
    #[serde(default)]
    results: Vec<BatchResult>,
}

#[derive(Deserialize, Default)]
struct BatchResult {
    #[serde(default)]
    vulns: Vec<VulnRef>,
    #[serde(default)]
    next_page_token: Option<String>,
}

#[derive(Deserialize)]
struct VulnRef {
    id: String,
}

/// One package version to ask about.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) struct Query {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub version: String,
}

impl Query {
    fn cache_key(&self) -> String {
        format!("q|{}|{}|{}", self.ecosystem, self.name, self.version)
    }

    fn body(&self, page_token: Option<&str>) -> serde_json::Value {
        let mut q = serde_json::json!({
            "package": { "name": self.name, "ecosystem": self.ecosystem.as_str() },
            "version": self.version,
        });
        if let Some(t) = page_token {
            q["page_token"] = serde_json::Value::String(t.to_string());
        }
        q
    }
}

impl OsvClient {
    pub(crate) fn new(base_url: &str, timeout: Duration) -> Result<OsvClient, AdvisoryError> {
        let http = reqwest::blocking::Client::builder()
            .timeout(timeout)
            .connect_timeout(Duration::from_secs(10).min(timeout))
            .user_agent(concat!("secscan/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| AdvisoryError::Api { url: base_url.to_string(), message: e.to_string() })?;
        Ok(OsvClient { base: base_url.trim_end_matches('/').to_string(), http })
    }

    fn api_err(&self, path: &str, message: impl ToString) -> AdvisoryError {
        AdvisoryError::Api { url: format!("{}{}", self.base, path), message: message.to_string() }
    }

    fn post_batch(&self, queries: &[serde_json::Value]) -> Result<Vec<BatchResult>, AdvisoryError> {
        let path = "/v1/querybatch";
        let resp = self
            .http
            .post(format!("{}{path}", self.base))
            .json(&serde_json::json!({ "queries": queries }))
            .send()
            .map_err(|e| self.api_err(path, e))?;
        if !resp.status().is_success() {
            return Err(self.api_err(path, format!("HTTP {}", resp.status())));
        }
        let body: BatchResponse = resp.json().map_err(|e| self.api_err(path, format!("bad response: {e}")))?;
        if body.results.len() != queries.len() {
            return Err(self.api_err(path, format!("{} results for {} queries", body.results.len(), queries.len())));
        }
        Ok(body.results)
    }

    /// Ids of the advisories affecting each query, in the order of `queries`.
    pub(crate) fn query_batch(&self, queries: &[Query]) -> Result<Vec<Vec<String>>, AdvisoryError> {
        let mut out = Vec::with_capacity(queries.len());
        for chunk in queries.chunks(BATCH) {
            let bodies: Vec<_> = chunk.iter().map(|q| q.body(None)).collect();
            let results = self.post_batch(&bodies)?;
            for (q, mut result) in chunk.iter().zip(results) {
                let mut ids: Vec<String> = result.vulns.drain(..).map(|v| v.id).collect();
                let mut pages = 0;
                while let Some(token) = result.next_page_token.take().filter(|t| !t.is_empty()) {
                    pages += 1;
                    if pages > MAX_PAGES {
                        break;
                    }
                    let mut more = self.post_batch(&[q.body(Some(&token))])?;
                    result = more.pop().unwrap_or_default();
                    ids.extend(result.vulns.drain(..).map(|v| v.id));
                }
                out.push(ids);
            }
        }
        Ok(out)
    }

    /// The full record of one advisory.
    pub(crate) fn vuln(&self, id: &str) -> Result<Loaded, AdvisoryError> {
        let path = format!("/v1/vulns/{id}");
        let resp = self.http.get(format!("{}{path}", self.base)).send().map_err(|e| self.api_err(&path, e))?;
        if !resp.status().is_success() {
            return Err(self.api_err(&path, format!("HTTP {}", resp.status())));
        }
        let text = resp.text().map_err(|e| self.api_err(&path, e))?;
        parse_record(&text, false).map_err(|e| self.api_err(&path, e))
    }
}

/// Ask the API about every query (answering from the cache where it is fresh) and return the records
/// of every advisory it names. Cache failures are not errors; API failures are.
pub(crate) fn fetch(
    client: &OsvClient,
    db: Option<&mut AdvisoryDb>,
    queries: &[Query],
) -> Result<Vec<Advisory>, AdvisoryError> {
    let mut ids_needed: BTreeSet<String> = BTreeSet::new();
    let mut to_ask: Vec<Query> = Vec::new();
    for q in queries {
        match db.as_deref().and_then(|d| d.cache_get(&q.cache_key(), CACHE_SECS)) {
            Some(body) => match serde_json::from_str::<Vec<String>>(&body) {
                Ok(ids) => ids_needed.extend(ids),
                Err(_) => to_ask.push(q.clone()),
            },
            None => to_ask.push(q.clone()),
        }
    }
    let mut cache_writes: Vec<(String, String)> = Vec::new();
    if !to_ask.is_empty() {
        let answers = client.query_batch(&to_ask)?;
        for (q, ids) in to_ask.iter().zip(answers) {
            cache_writes.push((q.cache_key(), serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into())));
            ids_needed.extend(ids);
        }
    }
    let mut records: HashMap<String, Advisory> = HashMap::default();
    for id in &ids_needed {
        let key = format!("v|{id}");
        if let Some(body) = db.as_deref().and_then(|d| d.cache_get(&key, CACHE_SECS)) {
            if let Ok(loaded) = parse_record(&body, false) {
                records.insert(id.clone(), loaded.advisory);
                continue;
            }
        }
        let loaded = client.vuln(id)?;
        cache_writes.push((key, loaded.raw_json));
        records.insert(id.clone(), loaded.advisory);
    }
    if let Some(d) = db {
        // a read-only or locked cache only costs speed next time
        let _ = d.cache_put(&cache_writes);
    }
    Ok(records.into_values().collect())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpListener;
    use std::sync::{Arc, Mutex};

    /// (method, path) of each request the test server saw.
    pub(crate) type RequestLog = Arc<Mutex<Vec<(String, String)>>>;

    /// A tiny HTTP/1.1 server on 127.0.0.1 answering with `respond(method, path, body)`; returns its base
    /// URL and the log of requests (method, path).
    pub(crate) fn serve<F>(respond: F) -> (String, RequestLog)
    where
        F: Fn(&str, &str, &str) -> (u16, String) + Send + 'static,
    {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let log = Arc::new(Mutex::new(Vec::new()));
        let log2 = log.clone();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let mut reader = BufReader::new(stream.try_clone().expect("clone stream"));
                let mut line = String::new();
                if reader.read_line(&mut line).is_err() {
                    continue;
                }
                let mut parts = line.split_whitespace();
                let method = parts.next().unwrap_or("").to_string();
                let path = parts.next().unwrap_or("").to_string();
                let mut len = 0usize;
                loop {
                    let mut h = String::new();
                    if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                        break;
                    }
                    if let Some(v) = h.to_ascii_lowercase().strip_prefix("content-length:") {
                        len = v.trim().parse().unwrap_or(0);
                    }
                }
                let mut body = vec![0; len];
                let _ = reader.read_exact(&mut body);
                let body = String::from_utf8_lossy(&body).into_owned();
                log2.lock().expect("log").push((method.clone(), path.clone()));
                let (status, text) = respond(&method, &path, &body);
                let mut s = stream;
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                    text.len()
                );
            }
        });
        (format!("http://{addr}"), log)
    }

    fn osv_server() -> (String, RequestLog) {
        serve(|method, path, body| match (method, path) {
            ("POST", "/v1/querybatch") => {
                let v: serde_json::Value = serde_json::from_str(body).unwrap_or_default();
                let results: Vec<serde_json::Value> = v["queries"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .map(|q| {
                        if q["package"]["name"] == "lodash" && q["version"] == "4.17.20" {
                            if q.get("page_token").is_some() {
                                serde_json::json!({"vulns": [{"id": "GHSA-2", "modified": "2024-01-01T00:00:00Z"}]})
                            } else {
                                serde_json::json!({"vulns": [{"id": "GHSA-1", "modified": "2024-01-01T00:00:00Z"}], "next_page_token": "p2"})
                            }
                        } else {
                            serde_json::json!({})
                        }
                    })
                    .collect();
                (200, serde_json::json!({ "results": results }).to_string())
            }
            ("GET", p) if p.starts_with("/v1/vulns/GHSA-") => {
                let id = p.trim_start_matches("/v1/vulns/");
                (
                    200,
                    format!(
                        r#"{{"id":"{id}","modified":"2024-01-01T00:00:00Z","affected":[{{"package":{{"ecosystem":"npm","name":"lodash"}},"ranges":[{{"type":"SEMVER","events":[{{"introduced":"0"}},{{"fixed":"4.17.21"}}]}}]}}]}}"#
                    ),
                )
            }
            _ => (404, "{}".into()),
        })
    }

    #[test]
    fn queries_pages_fetches_and_caches() {
        let (base, log) = osv_server();
        let client = OsvClient::new(&base, Duration::from_secs(5)).expect("client");
        let dir = tempfile::tempdir().expect("tempdir");
        let mut db = AdvisoryDb::open(&dir.path().join("a.db"), true).expect("db");
        let queries = vec![
            Query { ecosystem: Ecosystem::Npm, name: "lodash".into(), version: "4.17.20".into() },
            Query { ecosystem: Ecosystem::Npm, name: "left-pad".into(), version: "1.0.0".into() },
        ];
        let mut got = fetch(&client, Some(&mut db), &queries).expect("fetch");
        got.sort_by(|a, b| a.id.cmp(&b.id));
        assert_eq!(got.iter().map(|a| a.id.as_str()).collect::<Vec<_>>(), vec!["GHSA-1", "GHSA-2"]);
        let first = log.lock().expect("log").len();
        assert_eq!(first, 4, "batch + next page + two vulns");
        // second run is answered from the cache without any request
        let again = fetch(&client, Some(&mut db), &queries).expect("fetch again");
        assert_eq!(again.len(), 2);
        assert_eq!(log.lock().expect("log").len(), first);
    }

    #[test]
    fn server_errors_are_reported() {
        let (base, _) = serve(|_, _, _| (500, "{}".into()));
        let client = OsvClient::new(&base, Duration::from_secs(5)).expect("client");
        let q = vec![Query { ecosystem: Ecosystem::PyPI, name: "x".into(), version: "1".into() }];
        let err = fetch(&client, None, &q).expect_err("must fail");
        assert!(err.to_string().contains("HTTP 500"), "{err}");
    }
}
