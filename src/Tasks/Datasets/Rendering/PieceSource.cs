namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>The pieces a corpus renders: the user's .mid/.midi files (sorted by name, read before anything is written), or composed ones.</summary>
public static class PieceSource
{
    public enum Style { Band, Piano }

    /// <summary><paramref name="count"/> pieces starting at <paramref name="first"/>: from the MIDI folder, or composed with the options' seed and <paramref name="salt"/>.</summary>
    public static IReadOnlyList<Piece> Pieces(RenderOptions options, Style style, int count, int salt, int first = 0, Func<int, string>? title = null)
    {
        if (options.MidiFolder is { } folder)
        {
            var files = Directory.EnumerateFiles(folder)
                .Where(f => f.EndsWith(".mid", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".midi", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal).Skip(first).Take(count).ToArray();
            if (files.Length == 0 && count > 0) throw new RenderException($"MIDI folder '{folder}' holds no .mid files{(first > 0 ? $" after the first {first}" : "")}.");
            // The file name, not the sequence name, identifies a user's piece.
            return files.Select(f => PieceMidi.Read(f) with { Title = Path.GetFileNameWithoutExtension(f) }).ToArray();
        }
        var duration = options.Duration ?? 30;
        return Enumerable.Range(first, count).Select(i =>
        {
            var name = title?.Invoke(i) ?? $"Piece {i + 1:D2}";
            var seed = options.PieceSeed(i, salt);
            return style == Style.Piano ? Composer.Piano(name, seed, duration, options.MapsProgram) : Composer.Band(name, seed, duration);
        }).ToArray();
    }
}
