#include "capture/analysis.h"

#include <fmt/format.h>

#include "capture/conversation.h"
#include "capture/frame.h"
#include "capture/hello_extract.h"
#include "capture/reader.h"
#include "capture/reassembly.h"

namespace openscs::capture {
namespace {

base::Result<CaptureReport> Analyze(CaptureReader& reader, const AnalyzeOptions& options) {
  std::vector<uint16_t> hello_ports = options.hello_ports;
  if (hello_ports.empty()) hello_ports.push_back(9971);
  ReassemblyOptions reassembly;
  reassembly.max_bytes_per_direction = options.max_bytes_per_direction;
  reassembly.server_ports = hello_ports;
  reassembly.server_ports.push_back(kAmtHttpPort);
  reassembly.server_ports.push_back(kAmtTlsPort);
  Reassembler reassembler(reassembly);

  CaptureReport report;
  CaptureSummary& summary = report.summary;
  summary.link_type = LinkTypeName(reader.link_type());
  Notes notes;
  for (;;) {
    NextFrame next = reader.Next();
    if (!next.frame) {
      if (!next.error.empty()) notes.Add(fmt::format("the capture file ends in the middle of a packet ({})", next.error), summary.packets + 1);
      break;
    }
    const RawFrame& frame = *next.frame;
    ++summary.packets;
    if (summary.packets == 1) summary.first_time = frame.time;
    summary.last_time = frame.time;
    const DecodedFrame decoded = DecodeFrame(reader.link_type(), frame.bytes);
    switch (decoded.kind) {
      case FrameKind::kTcp:
        ++summary.tcp_packets;
        reassembler.Add(decoded.segment, frame.number, frame.time);
        break;
      case FrameKind::kOther:
        ++summary.other_packets;
        break;
      case FrameKind::kSkipped:
        ++summary.skipped_packets;
        notes.Add(frame.bytes.size() < frame.wire_length ? decoded.skip_reason + " (cut by the snapshot length)"
                                                         : decoded.skip_reason,
                  frame.number);
        break;
    }
  }
  const std::vector<Flow> flows = reassembler.Finish(notes);
  summary.flows = flows.size();
  ExtractedHellos extracted = ExtractHellos(flows, hello_ports);
  report.devices = BuildConversations(flows, extracted, hello_ports, summary.first_time);
  report.hellos = std::move(extracted.hellos);
  report.attempts = std::move(extracted.attempts);
  summary.notes = notes.list();
  return report;
}

}  // namespace

base::Result<CaptureReport> AnalyzeCaptureFile(const std::string& path, const AnalyzeOptions& options) {
  auto reader = CaptureReader::OpenFile(path);
  if (!reader) return reader.error();
  return Analyze(**reader, options);
}

base::Result<CaptureReport> AnalyzeCaptureBytes(std::span<const std::byte> bytes, const AnalyzeOptions& options) {
  auto reader = CaptureReader::OpenMemory(bytes);
  if (!reader) return reader.error();
  return Analyze(**reader, options);
}

}  // namespace openscs::capture
