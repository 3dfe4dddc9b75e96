// A bounded pool of connections: Acquire waits while `max` are in use; a connection that
// broke is dropped instead of returned. Thread-safe.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <utility>
#include <vector>

#include "base/status.h"

namespace ics::store::internal {

template <typename Conn>
class Pool {
 public:
  using Opener = std::function<Result<std::unique_ptr<Conn>>()>;
  Pool(Opener open, size_t max) : open_(std::move(open)), max_(max < 1 ? 1 : max) {}

  Result<std::unique_ptr<Conn>> Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return !idle_.empty() || in_use_ + idle_.size() < max_; });
    ++in_use_;
    if (!idle_.empty()) {
      std::unique_ptr<Conn> conn = std::move(idle_.back());
      idle_.pop_back();
      return conn;
    }
    lock.unlock();
    Result<std::unique_ptr<Conn>> opened = open_();
    if (!opened.ok()) Release(nullptr);
    return opened;
  }

  // Returns a connection; nullptr (a broken or never-opened one) just frees its slot.
  void Release(std::unique_ptr<Conn> conn) {
    {
      std::lock_guard lock(mu_);
      --in_use_;
      if (conn) idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

 private:
  Opener open_;
  size_t max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Conn>> idle_;
  size_t in_use_ = 0;
};

}  // namespace ics::store::internal
