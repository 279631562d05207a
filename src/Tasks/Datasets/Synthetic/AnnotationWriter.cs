using System.Text;

namespace NmfGrid.Tasks.Datasets.Synthetic;

/// <summary>Writes an annotation text file (UTF-8 without BOM, LF line ends), creating its folder.</summary>
public static class AnnotationWriter
{
    public static void Write(string path, StringBuilder text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, text.ToString(), new UTF8Encoding(false));
    }
}
