#!/usr/bin/env python3
"""A stand-in for a provisioning server's hello port in integration tests.

Accepts TCP connections on ADDRESS:PORT, reads each to EOF (a device
connects, writes one hello and closes), and appends "PEER HEX" lines to
OUTPUT. Exits after IDLE seconds without a connection (bounded)."""
import socket
import sys
import time

address, port, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
idle = float(sys.argv[4]) if len(sys.argv) > 4 else 30.0
server = socket.socket()
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((address, port))
server.listen(64)
server.settimeout(idle)
deadline = time.time() + 120
while time.time() < deadline:
    try:
        conn, peer = server.accept()
    except socket.timeout:
        break
    conn.settimeout(5)
    data = b""
    try:
        while True:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
    except socket.timeout:
        pass
    conn.close()
    with open(output, "a") as f:
        f.write(f"{peer[0]} {data.hex()}\n")
