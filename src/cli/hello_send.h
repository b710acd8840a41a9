#pragma once

// `openscs hello send`: the seed's RCT trick, "simulate the Hello packet and
// send it to the server directly". Builds a well-formed hello and sends it
// as a device does (connect to 9971, write, close), optionally from the
// device's address and source port.
//
//   hello send --to HOST[:PORT] --uuid U (--pid PID | --hash ALG:HEX ...)
//              [--retry N] [--admin-set 0|1] [--from ADDR] [--source-port P]
//              [--count N --interval SECONDS] [--connect-timeout SECONDS]
//              [--dns-server IP[:PORT]]
//              [--check [--check-timeout SECONDS] [--check-port 16993]] [--json]
//
//  - --pid: a PSK hello (interface version 2); --hash (repeatable, at most
//    23): a PKI hello (version 3) listing those root certificate hashes.
//  - HOST is an IP address or a name looked up in DNS only, as a device does
//    (no hosts file; --dns-server as in `dns test`). PORT defaults to 9971.
//  - --count N sends N hellos `--interval` apart, retry counts N, N+1, ...
//    up to 14 (where the firmware's counter stops).
//  - --check stands in for the device: listens on FROM:16993 (FROM is --from
//    or the address the kernel picks towards the server) before sending and
//    waits up to --check-timeout after the last hello for the server to
//    connect back. When it does, reads the TLS ClientHello, reports the
//    versions and whether PSK or RSA suites are offered, and hangs up: it is
//    not the device and cannot finish the handshake. When it does not, names
//    cause server_no_connect_back and the likely reasons, most likely first.
//
// Exit codes: 0 sent (and, with --check, the server connected back); 1 a
// name did not resolve, a connect or bind failed, or no connect-back;
// 2 bad options (each error names the option).

#include "cli/context.h"

namespace CLI {
class App;
}

namespace openscs::cli {

// Adds `send` under the `hello` command.
void AddHelloSendCommand(CLI::App& hello_command, Context& context, int& exit_code);

}  // namespace openscs::cli
