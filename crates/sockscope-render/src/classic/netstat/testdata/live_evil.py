import socket, signal
s = socket.socket(); s.bind(("127.0.0.1", 9090)); s.listen(1)
u = socket.socket(socket.AF_UNIX); u.bind("/tmp/cls/u/evil\x1b[1m\u202e.sock"); u.listen(1)
print("ready", flush=True)
signal.pause()
