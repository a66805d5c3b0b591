namespace SpectralCore;

/// <summary>Which triangle of a symmetric matrix is read; the other is never touched.</summary>
public enum Triangle
{
    /// <summary>Elements with i ≥ j.</summary>
    Lower = 0,

    /// <summary>Elements with i ≤ j.</summary>
    Upper = 1,
}
