#pragma once

// Live updates for the console: the server publishes what changed (a system
// said hello or changed state, a log entry was written) and every open
// event stream (GET /api/v1/events, server-sent events) receives it.
//
// Publishing never blocks and never fails the publisher: a subscriber whose
// queue is full loses the oldest events and is told so (`dropped`), and the
// console then reloads what it shows. System events are coalesced by UUID.
// Thread-safe.

#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "store/records.h"

namespace openscs::web {

class EventHub {
 public:
  class Subscription {
   public:
    // What arrived since the last call.
    struct Batch {
      std::vector<std::string> systems;  // UUIDs that changed, each once
      std::vector<store::LogEntry> logs;
      bool dropped = false;              // events were lost: reload
    };
    Batch Take();

   private:
    friend class EventHub;
    std::mutex mutex_;
    std::set<std::string> systems_;
    std::deque<store::LogEntry> logs_;
    bool dropped_ = false;
  };

  explicit EventHub(size_t max_subscribers = 64, size_t max_queued = 2000);

  // nullptr when max_subscribers are already listening.
  std::shared_ptr<Subscription> Subscribe();
  void Unsubscribe(const std::shared_ptr<Subscription>& subscription);
  size_t subscribers() const;

  void PublishSystem(const std::string& uuid);
  void PublishLog(const store::LogEntry& entry);

 private:
  const size_t max_subscribers_;
  const size_t max_queued_;
  mutable std::mutex mutex_;
  std::vector<std::shared_ptr<Subscription>> subscribers_;
};

}  // namespace openscs::web
