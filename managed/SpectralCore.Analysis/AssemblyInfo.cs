// SpectralCore.Analysis: weight-spectrum, Jacobian and InPCA analyses and model readers.
[assembly: System.CLSCompliant(false)]
