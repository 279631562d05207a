using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.LinearAlgebra;

namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// The seed's harmonic start, as /work/shared/tools/seed_pipeline.py re-runs it: W0 = the seed's unnormalised
/// templates (<see cref="HarmonicTemplates.CreateAsSeed"/>, MIDI 21–108, bins of width sr/n_fft), H0 = one KL
/// multiplicative pass on H from numpy's <c>RandomState(0).rand(88, T)</c>:
/// H ← max(H ⊙ W0ᵀ(V ⊘ W0H) ⊘ (W0ᵀ1), 1e-12), with W0H = 0 read as float32 eps and an all-zero template's
/// column sum as 1 (the seed's pass divides by zero there, since the lowest rows of W0 are all zero).
/// The seed passes MIDI 1–88 (pitch_set=range(1, 89)) and re-estimates each pitch from W; this start, like the
/// peer pipeline, uses the piano's keys, read back as known pitches (task.template_pitch: harmonic).
/// The random H is always RandomState(0): the seed draws it from numpy's unseeded global stream, the peer fixes 0.
/// </summary>
public sealed class SeedHarmonicInitialisation : IInitialisation
{
    /// <summary>The numpy seed of the random H the pass starts from.</summary>
    public const uint NumpySeed = 0;

    public string Name => "harmonic_seed";

    public string Description => "the seed's 88 harmonic templates (whole bins, 1/m weights), H from one guarded KL MU pass on RandomState(0); needs row frequencies and rank 88";

    public (Matrix<T> W, Matrix<T> H) Create<T>(Matrix<T> v, InitialisationRequest request, IBlas blas)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        int f = v.RowCount, t = v.ColumnCount, k = request.Rank;
        var frequencies = HarmonicTemplates.RowFrequenciesFor(Name, request, f, minRows: 2);

        var binWidth = frequencies[1];
        for (var i = 0; i < f; i++)
        {
            if (Math.Abs(frequencies[i] - i * binWidth) > 1e-9 * Math.Max(1.0, i * binWidth))
            {
                throw new ArgumentException(
                    $"Initialisation '{Name}' needs linear STFT bins (row i at i·sr/n_fft Hz); row {i} is at {frequencies[i]} Hz.", nameof(request));
            }
        }

        var w0 = HarmonicTemplates.CreateAsSeed(f, binWidth);
        var random = new NumpyRandomState(NumpySeed);
        var h = new double[k * t]; // column-major; numpy fills rand(K, T) row by row
        for (var r = 0; r < k; r++)
        {
            for (var c = 0; c < t; c++)
            {
                h[c * k + r] = random.RandomSample();
            }
        }

        var data = new double[f * t];
        for (var c = 0; c < t; c++)
        {
            for (var i = 0; i < f; i++)
            {
                data[c * f + i] = double.CreateTruncating(v[i, c]);
            }
        }

        var product = new double[f * t];
        blas.Gemm(false, false, f, t, k, 1.0, w0, h, 0.0, product);                  // W0 H
        var eps32 = (double)MathF.BitIncrement(1f) - 1.0; // float32 machine epsilon, numpy.finfo(float32).eps
        for (var i = 0; i < product.Length; i++)
        {
            product[i] = data[i] / (product[i] == 0 ? eps32 : product[i]);
        }

        var numerator = new double[k * t];
        blas.Gemm(true, false, k, t, f, 1.0, w0, product, 0.0, numerator);           // W0ᵀ (V ⊘ W0H)
        var columnSums = new double[k];
        for (var r = 0; r < k; r++)
        {
            var sum = 0.0;
            for (var i = 0; i < f; i++)
            {
                sum += w0[r * f + i];
            }

            columnSums[r] = sum == 0 ? 1.0 : sum;
        }

        var h0 = new T[k * t];
        for (var c = 0; c < t; c++)
        {
            for (var r = 0; r < k; r++)
            {
                h0[c * k + r] = T.CreateTruncating(Math.Max(h[c * k + r] * numerator[c * k + r] / columnSums[r], 1e-12));
            }
        }

        return (ColumnMajor.Wrap(f, k, w0.Select(T.CreateTruncating).ToArray()), ColumnMajor.Wrap(k, t, h0));
    }
}
