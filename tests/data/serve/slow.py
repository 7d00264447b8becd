# A client that sends a request one byte a second; prints how many
# seconds passed before the server cut it off (or "open" after limit s).
import socket, sys, time
port, limit = int(sys.argv[1]), float(sys.argv[2])
req = (b"POST /api/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
       b"\r\n" + b"x" * 1000)
s = socket.create_connection(("127.0.0.1", port))
start = time.time()
try:
    for b in req:
        if time.time() - start > limit:
            print("open")
            sys.exit(0)
        s.send(bytes([b]))
        s.settimeout(1.0)
        try:
            if s.recv(4096) == b"":
                break
        except socket.timeout:
            pass
except (BrokenPipeError, ConnectionResetError):
    pass
print(int(time.time() - start))
