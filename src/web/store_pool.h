#pragma once

// Database connections for the web listener's threads. A Store is used by
// one thread at a time (store/store.h), so each request borrows one and
// gives it back; connections are opened on demand and kept. SQLite in WAL
// mode lets these readers run beside the server's database thread.
// Thread-safe.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "base/status.h"

namespace openscs::store {
class Store;
}

namespace openscs::web {

class StorePool {
 public:
  explicit StorePool(std::string db_path, size_t max_idle = 8);
  ~StorePool();

  class Lease {
   public:
    Lease(StorePool& pool, std::unique_ptr<store::Store> store);
    Lease(Lease&&) noexcept;
    Lease& operator=(Lease&&) = delete;
    ~Lease();
    store::Store& operator*() const { return *store_; }
    store::Store* operator->() const { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };

  // An idle connection, or a new one. Errors name the database.
  base::Result<Lease> Borrow();

 private:
  void Return(std::unique_ptr<store::Store> store);

  const std::string db_path_;
  const size_t max_idle_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<store::Store>> idle_;
};

}  // namespace openscs::web
