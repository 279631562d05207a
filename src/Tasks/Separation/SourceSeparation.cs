using System.Numerics;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.Models;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>From NMF factors to time-domain sources: cluster the components, build each source's spectrogram, invert.</summary>
public static class SourceSeparation
{
    /// <summary>
    /// Templates (W, for MFCC clustering) and activations (H) as the result gives them; source spectrograms by its
    /// model. With learned <paramref name="templates"/> (the supervised methods) each component's source is its
    /// template's stem, and free components go by <see cref="SeparationSettings.FreeStem"/>: no clustering.
    /// </summary>
    public static StemEstimate Run(StemMixture mixture, NmfResult<double> factors, SeparationSettings s, int jobSeed,
                                   TemplateDictionary? templates = null)
    {
        if (templates is not null)
        {
            var labels = FreeComponentStems.Labels(factors.W, templates, s.FreeStem);
            return new StemEstimate(Rebuild(mixture, factors, labels, s), labels, null);
        }
        var (w, h) = (factors.W, factors.H);
        if (s.Sources > w.ColumnCount)
            throw new ArgumentException($"task.n_sources = {s.Sources} exceeds the NMF rank {w.ColumnCount}: every source needs at least one component.");
        var points = s.Clustering == ComponentClusteringKind.Mfcc
            ? ComponentFeatures.TemplateMfcc(w, s.MfccSampleRate, s.Mels, s.MfccCount, s.ScaleInvariantMfcc)
            : ComponentFeatures.Activations(h);
        int seed = s.KMeansSeed ?? jobSeed;
        var clustering = Cluster(seed);

        // Stability: how much other k-means seeds agree with the partition used (mean Rand index).
        double? stability = null;
        if (s.StabilitySeeds > 0)
        {
            stability = Enumerable.Range(1, s.StabilitySeeds)
                .Select(i => ComponentFeatures.RandIndex(clustering.Labels, Cluster(unchecked(seed + i)).Labels))
                .Average();
        }

        return new StemEstimate(Rebuild(mixture, factors, clustering.Labels, s), clustering.Labels, stability);

        Clustering Cluster(int kmeansSeed) => s.ScikitLearnKMeans is { } draw
            ? ScikitLearnKMeans.Fit(points, s.Sources, kmeansSeed & int.MaxValue, s.Starts, draw) // numpy seeds are non-negative
            : KMeans.Fit(points, s.Sources, kmeansSeed, s.Starts);
    }

    /// <summary>Each source's spectrogram from its components (masks or partial products), inverted to a signal.</summary>
    public static double[][] Rebuild(StemMixture mixture, NmfResult<double> factors, int[] labels, SeparationSettings s)
    {
        int? length = s.FullLength ? mixture.MixtureLength : null;
        if (s.Masking == Masking.None && !s.GriffinLim && factors.Components is ProductModel<double> product)
            return MixturePhaseSources.Invert(product.W, product.H, labels, s.Sources, mixture.Spectrum, s.HopLength, length);
        var partials = SourceMasks.PartialProducts(factors.Components, labels, s.Sources);
        Matrix<Complex>[] spectra;
        if (s.Masking == Masking.Wiener)
        {
            spectra = SourceMasks.Wiener(partials, s.MaskPower).Select(m => SourceMasks.Apply(m, mixture.Spectrum)).ToArray();
        }
        else
        {
            var spectrum = Stft.AsColumnMajor(mixture.Spectrum);
            var factor = new Complex[spectrum.Length];
            for (int i = 0; i < factor.Length; i++)
                factor[i] = spectrum[i] == Complex.Zero ? Complex.One : spectrum[i] / spectrum[i].Magnitude;
            var phase = Matrix<Complex>.Build.Dense(mixture.Spectrum.RowCount, mixture.Spectrum.ColumnCount, factor);
            spectra = partials.Select(p => SourceMasks.WithPhase(p, phase)).ToArray();
        }
        return spectra.Select(spectrum => s.GriffinLim
            ? Features.GriffinLim.Reconstruct(spectrum.Map(c => c.Magnitude, MathNet.Numerics.LinearAlgebra.Zeros.Include), s.HopLength,
                s.GriffinLimIterations, seed: 0, length: length)
            : Stft.Inverse(spectrum, s.HopLength, length)).ToArray();
    }
}
