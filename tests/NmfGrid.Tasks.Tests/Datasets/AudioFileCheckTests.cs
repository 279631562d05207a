using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;

namespace NmfGrid.Tasks.Tests.Datasets;

public class AudioFileCheckTests
{
    [Fact]
    public void AudioFileCheck_accepts_a_complete_wav_and_reports_its_duration()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("a.wav");
        PcmWav.Write(path, 8000, new float[8000], new float[8000]);
        Assert.Null(AudioFileCheck.Problem(path));
        Assert.Equal(1.0, AudioFileCheck.WavDuration(path), 12);
    }

    [Fact]
    public void AudioFileCheck_reports_a_truncated_wav()
    {
        using var folder = new TempFolder();
        var path = folder.Combine("a.wav");
        PcmWav.Write(path, 8000, new float[8000]);
        using (var stream = new FileStream(path, FileMode.Open)) stream.SetLength(stream.Length - 1000);
        Assert.Equal("truncated WAV: 1000 bytes of audio data missing", AudioFileCheck.Problem(path));
    }

    [Theory]
    [InlineData("a.wav", "", "audio file is empty")]
    [InlineData("a.wav", "RIFF....WAVEjunk", "corrupt")]
    [InlineData("a.mp3", "<html>not found</html>", "not an MP3")]
    [InlineData("a.mp3", "ID3\u0004rest", null)]
    [InlineData("a.stem.mp4", "\0\0\0\u0020ftypisom", null)]
    [InlineData("a.stem.mp4", "garbage bytes here", "not an MP4")]
    public void AudioFileCheck_recognises_broken_files_by_their_start(string name, string content, string? problem)
    {
        using var folder = new TempFolder();
        var path = folder.Write(name, content);
        var found = AudioFileCheck.Problem(path);
        if (problem is null) Assert.Null(found);
        else Assert.Contains(problem, found);
    }

    [Fact]
    public void AudioFileCheck_reports_a_missing_file()
    {
        Assert.Equal("audio file not found", AudioFileCheck.Problem("/no/such/file.wav"));
    }
}
