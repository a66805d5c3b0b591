#include "cuda_schedule.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

namespace spectral::cuda {

namespace {
// Chunks of about this many bytes keep several transfers in flight without large pinned buffers.
constexpr size_t kChunkBytes = size_t{32} << 20;
}  // namespace

int lanes_for(size_t job_bytes, size_t device_memory, int lane_count) noexcept {
    if (lane_count <= 1 || device_memory == 0) return 1;  // unknown memory: one stream is always safe
    if (job_bytes == 0) return lane_count;
    // Leave half of the device to others (and to cuSOLVER's internal allocations).
    size_t fit = (device_memory / 2) / job_bytes;
    return static_cast<int>(std::clamp<size_t>(fit, 1, static_cast<size_t>(lane_count)));
}

int64_t chunk_count(int64_t total, size_t bytes_per_matrix, int64_t max_count) noexcept {
    int64_t by_bytes = static_cast<int64_t>(std::max<size_t>(1, kChunkBytes / std::max<size_t>(1, bytes_per_matrix)));
    return std::max<int64_t>(1, std::min({total, by_bytes, max_count}));
}

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

struct Profile {
    double launch = 0, h2d = 0, solve = 0, d2h = 0, finish = 0;
};

/** Waits for the lane, collects its event times, and runs the job's finish step. */
void complete(Lane& lane, Job& job, Profile& profile) {
    lane.synchronize();
    if (lane.profiling()) {
        profile.h2d += lane.elapsed(0, 1);
        profile.solve += lane.elapsed(1, 2);
        profile.d2h += lane.elapsed(2, 3);
    }
    auto start = Clock::now();
    job.finish(lane);
    profile.finish += ms_since(start);
}

}  // namespace

void run_pipeline(CudaContext& context, std::vector<Job>& jobs, const char* operation) {
    if (jobs.empty()) return;
    auto wall = Clock::now();
    Profile profile;
    size_t largest = 0;
    for (const auto& job : jobs) largest = std::max(largest, job.device_bytes);
    int lanes = lanes_for(largest, context.device_memory(), context.lane_count());
    std::vector<Job*> pending(static_cast<size_t>(lanes), nullptr);
    try {
        for (size_t j = 0; j < jobs.size(); ++j) {
            size_t slot = j % static_cast<size_t>(lanes);
            Lane& lane = context.lane(static_cast<int>(slot));
            if (pending[slot] != nullptr) {
                Job* previous = pending[slot];
                pending[slot] = nullptr;
                complete(lane, *previous, profile);
            }
            pending[slot] = &jobs[j];
            auto start = Clock::now();
            jobs[j].launch(lane);
            profile.launch += ms_since(start);
        }
        // Finish in lane order; every lane's work is independent.
        for (size_t slot = 0; slot < pending.size(); ++slot) {
            if (pending[slot] == nullptr) continue;
            Job* previous = pending[slot];
            pending[slot] = nullptr;
            complete(context.lane(static_cast<int>(slot)), *previous, profile);
        }
        if (context.lane(0).profiling())
            std::fprintf(stderr,
                         "spectral cuda profile: %s jobs=%zu streams=%d pack+enqueue=%.3fms h2d=%.3fms solve=%.3fms d2h=%.3fms "
                         "unpack=%.3fms wall=%.3fms\n",
                         operation, jobs.size(), lanes, profile.launch, profile.h2d, profile.solve, profile.d2h, profile.finish,
                         ms_since(wall));
    } catch (...) {
        // Queued copies target the lanes' pinned staging only (never the caller's memory), but the staging
        // must not be reused while they run: wait for every lane, ignoring further errors.
        for (int slot = 0; slot < lanes; ++slot) {
            Lane& lane = context.lane(slot);
            (void)context.api().runtime.cudaStreamSynchronize(lane.stream);
        }
        (void)context.api().runtime.cudaGetLastError();
        throw;
    }
}

}  // namespace spectral::cuda
