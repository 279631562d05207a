using MathNet.Numerics.LinearAlgebra;
using NmfGrid.Tasks.Pipeline;

namespace NmfGrid.Tasks.Separation;

/// <summary>
/// The source of every component of a supervised factorisation: a learned template belongs to its label's stem; a
/// free template (learned on the track, semi-supervised) goes to the stem `free_stem` names, or with `nearest` to
/// the stem owning the learned template of highest cosine similarity, cos = ⟨w_k, w_j⟩ / (‖w_k‖‖w_j‖).
/// </summary>
public static class FreeComponentStems
{
    /// <summary>Source index (in <see cref="SeparationTask.Targets"/> order) per column of W.</summary>
    public static int[] Labels(Matrix<double> w, TemplateDictionary templates, string freeStem)
    {
        var names = SeparationTask.Targets.Select(StemDictionarySettings.Name).ToList();
        if (w.ColumnCount != templates.Rank)
            throw new ArgumentException($"The factorisation has {w.ColumnCount} templates; the dictionary {templates.Count} learned and {templates.FreeComponents} free.");
        var labels = new int[w.ColumnCount];
        for (int k = 0; k < templates.Count; k++)
        {
            labels[k] = names.IndexOf(templates.Labels[k]);
            if (labels[k] < 0) throw new ArgumentException($"Template {k} is labelled '{templates.Labels[k]}', not a stem ({string.Join(", ", names)}).");
        }
        for (int k = templates.Count; k < w.ColumnCount; k++)
            labels[k] = freeStem == SeparationSettings.NearestStem ? labels[Nearest(w, k, templates.Count)] : names.IndexOf(freeStem);
        return labels;
    }

    /// <summary>The learned column (0..learned−1) most similar in direction to column k.</summary>
    private static int Nearest(Matrix<double> w, int k, int learned)
    {
        var free = w.Column(k);
        double freeNorm = free.L2Norm();
        int best = 0;
        double bestCosine = double.NegativeInfinity;
        for (int j = 0; j < learned; j++)
        {
            var template = w.Column(j);
            double norm = template.L2Norm() * freeNorm;
            double cosine = norm > 0 ? free.DotProduct(template) / norm : 0;
            if (cosine > bestCosine) { bestCosine = cosine; best = j; }
        }
        return best;
    }
}
