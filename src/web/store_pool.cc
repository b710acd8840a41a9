#include "web/store_pool.h"

#include "store/sqlite/sqlite_store.h"
#include "store/store.h"

namespace openscs::web {

StorePool::StorePool(std::string db_path, size_t max_idle) : db_path_(std::move(db_path)), max_idle_(max_idle) {}
StorePool::~StorePool() = default;

StorePool::Lease::Lease(StorePool& pool, std::unique_ptr<store::Store> store)
    : pool_(&pool), store_(std::move(store)) {}
StorePool::Lease::Lease(Lease&& other) noexcept : pool_(other.pool_), store_(std::move(other.store_)) {}
StorePool::Lease::~Lease() {
  if (store_) pool_->Return(std::move(store_));
}

base::Result<StorePool::Lease> StorePool::Borrow() {
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      auto store = std::move(idle_.back());
      idle_.pop_back();
      return Lease(*this, std::move(store));
    }
  }
  auto opened = store::OpenSqliteStore(db_path_);
  if (!opened) return opened.error();
  return Lease(*this, std::move(*opened));
}

void StorePool::Return(std::unique_ptr<store::Store> store) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(store));
}

}  // namespace openscs::web
