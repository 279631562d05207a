using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Losses;

namespace NmfGrid.Compute.Algorithms;

/// <summary>
/// Everything one run of a Frobenius solver (HALS, coordinate descent) works in, allocated once: V as given,
/// W (F×K) and Hᵀ (T×K) as column-major arrays (so both factors are swept along contiguous columns), the
/// K×K Gram matrix and the cross products of the factor being updated, and the loss history.
/// </summary>
internal sealed class FrobeniusWorkspace<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly IBlas _blas;
    private readonly T[] _v;
    private readonly T[] _h;
    private readonly T[] _wh;
    private readonly T[] _gram;
    private readonly T[] _crossW;
    private readonly T[] _crossH;
    private readonly bool[] _updateTemplates;
    private readonly bool[] _updateActivations;
    private readonly ScaledPenalty _penaltyW;
    private readonly ScaledPenalty _penaltyH;
    private readonly Matrix<T> _vMatrix;
    private readonly Matrix<T> _wMatrix;
    private readonly Matrix<T> _hMatrix;
    private readonly Matrix<T> _whMatrix;
    private readonly List<LossPoint> _history = [];
    private readonly Action<int, double>? _onLoss;

    public FrobeniusWorkspace(Matrix<T> v, Matrix<T> w0, Matrix<T> h0, NmfOptions options, IBlas blas)
    {
        _blas = blas;
        Bins = v.RowCount;
        Frames = v.ColumnCount;
        Rank = options.Rank;
        _v = ColumnMajor.Values(v);
        _vMatrix = v;
        W = ColumnMajor.Copy(w0);
        Ht = new T[Frames * Rank];
        Transpose(ColumnMajor.Values(h0), Rank, Frames, Ht);
        _h = new T[Rank * Frames];
        _wh = new T[Bins * Frames];
        _gram = new T[Rank * Rank];
        _crossW = new T[Bins * Rank];
        _crossH = new T[Frames * Rank];
        _wMatrix = ColumnMajor.Wrap(Bins, Rank, W);
        _hMatrix = ColumnMajor.Wrap(Rank, Frames, _h);
        _whMatrix = ColumnMajor.Wrap(Bins, Frames, _wh);

        _updateTemplates = new bool[Rank];
        _updateActivations = new bool[Rank];
        Array.Fill(_updateTemplates, !options.FixW);
        Array.Fill(_updateActivations, !options.FixH);
        foreach (var template in options.FixedTemplates)
        {
            _updateTemplates[template] = false;
        }

        UpdatesTemplates = Array.IndexOf(_updateTemplates, true) >= 0;
        UpdatesActivations = !options.FixH;
        _penaltyW = FrobeniusOptions.PenaltyOnTemplates(options, Frames);
        _penaltyH = FrobeniusOptions.PenaltyOnActivations(options, Bins);
        _onLoss = options.OnLoss;
    }

    public int Bins { get; }

    public int Frames { get; }

    public int Rank { get; }

    /// <summary>W, F×K column-major: the templates are its contiguous columns.</summary>
    public T[] W { get; }

    /// <summary>Hᵀ, T×K column-major: the activations (rows of H) are its contiguous columns.</summary>
    public T[] Ht { get; }

    /// <summary>At least one template is learned.</summary>
    public bool UpdatesTemplates { get; }

    public bool UpdatesActivations { get; }

    /// <summary>The iteration of the latest loss evaluation, −1 before the first.</summary>
    public int LastLossIteration { get; private set; } = -1;

    /// <summary>Normal equations for W with H fixed: G = HHᵀ + l2_W·I, B = VHᵀ − l1_W.</summary>
    public void PrepareTemplates() =>
        CoordinateSweep.Prepare(_blas, _v, false, Bins, Ht, Frames, Rank, _penaltyW, _gram, _crossW);

    /// <summary>Normal equations for Hᵀ with W fixed: G = WᵀW + l2_H·I, B = VᵀW − l1_H.</summary>
    public void PrepareActivations() =>
        CoordinateSweep.Prepare(_blas, _v, true, Frames, W, Bins, Rank, _penaltyH, _gram, _crossH);

    public SweepMeasures SweepTemplates() =>
        CoordinateSweep.Sweep(W, _gram, _crossW, Bins, Rank, _updateTemplates);

    public SweepMeasures SweepActivations() =>
        CoordinateSweep.Sweep(Ht, _gram, _crossH, Frames, Rank, _updateActivations);

    /// <summary>D = ½‖V − WH‖²_F at the current factors, recorded in the history and reported to OnLoss.</summary>
    public double Loss(int iteration)
    {
        Transpose(Ht, Frames, Rank, _h);
        // WH into a buffer of the run rather than a fresh F×T array per evaluation (a large-object allocation each time)
        _blas.Gemm(false, false, Bins, Frames, Rank, 1.0, W, _h, 0.0, _wh);
        var loss = BetaDivergence.Compute(_vMatrix, _wMatrix, _hMatrix, _whMatrix, 2.0);
        _history.Add(new LossPoint(iteration, loss));
        LastLossIteration = iteration;
        _onLoss?.Invoke(iteration, loss);
        return loss;
    }

    public NmfResult<T> Result(int iterations, bool converged, double loss, double seconds)
    {
        Transpose(Ht, Frames, Rank, _h);
        return new NmfResult<T>(_wMatrix, _hMatrix, iterations, converged, loss, _history.ToArray(), seconds,
                                _blas.Name, _blas.Threads);
    }

    /// <summary>destination (columns×rows) ← sourceᵀ, for source rows×columns, both column-major.</summary>
    private static void Transpose(T[] source, int rows, int columns, T[] destination)
    {
        for (var c = 0; c < columns; c++)
        {
            for (var r = 0; r < rows; r++)
            {
                destination[c + r * columns] = source[r + c * rows];
            }
        }
    }
}
