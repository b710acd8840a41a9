#!/usr/bin/env python3
"""openssl s_server -psk as the TLS layer of a simulated device.

Listens (through `openssl s_server`) on ADDRESS:TLS_PORT with TLS-PSK
identity PID and key PPS, and relays each TLS session's plaintext to the
device's plain HTTP port DEVICE:HTTP_PORT. s_server serves one connection
(-naccept 1), so it is restarted for the next one. Bounded: at most
SESSIONS connections and 120 s. Appends s_server's handshake lines to LOG.
"""
import os
import selectors
import socket
import subprocess
import sys
import time

address, tls_port, pid, pps, device, http_port, sessions, log = sys.argv[1:9]
deadline = time.time() + 120
psk_hex = pps.replace("-", "").encode().hex()
with open(log, "a") as out:
    for _ in range(int(sessions)):
        if time.time() > deadline:
            break
        server = subprocess.Popen(
            ["openssl", "s_server", "-accept", f"{address}:{tls_port}", "-nocert", "-naccept", "1",
             "-psk_identity", pid.replace("-", ""), "-psk", psk_hex, "-tls1_2",
             "-cipher", "PSK-AES128-CBC-SHA:PSK-AES256-CBC-SHA", "-quiet"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=out)
        upstream = None
        sel = selectors.DefaultSelector()
        sel.register(server.stdout, selectors.EVENT_READ, "tls")
        while server.poll() is None and time.time() < deadline:
            for key, _ in sel.select(timeout=0.5):
                if key.data == "tls":
                    data = os.read(server.stdout.fileno(), 65536)
                    if not data:
                        sel.unregister(server.stdout)
                        server.stdin.close()
                        break
                    if upstream is None:
                        upstream = socket.create_connection((device, int(http_port)), timeout=10)
                        sel.register(upstream, selectors.EVENT_READ, "device")
                    upstream.sendall(data)
                else:
                    data = upstream.recv(65536)
                    if not data:
                        sel.unregister(upstream)
                        upstream.close()
                        upstream = None
                        server.stdin.close()
                        break
                    server.stdin.write(data)
                    server.stdin.flush()
            else:
                continue
            break
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
        if upstream is not None:
            upstream.close()
        out.write("--- session ended\n")
        out.flush()
