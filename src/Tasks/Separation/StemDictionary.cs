using System.Globalization;
using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Tasks.Audio;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Features;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>
/// Supervised NMF separation's training step (Smaragdis, Raj &amp; Shashanka 2007; Schmidt &amp; Olsson 2006): for each
/// stem s, the magnitude STFTs of that stem over the training tracks, V_s ≈ W_s·H_s by β-NMF, and the columns of
/// W_s, scaled to unit sum, become that stem's templates. The dictionary is [W_drums W_bass W_other W_vocals],
/// labelled by stem. The mixture's NMF then keeps it fixed and estimates only H.
/// <para>
/// Cost is bounded by <see cref="StemDictionarySettings.Frames"/>: each training track gives at most Frames/tracks
/// audible frames per stem (evenly spaced), so each stem's NMF is at most F×Frames whatever the corpus size
/// (1025 × 1500, rank 16, 100 KL iterations).
/// </para>
/// </summary>
public static class StemDictionary
{
    /// <summary>The training tracks the dataset holds (<see cref="IStemTrainingSet"/>: MUSDB18's train/ of the same root).</summary>
    public static IReadOnlyList<IStemTrack> TrainingTracks(IDataset dataset) =>
        dataset is IStemTrainingSet set
            ? set.TrainingTracks()
            : throw new ConfigKeyException("task.method",
                $"the supervised separation learns from MUSDB18's train subset; dataset '{dataset.Name}' has none");

    /// <summary>Everything the dictionary depends on: the training files, how they are read and transformed, the model.</summary>
    public static ArtifactKey Key(IReadOnlyList<IStemTrack> training, SeparationSettings s)
    {
        var d = s.Dictionary ?? throw new ArgumentException("Clustering settings learn no dictionary.", nameof(s));
        var files = training.SelectMany(t => SeparationTask.Targets.Select(stem => ArtifactKey.FileIdentity(t.StemPaths[stem])));
        var read = Read(s, Stem.Mixture).CanonicalString;
        return new ArtifactKey("dictionary", string.Create(CultureInfo.InvariantCulture,
            $"separation-stems|training[{string.Join(";", files)}]|read[{read}]|stft[n_fft={s.NFft};hop={s.HopLength};hann;centred]|model[{d.CanonicalString}]"));
    }

    /// <summary>The learned W with a stem label per column, and the free components the method adds on the track.</summary>
    public static TemplateDictionary Labelled(Matrix<double> w, SeparationSettings s)
    {
        var d = s.Dictionary ?? throw new ArgumentException("Clustering settings learn no dictionary.", nameof(s));
        var labels = SeparationTask.Targets.SelectMany((stem, i) => Enumerable.Repeat(StemDictionarySettings.Name(stem), d.Ranks[i])).ToArray();
        if (w.ColumnCount != labels.Length || w.RowCount != s.NFft / 2 + 1)
            throw new ArgumentException($"A stem dictionary of {w.RowCount}×{w.ColumnCount} does not fit n_fft {s.NFft} and ranks {string.Join(",", d.Ranks)}.");
        return new TemplateDictionary(w, labels, s.FreeComponents);
    }

    /// <summary>Learns [W_drums W_bass W_other W_vocals] from the training tracks.</summary>
    public static Matrix<double> Learn(IReadOnlyList<IStemTrack> training, SeparationSettings s, IBlas blas, CancellationToken cancellation)
    {
        var d = s.Dictionary ?? throw new ArgumentException("Clustering settings learn no dictionary.", nameof(s));
        if (training.Count == 0) throw new ArgumentException("No training tracks to learn stem dictionaries from.", nameof(training));
        int quota = (d.Frames + training.Count - 1) / training.Count;
        var blocks = new List<Matrix<double>>();
        for (int i = 0; i < SeparationTask.Targets.Count; i++)
        {
            var stem = SeparationTask.Targets[i];
            var frames = training.Select(track =>
            {
                cancellation.ThrowIfCancellationRequested();
                var audio = AudioReader.Read(track.StemPaths[stem], Read(s, stem)).MonoAsDouble();
                return AudibleFrames(Stft.Magnitude(audio, s.NFft, s.HopLength), d.SilenceDb, quota);
            }).Where(m => m.ColumnCount > 0).ToArray();
            int count = frames.Sum(m => m.ColumnCount);
            if (count < d.Ranks[i])
                throw new ArgumentException(
                    $"The {StemDictionarySettings.Name(stem)} stems of the {training.Count} training tracks have {count} audible frames, too few for {d.Ranks[i]} templates (task.stem_rank).");
            var v = Matrix<double>.Build.Dense(s.NFft / 2 + 1, count);
            int column = 0;
            foreach (var m in frames)
            {
                v.SetSubMatrix(0, column, m);
                column += m.ColumnCount;
            }
            var options = new NmfOptions { Rank = d.Ranks[i], Beta = d.Beta, MaxIterations = d.Iterations, Tolerance = 1e-4, Seed = 0 };
            var w = Factorization.Run(v, "mu", "nndsvda", options, blas, cancellation: cancellation).W;
            blocks.Add(UnitSum(w));
        }
        return Matrix<double>.Build.DenseOfMatrixArray(new[,] { { blocks[0], blocks[1], blocks[2], blocks[3] } });
    }

    /// <summary>
    /// The frames of one stem's spectrogram louder than <paramref name="silenceDb"/> under its loudest frame (energy
    /// Σ_f |X_ft|²), at most <paramref name="limit"/> of them, evenly spaced in time.
    /// </summary>
    public static Matrix<double> AudibleFrames(Matrix<double> magnitude, double silenceDb, int limit)
    {
        var energy = Enumerable.Range(0, magnitude.ColumnCount).Select(t => magnitude.Column(t).Sum(x => x * x)).ToArray();
        double loudest = energy.Length == 0 ? 0 : energy.Max();
        if (loudest <= 0) return Matrix<double>.Build.Dense(magnitude.RowCount, 0);
        double floor = loudest * Math.Pow(10, silenceDb / 10);
        var audible = Enumerable.Range(0, energy.Length).Where(t => energy[t] > floor).ToArray();
        var kept = audible.Length <= limit
            ? audible
            : Enumerable.Range(0, limit).Select(i => audible[(int)((long)i * audible.Length / limit)]).ToArray();
        var result = Matrix<double>.Build.Dense(magnitude.RowCount, kept.Length);
        for (int j = 0; j < kept.Length; j++) result.SetColumn(j, magnitude.Column(kept[j]));
        return result;
    }

    /// <summary>Each column scaled to sum 1 (a silent template stays zero): the scale lives in H.</summary>
    private static Matrix<double> UnitSum(Matrix<double> w)
    {
        var scaled = w.Clone();
        for (int k = 0; k < w.ColumnCount; k++)
        {
            double sum = w.Column(k).Sum();
            if (sum > 0) scaled.SetColumn(k, w.Column(k) / sum);
        }
        return scaled;
    }

    /// <summary>Training stems are read like the mixture (rate, mono) from their start, for the dictionary's duration.</summary>
    private static AudioReadOptions Read(SeparationSettings s, Stem stem) =>
        new() { SampleRate = s.SampleRate, Mono = true, Offset = 0, Duration = s.Dictionary!.Duration, Stem = (int)stem };
}
