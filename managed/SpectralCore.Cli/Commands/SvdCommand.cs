using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace SpectralCore.Cli.Commands;

/// <summary>`spectral svd`: singular values (and thin U, Vᵀ) of a matrix stored in a .npy file.</summary>
internal static class SvdCommand
{
    internal static Command Create()
    {
        var shared = new SpectralComputeOptions();
        var input = new Argument<string>("input") { Description = "a 2-D .npy matrix" };
        var output = new Option<string?>("--output", "-o") { Description = "result file: .npz (s, u, vt) or .npy (s; u and vt to <stem>.u.npy, <stem>.vt.npy); default prints s" };
        var vectors = new Option<bool>("--vectors") { Description = "compute thin U (m×k) and Vᵀ (k×n) too" };
        var method = new Option<string>("--method") { Description = "auto | bidiagonal | gram (values only; gram = float64 Gram matrix eigenvalues, fast for ESDs)", DefaultValueFactory = _ => "auto" };
        var command = new Command("svd", "Singular values (descending) and optionally thin singular vectors of a .npy matrix.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(vectors);
        command.Options.Add(method);
        shared.AddTo(command);
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var array = ResultWriter.ReadMatrixFile(parse.GetValue(input)!);
            bool single = shared.IsSingle(parse, array.ElementType is IO.NpyElementType.Float32 or IO.NpyElementType.Float16);
            var options = new SvdOptions { ComputeVectors = parse.GetValue(vectors), Method = ParseMethod(parse.GetValue(method)!) };
            if (options.ComputeVectors && options.Method == SvdMethod.Gram) throw new UsageException("--method gram computes values only; drop --vectors or use --method bidiagonal.");
            using var engine = shared.CreateEngine(parse);
            return single
                ? Run<float>(engine, array.ToMatrix<float>(parse.GetValue(input)!), options, parse.GetValue(output), Console.Out)
                : Run<double>(engine, array.ToMatrix<double>(parse.GetValue(input)!), options, parse.GetValue(output), Console.Out);
        }));
        return command;
    }

    internal static SvdMethod ParseMethod(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => SvdMethod.Auto,
        "bidiagonal" or "bidiag" => SvdMethod.Bidiagonal,
        "gram" => SvdMethod.Gram,
        _ => throw new UsageException($"--method must be auto, bidiagonal or gram, got '{text}'."),
    };

    internal static int Run<T>(SpectralEngine engine, Matrix<T> matrix, SvdOptions options, string? output, TextWriter console)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        var result = engine.Svd(matrix.View, options);
        console.WriteLine($"# {result.SingularValues.Length} singular values of a {matrix.Rows}×{matrix.Columns} {typeof(T).Name} matrix; backend {result.Backend.ToString().ToLowerInvariant()}; {result.Algorithm}{(result.FallbackNote is null ? "" : "; " + result.FallbackNote)}");
        if (output is null)
        {
            foreach (var v in result.SingularValues) console.WriteLine(double.CreateTruncating(v).ToString("R", CultureInfo.InvariantCulture));
            return CliRunner.Ok;
        }
        var arrays = new List<ResultWriter.NamedArray<T>> { new("s", result.SingularValues, [result.SingularValues.Length]) };
        if (result.U is not null) arrays.Add(new("u", result.U.Data, [result.U.Rows, result.U.Columns]));
        if (result.Vt is not null) arrays.Add(new("vt", result.Vt.Data, [result.Vt.Rows, result.Vt.Columns]));
        foreach (var path in ResultWriter.Write(output, arrays)) console.WriteLine($"# wrote {path}");
        return CliRunner.Ok;
    }
}
