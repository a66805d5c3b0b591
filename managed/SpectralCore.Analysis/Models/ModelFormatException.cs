namespace SpectralCore.Analysis.Models;

/// <summary>
/// The one exception type every model reader throws for a malformed, truncated, inconsistent or hostile model
/// file. It is an <see cref="IOException"/> (reading the model failed); <see cref="InvalidDataException"/> is
/// sealed, so it cannot derive from that, and it is distinct so callers and tests can tell a bad file from any
/// other failure. The message names the file, the tensor when one is involved,
/// and the problem, e.g. <c>model.safetensors: tensor 'fc.weight': data_offsets [0, 96) hold 96 bytes but
/// F32 shape [4, 8] needs 128</c>. I/O failures of the operating system (missing file, permission denied)
/// are not wrapped: they stay <see cref="IOException"/> / <see cref="UnauthorizedAccessException"/>.
/// </summary>
public sealed class ModelFormatException : IOException
{
    /// <summary>Creates the exception; the message is composed from the file, tensor and problem.</summary>
    public ModelFormatException(string file, string? tensor, string problem, Exception? inner = null)
        : base(Compose(file, tensor, problem), inner)
    {
        File = file;
        Tensor = tensor;
        Problem = problem;
    }

    /// <summary>The file (as the user named it, or relative to the model directory) that is at fault.</summary>
    public string File { get; }

    /// <summary>The tensor involved, or null when the problem is in the file's structure.</summary>
    public string? Tensor { get; }

    /// <summary>The problem alone, without file and tensor.</summary>
    public string Problem { get; }

    private static string Compose(string file, string? tensor, string problem)
        => tensor is null ? $"{file}: {problem}" : $"{file}: tensor '{Shorten(tensor)}': {problem}";

    internal static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";
}
