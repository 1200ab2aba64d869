//! The spec's enums (SecurityIssueType, SecuritySeverity, SecurityStatus) and the engine names.
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

macro_rules! text_enum {
    ($(#[$m:meta])* $name:ident { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum $name { $(#[serde(rename = $text)] $variant),+ }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];
            /// The stored/serialised text of the value.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { f.write_str(self.as_str()) }
        }

        impl FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let norm = s.trim().to_ascii_uppercase().replace('-', "_");
                $(if norm == $text { return Ok($name::$variant); })+
                Err(format!(
                    "unknown {} '{}' (expected one of: {})",
                    stringify!($name),
                    s,
                    [$($text),+].join(", ").to_ascii_lowercase()
                ))
            }
        }
    };
}

text_enum!(
    /// SecuritySeverity. Ordered from least to most severe (derive order below is by rank()).
    Severity {
        Info => "INFO",
        Low => "LOW",
        Medium => "MEDIUM",
        High => "HIGH",
        Critical => "CRITICAL",
    }
);

impl Severity {
    /// 0 (info) .. 4 (critical).
    pub fn rank(self) -> u8 {
        match self {
            Severity::Info => 0,
            Severity::Low => 1,
            Severity::Medium => 2,
            Severity::High => 3,
            Severity::Critical => 4,
        }
    }

    /// Severity of a CVSS base score (critical ≥ 9.0, high ≥ 7.0, medium ≥ 4.0, low > 0, else info).
    pub fn from_cvss_score(score: f64) -> Severity {
        if score >= 9.0 {
            Severity::Critical
        } else if score >= 7.0 {
            Severity::High
        } else if score >= 4.0 {
            Severity::Medium
        } else if score > 0.0 {
            Severity::Low
        } else {
            Severity::Info
        }
    }
}

impl PartialOrd for Severity {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Severity {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rank().cmp(&other.rank())
    }
}

text_enum!(
    /// SecurityIssueType.
    IssueType {
        DependencyVulnerability => "DEPENDENCY_VULNERABILITY",
        CodeVulnerability => "CODE_VULNERABILITY",
        HardcodedSecret => "HARDCODED_SECRET",
        InsecureConfiguration => "INSECURE_CONFIGURATION",
        BestPractice => "BEST_PRACTICE",
    }
);

text_enum!(
    /// SecurityStatus: the lifecycle of an issue across reports.
    Status {
        Open => "OPEN",
        InProgress => "IN_PROGRESS",
        Resolved => "RESOLVED",
        AcceptedRisk => "ACCEPTED_RISK",
        FalsePositive => "FALSE_POSITIVE",
    }
);

impl Status {
    /// Accepted-risk and false-positive issues do not count for the score or the gates.
    pub fn counts(self) -> bool {
        !matches!(self, Status::AcceptedRisk | Status::FalsePositive)
    }
}

text_enum!(
    /// How sure a rule is of a finding.
    Confidence {
        Low => "LOW",
        Medium => "MEDIUM",
        High => "HIGH",
    }
);

text_enum!(
    /// The engine that produced a finding.
    Engine {
        Deps => "DEPS",
        Code => "CODE",
        Secrets => "SECRETS",
        Practices => "PRACTICES",
    }
);

impl Engine {
    /// The lower-case name used on the command line (`--engines deps,code`).
    pub fn cli_name(self) -> &'static str {
        match self {
            Engine::Deps => "deps",
            Engine::Code => "code",
            Engine::Secrets => "secrets",
            Engine::Practices => "practices",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn severity_orders_by_rank() {
        assert!(Severity::Critical > Severity::High);
        assert!(Severity::Low > Severity::Info);
        let mut v = vec![Severity::Low, Severity::Critical, Severity::Info, Severity::Medium];
        v.sort();
        assert_eq!(v, vec![Severity::Info, Severity::Low, Severity::Medium, Severity::Critical]);
    }

    #[test]
    fn cvss_score_thresholds() {
        assert_eq!(Severity::from_cvss_score(9.0), Severity::Critical);
        assert_eq!(Severity::from_cvss_score(8.9), Severity::High);
        assert_eq!(Severity::from_cvss_score(7.0), Severity::High);
        assert_eq!(Severity::from_cvss_score(6.9), Severity::Medium);
        assert_eq!(Severity::from_cvss_score(4.0), Severity::Medium);
        assert_eq!(Severity::from_cvss_score(0.1), Severity::Low);
        assert_eq!(Severity::from_cvss_score(0.0), Severity::Info);
    }

    #[test]
    fn parse_accepts_cli_spelling() {
        assert_eq!("accepted-risk".parse::<Status>(), Ok(Status::AcceptedRisk));
        assert_eq!("high".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
    }
}
