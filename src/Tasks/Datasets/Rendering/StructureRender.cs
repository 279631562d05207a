using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// What the structure corpora share: band pieces with section marks (a user's file needs Marker events; a first mark after
/// tick 0 gets an intro before it), rendered whole, and their annotation read back from the MIDI written for them.
/// </summary>
public static class StructureRender
{
    public sealed record Song(int Index, Piece Piece, StructureAnnotation Annotation, float[][] Audio);

    public static void Write(string root, RenderOptions options, int salt, Func<int, string> title, IProgress<RenderStep>? progress,
        Action<Staging, Song> writeSong, Action<Staging, IReadOnlyList<Song>>? writeIndex = null)
    {
        var renderer = RenderedCorpora.Renderer(options);
        var pieces = PieceSource.Pieces(options, PieceSource.Style.Band, options.Tracks, salt, title: title);
        foreach (var piece in pieces.Where(p => p.Sections.Count == 0))
            throw new RenderException($"Piece '{piece.Title}' has no section Marker events; the structure corpora annotate sections from them.");
        var songs = new List<Song>();
        using var staging = new Staging(root);
        foreach (var (piece, index) in pieces.Select((p, i) => (p, i)))
        {
            var marked = piece.Sections.Min(s => s.Tick) > 0 ? piece with { Sections = [new SectionMark(0, SongForm.Intro), .. piece.Sections] } : piece;
            var midi = Path.Combine(staging.Work, "piece.mid");
            PieceMidi.Write(marked, midi);
            var written = PieceMidi.Read(midi) with { Title = piece.Title };
            var audio = renderer.Whole(written, staging.Work);
            var song = new Song(index, written, written.Structure(audio[0].Length / (double)renderer.SampleRate), audio);
            songs.Add(song);
            writeSong(staging, song);
            writeIndex?.Invoke(staging, songs);
            staging.Commit();
            progress?.Report(new RenderStep(index + 1, pieces.Count, piece.Title));
        }
    }
}
