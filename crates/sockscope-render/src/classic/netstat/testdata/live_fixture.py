"""Sockets behind live-*.txt (netstat 2.10 in a network namespace).

    ip netns add cls-test; ip -n cls-test link set lo up
    ip -n cls-test addr add 2001:db8:aaaa:bbbb:cccc:dddd:eeee:1/128 dev lo nodad
    ip -n cls-test addr add 169.254.0.0/16 dev lo
    ip netns exec cls-test bash -c 'exec -a /usr/local/bin/averyveryverylongprogramname /usr/bin/python3.11 live_fixture.py' &
    ip netns exec cls-test bash -c "exec -a \$'evil\\033[1m\\xe2\\x80\\xaename' /usr/bin/python3.11 live_evil.py" &
    ip netns exec cls-test env LC_ALL=C netstat -anp > live-anp.txt   # live-proc/ read just before

The TIME_WAIT sockets had expired by the time of the capture.
"""
import socket, os, sys, time, signal
D = "/tmp/cls/u"
os.makedirs(D, exist_ok=True)
for f in os.listdir(D):
    os.unlink(os.path.join(D, f))
keep = []
def tcp_listen(fam, addr, port, backlog=5):
    s = socket.socket(fam, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if fam == socket.AF_INET6:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    s.bind((addr, port)); s.listen(backlog); keep.append(s); return s
l4 = tcp_listen(socket.AF_INET, "0.0.0.0", 8080)
tcp_listen(socket.AF_INET, "127.0.0.1", 22)
l6 = tcp_listen(socket.AF_INET6, "::", 8081)
tcp_listen(socket.AF_INET6, "::1", 443)
tcp_listen(socket.AF_INET6, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 44321)
tcp_listen(socket.AF_INET, "169.254.0.0", 7000)
# established v4 pair, with keepalive on the client
c = socket.create_connection(("127.0.0.1", 8080)); keep.append(c)
c.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
a, _ = l4.accept(); keep.append(a)
a.send(b"x" * 100)  # unread data on the client: Recv-Q
# established v6 pair
c6 = socket.create_connection(("::1", 8081)); keep.append(c6)
a6, _ = l6.accept(); keep.append(a6)
# v4-mapped: dual-stack client to an IPv4 listener
m = socket.socket(socket.AF_INET6, socket.SOCK_STREAM); m.connect(("::ffff:127.0.0.1", 8080)); keep.append(m)
ma, _ = l4.accept(); keep.append(ma)
# TIME_WAIT: server closes first
tc = socket.create_connection(("127.0.0.1", 8080)); ta, _ = l4.accept(); ta.close(); time.sleep(0.05); tc.close()
# pending accept on 22 -> Recv-Q on the listener
p = socket.create_connection(("127.0.0.1", 22)); keep.append(p)
# UDP
for fam, addr, port in [(socket.AF_INET, "0.0.0.0", 5353), (socket.AF_INET, "127.0.0.1", 53), (socket.AF_INET6, "::", 5301), (socket.AF_INET6, "::1", 53)]:
    u = socket.socket(fam, socket.SOCK_DGRAM)
    if fam == socket.AF_INET6: u.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
    u.bind((addr, port)); keep.append(u)
uc = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); uc.connect(("127.0.0.1", 53)); keep.append(uc)
uc.send(b"hello")
uc6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM); uc6.connect(("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1", 5301)); keep.append(uc6)
# UDP-Lite
ul = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 136); ul.bind(("127.0.0.1", 9999)); keep.append(ul)
ul6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM, 136); ul6.bind(("::1", 9998)); keep.append(ul6)
# raw
keep.append(socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP))
keep.append(socket.socket(socket.AF_INET6, socket.SOCK_RAW, socket.IPPROTO_ICMPV6))
r = socket.socket(socket.AF_INET, socket.SOCK_RAW, 253); r.connect(("127.0.0.1", 0)); keep.append(r)
# UNIX
def ux(kind, path=None, listen=False):
    s = socket.socket(socket.AF_UNIX, kind)
    if path is not None: s.bind(path)
    if listen: s.listen(3)
    keep.append(s); return s
sl = ux(socket.SOCK_STREAM, D + "/stream.sock", True)
cc = ux(socket.SOCK_STREAM); cc.connect(D + "/stream.sock"); sa, _ = sl.accept(); keep.append(sa)
ux(socket.SOCK_DGRAM, D + "/dgram.sock")
ux(socket.SOCK_STREAM, "\0cls-abstract", True)
ux(socket.SOCK_STREAM, D + "/with space.sock", True)
ux(socket.SOCK_SEQPACKET, D + "/seq.sock", True)
x, y = socket.socketpair(); keep += [x, y]
dc = ux(socket.SOCK_DGRAM); dc.connect(D + "/dgram.sock")
pend = ux(socket.SOCK_STREAM); pend.connect(D + "/with space.sock")
print("ready", os.getpid(), flush=True)
if os.fork() == 0:
    signal.pause()
signal.pause()
