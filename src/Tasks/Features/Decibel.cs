using MathNet.Numerics.LinearAlgebra;

namespace NmfGrid.Tasks.Features;

/// <summary>Decibel conversions as librosa's power_to_db and amplitude_to_db.</summary>
public static class Decibel
{
    /// <summary>
    /// 10·log10(max(S, amin)) − 10·log10(max(ref, amin)), then floored at (max − topDb) when topDb is given.
    /// librosa's defaults: ref 1, amin 1e-10, top_db 80.
    /// </summary>
    public static Matrix<double> PowerToDb(Matrix<double> power, double reference = 1.0, double amin = 1e-10, double? topDb = 80.0)
    {
        if (amin <= 0)
            throw new ArgumentOutOfRangeException(nameof(amin), amin, "amin must be positive.");
        if (topDb is < 0)
            throw new ArgumentOutOfRangeException(nameof(topDb), topDb, "top_db must be ≥ 0.");
        double offset = 10.0 * Math.Log10(Math.Max(amin, Math.Abs(reference)));
        var db = power.Map(p => 10.0 * Math.Log10(Math.Max(amin, p)) - offset);
        if (topDb is { } top && db.RowCount * db.ColumnCount > 0)
        {
            double floor = db.Enumerate().Max() - top;
            db.MapInplace(v => Math.Max(v, floor));
        }
        return db;
    }

    /// <summary>power_to_db(|S|², ref², amin², topDb); librosa's defaults: ref 1, amin 1e-5, top_db 80.</summary>
    public static Matrix<double> AmplitudeToDb(Matrix<double> amplitude, double reference = 1.0, double amin = 1e-5, double? topDb = 80.0) =>
        PowerToDb(amplitude.Map(a => a * a), reference * reference, amin * amin, topDb);
}
