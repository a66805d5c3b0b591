using BenchmarkDotNet.Running;

// BenchmarkDotNet entry: `dotnet run -c Release --project bench/SpectralCore.Benchmarks -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
