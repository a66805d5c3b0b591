// A fixed-size pool of worker threads owned by one context. run() hands out task indices 0..count-1 to
// the workers and the calling thread (worker 0) and returns when all are done. Each task's result depends
// only on its index, never on which worker ran it, so the output is deterministic.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace spectral {
namespace lapack {

class ThreadPool {
public:
    /** `size` workers in total, counting the calling thread (size 0 is treated as 1). Threads start lazily. */
    explicit ThreadPool(std::size_t size);
    ~ThreadPool();
    ThreadPool(const ThreadPool&) = delete;
    ThreadPool& operator=(const ThreadPool&) = delete;

    /** Total workers including the caller. */
    std::size_t size() const noexcept { return size_; }

    /**
     * Runs body(worker, index) for every index in [0, count) on min(size, count) workers; worker is in
     * [0, size). If bodies throw, the exception of the lowest failing index is rethrown after all finish.
     * Not reentrant: one run() at a time per pool (a context is used by one thread at a time).
     */
    void run(std::size_t count, const std::function<void(std::size_t worker, std::size_t index)>& body);

private:
    void start_threads();
    void worker_loop(std::size_t worker);
    void drain(std::size_t worker);

    std::size_t size_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::condition_variable done_;
    // State of the current run, guarded by mutex_.
    const std::function<void(std::size_t, std::size_t)>* body_ = nullptr;
    std::size_t count_ = 0;
    std::size_t next_ = 0;
    std::size_t active_workers_ = 0;
    std::size_t generation_ = 0;
    std::size_t participants_ = 0;
    bool stopping_ = false;
    std::exception_ptr error_;
    std::size_t error_index_ = 0;
};

}  // namespace lapack
}  // namespace spectral
