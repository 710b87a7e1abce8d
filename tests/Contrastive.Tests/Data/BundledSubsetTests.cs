using Contrastive.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

/// <summary>The Fashion-MNIST subset shipped in data/fashion-mnist-subset and copied beside Contrastive.dll.</summary>
[TestFixture]
public sealed class BundledSubsetTests
{
    private const string DebianFolder = "/usr/share/datasets/fashion-mnist";

    private static DataLocations OnlyBundled()
    {
        var nowhere = Path.Combine(Path.GetTempPath(), "contrastive-nowhere-" + Guid.NewGuid().ToString("N"));
        return new DataLocations(nowhere, nowhere, nowhere, DataLocations.BundledRoot);
    }

    [TestCase(DataSplit.Train, 10_000)]
    [TestCase(DataSplit.Test, 2_000)]
    public void The_subset_is_found_beside_the_runtime_and_is_class_balanced(DataSplit split, int count)
    {
        using var scope = NewDisposeScope();
        var resolution = Datasets.Resolve("fashion-mnist", OnlyBundled());
        Assert.That(resolution.Chosen!.Kind, Is.EqualTo(DataSourceKind.Bundled), resolution.Chosen.Summary);
        Assert.That(resolution.Chosen.Summary, Is.EqualTo("train 10,000 x 28 x 28, test 2,000 x 28 x 28"));

        using var data = resolution.Load(split);

        Assert.Multiple(() =>
        {
            Assert.That(data.Count, Is.EqualTo(count));
            Assert.That(data.SampleShape, Is.EqualTo((1, 28, 28)));
            Assert.That(data.CountPerClass(), Is.EqualTo(Enumerable.Repeat((long)count / 10, 10)));
            Assert.That(data.Source, Does.StartWith("bundled subset: ").And.EndWith(Path.Combine("data", "fashion-mnist-subset")));
            Assert.That(data.Images.max().item<byte>(), Is.EqualTo(255), "real images use the full range");
        });
    }

    [Test]
    public void The_subset_is_the_first_images_of_each_class_of_the_Debian_files()
    {
        if (!File.Exists(Path.Combine(DebianFolder, "train-images-idx3-ubyte.gz")))
        {
            Assert.Ignore($"Debian's dataset-fashion-mnist is not installed ({DebianFolder}); apt-get install dataset-fashion-mnist to run this check.");
        }

        using var scope = NewDisposeScope();
        var locations = new DataLocations(null, Path.Combine(Path.GetTempPath(), "contrastive-nowhere"), DataLocations.SystemRoot, DataLocations.BundledRoot);
        var resolution = Datasets.Resolve("fashion-mnist", locations);
        Assert.That(resolution.Chosen!.Kind, Is.EqualTo(DataSourceKind.System));
        Assert.That(resolution.Chosen.Summary, Is.EqualTo("train 60,000 x 28 x 28, test 10,000 x 28 x 28"));

        foreach (var (split, perClass) in new[] { (DataSplit.Train, 1000), (DataSplit.Test, 200) })
        {
            using var full = resolution.Load(split);
            using var subset = Datasets.FashionMnist.Load(Path.Combine(DataLocations.BundledRoot, "fashion-mnist-subset"), split);

            // The first perClass indices of each class, in file order.
            var labels = full.Labels.data<long>().ToArray();
            var seen = new int[10];
            var chosen = Enumerable.Range(0, labels.Length).Where(i => seen[labels[i]]++ < perClass).Select(i => (long)i).ToArray();

            var index = tensor(chosen);
            Assert.That(full.Images.index_select(0, index).equal(subset.Images).all().item<bool>(), Is.True, $"{split} images");
            Assert.That(full.Labels.index_select(0, index).equal(subset.Labels).all().item<bool>(), Is.True, $"{split} labels");
        }
    }
}
