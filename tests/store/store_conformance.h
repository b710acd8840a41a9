#pragma once

// The suite every store::Store backend must pass: each method of store.h
// and the contract written there. The tests live in store_conformance.cc;
// a backend runs them with one line in its own test file:
//
//   using store::testing::StoreConformance;  // the macro wants a plain name
//   INSTANTIATE_TEST_SUITE_P(Sqlite, StoreConformance, ::testing::Values(Backend{"sqlite", MakeSqliteStore}));
//
// The factory returns a new, empty (freshly migrated) store for each test,
// or nullptr when the backend cannot run here (no PostgreSQL server): the
// test is then skipped, not failed. The factory owns any scratch space it
// needs (a temporary file, a database schema) and must clean it up itself.

#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>

#include "store/store.h"

namespace openscs::store::testing {

using StoreFactory = std::function<std::unique_ptr<Store>()>;

struct Backend {
  std::string name;  // "sqlite", "postgresql": ends each test's name
  StoreFactory make;
  friend void PrintTo(const Backend& backend, std::ostream* os) { *os << backend.name; }
};

class StoreConformance : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    store_ = GetParam().make();
    if (store_ == nullptr) GTEST_SKIP() << "this store backend is not available here";
  }
  Store& store() { return *store_; }

 private:
  std::unique_ptr<Store> store_;
};

}  // namespace openscs::store::testing
