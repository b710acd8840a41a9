#pragma once

// co_await a function run on the database thread: the coroutine suspends
// (its I/O thread keeps serving others) and resumes on its own executor with
// the result. Included only by .cc files that already use Asio.

#include <boost/asio/async_result.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <memory>
#include <optional>

#include "server/db_worker.h"

namespace openscs::server {

// `fn(store::Store&) -> R` runs on the database thread after every write
// queued before this call. Anything `fn` captures by reference must live in
// the awaiting coroutine's frame (it is suspended until fn returns).
template <typename R, typename F>
boost::asio::awaitable<R> OnDb(DbWorker& db, F fn) {
  auto executor = co_await boost::asio::this_coro::executor;
  co_return co_await boost::asio::async_initiate<decltype(boost::asio::use_awaitable), void(R)>(
      [&db, &fn, executor](auto handler) {
        // std::function needs a copyable job; the handler is move-only.
        auto shared = std::make_shared<decltype(handler)>(std::move(handler));
        db.Submit([&fn, shared, executor](store::Store& store) {
          auto result = std::make_shared<std::optional<R>>(fn(store));
          boost::asio::post(executor, [shared, result] { std::move (*shared)(std::move(**result)); });
        });
      },
      boost::asio::use_awaitable);
}

}  // namespace openscs::server
