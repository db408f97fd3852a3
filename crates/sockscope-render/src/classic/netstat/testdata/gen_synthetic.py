"""Write a synthetic /proc/net, /proc/<pid> and /etc tree for netstat ground truth.

The syn-*.txt fixtures next to this file are what the installed net-tools
netstat 2.10 printed for this tree (LC_ALL=C, stdout a pipe):

    python3 gen_synthetic.py /tmp/syn
    ./run_netstat_synthetic.sh /tmp/syn -tanpeo > syn-tanpeo.txt

run_netstat_synthetic.sh (root) mounts a tmpfs on /proc and bind-mounts the
/etc files in a private mount namespace, so netstat reads only this data and
resolves names only from these files. The unit tests in ../tests/ build the
same sockets by hand.
"""
import ipaddress, struct, os, sys, shutil
root = sys.argv[1]
shutil.rmtree(root, ignore_errors=True)
os.makedirs(root + "/net"); os.makedirs(root + "/etc"); os.makedirs(root + "/pids")

def a4(s):
    return "%08X" % struct.unpack("<I", ipaddress.IPv4Address(s).packed)[0]
def a6(s):
    b = ipaddress.IPv6Address(s).packed
    return "".join("%08X" % struct.unpack("<I", b[i:i+4])[0] for i in (0, 4, 8, 12))

HDR = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
def inet(fn, rows):
    A = a6 if fn.endswith("6") else a4
    with open(root + "/net/" + fn, "w") as f:
        f.write(HDR)
        for i, r in enumerate(rows):
            (la, lp, ra, rp, st, tx, rx, tr, when, retr, uid, to, ino) = r
            f.write("%4d: %s:%04X %s:%04X %02X %08X:%08X %02X:%08X %08X %5u %8d %d 1 0000000000000000 100 0 0 10 0\n" % (
                i, A(la), lp, A(ra), rp, st, tx, rx, tr, when, retr, uid, to, ino))

