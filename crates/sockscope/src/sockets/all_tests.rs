//! Live: two namespaces made here (`ip netns add`) with a listener each,
//! opened by this process from a thread inside them, plus our own: each
//! namespace's block holds its own sockets, stamped with its inode and
//! attributed to this process by the one process map.

use std::net::TcpListener;
use std::process::{Command, Stdio};

use super::*;
use crate::model::InetProto;
use crate::netns::names::{NameSource, NsInfo};
use crate::netns::{Netns, NetnsSpec};

/// Removes the namespaces, also when an assertion fails.
struct Cleanup(Vec<String>);

impl Drop for Cleanup {
    fn drop(&mut self) {
        for n in &self.0 {
            let _ = Command::new("ip").args(["netns", "del", n]).status();
        }
    }
}

fn add(name: &str) -> bool {
    Command::new("ip")
        .args(["netns", "add", name])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

fn info(name: &str, inode: u64, path: std::path::PathBuf) -> NsInfo {
    NsInfo {
        inode,
        path,
        name: name.to_owned(),
        source: NameSource::Named,
        container: None,
        unit: None,
        pid: None,
    }
}

/// A socket as seen: local port, namespace, first holder.
type Seen = (u16, u64, Option<u32>);

#[test]
fn each_namespace_in_its_block_with_its_owners() {
    let names: Vec<String> = (0..2)
        .map(|i| format!("sockscope-all-{}-{i}", std::process::id()))
        .collect();
    if !names.iter().all(|n| add(n)) {
        eprintln!("cannot add network namespaces here: skipping");
        return;
    }
    let _cleanup = Cleanup(names.clone());
    let mut list = Vec::new();
    let mut keep = Vec::new();
    for n in &names {
        let ns = Netns::open(&NetnsSpec::Named(n.clone())).unwrap();
        let l = ns
            .run_in(|| TcpListener::bind("0.0.0.0:0"))
            .unwrap()
            .unwrap();
        let port = l.local_addr().unwrap().port();
        list.push((info(n, ns.inode(), ns.path().to_owned()), port));
        keep.push(l);
    }
    let here = crate::netns::current_inode().unwrap();
    let own = info("host", here, "/proc/thread-self/ns/net".into());
    let mut namespaces = vec![list[0].0.clone(), own, list[1].0.clone()];
    // A namespace that is gone by the time it is read.
    let gone = Command::new("ip")
        .args(["netns", "add", "sockscope-all-gone"])
        .status();
    assert!(gone.unwrap().success());
    let g = Netns::open(&NetnsSpec::Named("sockscope-all-gone".into())).unwrap();
    namespaces.push(info("gone", g.inode() + 1, g.path().to_owned()));
    drop(g);
    let _ = Command::new("ip")
        .args(["netns", "del", "sockscope-all-gone"])
        .status();

    let query = Query {
        protos: vec![InetProto::Tcp],
        processes: true,
        ..Query::default()
    };
    let prepared = super::super::prepare(&query).unwrap();
    let mut blocks: Vec<(String, Vec<Seen>)> = Vec::new();
    let mut failed = Vec::new();
    let map = prepared.processes.as_ref();
    visit_namespaces(&query, &namespaces, map, &mut |e| {
        match e {
            NsEvent::Begin(ns) => blocks.push((ns.name.clone(), Vec::new())),
            NsEvent::Socket(SocketRef::Inet(s)) => {
                let pid = map
                    .unwrap()
                    .holders(s.netns, s.inode)
                    .first()
                    .map(|p| p.pid);
                blocks
                    .last_mut()
                    .unwrap()
                    .1
                    .push((s.local_port, s.netns, pid));
            }
            NsEvent::Socket(_) => panic!("only TCP asked"),
            NsEvent::End(ns, _) => assert_eq!(blocks.last().unwrap().0, ns.name),
            NsEvent::Failed(ns, e) => failed.push((ns.name.clone(), e.to_string())),
        }
        Ok::<(), ()>(())
    })
    .unwrap();
    let order: Vec<&str> = blocks.iter().map(|b| b.0.as_str()).collect();
    assert_eq!(order, [names[0].as_str(), "host", names[1].as_str()]);
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert_eq!(failed[0].0, "gone");
    let me = std::process::id();
    for (i, (ns, port)) in list.iter().enumerate() {
        let block = &blocks[if i == 0 { 0 } else { 2 }].1;
        assert_eq!(block, &vec![(*port, ns.inode, Some(me))], "{}", ns.name);
    }
    assert!(blocks[1].1.iter().all(|s| s.1 == here));
}
