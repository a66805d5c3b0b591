using System.CommandLine;

namespace SpectralCore.Cli;

/// <summary>Parses, runs and maps failures to the exit-code convention: 0 ok, 1 runtime failure, 2 usage error.</summary>
internal static class CliRunner
{
    internal const int Ok = 0;
    internal const int RuntimeFailure = 1;
    internal const int UsageError = 2;

    internal static int Run(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"spectral: {error.Message}");
            Console.Error.WriteLine("Try 'spectral --help'.");
            return UsageError;
        }
        try
        {
            // The default handler would print a stack trace and return 1 for every exception; map them here instead.
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"spectral: {e.Message}");
            return UsageError;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("spectral: cancelled");
            return RuntimeFailure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // One clear line, never a stack trace; SPECTRAL_DEBUG=1 shows the full exception.
            Console.Error.WriteLine($"spectral: error: {e.Message}");
            if (Environment.GetEnvironmentVariable("SPECTRAL_DEBUG") == "1") Console.Error.WriteLine(e);
            return RuntimeFailure;
        }
    }
}

/// <summary>A usage problem found after parsing (bad combination of options); exit code 2.</summary>
internal sealed class UsageException(string message) : Exception(message);
