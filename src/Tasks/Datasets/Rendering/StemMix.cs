namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>The stems of a track and their mixture, as the 16-bit files will hold them.</summary>
public sealed record StemMix(IReadOnlyDictionary<Stem, float[][]> Stems, float[][] Mixture)
{
    public const double Peak = 0.89;

    /// <summary>
    /// Scales every stem by one gain so that no stem and not their sum exceeds <see cref="Peak"/>, rounds each stem to the
    /// 16-bit grid (q/32767), and sums the rounded stems: the mixture file then equals the sum of the stem files sample for
    /// sample, exactly (the integer sum is itself on the grid and never clips).
    /// </summary>
    public static StemMix Of(IReadOnlyDictionary<Stem, float[][]> stems)
    {
        var channels = stems.Values.First().Length;
        var length = stems.Values.First()[0].Length;
        double peak = 0;
        for (var c = 0; c < channels; c++)
        for (var n = 0; n < length; n++)
        {
            double sum = 0;
            foreach (var stem in stems.Values)
            {
                sum += stem[c][n];
                peak = Math.Max(peak, Math.Abs(stem[c][n]));
            }
            peak = Math.Max(peak, Math.Abs(sum));
        }
        var gain = peak > 0 ? Peak / peak : 1;
        var rounded = stems.ToDictionary(s => s.Key, s => s.Value.Select(ch => ch.Select(x => (float)(Math.Round(x * gain * 32767.0) / 32767.0)).ToArray()).ToArray());
        var mixture = new float[channels][];
        for (var c = 0; c < channels; c++)
        {
            mixture[c] = new float[length];
            for (var n = 0; n < length; n++)
            {
                long q = 0;
                foreach (var stem in rounded.Values) q += (long)Math.Round(stem[c][n] * 32767.0);
                mixture[c][n] = (float)(q / 32767.0);
            }
        }
        return new StemMix(rounded, mixture);
    }
}
