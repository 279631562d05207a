using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Initialisation;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute;

/// <summary>
/// The one entry point configs and the command line use: V ≈ W·H with a solver and an initialisation chosen
/// by name. Everything is validated before any numerics run.
/// </summary>
/// <example>
/// <code>
/// var result = Factorization.Run(v, "mu", "nndsvda", new NmfOptions { Rank = 10, Beta = 1 }, new ManagedBlas());
/// Console.WriteLine($"{result.Iterations} iterations, D = {result.Loss}");
/// </code>
/// </example>
public static class Factorization
{
    /// <summary>Validates, initialises and runs one NMF.</summary>
    /// <typeparam name="T">double or float; the solver runs natively in that precision.</typeparam>
    /// <param name="v">the data, F×T, finite and ≥ 0 (no zeros when β ≤ 0).</param>
    /// <param name="algorithm">a name from <see cref="AlgorithmRegistry"/>, e.g. "mu".</param>
    /// <param name="initialisation">a name from <see cref="InitialisationRegistry"/>: random, nndsvd, nndsvd_nnfac, nndsvda, nndsvdar, custom, harmonic, harmonic_seed.</param>
    /// <param name="options">rank, β, iterations, stop rule, penalties, fixed factors, seed. Its Rank and Seed
    /// override those of <paramref name="extra"/>.</param>
    /// <param name="blas">the matrix-product backend (its name and threads are recorded in the result).</param>
    /// <param name="extra">what some initialisations need: W0/H0 for "custom", RowFrequencies for "harmonic".
    /// With another initialisation, a given W0 supplies the known templates when FixW is set (all of W) or
    /// FixedTemplates lists columns (those columns), and a given H0 supplies H when FixH is set.</param>
    /// <param name="cancellation">checked once per iteration; cancelling throws <see cref="OperationCanceledException"/>.</param>
    /// <returns>W (F×K), H (K×T), iterations run, whether the stop test fired, the loss history and timing.</returns>
    /// <exception cref="ArgumentException">unknown names, bad options, or bad data; the message names the culprit.</exception>
    public static NmfResult<T> Run<T>(Matrix<T> v, string algorithm, string initialisation, NmfOptions options, IBlas blas,
                                      InitialisationRequest? extra = null, CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(algorithm);
        return Run(v, AlgorithmRegistry.Get(algorithm), initialisation, options, blas, extra, cancellation);
    }

    /// <summary>
    /// The same with the solver itself rather than its name: one that is not registered, such as an external model
    /// (src/Tasks/External), gets the same validation and initialisation as a built-in one.
    /// </summary>
    public static NmfResult<T> Run<T>(Matrix<T> v, INmfAlgorithm solver, string initialisation, NmfOptions options, IBlas blas,
                                      InitialisationRequest? extra = null, CancellationToken cancellation = default)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(v);
        ArgumentNullException.ThrowIfNull(solver);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(blas);
        if (Tensors.TensorFactorization.IsTensorModel(solver))
        {
            throw new ArgumentException(
                $"Algorithm '{solver.Name}' factorises a 3-way tensor; it was given a {v.RowCount}×{v.ColumnCount} matrix.");
        }

        var start = InitialisationRegistry.Get(initialisation);
        NmfInputValidation.CheckOptions(options);
        NmfInputValidation.CheckParameters(solver, options);
        solver.CheckOptions(options);
        NmfInputValidation.CheckData(v, options);

        var request = (extra ?? new InitialisationRequest { Rank = options.Rank }) with
        {
            Rank = options.Rank,
            Seed = options.Seed,
            Beta = options.Beta,
        };
        if (request.W0 is not null)
        {
            NmfInputValidation.CheckShape(request.W0, "W0", v.RowCount, options.Rank);
            NmfInputValidation.CheckEntries(request.W0, "W0");
        }

        if (request.H0 is not null)
        {
            NmfInputValidation.CheckShape(request.H0, "H0", options.Rank, v.ColumnCount);
            NmfInputValidation.CheckEntries(request.H0, "H0");
        }

        var (w0, h0) = start.Create(v, request, blas);
        (w0, h0) = WithKnownFactors(w0, h0, request, options);
        NmfInputValidation.CheckFactors(v, w0, h0, options);
        return solver.Run(v, w0, h0, options, blas, cancellation);
    }

    /// <summary>Known templates (FixW, FixedTemplates) and activations (FixH) from the request replace the initialised ones.</summary>
    private static (Matrix<T> W, Matrix<T> H) WithKnownFactors<T>(Matrix<T> w0, Matrix<T> h0, InitialisationRequest request,
                                                                   NmfOptions options)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (request.W0 is { } knownW && (options.FixW || options.FixedTemplates.Count > 0))
        {
            var known = CustomInitialisation.Convert<T>(knownW);
            if (options.FixW)
            {
                w0 = known;
            }
            else
            {
                w0 = w0.Clone();
                foreach (var column in options.FixedTemplates)
                {
                    w0.SetColumn(column, known.Column(column));
                }
            }
        }

        if (request.H0 is { } knownH && options.FixH)
        {
            h0 = CustomInitialisation.Convert<T>(knownH);
        }

        return (w0, h0);
    }
}
