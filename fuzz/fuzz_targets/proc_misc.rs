//! Fuzz target: statistics (/proc/net/snmp, netstat, snmp6, sctp/snmp),
//! /proc/net/nf_conntrack, cmdline → program name, fd link and pid names,
//! mountinfo → cgroup2 mount and nsfs mounts, ip_local_port_range,
//! /proc/PID/cgroup → container and unit.
//! Every decoder of the group runs on each input (so an input one format
//! finds interesting also reaches the others); none may panic. Entry points:
//! `sockscope::fuzzing`. Run: `RUSTC_BOOTSTRAP=1 cargo fuzz run proc_misc`.

#![no_main]

use libfuzzer_sys::fuzz_target;
use sockscope::fuzzing::{
    decode_cgroup_identity, decode_fd_link, decode_mountinfo, decode_nsfs_mounts,
    decode_port_range, decode_proc_cmdline, decode_proc_netstat, decode_proc_nf_conntrack,
    decode_proc_sctp_snmp, decode_proc_snmp, decode_proc_snmp6,
};

fuzz_target!(|data: &[u8]| {
    decode_proc_snmp(data);
    decode_proc_netstat(data);
    decode_proc_snmp6(data);
    decode_proc_sctp_snmp(data);
    decode_proc_nf_conntrack(data);
    decode_proc_cmdline(data);
    decode_fd_link(data);
    decode_mountinfo(data);
    decode_port_range(data);
    decode_cgroup_identity(data);
    decode_nsfs_mounts(data);
});
