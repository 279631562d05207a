using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Compute;
using NmfGrid.Compute.Algorithms;
using NmfGrid.Compute.LinearAlgebra;
using NmfGrid.Compute.Models;
using NmfGrid.Tasks.Datasets;
using NmfGrid.Tasks.Datasets.Synthetic;
using NmfGrid.Tasks.Pipeline;
using NmfGrid.Tasks.Separation;
using NmfGrid.Tasks.Tests.Datasets;
using NmfGrid.Tasks.Tests.Tasks.Separation;

namespace NmfGrid.Tasks.Tests.Tasks;

/// <summary>The tasks take NMFD's factors as they take plain NMF's: spectrograms by the result's model, templates and activations from W and H.</summary>
public class ConvolutiveFactorsTests(TwoInstrumentMix mix) : IClassFixture<TwoInstrumentMix>
{
    private static NmfSettings Nmfd(int rank = 6, long maxIterations = 40, long lags = 4, string init = "nndsvda", double beta = 1.0) =>
        NmfSettings.From(new ConfigSection("algorithm", new Dictionary<string, object?>
        {
            ["name"] = "nmfd", ["init"] = init, ["rank"] = (long)rank, ["beta"] = beta, ["max_iter"] = maxIterations, ["tol"] = 0.0, ["lags"] = lags,
        }), seed: 1);

    private sealed record PlainTrack(string Id, string AudioPath) : ITrack;

    [Fact]
    public void Source_spectrograms_of_an_NMFD_result_are_its_convolutive_parts_and_add_up_to_its_reconstruction()
    {
        var input = (StemMixture)new SeparationTask().Prepare(mix.Track, Parsed.Task(TwoInstrumentMix.Task()), null, default);
        var nmf = Nmfd(maxIterations: 10);
        var factors = Factorization.Run(input.V, nmf.Algorithm, nmf.Initialisation, nmf.Options, new ManagedBlas());
        var model = Assert.IsType<ConvolutiveModel<double>>(factors.Model);

        int[] labels = [0, 1, 0, 1, 1, 0];
        var partials = SourceMasks.PartialProducts(factors.Components, labels, 2);

        var total = partials[0] + partials[1];
        Assert.True((total - factors.Reconstruction()).FrobeniusNorm() < 1e-10 * total.FrobeniusNorm());
        // Not the plain product of the summed templates: the lags matter.
        var plain = SourceMasks.PartialProducts(factors.W, factors.H, labels, 2);
        Assert.True((partials[0] - plain[0]).FrobeniusNorm() > 1e-3 * partials[0].FrobeniusNorm());
        Assert.Equal(4, model.Lags);
    }

    [Fact]
    public void Wiener_estimates_from_NMFD_factors_sum_back_to_the_mixture()
    {
        var input = (StemMixture)new SeparationTask().Prepare(mix.Track, Parsed.Task(TwoInstrumentMix.Task()), null, default);
        var nmf = Nmfd(maxIterations: 10);
        var factors = Factorization.Run(input.V, nmf.Algorithm, nmf.Initialisation, nmf.Options, new ManagedBlas());

        var result = SourceSeparation.Run(input, factors, SeparationSettings.From(TwoInstrumentMix.Task()), 0);

        var mixture = NmfGrid.Tasks.Features.Stft.Inverse(input.Spectrum, 512, input.MixtureLength);
        for (int n = 0; n < mixture.Length; n += 97)
            Assert.Equal(mixture[n], result.Estimates.Sum(e => e[n]), 1e-9); // a tolerance, not rounding: a sample on a rounding edge flips at 1e-17
    }

    [Fact]
    public void Separation_with_NMFD_runs_through_the_pipeline_and_scores_every_stem()
    {
        var outcome = TrackPipeline.Run(new SeparationTask(), mix.Track, Parsed.Task(TwoInstrumentMix.Task()), Nmfd(), new ManagedBlas());

        Assert.Equal(41, outcome.Iterations + 1);
        Assert.True(double.IsFinite(outcome.Metrics["si_sdr.mean"]));
        Assert.True(double.IsFinite(outcome.Metrics["si_sdr.bass"]));
    }

    [Fact]
    public void Reconstruction_error_of_NMFD_is_measured_against_the_convolutive_model()
    {
        var track = new PlainTrack("duo", Path.Combine(mix.Folder.Path, "test", TwoInstrumentMix.TrackName, Musdb18.WavFileName(Stem.Mixture)));
        var task = TaskRegistry.Get("reconstruction");
        var settings = new ConfigSection("task", new Dictionary<string, object?> { ["name"] = "reconstruction", ["n_fft"] = 1024L });

        var outcome = TrackPipeline.Run(task, track, Parsed.Task(settings), Nmfd(beta: 2.0, maxIterations: 30), new ManagedBlas());

        // β = 2: loss = ½‖V − Λ‖², so the relative error must be sqrt(2·loss)/‖V‖ with the same Λ.
        var v = task.Prepare(track, Parsed.Task(settings), null, default).V;
        Assert.Equal(Math.Sqrt(2 * outcome.FinalLoss) / v.FrobeniusNorm(), outcome.Metrics["relative_error"], 1e-9);
    }

    [Fact]
    public void Transcription_with_NMFD_reads_summed_templates_and_activations_and_scores()
    {
        using var folder = new TempFolder();
        new MapsSynth().Write(folder.Path, new SynthesisOptions(Tracks: 1, Seed: 3, Duration: 2, SampleRate: 22050));
        var dataset = new MapsDataset(folder.Path);
        var taskSettings = new ConfigSection("task", new Dictionary<string, object?>
        {
            ["name"] = "transcription", ["sample_rate"] = 22050L, ["n_fft"] = 2048L, ["hop_length"] = 441L,
        });

        var outcome = TrackPipeline.Run(TaskRegistry.Get("transcription"), dataset.Track(dataset.TrackIds()[0]), Parsed.Task(taskSettings),
            Nmfd(rank: 88, maxIterations: 15, lags: 2, init: "harmonic"), Blas.Create());

        Assert.True(outcome.Metrics["notes.estimated"] > 0);
        foreach (var key in new[] { "precision", "recall", "f1" })
            Assert.InRange(outcome.Metrics[key], 0.0, 1.0);
    }

    [Fact]
    public void A_whole_number_parameter_given_a_fraction_is_rejected_at_its_own_key()
    {
        var error = Assert.Throws<ConfigKeyException>(() => NmfSettings.From(new ConfigSection("algorithm", new Dictionary<string, object?>
        {
            ["name"] = "nmfd", ["lags"] = 2.5,
        }), seed: 0));

        Assert.Contains("algorithm.lags", error.Message);
        Assert.Contains("whole number", error.Message);
    }
}
