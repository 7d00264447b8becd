# Send the headers of a submission and half its body, then wait: the
# server is killed meanwhile. Prints "sent" once the half is out.
import socket, sys, time
port, token = int(sys.argv[1]), sys.argv[2]
body = open(sys.argv[3], "rb").read()
s = socket.create_connection(("127.0.0.1", port))
s.sendall(b"POST /api/submit?period=2023-11 HTTP/1.1\r\nHost: x\r\n"
          b"Authorization: Bearer " + token.encode() + b"\r\n"
          b"Content-Length: %d\r\n\r\n" % len(body) + body[:len(body) // 2])
print("sent", flush=True)
time.sleep(5)
