#pragma once

// What a packet capture says about Intel AMT provisioning: the hellos in it
// and, per device, the conversation the seed reads in Wireshark (hello ->
// connect-back to 16993 -> TLS) with findings named by the troubleshooting
// cause codes (diagnose/causes.h) that `openscs explain` knows.
// docs/protocols/pcap-analysis.md lists what is recognised and the limits.
//
// The API is plain values: no libpcap, Asio or OpenSSL types. Functions are
// thread-compatible (no shared state).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "base/status.h"
#include "capture/notes.h"

namespace openscs::capture {

struct AnalyzeOptions {
  // TCP ports that carry hellos. Default: 9971, the only port firmware uses;
  // add more for a server listening elsewhere. Empty means 9971.
  std::vector<uint16_t> hello_ports = {9971};
  // Bytes kept per direction of a hello or 16992/16993 flow. A hello is at
  // most 531 bytes and a TLS handshake a few KiB; longer sessions are
  // counted, not kept (with a note).
  size_t max_bytes_per_direction = 64 * 1024;
};

struct HashText {
  std::string algorithm;  // "sha1", "sha256", "sha384"
  std::string hex;        // lower-case digest
};

// One hello: the bytes a device sent on a completed connection to a hello
// port, decoded with hello::DecodeWithDetail().
struct HelloRecord {
  uint64_t packet = 0;          // the first data segment (Wireshark's "No.")
  double time = 0;              // its time, seconds since the Unix epoch
  std::string source;           // "192.0.2.10:16994"
  std::string destination;      // "192.0.2.1:9971"
  std::string device_address;   // the source's IP: "192.0.2.10"
  size_t size = 0;              // bytes the device sent
  bool valid = false;
  // When valid:
  std::string uuid;             // "4c4c4544-004b-4210-8033-b6c04f504633"
  std::string method;           // "psk" or "pki"
  int interface_version = 0;    // 2 (PSK) or 3 (PKI)
  std::string pid;              // PSK: "0000-037M"
  std::vector<HashText> hashes; // PKI: the enabled root hashes
  uint32_t retry_count = 0;
  bool admin_credentials_set = false;
  std::vector<std::string> warnings;  // oddities the codec accepts (retry count > 14, ...)
  // When not valid:
  bool incomplete = false;      // the capture misses some of its bytes: not the device's fault
  std::string error_field;      // codec field ("interface_version", "hashes[0].length"); empty when incomplete
  size_t error_offset = 0;
  std::string error;            // "interface_version at offset 2: ...", or what the capture misses
};

// A connection a device tried that never completed: its SYNs got no
// SYN-ACK. On a hello port, or (amtsim's server_unreachable, a mistyped
// MEBx port) on another port that is not 16992/16993 from a host with no
// other role in the capture.
struct HelloAttempt {
  uint64_t packet = 0;  // the first SYN
  double time = 0;
  std::string source;
  std::string destination;
  std::string device_address;
  uint32_t syns = 0;          // SYNs sent, retransmissions included
  bool refused = false;       // answered by RST; otherwise no answer at all
  uint64_t reset_packet = 0;  // refused: the RST
  bool hello_port = false;    // the destination port is a hello port
};

// One step of a device's conversation, in capture order.
struct Event {
  uint64_t packet = 0;
  double time = 0;
  std::string text;  // "hello: PSK, retry 0, UUID ..., PID 0000-037M"
};

struct Finding {
  // A diagnose::causes code ("psk_handshake_alert", "healthy", ...) or a
  // provisioning code of provision/error_codes.h ("tls_failed", ...); both
  // are keys of `openscs explain`.
  std::string cause;
  // What in the capture shows it, with packet numbers and times relative to
  // the capture's first packet ("#14 at 1.250 s").
  std::string evidence;
  uint64_t packet = 0;  // the first packet of the evidence
  double time = 0;      // its time, seconds since the Unix epoch
};

// Everything the capture shows of one device, keyed by its IP address.
struct DeviceConversation {
  std::string address;  // "192.0.2.10"
  std::string uuid;     // from its first decoded hello; empty if none decoded
  uint32_t hellos = 0;            // decoded hellos
  uint32_t malformed_hellos = 0;  // received but not decodable (incomplete ones not counted)
  uint32_t attempts = 0;          // connections that never completed
  uint32_t connect_backs = 0;     // connections to its 16992/16993
  std::vector<Event> events;
  std::vector<Finding> findings;  // never empty
};

struct CaptureSummary {
  std::string link_type;       // "Ethernet", "Linux cooked (SLL)", ...
  uint64_t packets = 0;        // frames in the file
  uint64_t tcp_packets = 0;
  uint64_t other_packets = 0;  // well-formed, not TCP (ARP, UDP, ...)
  uint64_t skipped_packets = 0;  // unusable (truncated, fragments): see notes
  uint64_t flows = 0;          // TCP connections
  double first_time = 0;       // of the first packet; 0 for an empty capture
  double last_time = 0;
  std::vector<Note> notes;     // what was skipped or could not be analysed, counted
};

struct CaptureReport {
  CaptureSummary summary;
  std::vector<HelloRecord> hellos;     // in capture order
  std::vector<HelloAttempt> attempts;  // in capture order
  std::vector<DeviceConversation> devices;  // in order of first appearance
};

// Reads and analyses a pcap or pcapng file. Fails with NotFound,
// PermissionDenied or InvalidArgument naming the file and what is wrong (not
// a capture, unsupported link type). A capture cut short is analysed up to
// the cut, with a note.
base::Result<CaptureReport> AnalyzeCaptureFile(const std::string& path, const AnalyzeOptions& options = {});

// The same over a capture in memory (tests, the fuzzer).
base::Result<CaptureReport> AnalyzeCaptureBytes(std::span<const std::byte> bytes, const AnalyzeOptions& options = {});

}  // namespace openscs::capture
