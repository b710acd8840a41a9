#pragma once

// TCP reassembly, both directions of every flow (4-tuple). Puts segments in
// sequence order whatever order they were captured in, drops retransmitted
// bytes (whole or overlapping), survives sequence wraparound, and records the
// connection's fate: SYN, SYN-ACK, RST, FIN. Memory is bounded per direction
// (ReassemblyOptions); what does not fit is counted, not kept, with a note.
// Pure: segments in, flows out.

#include <cstddef>
#include <cstdint>
#include <map>
#include <utility>
#include <vector>

#include "capture/frame.h"
#include "capture/notes.h"

namespace openscs::capture {

// Where a run of stream bytes (starting at `offset`) first arrived.
struct ByteOrigin {
  uint64_t offset = 0;
  uint64_t packet = 0;
  double time = 0;
};

// One direction of a flow.
struct Stream {
  std::vector<std::byte> bytes;     // in-order bytes from the first, at most the cap
  std::vector<ByteOrigin> origins;  // ascending offsets, one per run of `bytes`
  uint64_t length = 0;              // highest sequence offset seen: bytes sent, kept or not
  bool capped = false;              // the cap was reached: bytes past `bytes.size()` not kept
  bool gap = false;                 // bytes after a hole the capture never filled
  uint64_t gap_offset = 0;          // gap: where the hole starts (== bytes.size())
  uint32_t segments = 0;            // segments with payload
  uint32_t retransmissions = 0;     // segments whose bytes (all or some) came before
  uint32_t out_of_order = 0;        // segments that arrived ahead of a hole
  uint64_t fin_packet = 0;          // 0: no FIN
  double fin_time = 0;
  uint64_t rst_packet = 0;          // 0: no RST sent in this direction
  double rst_time = 0;

  // The packet that brought byte `offset` (a kept byte), or nullptr.
  const ByteOrigin* OriginOf(uint64_t offset) const;
};

enum class Handshake {
  kCompleted,  // SYN-ACK seen (or data flowed, the capture missing the SYN-ACK)
  kRefused,    // SYN answered by RST
  kNoAnswer,   // SYN(s), nothing back
  kNotSeen,    // the capture starts after the handshake
};

struct Flow {
  Endpoint client;  // who sent the SYN (or the best guess, see Reassembler)
  Endpoint server;
  uint32_t syn_count = 0;  // the client's SYNs for this connection (retransmissions included)
  uint64_t syn_packet = 0;
  double syn_time = 0;
  uint64_t syn_ack_packet = 0;
  double syn_ack_time = 0;
  uint64_t first_packet = 0;
  double first_time = 0;
  uint64_t last_packet = 0;
  double last_time = 0;
  Stream to_server;
  Stream to_client;
  bool bytes_kept = false;  // the server port is one of ReassemblyOptions::server_ports

  Handshake handshake() const;
};

struct ReassemblyOptions {
  // Bytes kept per direction (in order plus waiting out of order). A hello
  // is at most 531 bytes and a TLS handshake a few KiB; the rest of a long
  // session is counted but not kept.
  size_t max_bytes_per_direction = 64 * 1024;
  // Flows tracked; packets of further flows are dropped with a note.
  size_t max_flows = 100000;
  // The ports of the flows whose bytes are kept (the hello ports, 16992,
  // 16993); they also name the server end of a flow whose SYN the capture
  // missed. Other flows keep only their handshake, FIN/RST and lengths.
  std::vector<uint16_t> server_ports;
};

class Reassembler {
 public:
  explicit Reassembler(ReassemblyOptions options) : options_(std::move(options)) {}

  // Adds one segment; `packet` is its number in the capture, `time` its time.
  void Add(const TcpSegment& segment, uint64_t packet, double time);

  // Ends the capture: marks streams left with a hole, returns every flow in
  // the order of its first packet, and appends its notes to `notes`.
  std::vector<Flow> Finish(Notes& notes);

 private:
  struct Pending {
    std::vector<std::byte> bytes;
    uint64_t packet = 0;
    double time = 0;
  };
  struct Direction {
    bool have_base = false;
    uint32_t base_seq = 0;                  // sequence number of stream offset 0
    std::map<uint64_t, Pending> pending;    // out of order, by offset
    size_t pending_bytes = 0;
  };
  struct State {
    Flow flow;
    Direction to_server;
    Direction to_client;
    uint32_t client_isn = 0;
    bool closed = false;  // FIN or RST seen: a new SYN starts a new connection
  };

  State* FindOrCreate(const TcpSegment& segment, uint64_t packet, double time);
  void AddData(State& state, bool from_client, uint32_t seq, std::span<const std::byte> payload, uint64_t packet,
               double time);
  void Append(Stream& stream, uint64_t offset, std::span<const std::byte> bytes, uint64_t packet, double time);
  bool IsServerPort(uint16_t port) const;

  ReassemblyOptions options_;
  std::vector<State> states_;
  std::map<std::pair<Endpoint, Endpoint>, size_t> active_;  // (lower, higher endpoint) -> states_ index
  Notes notes_;
};

}  // namespace openscs::capture
