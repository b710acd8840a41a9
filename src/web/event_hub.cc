#include "web/event_hub.h"

#include <algorithm>

namespace openscs::web {

EventHub::Subscription::Batch EventHub::Subscription::Take() {
  std::lock_guard lock(mutex_);
  Batch batch;
  batch.systems.assign(systems_.begin(), systems_.end());
  batch.logs.assign(logs_.begin(), logs_.end());
  batch.dropped = dropped_;
  systems_.clear();
  logs_.clear();
  dropped_ = false;
  return batch;
}

EventHub::EventHub(size_t max_subscribers, size_t max_queued)
    : max_subscribers_(max_subscribers), max_queued_(max_queued) {}

std::shared_ptr<EventHub::Subscription> EventHub::Subscribe() {
  std::lock_guard lock(mutex_);
  if (subscribers_.size() >= max_subscribers_) return nullptr;
  subscribers_.push_back(std::make_shared<Subscription>());
  return subscribers_.back();
}

void EventHub::Unsubscribe(const std::shared_ptr<Subscription>& subscription) {
  std::lock_guard lock(mutex_);
  std::erase(subscribers_, subscription);
}

size_t EventHub::subscribers() const {
  std::lock_guard lock(mutex_);
  return subscribers_.size();
}

void EventHub::PublishSystem(const std::string& uuid) {
  std::lock_guard lock(mutex_);
  for (const auto& s : subscribers_) {
    std::lock_guard sub(s->mutex_);
    if (s->systems_.size() >= max_queued_ && !s->systems_.contains(uuid)) {
      s->dropped_ = true;
      continue;
    }
    s->systems_.insert(uuid);
  }
}

void EventHub::PublishLog(const store::LogEntry& entry) {
  std::lock_guard lock(mutex_);
  for (const auto& s : subscribers_) {
    std::lock_guard sub(s->mutex_);
    if (s->logs_.size() >= max_queued_) {
      s->logs_.pop_front();
      s->dropped_ = true;
    }
    s->logs_.push_back(entry);
  }
}

}  // namespace openscs::web
