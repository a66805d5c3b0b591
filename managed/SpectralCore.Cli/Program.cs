using System.CommandLine;
using SpectralCore.Cli;
using SpectralCore.Cli.Commands;

// `spectral` — the SpectralCore command line. Exit codes: 0 ok, 1 runtime failure, 2 usage error.
var root = new RootCommand("SpectralCore: eigenvalues, SVDs and spectral analyses of weight matrices, Jacobians and training trajectories.");
foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
return CliRunner.Run(root, args);
