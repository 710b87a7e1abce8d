// Compiled by the runtime and by the generator (docs/ARCHITECTURE.md, "Vocabularies"): plain data,
// netstandard2.0, no TorchSharp. The generator tests see both assemblies, so each has its own namespace.
#if CONTRASTIVE_RUNTIME
namespace Contrastive.Vocabularies;
#else
namespace Contrastive.Generators.Vocabularies;
#endif

using System;
using System.Collections.Generic;
using System.Linq;

static partial class Definitions
{
    /// <summary>How the runtime gets a dataset's samples.</summary>
    public enum DatasetSource
    {
        /// <summary>Four IDX files (the MNIST layout), found in a data location or downloaded.</summary>
        IdxFiles,

        /// <summary>CIFAR-10's binary batches, found in a data location; never downloaded.</summary>
        Cifar10Batches,

        /// <summary>Generated from a seed in the shape the model reads.</summary>
        Generated,

        /// <summary>Drawn afresh at every step by the MI benchmark (<c>mi-bench</c>), which trains critic models; nothing to load.</summary>
        SampledByMiBench,
    }

    /// <summary>A dataset a spec, <c>train</c> and <c>data</c> can name.</summary>
    /// <param name="Key">The name specs and commands use, e.g. "fashion-mnist".</param>
    /// <param name="Title">A human-readable title with the publisher.</param>
    /// <param name="SampleRank">The rank of one sample as a model reads it: 3 for [C, H, W], 2 for [C, T], 1 for [features].</param>
    /// <param name="SampleShape">The shape of every sample, or null when the data is made in any shape of that rank.</param>
    /// <param name="Source">How the runtime gets it.</param>
    public sealed partial record Dataset(string Key, string Title, int SampleRank, IReadOnlyList<int>? SampleShape, DatasetSource Source)
    {
        /// <summary>Whether a model reading samples of <paramref name="shape"/> can use this dataset.</summary>
        public bool Fits(IReadOnlyList<long> shape)
            => shape.Count == SampleRank && (SampleShape is null || SampleShape.Select(d => (long)d).SequenceEqual(shape));

        /// <summary>The samples it gives, e.g. "[1, 28, 28]" or "any [channels, length]".</summary>
        public string Gives => SampleShape is null
            ? "any " + (SampleRank switch { 1 => "[features]", 2 => "[channels, length]", _ => "[channels, height, width]" })
            : "[" + string.Join(", ", SampleShape) + "]";
    }

    /// <summary>
    /// Every dataset known by name, in the order the docs list them. For a spec without 'data', the
    /// first that fits the input shape is the default.
    /// </summary>
    public static IReadOnlyList<Dataset> Datasets { get; } = new[]
    {
        new Dataset("fashion-mnist", "Fashion-MNIST (Zalando Research)", 3, new[] { 1, 28, 28 }, DatasetSource.IdxFiles),
        new Dataset("mnist", "MNIST handwritten digits (LeCun, Cortes and Burges)", 3, new[] { 1, 28, 28 }, DatasetSource.IdxFiles),
        new Dataset("kmnist", "Kuzushiji-MNIST (ROIS-DS Center for Open Data in the Humanities)", 3, new[] { 1, 28, 28 }, DatasetSource.IdxFiles),
        new Dataset("cifar10", "CIFAR-10 (Krizhevsky, Nair and Hinton)", 3, new[] { 3, 32, 32 }, DatasetSource.Cifar10Batches),
        new Dataset("correlated-gaussians", "Correlated Gaussians of known mutual information (Poole et al. 2019)", 1, null, DatasetSource.SampledByMiBench),
        new Dataset("synthetic-sequences", "Synthetic periodic sequences of four classes", 2, null, DatasetSource.Generated),
    };

    /// <summary>The dataset called <paramref name="key"/> (case-insensitive), or null.</summary>
    public static Dataset? FindDataset(string key)
        => Datasets.FirstOrDefault(d => string.Equals(d.Key, key, StringComparison.OrdinalIgnoreCase));
}
