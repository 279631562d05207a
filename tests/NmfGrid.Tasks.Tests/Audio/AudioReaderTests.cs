using NmfGrid.Tasks.Audio;

namespace NmfGrid.Tasks.Tests.Audio;

public sealed class AudioReaderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static float[][] TwoChannels(int length) =>
        [Signals.Sine(440, 8000, length, 0.6), Signals.Sine(1000, 8000, length, -0.3)];

    [Theory]
    [InlineData(WavBytes.Pcm, 8, false, 1.0 / 128)]
    [InlineData(WavBytes.Pcm, 16, false, 1.0 / 32768)]
    [InlineData(WavBytes.Pcm, 24, false, 1.0 / 8388608)]
    [InlineData(WavBytes.Pcm, 32, false, 1e-7)]
    [InlineData(WavBytes.IeeeFloat, 32, false, 0)]
    [InlineData(WavBytes.IeeeFloat, 64, false, 0)]
    [InlineData(WavBytes.Pcm, 24, true, 1.0 / 8388608)]
    [InlineData(WavBytes.IeeeFloat, 64, true, 0)]
    public void Wav_reader_decodes_every_pcm_and_float_format(ushort tag, int bits, bool extensible, double tolerance)
    {
        var channels = TwoChannels(400);
        var path = _dir.Write("x.wav", WavBytes.Build(channels, 8000, tag, bits, extensible));

        var signal = AudioReader.Read(path, new AudioReadOptions { Mono = false });

        Assert.Equal(8000, signal.SampleRate);
        Assert.Equal(2, signal.ChannelCount);
        Assert.Equal(400, signal.Length);
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < 400; i++)
                Assert.True(Math.Abs(signal.Channels[c][i] - channels[c][i]) <= tolerance + 1e-7,
                    $"channel {c} sample {i}: {signal.Channels[c][i]} vs {channels[c][i]}");
    }

    [Fact]
    public void Wav_reader_keeps_six_channels_apart()
    {
        var channels = Enumerable.Range(0, 6).Select(c => Enumerable.Repeat((c + 1) / 10f, 50).ToArray()).ToArray();
        var path = _dir.Write("six.wav", WavBytes.Build(channels, 48000, WavBytes.Pcm, 24, extensible: true));

        var signal = AudioReader.Read(path, new AudioReadOptions { Mono = false });

        Assert.Equal(6, signal.ChannelCount);
        for (int c = 0; c < 6; c++)
            Assert.All(signal.Channels[c], v => Assert.Equal((c + 1) / 10f, v, 1e-6f));
    }

    [Fact]
    public void Mono_downmix_is_the_mean_of_the_channels()
    {
        var channels = TwoChannels(100);
        var path = _dir.Write("st.wav", WavBytes.Build(channels, 8000, WavBytes.IeeeFloat, 32));

        var signal = AudioReader.Read(path);

        Assert.Equal(1, signal.ChannelCount);
        for (int i = 0; i < 100; i++)
            Assert.Equal((channels[0][i] + channels[1][i]) / 2, signal.Channels[0][i], 1e-6f);
    }

    // A mono read mixes the channels while decoding (no array per channel): the same floats as mixing the decoded channels.
    // 50,000 frames with an offset span several of the decoder's 64 KiB reads, and end inside one.
    [Theory]
    [InlineData(WavBytes.Pcm, 16, 2)]
    [InlineData(WavBytes.Pcm, 16, 3)]
    [InlineData(WavBytes.Pcm, 8, 2)]
    [InlineData(WavBytes.Pcm, 24, 2)]
    [InlineData(WavBytes.Pcm, 32, 2)]
    [InlineData(WavBytes.IeeeFloat, 32, 2)]
    [InlineData(WavBytes.IeeeFloat, 64, 5)]
    public void A_mono_read_is_the_mixdown_of_the_channels_bit_for_bit(ushort tag, int bits, int count)
    {
        var channels = Enumerable.Range(0, count).Select(c => Signals.Sine(200 + 170 * c, 8000, 60_000, 0.9 - 0.3 * c)).ToArray();
        var path = _dir.Write("m.wav", WavBytes.Build(channels, 8000, tag, bits));
        var crop = new AudioReadOptions { Offset = 0.37, Duration = 6.25 };

        var separate = AudioReader.Read(path, crop with { Mono = false });
        var mono = AudioReader.Read(path, crop with { Mono = true });

        Assert.Equal(count, separate.ChannelCount);
        Assert.Equal(1, mono.ChannelCount);
        Assert.Equal(50_000, mono.Length);
        Assert.Equal(separate.Mono(), mono.Channels[0]);
    }

    // 16-bit stereo is mixed a vector of frames at a time (each frame's two samples as one int): the halves' signs and
    // the extremes (−32768, 32767, −1, 0) in either channel, and frame counts that leave a tail, give the same floats.
    [Theory]
    [InlineData(7)]
    [InlineData(64)]
    [InlineData(1001)]
    public void A_mono_read_of_16_bit_stereo_at_full_scale_is_the_mixdown_bit_for_bit(int frames)
    {
        float[] extremes = [-1f, 32767 / 32768f, -1 / 32768f, 0f, 1 / 32768f, -0.5f, 0.25f];
        var rng = new Random(9);
        var channels = new float[2][];
        for (int c = 0; c < 2; c++)
        {
            channels[c] = new float[frames];
            for (int i = 0; i < frames; i++)
                channels[c][i] = rng.Next(3) == 0 ? extremes[rng.Next(extremes.Length)] : rng.Next(-32768, 32768) / 32768f;
        }
        var path = _dir.Write("full.wav", WavBytes.Build(channels, 8000, WavBytes.Pcm, 16));

        var separate = AudioReader.Read(path, new AudioReadOptions { Mono = false });
        var mono = AudioReader.Read(path, new AudioReadOptions { Mono = true });

        Assert.Equal(separate.Mono().Select(BitConverter.SingleToInt32Bits), mono.Channels[0].Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void The_mono_mix_in_double_is_each_float_widened()
    {
        var rng = new Random(4);
        var samples = Enumerable.Range(0, 1003).Select(_ => (float)(rng.NextDouble() * 2 - 1) * (float)Math.Pow(2, rng.Next(-140, 1))).ToArray();
        samples[7] = -0f;

        var wide = AudioSignal.FromMono(samples, 8000).MonoAsDouble();

        Assert.Equal(samples.Select(x => BitConverter.DoubleToInt64Bits(x)), wide.Select(BitConverter.DoubleToInt64Bits));
    }

    [Fact]
    public void Offset_and_duration_crop_whole_samples_by_truncation()
    {
        var ramp = Enumerable.Range(0, 1000).Select(i => i / 1000f).ToArray();
        var path = _dir.Write("ramp.wav", WavBytes.Build([ramp], 1000, WavBytes.IeeeFloat, 32));

        var signal = AudioReader.Read(path, new AudioReadOptions { Offset = 0.2505, Duration = 0.1009 });

        // int(0.2505·1000) = 250, int(0.1009·1000) = 100, as librosa/soundfile.
        Assert.Equal(100, signal.Length);
        Assert.Equal(0.250f, signal.Channels[0][0], 1e-6f);
        Assert.Equal(0.349f, signal.Channels[0][99], 1e-6f);
    }

    [Fact]
    public void A_crop_past_the_end_returns_what_is_there()
    {
        var path = _dir.Write("short.wav", WavBytes.Build([new float[100]], 1000, WavBytes.Pcm, 16));

        Assert.Equal(50, AudioReader.Read(path, new AudioReadOptions { Offset = 0.05, Duration = 30 }).Length);
        Assert.Equal(0, AudioReader.Read(path, new AudioReadOptions { Offset = 5 }).Length);
    }

    [Fact]
    public void Reading_with_a_target_rate_resamples_after_the_crop()
    {
        var path = _dir.Write("s.wav", WavBytes.Build([Signals.Sine(440, 44100, 44100)], 44100, WavBytes.Pcm, 16));

        var signal = AudioReader.Read(path, new AudioReadOptions { SampleRate = 22050, Duration = 0.5 });

        Assert.Equal(22050, signal.SampleRate);
        Assert.Equal(11025, signal.Length);
    }

    [Fact]
    public void Mp3_decodes_to_the_encoded_sine()
    {
        var signal = AudioReader.Read(Fixture("sine440_mono_44100.mp3"));

        Assert.Equal(44100, signal.SampleRate);
        Assert.Equal(1, signal.ChannelCount);
        // 1 s encoded; MP3 adds encoder delay and pads to whole frames of 1152 samples.
        Assert.InRange(signal.Length, 44100, 44100 + 3 * 1152);
        var middle = signal.Channels[0][10000..20000];
        Assert.Equal(440, Signals.DominantFrequency(middle, 44100, 400, 480));
        Assert.InRange(middle.Max(), 0.1f, 0.15f); // ffmpeg's lavfi sine has amplitude 1/8
    }

    [Fact]
    public void Mp3_crop_decodes_only_the_excerpt()
    {
        var whole = AudioReader.Read(Fixture("sine440_mono_44100.mp3"));
        var excerpt = AudioReader.Read(Fixture("sine440_mono_44100.mp3"), new AudioReadOptions { Offset = 0.25, Duration = 0.5 });

        Assert.Equal(22050, excerpt.Length);
        Assert.Equal(whole.Channels[0][11025..33075], excerpt.Channels[0]);
    }

    [Fact]
    public void Stem_mp4_selects_the_stream_by_index_or_names_musdb18_hq_without_ffmpeg()
    {
        var path = Fixture("tiny.stem.mp4");
        if (!OnPath("ffmpeg") || !OnPath("ffprobe"))
        {
            var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path, new AudioReadOptions { Stem = 2 }));
            Assert.Contains("MUSDB18-HQ", e.Message);
            Assert.Contains(path, e.Message);
            return;
        }
        // The fixture's streams are sines at 200 (mixture), 300, 500, 700 and 1100 Hz.
        double[] expected = [200, 300, 500, 700, 1100];
        foreach (int stem in new[] { 0, 2, 4 })
        {
            var signal = AudioReader.Read(path, new AudioReadOptions { Stem = stem, Duration = 0.25 });
            Assert.Equal(44100, signal.SampleRate);
            Assert.Equal(11025, signal.Length);
            Assert.Equal(expected[stem], Signals.DominantFrequency(signal.Channels[0][2000..10000], 44100, 150, 1200, 5));
        }
        var missing = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path, new AudioReadOptions { Stem = 7 }));
        Assert.Contains(path, missing.Message);
    }

    [Fact]
    public void Garbage_with_a_wav_extension_raises_an_error_naming_the_file()
    {
        var path = _dir.Write("noise.wav", Enumerable.Range(0, 300).Select(i => (byte)(i * 37)).ToArray());

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path));

        Assert.Equal(path, e.FilePath);
        Assert.Contains(path, e.Message);
        Assert.Contains("RIFF", e.Message);
    }

    [Fact]
    public void A_riff_file_with_a_broken_header_raises_an_error_naming_the_file()
    {
        var bytes = WavBytes.Build([new float[10]], 8000, WavBytes.Pcm, 16)[..20]; // cut inside the fmt chunk
        var path = _dir.Write("header.wav", bytes);

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_truncated_wav_raises_an_error_naming_the_file_and_the_missing_data()
    {
        var bytes = WavBytes.Build([Signals.Sine(100, 8000, 1000)], 8000, WavBytes.Pcm, 16);
        var path = _dir.Write("cut.wav", bytes[..(bytes.Length - 600)]);

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData(4.0)]
    public void A_wav_cut_after_its_header_raises_an_error_naming_the_file(double? duration)
    {
        var bytes = WavBytes.Build([Signals.Sine(44100, 44100, 440)], 44100, WavBytes.Pcm, 16);
        var path = _dir.Write("header-only.wav", bytes[..60]);

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path, new AudioReadOptions { SampleRate = 8000, Duration = duration }));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_truncated_wav_can_still_be_read_up_to_where_it_ends()
    {
        var bytes = WavBytes.Build([Signals.Sine(100, 8000, 1000)], 8000, WavBytes.Pcm, 16);
        var path = _dir.Write("cut.wav", bytes[..(bytes.Length - 600)]);

        Assert.Equal(100, AudioReader.Read(path, new AudioReadOptions { Duration = 100 / 8000.0 }).Length);
    }

    [Fact]
    public void An_unsupported_wav_encoding_is_named_in_the_error()
    {
        var data = new byte[100];
        var path = _dir.Write("ulaw.wav", WavBytes.Wrap(data, 1, 8000, WavBytes.MuLaw, 8, false, data.Length, 1));

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains("MuLaw", e.Message);
    }

    [Fact]
    public void An_unsupported_sample_size_is_named_in_the_error()
    {
        var data = new byte[120];
        var path = _dir.Write("f16.wav", WavBytes.Wrap(data, 1, 8000, WavBytes.IeeeFloat, 16, false, data.Length, 2));

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path));

        Assert.Contains("16-bit IeeeFloat", e.Message);
    }

    [Fact]
    public void A_corrupt_mp3_raises_an_error_naming_the_file()
    {
        var path = _dir.Write("broken.mp3", Enumerable.Range(0, 5000).Select(i => (byte)(i * 7 % 13)).ToArray());

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void An_unknown_format_is_rejected_with_the_readable_ones_listed()
    {
        var path = _dir.Write("song.flac", "fLaC...."u8.ToArray());

        var e = Assert.Throws<AudioFormatException>(() => AudioReader.Read(path));

        Assert.Contains(path, e.Message);
        Assert.Contains(".flac", e.Message);
        Assert.Contains(".mp3", e.Message);
    }

    [Fact]
    public void A_missing_file_is_reported_as_not_found()
    {
        var path = _dir.File("absent.wav");

        var e = Assert.Throws<FileNotFoundException>(() => AudioReader.Read(path));

        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void Negative_offsets_and_rates_are_rejected()
    {
        var path = _dir.Write("x.wav", WavBytes.Build([new float[10]], 8000, WavBytes.Pcm, 16));

        Assert.Throws<ArgumentOutOfRangeException>(() => AudioReader.Read(path, new AudioReadOptions { Offset = -1 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioReader.Read(path, new AudioReadOptions { SampleRate = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => AudioReader.Read(path, new AudioReadOptions { Duration = double.NaN }));
    }

    internal static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "Audio", name);

    private static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Any(d => File.Exists(Path.Combine(d, tool)));
}
