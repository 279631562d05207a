namespace NmfGrid.Compute.Initialisation;

/// <summary>
/// Harmonic comb templates, one per piano pitch (FMP C8S3, Müller; the seed's init_helper): for MIDI pitch p,
/// f₀ = 440·2^((p−69)/12), and every row whose frequency lies within ±tol·m·f₀ of harmonic m·f₀ gets weight
/// 1/m (a higher harmonic wins where bands overlap, as in FMP). Each column is then scaled to unit sum.
/// </summary>
public static class HarmonicTemplates
{
    /// <summary>The 88 piano keys, A0 (MIDI 21) to C8 (MIDI 108).</summary>
    public const int PianoKeys = 88;

    /// <summary>MIDI number of the lowest piano key, A0 (27.5 Hz).</summary>
    public const int LowestPianoKey = 21;

    /// <summary>FMP's relative tolerance around each harmonic.</summary>
    public const double DefaultTolerance = 0.05;

    /// <summary>Frequency in Hz of MIDI pitch p: 440·2^((p−69)/12).</summary>
    public static double PitchFrequency(double midi) => 440.0 * Math.Pow(2.0, (midi - 69.0) / 12.0);

    /// <summary>
    /// The F×count template matrix (column-major) for pitches firstMidi, firstMidi+1, …; rows are the given
    /// frequencies. A pitch whose harmonics miss every row keeps an all-zero column.
    /// </summary>
    public static double[] Create(IReadOnlyList<double> rowFrequencies, int firstMidi = LowestPianoKey,
                                  int count = PianoKeys, double tolerance = DefaultTolerance)
    {
        var rows = rowFrequencies.Count;
        var top = rowFrequencies.Count == 0 ? 0.0 : rowFrequencies.Max();
        var templates = new double[rows * count];
        for (var c = 0; c < count; c++)
        {
            var f0 = PitchFrequency(firstMidi + c);
            var column = templates.AsSpan(c * rows, rows);
            for (var m = 1; (1.0 - tolerance) * m * f0 <= top; m++)
            {
                double low = (1.0 - tolerance) * m * f0, high = (1.0 + tolerance) * m * f0;
                for (var i = 0; i < rows; i++)
                {
                    if (rowFrequencies[i] >= low && rowFrequencies[i] <= high)
                    {
                        column[i] = 1.0 / m;
                    }
                }
            }

            var sum = 0.0;
            foreach (var x in column)
            {
                sum += x;
            }

            if (sum > 0)
            {
                for (var i = 0; i < rows; i++)
                {
                    column[i] /= sum;
                }
            }
        }

        return templates;
    }

    /// <summary>
    /// The seed's templates (its init_helper.template_pitch, unnormalised): on K rows of width Δf (bin k at k·Δf),
    /// harmonic m = 1 … ⌈K·Δf / ((1−tol)·f₀)⌉ sets bins ⌊(1−tol)·m·f₀/Δf⌋ … min(K−1, ⌊(1+tol)·m·f₀/Δf⌋) to 1/m,
    /// a later harmonic overwriting an earlier one. Unlike <see cref="Create"/>, the band is whole bins (the edge
    /// bins count even when their centre lies outside ±tol), and the columns keep their 1/m weights (no unit sum).
    /// </summary>
    public static double[] CreateAsSeed(int rows, double binWidth, int firstMidi = LowestPianoKey, int count = PianoKeys,
                                        double tolerance = DefaultTolerance)
    {
        var templates = new double[rows * count];
        var top = rows * binWidth;
        for (var c = 0; c < count; c++)
        {
            var f0 = PitchFrequency(firstMidi + c);
            var column = templates.AsSpan(c * rows, rows);
            var orders = (int)Math.Ceiling(top / ((1.0 - tolerance) * f0));
            for (var m = 1; m <= orders; m++)
            {
                var low = Math.Max(0, (int)((1.0 - tolerance) * m * f0 / binWidth));
                var high = Math.Min(rows - 1, (int)((1.0 + tolerance) * m * f0 / binWidth));
                for (var i = low; i <= high; i++)
                {
                    column[i] = 1.0 / m;
                }
            }
        }

        return templates;
    }

    /// <summary>
    /// The row frequencies a harmonic start needs, checked once for both starts: rank 88 (one template per key) and one
    /// frequency per row of V (at least <paramref name="minRows"/>). Errors name the initialisation.
    /// </summary>
    internal static IReadOnlyList<double> RowFrequenciesFor(string initialisation, InitialisationRequest request, int rows, int minRows = 1)
    {
        if (request.Rank != PianoKeys)
        {
            throw new ArgumentOutOfRangeException(nameof(request), request.Rank,
                $"Initialisation '{initialisation}' builds one template per piano key, so Rank must be {PianoKeys}; got {request.Rank}.");
        }

        var frequencies = request.RowFrequencies ?? throw new ArgumentException(
            $"Initialisation '{initialisation}' needs RowFrequencies (the centre frequency in Hz of each row of V); none were given.",
            nameof(request));
        if (frequencies.Count != rows || rows < minRows)
        {
            throw new ArgumentException(
                $"RowFrequencies has {frequencies.Count} entries but V has {rows} rows" + (minRows > 1 ? $" (at least {minRows} needed)." : "."),
                nameof(request));
        }

        return frequencies;
    }
}
