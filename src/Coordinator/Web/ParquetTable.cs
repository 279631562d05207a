using Parquet;
using Parquet.Schema;
using NmfGrid.Coordinator.Reports;

namespace NmfGrid.Coordinator.Web;

/// <summary>
/// A results view as one Parquet file (Parquet.Net, managed): the columns of its CSV, config keys as strings, metrics as
/// nullable doubles (null where a job has no value), in row groups of up to 50,000 rows.
/// </summary>
public static class ParquetTable
{
    private const int RowGroup = 50_000;

    public static async Task Write(Stream output, IReadOnlyList<string> settingKeys, IReadOnlyList<string> metrics, IEnumerable<ResultRow> rows,
                                   CancellationToken cancellation = default)
    {
        var text = new (string Name, Func<ResultRow, string> Value)[]
        {
            ("sweep", r => r.SweepId), ("job", r => r.JobId), ("configuration", r => r.Configuration), ("task", r => r.Task),
        };
        var after = new (string Name, Func<ResultRow, string> Value)[]
        {
            ("track", r => r.Track), ("status", r => r.Status), ("backend", r => r.Backend), ("error", r => r.Error), ("host", r => r.Host), ("worker", r => r.Worker),
        };
        var numbers = new (string Name, Func<ResultRow, double> Value)[]
        {
            ("final_loss", r => r.FinalLoss), ("features_s", r => r.FeaturesSeconds), ("nmf_s", r => r.NmfSeconds), ("task_s", r => r.TaskSeconds),
            ("total_s", r => r.TotalSeconds),
        };
        var integers = new (string Name, Func<ResultRow, int> Value)[]
        {
            ("point", r => r.Point), ("attempt", r => r.Attempt), ("iterations", r => r.Iterations), ("blas_threads", r => r.BlasThreads),
        };
        var textFields = text.Select(c => new DataField<string>(c.Name)).ToArray();
        var settingFields = settingKeys.Select(k => new DataField<string>(k)).ToArray();
        var afterFields = after.Select(c => new DataField<string>(c.Name)).ToArray();
        var integerFields = integers.Select(c => new DataField<int>(c.Name)).ToArray();
        var metricFields = metrics.Select(m => new DataField<double?>(m)).ToArray();
        var numberFields = numbers.Select(c => new DataField<double?>(c.Name)).ToArray();
        var schema = new ParquetSchema([.. textFields, .. integerFields, .. settingFields, .. afterFields, .. metricFields, .. numberFields]);
        // Parquet writes its footer last and seeks: build the file in memory, then copy it out (a view of 100,000 rows is a few MB).
        using var file = new MemoryStream();
        await using (var writer = await ParquetWriter.CreateAsync(schema, file, cancellationToken: cancellation))
        {
            foreach (var chunk in rows.Chunk(RowGroup))
            {
                using var group = writer.CreateRowGroup();
                for (var i = 0; i < text.Length; i++)
                {
                    await group.WriteAsync(textFields[i], chunk.Select(text[i].Value).ToArray());
                }
                for (var i = 0; i < integers.Length; i++)
                {
                    await group.WriteAsync<int>(integerFields[i], chunk.Select(integers[i].Value).ToArray(), cancellationToken: cancellation);
                }
                for (var i = 0; i < settingKeys.Count; i++)
                {
                    await group.WriteAsync(settingFields[i], chunk.Select(r => r.Settings.GetValueOrDefault(settingKeys[i], "")).ToArray());
                }
                for (var i = 0; i < after.Length; i++)
                {
                    await group.WriteAsync(afterFields[i], chunk.Select(after[i].Value).ToArray());
                }
                for (var i = 0; i < metrics.Count; i++)
                {
                    await group.WriteAsync<double>(metricFields[i], chunk.Select(r => Finite(r.Metrics.TryGetValue(metrics[i], out var v) ? v : double.NaN)).ToArray(),
                                                   cancellationToken: cancellation);
                }
                for (var i = 0; i < numbers.Length; i++)
                {
                    await group.WriteAsync<double>(numberFields[i], chunk.Select(r => Finite(numbers[i].Value(r))).ToArray(), cancellationToken: cancellation);
                }
            }
        }
        file.Position = 0;
        await file.CopyToAsync(output, cancellation);
    }

    private static double? Finite(double x) => double.IsFinite(x) ? x : null;
}
