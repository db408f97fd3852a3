//! net-tools' hardware types (lib/hw.c and one file per type), as compiled
//! into the installed netstat 2.10 (`netstat -V`: ETHER ARC SLIP PPP TUNNEL
//! AX25 NETROM X25 FR ROSE ASH SIT FDDI HIPPI HDLC/LAPB EUI64; no token ring,
//! no InfiniBand): the short name and title of the `-ie` hardware line and
//! how the address is printed. Types it does not know are "unspec".

/// How a type prints its hardware address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AddrStyle {
    /// No print function: only the name is shown. Also used for the radio
    /// types (ash, ax25, netrom, rose), whose callsign printers we do not
    /// reproduce: no such device can be made without their kernel modules.
    None,
    /// A print function that returns "" (tunnel): "tunnel " + "".
    Empty,
    /// `n` bytes as lowercase `xx:xx:...` (ether; checked against 2.10).
    LowerColon(usize),
    /// `n` bytes as uppercase `XX:XX:...`. Used for the rarer link types
    /// whose print function we could not check against a real device.
    UpperColon(usize),
    /// `pr_unspec`: 16 bytes as `XX-XX-...` (the 8 bytes net-tools copies
    /// from the kernel, then zeros).
    Unspec,
}

/// One hardware type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HwType {
    pub name: &'static str,
    pub title: &'static str,
    pub addr: AddrStyle,
}

const UNSPEC: HwType = HwType {
    name: "unspec",
    title: "UNSPEC",
    addr: AddrStyle::Unspec,
};

/// The type for an `ARPHRD_*` number, in lib/hw.c's table order (the first
/// match wins).
pub fn lookup(arphrd: u16) -> HwType {
    use AddrStyle::*;
    let (name, title, addr) = match arphrd {
        772 => ("loop", "Local Loopback", None),
        256 => ("slip", "Serial Line IP", None),
        257 => ("cslip", "VJ Serial Line IP", None),
        258 => ("slip6", "6-bit Serial Line IP", None),
        259 => ("cslip6", "VJ 6-bit Serial Line IP", None),
        264 => ("adaptive", "Adaptive Serial Line IP", None),
        781 => ("ash", "Ash", None),
        1 => ("ether", "Ethernet", LowerColon(6)),
        3 => ("ax25", "AMPR AX.25", None),
        0 => ("netrom", "AMPR NET/ROM", None),
        270 => ("rose", "AMPR ROSE", None),
        768 => ("tunnel", "IPIP Tunnel", Empty),
        512 => ("ppp", "Point-to-Point Protocol", None),
        513 => ("hdlc", "(Cisco)-HDLC", None),
        516 => ("lapb", "LAPB", None),
        7 => ("arcnet", "ARCnet", UpperColon(1)),
        15 => ("dlci", "Frame Relay DLCI", None),
        770 => ("frad", "Frame Relay Access Device", None),
        776 => ("sit", "IPv6-in-IPv4", None),
        774 => ("fddi", "Fiber Distributed Data Interface", UpperColon(6)),
        780 => ("hippi", "HIPPI", UpperColon(6)),
        783 => ("irda", "IrLAP", UpperColon(4)),
        782 => ("ec", "Econet", UpperColon(1)),
        271 => ("x25", "generic X.25", None),
        27 => ("eui64", "Generic EUI-64", UpperColon(8)),
        _ => return UNSPEC,
    };
    HwType { name, title, addr }
}

/// The address text of `addr` (the bytes the kernel gave) in `style`.
pub fn format_addr(style: AddrStyle, addr: &[u8], out: &mut Vec<u8>) {
    const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";
    const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
    let (len, sep, hex) = match style {
        AddrStyle::None | AddrStyle::Empty => return,
        AddrStyle::LowerColon(n) => (n, b':', HEX_LOWER),
        AddrStyle::UpperColon(n) => (n, b':', HEX_UPPER),
        AddrStyle::Unspec => (16, b'-', HEX_UPPER),
    };
    for i in 0..len {
        // net-tools copies 8 bytes of the kernel's address; the rest is 0.
        let b = if i < 8 {
            addr.get(i).copied().unwrap_or(0)
        } else {
            0
        };
        if i > 0 {
            out.push(sep);
        }
        out.push(hex[usize::from(b >> 4)]);
        out.push(hex[usize::from(b & 15)]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(style: AddrStyle, addr: &[u8]) -> String {
        let mut out = Vec::new();
        format_addr(style, addr, &mut out);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn names_titles_and_addresses() {
        let ether = lookup(1);
        assert_eq!((ether.name, ether.title), ("ether", "Ethernet"));
        assert_eq!(
            text(ether.addr, &[0x02, 0xfc, 0, 0, 0, 1]),
            "02:fc:00:00:00:01"
        );
        assert_eq!(lookup(65534), UNSPEC);
        assert_eq!(
            text(AddrStyle::Unspec, &[0xab; 14]),
            "AB-AB-AB-AB-AB-AB-AB-AB-00-00-00-00-00-00-00-00"
        );
        assert_eq!(
            text(AddrStyle::Unspec, &[]),
            "00-00-00-00-00-00-00-00-00-00-00-00-00-00-00-00"
        );
        assert_eq!(text(lookup(772).addr, &[1, 2]), "");
    }
}
