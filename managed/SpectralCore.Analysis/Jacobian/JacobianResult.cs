namespace SpectralCore.Analysis.Jacobian;

/// <summary>The information/nuisance decomposition of labels by a Jacobian's singular spectrum, and the predicted training dynamics.</summary>
public sealed class JacobianResult
{
    internal JacobianResult(LeftSingularBasis basis, int rows, int parameters, int samples, int classes, double cutoff, int informationRank,
        bool rankIsLowerBound, double informationAlignment, double nuisanceAlignment, double[] labelEnergy, double outsideEnergy,
        ResidualDynamics dynamics, IReadOnlyList<ResidualPoint> trajectory, EarlyStopSuggestion earlyStop, IReadOnlyList<string> warnings)
    {
        Basis = basis;
        Rows = rows;
        Parameters = parameters;
        Samples = samples;
        Classes = classes;
        Cutoff = cutoff;
        InformationRank = informationRank;
        InformationRankIsLowerBound = rankIsLowerBound;
        InformationAlignment = informationAlignment;
        NuisanceAlignment = nuisanceAlignment;
        LabelEnergy = labelEnergy;
        OutsideLabelEnergy = outsideEnergy;
        Dynamics = dynamics;
        Trajectory = trajectory;
        EarlyStop = earlyStop;
        Warnings = warnings;
    }

    /// <summary>Singular values and left vectors used (with how they were computed).</summary>
    public LeftSingularBasis Basis { get; }

    /// <summary>Singular values, descending (all min(K·n, p) of them, or the computed top k).</summary>
    public double[] SingularValues => Basis.SingularValues;

    /// <summary>How the singular values were computed.</summary>
    public string Method => Basis.Method;

    /// <summary>Rows K·n of J.</summary>
    public int Rows { get; }

    /// <summary>Columns p of J (parameters).</summary>
    public int Parameters { get; }

    /// <summary>Samples n = rows / K.</summary>
    public int Samples { get; }

    /// <summary>Classes K.</summary>
    public int Classes { get; }

    /// <summary>The cutoff α in force (given, or σ_r when a rank was given).</summary>
    public double Cutoff { get; }

    /// <summary>r(α) = #σ ≥ α (or the given rank).</summary>
    public int InformationRank { get; }

    /// <summary>True when only the top k were computed and all of them are ≥ α: r(α) may be larger.</summary>
    public bool InformationRankIsLowerBound { get; }

    /// <summary>‖Π_I y‖ / ‖y‖.</summary>
    public double InformationAlignment { get; }

    /// <summary>‖Π_N y‖ / ‖y‖ (the nuisance space includes J's left null space).</summary>
    public double NuisanceAlignment { get; }

    /// <summary>⟨u_i, y⟩² for each computed direction i (sums with <see cref="OutsideLabelEnergy"/> to ‖y‖²).</summary>
    public double[] LabelEnergy { get; }

    /// <summary>‖y − U Uᵀ y‖²: label energy outside the computed directions (J's left null space when complete).</summary>
    public double OutsideLabelEnergy { get; }

    /// <summary>The closed-form gradient-descent dynamics (predict r_t at any step).</summary>
    public ResidualDynamics Dynamics { get; }

    /// <summary>Residual norms at the scheduled steps (from w = 0, r_0 = −y).</summary>
    public IReadOnlyList<ResidualPoint> Trajectory { get; }

    /// <summary>The suggested early-stopping step and why (or why none).</summary>
    public EarlyStopSuggestion EarlyStop { get; }

    /// <summary>Notes about the numbers (divergent η, partial spectra, …).</summary>
    public IReadOnlyList<string> Warnings { get; }
}
