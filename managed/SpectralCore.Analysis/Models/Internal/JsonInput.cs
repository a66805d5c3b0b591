using System.Text.Json;
using System.Text.Unicode;

namespace SpectralCore.Analysis.Models.Internal;

/// <summary>
/// Strict JSON for model headers and manifests: UTF-8 validated up front, bounded depth, no comments or
/// trailing commas, duplicate object keys rejected, every number checked to be an exact non-negative integer
/// where one is expected. Every failure is a <see cref="ModelFormatException"/> naming the file.
/// </summary>
internal static class JsonInput
{
    internal const int MaxDepth = 64;

    internal static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string file, string what)
    {
        if (!Utf8.IsValid(utf8.Span)) throw new ModelFormatException(file, null, $"{what} is not valid UTF-8");
        try
        {
            var document = JsonDocument.Parse(utf8, new JsonDocumentOptions { MaxDepth = MaxDepth, AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
            RejectDuplicateKeys(document.RootElement, file, what, 0);
            return document;
        }
        catch (JsonException e)
        {
            throw new ModelFormatException(file, null, $"{what} is not valid JSON: {e.Message}", e);
        }
    }

    /// <summary>Reads a whole (small) JSON file, refusing files above <paramref name="maxBytes"/>.</summary>
    internal static JsonDocument ParseFile(string path, string file, string what, long maxBytes)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        if (stream.Length > maxBytes) throw new ModelFormatException(file, null, $"{what} is {stream.Length} bytes, more than the {maxBytes}-byte limit");
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return Parse(bytes, file, what);
    }

    private static void RejectDuplicateKeys(JsonElement element, string file, string what, int depth)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject())
            {
                if (!seen.Add(property.Name)) throw new ModelFormatException(file, null, $"{what} has the key '{ModelFormatException.Shorten(property.Name)}' twice");
                RejectDuplicateKeys(property.Value, file, what, depth + 1);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray()) RejectDuplicateKeys(item, file, what, depth + 1);
        }
    }

    internal static JsonElement Property(JsonElement obj, string name, string file, string? tensor, JsonValueKind kind)
    {
        if (obj.ValueKind != JsonValueKind.Object) throw new ModelFormatException(file, tensor, $"expected a JSON object, found {Describe(obj)}");
        if (!obj.TryGetProperty(name, out var value)) throw new ModelFormatException(file, tensor, $"has no \"{name}\"");
        if (value.ValueKind != kind) throw new ModelFormatException(file, tensor, $"\"{name}\" should be {Article(kind)}, found {Describe(value)}");
        return value;
    }

    internal static JsonElement? OptionalProperty(JsonElement obj, string name, string file, string? tensor, JsonValueKind kind)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind != kind) throw new ModelFormatException(file, tensor, $"\"{name}\" should be {Article(kind)}, found {Describe(value)}");
        return value;
    }

    internal static string String(JsonElement obj, string name, string file, string? tensor)
        => Property(obj, name, file, tensor, JsonValueKind.String).GetString()!;

    /// <summary>A JSON number that must be an exact integer in [0, long.MaxValue].</summary>
    internal static long NonNegativeInteger(JsonElement value, string file, string? tensor, string what)
    {
        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out long v) || v < 0)
            throw new ModelFormatException(file, tensor, $"{what} should be a non-negative integer, found {Describe(value)}");
        return v;
    }

    internal static long[] Shape(JsonElement array, string file, string tensor)
    {
        if (array.ValueKind != JsonValueKind.Array) throw new ModelFormatException(file, tensor, $"shape should be an array, found {Describe(array)}");
        int rank = array.GetArrayLength();
        if (rank > 32) throw new ModelFormatException(file, tensor, $"shape has {rank} dimensions, more than 32");
        var shape = new long[rank];
        int i = 0;
        foreach (var d in array.EnumerateArray()) shape[i++] = NonNegativeInteger(d, file, tensor, "a shape dimension");
        return shape;
    }

    /// <summary>Product of the dimensions, or −1 on overflow.</summary>
    internal static long ElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (long d in shape)
        {
            if (d == 0) return 0;
            if (count > long.MaxValue / d) return -1;
            count *= d;
        }
        return count;
    }

    internal static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{ModelFormatException.Shorten(value.GetString() ?? "")}\"",
        JsonValueKind.Number => $"the number {ModelFormatException.Shorten(value.GetRawText())}",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
