//! Live test in a private network namespace (root only; skipped otherwise
//! unless CI is set): a thread unshares its network namespace, `ip` (a child
//! of that thread, so in the same namespace) adds interfaces and routes,
//! and the rtnetlink dump must agree with /proc of the same thread.

#![allow(clippy::unwrap_used)]

use std::process::Command;

use super::dump_routes;
use crate::model::{table, Family, RouteFlags, RouteType};
use crate::sys::linux::procfs::read_routes;

fn ip(args: &str) {
    let st = Command::new("ip").args(args.split(' ')).status().unwrap();
    assert!(st.success(), "ip {args}");
}

#[test]
fn private_namespace_routes_agree_with_proc() {
    // SAFETY: geteuid has no preconditions.
    if unsafe { libc::geteuid() } != 0 {
        assert!(std::env::var_os("CI").is_none(), "CI must run as root");
        eprintln!("skipped: needs root for a private network namespace");
        return;
    }
    std::thread::spawn(|| {
        // SAFETY: unshare affects only this thread, which owns nothing else.
        assert_eq!(unsafe { libc::unshare(libc::CLONE_NEWNET) }, 0);
        ip("link set lo up");
        ip("link add rtlive0 type veth peer name rtlive1");
        ip("link set rtlive0 up");
        ip("addr add 10.77.0.2/24 dev rtlive0");
        ip("addr add fd00:77::2/64 dev rtlive0 nodad");
        ip("route add 10.78.0.0/16 via 10.77.0.1 metric 9");
        ip("route add unreachable 10.79.0.0/16");
        ip("-6 route add fd00:78::/64 via fd00:77::1");

        let mut v4 = Vec::new();
        dump_routes(Family::Inet, &mut v4).unwrap();
        let via = v4
            .iter()
            .find(|r| r.dst == "10.78.0.0".parse::<std::net::IpAddr>().unwrap())
            .unwrap();
        assert_eq!(via.dev.as_deref(), Some("rtlive0"), "names from this netns");
        assert_eq!((via.metric, via.table), (9, Some(table::MAIN)));
        assert!(via.flags.has(RouteFlags::UP | RouteFlags::GATEWAY));
        let main: Vec<_> = v4
            .iter()
            .filter(|r| r.table == Some(table::MAIN))
            .map(|r| {
                (
                    r.dst,
                    r.dst_len,
                    r.first_hop().1.map(str::to_owned),
                    r.flags,
                )
            })
            .collect();
        let proc: Vec<_> = read_routes(Family::Inet)
            .unwrap()
            .iter()
            .map(|r| (r.dst, r.dst_len, r.dev.clone(), r.flags))
            .collect();
        assert_eq!(main, proc);

        let mut v6 = Vec::new();
        dump_routes(Family::Inet6, &mut v6).unwrap();
        let proc6 = read_routes(Family::Inet6).unwrap();
        let nonnull: Vec<_> = proc6.iter().filter(|r| r.metric != u32::MAX).collect();
        assert_eq!(v6.len(), nonnull.len());
        for (a, b) in v6.iter().zip(nonnull) {
            assert_eq!((a.dst, a.dst_len, a.flags), (b.dst, b.dst_len, b.flags));
            assert_eq!(a.dev, b.dev);
        }
        assert!(v6.iter().any(|r| r.kind == RouteType::Local));
    })
    .join()
    .unwrap();
}
