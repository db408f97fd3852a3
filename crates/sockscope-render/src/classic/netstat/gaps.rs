//! The socket families netstat tries that sockscope does not list, in
//! netstat's words and order: SCTP when this kernel lacks it (tried
//! between TCP and UDP), then the legacy families (tried after UNIX).
//! netstat says "no support for `AF IPX' on this system." when the kernel
//! lacks one: an error when it was asked for (nothing after it printed), a
//! note with `-v` in the default set. Where the kernel has one we cannot
//! list, we say so instead of pretending it is empty. Whether the kernel
//! has each family is the library's answer (`sockscope::sockets::unlisted`).

use sockscope::filter::ListenSelection;
use sockscope::model::Warning;
use sockscope::sockets::unlisted::{Availability, LegacyFamily};

/// Where netstat tries the family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Position {
    /// Between the TCP and UDP rows.
    AfterTcp,
    /// After the UNIX block.
    AfterUnix,
}

/// One family asked for (or in the default set) that is not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gap {
    pub at: Position,
    /// netstat's name ("AF INET (sctp)").
    pub netstat_name: &'static str,
    /// Short label for JSON warnings ("sctp").
    pub label: &'static str,
    /// What listing it would be ("listing IPX sockets").
    pub listing: &'static str,
    /// The kernel has it (so it is our gap, not the system's).
    pub in_kernel: bool,
}

impl Gap {
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

/// netstat's name for a legacy family, as in its messages.
pub fn netstat_name(family: LegacyFamily) -> &'static str {
    match family {
        LegacyFamily::Ipx => "AF IPX",
        LegacyFamily::Ax25 => "AF AX25",
        LegacyFamily::X25 => "AF X25",
        LegacyFamily::Netrom => "AF NETROM",
        LegacyFamily::Rose => "AF ROSE",
        LegacyFamily::Bluetooth => "AF BLUETOOTH",
    }
}

/// What listing a legacy family would be.
fn listing(family: LegacyFamily) -> &'static str {
    match family {
        LegacyFamily::Ipx => "listing IPX sockets",
        LegacyFamily::Ax25 => "listing AX.25 sockets",
        LegacyFamily::X25 => "listing X.25 sockets",
        LegacyFamily::Netrom => "listing NET/ROM sockets",
        LegacyFamily::Rose => "listing ROSE sockets",
        LegacyFamily::Bluetooth => "listing Bluetooth sockets",
    }
}

/// The gaps of a listing, in the order netstat meets them. `sctp_absent`:
/// SCTP was asked for and this kernel lacks it (netstat reports a missing
/// SCTP only from its IPv4 file: pass false for `-6 -S`).
pub fn gaps(
    sctp_absent: bool,
    legacy: &[LegacyFamily],
    availability: &dyn Fn(LegacyFamily) -> Availability,
) -> Vec<Gap> {
    let mut out = Vec::new();
    if sctp_absent {
        out.push(Gap {
            at: Position::AfterTcp,
            netstat_name: "AF INET (sctp)",
            label: "sctp",
            listing: "listing SCTP sockets (-S)",
            in_kernel: false,
        });
    }
    for &family in legacy {
        out.push(Gap {
            at: Position::AfterUnix,
            netstat_name: netstat_name(family),
            label: family.name(),
            listing: listing(family),
            in_kernel: availability(family) == Availability::InKernel,
        });
    }
    out
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

#[cfg(test)]
mod tests {
    use super::*;
    use LegacyFamily as L;

    fn only_rose(f: LegacyFamily) -> Availability {
        if f == L::Rose || f == L::Bluetooth {
            Availability::InKernel
        } else {
            Availability::Absent
        }
    }

    #[test]
    fn order_and_kernel_probe() {
        let g = gaps(true, &[L::Ipx, L::Rose, L::Bluetooth], &only_rose);
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
        assert!(gaps(false, &[], &only_rose).is_empty());
    }

    #[test]
    fn notes_and_warnings() {
        let g = gaps(true, &[L::Ax25], &|_| Availability::InKernel);
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
