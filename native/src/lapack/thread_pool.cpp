#include "thread_pool.h"

#include <algorithm>

namespace spectral {
namespace lapack {

ThreadPool::ThreadPool(std::size_t size) : size_(size == 0 ? 1 : size) {}

ThreadPool::~ThreadPool() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& thread : threads_) thread.join();
}

void ThreadPool::start_threads() {
    // Threads are created on the first batch that can use them, so contexts used only for single
    // matrices never start any.
    threads_.reserve(size_ - 1);
    for (std::size_t w = 1; w < size_; ++w) threads_.emplace_back([this, w] { worker_loop(w); });
}

void ThreadPool::drain(std::size_t worker) {
    for (;;) {
        std::size_t index;
        {
            std::lock_guard<std::mutex> lock(mutex_);
            if (next_ >= count_) return;
            index = next_++;
        }
        try {
            (*body_)(worker, index);
        } catch (...) {
            std::lock_guard<std::mutex> lock(mutex_);
            if (!error_ || index < error_index_) {
                error_ = std::current_exception();
                error_index_ = index;
            }
        }
    }
}

void ThreadPool::worker_loop(std::size_t worker) {
    std::size_t seen = 0;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
            if (stopping_) return;
            seen = generation_;
            // Only the first `participants_ - 1` helper threads join a run with few tasks.
            if (worker >= participants_) continue;
            ++active_workers_;
        }
        drain(worker);
        {
            std::lock_guard<std::mutex> lock(mutex_);
            --active_workers_;
        }
        done_.notify_all();
    }
}

void ThreadPool::run(std::size_t count, const std::function<void(std::size_t, std::size_t)>& body) {
    if (count == 0) return;
    std::size_t participants = std::min(size_, count);
    if (participants == 1) {
        // No hand-off needed: run inline, in index order (exceptions propagate directly).
        for (std::size_t i = 0; i < count; ++i) body(0, i);
        return;
    }
    if (threads_.empty()) start_threads();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        body_ = &body;
        count_ = count;
        next_ = 0;
        error_ = nullptr;
        error_index_ = 0;
        participants_ = participants;
        ++generation_;
    }
    wake_.notify_all();
    drain(0);
    std::exception_ptr error;
    {
        std::unique_lock<std::mutex> lock(mutex_);
        // Every index has been taken once next_ == count_; wait for the helpers still running theirs.
        done_.wait(lock, [&] { return active_workers_ == 0; });
        body_ = nullptr;
        count_ = 0;
        error = error_;
        error_ = nullptr;
    }
    if (error) std::rethrow_exception(error);
}

}  // namespace lapack
}  // namespace spectral
