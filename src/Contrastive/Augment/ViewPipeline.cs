using System.Collections.ObjectModel;
using System.Text;

namespace Contrastive.Augment;

/// <summary>
/// The augmentation steps that turn an image into one view, applied in order (data only: the
/// training pipeline implements them). Two pipelines are equal when their steps are equal in the
/// same order; the steps are copied, so changing the list passed in later does not change the pipeline.
/// </summary>
/// <param name="Steps">The steps, in order; none null. Empty: the view is the image itself.</param>
public sealed record ViewPipeline(IReadOnlyList<AugmentStep> Steps)
{
    /// <summary>The steps, in order (a read-only copy).</summary>
    public IReadOnlyList<AugmentStep> Steps { get; init => field = Copy(value); } = Copy(Steps);

    /// <summary>No augmentation: the view is the image itself.</summary>
    public static ViewPipeline Identity { get; } = new(Array.Empty<AugmentStep>());

    /// <summary>Checks every step's settings; throws naming the step, the setting and its valid range.</summary>
    public void Validate()
    {
        foreach (var step in Steps)
        {
            step.Validate();
        }
    }

    /// <summary>Equal when the steps are equal, in the same order.</summary>
    /// <param name="other">The pipeline to compare with.</param>
    public bool Equals(ViewPipeline? other)
        => other is not null && (ReferenceEquals(this, other) || Steps.SequenceEqual(other.Steps));

    /// <summary>A hash of the steps in order, consistent with <see cref="Equals(ViewPipeline)"/>.</summary>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var step in Steps)
        {
            hash.Add(step);
        }

        return hash.ToHashCode();
    }

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append("Steps = [").AppendJoin(", ", Steps).Append(']');
        return true;
    }

    private static ReadOnlyCollection<AugmentStep> Copy(IReadOnlyList<AugmentStep>? steps)
    {
        ArgumentNullException.ThrowIfNull(steps, nameof(Steps));
        var copy = steps.ToArray();
        var missing = Array.IndexOf(copy, null);
        if (missing >= 0)
        {
            throw new ArgumentException($"ViewPipeline.Steps[{missing}] is null; every step must be an AugmentStep (use an empty list for no augmentation).", nameof(Steps));
        }

        return Array.AsReadOnly(copy);
    }
}
