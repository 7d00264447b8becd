# Send the headers of a submission and half its body, print "sent", wait
# WAIT seconds, send the rest and print the answer's status line: the
# server is told to stop meanwhile and must answer first.
import socket, sys, time
port, token, path, wait = int(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
body = open(path, "rb").read()
s = socket.create_connection(("127.0.0.1", port))
s.settimeout(20)
s.sendall(b"POST /api/submit?period=2023-11 HTTP/1.1\r\nHost: x\r\n"
          b"Authorization: Bearer " + token.encode() + b"\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 2])
print("sent", flush=True)
time.sleep(wait)
try:
    s.sendall(body[len(body) // 2:])
    answer = s.recv(4096).split(b"\r\n", 1)[0].decode()
except OSError as e:
    answer = "cut: %s" % e
print(answer or "cut: no answer", flush=True)
