//! After the engines: merge (dedupe by fingerprint, order), score and gates.
pub(crate) mod compare;
pub mod fingerprint;
pub(crate) mod gate;
pub(crate) mod score;
pub(crate) mod secrets;
pub(crate) mod suppress;

use crate::model::Finding;
use rayon::prelude::*;
use std::collections::HashSet;
use std::path::Path;

/// Drop repeated fingerprints (the same issue seen twice, e.g. through an included requirements file
/// that is also scanned on its own) and order most severe first, then by location.
pub fn merge(findings: Vec<Finding>) -> Vec<Finding> {
    // the order is found on indices and applied once: a finding is large, and a sort would move each
    // of them many times
    let mut order: Vec<usize> = (0..findings.len()).collect();
    order.par_sort_by(|&a, &b| findings[a].sort_key().cmp(&findings[b].sort_key()));
    let mut seen: HashSet<&str> = HashSet::new();
    let keep: Vec<usize> = order.into_iter().filter(|&i| seen.insert(findings[i].fingerprint.as_str())).collect();
    let mut slots: Vec<Option<Finding>> = findings.into_iter().map(Some).collect();
    keep.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)).collect()
}

/// `text` with the scanned root's absolute path written as `.` (and paths below it relative) and the
/// user's home folder as `~`: reports name the project, not the machine that scanned it.
pub fn machine_paths_hidden(text: &str, root: &Path, home: Option<&Path>) -> String {
    let root = root.display().to_string();
    let mut out = text.replace(&format!("{root}/"), "").replace(&root, ".");
    if let Some(home) = home.map(|h| h.display().to_string()).filter(|h| h.len() > 1) {
        out = out.replace(&format!("{home}/"), "~/").replace(&home, "~");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn machine_paths_are_hidden() {
        let root = Path::new("/home/ci/work/shop");
        let home = Some(Path::new("/home/ci"));
        assert_eq!(
            machine_paths_hidden("/home/ci/work/shop/a/requirements.txt: bad", root, home),
            "a/requirements.txt: bad"
        );
        assert_eq!(
            machine_paths_hidden("database /home/ci/.cache/secscan/a.db", root, home),
            "database ~/.cache/secscan/a.db"
        );
        assert_eq!(machine_paths_hidden("in /home/ci/work/shop", root, home), "in .");
    }
}
