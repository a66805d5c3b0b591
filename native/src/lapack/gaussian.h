// The documented deterministic generator behind the randomized SVD's sketch, so that a seed gives the
// same sketch on every machine and build:
//   state    xoshiro256** (Blackman & Vigna), its four words seeded by SplitMix64(seed);
//   uniform  u = (x >> 11) * 2^-53 in [0, 1) from each 64-bit output;
//   normal   Box–Muller: r = sqrt(-2 ln(1 - u1)), z0 = r cos(2 pi u2), z1 = r sin(2 pi u2), both used,
//            computed in double and rounded to the working precision;
//   order    the n x l sketch is filled column by column (column-major).
#pragma once

#include <cmath>
#include <cstdint>

namespace spectral {
namespace lapack {

class GaussianStream {
public:
    explicit GaussianStream(std::uint64_t seed) {
        for (auto& word : state_) word = splitmix64(seed);
    }

    double next() {
        if (has_spare_) {
            has_spare_ = false;
            return spare_;
        }
        double u1 = uniform(), u2 = uniform();
        double radius = std::sqrt(-2.0 * std::log(1.0 - u1));  // 1 - u1 is in (0, 1]: log is finite
        double angle = 6.283185307179586476925286766559 * u2;
        spare_ = radius * std::sin(angle);
        has_spare_ = true;
        return radius * std::cos(angle);
    }

private:
    static std::uint64_t splitmix64(std::uint64_t& x) {
        std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }

    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

    std::uint64_t next_u64() {
        std::uint64_t result = rotl(state_[1] * 5, 7) * 9;
        std::uint64_t t = state_[1] << 17;
        state_[2] ^= state_[0];
        state_[3] ^= state_[1];
        state_[1] ^= state_[2];
        state_[0] ^= state_[3];
        state_[2] ^= t;
        state_[3] = rotl(state_[3], 45);
        return result;
    }

    double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }

    std::uint64_t state_[4];
    double spare_ = 0;
    bool has_spare_ = false;
};

}  // namespace lapack
}  // namespace spectral
