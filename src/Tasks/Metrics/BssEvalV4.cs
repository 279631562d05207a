using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Metrics;

/// <summary>
/// BSS Eval v4, the semantics of museval 0.4 (<c>museval.evaluate</c>, mode v4; Stöter, Liutkus &amp; Ito 2018),
/// for mono sources: the 512-tap distortion filters are fitted once on the whole signals (G regularised by
/// machine epsilon), then the "images" criterion is evaluated per window, filtering each window's reference slices:
///   SDR = ‖s‖²/‖ŝ − s‖²,  ISR = ‖s‖²/‖P_j − s‖²,  SIR = ‖P_j‖²/‖P − P_j‖²,  SAR = ‖P‖²/‖ŝ − P‖²  (in dB).
/// Windows: nwin = ⌊(n − win + hop)/hop⌋ when win &lt; n, else one window over everything (a trailing partial
/// window is dropped). No permutation search: estimate j is scored against reference j.
/// </summary>
public static class BssEvalV4
{
    /// <summary>
    /// Estimates are zero-padded or truncated to the reference length first (museval's pad_or_truncate).
    /// </summary>
    /// <param name="window">Window length in samples (museval: one second, the sample rate).</param>
    /// <param name="hop">Hop in samples (museval: one second).</param>
    /// <exception cref="ArgumentException">Count mismatch, empty input, a silent source, a non-positive window or hop.</exception>
    public static FramewiseSeparationScores Evaluate(IReadOnlyList<double[]> references, IReadOnlyList<double[]> estimates, int window, int hop)
    {
        if (window <= 0) throw new ArgumentException($"BSS Eval v4 window must be > 0 samples, got {window}.");
        if (hop <= 0) throw new ArgumentException($"BSS Eval v4 hop must be > 0 samples, got {hop}.");
        if (references.Count > 0 && references[0].Length > 0)
        {
            int length = references[0].Length;
            estimates = estimates.Select(e => PadOrTruncate(e, length)).ToArray();
        }
        SeparationInput.Validate(references, estimates, requireEqualLength: true);

        int nsrc = references.Count;
        int n = references[0].Length;
        int l = BssEvalSources.FilterLength;
        var subspace = new DelayedSourceSubspace(references, l, ridge: Epsilon);

        // Global filters: on all references, and on the own reference alone.
        var filtersAll = new double[nsrc][];
        var filtersOwn = new double[nsrc][];
        for (int j = 0; j < nsrc; j++)
        {
            var d = subspace.Correlations(estimates[j]);
            filtersAll[j] = subspace.FiltersOnAll(d);
            filtersOwn[j] = subspace.FiltersOnOne(j, d);
        }

        int windows = window < n ? (n - window + hop) / hop : 1;
        // Filter spectra depend only on the FFT size, the same for every full window: compute them once per size.
        var filterSpectra = new Dictionary<int, (RealFourierTransform Transform, HalfSpectrum[][] All, HalfSpectrum[] Own)>();
        var sdr = NewTable(nsrc, windows);
        var isr = NewTable(nsrc, windows);
        var sir = NewTable(nsrc, windows);
        var sar = NewTable(nsrc, windows);
        for (int t = 0; t < windows; t++)
        {
            int start = window < n ? t * hop : 0;
            int stop = Math.Min(start + window, n);
            var refSlices = references.Select(r => r[start..stop]).ToArray();
            var estSlices = estimates.Select(e => e[start..stop]).ToArray();
            if (refSlices.Any(s => SeparationInput.IsSilent(s)) || estSlices.Any(s => SeparationInput.IsSilent(s)))
            {
                for (int j = 0; j < nsrc; j++) sdr[j][t] = isr[j][t] = sir[j][t] = sar[j][t] = double.NaN;
                continue;
            }
            int fft = DelayedSourceSubspace.FftLength(stop - start + l - 1);
            if (!filterSpectra.TryGetValue(fft, out var spectra))
            {
                var transform = new RealFourierTransform(fft);
                spectra = (transform,
                    filtersAll.Select(f => Enumerable.Range(0, nsrc).Select(i => HalfSpectrum.Of(f.AsSpan(i * l, l), transform)).ToArray()).ToArray(),
                    filtersOwn.Select(f => HalfSpectrum.Of(f, transform)).ToArray());
                filterSpectra[fft] = spectra;
            }
            var sliceSpectra = refSlices.Select(s => HalfSpectrum.Of(s, spectra.Transform)).ToArray();
            for (int j = 0; j < nsrc; j++)
            {
                var all = FilterSlices(sliceSpectra, spectra.All[j], spectra.Transform, l, stop - start);
                var own = FilterSlices([sliceSpectra[j]], [spectra.Own[j]], spectra.Transform, l, stop - start);
                (sdr[j][t], isr[j][t], sir[j][t], sar[j][t]) = ImageCriteria(refSlices[j], estSlices[j], own, all);
            }
        }
        return new FramewiseSeparationScores(sdr, isr, sir, sar, windows);
    }

    /// <summary>float64 machine epsilon, the ridge museval adds to G.</summary>
    private const double Epsilon = 2.220446049250313e-16;

    /// <summary>Σ_i h_i ∗ slice_i from their spectra: one inverse FFT, length slice + L − 1.</summary>
    private static double[] FilterSlices(HalfSpectrum[] sliceSpectra, HalfSpectrum[] filterSpectra, RealFourierTransform transform, int l, int length)
    {
        var sum = HalfSpectrum.Zero(transform);
        for (int i = 0; i < sliceSpectra.Length; i++) sum.AddProduct(filterSpectra[i], sliceSpectra[i]);
        return sum.Inverse(transform, length + l - 1);
    }

    private static (double Sdr, double Isr, double Sir, double Sar) ImageCriteria(double[] reference, double[] estimate, double[] own, double[] all)
    {
        double trueEnergy = 0, ownEnergy = 0, allEnergy = 0, total = 0, spatial = 0, interference = 0, artefact = 0;
        for (int k = 0; k < own.Length; k++)
        {
            double s = k < reference.Length ? reference[k] : 0;
            double e = k < estimate.Length ? estimate[k] : 0;
            trueEnergy += s * s;
            ownEnergy += own[k] * own[k];
            allEnergy += all[k] * all[k];
            total += (e - s) * (e - s);
            spatial += (own[k] - s) * (own[k] - s);
            interference += (all[k] - own[k]) * (all[k] - own[k]);
            artefact += (e - all[k]) * (e - all[k]);
        }
        return (Decibels.Ratio(trueEnergy, total), Decibels.Ratio(trueEnergy, spatial),
                Decibels.Ratio(ownEnergy, interference), Decibels.Ratio(allEnergy, artefact));
    }

    private static double[] PadOrTruncate(double[] signal, int length)
    {
        if (signal.Length == length) return signal;
        var y = new double[length];
        Array.Copy(signal, y, Math.Min(length, signal.Length));
        return y;
    }

    private static double[][] NewTable(int rows, int columns) =>
        Enumerable.Range(0, rows).Select(_ => new double[columns]).ToArray();
}
