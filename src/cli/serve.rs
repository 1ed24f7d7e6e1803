//! `tilmash serve`: checks the server's arguments (safe by default: a
//! non-loopback address needs a token or read-only mode) and hands the
//! workspace's memory to [`crate::serve`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

use super::session::{open_memory, Error, Messages, Result};
use crate::serve::ServeConfig;
use crate::workspace::Workspace;

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0: any free port, printed on stderr).
    #[arg(long, value_name = "ADDRESS", default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// A file holding the bearer token every request must carry
    /// (`Authorization: Bearer TOKEN`); required, or --read-only, to
    /// listen beyond loopback.
    #[arg(long, value_name = "FILE")]
    pub token: Option<PathBuf>,

    /// Answer searches only: no import, no glossary edits.
    #[arg(long)]
    pub read_only: bool,

    /// Largest JSON request body, in bytes (`k`, `M` suffixes).
    #[arg(long, value_name = "BYTES", default_value = "2M", value_parser = parse_bytes)]
    pub body_limit: usize,

    /// Largest import body, in bytes (streamed; `k`, `M`, `G` suffixes).
    #[arg(long, value_name = "BYTES", default_value = "1G", value_parser = parse_bytes)]
    pub import_limit: usize,

    /// Longest a request may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 30.0)]
    pub timeout: f64,

    /// Longest an import may take, in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 3600.0)]
    pub import_timeout: f64,

    /// Requests served at once; more wait their turn.
    #[arg(long, value_name = "N", default_value_t = 64)]
    pub max_concurrency: usize,
}

/// `2M`, `512k`, `1G` or a plain number of bytes.
fn parse_bytes(text: &str) -> std::result::Result<usize, String> {
    let text = text.trim();
    let (digits, unit) = match text.char_indices().find(|(_, c)| !c.is_ascii_digit()) {
        Some((i, _)) => text.split_at(i),
        None => (text, ""),
    };
    let factor: usize = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        _ => {
            return Err(format!(
                "`{text}`: write a number of bytes, e.g. 2M or 512k"
            ))
        }
    };
    digits
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_mul(factor))
        .filter(|&n| n > 0)
        .ok_or_else(|| format!("`{text}`: write a number of bytes, e.g. 2M or 512k"))
}

fn seconds(value: f64, field: &'static str) -> Result<Duration> {
    if !value.is_finite() || value <= 0.0 || value > 86_400.0 {
        return Err(Error::usage(
            field,
            format!(
                "--{}: give a number of seconds above 0",
                field.replace('_', "-")
            ),
        ));
    }
    Ok(Duration::from_secs_f64(value))
}

impl ServeArgs {
    fn config(&self) -> Result<ServeConfig> {
        let token = match &self.token {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    Error::usage("token", format!("--token {}: {e}", path.display()))
                })?;
                let token = text.trim().to_string();
                if token.len() < 16 || token.chars().any(|c| c.is_whitespace() || c.is_control()) {
                    return Err(Error::usage(
                        "token",
                        format!(
                            "--token {}: the file must hold one token of at least 16 characters, without spaces",
                            path.display()
                        ),
                    ));
                }
                Some(token)
            }
            None => None,
        };
        if !self.listen.ip().is_loopback() && token.is_none() && !self.read_only {
            return Err(Error::usage(
                "listen",
                format!(
                    "--listen {}: beyond loopback, give --token FILE (a bearer token) or --read-only",
                    self.listen
                ),
            ));
        }
        if self.max_concurrency == 0 {
            return Err(Error::usage(
                "max_concurrency",
                "--max-concurrency takes a number ≥ 1",
            ));
        }
        Ok(ServeConfig {
            listen: self.listen,
            token,
            read_only: self.read_only,
            body_limit: self.body_limit,
            import_limit: self.import_limit,
            timeout: seconds(self.timeout, "timeout")?,
            import_timeout: seconds(self.import_timeout, "import_timeout")?,
            max_concurrency: self.max_concurrency,
        })
    }
}

pub fn run(workspace: &Workspace, args: ServeArgs, messages: &Messages) -> Result<i32> {
    let config = args.config()?;
    let memory = open_memory(workspace, messages)?;
    crate::serve::run(config, workspace.clone(), memory)?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::parse_bytes;

    #[test]
    fn byte_sizes_take_suffixes() {
        assert_eq!(parse_bytes("2M"), Ok(2 << 20));
        assert_eq!(parse_bytes("512k"), Ok(512 << 10));
        assert_eq!(parse_bytes("100"), Ok(100));
        assert!(parse_bytes("0").is_err());
        assert!(parse_bytes("2X").is_err());
        assert!(parse_bytes("").is_err());
    }
}
