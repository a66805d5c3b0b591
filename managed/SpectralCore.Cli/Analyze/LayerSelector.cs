using System.Globalization;
using System.Text.RegularExpressions;

namespace SpectralCore.Cli.Analyze;

/// <summary>
/// The --layers filter. Each item (comma-separated, option repeatable) is a layer id (1-based, as listed in
/// the table), an exact tensor name, or a regular expression (matched anywhere in the name, case-sensitive).
/// An item prefixed with '-' or '!' excludes what it matches. A layer is kept when no include item is given
/// or one matches, and no exclude item matches. Example: --layers 'encoder\.,!bias' or --layers=-1,-2.
/// </summary>
internal sealed class LayerSelector
{
    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    private readonly List<Func<int, string, bool>> _include = [];
    private readonly List<Func<int, string, bool>> _exclude = [];

    private LayerSelector()
    {
    }

    internal static LayerSelector All { get; } = new();

    internal bool IsEmpty => _include.Count == 0 && _exclude.Count == 0;

    /// <summary>Parses the --layers items; a bad regular expression is a usage error.</summary>
    internal static LayerSelector Parse(IEnumerable<string> values)
    {
        var selector = new LayerSelector();
        foreach (var raw in values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            bool negate = raw[0] is '-' or '!';
            string item = negate ? raw[1..] : raw;
            if (item.Length == 0) throw new UsageException($"--layers: '{raw}' names nothing");
            Func<int, string, bool> match;
            if (int.TryParse(item, NumberStyles.None, CultureInfo.InvariantCulture, out int id))
            {
                if (id < 1) throw new UsageException($"--layers: layer ids start at 1, got '{raw}'");
                match = (layerId, _) => layerId == id;
            }
            else
            {
                Regex regex;
                try
                {
                    regex = new Regex(item, RegexOptions.CultureInvariant, RegexTimeout);
                }
                catch (ArgumentException e)
                {
                    throw new UsageException($"--layers: '{item}' is neither a layer id nor a valid regular expression ({e.Message})");
                }
                match = (_, name) => name == item || SafeIsMatch(regex, name);
            }
            (negate ? selector._exclude : selector._include).Add(match);
        }
        return selector;
    }

    internal bool Selects(int layerId, string name)
        => (_include.Count == 0 || _include.Any(m => m(layerId, name))) && !_exclude.Any(m => m(layerId, name));

    private static bool SafeIsMatch(Regex regex, string name)
    {
        try
        {
            return regex.IsMatch(name);
        }
        catch (RegexMatchTimeoutException)
        {
            throw new UsageException($"--layers: the regular expression '{regex}' took too long on '{name}'");
        }
    }
}