# (local, lport, remote, rport, state, txq, rxq, timer, when, retr, uid, timeout, inode)
inet("tcp", [
    ("0.0.0.0", 8080, "0.0.0.0", 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 1001),
    ("127.0.0.1", 22, "0.0.0.0", 0, 0x0A, 0, 3, 0, 0, 0, 65534, 0, 1002),
    ("127.0.0.1", 80, "127.0.0.1", 54321, 0x01, 7654321, 1234567, 1, 0x64, 2, 4242, 0, 1003),
    ("127.0.0.2", 443, "10.0.0.1", 5353, 0x02, 1, 0, 1, 0x1F4, 3, 4294967294, 0, 1004),
    ("127.0.0.1", 8080, "127.0.0.1", 40000, 0x06, 0, 0, 3, 0x1770, 0, 0, 0, 0),
    ("127.0.0.1", 22, "127.0.0.1", 40001, 0x03, 0, 0, 1, 0x5, 1, 65534, 0, 0),
    ("127.0.0.1", 1, "127.0.0.1", 2, 0x04, 10, 0, 4, 0x123, 0, 0, 2, 1005),
    ("127.0.0.1", 3, "127.0.0.1", 4, 0x05, 0, 0, 2, 0xAF0DC, 0, 0, 9, 1006),
    ("127.0.0.1", 5, "127.0.0.1", 6, 0x07, 0, 0, 5, 0x10, 7, 0, 0, 1007),
    ("127.0.0.1", 7, "127.0.0.1", 8, 0x08, 0, 0, 0xFF, 0x1, 0x1A, 0, 0, 1008),
    ("127.0.0.1", 9, "127.0.0.1", 10, 0x09, 0, 0, 0, 0, 0, 0, 0, 1009),
    ("127.0.0.1", 11, "127.0.0.1", 12, 0x0B, 0, 0, 0, 0, 0, 0, 0, 1010),
    ("0.0.0.0", 9000, "0.0.0.0", 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 1011),
    ("0.1.2.0", 12, "0.0.0.0", 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 1012),
    ("169.254.0.0", 7000, "0.0.0.0", 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 1013),
    ("10.20.30.40", 65535, "192.168.100.200", 65534, 0x01, 0, 0, 0, 0, 0, 0, 0, 1014),
    ("127.0.0.3", 8080, "0.0.0.0", 0, 0x0A, 0, 0, 0, 0, 0, 33, 0, 123456789012),
])
inet("tcp6", [
    ("::", 8081, "::", 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 2001),
    ("::1", 443, "::", 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 2002),
    ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 44321, "::", 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 2003),
    ("::ffff:127.0.0.1", 50634, "::ffff:127.0.0.1", 8080, 0x01, 0, 0, 0, 0, 0, 0, 0, 2004),
    ("::1.2.3.4", 1, "::0.1.0.2", 2, 0x01, 0, 0, 0, 0, 0, 0, 0, 2005),
    ("fe80::1234", 22, "2001:db8:1:2:3:4:5:6", 65535, 0x01, 0, 0, 0, 0, 0, 0, 0, 2006),
    ("2001:db8:0:1:2:3:4:5", 80, "2001:0:0:1:0:0:1:1", 443, 0x01, 0, 0, 0, 0, 0, 0, 0, 2007),
    ("::ffff:0.0.0.0", 5000, "::", 0, 0x0A, 0, 0, 0, 0, 0, 0, 0, 2008),
    ("::1", 8081, "::1", 33988, 0x06, 0, 0, 3, 0x1000, 0, 0, 0, 0),
    ("2001:db8::2", 80, "2001:db8::3", 1234, 0x01, 0, 0, 0, 0, 0, 0, 0, 2009),
])
inet("udp", [
    ("0.0.0.0", 5353, "0.0.0.0", 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 3001),
    ("127.0.0.1", 53, "0.0.0.0", 0, 0x07, 0, 832, 0, 0, 0, 0, 0, 3002),
    ("127.0.0.1", 49322, "127.0.0.1", 53, 0x01, 0, 0, 0, 0, 0, 0, 0, 3003),
    ("127.0.0.1", 1000, "0.0.0.0", 0, 0x02, 0, 0, 1, 0x64, 5, 0, 0, 3004),
    ("127.0.0.1", 1001, "127.0.0.1", 2000, 0x01, 0, 0, 2, 0x65, 0, 0, 1, 3005),
    ("127.0.0.1", 1002, "127.0.0.1", 2001, 0x01, 0, 0, 3, 0x66, 0, 0, 0, 3006),
])
inet("udp6", [
    ("::", 5301, "::", 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 4001),
    ("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 40968, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 5301, 0x01, 0, 0, 0, 0, 0, 0, 0, 4002),
    ("::ffff:127.0.0.1", 7, "::ffff:127.0.0.1", 9, 0x01, 0, 0, 0, 0, 0, 0, 0, 4003),
])
inet("udplite", [("127.0.0.1", 9999, "0.0.0.0", 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 5001)])
inet("udplite6", [("::1", 9998, "::", 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 5002)])
inet("raw", [
    ("0.0.0.0", 1, "0.0.0.0", 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 6001),
    ("127.0.0.1", 253, "127.0.0.1", 0, 0x01, 0, 0, 1, 0x64, 3, 0, 0, 6002),
    ("0.0.0.0", 255, "0.0.0.0", 0, 0x07, 0, 0, 5, 0x1, 0, 0, 0, 6003),
])
inet("raw6", [("::", 58, "::", 0, 0x07, 0, 0, 0, 0, 0, 0, 0, 7001)])

U = [  # refcnt, flags, type, state, inode, path(bytes or None)
    (2, 0x10000, 1, 1, 8001, b"/tmp/u/stream.sock"),
    (3, 0, 1, 3, 8002, b"/tmp/u/stream.sock"),
    (3, 0, 1, 3, 8003, None),
    (3, 0, 1, 2, 0, b"/tmp/u/with space.sock"),
    (2, 0, 2, 1, 8004, None),
    (2, 0x10000, 5, 1, 8005, b"/tmp/u/seq.sock"),
    (2, 0x10000, 1, 1, 8006, b"@cls-abstract"),
    (2, 0, 2, 1, 8007, b"@foo@bar"),
    (2, 0, 2, 1, 8008, b"/tmp/u/a\tb"),
    (2, 0x20000, 1, 3, 8009, None),
    (2, 0x40000, 1, 3, 8010, None),
    (2, 0x70000, 1, 1, 8011, b"/tmp/u/all.sock"),
    (1, 0, 1, 0, 8012, None),
    (1, 0, 1, 4, 8013, None),
    (1, 0, 1, 5, 8014, None),
    (1, 0, 3, 1, 8015, None),
    (1, 0, 4, 1, 8016, None),
    (1, 0, 6, 1, 8017, None),
    (0x123456, 0x10000, 1, 3, 8018, b"/tmp/u/acc-connected"),
    (2, 0x10000, 1, 1, 8019, "/tmp/u/evil\x1b[1m\u202e.sock".encode()),
    (2, 0, 2, 1, 123456789012, b"/tmp/u/bigino"),
]
with open(root + "/net/unix", "wb") as f:
    f.write(b"Num       RefCount Protocol Flags    Type St Inode Path\n")
    for (rc, fl, ty, st, ino, p) in U:
        f.write(b"0000000000000000: %08X 00000000 %08X %04X %02X %5d" % (rc, fl, ty, st, ino))
        if p is not None:
            f.write(b" " + p)
        f.write(b"\n")

# processes: pid -> (cmdline bytes, [inodes])
P = {
    100: (b"/usr/sbin/sshd\0-D\0", [1002, 1001, 8001]),
    200: (b"python3\0x.py\0", [1001, 1003, 2001, 3001, 8002]),
    300: (b"./bin/server\0", [2002, 3002, 8003]),
    400: (b"", [2003, 4001]),
    500: (b"/opt/averyveryverylongprogramname\0", [1004, 6001, 8005]),
    123456: (b"/opt/averyveryverylongprogramname\0", [1005, 7001, 8006]),
    600: ("evil\x1b[1m\u202ename\0".encode(), [1006, 8019]),
    700: (b"/\0", [1007]),
    800: (b"/usr/bin/\0", [1008]),
    900: (b"caf\xc3\xa9\0", [1009]),
    901: (b"bad\xff\xfename\0", [1010]),
    902: (b"tab\there\0", [1011]),
}
for pid, (cmd, inos) in P.items():
    d = "%s/pids/%d" % (root, pid)
    os.makedirs(d + "/fd")
    with open(d + "/cmdline", "wb") as f:
        f.write(cmd)
    for fd, ino in enumerate(inos, start=3):
        os.symlink("socket:[%d]" % ino, "%s/fd/%d" % (d, fd))
    os.symlink("/dev/null", d + "/fd/0")

E = root + "/etc"
open(E + "/nsswitch.conf", "w").write("passwd: files\ngroup: files\nhosts: files\nnetworks: files\nprotocols: files\nservices: files\n")
open(E + "/passwd", "w").write("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\nwww-data:x:33:33::/:/bin/false\naverylongusername:x:4294967294:1::/:/bin/false\n")
open(E + "/hosts", "w").write(
    "127.0.0.1 localhost\n127.0.0.2 a-rather-long-hostname.example.org\n10.0.0.1 ten\n"
    "::1 ip6-localhost\n2001:db8:aaaa:bbbb:cccc:dddd:eeee:1 longv6\n"
    "10.20.30.40 x\n192.168.100.200 the-remote-peer-has-a-very-long-name-indeed-and-then-some-more-text.example.com\n")
open(E + "/networks", "w").write("zeronet 0.1.2.0\nlink-local 169.254.0.0\n")
open(E + "/services", "w").write(
    "ssh 22/tcp\nhttp 80/tcp\nhttps 443/tcp\nhttp-alt 8080/tcp\nwebcache 8080/tcp\ndomain 53/tcp\ndomain 53/udp\n"
    "mdns 5353/udp\nmdns-tcp-first 5353/tcp\ntproxy 8081/tcp\n"
    "a-service-name-that-is-very-long 44321/tcp\n"
    "raw-svc 253/raw\nrawsvc1 1/raw\n"
    "sixtyfour-chars-service-name-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx-yyyyyyy 9999/udp\n")
open(E + "/protocols", "w").write("ip 0 IP\nicmp 1 ICMP\nipv6-icmp 58 IPv6-ICMP\nreserved 255 Reserved\n")
