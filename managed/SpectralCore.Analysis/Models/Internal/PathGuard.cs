namespace SpectralCore.Analysis.Models.Internal;

/// <summary>Resolves file names found inside a model (shards, external data) without letting them escape the model's directory.</summary>
internal static class PathGuard
{
    internal static string Resolve(string directory, string relative, string file, string? tensor, string what)
    {
        if (relative.Length == 0 || relative.Contains('\0') || Path.IsPathRooted(relative))
            throw new ModelFormatException(file, tensor, $"{what} '{ModelFormatException.Shorten(relative)}' is not a relative file name");
        string root = Path.GetFullPath(directory);
        string full = Path.GetFullPath(Path.Combine(root, relative));
        string prefix = root.EndsWith(Path.DirectorySeparatorChar) ? root : root + Path.DirectorySeparatorChar;
        if (!full.StartsWith(prefix, StringComparison.Ordinal))
            throw new ModelFormatException(file, tensor, $"{what} '{ModelFormatException.Shorten(relative)}' points outside the model's directory");
        if (!File.Exists(full))
            throw new ModelFormatException(file, tensor, $"{what} '{ModelFormatException.Shorten(relative)}' does not exist (missing shard or data file?)");
        return full;
    }
}
