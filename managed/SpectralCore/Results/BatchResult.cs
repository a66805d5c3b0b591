namespace SpectralCore;

/// <summary>Outcome of one matrix of a batch.</summary>
public enum BatchItemStatus
{
    /// <summary>Computed successfully.</summary>
    Ok = 0,

    /// <summary>The iterative solver did not converge for this matrix.</summary>
    NotConverged = 1,

    /// <summary>The matrix was rejected (e.g. it contains NaN or infinity); see the item's message.</summary>
    Rejected = 2,
}

/// <summary>One matrix's result in a batch: a value, or a status saying why there is none.</summary>
/// <typeparam name="TResult">The per-matrix result type.</typeparam>
public readonly record struct BatchItem<TResult>(BatchItemStatus Status, TResult? Result, string? Message) where TResult : class;

/// <summary>Results of a batched call, one item per input matrix in input order.</summary>
/// <typeparam name="TResult">The per-matrix result type.</typeparam>
public sealed class BatchResult<TResult> where TResult : class
{
    /// <summary>Creates a batch result.</summary>
    public BatchResult(IReadOnlyList<BatchItem<TResult>> items, Backend backend)
    {
        Items = items ?? throw new ArgumentNullException(nameof(items));
        Backend = backend;
    }

    /// <summary>Per-matrix items.</summary>
    public IReadOnlyList<BatchItem<TResult>> Items { get; }

    /// <summary>The backend that produced the batch.</summary>
    public Backend Backend { get; }

    /// <summary>Number of matrices.</summary>
    public int Count => Items.Count;

    /// <summary>True when every matrix succeeded.</summary>
    public bool AllSucceeded => Items.All(i => i.Status == BatchItemStatus.Ok);

    /// <summary>The result of matrix <paramref name="index"/>; throws if that matrix failed.</summary>
    public TResult this[int index]
    {
        get
        {
            var item = Items[index];
            if (item.Status == BatchItemStatus.NotConverged)
                throw new NonConvergenceException($"Batch matrix {index} did not converge: {item.Message}");
            if (item.Status != BatchItemStatus.Ok)
                throw new ArgumentException($"Batch matrix {index} was rejected: {item.Message}", "matrices");
            return item.Result!;
        }
    }
}
