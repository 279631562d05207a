using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Features;

namespace NmfGrid.Tasks.Separation;

/// <summary>What NMF components are clustered on to group them into sources.</summary>
public enum ComponentClusteringKind
{
    /// <summary>MFCCs of each template W[:,k] (the seed's cluster_sources): spectral shape decides.</summary>
    Mfcc,

    /// <summary>Each activation row H[k,:] scaled to unit norm: components that sound together go together.</summary>
    Activation,
}

/// <summary>One feature vector per NMF component, the points k-means groups into sources.</summary>
public static class ComponentFeatures
{
    /// <summary>
    /// The seed's template features: mfcc(S=amplitude_to_db(melspectrogram(S=W, sr))), 20 coefficients, 128 mels,
    /// n_fft = 2(F−1). librosa takes S as given (no squaring); amplitude_to_db uses ref 1, amin 1e-5, top_db 80
    /// over the whole rank×mel matrix. The seed calls melspectrogram without sr, so librosa's 22050 Hz is used
    /// for audio at 44.1 kHz: pass <paramref name="sampleRate"/> = 22050 to reproduce that.
    /// </summary>
    public static double[][] TemplateMfcc(Matrix<double> w, int sampleRate, int nMels = 128, int nMfcc = 20, bool scaleInvariant = false)
    {
        var mel = MelSpectrogram.FromSpectrogram(w, sampleRate, nMels);
        if (!scaleInvariant)
        {
            var mfcc = Mfcc.FromLogMel(Decibel.AmplitudeToDb(mel), nMfcc);
            return Enumerable.Range(0, w.ColumnCount).Select(k => mfcc.Column(k).ToArray()).ToArray();
        }
        // NMF fixes a template only up to scale (W·D, D⁻¹·H): each mel template is scaled to peak 1 and floored
        // 80 dB under its own peak, and c0 (overall level) is dropped, so k-means compares spectral shapes.
        return Enumerable.Range(0, w.ColumnCount).Select(k =>
        {
            var column = mel.SubMatrix(0, mel.RowCount, k, 1);
            double peak = column.Enumerate().Max();
            if (peak > 0) column = column / peak;
            return Mfcc.FromLogMel(Decibel.AmplitudeToDb(column), Math.Min(nMfcc + 1, nMels)).Column(0).ToArray()[1..];
        }).ToArray();
    }

    /// <summary>h_k / ‖h_k‖₂ per activation row (a silent row stays zero), so k-means compares shapes over time, not loudness.</summary>
    public static double[][] Activations(Matrix<double> h) =>
        Enumerable.Range(0, h.RowCount).Select(k =>
        {
            var row = h.Row(k).ToArray();
            double norm = Math.Sqrt(row.Sum(x => x * x));
            return norm > 0 ? row.Select(x => x / norm).ToArray() : row;
        }).ToArray();

    /// <summary>Rand index of two partitions: the fraction of point pairs both put together or both apart.</summary>
    public static double RandIndex(int[] a, int[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException("Partitions of different sizes.");
        long agree = 0, pairs = 0;
        for (int i = 0; i < a.Length; i++)
        for (int j = i + 1; j < a.Length; j++)
        {
            pairs++;
            if ((a[i] == a[j]) == (b[i] == b[j])) agree++;
        }
        return pairs == 0 ? 1.0 : (double)agree / pairs;
    }
}
