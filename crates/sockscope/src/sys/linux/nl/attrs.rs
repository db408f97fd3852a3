//! Netlink attributes (`struct nlattr` TLVs): an iterator over an attribute
//! area and typed readers for fixed-size payloads. Pure byte-slice code; it
//! knows no attribute numbers (each decoder names its own).
//!
//! An attribute whose header or declared length does not fit is an error
//! (a truncated area means a lost attribute, not an absent one). Payloads
//! longer than a reader needs are accepted (newer kernels may grow them).

use super::nlmsg::{align4, decode};
use crate::Result;

/// Size of `struct nlattr`.
pub(crate) const ATTR_HDR_LEN: usize = 4;

/// `NLA_TYPE_MASK`: the type without the nested / byte-order flags.
const TYPE_MASK: u16 = 0x3fff;

/// One attribute: its type, payload, and the stream offset of its header.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Attr<'a> {
    pub kind: u16,
    pub payload: &'a [u8],
    pub offset: usize,
}

impl Attr<'_> {
    /// The payload as a native-endian u32 (extra bytes ignored).
    pub fn u32(&self, what: &'static str) -> Result<u32> {
        let b = self.fixed::<4>(what)?;
        Ok(u32::from_ne_bytes(b))
    }

    /// The first `N` payload bytes, or a decode error when fewer are present.
    pub fn fixed<const N: usize>(&self, what: &'static str) -> Result<[u8; N]> {
        let b = self
            .payload
            .get(..N)
            .ok_or_else(|| decode(what, self.offset, "attribute payload too short"))?;
        let mut out = [0u8; N];
        out.copy_from_slice(b);
        Ok(out)
    }
}

/// Iterator over the attributes of `buf`; yields one error and then stops.
#[derive(Debug, Clone)]
pub(crate) struct Attrs<'a> {
    buf: &'a [u8],
    pos: usize,
    base: usize,
}

impl<'a> Attrs<'a> {
    /// Attributes in `buf`, whose first byte is at stream offset `base`.
    pub fn new(buf: &'a [u8], base: usize) -> Attrs<'a> {
        Attrs { buf, pos: 0, base }
    }
}

impl<'a> Iterator for Attrs<'a> {
    type Item = Result<Attr<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.buf.get(self.pos..).filter(|r| !r.is_empty())?;
        let offset = self.base + self.pos;
        // Whatever happens next, this area is finished unless it decodes.
        self.pos = self.buf.len();
        let Some(hdr) = rest.get(..ATTR_HDR_LEN) else {
            return Some(Err(decode("nlattr", offset, "truncated attribute header")));
        };
        let len = usize::from(u16::from_ne_bytes([hdr[0], hdr[1]]));
        if len < ATTR_HDR_LEN {
            return Some(Err(decode(
                "nlattr",
                offset,
                "attribute length below its header",
            )));
        }
        let Some(whole) = rest.get(..len) else {
            return Some(Err(decode(
                "nlattr",
                offset,
                "attribute beyond the message",
            )));
        };
        let kind = u16::from_ne_bytes([hdr[2], hdr[3]]) & TYPE_MASK;
        self.pos = (offset - self.base + align4(len)).min(self.buf.len());
        Some(Ok(Attr {
            kind,
            payload: &whole[ATTR_HDR_LEN..],
            offset,
        }))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;
    use crate::Error;

    /// Encode one attribute, padded to 4 bytes.
    pub(crate) fn attr(kind: u16, payload: &[u8]) -> Vec<u8> {
        let mut v = Vec::new();
        v.extend_from_slice(&((ATTR_HDR_LEN + payload.len()) as u16).to_ne_bytes());
        v.extend_from_slice(&kind.to_ne_bytes());
        v.extend_from_slice(payload);
        v.resize(align4(v.len()), 0);
        v
    }

    #[test]
    fn iterates_with_padding_and_masks_flags() {
        let mut buf = attr(1, &[7]);
        buf.extend(attr(0x8002, &5u32.to_ne_bytes()));
        let got: Vec<_> = Attrs::new(&buf, 40).map(|a| a.unwrap()).collect();
        assert_eq!(got.len(), 2);
        assert_eq!(
            (got[0].kind, got[0].payload, got[0].offset),
            (1, &[7u8][..], 40)
        );
        assert_eq!((got[1].kind, got[1].offset), (2, 48));
        assert_eq!(got[1].u32("x").unwrap(), 5);
    }

    #[test]
    fn last_attribute_may_lack_padding() {
        let buf = [5u8, 0, 9, 0, 42];
        let got: Vec<_> = Attrs::new(&buf, 0).map(|a| a.unwrap()).collect();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].payload, &[42]);
    }

    #[test]
    fn short_payload_is_a_typed_error() {
        let buf = attr(2, &[1, 2]);
        let a = Attrs::new(&buf, 8).next().unwrap().unwrap();
        assert!(matches!(
            a.u32("peer"),
            Err(Error::Decode {
                what: "peer",
                offset: 8,
                ..
            })
        ));
    }

    #[test]
    fn bad_headers_yield_one_error_then_stop() {
        for buf in [vec![1u8, 0], vec![2, 0, 1, 0], vec![9, 0, 1, 0, 1]] {
            let mut it = Attrs::new(&buf, 100);
            assert!(matches!(
                it.next(),
                Some(Err(Error::Decode { offset: 100, .. }))
            ));
            assert!(it.next().is_none());
        }
    }

    #[test]
    fn every_prefix_decodes_or_fails_typed() {
        let mut buf = attr(1, &[1, 2, 3]);
        buf.extend(attr(4, &[0; 8]));
        for cut in 0..=buf.len() {
            for item in Attrs::new(&buf[..cut], 0) {
                if let Err(e) = item {
                    assert!(matches!(e, Error::Decode { .. }));
                }
            }
        }
    }
}
