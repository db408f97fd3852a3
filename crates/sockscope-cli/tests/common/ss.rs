//! Parsing `ss -tuaxwnH` rows (iproute2 6.1) into comparable values: the
//! independent reference for the JSON test.

use std::net::IpAddr;

/// One end of a socket as ss prints it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum End {
    /// `addr:port`; `None` address for `*`, `None` port for `*`.
    Inet {
        addr: Option<IpAddr>,
        port: Option<u16>,
    },
    /// UNIX: name (`None` for `*`), inode (the "port" column).
    Unix { name: Option<String>, inode: u64 },
}

/// One ss row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// `tcp`, `udp`, `raw`, `u_str`, `u_dgr`, `u_seq`, ...
    pub netid: String,
    /// ss state spelling: `ESTAB`, `LISTEN`, `UNCONN`, ...
    pub state: String,
    pub local: End,
    pub peer: End,
    /// The line as printed, for messages.
    pub line: String,
}

impl Row {
    pub fn is_unix(&self) -> bool {
        self.netid.starts_with("u_")
    }
}

/// Parse `[addr]:port`, `addr:port`, `*:port`, `addr:*`; drops a `%zone`.
pub fn parse_inet(s: &str) -> Result<End, String> {
    let (host, port) = s
        .rsplit_once(':')
        .ok_or_else(|| format!("no port in {s:?}"))?;
    let port = match port {
        "*" => None,
        p => Some(p.parse().map_err(|_| format!("bad port in {s:?}"))?),
    };
    let host = host.split('%').next().unwrap_or(host);
    let host = host.trim_start_matches('[').trim_end_matches(']');
    let addr = match host {
        "*" => None,
        h => Some(h.parse().map_err(|_| format!("bad address in {s:?}"))?),
    };
    Ok(End::Inet { addr, port })
}

fn parse_unix(name: &str, inode: &str) -> Result<End, String> {
    Ok(End::Unix {
        name: (name != "*").then(|| name.to_owned()),
        inode: inode.parse().map_err(|_| format!("bad inode {inode:?}"))?,
    })
}

/// Parse every row of `ss -H` output (numeric, no header).
pub fn parse(text: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split_whitespace().collect();
        let bad = || format!("unexpected ss row {line:?}");
        let (netid, state) = (f.first().ok_or_else(bad)?, f.get(1).ok_or_else(bad)?);
        let (local, peer) = if netid.starts_with("u_") {
            if f.len() < 8 {
                return Err(bad());
            }
            (parse_unix(f[4], f[5])?, parse_unix(f[6], f[7])?)
        } else {
            if f.len() < 6 {
                return Err(bad());
            }
            (parse_inet(f[4])?, parse_inet(f[5])?)
        };
        rows.push(Row {
            netid: netid.to_string(),
            state: state.to_string(),
            local,
            peer,
            line: line.to_owned(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inet_forms() {
        assert_eq!(
            parse_inet("[::1]:18003").unwrap(),
            End::Inet {
                addr: Some("::1".parse().unwrap()),
                port: Some(18003)
            }
        );
        assert_eq!(
            parse_inet("*:*").unwrap(),
            End::Inet {
                addr: None,
                port: None
            }
        );
        assert_eq!(
            parse_inet("[fe80::1]%lo:5").unwrap(),
            End::Inet {
                addr: Some("fe80::1".parse().unwrap()),
                port: Some(5)
            }
        );
        assert_eq!(
            parse_inet("0.0.0.0:*").unwrap(),
            End::Inet {
                addr: Some("0.0.0.0".parse().unwrap()),
                port: None
            }
        );
    }

    #[test]
    fn rows_of_each_kind() {
        let text = "\
u_str LISTEN 1      16   /tmp/x/stream.sock 21504         * 0    \n\
u_str ESTAB  0      0                    * 22529         * 22530\n\
tcp   LISTEN 0      128    [2001:db8::1]:18005      [::]:*    \n\
raw   UNCONN 0      0          0.0.0.0:1       0.0.0.0:*    \n";
        let rows = parse(text).unwrap();
        assert_eq!(rows.len(), 4);
        assert_eq!(
            rows[0].local,
            End::Unix {
                name: Some("/tmp/x/stream.sock".into()),
                inode: 21504
            }
        );
        assert_eq!(
            rows[1].peer,
            End::Unix {
                name: None,
                inode: 22530
            }
        );
        assert!(rows[1].is_unix() && !rows[2].is_unix());
        assert_eq!(rows[3].state, "UNCONN");
    }
}
