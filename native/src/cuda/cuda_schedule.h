// Stream scheduling: jobs (one matrix, or one chunk of a same-size bucket) are dealt round-robin to the
// context's lanes. While the GPU works on lane k's job, the host packs the next job into lane k+1's pinned
// staging and queues its copies and solver calls, so host<->device transfers of one job overlap with the
// compute of others. A lane's previous job is finished (stream synchronized, results unpacked into the
// caller's buffers) before the lane is reused.
#pragma once

#include "cuda_context.h"

#include <cstddef>
#include <functional>
#include <vector>

namespace spectral::cuda {

struct Job {
    /** Rough device footprint (data + workspace) used to decide how many lanes may run at once. */
    size_t device_bytes = 0;
    /** Packs inputs into lane.staging and enqueues H2D copies, solver calls and D2H copies on lane.stream. */
    std::function<void(Lane&)> launch;
    /** Runs after lane.stream has been synchronized: reads lane.staging, writes outputs and info codes. */
    std::function<void(Lane&)> finish;
};

/** How many lanes jobs of `job_bytes` may occupy at once on a device with `device_memory` bytes. */
int lanes_for(size_t job_bytes, size_t device_memory, int lane_count) noexcept;

/**
 * Runs every job; on an error drains all lanes (so no copy is in flight) and rethrows. With
 * SPECTRAL_CUDA_PROFILE=1 it prints one line per call to stderr: host packing+enqueue, host-to-device copy,
 * solve and device-to-host copy times (GPU events, summed over jobs, so overlapped jobs add up to more than
 * the wall time), host unpacking, and the wall time.
 */
void run_pipeline(CudaContext& context, std::vector<Job>& jobs, const char* operation);

/** Number of matrices per chunk for a batched routine: bounded by bytes (for overlap) and by `max_count`. */
int64_t chunk_count(int64_t total, size_t bytes_per_matrix, int64_t max_count) noexcept;

}  // namespace spectral::cuda
