//! Socket families netstat tries that sockscope does not list: SCTP (tried
//! between TCP and UDP) and the legacy families (tried after UNIX). netstat
//! says "no support for `AF IPX' on this system." when the kernel lacks one:
//! an error (exit 1, nothing after it printed) when it was asked for, a note
//! with `-v` in the default set. Where the kernel has one, we cannot list it
//! and say so instead of pretending it is empty.

use std::path::Path;

use sockscope::filter::ListenSelection;
use sockscope::model::{Family, Warning};

use crate::config::{LegacyFamily, SocketSet};
use crate::exit::CliError;

/// Where netstat tries the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Between the TCP and UDP rows.
    AfterTcp,
    /// After the UNIX block.
    AfterUnix,
}

/// One family asked for (or in the default set) that we do not list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub at: Position,
    /// netstat's name ("AF INET (sctp)").
    pub netstat_name: &'static str,
    /// Short label for JSON warnings ("sctp").
    pub label: &'static str,
    /// What listing it would be ("listing SCTP sockets").
    pub listing: &'static str,
    /// The kernel has it (so it is our gap, not the system's).
    pub in_kernel: bool,
}

impl Gap {
    /// The error when the family was asked for.
    pub fn error(&self) -> CliError {
        if self.in_kernel {
            CliError::NotImplemented { what: self.listing }
        } else {
            CliError::NoKernelSupport {
                family: self.netstat_name,
            }
        }
    }

    /// netstat's `-v` note for a family of the default set the kernel lacks.
    pub fn note(&self, name: &str) -> Option<String> {
        (!self.in_kernel).then(|| {
            format!(
                "{name}: no support for `{}' on this system.\n",
                self.netstat_name
            )
        })
    }

    /// The JSON warning, when there is something worth saying.
    pub fn warning(&self, explicit: bool) -> Option<Warning> {
        let reason = if self.in_kernel {
            format!("{} is not implemented in sockscope", self.listing)
        } else if explicit {
            "not supported by this kernel".to_string()
        } else {
            return None;
        };
        Some(Warning::Unavailable {
            what: self.label,
            reason,
        })
    }
}

/// netstat's `-v` notes for the default set's gaps. netstat reads SCTP
/// endpoints (servers) and associations (connections) from separate files,
/// both with `-a`, so the SCTP note then appears twice.
pub fn verbose_notes(gaps: &[Gap], select: ListenSelection, name: &str) -> String {
    let mut out = String::new();
    for gap in gaps {
        if let Some(note) = gap.note(name) {
            if gap.at == Position::AfterTcp && select == ListenSelection::All {
                out.push_str(&note);
            }
            out.push_str(&note);
        }
    }
    out
}

/// The gaps of `set`, in the order netstat meets them.
pub fn gaps(set: &SocketSet) -> Vec<Gap> {
    gaps_with(set, &|p: &str| Path::new(p).exists())
}

fn gaps_with(set: &SocketSet, exists: &dyn Fn(&str) -> bool) -> Vec<Gap> {
    let mut out = Vec::new();
    let sctp_in_kernel = set.sctp && exists("/proc/net/sctp/eps");
    // netstat reports a missing SCTP only from its IPv4 file: `-6 -S` is quiet.
    if sctp_in_kernel || (set.sctp && set.families.contains(&Family::Inet)) {
        out.push(Gap {
            at: Position::AfterTcp,
            netstat_name: "AF INET (sctp)",
            label: "sctp",
            listing: "listing SCTP sockets (-S)",
            in_kernel: sctp_in_kernel,
        });
    }
    for family in &set.legacy {
        let (label, listing, paths): (_, _, &[&str]) = match family {
            LegacyFamily::Ipx => (
                "ipx",
                "listing IPX sockets",
                &["/proc/net/ipx/socket", "/proc/net/ipx"],
            ),
            LegacyFamily::Ax25 => ("ax25", "listing AX.25 sockets", &["/proc/net/ax25"]),
            LegacyFamily::X25 => ("x25", "listing X.25 sockets", &["/proc/net/x25"]),
            LegacyFamily::Netrom => ("netrom", "listing NET/ROM sockets", &["/proc/net/nr"]),
            LegacyFamily::Rose => ("rose", "listing ROSE sockets", &["/proc/net/rose"]),
            // Never probed: we have no Bluetooth listing whatever the kernel has.
            LegacyFamily::Bluetooth => ("bluetooth", "listing Bluetooth sockets", &[]),
        };
        out.push(Gap {
            at: Position::AfterUnix,
            netstat_name: family.netstat_name(),
            label,
            listing,
            in_kernel: *family == LegacyFamily::Bluetooth || paths.iter().any(|p| exists(p)),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::LegacyFamily as L;

    fn set(sctp: bool, legacy: Vec<L>) -> SocketSet {
        SocketSet {
            protos: vec![],
            families: vec![Family::Inet, Family::Inet6],
            sctp,
            unix: false,
            groups: false,
            legacy,
            explicit: true,
        }
    }

    #[test]
    fn order_and_kernel_probe() {
        let g = gaps_with(&set(true, vec![L::Ipx, L::Rose, L::Bluetooth]), &|p| {
            p == "/proc/net/rose"
        });
        let names: Vec<_> = g
            .iter()
            .map(|g| (g.netstat_name, g.at, g.in_kernel))
            .collect();
        assert_eq!(
            names,
            [
                ("AF INET (sctp)", Position::AfterTcp, false),
                ("AF IPX", Position::AfterUnix, false),
                ("AF ROSE", Position::AfterUnix, true),
                ("AF BLUETOOTH", Position::AfterUnix, true),
            ]
        );
        assert!(matches!(
            g[0].error(),
            CliError::NoKernelSupport {
                family: "AF INET (sctp)"
            }
        ));
        assert!(matches!(g[2].error(), CliError::NotImplemented { .. }));
    }

    #[test]
    fn missing_sctp_is_only_reported_for_ipv4() {
        let mut only6 = set(true, vec![]);
        only6.families = vec![Family::Inet6];
        assert!(gaps_with(&only6, &|_| false).is_empty());
        // Loaded but not listable: our gap, whatever the family.
        assert_eq!(gaps_with(&only6, &|_| true).len(), 1);
    }

    #[test]
    fn notes_and_warnings() {
        let g = gaps_with(&set(true, vec![L::Ax25]), &|p| p == "/proc/net/ax25");
        assert_eq!(
            g[0].note("netstat").as_deref(),
            Some("netstat: no support for `AF INET (sctp)' on this system.\n")
        );
        assert_eq!(g[1].note("netstat"), None);
        assert!(g[0].warning(false).is_none());
        assert!(g[0].warning(true).is_some());
        assert!(g[1].warning(false).is_some());
        let n = |sel| verbose_notes(&g, sel, "netstat").matches("sctp").count();
        assert_eq!(
            (n(ListenSelection::All), n(ListenSelection::Listening)),
            (2, 1)
        );
    }
}
