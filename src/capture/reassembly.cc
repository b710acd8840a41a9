#include "capture/reassembly.h"

#include <algorithm>

#include <fmt/format.h>

namespace openscs::capture {
namespace {

// Sequence numbers are 32-bit and wrap; stream offsets are 64-bit. The
// offset closest to `reference` whose low 32 bits are `relative`.
int64_t Unwrap(uint32_t relative, uint64_t reference) {
  const auto diff = static_cast<int32_t>(relative - static_cast<uint32_t>(reference));
  return static_cast<int64_t>(reference) + diff;
}

std::string CapText(size_t cap) {
  return cap % 1024 == 0 ? fmt::format("{} KiB", cap / 1024) : fmt::format("{} bytes", cap);
}

std::pair<Endpoint, Endpoint> Key(const Endpoint& a, const Endpoint& b) {
  return a < b ? std::pair{a, b} : std::pair{b, a};
}

}  // namespace

const ByteOrigin* Stream::OriginOf(uint64_t offset) const {
  if (offset >= bytes.size()) return nullptr;
  auto it = std::upper_bound(origins.begin(), origins.end(), offset,
                             [](uint64_t o, const ByteOrigin& origin) { return o < origin.offset; });
  if (it == origins.begin()) return nullptr;
  return &*std::prev(it);
}

Handshake Flow::handshake() const {
  if (syn_count == 0) return Handshake::kNotSeen;
  if (syn_ack_packet != 0 || to_server.length > 0 || to_client.length > 0) return Handshake::kCompleted;
  if (to_client.rst_packet != 0) return Handshake::kRefused;
  return Handshake::kNoAnswer;
}

bool Reassembler::IsServerPort(uint16_t port) const {
  return std::find(options_.server_ports.begin(), options_.server_ports.end(), port) != options_.server_ports.end();
}

Reassembler::State* Reassembler::FindOrCreate(const TcpSegment& s, uint64_t packet, double time) {
  const bool syn = (s.flags & tcp_flags::kSyn) != 0;
  const bool ack = (s.flags & tcp_flags::kAck) != 0;
  const auto key = Key(s.source, s.destination);
  auto it = active_.find(key);
  if (it != active_.end()) {
    State& state = states_[it->second];
    // A fresh SYN on a closed 4-tuple (a device that always sends from the
    // same port) is a new connection; the same ISN again is a retransmission.
    const bool new_connection = syn && !ack && state.closed && s.seq != state.client_isn;
    if (!new_connection) return &state;
    active_.erase(it);
  }
  if (states_.size() >= options_.max_flows) {
    notes_.Add(fmt::format("more than {} TCP flows: packets of further flows ignored", options_.max_flows), packet);
    return nullptr;
  }
  State state;
  Flow& f = state.flow;
  // Client: the SYN's sender; else the SYN-ACK's receiver; else the side
  // not on a known server port; else the first packet's sender.
  bool source_is_client = true;
  if (syn && ack) {
    source_is_client = false;
  } else if (!syn) {
    source_is_client = IsServerPort(s.destination.port) || !IsServerPort(s.source.port);
  }
  f.client = source_is_client ? s.source : s.destination;
  f.server = source_is_client ? s.destination : s.source;
  f.bytes_kept = IsServerPort(f.server.port);
  f.first_packet = packet;
  f.first_time = time;
  states_.push_back(std::move(state));
  active_[key] = states_.size() - 1;
  return &states_.back();
}

void Reassembler::Add(const TcpSegment& s, uint64_t packet, double time) {
  State* state = FindOrCreate(s, packet, time);
  if (state == nullptr) return;
  Flow& f = state->flow;
  f.last_packet = packet;
  f.last_time = time;
  const bool from_client = s.source == f.client;
  Direction& dir = from_client ? state->to_server : state->to_client;
  Stream& stream = from_client ? f.to_server : f.to_client;
  const bool syn = (s.flags & tcp_flags::kSyn) != 0;
  uint32_t data_seq = s.seq;
  if (syn) {
    data_seq = s.seq + 1;  // the SYN takes one sequence number
    if (from_client && !(s.flags & tcp_flags::kAck)) {
      if (f.syn_count == 0) {
        f.syn_packet = packet;
        f.syn_time = time;
        state->client_isn = s.seq;
      }
      ++f.syn_count;
    } else if (!from_client && f.syn_ack_packet == 0) {
      f.syn_ack_packet = packet;
      f.syn_ack_time = time;
    }
    if (!dir.have_base || stream.length == 0) {
      dir.have_base = true;
      dir.base_seq = data_seq;
    }
  } else if (!dir.have_base) {
    dir.have_base = true;  // mid-stream: the first sequence number seen is offset 0
    dir.base_seq = s.seq;
  }
  if (!s.payload.empty()) AddData(*state, from_client, data_seq, s.payload, packet, time);
  if (s.payload_cut) notes_.Add("TCP payload cut by the capture's snapshot length", packet);
  if ((s.flags & tcp_flags::kFin) != 0 && stream.fin_packet == 0) {
    stream.fin_packet = packet;
    stream.fin_time = time;
    state->closed = true;
  }
  if ((s.flags & tcp_flags::kRst) != 0 && stream.rst_packet == 0) {
    stream.rst_packet = packet;
    stream.rst_time = time;
    state->closed = true;
  }
}

void Reassembler::AddData(State& state, bool from_client, uint32_t seq, std::span<const std::byte> payload,
                          uint64_t packet, double time) {
  Flow& f = state.flow;
  Direction& dir = from_client ? state.to_server : state.to_client;
  Stream& stream = from_client ? f.to_server : f.to_client;
  ++stream.segments;
  const uint64_t next = stream.bytes.size();
  int64_t offset = Unwrap(seq - dir.base_seq, std::max<uint64_t>(next, stream.length));
  int64_t end = offset + static_cast<int64_t>(payload.size());
  if (end <= 0) {
    ++stream.retransmissions;  // before the first byte we know of
    return;
  }
  stream.length = std::max(stream.length, static_cast<uint64_t>(end));
  if (!f.bytes_kept) return;
  if (offset < 0) {
    payload = payload.subspan(static_cast<size_t>(-offset));
    offset = 0;
  }
  auto start = static_cast<uint64_t>(offset);
  const size_t cap = options_.max_bytes_per_direction;
  if (start + payload.size() <= next) {
    ++stream.retransmissions;
    return;
  }
  if (start < next) {
    ++stream.retransmissions;  // overlaps what we have: keep only the new tail
    payload = payload.subspan(static_cast<size_t>(next - start));
    start = next;
  }
  if (start > next) {
    ++stream.out_of_order;
    auto existing = dir.pending.find(start);
    if (existing != dir.pending.end() && existing->second.bytes.size() >= payload.size()) {
      ++stream.retransmissions;
      return;
    }
    if (next + dir.pending_bytes + payload.size() > cap) {
      if (!stream.capped) notes_.Add(fmt::format("TCP stream over {}: the rest is counted, not analysed", CapText(cap)), packet);
      stream.capped = true;
      return;
    }
    if (existing != dir.pending.end()) {
      dir.pending_bytes -= existing->second.bytes.size();
      dir.pending.erase(existing);
    }
    dir.pending_bytes += payload.size();
    dir.pending.emplace(start, Pending{{payload.begin(), payload.end()}, packet, time});
    return;
  }
  Append(stream, start, payload, packet, time);
  // Drain what the new bytes made contiguous; pending runs may overlap.
  while (!dir.pending.empty() && dir.pending.begin()->first <= stream.bytes.size()) {
    auto node = dir.pending.extract(dir.pending.begin());
    dir.pending_bytes -= node.mapped().bytes.size();
    const uint64_t have = stream.bytes.size();
    const uint64_t pending_end = node.key() + node.mapped().bytes.size();
    if (pending_end <= have) continue;
    std::span<const std::byte> rest(node.mapped().bytes);
    Append(stream, have, rest.subspan(static_cast<size_t>(have - node.key())), node.mapped().packet,
           node.mapped().time);
  }
}

void Reassembler::Append(Stream& stream, uint64_t offset, std::span<const std::byte> bytes, uint64_t packet,
                         double time) {
  const size_t cap = options_.max_bytes_per_direction;
  const size_t room = stream.bytes.size() < cap ? cap - stream.bytes.size() : 0;
  if (bytes.size() > room) {
    if (!stream.capped) notes_.Add(fmt::format("TCP stream over {}: the rest is counted, not analysed", CapText(cap)), packet);
    stream.capped = true;
    bytes = bytes.first(room);
  }
  if (bytes.empty()) return;
  if (stream.origins.empty() || stream.origins.back().packet != packet) stream.origins.push_back({offset, packet, time});
  stream.bytes.insert(stream.bytes.end(), bytes.begin(), bytes.end());
}

std::vector<Flow> Reassembler::Finish(Notes& notes) {
  std::vector<Flow> flows;
  flows.reserve(states_.size());
  for (State& state : states_) {
    for (Stream* stream : {&state.flow.to_server, &state.flow.to_client}) {
      if (state.flow.bytes_kept && !stream->capped && stream->length > stream->bytes.size()) {
        stream->gap = true;
        stream->gap_offset = stream->bytes.size();
        notes_.Add("TCP stream with bytes missing from the capture", state.flow.first_packet);
      }
    }
    flows.push_back(std::move(state.flow));
  }
  for (const Note& note : notes_.list()) notes.Add(note.text, note.first_packet, note.count);
  states_.clear();
  active_.clear();
  return flows;
}

}  // namespace openscs::capture
