namespace SpectralCore;

/// <summary>What one backend is on this machine and, if unavailable, why.</summary>
/// <param name="Backend">The backend.</param>
/// <param name="Available">True when it can be used.</param>
/// <param name="Summary">What it is (algorithm family, library).</param>
/// <param name="Reason">Why it is unavailable; empty when available.</param>
/// <param name="Library">The library file it uses, when native.</param>
/// <param name="Version">The library's version, when known.</param>
/// <param name="Details">Extra lines (CUDA driver and devices).</param>
public sealed record BackendDescription(Backend Backend, bool Available, string Summary, string Reason, string Library, string Version, string Details)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"{Backend.ToString().ToLowerInvariant()}: " + (Available ? $"available{(Library.Length > 0 ? $" ({Library})" : "")}" : $"unavailable — {Reason}");
}
