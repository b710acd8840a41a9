#pragma once

// Notes: what the analysis skipped or could not do, counted by kind ("IPv4
// fragment (not reassembled)": 3, first at packet 17), so a big capture
// yields a short list.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace openscs::capture {

struct Note {
  std::string text;
  uint64_t count = 0;
  uint64_t first_packet = 0;  // 0: not tied to one packet
};

class Notes {
 public:
  void Add(const std::string& text, uint64_t packet, uint64_t count = 1) {
    auto [it, inserted] = index_.try_emplace(text, notes_.size());
    if (inserted) notes_.push_back(Note{text, 0, packet});
    notes_[it->second].count += count;
  }
  // In order of first occurrence.
  const std::vector<Note>& list() const { return notes_; }

 private:
  std::map<std::string, size_t> index_;
  std::vector<Note> notes_;
};

}  // namespace openscs::capture
