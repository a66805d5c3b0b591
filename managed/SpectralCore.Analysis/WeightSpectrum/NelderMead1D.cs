namespace SpectralCore.Analysis.WeightSpectrum;

/// <summary>
/// The one-dimensional Nelder–Mead simplex search with the conventions of scipy.optimize.fmin (which
/// WeightWatcher's MP fit uses to polish its grid search): initial simplex {x0, 1.05·x0} (or 0.00025 when
/// x0 = 0), reflection 1, expansion 2, contraction ½, shrink ½, stop when both |Δx| ≤ xtol and |Δf| ≤ ftol,
/// at most 200 iterations and 200 function evaluations. Ties keep the earlier vertex first.
/// </summary>
internal static class NelderMead1D
{
    public readonly record struct Result(double X, double F, int Iterations, int Evaluations, bool Converged);

    private sealed class BudgetExceeded : Exception;

    public static Result Minimize(Func<double, double> f, double x0, double xtol = 1e-4, double ftol = 1e-4, int maxIterations = 200, int maxEvaluations = 200)
    {
        const double rho = 1, chi = 2, psi = 0.5, sigma = 0.5;
        int calls = 0;
        double Eval(double x)
        {
            if (calls >= maxEvaluations) throw new BudgetExceeded();
            calls++;
            return f(x);
        }

        double s0 = x0, s1 = x0 != 0 ? (1 + 0.05) * x0 : 0.00025;
        double f0 = double.PositiveInfinity, f1 = double.PositiveInfinity;
        try
        {
            f0 = Eval(s0);
            f1 = Eval(s1);
        }
        catch (BudgetExceeded) { }
        Order(ref s0, ref f0, ref s1, ref f1);
        int iterations = 1;
        bool converged = false;
        while (calls < maxEvaluations && iterations < maxIterations)
        {
            try
            {
                if (Math.Abs(s1 - s0) <= xtol && Math.Abs(f0 - f1) <= ftol) { converged = true; break; }
                double xbar = s0; // the centroid of all vertices but the worst (one vertex in 1-D)
                double xr = (1 + rho) * xbar - rho * s1;
                double fxr = Eval(xr);
                bool shrink = false;
                if (fxr < f0)
                {
                    double xe = (1 + rho * chi) * xbar - rho * chi * s1;
                    double fxe = Eval(xe);
                    if (fxe < fxr) { s1 = xe; f1 = fxe; }
                    else { s1 = xr; f1 = fxr; }
                }
                // (The general algorithm's "accept the reflection if it beats the second-worst vertex" test
                // compares with the best vertex in 1-D, which already failed above.)
                else if (fxr < f1)
                {
                    double xc = (1 + psi * rho) * xbar - psi * rho * s1;
                    double fxc = Eval(xc);
                    if (fxc <= fxr) { s1 = xc; f1 = fxc; }
                    else shrink = true;
                }
                else
                {
                    double xcc = (1 - psi) * xbar + psi * s1;
                    double fxcc = Eval(xcc);
                    if (fxcc < f1) { s1 = xcc; f1 = fxcc; }
                    else shrink = true;
                }
                if (shrink)
                {
                    s1 = s0 + sigma * (s1 - s0);
                    f1 = Eval(s1);
                }
                iterations++;
            }
            catch (BudgetExceeded) { break; }
            Order(ref s0, ref f0, ref s1, ref f1);
        }
        return new Result(s0, Math.Min(f0, f1), iterations, calls, converged);
    }

    private static void Order(ref double s0, ref double f0, ref double s1, ref double f1)
    {
        // numpy's argsort of two values keeps the order on ties and puts NaN last.
        if (f1 < f0 || (double.IsNaN(f0) && !double.IsNaN(f1)))
        {
            (s0, s1) = (s1, s0);
            (f0, f1) = (f1, f0);
        }
    }
}
