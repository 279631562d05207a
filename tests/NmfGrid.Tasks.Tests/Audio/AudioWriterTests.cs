using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Tests.Audio;

public sealed class AudioWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Float32_wav_round_trip_is_exact_for_every_channel()
    {
        var signal = new AudioSignal([Signals.Sine(440, 22050, 3000), Signals.Sine(97, 22050, 3000, 0.9)], 22050);
        var path = _dir.File("sub/dir/out.wav");

        AudioWriter.WriteWav(path, signal, WavSampleFormat.Float32);
        var back = AudioReader.Read(path, new AudioReadOptions { Mono = false });

        Assert.Equal(22050, back.SampleRate);
        Assert.Equal(signal.Channels[0], back.Channels[0]);
        Assert.Equal(signal.Channels[1], back.Channels[1]);
    }

    [Fact]
    public void Pcm16_wav_round_trip_is_within_quantisation_error()
    {
        var signal = AudioSignal.FromMono(Signals.Sine(1234, 16000, 2000, 0.99), 16000);
        var path = _dir.File("pcm.wav");

        AudioWriter.WriteWav(path, signal, WavSampleFormat.Pcm16);
        var back = AudioReader.Read(path);

        Assert.Equal(2000, back.Length);
        for (int i = 0; i < 2000; i++)
            // Written ×32767 and read ÷32768 (libsndfile's convention): half a step plus |x|/32768.
            Assert.True(Math.Abs(back.Channels[0][i] - signal.Channels[0][i]) <= 1.5 / 32767, $"sample {i}");
    }

    [Fact]
    public void Pcm16_clips_out_of_range_samples_instead_of_wrapping()
    {
        var path = _dir.File("clip.wav");

        AudioWriter.WriteWav(path, AudioSignal.FromMono(new[] { 1.5f, -2f, 0.5f }, 8000), WavSampleFormat.Pcm16);
        var back = AudioReader.Read(path).Channels[0];

        Assert.Equal(32767 / 32768f, back[0]);
        Assert.Equal(-32767 / 32768f, back[1]);
        Assert.Equal(0.5f, back[2], 1e-4f);
    }
}
