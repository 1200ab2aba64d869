//! The spec's enums (SecurityIssueType, SecuritySeverity, SecurityStatus) and the engine names.
use super::package::Ecosystem;
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
                    [$($text),+].join(", ").to_ascii_lowercase().replace('_', "-")
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
    /// SecurityIssueType, the spec's values exactly.
    IssueType {
        PythonDependency => "PYTHON_DEPENDENCY",
        NodeDependency => "NODE_DEPENDENCY",
        OwaspBrokenAccessControl => "OWASP_BROKEN_ACCESS_CONTROL",
        OwaspCryptographicFailures => "OWASP_CRYPTOGRAPHIC_FAILURES",
        OwaspInjection => "OWASP_INJECTION",
        OwaspInsecureDesign => "OWASP_INSECURE_DESIGN",
        OwaspSecurityMisconfiguration => "OWASP_SECURITY_MISCONFIGURATION",
        OwaspVulnerableComponents => "OWASP_VULNERABLE_COMPONENTS",
        OwaspAuthenticationFailures => "OWASP_AUTHENTICATION_FAILURES",
        OwaspDataIntegrityFailures => "OWASP_DATA_INTEGRITY_FAILURES",
        OwaspLoggingFailures => "OWASP_LOGGING_FAILURES",
        OwaspSsrf => "OWASP_SSRF",
        BestPracticeSecrets => "BEST_PRACTICE_SECRETS",
        BestPracticeInputValidation => "BEST_PRACTICE_INPUT_VALIDATION",
        BestPracticeErrorHandling => "BEST_PRACTICE_ERROR_HANDLING",
        BestPracticeAuthentication => "BEST_PRACTICE_AUTHENTICATION",
        BestPracticeDataProtection => "BEST_PRACTICE_DATA_PROTECTION",
        BestPracticeApiSecurity => "BEST_PRACTICE_API_SECURITY",
        BestPracticeConfiguration => "BEST_PRACTICE_CONFIGURATION",
    }
);

/// The broad family of an issue type, for grouping in reports (GitLab's three reports, SARIF tags).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IssueFamily {
    /// A vulnerable dependency (PYTHON_DEPENDENCY, NODE_DEPENDENCY).
    Dependency,
    /// A hard-coded secret (BEST_PRACTICE_SECRETS).
    Secret,
    /// A flaw in the code (the OWASP_* types).
    Code,
    /// Configuration and practice (the other BEST_PRACTICE_* types).
    Practice,
}

impl IssueType {
    /// The family of the type.
    pub fn family(self) -> IssueFamily {
        match self {
            IssueType::PythonDependency | IssueType::NodeDependency => IssueFamily::Dependency,
            IssueType::BestPracticeSecrets => IssueFamily::Secret,
            IssueType::OwaspBrokenAccessControl
            | IssueType::OwaspCryptographicFailures
            | IssueType::OwaspInjection
            | IssueType::OwaspInsecureDesign
            | IssueType::OwaspSecurityMisconfiguration
            | IssueType::OwaspVulnerableComponents
            | IssueType::OwaspAuthenticationFailures
            | IssueType::OwaspDataIntegrityFailures
            | IssueType::OwaspLoggingFailures
            | IssueType::OwaspSsrf => IssueFamily::Code,
            IssueType::BestPracticeInputValidation
            | IssueType::BestPracticeErrorHandling
            | IssueType::BestPracticeAuthentication
            | IssueType::BestPracticeDataProtection
            | IssueType::BestPracticeApiSecurity
            | IssueType::BestPracticeConfiguration => IssueFamily::Practice,
        }
    }

    /// Whether the type is a vulnerable dependency.
    pub fn is_dependency(self) -> bool {
        self.family() == IssueFamily::Dependency
    }

    /// The type of a dependency vulnerability of an ecosystem.
    pub fn dependency(ecosystem: Ecosystem) -> IssueType {
        match ecosystem {
            Ecosystem::PyPI => IssueType::PythonDependency,
            Ecosystem::Npm => IssueType::NodeDependency,
        }
    }

    /// The OWASP type of a Top 10 2021 category (`A03:2021`, `A03`), if it is one.
    pub fn of_owasp(category: &str) -> Option<IssueType> {
        let code = category.trim().get(..3)?.to_ascii_uppercase();
        Some(match code.as_str() {
            "A01" => IssueType::OwaspBrokenAccessControl,
            "A02" => IssueType::OwaspCryptographicFailures,
            "A03" => IssueType::OwaspInjection,
            "A04" => IssueType::OwaspInsecureDesign,
            "A05" => IssueType::OwaspSecurityMisconfiguration,
            "A06" => IssueType::OwaspVulnerableComponents,
            "A07" => IssueType::OwaspAuthenticationFailures,
            "A08" => IssueType::OwaspDataIntegrityFailures,
            "A09" => IssueType::OwaspLoggingFailures,
            "A10" => IssueType::OwaspSsrf,
            _ => return None,
        })
    }

    /// A label for people ("Injection", "Python dependency").
    pub fn label(self) -> &'static str {
        match self {
            IssueType::PythonDependency => "Python dependency",
            IssueType::NodeDependency => "Node.js dependency",
            IssueType::OwaspBrokenAccessControl => "Broken access control",
            IssueType::OwaspCryptographicFailures => "Cryptographic failure",
            IssueType::OwaspInjection => "Injection",
            IssueType::OwaspInsecureDesign => "Insecure design",
            IssueType::OwaspSecurityMisconfiguration => "Security misconfiguration",
            IssueType::OwaspVulnerableComponents => "Vulnerable component",
            IssueType::OwaspAuthenticationFailures => "Authentication failure",
            IssueType::OwaspDataIntegrityFailures => "Data integrity failure",
            IssueType::OwaspLoggingFailures => "Logging failure",
            IssueType::OwaspSsrf => "Server-side request forgery",
            IssueType::BestPracticeSecrets => "Hard-coded secret",
            IssueType::BestPracticeInputValidation => "Input validation",
            IssueType::BestPracticeErrorHandling => "Error handling",
            IssueType::BestPracticeAuthentication => "Authentication practice",
            IssueType::BestPracticeDataProtection => "Data protection",
            IssueType::BestPracticeApiSecurity => "API security",
            IssueType::BestPracticeConfiguration => "Configuration practice",
        }
    }
}

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
    fn issue_types_are_the_specs_and_have_families() {
        assert_eq!(IssueType::ALL.len(), 19);
        assert_eq!("owasp-injection".parse::<IssueType>(), Ok(IssueType::OwaspInjection));
        assert_eq!(IssueType::of_owasp("A10:2021"), Some(IssueType::OwaspSsrf));
        assert_eq!(IssueType::of_owasp("B01"), None);
        assert_eq!(IssueType::dependency(Ecosystem::Npm).as_str(), "NODE_DEPENDENCY");
        assert!(IssueType::PythonDependency.is_dependency());
        assert_eq!(IssueType::BestPracticeSecrets.family(), IssueFamily::Secret);
    }

    #[test]
    fn parse_accepts_cli_spelling() {
        assert_eq!("accepted-risk".parse::<Status>(), Ok(Status::AcceptedRisk));
        assert_eq!("high".parse::<Severity>(), Ok(Severity::High));
        assert!("severe".parse::<Severity>().is_err());
    }
}
