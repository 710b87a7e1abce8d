using Contrastive.Data;
using Contrastive.Vocabularies;
using TorchSharp;
using static TorchSharp.torch;

namespace Contrastive.Tests.Data;

/// <summary>
/// The dataset definitions are the runtime's one list: every name a spec can use loads (files found,
/// or data generated), and CIFAR-10 is looked up by name like the IDX datasets.
/// </summary>
[TestFixture]
public sealed class DatasetDefinitionsTests
{
    private TempFolder _root = null!;
    private DataLocations _locations = null!;

    [SetUp]
    public void MakeRoots()
    {
        _root = new TempFolder();
        _locations = new DataLocations(null, _root.File("cache"), _root.File("system"), _root.File("bundled"));
    }

    [TearDown]
    public void RemoveRoots() => _root.Dispose();

    public static IEnumerable<string> Names() => Definitions.Datasets.Select(d => d.Key);

    [TestCaseSource(nameof(Names))]
    public void Every_defined_name_loads_in_its_sample_shape(string name)
    {
        var definition = Datasets.Get(name);
        var shape = (definition.SampleShape ?? (definition.SampleRank == 2 ? new[] { 2, 24 } : new[] { 5 })).Select(d => (long)d).ToArray();
        switch (definition.Source)
        {
            case Definitions.DatasetSource.IdxFiles:
                TestData.WriteMnistLayout(Path.Combine(_locations.Cache, name), train: 3, test: 2, size: definition.SampleShape![1]);
                break;
            case Definitions.DatasetSource.Cifar10Batches:
                _root.Write($"system/{name}/data_batch_1.bin", Cifar10Tests.Records(1, 2));
                _root.Write($"system/{name}/test_batch.bin", Cifar10Tests.Records(3, 4));
                break;
            case Definitions.DatasetSource.Generated:
                break;
            case Definitions.DatasetSource.SampledByMiBench:
                // Drawn by the MI benchmark at each step, never loaded: Load says where it comes from,
                // and the sampler draws pairs of any [features].
                Assert.That(() => Datasets.Load(name, DataSplit.Test, shape, _locations),
                    Throws.ArgumentException.With.Message.Contains("contrastive mi-bench"));
                using (var scope = NewDisposeScope())
                {
                    var (x, y) = CorrelatedGaussians.Sample(4, (int)shape[0], 0.5, new Generator().manual_seed(1));
                    Assert.That(x.shape, Is.EqualTo(new long[] { 4, shape[0] }));
                    Assert.That(y.shape, Is.EqualTo(x.shape));
                }

                return;
            default:
                Assert.Fail($"{definition.Source}: no test says how a dataset of this source loads.");
                return;
        }

        using var data = Datasets.Load(name, DataSplit.Test, shape, _locations);
        Assert.That(data.InputShape, Is.EqualTo(shape));
        Assert.That(data.Count, Is.GreaterThan(0));
    }

    [Test]
    public void Every_IDX_dataset_has_its_files_described_once()
    {
        var idx = Definitions.Datasets.Where(d => d.Source == Definitions.DatasetSource.IdxFiles).ToList();
        Assert.That(Datasets.IdxFiles.Select(i => i.Definition), Is.EqualTo(idx));
        Assert.That(Datasets.IdxFiles.Select(i => (i.Height, i.Width)), Is.All.EqualTo((28, 28)));
        Assert.That(Datasets.Known, Is.SameAs(Definitions.Datasets));
        Assert.That(Datasets.Get(SyntheticSequences.DatasetName).Source, Is.EqualTo(Definitions.DatasetSource.Generated));
    }

    [Test]
    public void CIFAR_10_is_found_in_the_folder_its_archive_extracts_to()
    {
        _root.Write("cache/cifar10/cifar-10-batches-bin/data_batch_2.bin", Cifar10Tests.Records(5));
        _root.Write("cache/cifar10/cifar-10-batches-bin/data_batch_1.bin", Cifar10Tests.Records(1, 2));
        _root.Write("cache/cifar10/cifar-10-batches-bin/test_batch.bin", Cifar10Tests.Records(3));

        using var train = (ImageDataset)Datasets.Load("cifar10", DataSplit.Train, _locations);

        Assert.That(train.Labels.data<long>().ToArray(), Is.EqualTo(new long[] { 1, 2, 5 }));
        Assert.That(train.Source, Is.EqualTo("user cache: " + _root.File("cache/cifar10/cifar-10-batches-bin")));
    }

    [Test]
    public void CIFAR_10_found_nowhere_says_where_it_looked_and_that_it_is_not_downloaded()
    {
        _root.Write("system/cifar10/test_batch.bin", Cifar10Tests.Records(3));

        var error = Assert.Throws<FileNotFoundException>(() => Datasets.Load("cifar10", DataSplit.Test, [3, 32, 32], _locations))!;

        Assert.That(error.Message, Does.Contain("cifar10: no location has CIFAR-10's binary batches")
            .And.Contain($"user cache: {_root.File("cache/cifar10")}: no such folder")
            .And.Contain($"system: {_root.File("system/cifar10")}: missing data_batch_N.bin")
            .And.Contain("does not download CIFAR-10").And.Contain(Cifar10.DownloadPage));
    }

    [Test]
    public void A_damaged_CIFAR_10_folder_is_chosen_and_loading_says_why()
    {
        _root.Write("cache/cifar10/data_batch_1.bin", Cifar10Tests.Records(1)[..^7]);
        _root.Write("cache/cifar10/test_batch.bin", Cifar10Tests.Records(3));
        _root.Write("system/cifar10/data_batch_1.bin", Cifar10Tests.Records(1));
        _root.Write("system/cifar10/test_batch.bin", Cifar10Tests.Records(3));

        var looked = Cifar10.Look(_locations);

        Assert.That(looked.Select(l => l.State), Is.EqualTo(new[] { LocationState.NotSet, LocationState.Damaged, LocationState.Ready, LocationState.Missing }));
        Assert.That(looked[1].Summary, Does.Contain("data_batch_1.bin: 3,066 bytes is not a whole number of 3,073-byte records"));
        Assert.That(looked[2].Summary, Is.EqualTo("train 1 x 3 x 32 x 32, test 1 x 3 x 32 x 32"));
        Assert.That(() => Datasets.Load("cifar10", DataSplit.Train, _locations), Throws.TypeOf<DataFormatException>());
    }

    [Test]
    public void A_model_of_another_shape_cannot_read_CIFAR_10()
    {
        _root.Write("cache/cifar10/data_batch_1.bin", Cifar10Tests.Records(1));
        _root.Write("cache/cifar10/test_batch.bin", Cifar10Tests.Records(3));

        Assert.That(() => Datasets.Load("cifar10", DataSplit.Test, [1, 28, 28], _locations),
            Throws.ArgumentException.With.Message.Contains("cifar10 holds samples [3, 32, 32], but the model reads [1, 28, 28]"));
    }
}
