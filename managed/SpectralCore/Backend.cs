namespace SpectralCore;

/// <summary>Which implementation computes a spectral operation.</summary>
public enum Backend
{
    /// <summary>Cuda if a usable device exists, else Lapack if a LAPACK library loads, else Managed.</summary>
    Auto = 0,

    /// <summary>Pure C# kernels (always available).</summary>
    Managed = 1,

    /// <summary>LAPACK (OpenBLAS or reference LAPACK) through libspectral, located at run time.</summary>
    Lapack = 2,

    /// <summary>cuSOLVER/cuBLAS on an NVIDIA GPU through libspectral, located at run time.</summary>
    Cuda = 3,
}
