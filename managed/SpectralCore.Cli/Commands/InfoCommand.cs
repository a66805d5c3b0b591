using System.CommandLine;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace SpectralCore.Cli.Commands;

/// <summary>`spectral info`: backends and why any is unavailable, ABI version, SIMD features, cores, CUDA devices.</summary>
internal static class InfoCommand
{
    internal static Command Create()
    {
        var command = new Command("info", "Show the backends on this machine (and why any is unavailable), the native ABI, SIMD features and cores.");
        command.SetAction(_ => Run(Console.Out));
        return command;
    }

    internal static int Run(TextWriter output)
    {
        var native = SpectralEngine.NativeLibrary;
        output.WriteLine($"SpectralCore {typeof(SpectralEngine).Assembly.GetName().Version}  (.NET {Environment.Version}, {RuntimeInformation.RuntimeIdentifier})");
        output.WriteLine($"native library: {(native.Loaded ? native.Path : "not loaded")}");
        output.WriteLine($"native ABI: {native.AbiText} (managed expects major {SpectralEngine.RequiredNativeAbiMajor})");
        if (!native.Loaded)
            output.WriteLine($"notice: {native.Problem}\nnotice: the managed backend works without it; lapack and cuda need it.");
        output.WriteLine("backends:");
        foreach (var description in SpectralEngine.Describe())
        {
            string name = description.Backend.ToString().ToLowerInvariant();
            if (description.Available)
            {
                string where = description.Library.Length > 0 ? $" ({description.Library})" : "";
                output.WriteLine($"  {name}: available{where}");
                if (description.Version.Length > 0) output.WriteLine($"    version: {description.Version}");
            }
            else
            {
                output.WriteLine($"  {name}: unavailable — {description.Reason}");
            }
            foreach (var line in description.Details.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                if (native.Loaded && (description.Available || description.Backend == Backend.Cuda)) output.WriteLine($"    {line}");
        }
        Backend auto;
        string autoText;
        try
        {
            auto = BackendSelector.Resolve(Backend.Auto);
            autoText = auto.ToString().ToLowerInvariant();
        }
        catch (ArgumentException e)
        {
            autoText = $"invalid {BackendSelector.EnvironmentVariable}: {e.Message}";
        }
        var env = Environment.GetEnvironmentVariable(BackendSelector.EnvironmentVariable);
        output.WriteLine($"auto selects: {autoText}{(string.IsNullOrEmpty(env) ? "" : $" ({BackendSelector.EnvironmentVariable}={env})")}");
        output.WriteLine($"cpu: {Environment.ProcessorCount} logical cores, {RuntimeInformation.ProcessArchitecture}");
        output.WriteLine($"simd: Vector512 {YesNo(Vector512.IsHardwareAccelerated)}, Vector256 {YesNo(Vector256.IsHardwareAccelerated)}, Vector128 {YesNo(Vector128.IsHardwareAccelerated)}; " +
                         $"AVX-512F {YesNo(Avx512F.IsSupported)}, AVX2 {YesNo(Avx2.IsSupported)}, FMA {YesNo(Fma.IsSupported)}");
        return CliRunner.Ok;
    }

    private static string YesNo(bool value) => value ? "yes" : "no";
}
