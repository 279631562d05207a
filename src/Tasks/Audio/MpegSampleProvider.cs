using NAudio.Wave;
using NLayer;

namespace NmfGrid.Tasks.Audio;

/// <summary>
/// NLayer's managed MPEG decoder seen as an NAudio sample provider (what NLayer.NAudioSupport would give):
/// interleaved 32-bit float samples at the file's rate.
/// </summary>
public sealed class MpegSampleProvider : ISampleProvider, IDisposable
{
    private readonly MpegFile _file;

    public MpegSampleProvider(Stream stream)
    {
        _file = new MpegFile(stream);
        WaveFormat = WaveFormat.CreateIeeeFloatWaveFormat(_file.SampleRate, _file.Channels);
    }

    public WaveFormat WaveFormat { get; }

    public int Read(float[] buffer, int offset, int count) => _file.ReadSamples(buffer, offset, count);

    public void Dispose() => _file.Dispose();
}
