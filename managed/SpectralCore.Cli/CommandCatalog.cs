using System.CommandLine;
using SpectralCore.Cli.Commands;

namespace SpectralCore.Cli;

/// <summary>Every subcommand of `spectral`, one class per command under Commands/.</summary>
internal static class CommandCatalog
{
    internal static IEnumerable<Command> All()
    {
        yield return InfoCommand.Create();
        yield return EigCommand.Create();
        yield return SvdCommand.Create();
        yield return BenchCommand.Create();
        yield return RsvdCommand.Create();
        yield return AnalyzeCommand.Create();
        yield return JacobianCommand.Create();
        yield return CorrelationCommand.Create();
        yield return InPcaCommand.Create();
    }
}
