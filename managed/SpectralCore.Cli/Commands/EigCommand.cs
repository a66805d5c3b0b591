using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace SpectralCore.Cli.Commands;

/// <summary>`spectral eig`: eigenvalues (and vectors) of a symmetric matrix stored in a .npy file.</summary>
internal static class EigCommand
{
    internal static Command Create()
    {
        var shared = new SpectralComputeOptions();
        var input = new Argument<string>("input") { Description = "a 2-D square .npy matrix (only --triangle is read)" };
        var output = new Option<string?>("--output", "-o") { Description = "result file: .npz (values, vectors) or .npy (values; vectors to <stem>.vectors.npy); default prints values" };
        var vectors = new Option<bool>("--vectors") { Description = "compute eigenvectors too (columns of 'vectors')" };
        var triangle = new Option<string>("--triangle") { Description = "lower | upper: which triangle is read", DefaultValueFactory = _ => "lower" };
        var top = new Option<int?>("--top") { Description = "only the k largest eigenvalues (ascending, like the full spectrum)" };
        var command = new Command("eig", "Eigenvalues (ascending) and optionally eigenvectors of a symmetric matrix from a .npy file.");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(vectors);
        command.Options.Add(triangle);
        command.Options.Add(top);
        shared.AddTo(command);
        command.SetAction(parse => CommandGuard.Run(() =>
        {
            var array = ResultWriter.ReadMatrixFile(parse.GetValue(input)!);
            bool single = shared.IsSingle(parse, array.ElementType is IO.NpyElementType.Float32 or IO.NpyElementType.Float16);
            var options = new EigenOptions { ComputeVectors = parse.GetValue(vectors), Triangle = SpectralComputeOptions.ParseTriangle(parse.GetValue(triangle)!) };
            int? k = parse.GetValue(top);
            using var engine = shared.CreateEngine(parse);
            return single
                ? Run<float>(engine, array.ToMatrix<float>(parse.GetValue(input)!), options, k, parse.GetValue(output), Console.Out)
                : Run<double>(engine, array.ToMatrix<double>(parse.GetValue(input)!), options, k, parse.GetValue(output), Console.Out);
        }));
        return command;
    }

    internal static int Run<T>(SpectralEngine engine, Matrix<T> matrix, EigenOptions options, int? top, string? output, TextWriter console)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (matrix.Rows != matrix.Columns) throw new UsageException($"eig needs a square matrix, the file holds {matrix.Rows}×{matrix.Columns}.");
        if (top is int k)
        {
            if (k < 0 || k > matrix.Rows) throw new UsageException($"--top must be in 0..{matrix.Rows}, got {k}.");
            options = options with { FirstIndex = matrix.Rows - k, LastIndex = matrix.Rows - 1 };
            if (k == 0) options = options with { FirstIndex = null, LastIndex = null };
        }
        var result = engine.EigenSymmetric(matrix.View, options);
        var values = top == 0 ? [] : result.Values;
        console.WriteLine($"# {values.Length} eigenvalues of a {matrix.Rows}×{matrix.Columns} {typeof(T).Name} matrix; backend {result.Backend.ToString().ToLowerInvariant()}; {result.Algorithm}{(result.FallbackNote is null ? "" : "; " + result.FallbackNote)}");
        if (output is null)
        {
            foreach (var v in values) console.WriteLine(double.CreateTruncating(v).ToString("R", CultureInfo.InvariantCulture));
            return CliRunner.Ok;
        }
        var arrays = new List<ResultWriter.NamedArray<T>> { new("values", values, [values.Length]) };
        if (result.Vectors is not null && top != 0) arrays.Add(new("vectors", result.Vectors.Data, [result.Vectors.Rows, result.Vectors.Columns]));
        foreach (var path in ResultWriter.Write(output, arrays)) console.WriteLine($"# wrote {path}");
        return CliRunner.Ok;
    }
}
