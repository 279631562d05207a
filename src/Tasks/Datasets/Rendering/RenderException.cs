namespace NmfGrid.Tasks.Datasets.Rendering;

/// <summary>Rendering cannot go on: a missing program or package, an unreadable SoundFont, a failed synthesis. The message names the file or package.</summary>
public sealed class RenderException(string message, Exception? inner = null) : Exception(message, inner);
