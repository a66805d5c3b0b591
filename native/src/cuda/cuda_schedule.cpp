#include "cuda_schedule.h"

#include <algorithm>

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

void run_pipeline(CudaContext& context, std::vector<Job>& jobs) {
    if (jobs.empty()) return;
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
                lane.synchronize();
                previous->finish(lane);
            }
            pending[slot] = &jobs[j];
            jobs[j].launch(lane);
        }
        // Finish in lane order; every lane's work is independent.
        for (size_t slot = 0; slot < pending.size(); ++slot) {
            if (pending[slot] == nullptr) continue;
            Job* previous = pending[slot];
            pending[slot] = nullptr;
            Lane& lane = context.lane(static_cast<int>(slot));
            lane.synchronize();
            previous->finish(lane);
        }
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
