//! Running an enabled external tool (its §6.1 `*_ENABLED` variable or `[tools]` key): an argument list,
//! never a shell; the scanned root as working directory; an environment reduced to what the tool needs
//! (no tokens of other tools); a time limit; bounded output. A tool that is missing, fails, times out or
//! writes garbage is a warning naming it, never a crash.
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The most a tool may write (more is cut, and the report is then not trusted).
pub(crate) const MAX_OUTPUT: u64 = 64 * 1024 * 1024;

/// How a tool is run.
pub(crate) struct ToolSpec {
    /// The `[tools]` key (`bandit`), also the §6.1 variable without `_ENABLED`.
    pub(crate) key: &'static str,
    /// The program looked up on PATH.
    pub(crate) program: &'static str,
    /// Its arguments; `{out}` is replaced by a file the tool writes its report to (else: standard output).
    pub(crate) args: &'static [&'static str],
    /// Exit codes that mean "ran" (many tools exit 1 when they found something).
    pub(crate) ok_codes: &'static [i32],
    /// It needs the network (skipped under --offline).
    pub(crate) network: bool,
    /// Why it is not run, when it is not (a safety reason).
    pub(crate) refused: Option<&'static str>,
    /// The environment variable holding the tool's token: passed to this tool only, and required.
    pub(crate) token: Option<&'static str>,
    /// How the tool runs code of the repository it runs in: then the repository's own `.secscan.toml`
    /// cannot switch it on (the environment or a `--config` file can).
    pub(crate) runs_repo_code: Option<&'static str>,
}

fn which(program: &str, path: &str) -> Option<std::path::PathBuf> {
    // only absolute PATH entries: an empty or relative one would find a program in the scanned root,
    // which is the tool's working directory
    std::env::split_paths(path).filter(|d| d.is_absolute()).map(|d| d.join(program)).find(|p| {
        std::fs::metadata(p).is_ok_and(|m| {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                m.is_file() && m.permissions().mode() & 0o111 != 0
            }
            #[cfg(not(unix))]
            {
                m.is_file()
            }
        })
    })
}

/// SQLFluff's name of a dialect of `[code] sql_dialect`.
fn sqlfluff_dialect(d: &str) -> &'static str {
    match d {
        "postgresql" | "postgres" => "postgres",
        "mysql" => "mysql",
        "mssql" | "tsql" => "tsql",
        "sqlite" => "sqlite",
        "snowflake" => "snowflake",
        "bigquery" => "bigquery",
        "redshift" => "redshift",
        "hive" => "hive",
        "clickhouse" => "clickhouse",
        "duckdb" => "duckdb",
        "databricks" => "databricks",
        _ => "ansi",
    }
}

/// Run a tool in `root`; its report's bytes, or why there is none.
pub(crate) fn run(spec: &ToolSpec, root: &Path, timeout: Duration, sql_dialect: &str) -> Result<Vec<u8>, String> {
    if let Some(why) = spec.refused {
        return Err(format!("not run: {why}"));
    }
    let path = std::env::var("PATH").unwrap_or_default();
    let program = which(spec.program, &path).ok_or_else(|| format!("`{}` is not on PATH; not run", spec.program))?;
    let token = match spec.token {
        Some(var) => Some((
            var,
            std::env::var(var).ok().filter(|t| !t.trim().is_empty()).ok_or_else(|| format!("needs {var}; not run"))?,
        )),
        None => None,
    };
    let tmp = tempfile::tempdir().map_err(|e| format!("cannot make a temporary folder: {e}"))?;
    let out_file = tmp.path().join("report.json");
    let args: Vec<String> = spec
        .args
        .iter()
        .map(|a| {
            a.replace("{out}", &out_file.display().to_string()).replace("{dialect}", sqlfluff_dialect(sql_dialect))
        })
        .collect();
    let to_file = spec.args.iter().any(|a| a.contains("{out}"));
    let mut cmd = Command::new(&program);
    cmd.args(&args)
        .current_dir(root)
        .env_clear()
        .env("PATH", &path)
        .env("HOME", tmp.path())
        .env("LANG", "C.UTF-8")
        .env("NO_COLOR", "1")
        .envs(token)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    // its own process group, so that a time-out stops the tool's children too
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;
        cmd.process_group(0);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot start `{}`: {e}", spec.program))?;
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    // read both streams while the tool runs (bounded), so that a full pipe never blocks it
    // each reader hands its bytes over a channel, so that waiting for them has a deadline too
    let (out_tx, out_rx) = std::sync::mpsc::channel();
    let (err_tx, err_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stdout {
            let mut limited = s.take(MAX_OUTPUT + 1);
            let _ = limited.read_to_end(&mut buf);
            // drain the rest without keeping it
            let _ = std::io::copy(&mut limited.into_inner(), &mut std::io::sink());
        }
        let _ = out_tx.send(buf);
    });
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        if let Some(s) = stderr {
            let mut limited = s.take(64 * 1024);
            let _ = limited.read_to_end(&mut buf);
            let _ = std::io::copy(&mut limited.into_inner(), &mut std::io::sink());
        }
        let _ = err_tx.send(buf);
    });
    let stop_group = |pid: u32| {
        #[cfg(unix)]
        if let Ok(pid) = i32::try_from(pid) {
            // SAFETY: signals the process group this function created; no memory is involved
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    };
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if started.elapsed() > timeout => {
                stop_group(child.id());
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("timed out after {} s; stopped", timeout.as_secs()));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(25)),
            Err(e) => return Err(format!("cannot wait for it: {e}")),
        }
    };
    // what the tool started and left behind is stopped with it (it would hold the output open)
    stop_group(child.id());
    let grace = Duration::from_secs(5);
    let Ok(stdout) = out_rx.recv_timeout(grace) else {
        return Err("its output stayed open after it exited; not read".to_string());
    };
    let stderr = err_rx.recv_timeout(grace).unwrap_or_default();
    let code = status.code().unwrap_or(-1);
    if !spec.ok_codes.contains(&code) {
        let first = String::from_utf8_lossy(&stderr);
        let first = first.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message");
        return Err(format!("exited with code {code}: {}", crate::report::text::truncate(first, 300)));
    }
    let report = if to_file {
        crate::engine::read_bytes(&out_file, MAX_OUTPUT).map_err(|m| format!("its report: {m}"))?
    } else {
        stdout
    };
    if report.len() as u64 > MAX_OUTPUT {
        return Err(format!("wrote more than {} MB; not read", MAX_OUTPUT / 1_048_576));
    }
    Ok(report)
}
