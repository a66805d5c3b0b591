// Simple, slow, obviously-right CPU references in float64 for the GPU smoke test.
#pragma once

#include <vector>

namespace smoke {

/** Cyclic Jacobi eigenvalues of a symmetric n x n matrix (column-major, full storage), ascending. */
std::vector<double> jacobi_eigenvalues(std::vector<double> a, int n);

/** One-sided (Hestenes) Jacobi singular values of an m x n column-major matrix, descending. */
std::vector<double> jacobi_singular_values(const std::vector<double>& a, int m, int n);

}  // namespace smoke
