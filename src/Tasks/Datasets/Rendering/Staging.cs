namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>
/// A private folder inside the output root where one track is written in the dataset's layout; <see cref="Commit"/> moves
/// each file to its place (a rename on the same file system), so a failure leaves the files already written valid and no
/// half-written file in the layout. Disposing removes the folder.
/// </summary>
public sealed class Staging : IDisposable
{
    public Staging(string root)
    {
        Target = root;
        Root = Path.Combine(root, $".render-staging-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Root);
        Work = Path.Combine(Root, ".work");
    }

    /// <summary>The dataset root the files go to.</summary>
    public string Target { get; }

    /// <summary>Write a track here, as under <see cref="Target"/>.</summary>
    public string Root { get; }

    /// <summary>Scratch files (per-part MIDI, FluidSynth output), never moved.</summary>
    public string Work { get; }

    public void Commit()
    {
        foreach (var file in Directory.EnumerateFiles(Root, "*", SearchOption.AllDirectories).ToArray())
        {
            var relative = Path.GetRelativePath(Root, file);
            if (relative.StartsWith(".work", StringComparison.Ordinal)) continue;
            var destination = Path.Combine(Target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Move(file, destination, overwrite: true);
        }
        if (Directory.Exists(Work)) Directory.Delete(Work, recursive: true);
    }

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }
}
