# Open n connections at once and tell how many the server keeps open.
import socket, sys, time
port, n = int(sys.argv[1]), int(sys.argv[2])
socks = [socket.create_connection(("127.0.0.1", port)) for _ in range(n)]
time.sleep(0.5)
kept = 0
for s in socks:
    s.settimeout(0.3)
    try:
        kept += s.recv(1) != b""
    except socket.timeout:
        kept += 1
    except ConnectionResetError:
        pass
print(kept)
