//! After the engines: merge (dedupe by fingerprint, order), score and gates.
pub mod compare;
pub mod fingerprint;
pub mod gate;
pub mod score;
pub mod suppress;

use crate::model::Finding;
use std::collections::HashSet;

/// Drop repeated fingerprints (the same issue seen twice, e.g. through an included requirements file
/// that is also scanned on its own) and order most severe first, then by location.
pub fn merge(mut findings: Vec<Finding>) -> Vec<Finding> {
    findings.sort_by_key(|f| f.sort_key());
    let mut seen = HashSet::new();
    findings.retain(|f| seen.insert(f.fingerprint.clone()));
    findings
}
