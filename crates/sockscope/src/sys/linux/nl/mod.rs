//! Netlink plumbing shared by every netlink family we speak: sock_diag
//! (`netlink/`) and rtnetlink (`rtnl_route`). `socket` is the only I/O (open,
//! send, the recv loop of a dump); `nlmsg` frames messages and maps
//! `NLMSG_DONE`/`NLMSG_ERROR` to errors; `attrs` walks `nlattr` TLVs. None of
//! them knows a message or attribute number of a particular family.
//!
//! Error policy, for every dump built on this: a dump either hands every
//! message the kernel sent to its decoder or fails with a typed error
//! ([`Decode`](crate::Error::Decode) with the byte offset in the reply stream,
//! [`DumpRejected`](crate::Error::DumpRejected) for a kernel error code,
//! [`Netlink`](crate::Error::Netlink) for a failed socket call).

pub(crate) mod attrs;
pub(crate) mod nlmsg;
pub(crate) mod socket;
