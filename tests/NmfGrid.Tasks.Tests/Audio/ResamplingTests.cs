using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Tests.Audio;

public sealed class ResamplingTests
{
    [Theory]
    [InlineData(44100, 22050)]
    [InlineData(22050, 44100)]
    [InlineData(44100, 16000)]
    public void Resampling_changes_the_length_by_the_ratio_and_keeps_a_sines_frequency(int from, int to)
    {
        int length = from / 2 + 7;
        var signal = AudioSignal.FromMono(Signals.Sine(440, from, length), from);

        var resampled = Resampling.Resample(signal, to);

        Assert.Equal(to, resampled.SampleRate);
        Assert.Equal((int)Math.Ceiling(length * (double)to / from), resampled.Length);
        var middle = resampled.Channels[0][(to / 10)..(to / 10 + 4000)];
        Assert.Equal(440, Signals.DominantFrequency(middle, to, 400, 480));
        Assert.InRange(middle.Max(), 0.45f, 0.55f);
    }

    [Fact]
    public void Resampling_to_the_same_rate_returns_the_signal_unchanged()
    {
        var signal = AudioSignal.FromMono(Signals.Sine(440, 8000, 100), 8000);

        Assert.Same(signal, Resampling.Resample(signal, 8000));
    }

    [Fact]
    public void Resampling_keeps_channels_separate()
    {
        var signal = new AudioSignal([Signals.Sine(300, 32000, 16000), new float[16000]], 32000);

        var resampled = Resampling.Resample(signal, 16000);

        Assert.Equal(2, resampled.ChannelCount);
        Assert.All(resampled.Channels[1], v => Assert.Equal(0f, v));
        Assert.Equal(300, Signals.DominantFrequency(resampled.Channels[0][2000..6000], 16000, 250, 350));
    }
}
